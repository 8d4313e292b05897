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

//!
//! `layout` finds where the parts lie; this module redacts them.

use std::collections::{BTreeMap, HashSet};

mod layout;

use layout::{Layout, parse};

use serde_json::Value;

use super::{
    Aliases, RedactOptions, Redactor, VERDICT_FIELDS, collect_hosts, collect_phones_at, extra,
    key_hosts, know_phone, text_hosts,
};
use crate::error::Result;
use crate::model::{DuplicateKey, SupportAnswer, decode_body, parse_body_keeping_duplicates};
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
        key_hosts(layout.nodes.keys().map(String::as_str), &mut a);
        extra(extra_hosts, &mut a);
    }
    let gather = |a: &mut Aliases, k: &str, v: &Value| {
        know_phone(k, v, a);
        collect_phones_at(k, v, a);
        if opts.hosts {
            text_hosts(k, a);
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

#[cfg(test)]
mod tests;
