//! The normalized JSON document (`show -o json`): the model, versioned.
//!
//! Within `"format": 1` fields are only ever added, never renamed or
//! removed, so scripts written against it keep working.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::diagnose::{Finding, counts};
use crate::model::{ApiError, Meta, Node, Shape, SupportAnswer, Unreadable};

/// The version of the document's layout.
pub const FORMAT: u32 = 1;

/// Where the answer came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// `url` or `file`.
    pub kind: &'static str,
    /// The URL's host (and port), or the file's path (`-` for stdin).
    pub name: String,
    /// When it was fetched or read (RFC 3339, UTC).
    pub at: String,
}

/// Counts for scripts.
#[derive(Debug, Serialize)]
struct Summary {
    status: &'static str,
    nodes: usize,
    nodes_up: usize,
    nodes_in_error: usize,
    critical: usize,
    warnings: usize,
    notes: usize,
    builds: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Document<'a> {
    format: u32,
    generator: String,
    source: &'a SourceInfo,
    shape: Shape,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<&'a Meta>,
    summary: Summary,
    nodes: &'a [Node],
    findings: &'a [Finding],
    /// Errors the server sent beside `support`.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ApiError],
    /// Top-level values that could not be read (`meta` of the wrong type...).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    unreadable: &'a [Unreadable],
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// `OK`, `WARNING` or `CRITICAL` for a list of findings.
pub fn status_word(findings: &[Finding]) -> &'static str {
    crate::diagnose::Status::of(findings).as_str()
}

/// The normalized document, pretty-printed, with a final newline.
pub fn render_normalized(
    answer: &SupportAnswer,
    findings: &[Finding],
    source: &SourceInfo,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec fails only on a serializer error: then `{}`, as before.
    if write_normalized(&mut out, answer, findings, source).is_err() {
        out = b"{}\n".to_vec();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the normalized document (what [`render_normalized`] returns)
/// straight to `out`, as it is serialized: the document is never held
/// whole, so its cost in memory is the model's alone.
pub fn write_normalized(
    out: &mut dyn Write,
    answer: &SupportAnswer,
    findings: &[Finding],
    source: &SourceInfo,
) -> io::Result<()> {
    let (critical, warnings, notes) = counts(findings);
    let doc = Document {
        format: FORMAT,
        generator: format!("wa-support {}", env!("CARGO_PKG_VERSION")),
        source,
        shape: answer.shape,
        meta: answer.meta.as_ref(),
        summary: Summary {
            status: status_word(findings),
            nodes: answer.nodes.len(),
            nodes_up: crate::diagnose::nodes_up(answer),
            nodes_in_error: answer.nodes.iter().filter(|n| n.is_error()).count(),
            critical,
            warnings,
            notes,
            builds: answer.builds(),
        },
        nodes: &answer.nodes,
        findings,
        errors: &answer.errors,
        unreadable: &answer.unreadable,
        extra: &answer.extra,
    };
    write_safe_pretty(&mut *out, &doc, 0)?;
    out.write_all(b"\n")
}

/// Serializes `value` as pretty JSON (serde_json's layout, two spaces a
/// level) made safe for a terminal as it is written (see
/// [`SafePretty`]); `indent` is the level it starts at, for a value
/// written inside a larger document. Byte for byte what
/// `json_safe(&to_string_pretty(value))` gives, re-indented.
pub fn write_safe_pretty<W: Write + ?Sized, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
    indent: usize,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, SafePretty::at(indent));
    // An I/O error (a closed pipe) comes back as itself.
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// serde_json's pretty layout that also escapes, inside strings and keys,
/// the characters serde_json writes raw but that must not reach a
/// terminal (bidi overrides, invisible characters, line separators, DEL
/// and C1 controls: [`crate::safe::is_unsafe`]) as `\uXXXX`, the way
/// [`crate::safe::json_safe`] does after the fact. The JSON value is the
/// same; nothing is buffered.
#[derive(Debug, Clone, Default)]
pub struct SafePretty {
    indent: usize,
    has_value: bool,
}

impl SafePretty {
    /// Starts at indentation level `indent`.
    pub fn at(indent: usize) -> Self {
        SafePretty {
            indent,
            has_value: false,
        }
    }

    fn newline<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.indent {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for SafePretty {
    fn begin_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn end_array_value<W: Write + ?Sized>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn begin_object_value<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: Write + ?Sized>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_string_fragment<W: Write + ?Sized>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // The common case, checked a byte at a time: printable ASCII.
        if fragment.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return w.write_all(fragment.as_bytes());
        }
        let mut last = 0;
        for (at, c) in fragment.char_indices() {
            if crate::safe::is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[last..at])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
                last = at + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[last..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{Thresholds, diagnose};

    fn doc(name: &str) -> String {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let a = SupportAnswer::from_slice(&std::fs::read(path).unwrap(), "local").unwrap();
        let f = diagnose(
            &a,
            &Thresholds::default(),
            "2026-11-25T12:00:00Z".parse().unwrap(),
        );
        let src = SourceInfo {
            kind: "file",
            name: name.to_string(),
            at: "2026-11-25T12:00:00Z".into(),
        };
        render_normalized(&a, &f, &src)
    }

    fn safe_pretty(v: &serde_json::Value, indent: usize) -> String {
        let mut out = Vec::new();
        write_safe_pretty(&mut out, v, indent).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_formatter_escapes_bidi_and_invisible_characters_only() {
        let v = serde_json::json!({
            "ev\u{202e}il": ["a\u{200b}b", "plain text", "\u{1b}[31m\n", "é ü 中"],
            "n": 1.5, "m": -3, "e": {}, "l": [], "t": true, "z": null,
            "x": "\u{7f}\u{85}\u{2028}\u{1f600}",
        });
        let got = safe_pretty(&v, 0);
        assert!(got.contains(r#""ev\u202eil""#), "{got}");
        assert!(got.contains(r#""a\u200bb""#), "{got}");
        assert!(got.contains(r#""plain text""#), "{got}");
        assert!(got.contains(r#""é ü 中""#), "{got}");
        assert!(got.contains("\"\\u007f\\u0085\\u2028\u{1f600}\""), "{got}");
        for c in [
            '\u{202e}', '\u{200b}', '\u{1b}', '\u{7f}', '\u{85}', '\u{2028}',
        ] {
            assert!(!got.contains(c), "{c:?} in {got}");
        }
        // The same bytes as the pretty text made safe after the fact.
        let want = crate::safe::json_safe(&serde_json::to_string_pretty(&v).unwrap());
        assert_eq!(got, want);
        // The same value.
        assert_eq!(serde_json::from_str::<serde_json::Value>(&got).unwrap(), v);
    }

    #[test]
    fn the_formatter_starts_at_the_indentation_asked() {
        let v = serde_json::json!({"a": [1, {"b": "c"}], "d": {}});
        let inner = safe_pretty(&v, 2);
        let outer = serde_json::to_string_pretty(&serde_json::json!({"x": {"y": v}})).unwrap();
        assert!(
            outer.contains(&format!("\"y\": {inner}\n")),
            "{outer}\n{inner}"
        );
        assert_eq!(safe_pretty(&serde_json::json!("plain"), 3), "\"plain\"");
    }

    #[test]
    fn a_closed_pipe_is_reported_as_itself() {
        struct Closed;
        impl std::io::Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let e = write_safe_pretty(&mut Closed, &serde_json::json!({"a": 1}), 0).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn matches_the_committed_example() {
        let got = doc("multiconnect.json");
        let path = format!(
            "{}/examples/normalized-multiconnect.json",
            env!("CARGO_MANIFEST_DIR")
        );
        if std::env::var_os("WA_SUPPORT_BLESS").is_some() {
            std::fs::write(&path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            got, want,
            "run with WA_SUPPORT_BLESS=1 to update after a deliberate change"
        );
    }

    #[test]
    fn bytes_near_2_63_are_exact_and_unknowns_kept() {
        let got = doc("unknown-fields.json");
        assert!(got.contains("\"free_space_media_incoming\": 9223372036853727000"));
        assert!(got.contains("\"gateway_region\": \"eu-central\""));
        assert!(got.contains("\"billing\": 1"));
        let v: serde_json::Value = serde_json::from_str(&got).unwrap();
        assert_eq!(v["format"], 1);
        assert_eq!(v["extra"]["trace_id"], "AbC123");
        assert_eq!(v["nodes"][0]["shards"], serde_json::json!([[0, 3]]));
    }

    #[test]
    fn finding_node_is_exactly_the_node_name() {
        let body = "{\"support\":{\"ev\\u001b]0;x\\u0007\\u202eil:1\":{\"role\":\"coreapp\",\"shards\":[[0,0]],\"socket_conn\":\"DN\"},\"ok:1\":{\"role\":\"primary_master\",\"shards\":[[-1,-1]],\"socket_conn\":\"UP\"}}}";
        let a = SupportAnswer::from_slice(body.as_bytes(), "local").unwrap();
        let f = diagnose(
            &a,
            &Thresholds::default(),
            "2026-11-25T12:00:00Z".parse().unwrap(),
        );
        let src = SourceInfo {
            kind: "file",
            name: "-".into(),
            at: "2026-11-25T12:00:00Z".into(),
        };
        let text = render_normalized(&a, &f, &src);
        // The generated JSON never carries the raw characters...
        for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!text.contains(c), "{c:?} in {text}");
        }
        // ...but its values are the server's text, unchanged.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let names: Vec<&str> = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"ev\u{1b}]0;x\u{7}\u{202e}il:1"),
            "{names:?}"
        );
        let findings = v["findings"].as_array().unwrap();
        assert!(!findings.is_empty());
        for x in findings {
            if let Some(node) = x["node"].as_str() {
                assert!(names.contains(&node), "{node:?} not in {names:?}");
            }
        }
        let evil = "ev\u{1b}]0;x\u{7}\u{202e}il:1";
        assert!(
            findings
                .iter()
                .any(|x| x["code"] == "socket-down" && x["node"] == evil),
            "{findings:?}"
        );
    }

    #[test]
    fn nodes_up_counts_only_nodes_that_gave_their_status() {
        let body = br#"{"support":{
            "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
            "c:1":{"socket_conn":"UP","errors":[{"code":1014,"title":"Internal error"}]},
            "d:1":{"errors":[]},
            "e:1":{"socket_conn":"UP receiving offline"},
            "f:1":{"socket_conn":"DN"}
        }}"#;
        let a = SupportAnswer::from_slice(body, "local").unwrap();
        let f = diagnose(
            &a,
            &Thresholds::default(),
            "2026-11-25T12:00:00Z".parse().unwrap(),
        );
        let src = SourceInfo {
            kind: "file",
            name: "-".into(),
            at: "2026-11-25T12:00:00Z".into(),
        };
        let v: serde_json::Value = serde_json::from_str(&render_normalized(&a, &f, &src)).unwrap();
        assert_eq!(v["summary"]["nodes"], 5);
        assert_eq!(v["summary"]["nodes_up"], 2);
        assert_eq!(v["summary"]["nodes_in_error"], 2);
    }
}
