//! Redacting a large answer one node at a time.
//!
//! [`super::redact`] rewrites one JSON tree of the whole answer, which
//! costs several times the answer in memory. [`read_answer`] gives the
//! same redacted text without that tree: a first pass finds where each
//! top-level value and each node lies in the text (keys and byte ranges
//! only), and every later pass parses one node, uses it and drops it.
//! The passes visit the document in the order the tree walk does (keys
//! sorted, as a `serde_json::Map` keeps them), so pseudonyms and counts
//! are numbered exactly as before; each redacted node is kept as its
//! pretty text until all are done, since the output is sorted by the
//! redacted names. Anything out of the ordinary (not a multi-connect
//! answer, a top-level key sent twice, a number beyond floats, deep
//! nesting, invalid JSON) takes the tree path, which also gives the
//! precise parse errors.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::de::IgnoredAny;
use serde_json::{Map, Value};

use super::{
    Aliases, RedactOptions, Redactor, VERDICT_FIELDS, collect_hosts, collect_phones, node_like,
    split_node,
};
use crate::error::Result;
use crate::model::{
    DuplicateKey, MAX_NODES, NODE_FIELDS, SupportAnswer, decode_body, is_multi_connect,
    parse_body_keeping_duplicates,
};
use crate::render::json::write_safe_pretty;

/// An answer read for a report: the model, and the answer's JSON text as
/// a report shows it.
#[derive(Debug)]
pub struct ReadAnswer {
    /// The model, read from `text`.
    pub answer: SupportAnswer,
    /// The answer (redacted, when asked) as pretty JSON made safe for a
    /// terminal (no final newline). A node sent twice is kept, the
    /// second as `name (2)`.
    pub text: String,
    /// With redaction, the aliases and pseudonyms given out (to redact
    /// the target the same way) and what was masked.
    pub aliases: Option<Aliases>,
}

/// Reads a body for a report: decoded, redacted when asked (phone
/// numbers, secrets, hosts with `hosts`; `extra_hosts` as for
/// [`super::redact`]), as pretty JSON text and as the model read back
/// from that text. `single_name` names a single-node answer's node
/// (aliased with host redaction). The text is exactly what
/// `json_safe(to_string_pretty(tree))` gives for the tree
/// [`super::redact`] leaves; for a large multi-connect answer it is made
/// node by node, and the body is freed before the model is read.
pub fn read_answer(
    raw: Vec<u8>,
    redaction: Option<RedactOptions>,
    extra_hosts: &[&str],
    single_name: &str,
) -> Result<ReadAnswer> {
    let (text, decoding, mut duplicates, aliases) = match redaction {
        Some(opts) => match streamed(&raw, opts, extra_hosts) {
            Some(s) => {
                drop(raw);
                let Streamed {
                    top,
                    nodes,
                    aliases,
                    duplicates,
                    decoding,
                } = s;
                (assemble(top, nodes), decoding, duplicates, Some(aliases))
            }
            None => tree(raw, redaction, extra_hosts)?,
        },
        None => tree(raw, None, extra_hosts)?,
    };
    let mut single_name = single_name.to_string();
    if let Some(a) = &aliases {
        if a.opts.hosts {
            single_name = a.apply(&single_name);
        }
        let apply = |t: &mut Option<crate::safe::ServerText>| {
            if let Some(x) = t {
                *x = a.apply(x.raw()).into();
            }
        };
        for d in &mut duplicates {
            apply(&mut d.node);
            apply(&mut d.field);
            apply(&mut d.renamed);
        }
    }
    let mut answer = SupportAnswer::from_text(text.as_bytes(), &single_name)?;
    answer.decoding = decoding;
    answer.duplicate_keys.extend(duplicates);
    Ok(ReadAnswer {
        answer,
        text,
        aliases,
    })
}

type Parts = (
    String,
    crate::model::Decoding,
    Vec<DuplicateKey>,
    Option<Aliases>,
);

/// The whole answer as one tree, redacted in place (small or unusual
/// answers, and every answer that is not valid JSON).
fn tree(raw: Vec<u8>, redaction: Option<RedactOptions>, extra_hosts: &[&str]) -> Result<Parts> {
    let (mut json, decoding, duplicates) = parse_body_keeping_duplicates(&raw)?;
    drop(raw);
    let aliases = redaction.map(|opts| super::redact(&mut json, opts, extra_hosts));
    let mut text = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_safe_pretty(&mut text, &json, 0);
    drop(json);
    let text = String::from_utf8(text).unwrap_or_default();
    Ok((text, decoding, duplicates, aliases))
}

/// The redacted answer in pieces, ready to be put together.
struct Streamed {
    /// Top-level keys, sorted, with their values' pretty text (empty for
    /// `support`, which is `nodes`).
    top: Vec<(String, String)>,
    /// Redacted node names, sorted, with their nodes' pretty text.
    nodes: BTreeMap<String, String>,
    aliases: Aliases,
    duplicates: Vec<DuplicateKey>,
    decoding: crate::model::Decoding,
}

/// The pretty text of the whole answer from its pieces (see
/// [`Streamed`]); each piece is freed as it is copied.
fn assemble(top: Vec<(String, String)>, nodes: BTreeMap<String, String>) -> String {
    let key = |k: &str| {
        let mut v = Vec::new();
        let _ = write_safe_pretty(&mut v, k, 0);
        String::from_utf8(v).unwrap_or_default()
    };
    let size: usize = top
        .iter()
        .map(|(k, v)| k.len() + v.len() + 8)
        .sum::<usize>()
        + nodes
            .iter()
            .map(|(k, v)| k.len() + v.len() + 12)
            .sum::<usize>();
    let mut out = String::with_capacity(size + 16);
    let mut nodes = Some(nodes);
    out.push('{');
    for (i, (k, piece)) in top.into_iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        out.push_str(&key(&k));
        out.push_str(": ");
        if k != "support" {
            out.push_str(&piece);
            continue;
        }
        match nodes.take() {
            Some(nodes) if !nodes.is_empty() => {
                out.push('{');
                for (j, (name, node)) in nodes.into_iter().enumerate() {
                    out.push_str(if j == 0 { "\n    " } else { ",\n    " });
                    out.push_str(&key(&name));
                    out.push_str(": ");
                    out.push_str(&node);
                }
                out.push_str("\n  }");
            }
            _ => out.push_str("{}"),
        }
    }
    out.push_str("\n}");
    out
}

/// Where an answer's parts lie in its text.
struct Layout {
    /// Top-level keys (sorted) and their values' byte ranges.
    top: BTreeMap<String, Range<usize>>,
    /// `support`'s entries (sorted by name, a node sent twice renamed as
    /// [`parse_body_keeping_duplicates`] does) and their byte ranges.
    nodes: BTreeMap<String, Range<usize>>,
    duplicates: Vec<DuplicateKey>,
}

/// Deepest nesting read node by node: well below serde_json's limit, so
/// a value that the tree path would refuse for its depth takes that path.
const MAX_STREAM_DEPTH: usize = 100;

impl Layout {
    /// The layout of valid JSON text whose top is an object without a key
    /// sent twice and whose `support` is an object of at most
    /// [`MAX_NODES`] entries; `None` otherwise.
    fn read(text: &[u8]) -> Option<Layout> {
        serde_json::from_slice::<IgnoredAny>(text).ok()?;
        let mut sc = Scanner {
            b: text,
            max_depth: 0,
        };
        let start = sc.ws(0);
        let mut top = BTreeMap::new();
        for (k, v) in sc.entries(start)? {
            if top.insert(key(text, k)?, v).is_some() {
                return None;
            }
        }
        let support = top.get("support")?.clone();
        let entries = sc.entries(support.start)?;
        if entries.len() > MAX_NODES || sc.max_depth > MAX_STREAM_DEPTH {
            return None;
        }
        let mut nodes: BTreeMap<String, Range<usize>> = BTreeMap::new();
        let mut duplicates = Vec::new();
        for (k, v) in entries {
            let k = key(text, k)?;
            let is_object = text[v.start] == b'{';
            if is_object {
                let mut seen = HashSet::new();
                for (inner, _) in sc.entries(v.start)? {
                    let inner = key(text, inner)?;
                    if seen.contains(&inner) {
                        duplicates.push(DuplicateKey {
                            node: Some(k.as_str().into()),
                            field: Some(inner.as_str().into()),
                            renamed: None,
                        });
                    } else {
                        seen.insert(inner);
                    }
                }
            }
            let is_node = !NODE_FIELDS.contains(&k.as_str()) && (node_like(&k) || is_object);
            let k = if nodes.contains_key(&k) {
                let renamed = is_node.then(|| {
                    (2..)
                        .map(|n| format!("{k} ({n})"))
                        .find(|c| !nodes.contains_key(c))
                        .unwrap_or_else(|| k.clone())
                });
                duplicates.push(DuplicateKey {
                    node: Some(k.as_str().into()),
                    field: None,
                    renamed: renamed.as_deref().map(Into::into),
                });
                renamed.unwrap_or(k)
            } else {
                k
            };
            nodes.insert(k, v);
        }
        Some(Layout {
            top,
            nodes,
            duplicates,
        })
    }

    /// True when the tree path would treat `support` as nodes.
    fn multi_connect(&self, text: &[u8]) -> bool {
        let shape: Map<String, Value> = self
            .nodes
            .iter()
            .map(|(k, r)| {
                let v = if text[r.start] == b'{' {
                    Value::Object(Map::new())
                } else {
                    Value::Null
                };
                (k.clone(), v)
            })
            .collect();
        is_multi_connect(&shape)
    }
}

/// A key's text (its JSON string, quotes included) decoded.
fn key(text: &[u8], r: Range<usize>) -> Option<String> {
    serde_json::from_slice(&text[r]).ok()
}

/// One value, parsed on its own; `None` when it cannot be (a number
/// beyond floats): the tree path then handles the answer.
fn parse(text: &[u8], r: &Range<usize>) -> Option<Value> {
    serde_json::from_slice(&text[r.clone()]).ok()
}

/// The redaction of a multi-connect answer, node by node; `None` when it
/// must take the tree path.
fn streamed(raw: &[u8], opts: RedactOptions, extra_hosts: &[&str]) -> Option<Streamed> {
    let decoded = decode_body(raw);
    let text: &[u8] = &decoded.text;
    let layout = Layout::read(text)?;
    if !layout.multi_connect(text) {
        return None;
    }
    let mut a = Aliases {
        opts,
        ..Aliases::default()
    };
    // What redaction needs to know of the whole answer first, gathered in
    // the tree walk's order (see `super::redact`). Phones and hosts are
    // kept apart, so one walk per value serves both.
    if opts.hosts {
        for k in layout.nodes.keys() {
            let host = split_node(k).0;
            if !host.is_empty() {
                a.alias(host, true);
            }
        }
        for h in extra_hosts {
            let host = h.rsplit_once(':').map(|(h, _)| h).unwrap_or(h);
            if !host.is_empty() {
                a.alias(host, true);
            }
        }
    }
    let gather = |a: &mut Aliases, k: &str, v: &Value| {
        if k == "debug_info" {
            if let Some(s) = v.as_str() {
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 6 {
                    a.know(digits);
                }
            }
        }
        collect_phones(v, a);
        if opts.hosts {
            collect_hosts(v, Some(k), a);
        }
    };
    for (k, r) in &layout.top {
        if k == "support" {
            for (name, r) in &layout.nodes {
                gather(&mut a, name, &parse(text, r)?);
            }
        } else {
            gather(&mut a, k, &parse(text, r)?);
        }
    }

    // The redaction itself, as `Redactor::top` and `Redactor::support` do.
    let pretty = |v: &Value, indent: usize| {
        let mut out = Vec::new();
        let _ = write_safe_pretty(&mut out, v, indent);
        String::from_utf8(out).unwrap_or_default()
    };
    let mut r = Redactor { a, health: false };
    let mut top = Vec::with_capacity(layout.top.len());
    let mut nodes = BTreeMap::new();
    let mut taken = HashSet::with_capacity(layout.nodes.len());
    for (k, range) in &layout.top {
        if k == "support" {
            for (name, range) in &layout.nodes {
                let k2 = r.node_key(name, &taken);
                let mut node = parse(text, range)?;
                match &mut node {
                    Value::Object(m) => r.object(m, &VERDICT_FIELDS),
                    other => r.value(other, None),
                }
                taken.insert(k2.clone());
                nodes.insert(k2, pretty(&node, 2));
            }
            top.push((k.clone(), String::new()));
            continue;
        }
        let mut v = parse(text, range)?;
        match (k.as_str(), &mut v) {
            ("meta", Value::Object(m)) => r.object(m, &["api_status", "version"]),
            ("meta", other) => r.value(other, Some("meta")),
            ("errors", v) => r.errors(v),
            (_, v) => r.value(v, Some(k)),
        }
        top.push((k.clone(), pretty(&v, 1)));
    }
    Some(Streamed {
        top,
        nodes,
        aliases: r.a,
        duplicates: layout.duplicates,
        decoding: decoded.decoding,
    })
}

/// Finds the byte ranges of keys and values in text already known to be
/// valid JSON.
struct Scanner<'a> {
    b: &'a [u8],
    /// The deepest nesting met.
    max_depth: usize,
}

impl Scanner<'_> {
    fn ws(&self, mut i: usize) -> usize {
        while i < self.b.len() && matches!(self.b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }

    /// The end of the string starting at `i` (after its closing quote).
    fn string_end(&self, mut i: usize) -> Option<usize> {
        i += 1;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    /// The end of the value starting at `i`.
    fn value_end(&mut self, i: usize) -> Option<usize> {
        match *self.b.get(i)? {
            b'"' => self.string_end(i),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut j = i;
                while j < self.b.len() {
                    match self.b[j] {
                        b'"' => {
                            j = self.string_end(j)?;
                            continue;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            self.max_depth = self.max_depth.max(depth);
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(j + 1);
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                None
            }
            _ => {
                let mut j = i;
                while j < self.b.len()
                    && !matches!(self.b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    j += 1;
                }
                Some(j)
            }
        }
    }

    /// The keys and values of the object starting at `i`; `None` when
    /// there is no object there.
    #[allow(clippy::type_complexity)]
    fn entries(&mut self, i: usize) -> Option<Vec<(Range<usize>, Range<usize>)>> {
        if self.b.get(i) != Some(&b'{') {
            return None;
        }
        let mut out = Vec::new();
        let mut i = self.ws(i + 1);
        if self.b.get(i) == Some(&b'}') {
            return Some(out);
        }
        loop {
            if self.b.get(i) != Some(&b'"') {
                return None;
            }
            let k_end = self.string_end(i)?;
            let k = i..k_end;
            i = self.ws(k_end);
            if self.b.get(i) != Some(&b':') {
                return None;
            }
            i = self.ws(i + 1);
            let v_end = self.value_end(i)?;
            out.push((k, i..v_end));
            i = self.ws(v_end);
            match self.b.get(i) {
                Some(b',') => i = self.ws(i + 1),
                Some(b'}') => return Some(out),
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree path's text, aliases summary and duplicates.
    fn by_tree(body: &[u8], opts: RedactOptions, extra: &[&str]) -> (String, String, String) {
        let (text, _, dups, a) = tree(body.to_vec(), Some(opts), extra).unwrap();
        let a = a.unwrap();
        (text, a.summary(), format!("{:?}", dups.len()))
    }

    /// The node-by-node text, or `None` when the answer takes the tree path.
    fn by_stream(
        body: &[u8],
        opts: RedactOptions,
        extra: &[&str],
    ) -> Option<(String, String, String)> {
        let s = streamed(body, opts, extra)?;
        let summary = s.aliases.summary();
        let dups = format!("{:?}", s.duplicates.len());
        Some((assemble(s.top, s.nodes), summary, dups))
    }

    fn same(name: &str, body: &[u8]) -> bool {
        let mut streamed_any = false;
        for hosts in [false, true] {
            let opts = RedactOptions { hosts };
            for extra in [&[][..], &["wa.example.com:443"][..]] {
                let want = by_tree(body, opts, extra);
                if let Some(got) = by_stream(body, opts, extra) {
                    streamed_any = true;
                    assert_eq!(got.0, want.0, "{name}: text (hosts: {hosts})");
                    assert_eq!(got.1, want.1, "{name}: summary (hosts: {hosts})");
                    assert_eq!(got.2, want.2, "{name}: duplicates");
                }
            }
        }
        streamed_any
    }

    #[test]
    fn node_by_node_gives_the_tree_redaction_on_every_fixture() {
        let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
        let mut streamed = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                streamed +=
                    usize::from(same(&p.display().to_string(), &std::fs::read(&p).unwrap()));
            }
        }
        // The multi-connect fixtures took the node-by-node path.
        assert!(streamed >= 3, "{streamed}");
    }

    /// A cluster built to make order matter: pseudonyms given out in the
    /// tree walk's order (keys sorted, not as sent), names that redact to
    /// the same text (`~2`), phones first met in free text, verdict
    /// values with secrets (`REDACTED-n`), hosts everywhere, a node sent
    /// twice and a field sent twice, unicode and bidi characters.
    fn hostile(n: usize) -> String {
        let mut nodes = Vec::new();
        for i in (0..n).rev() {
            let host = if i % 3 == 0 {
                format!("10.0.{}.{}", i / 250, i % 250)
            } else {
                format!("wa{}.corp.example", i % 7)
            };
            nodes.push(format!(
                r#""{host}:c-+4915112345{i:03}-{j}":{{"role":"{role}","socket_conn":"{sock}","debug_info":"+49 151 123{i:05}","version":"v2.{v}","env":["WA_DB_PASSWORD=s3cr{i}","WA_DB_HOSTNAME=db{k}.corp.example","X=call 0049 151 99{i:05} now"],"db_info":["mysql://u:p@db{k}.corp.example:3306 \u202e{i}"],"shards":[[{i},{i}]],"x":{{"api_key":{i},"note":"Bearer abc{i}def and ::1 and [fe80::{k}]"}},"x":1,"schema":{{"t{k}":"{i}"}}}}"#,
                role = if i == 0 { "primary_master" } else { "coreapp" },
                sock = if i % 5 == 0 { "DN +4915112345678" } else { "UP" },
                v = if i % 4 == 0 { "51.3 token=zz".to_string() } else { format!("5{}", i % 2) },
                j = i % 2,
                k = i % 5,
            ));
        }
        // A node sent twice, and another spelled like one renamed.
        nodes.push(r#""10.0.0.0:c-+4915112345000-0":{"socket_conn":"SC"}"#.into());
        nodes.push(r#""10.0.0.0:c-+4915112345000-0 (2)":"boom""#.into());
        format!(
            r#"{{"support":{{{}}},"meta":{{"version":"v2.51.3","api_status":"stable","host":"wa.example.com"}},"errors":[{{"code":1005,"title":"see https://user:pw@wa.example.com/x"}}],"z_extra":{{"debug_info":"+33 6 12 34 56 78"}}}}"#,
            nodes.join(",")
        )
    }

    #[test]
    fn node_by_node_gives_the_tree_redaction_on_a_hostile_answer() {
        let body = hostile(60);
        assert!(same("hostile", body.as_bytes()), "took the tree path");
        let (text, ..) = by_stream(body.as_bytes(), RedactOptions { hosts: true }, &[]).unwrap();
        assert!(!text.contains("s3cr1"), "{text}");
        assert!(!text.contains('\u{202e}'));
        assert!(text.contains("~2"), "no name redacted alike: {text}");
    }

    #[test]
    fn unusual_answers_take_the_tree_path_with_its_errors() {
        let opts = RedactOptions { hosts: true };
        for body in [
            &br#"{"support":{"socket_conn":"UP","debug_info":"+4915112345678"}}"#[..],
            br#"{"support":{"a:b":{}},"support":{"c:d":{}}}"#,
            br#"{"support":{"a:b":{"x":1e400}}}"#,
            br#"[1,2]"#,
            br#"{"support":{"a:b":{}}"#,
        ] {
            assert!(
                by_stream(body, opts, &[]).is_none(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let e = read_answer(
            br#"{"support":{"a:b":{}}"#.to_vec(),
            Some(opts),
            &[],
            "local",
        )
        .unwrap_err();
        assert!(e.to_string().contains("cut short"), "{e}");
        // Nesting deeper than the node-by-node path reads takes the tree
        // path (and its depth error).
        let deep = format!(
            r#"{{"support":{{"a:b":{{"x":{}1{}}}}}}}"#,
            "[".repeat(130),
            "]".repeat(130)
        );
        assert!(by_stream(deep.as_bytes(), opts, &[]).is_none());
        assert!(read_answer(deep.into_bytes(), Some(opts), &[], "local").is_err());
    }

    #[test]
    fn read_answer_gives_the_model_of_its_text() {
        let body = hostile(12);
        let r = read_answer(
            body.clone().into_bytes(),
            Some(RedactOptions::default()),
            &[],
            "local",
        )
        .unwrap();
        let again = SupportAnswer::from_text(r.text.as_bytes(), "local").unwrap();
        assert_eq!(r.answer.nodes, again.nodes);
        // The twelve nodes; the copy of one sent twice was renamed `… (2)`,
        // and the stray entry of that very name took its place.
        assert_eq!(r.answer.nodes.len(), 12);
        // The node sent twice is listed, its names redacted.
        assert!(r.answer.duplicate_keys.iter().any(|d| d.renamed.is_some()));
        for d in &r.answer.duplicate_keys {
            let n = d.node.as_ref().unwrap().raw();
            assert!(!n.contains("4915112345000"), "{n}");
        }
        assert!(r.aliases.unwrap().summary().starts_with("Redacted: "));
        // Without redaction: the answer as sent, pretty.
        let r = read_answer(body.into_bytes(), None, &[], "local").unwrap();
        assert!(r.aliases.is_none());
        assert!(r.text.contains("s3cr1"));
    }
}
