//! Where an answer's parts lie in its text: one scan of valid JSON that
//! records the byte ranges of the top-level values and of each node under
//! `support` (keys and ranges only, no values built), so that each node
//! can later be parsed alone.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::de::IgnoredAny;
use serde_json::{Map, Value};

use crate::model::{DuplicateKey, MAX_NODES, NODE_FIELDS, is_multi_connect};
use crate::redact::node_like;

/// Where an answer's parts lie in its text.
pub(super) struct Layout {
    /// Top-level keys (sorted) and their values' byte ranges.
    pub(super) top: BTreeMap<String, Range<usize>>,
    /// `support`'s entries (sorted by name, a node sent twice renamed as
    /// [`parse_body_keeping_duplicates`] does) and their byte ranges.
    pub(super) nodes: BTreeMap<String, Range<usize>>,
    pub(super) duplicates: Vec<DuplicateKey>,
}

/// Deepest nesting read node by node: well below serde_json's limit, so
/// a value that the tree path would refuse for its depth takes that path.
const MAX_STREAM_DEPTH: usize = 100;

impl Layout {
    /// The layout of valid JSON text whose top is an object without a key
    /// sent twice and whose `support` is an object of at most
    /// [`MAX_NODES`] entries; `None` otherwise.
    pub(super) fn read(text: &[u8]) -> Option<Layout> {
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
    pub(super) fn multi_connect(&self, text: &[u8]) -> bool {
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
pub(super) fn key(text: &[u8], r: Range<usize>) -> Option<String> {
    serde_json::from_slice(&text[r]).ok()
}

/// One value, parsed on its own; `None` when it cannot be (a number
/// beyond floats): the tree path then handles the answer.
pub(super) fn parse(text: &[u8], r: &Range<usize>) -> Option<Value> {
    serde_json::from_slice(&text[r.clone()]).ok()
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
