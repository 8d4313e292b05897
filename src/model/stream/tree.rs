//! The whole answer as a JSON tree, for redaction: first a count of the
//! entries under `support` that builds nothing, so a hostile answer is
//! refused before it costs memory; then the tree, keeping a node sent
//! twice under a new key and listing every key sent twice.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::top::{ValueSeed, not_a_map};
use super::{DuplicateKey, MAX_NODES, TOO_MANY};
use crate::model::{NODE_FIELDS, is_node_key};

/// Counts the entries under `support` without building anything, failing
/// past [`MAX_NODES`]: run before an answer is parsed into a whole JSON
/// tree (for redaction), so a hostile answer is refused before it costs
/// memory. Other errors are left to the parse that follows.
pub(in crate::model) fn count_ok(text: &[u8]) -> std::result::Result<(), ()> {
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
pub(in crate::model) fn read_value(text: &[u8]) -> serde_json::Result<(Value, Vec<DuplicateKey>)> {
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
    impl<'de> Visitor<'de> for Tree {
        type Value = (Value, Vec<DuplicateKey>);
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        not_a_map!(|v| (v, Vec::new()));
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
