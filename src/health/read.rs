//! Reading a `/v1/health` body into a [`HealthAnswer`]: both shapes,
//! lenient per field, linear in the body.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{ApiError, Decoding, Meta, Shape, Unreadable, read_errors};
use crate::safe::ServerText;

use super::*;

/// Longest raw value kept in an [`Unreadable`], in characters.
pub(super) const RAW_MAX: usize = 200;

fn parse_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Parse, msg).hint("is this the output of GET /v1/health?")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value as JSON text cut to [`RAW_MAX`] characters (then `…`).
fn raw_text(v: &Value) -> String {
    let text = match v {
        // Containers may be large: only their start matters.
        Value::Array(_) | Value::Object(_) => {
            let mut w = Bounded(Vec::new());
            let complete = serde_json::to_writer(&mut w, v).is_ok();
            let mut s = String::from_utf8_lossy(&w.0).into_owned();
            if !complete {
                s.push('…');
            }
            s
        }
        other => other.to_string(),
    };
    if text.chars().nth(RAW_MAX).is_some() {
        let mut cut: String = text.chars().take(RAW_MAX).collect();
        cut.push('…');
        cut
    } else {
        text
    }
}

/// A writer that takes a few hundred bytes and then refuses more.
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

fn unreadable(field: &str, path: String, v: &Value, expected: &str) -> Unreadable {
    Unreadable {
        field: field.into(),
        path: path.into(),
        raw: raw_text(v).into(),
        expected: expected.to_string(),
    }
}

/// A string as sent; numbers and booleans as their JSON text.
fn scalar_text(v: Value) -> std::result::Result<String, Value> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(other),
    }
}

fn read_meta(mut m: Map<String, Value>, bad: &mut Vec<Unreadable>) -> Meta {
    let mut field = |key: &str| match m.remove(key)? {
        Value::Null => None,
        v => match scalar_text(v) {
            Ok(s) => Some(ServerText::from(s)),
            Err(v) => {
                bad.push(unreadable(
                    &format!("meta.{key}"),
                    format!("meta.{key}"),
                    &v,
                    "a string",
                ));
                None
            }
        },
    };
    let api_status = field("api_status");
    let version = field("version").map(crate::model::Version);
    Meta {
        api_status,
        version,
        extra: if m.is_empty() { Map::new() } else { m },
    }
}

/// A key that looks like a node's `host:container` name.
fn is_node_key(k: &str) -> bool {
    match k.split_once(':') {
        Some((host, container)) => {
            !host.is_empty() && !container.is_empty() && !k.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Multi-connect when no key is a node field and every value is an
/// object, or when `host:container` keys outnumber node field names (so a
/// node sent as null or a string does not turn the cluster into one node).
pub fn is_multi_node(health: &Map<String, Value>) -> bool {
    let fields = health
        .keys()
        .filter(|k| HEALTH_NODE_FIELDS.contains(&k.as_str()))
        .count();
    let node_keys = health.keys().filter(|k| is_node_key(k)).count();
    (fields == 0 && !health.is_empty() && health.values().all(Value::is_object))
        || node_keys > fields
}

/// One node's object.
fn read_node(name: String, mut m: Map<String, Value>, path: &str) -> HealthNode {
    let mut bad = Vec::new();
    let errors = match m.remove("errors") {
        // `{"errors": []}` and nothing else: no status and no reason.
        Some(Value::Array(a)) if a.is_empty() && m.is_empty() => vec![ApiError {
            title: Some("no status: the node answered with an empty errors list".into()),
            ..ApiError::default()
        }],
        Some(v) => read_errors(v),
        None => Vec::new(),
    };
    let gateway_status = match m.remove("gateway_status") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(GatewayStatus::parse(&s)),
        Some(other) => {
            bad.push(unreadable(
                "gateway_status",
                format!("{path}.gateway_status"),
                &other,
                "a string such as connected or disconnected",
            ));
            None
        }
    };
    let role = match m.remove("role") {
        None | Some(Value::Null) => None,
        Some(v) => match scalar_text(v) {
            Ok(s) => Some(ServerText::from(s)),
            Err(v) => {
                bad.push(unreadable("role", format!("{path}.role"), &v, "a string"));
                None
            }
        },
    };
    HealthNode {
        name: name.into(),
        gateway_status,
        role,
        errors,
        unreadable: bad,
        extra: if m.is_empty() { Map::new() } else { m },
    }
}

/// One value of a multi-node `health`: an object is a node; anything else
/// is a node in error that sent no status.
fn read_node_value(name: String, v: Value) -> HealthNode {
    let title = match v {
        Value::Object(m) => {
            let path = format!("health.{name}");
            return read_node(name, m, &path);
        }
        Value::Array(a) => {
            let errors = read_errors(Value::Array(a));
            if !errors.is_empty() {
                return HealthNode {
                    name: name.into(),
                    errors,
                    ..HealthNode::default()
                };
            }
            "no status: the server sent an empty list for this node".to_string()
        }
        Value::Null => "no status: the server sent null for this node".to_string(),
        Value::String(s) if s.trim().is_empty() => {
            "no status: the server sent an empty string for this node".to_string()
        }
        Value::String(s) => s,
        other => format!(
            "no status: the server sent {} for this node",
            raw_text(&other)
        ),
    };
    HealthNode {
        name: name.into(),
        errors: vec![ApiError {
            title: Some(title.into()),
            ..ApiError::default()
        }],
        ..HealthNode::default()
    }
}

impl HealthAnswer {
    /// Parses a raw body (UTF-8, or UTF-16/32 as `/v1/support` bodies are
    /// read). `single_name` names the node of a single-node answer (the
    /// URL's host, or "local" for a file), as for
    /// [`SupportAnswer::from_slice`].
    ///
    /// Only a body that is not JSON, not an object, or has neither a
    /// `health` value with a node nor top-level `errors` is an error.
    ///
    /// ```
    /// use wa_support::health::{GatewayStatus, HealthAnswer};
    /// let h = HealthAnswer::from_slice(br#"{"health":{"gateway_status":"connected"}}"#, "wa1").unwrap();
    /// assert_eq!(h.nodes[0].gateway_status, Some(GatewayStatus::Connected));
    /// ```
    pub fn from_slice(body: &[u8], single_name: &str) -> Result<HealthAnswer> {
        let (value, decoding) = crate::model::parse_body(body)?;
        let mut answer = HealthAnswer::from_value(value, single_name)?;
        answer.decoding = decoding;
        Ok(answer)
    }

    /// Builds the answer from a JSON value already parsed (see
    /// [`HealthAnswer::from_slice`]).
    pub fn from_value(value: Value, single_name: &str) -> Result<HealthAnswer> {
        let Value::Object(mut top) = value else {
            return Err(parse_error(format!(
                "the answer is {}, not an object with a `health` field",
                type_name(&value)
            )));
        };
        let mut unreadable_top = Vec::new();
        let meta = match top.remove("meta") {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(read_meta(m, &mut unreadable_top)),
            Some(other) => {
                unreadable_top.push(unreadable("meta", "meta".into(), &other, "an object"));
                None
            }
        };
        let errors = top.remove("errors").map(read_errors).unwrap_or_default();
        let health = top.remove("health");
        let (shape, nodes) = match health {
            Some(Value::Object(m)) if is_multi_node(&m) => {
                if m.len() > crate::model::MAX_NODES {
                    return Err(parse_error(format!(
                        "the answer has more than {} entries under `health`; refused",
                        crate::model::MAX_NODES
                    )));
                }
                let nodes = m
                    .into_iter()
                    .map(|(k, v)| read_node_value(k, v))
                    .collect::<Vec<_>>();
                (Shape::MultiConnect, nodes)
            }
            Some(Value::Object(m)) if !m.is_empty() => (
                Shape::Single,
                vec![read_node(single_name.to_string(), m, "health")],
            ),
            Some(Value::Object(_)) | Some(Value::Null) | None => (Shape::Single, Vec::new()),
            Some(other) => {
                if errors.is_empty() {
                    return Err(parse_error(format!(
                        "`health` should be an object, but the answer has {}",
                        type_name(&other)
                    )));
                }
                unreadable_top.push(unreadable("health", "health".into(), &other, "an object"));
                (Shape::Single, Vec::new())
            }
        };
        if nodes.is_empty() && errors.is_empty() {
            return Err(parse_error(if top.is_empty() && meta.is_none() {
                "the answer has no `health` status and no `errors`".to_string()
            } else {
                "the answer's `health` reports no node and no `errors`".to_string()
            }));
        }
        Ok(HealthAnswer {
            shape,
            nodes,
            meta,
            errors,
            extra: top,
            unreadable: unreadable_top,
            decoding: Decoding::default(),
        })
    }

    /// The node of this name, if the answer has it.
    pub fn node(&self, name: &str) -> Option<&HealthNode> {
        self.nodes.iter().find(|n| n.name == name)
    }
}
