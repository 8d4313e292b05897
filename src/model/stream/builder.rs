//! The nodes of `support` built from its entries as they come: the shape
//! decided as a whole tree would decide it, a node sent twice kept under a
//! new name, and the count of entries bounded by [`MAX_NODES`].

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{DuplicateKey, MAX_NODES, TOO_MANY};
use crate::model::{
    NODE_FIELDS, Node, Shape, Unreadable, is_node_key, parse_node, raw_text, read_node_value,
};

/// Builds the nodes of `support` from its entries as they come. Until the
/// shape is known, entries are held; once more `host:container` keys were
/// seen than a node has fields, the answer can only be multi-connect and
/// every entry becomes a node at once.
pub(in crate::model) struct SupportBuilder<'a> {
    single_name: &'a str,
    pending: Vec<(String, Value, bool)>,
    multi: bool,
    /// Which of [`NODE_FIELDS`] were seen as keys (a bit each).
    fields: u32,
    node_keys: usize,
    all_objects: bool,
    seen: HashSet<String>,
    count: usize,
    pub nodes: Vec<Node>,
    pub unreadable: Vec<Unreadable>,
    pub duplicates: Vec<DuplicateKey>,
}

/// What [`SupportBuilder::finish`] gives.
pub(in crate::model) struct Built {
    pub shape: Shape,
    pub nodes: Vec<Node>,
    pub unreadable: Vec<Unreadable>,
    pub duplicates: Vec<DuplicateKey>,
    /// No entry at all (`"support": {}`).
    pub empty: bool,
}

impl<'a> SupportBuilder<'a> {
    pub fn new(single_name: &'a str) -> Self {
        SupportBuilder {
            single_name,
            pending: Vec::new(),
            multi: false,
            fields: 0,
            node_keys: 0,
            all_objects: true,
            seen: HashSet::new(),
            count: 0,
            nodes: Vec::new(),
            unreadable: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    /// Takes one entry of `support`; `inner` are the keys its object sent
    /// twice. Errs past [`MAX_NODES`] entries.
    pub fn push(
        &mut self,
        key: String,
        value: Value,
        inner: Vec<String>,
    ) -> std::result::Result<(), String> {
        self.count += 1;
        if self.count > MAX_NODES {
            return Err(format!(
                "{TOO_MANY}: more than {MAX_NODES} entries under `support`"
            ));
        }
        if let Some(i) = NODE_FIELDS.iter().position(|f| *f == key) {
            self.fields |= 1 << i;
        }
        if is_node_key(&key) {
            self.node_keys += 1;
        }
        self.all_objects &= value.is_object();
        for k in inner {
            self.duplicates.push(DuplicateKey::field(Some(&key), &k));
        }
        let dup = !self.seen.insert(key.clone());
        if self.multi {
            self.add_node(key, value, dup);
        } else {
            self.pending.push((key, value, dup));
            if self.node_keys > NODE_FIELDS.len() {
                self.commit_multi();
            }
        }
        Ok(())
    }

    fn commit_multi(&mut self) {
        self.multi = true;
        for (k, v, dup) in std::mem::take(&mut self.pending) {
            self.add_node(k, v, dup);
        }
    }

    fn add_node(&mut self, key: String, v: Value, dup: bool) {
        let is_node = !NODE_FIELDS.contains(&key.as_str()) && (is_node_key(&key) || v.is_object());
        if !is_node {
            if dup {
                self.duplicates.push(DuplicateKey::node(&key, None));
            }
            self.unreadable.push(Unreadable {
                path: format!("support.{key}").into(),
                field: key.into(),
                raw: raw_text(&v).into(),
                expected: "a node object under a host:container key".into(),
            });
            return;
        }
        let name = if dup {
            let renamed = (2..)
                .map(|n| format!("{key} ({n})"))
                .find(|c| !self.seen.contains(c))
                .unwrap_or_else(|| key.clone());
            self.seen.insert(renamed.clone());
            self.duplicates
                .push(DuplicateKey::node(&key, Some(&renamed)));
            renamed
        } else {
            key
        };
        self.nodes.push(read_node_value(name, v));
    }

    /// The shape and the nodes, sorted.
    pub fn finish(mut self) -> Built {
        let empty = self.count == 0;
        if !self.multi {
            let fields = self.fields.count_ones() as usize;
            if (fields == 0 && self.all_objects) || self.node_keys > fields {
                self.commit_multi();
            }
        }
        let shape = if self.multi {
            Shape::MultiConnect
        } else {
            let mut m = Map::new();
            for (k, v, dup) in std::mem::take(&mut self.pending) {
                if dup {
                    self.duplicates
                        .push(DuplicateKey::field(None, &format!("support.{k}")));
                }
                m.insert(k, v);
            }
            if !empty {
                self.nodes
                    .push(parse_node(self.single_name.to_string(), m, "support"));
            }
            Shape::Single
        };
        // Names are unique here (a node sent twice was renamed), so an
        // unstable sort gives the stable order without a scratch copy of
        // every node (a stable sort would hold one).
        self.nodes
            .sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Built {
            shape,
            nodes: self.nodes,
            unreadable: self.unreadable,
            duplicates: self.duplicates,
            empty,
        }
    }
}
