//! The answer read in one pass with serde's visitors: the top's `meta`,
//! `errors` and other keys as values, `support` entry by entry into a
//! [`SupportBuilder`], and every key sent twice noted on the way.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::DuplicateKey;
use super::builder::{Built, SupportBuilder};

/// The top of an answer read in one pass.
pub(in crate::model) enum Top {
    /// Not an object: its type, for the error.
    NotObject(&'static str),
    Object(TopParts),
}

pub(in crate::model) struct TopParts {
    pub meta: Option<Value>,
    pub errors: Option<Value>,
    pub support: Option<Support>,
    pub extra: Map<String, Value>,
    pub duplicates: Vec<DuplicateKey>,
}

/// `support` as sent: an object (its nodes built) or another value.
pub(in crate::model) enum Support {
    Object(Built),
    Other(Value),
}

/// Reads a whole answer from decoded text (no trailing data allowed).
pub(in crate::model) fn read_top(text: &[u8], single_name: &str) -> serde_json::Result<Top> {
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

/// The `visit_*` methods of a visitor for everything but an object: the
/// value is read as [`ValueSeed`] reads it and handed to `$wrap`.
macro_rules! not_a_map {
    ($wrap:expr) => {
        not_a_map!(@each $wrap; visit_bool(bool), visit_i64(i64), visit_u64(u64),
            visit_f64(f64), visit_str(&str), visit_string(String));
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            ValueSeed.visit_unit().map(|d| ($wrap)(d.0))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            ValueSeed.visit_seq(seq).map(|d| ($wrap)(d.0))
        }
    };
    (@each $wrap:expr; $($method:ident($t:ty)),*) => {
        $(fn $method<E: de::Error>(self, v: $t) -> Result<Self::Value, E> {
            ValueSeed.$method(v).map(|d| ($wrap)(d.0))
        })*
    };
}
pub(super) use not_a_map;

impl<'de> Visitor<'de> for SupportSeed<'_> {
    type Value = Support;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    not_a_map!(Support::Other);
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
pub(super) struct ValueSeed;

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
