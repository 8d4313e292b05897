//! Reading an answer node by node.
//!
//! The body is never held as one JSON tree: `support` is read entry by
//! entry, and each node's value becomes a [`Node`] at once and is dropped,
//! so memory is the model plus one node (plus the first few entries, held
//! until the shape of `support` is known). Keys sent twice are noticed
//! here (a JSON tree keeps only the last): two nodes of the same name are
//! both kept, the second renamed. The number of entries under `support` is
//! bounded by [`MAX_NODES`].

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::{
    NODE_FIELDS, Node, Shape, Unreadable, is_node_key, parse_node, raw_text, read_node_value,
};
use crate::safe::ServerText;

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

/// Builds the nodes of `support` from its entries as they come. Until the
/// shape is known, entries are held; once more `host:container` keys were
/// seen than a node has fields, the answer can only be multi-connect and
/// every entry becomes a node at once.
pub(super) struct SupportBuilder<'a> {
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
pub(super) struct Built {
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

/// The top of an answer read in one pass.
pub(super) enum Top {
    /// Not an object: its type, for the error.
    NotObject(&'static str),
    Object(TopParts),
}

pub(super) struct TopParts {
    pub meta: Option<Value>,
    pub errors: Option<Value>,
    pub support: Option<Support>,
    pub extra: Map<String, Value>,
    pub duplicates: Vec<DuplicateKey>,
}

/// `support` as sent: an object (its nodes built) or another value.
pub(super) enum Support {
    Object(Built),
    Other(Value),
}

/// Reads a whole answer from decoded text (no trailing data allowed).
pub(super) fn read_top(text: &[u8], single_name: &str) -> serde_json::Result<Top> {
    let mut de = serde_json::Deserializer::from_slice(text);
    let top = TopSeed { single_name }.deserialize(&mut de)?;
    de.end()?;
    Ok(top)
}

struct TopSeed<'a> {
    single_name: &'a str,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! not_object {
    ($($method:ident($t:ty) => $name:literal),* $(,)?) => {
        $(fn $method<E: de::Error>(self, _: $t) -> Result<Top, E> {
            Ok(Top::NotObject($name))
        })*
    };
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    not_object! {
        visit_bool(bool) => "a boolean",
        visit_i64(i64) => "a number",
        visit_u64(u64) => "a number",
        visit_f64(f64) => "a number",
        visit_str(&str) => "a string",
    }
    fn visit_unit<E: de::Error>(self) -> Result<Top, E> {
        Ok(Top::NotObject("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Top::NotObject("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut parts = TopParts {
            meta: None,
            errors: None,
            support: None,
            extra: Map::new(),
            duplicates: Vec::new(),
        };
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                parts.duplicates.push(DuplicateKey::field(None, &key));
            }
            match key.as_str() {
                "support" => {
                    parts.support = Some(map.next_value_seed(SupportSeed {
                        single_name: self.single_name,
                    })?)
                }
                "meta" => parts.meta = Some(map.next_value()?),
                "errors" => parts.errors = Some(map.next_value()?),
                _ => {
                    let v = map.next_value()?;
                    parts.extra.insert(key, v);
                }
            }
        }
        Ok(Top::Object(parts))
    }
}

struct SupportSeed<'a> {
    single_name: &'a str,
}

impl<'de> DeserializeSeed<'de> for SupportSeed<'_> {
    type Value = Support;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Support, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! other_value {
    ($($method:ident($t:ty)),* $(,)?) => {
        $(fn $method<E: de::Error>(self, v: $t) -> Result<Support, E> {
            ValueSeed.$method(v).map(|d| Support::Other(d.0))
        })*
    };
}

impl<'de> Visitor<'de> for SupportSeed<'_> {
    type Value = Support;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    other_value! {
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str),
        visit_string(String),
    }
    fn visit_unit<E: de::Error>(self) -> Result<Support, E> {
        Ok(Support::Other(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Support, A::Error> {
        ValueSeed.visit_seq(seq).map(|d| Support::Other(d.0))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Support, A::Error> {
        let mut b = SupportBuilder::new(self.single_name);
        while let Some(key) = map.next_key::<String>()? {
            let (value, inner) = map.next_value_seed(ValueSeed)?;
            b.push(key, value, inner).map_err(de::Error::custom)?;
        }
        Ok(Support::Object(b.finish()))
    }
}

/// A JSON value and the keys its object (if it is one) sent twice.
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = (Value, Vec<String>);
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = (Value, Vec<String>);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok((Value::Bool(v), Vec::new()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok((Value::Number(v.into()), Vec::new()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok((Value::Number(v.into()), Vec::new()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok((
            Number::from_f64(v).map_or(Value::Null, Value::Number),
            Vec::new(),
        ))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((Value::String(v.to_owned()), Vec::new()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok((Value::String(v), Vec::new()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((Value::Null, Vec::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            items.push(v);
        }
        Ok((Value::Array(items), Vec::new()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut m = Map::new();
        let mut dups = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            let v: Value = map.next_value()?;
            if m.contains_key(&k) {
                dups.push(k.clone());
            }
            m.insert(k, v);
        }
        Ok((Value::Object(m), dups))
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

/// Counts the entries under `support` without building anything, failing
/// past [`MAX_NODES`]: run before an answer is parsed into a whole JSON
/// tree (for redaction), so a hostile answer is refused before it costs
/// memory. Other errors are left to the parse that follows.
pub(super) fn count_ok(text: &[u8]) -> std::result::Result<(), ()> {
    struct TopCount;
    impl<'de> Visitor<'de> for TopCount {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut ok = true;
            while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if k == "support" {
                    ok &= map.next_value_seed(SupportCount)?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(ok)
        }
    }
    impl<'de> DeserializeSeed<'de> for TopCount {
        type Value = bool;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_map(self)
        }
    }
    struct SupportCount;
    impl<'de> Visitor<'de> for SupportCount {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut n = 0usize;
            while map.next_key::<IgnoredAny>()?.is_some() {
                map.next_value::<IgnoredAny>()?;
                n += 1;
                if n > MAX_NODES {
                    // An error, so that the rest is not read at all.
                    return Err(de::Error::custom(TOO_MANY));
                }
            }
            Ok(true)
        }
    }
    impl<'de> DeserializeSeed<'de> for SupportCount {
        type Value = bool;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_map(self)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(text);
    match TopCount.deserialize(&mut de) {
        Err(e) if e.to_string().starts_with(TOO_MANY) => Err(()),
        _ => Ok(()),
    }
}

/// Reads a whole answer into a JSON tree (for redaction), keeping what a
/// plain parse loses: a node sent twice under `support` is kept under a
/// new key (`h2:c (2)`), and every key sent twice is listed.
pub(super) fn read_value(text: &[u8]) -> serde_json::Result<(Value, Vec<DuplicateKey>)> {
    /// The top of the answer (`support: false`) or `support` itself:
    /// they differ only in what an object's entries are.
    struct Tree {
        support: bool,
    }
    impl<'de> DeserializeSeed<'de> for Tree {
        type Value = (Value, Vec<DuplicateKey>);
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    macro_rules! plain {
        ($($method:ident($t:ty)),* $(,)?) => {
            $(fn $method<E: de::Error>(self, v: $t) -> Result<Self::Value, E> {
                ValueSeed.$method(v).map(|d| (d.0, Vec::new()))
            })*
        };
    }
    impl<'de> Visitor<'de> for Tree {
        type Value = (Value, Vec<DuplicateKey>);
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        plain! {
            visit_bool(bool),
            visit_i64(i64),
            visit_u64(u64),
            visit_f64(f64),
            visit_str(&str),
            visit_string(String),
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok((Value::Null, Vec::new()))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            ValueSeed.visit_seq(seq).map(|d| (d.0, Vec::new()))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut m = Map::new();
            let mut dups = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                if !self.support {
                    // The top: `support` read as nodes, the rest as is.
                    let v = if key == "support" {
                        let (v, d) = map.next_value_seed(Tree { support: true })?;
                        dups.extend(d);
                        v
                    } else {
                        map.next_value()?
                    };
                    if m.contains_key(&key) {
                        dups.push(DuplicateKey::field(None, &key));
                    }
                    m.insert(key, v);
                    continue;
                }
                // `support`: a node sent twice is kept under a new name.
                let (v, inner) = map.next_value_seed(ValueSeed)?;
                for k in inner {
                    dups.push(DuplicateKey::field(Some(&key), &k));
                }
                let is_node =
                    !NODE_FIELDS.contains(&key.as_str()) && (is_node_key(&key) || v.is_object());
                let key = if m.contains_key(&key) {
                    let renamed = is_node.then(|| {
                        (2..)
                            .map(|n| format!("{key} ({n})"))
                            .find(|c| !m.contains_key(c))
                            .unwrap_or_else(|| key.clone())
                    });
                    dups.push(DuplicateKey::node(&key, renamed.as_deref()));
                    renamed.unwrap_or(key)
                } else {
                    key
                };
                m.insert(key, v);
            }
            Ok((Value::Object(m), dups))
        }
    }
    let mut de = serde_json::Deserializer::from_slice(text);
    let out = Tree { support: false }.deserialize(&mut de)?;
    de.end()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn read(s: &str) -> Result<SupportAnswer> {
        SupportAnswer::from_slice(s.as_bytes(), "local")
    }

    fn node<'a>(a: &'a SupportAnswer, name: &str) -> &'a Node {
        a.nodes.iter().find(|n| n.name == name).unwrap()
    }

    #[test]
    fn a_node_sent_twice_is_kept_twice_and_listed() {
        for (first, second) in [("DN", "UP"), ("UP", "DN")] {
            let a = read(&format!(
                r#"{{"support":{{"h0:m":{{"role":"primary_master"}},"h2:c":{{"socket_conn":"{first}"}},"h2:c":{{"socket_conn":"{second}"}}}}}}"#
            ))
            .unwrap();
            assert_eq!(a.shape, Shape::MultiConnect);
            assert_eq!(a.nodes.len(), 3);
            assert_eq!(
                node(&a, "h2:c").info.socket_conn.as_ref().unwrap().raw(),
                first
            );
            assert_eq!(
                node(&a, "h2:c (2)")
                    .info
                    .socket_conn
                    .as_ref()
                    .unwrap()
                    .raw(),
                second
            );
            assert_eq!(a.duplicate_keys.len(), 1);
            assert_eq!(a.duplicate_keys[0].path(), "support.h2:c");
            assert_eq!(a.duplicate_keys[0].renamed.as_ref().unwrap(), "h2:c (2)");
        }
    }

    #[test]
    fn a_field_sent_twice_reads_the_last_and_is_listed() {
        let a = read(r#"{"support":{"a:b":{"socket_conn":"DN","socket_conn":"UP"}}}"#).unwrap();
        assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up));
        assert_eq!(a.duplicate_keys[0].path(), "support.a:b.socket_conn");
        assert!(a.duplicate_keys[0].renamed.is_none());
        // In a single-node answer too.
        let a = read(r#"{"support":{"socket_conn":"DN","socket_conn":"UP"}}"#).unwrap();
        assert_eq!(a.shape, Shape::Single);
        assert_eq!(a.nodes.len(), 1);
        assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up));
        assert_eq!(a.duplicate_keys[0].path(), "support.socket_conn");
        // The tree kept for redaction keeps both nodes as well.
        let (v, _, d) = parse_body_keeping_duplicates(
            br#"{"support":{"h:c":{"socket_conn":"DN"},"h:c":{"socket_conn":"UP"}}}"#,
        )
        .unwrap();
        assert_eq!(v["support"]["h:c (2)"]["socket_conn"], "UP");
        assert_eq!(d[0].renamed.as_ref().unwrap(), "h:c (2)");
    }

    #[test]
    fn shape_is_decided_as_from_a_whole_tree() {
        let cases = [
            r#"{"support":{"socket_conn":"UP","role":"coreapp"}}"#,
            r#"{"support":{"a":{"x":1},"b":{"y":2}}}"#,
            r#"{"support":{"a":{"x":1},"socket_conn":"UP"}}"#,
            r#"{"support":{"h:1":null,"h:2":"boom","h:3":{"role":"coreapp"}}}"#,
            r#"{"support":{"h:1":{},"socket_conn":"UP"}}"#,
            r#"{"support":{"h:1":{},"h:2":{},"socket_conn":"UP"}}"#,
        ];
        for c in cases {
            let streamed = read(c).unwrap();
            let v: Value = serde_json::from_str(c).unwrap();
            let whole = SupportAnswer::from_value(v, "local").unwrap();
            assert_eq!(streamed.shape, whole.shape, "{c}");
            assert_eq!(streamed.nodes, whole.nodes, "{c}");
            assert_eq!(streamed.unreadable, whole.unreadable, "{c}");
        }
        // Past the point where the shape is certain, nodes are read at once;
        // a stray field beside them is still listed.
        let mut body = String::from(r#"{"support":{"socket_conn":"UP""#);
        for i in 0..40 {
            body.push_str(&format!(r#","h{i}:c":{{"role":"coreapp"}}"#));
        }
        body.push_str("}}");
        let a = read(&body).unwrap();
        assert_eq!(a.shape, Shape::MultiConnect);
        assert_eq!(a.nodes.len(), 40);
        assert_eq!(a.unreadable.len(), 1);
    }

    #[test]
    fn a_number_beyond_floats_degrades_its_field_only() {
        let a = read(r#"{"support":{"socket_conn":"UP","x_unknown":1e400}}"#).unwrap();
        assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up));
        assert_eq!(a.nodes[0].info.extra["x_unknown"], "1e400");
        let a = read(r#"{"support":{"socket_conn":"UP","free_space_data":-1E+400,"s":"1e400"}}"#)
            .unwrap();
        assert_eq!(a.nodes[0].unreadable[0].field, "free_space_data");
        assert_eq!(a.nodes[0].info.extra["s"], "1e400");
        assert!(parse_text(br#"{"a":[1e999, 2.5, "x\"1e999"]}"#).is_ok());
        assert_eq!(
            stream::quote_huge_numbers(br#"{"a":[1e999,2.5,"x\"1e999",-1e400]}"#),
            br#"{"a":["1e999",2.5,"x\"1e999","-1e400"]}"#.to_vec()
        );
    }

    #[test]
    fn more_than_max_nodes_is_refused_in_one_line() {
        let mut body = String::from(r#"{"support":{"#);
        for i in 0..MAX_NODES + 100 {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!(r#""h{i}:c":{{"socket_conn":"DN"}}"#));
        }
        body.push_str("}}");
        for e in [
            read(&body).unwrap_err(),
            parse_body_keeping_duplicates(body.as_bytes()).unwrap_err(),
            parse_text(body.as_bytes()).unwrap_err(),
        ] {
            let msg = e.to_string();
            assert!(msg.contains("more than 20000 entries"), "{msg}");
            assert!(!msg.contains('\n'));
        }
        // Exactly the limit is read.
        let at = body.find(r#","h20000:c""#).unwrap();
        let ok = format!("{}}}}}", &body[..at]);
        assert_eq!(read(&ok).unwrap().nodes.len(), MAX_NODES);
    }
}
