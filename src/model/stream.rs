//! Reading an answer node by node.
//!
//! The body is never held as one JSON tree: `support` is read entry by
//! entry, and each node's value becomes a [`Node`] at once and is dropped,
//! so memory is the model plus one node (plus the first few entries, held
//! until the shape of `support` is known). Keys sent twice are noticed
//! here (a JSON tree keeps only the last): two nodes of the same name are
//! both kept, the second renamed. The number of entries under `support` is
//! bounded by [`MAX_NODES`].

//!
//! The parts: `builder` (the nodes of `support` as they come), `top` (the
//! one pass over the whole answer) and `tree` (the JSON tree redaction
//! walks, with the same bounds and the same renaming).

use crate::safe::ServerText;

mod builder;
mod top;
mod tree;

#[cfg(test)]
mod tests;

pub(super) use builder::SupportBuilder;
pub(super) use top::{Support, Top, TopParts, read_top};
pub(super) use tree::{count_ok, read_value};

/// Most entries read under `support`: far above any real deployment
/// (shard ids stop at 4096, so does a cluster's size in practice), low
/// enough that a hostile answer of a million tiny nodes is refused at
/// once instead of costing gigabytes.
pub const MAX_NODES: usize = 20_000;

/// Start of the parse error for an answer over [`MAX_NODES`].
pub(super) const TOO_MANY: &str = "too many nodes";

/// A key sent twice in the same object: a node (`node` only), a field of
/// a node (`node` and `field`), or a key at the top (`field` only).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DuplicateKey {
    /// The node's key under `support`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<ServerText>,
    /// The field (of the node, or of `support` in a single-node answer,
    /// or at the top when there is no node).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<ServerText>,
    /// For a node sent twice: the name the second one is shown under
    /// (`h2:c (2)`). `None` for a field: its last value is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<ServerText>,
}

impl DuplicateKey {
    /// Its JSON path (`support.h2:c`, `support.h2:c.socket_conn`, `meta`).
    pub fn path(&self) -> String {
        match (&self.node, &self.field) {
            (Some(n), Some(f)) => format!("support.{}.{}", n.raw(), f.raw()),
            (Some(n), None) => format!("support.{}", n.raw()),
            (None, Some(f)) => f.raw().to_string(),
            (None, None) => "support".to_string(),
        }
    }

    fn node(node: &str, renamed: Option<&str>) -> Self {
        DuplicateKey {
            node: Some(node.into()),
            field: None,
            renamed: renamed.map(ServerText::from),
        }
    }

    fn field(node: Option<&str>, field: &str) -> Self {
        DuplicateKey {
            node: node.map(ServerText::from),
            field: Some(field.into()),
            renamed: None,
        }
    }
}

/// The text with every number too large for a float (`1e400`) turned
/// into a string (`"1e400"`), so the rest of the answer can be read: that
/// value alone is then unreadable or kept as sent. One linear pass.
pub(super) fn quote_huge_numbers(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 64);
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'"' {
            // Copy the string, escapes included.
            let start = i;
            i += 1;
            while i < text.len() && text[i] != b'"' {
                i += if text[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(text.len());
            out.extend_from_slice(&text[start..i]);
        } else if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while i < text.len()
                && matches!(text[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
            {
                i += 1;
            }
            let token = &text[start..i];
            let huge = std::str::from_utf8(token)
                .ok()
                .and_then(|t| t.parse::<f64>().ok())
                .is_some_and(f64::is_infinite);
            if huge {
                out.push(b'"');
                out.extend_from_slice(token);
                out.push(b'"');
            } else {
                out.extend_from_slice(token);
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}
