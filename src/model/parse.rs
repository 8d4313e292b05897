//! Building the model from JSON: an answer's top level, its nodes, and
//! which of the two shapes `support` has. Per field, the readers of
//! `read` decide; here a node sent as something other than an
//! object becomes a node in error, and only an answer with no node to show
//! is an error.

use serde_json::{Map, Value};

use super::api_error::{ApiError, api_errors_error, read_errors};
use super::decode::Decoding;
use super::fields::{NODE_FIELDS, NodeInfo};
use super::json::{
    empty_error, excerpt, is_out_of_range, json_error, not_an_object, parse_error, too_many_nodes,
    type_name, wrong_type,
};
use super::read::{A_STRING, Reader, exact_map, raw_text, text};
use super::values::Version;
use super::{Meta, Node, RESERVED_NODE_KEYS, SupportAnswer, Unreadable, stream};
use crate::error::Result;

impl SupportAnswer {
    /// Parses decoded UTF-8 text node by node: no JSON tree of the whole
    /// answer is built, each node's value becomes a [`Node`] and is
    /// dropped. Keys sent twice are listed in `duplicate_keys` (a node sent
    /// twice is kept twice, the second renamed `name (2)`); a number too
    /// large for a float degrades only its own field; more than
    /// [`MAX_NODES`](super::MAX_NODES) entries under `support` are refused.
    pub fn from_text(text: &[u8], single_name: &str) -> Result<SupportAnswer> {
        if text.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(empty_error());
        }
        let top = match stream::read_top(text, single_name) {
            Ok(top) => top,
            Err(e) if is_out_of_range(&e) => {
                let quoted = stream::quote_huge_numbers(text);
                stream::read_top(&quoted, single_name).map_err(|e| json_error(&quoted, e))?
            }
            Err(e) => return Err(json_error(text, e)),
        };
        let parts = match top {
            stream::Top::NotObject(kind) => return Err(not_an_object(kind)),
            stream::Top::Object(parts) => parts,
        };
        SupportAnswer::assemble(parts)
    }

    /// Builds the model from a JSON value already parsed.
    ///
    /// Only an answer with no nodes to show is an error. A field of an
    /// unexpected type or value is left out and listed in its node's
    /// `unreadable`; a node whose value is not an object (null, a string,
    /// an `errors` list) is a node in error. A JSON tree has lost keys sent
    /// twice; [`SupportAnswer::from_text`] sees them.
    pub fn from_value(value: Value, single_name: &str) -> Result<SupportAnswer> {
        let Value::Object(mut top) = value else {
            return Err(not_an_object(type_name(&value)));
        };
        let meta = top.remove("meta");
        let errors = top.remove("errors");
        let support = match top.remove("support") {
            Some(Value::Object(m)) => {
                let mut b = stream::SupportBuilder::new(single_name);
                for (k, v) in m {
                    b.push(k, v, Vec::new()).map_err(|_| too_many_nodes())?;
                }
                Some(stream::Support::Object(b.finish()))
            }
            Some(other) => Some(stream::Support::Other(other)),
            None => None,
        };
        SupportAnswer::assemble(stream::TopParts {
            meta,
            errors,
            support,
            extra: top,
            duplicates: Vec::new(),
        })
    }

    fn assemble(parts: stream::TopParts) -> Result<SupportAnswer> {
        let stream::TopParts {
            meta,
            errors,
            support,
            extra: top,
            duplicates,
        } = parts;
        let mut unreadable = Vec::new();
        let meta = match meta {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(read_meta(m, &mut unreadable)),
            Some(other) => {
                unreadable.push(Unreadable {
                    field: "meta".into(),
                    path: "meta".into(),
                    raw: raw_text(&other).into(),
                    expected: "an object".into(),
                });
                None
            }
        };
        let errors = errors.map(read_errors).unwrap_or_default();
        let built = match support {
            Some(stream::Support::Object(b)) if !b.empty => b,
            Some(stream::Support::Other(Value::Null)) | None if !errors.is_empty() => {
                return Err(api_errors_error(&errors, None));
            }
            Some(stream::Support::Object(_)) if !errors.is_empty() => {
                return Err(api_errors_error(&errors, None));
            }
            Some(stream::Support::Object(_)) => {
                return Err(parse_error(
                    "the answer's `support` object is empty: no node reported",
                )
                .hint("the web app may still be starting; try again in a minute"));
            }
            Some(stream::Support::Other(Value::Null)) => {
                return Err(parse_error(
                    "the answer's `support` is null: the server sent no status",
                )
                .hint("the web app may still be starting; try again in a minute"));
            }
            Some(stream::Support::Other(other)) => {
                return Err(wrong_type("support", "an object", &other));
            }
            None => {
                let keys: Vec<&str> = top.keys().map(String::as_str).take(5).collect();
                let seen = if keys.is_empty() {
                    "an empty object".to_string()
                } else {
                    format!(
                        "only {}",
                        keys.iter()
                            .map(|k| format!("`{}`", excerpt(k, 40)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(parse_error(format!(
                    "the answer has no `support` field ({seen})"
                ))
                .hint("is this the output of GET /v1/support? the URL should be the web app's base URL"));
            }
        };
        unreadable.extend(built.unreadable);
        let mut duplicate_keys = duplicates;
        duplicate_keys.extend(built.duplicates);
        Ok(SupportAnswer {
            shape: built.shape,
            nodes: built.nodes,
            meta,
            errors,
            extra: top,
            unreadable,
            duplicate_keys,
            decoding: Decoding::default(),
        })
    }
}

/// True for a key that looks like a node's `host:container` name.
pub(super) fn is_node_key(k: &str) -> bool {
    match k.split_once(':') {
        Some((host, container)) => {
            !host.is_empty() && !container.is_empty() && !k.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Multi-connect when no key is a node field and every value is an
/// object, or when `host:container` keys outnumber node field names (so
/// a node sent as `null`, a string or an `errors` list, or a stray value
/// beside the nodes, does not turn the cluster into one node). A
/// single-node answer has the spec's field names, and no such keys.
pub fn is_multi_connect(support: &Map<String, Value>) -> bool {
    let fields = support
        .keys()
        .filter(|k| NODE_FIELDS.contains(&k.as_str()))
        .count();
    let node_keys = support.keys().filter(|k| is_node_key(k)).count();
    (fields == 0 && support.values().all(Value::is_object)) || node_keys > fields
}

fn read_meta(mut m: Map<String, Value>, bad: &mut Vec<Unreadable>) -> Meta {
    let mut r = Reader::new("meta", "meta.");
    let meta = Meta {
        api_status: r.take(&mut m, "api_status", A_STRING, text),
        version: r.take(&mut m, "version", A_STRING, text).map(Version),
        extra: exact_map(m),
    };
    bad.append(&mut r.bad);
    meta
}

/// One value of a multi-node `support`: an object is a node; anything else
/// is a node in error that sent no status.
pub(super) fn read_node_value(name: String, v: Value) -> Node {
    let errors = match v {
        Value::Object(m) => {
            let path = format!("support.{name}");
            return parse_node(name, m, &path);
        }
        Value::Null => vec!["no status: the server sent null for this node".to_string()],
        Value::String(s) if s.trim().is_empty() => {
            vec!["no status: the server sent an empty string for this node".to_string()]
        }
        Value::String(s) => vec![s],
        Value::Array(a) => {
            let errors = read_errors(Value::Array(a));
            if !errors.is_empty() {
                return Node::in_error(name, errors);
            }
            vec!["no status: the server sent an empty list for this node".to_string()]
        }
        other => vec![format!(
            "no status: the server sent {} for this node",
            raw_text(&other)
        )],
    };
    let errors = errors
        .into_iter()
        .map(|t| ApiError {
            title: Some(t.into()),
            ..ApiError::default()
        })
        .collect();
    Node::in_error(name, errors)
}

pub(super) fn parse_node(name: String, mut m: Map<String, Value>, path: &str) -> Node {
    let sent_errors = m.remove("errors");
    // `{"errors": []}` and nothing else: the node answered, but with no
    // status and no error to say why.
    if m.is_empty() && matches!(&sent_errors, Some(Value::Array(a)) if a.is_empty()) {
        let error = ApiError {
            title: Some("no status: the node answered with an empty errors list".into()),
            ..ApiError::default()
        };
        return Node::in_error(name, vec![error]);
    }
    let errors = sent_errors.map(read_errors).unwrap_or_default();
    let mut server_fields = Map::new();
    for key in RESERVED_NODE_KEYS {
        if let Some(v) = m.remove(key) {
            server_fields.insert(key.to_string(), v);
        }
    }
    let mut r = Reader::new(path, "");
    let info = NodeInfo::read(m, &mut r);
    Node {
        name: name.into(),
        info,
        errors,
        unreadable: r.bad,
        server_fields,
    }
}
