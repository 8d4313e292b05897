//! The normalized JSON document (`show -o json`): the model, versioned.
//!
//! Within `"format": 1` fields are only ever added, never renamed or
//! removed, so scripts written against it keep working.

use serde::Serialize;

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
    let mut s = crate::render::json_safe(
        &serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string()),
    );
    s.push('\n');
    s
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
