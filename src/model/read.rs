//! Lenient readers, one field at a time: a value that cannot be read is
//! left out and listed (with its path and raw text) as [`Unreadable`], so
//! one odd field degrades that field, not the node or the answer.

use serde_json::{Map, Value};

use super::Unreadable;
use super::fields::E2e;
use super::values::{
    Bytes, KNOWN_SCHEMA_TABLES, RegistrationId, Role, SchemaVersion, ShardRange, SocketState,
    Version,
};
use crate::safe::ServerText;

/// Longest raw value kept in an [`Unreadable`], in characters.
const RAW_MAX: usize = 200;

/// A value as JSON text, cut to [`RAW_MAX`] characters (then `…`). Only
/// the start is serialized, so a huge value costs no more than a small one.
pub(super) fn raw_text(v: &Value) -> String {
    struct Bounded(Vec<u8>);
    impl std::io::Write for Bounded {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let room = (RAW_MAX * 4 + 4).saturating_sub(self.0.len());
            if room == 0 {
                return Err(std::io::Error::other("enough"));
            }
            let n = b.len().min(room);
            self.0.extend_from_slice(&b[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = Bounded(Vec::new());
    let complete = serde_json::to_writer(&mut w, v).is_ok();
    let text = String::from_utf8_lossy(&w.0);
    let mut out: String = text.chars().take(RAW_MAX).collect();
    if !complete || text.chars().nth(RAW_MAX).is_some() {
        out.push('…');
    }
    out
}

/// Reads the fields of one object leniently: a value that cannot be read is
/// recorded (with its path and raw text) and read as absent.
pub(super) struct Reader<'p> {
    /// Path of the object (`support.h:c`, `support.h:c.e2e`, `meta`).
    path: &'p str,
    /// Prefix of field names within the node (`""`, `"e2e."`).
    prefix: &'static str,
    pub(super) bad: Vec<Unreadable>,
}

impl<'p> Reader<'p> {
    pub(super) fn new(path: &'p str, prefix: &'static str) -> Self {
        Reader {
            path,
            prefix,
            bad: Vec::new(),
        }
    }

    pub(super) fn bad(&mut self, key: &str, v: &Value, expected: &str) {
        self.bad.push(Unreadable {
            field: format!("{}{key}", self.prefix).into(),
            path: format!("{}.{key}", self.path).into(),
            raw: raw_text(v).into(),
            expected: expected.to_string(),
        });
    }

    /// Removes `key` and reads it; null is absent.
    pub(super) fn take<T>(
        &mut self,
        m: &mut Map<String, Value>,
        key: &str,
        expected: &str,
        read: impl FnOnce(Value) -> std::result::Result<T, Value>,
    ) -> Option<T> {
        match m.remove(key)? {
            Value::Null => None,
            v => match read(v) {
                Ok(t) => Some(t),
                Err(v) => {
                    self.bad(key, &v, expected);
                    None
                }
            },
        }
    }

    /// Removes `key` and reads it as `how` says; null is absent.
    pub(super) fn field<T>(
        &mut self,
        m: &mut Map<String, Value>,
        key: &'static str,
        how: &How<T>,
    ) -> Option<T> {
        match how {
            How::Plain(read, expected) => self.take(m, key, expected, read),
            How::Own(read) => match m.remove(key)? {
                Value::Null => None,
                v => read(self, key, v),
            },
        }
    }
}

/// How one field of a node is read.
pub(super) enum How<T> {
    /// With a conversion: a value it refuses is left out and listed as
    /// unreadable, described as the `&str` ("a string").
    Plain(fn(Value) -> std::result::Result<T, Value>, &'static str),
    /// By a reader of its own, which lists what it cannot read itself (an
    /// object's fields, or a value that still means something when odd).
    Own(fn(&mut Reader<'_>, &'static str, Value) -> Option<T>),
}

impl<T> How<T> {
    /// True for [`How::Own`].
    pub(super) fn is_own(&self) -> bool {
        matches!(self, How::Own(_))
    }
}

pub(super) const A_STRING: &str = "a string";
pub(super) const A_TIME: &str = "a date-time or Unix seconds";
pub(super) const A_BYTE_COUNT: &str = "a byte count (a whole number from 0 to 2^64-1)";

/// The fields left in a map once the known ones were taken out. A map
/// emptied by removals still holds its first allocation (a B-tree leaf of
/// some 600 bytes); per node that would be most of the model's memory.
pub(super) fn exact_map(m: Map<String, Value>) -> Map<String, Value> {
    if m.is_empty() { Map::new() } else { m }
}

/// A string; numbers and booleans are accepted and shown as sent.
pub(super) fn string(v: Value) -> std::result::Result<String, Value> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(other),
    }
}

/// A string the server sent (numbers and booleans as their JSON text).
pub(super) fn text(v: Value) -> std::result::Result<ServerText, Value> {
    string(v).map(ServerText::from)
}

/// A time: a string or a number (Unix seconds), kept as sent; a boolean
/// is no time.
pub(super) fn time_text(v: Value) -> std::result::Result<ServerText, Value> {
    match v {
        Value::Bool(_) => Err(v),
        v => text(v),
    }
}

pub(super) fn text_list(v: Value) -> std::result::Result<Vec<ServerText>, Value> {
    string_list(v).map(|l| l.into_iter().map(ServerText::from).collect())
}

fn is_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::Null | Value::String(_) | Value::Number(_) | Value::Bool(_)
    )
}

/// A list of strings (nulls dropped); a lone string is a list of one.
fn string_list(v: Value) -> std::result::Result<Vec<String>, Value> {
    match v {
        Value::Array(items) if items.iter().all(is_scalar) => Ok(items
            .into_iter()
            .filter(|v| !v.is_null())
            .map(|v| string(v).unwrap_or_default())
            .collect()),
        v @ (Value::String(_) | Value::Number(_)) => Ok(vec![string(v).unwrap_or_default()]),
        other => Err(other),
    }
}

/// Environment variables as sent (strings `NAME=value` or objects); an
/// object of `NAME: value` becomes one-entry objects, a string one entry.
pub(super) fn env_list(v: Value) -> std::result::Result<Vec<Value>, Value> {
    match v {
        Value::Array(a) => Ok(a),
        Value::Object(o) => Ok(o
            .into_iter()
            .map(|(k, v)| {
                let mut one = Map::new();
                one.insert(k, v);
                Value::Object(one)
            })
            .collect()),
        Value::String(s) => Ok(vec![Value::String(s)]),
        other => Err(other),
    }
}

pub(super) fn boolean(v: Value) -> std::result::Result<bool, Value> {
    match &v {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_u64() == Some(0) => Ok(false),
        Value::Number(n) if n.as_u64() == Some(1) => Ok(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(v),
    }
}

/// A byte count: a non-negative integer, or a string of digits. Exact to
/// 2^64-1; floats are accepted only when whole and in range.
pub(super) fn bytes(v: Value) -> std::result::Result<Bytes, Value> {
    let read = match &v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 18_446_744_073_709_551_616.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    read.map(Bytes).ok_or(v)
}

fn read_e2e(mut m: Map<String, Value>, r: &mut Reader<'_>) -> E2e {
    let registration_id = r.take(
        &mut m,
        "registration_id",
        "a number or a string",
        |v| match v {
            Value::Number(n) => Ok(match n.as_u64() {
                Some(u) => RegistrationId::Number(u),
                None => RegistrationId::Text(n.to_string().into()),
            }),
            Value::String(s) => Ok(RegistrationId::Text(s.into())),
            other => Err(other),
        },
    );
    E2e {
        identity_timestamp: r.take(&mut m, "identity_timestamp", A_STRING, text),
        registration_id,
        extra: exact_map(m),
    }
}

/// Table versions; a table whose value cannot be read is left out.
fn read_schema(m: Map<String, Value>, r: &mut Reader<'_>) -> Vec<(ServerText, SchemaVersion)> {
    let mut out = Vec::with_capacity(m.len());
    for (k, v) in m {
        let ver = match v {
            Value::Null => continue,
            Value::Number(n) => match n.as_i64() {
                Some(i) => SchemaVersion::Number(i),
                None => SchemaVersion::Text(n.to_string().into()),
            },
            Value::String(s) => match s.trim().parse::<i64>() {
                Ok(i) => SchemaVersion::Number(i),
                Err(_) => SchemaVersion::Text(s.into()),
            },
            other => {
                r.bad(&k, &other, "a version number");
                continue;
            }
        };
        // The spec's table names are shared, not one copy per node.
        let table = match KNOWN_SCHEMA_TABLES.iter().find(|t| **t == k) {
            Some(t) => ServerText::known(t),
            None => k.into(),
        };
        out.push((table, ver));
    }
    out
}

fn shard_id(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// `[[first, last], ...]`; a bare id or a one-element pair is one shard. A
/// list with any item that is not a range (or whose end comes before its
/// start) is unreadable as a whole: ownership is then unknown.
pub(super) fn shards(v: Value) -> std::result::Result<Vec<ShardRange>, Value> {
    let Value::Array(items) = &v else {
        return Err(v);
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let range = match item {
            Value::Array(pair) if pair.len() == 2 => shard_id(&pair[0])
                .zip(shard_id(&pair[1]))
                .map(|(first, last)| ShardRange { first, last }),
            Value::Array(pair) if pair.len() == 1 => shard_id(&pair[0]).map(|id| ShardRange {
                first: id,
                last: id,
            }),
            Value::Number(_) | Value::String(_) => shard_id(item).map(|id| ShardRange {
                first: id,
                last: id,
            }),
            _ => None,
        };
        match range {
            Some(r) if r.first <= r.last => out.push(r),
            _ => return Err(v),
        }
    }
    Ok(out)
}

/// A role, as servers spell it.
pub(super) fn role(v: Value) -> std::result::Result<Role, Value> {
    string(v).map(|s| Role::parse(&s))
}

/// A build version, kept as sent.
pub(super) fn version(v: Value) -> std::result::Result<Version, Value> {
    text(v).map(Version)
}

/// `socket_conn`: an unreadable state is an unknown one (listed as
/// unreadable too), so the socket rules judge it so.
pub(super) fn socket_state(r: &mut Reader<'_>, key: &'static str, v: Value) -> Option<SocketState> {
    match string(v) {
        Ok(s) => Some(SocketState::parse(&s)),
        Err(v) => {
            r.bad(key, &v, "a string such as UP or DN");
            Some(SocketState::Unknown)
        }
    }
}

/// `e2e`: an object whose fields are read one by one.
pub(super) fn e2e_object(r: &mut Reader<'_>, key: &'static str, v: Value) -> Option<E2e> {
    match v {
        Value::Object(o) => {
            let p = format!("{}.{key}", r.path);
            let mut sub = Reader::new(&p, "e2e.");
            let e = read_e2e(o, &mut sub);
            r.bad.append(&mut sub.bad);
            Some(e)
        }
        other => {
            r.bad(key, &other, "an object");
            None
        }
    }
}

/// `schema`: an object of table versions, read table by table.
pub(super) fn schema_object(
    r: &mut Reader<'_>,
    key: &'static str,
    v: Value,
) -> Option<Vec<(ServerText, SchemaVersion)>> {
    match v {
        Value::Object(o) => {
            let p = format!("{}.{key}", r.path);
            let mut sub = Reader::new(&p, "schema.");
            let s = read_schema(o, &mut sub);
            r.bad.append(&mut sub.bad);
            Some(s)
        }
        other => {
            r.bad(key, &other, "an object of table versions");
            None
        }
    }
}
