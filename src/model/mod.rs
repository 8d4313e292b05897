//! The shared model of a `/v1/support` answer.
//!
//! Both shapes the server sends — one node's fields directly under `support`,
//! or one object per `host:container` key in multi-connect — become the same
//! [`SupportAnswer`]: a list of [`Node`]s. Every field is optional, and values
//! the model does not know (a new role, a new socket state, a new schema
//! table, a new field) are kept.
//!
//! Parsing is liberal where servers are known to vary (a version with or
//! without `v`, `registration_id` as number or string, integers sent as
//! strings) and strict where a value would otherwise be misread; but a value
//! it will not read degrades only itself: it is left out and listed, with
//! its path and raw text, in [`Node::unreadable`] (a diagnostic tool must
//! still judge the other 23 fields and the other nodes). A node sent as
//! something other than an object is a node in error. Only an answer with
//! no node to show is an error. Parsing is linear in the answer.
//!
//! The parts, in the order a body goes through them: [`decode`] (bytes to
//! UTF-8 text), [`json`] (text to JSON, with one-line errors), [`parse`]
//! (JSON to this model; the node's fields are declared once, in
//! [`fields`], and read by the lenient readers of `read`), [`api_error`]
//! (the API's `errors` objects), and `stream` (reading `support` node by
//! node). The types are here and in [`values`].

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Result;
use crate::safe::ServerText;

pub(crate) mod api_error;
pub(crate) mod decode;
pub mod fields;
pub(crate) mod json;
pub(crate) mod parse;
mod read;
mod stream;
pub mod values;

pub use api_error::ApiError;
pub use decode::Decoding;
pub use fields::{E2e, NODE_FIELDS, NodeInfo, SPACE_DIRS, SpaceDir};
pub use json::parse_json;
pub use stream::{DuplicateKey, MAX_NODES};
pub use values::{
    Bytes, KNOWN_SCHEMA_TABLES, RegistrationId, Role, SchemaVersion, ShardRange, SocketState,
    Version, format_shards,
};

// What the rest of the crate reads answers with.
pub(crate) use api_error::{api_errors_error, error_list, read_errors};
pub(crate) use decode::decode_body;
pub(crate) use json::{
    check_json_text, describe_non_json, excerpt, parse_body, parse_body_keeping_duplicates,
    parse_text,
};
pub(crate) use parse::is_multi_connect;

// What `stream` reads nodes with.
use parse::{is_node_key, parse_node, read_node_value};
use read::raw_text;

/// Deepest nesting accepted in an answer (serde_json's own limit, which
/// keeps parsing, dropping and printing a value off the end of the stack).
pub const MAX_DEPTH: usize = 128;

/// Top-level `meta` of an answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_status: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Version>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A value the model could not read: its field is left out (as if not
/// sent) and the value is described here, so one odd field degrades that
/// field, not the node or the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    /// The field within its node (`free_space_logs`, `schema.message`,
    /// `e2e.registration_id`), or at the top of the answer (`meta`).
    pub field: ServerText,
    /// Its JSON path, spelled as error messages spell it
    /// (`support.h:c.free_space_logs`).
    pub path: ServerText,
    /// The value as sent, as JSON text cut to about 200 characters. Raw:
    /// `Display` escapes it.
    pub raw: ServerText,
    /// What the field should hold ("a byte count").
    pub expected: String,
}

/// Keys of the normalized node that a server field of the same name would
/// duplicate; such fields are kept under `server_fields` instead.
pub const RESERVED_NODE_KEYS: [&str; 3] = ["name", "unreadable", "server_fields"];

/// One node of the answer: its name, its fields, and its errors when the
/// node failed on its own (its value was an `errors` list, a string or null).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Node {
    pub name: ServerText,
    #[serde(flatten)]
    pub info: NodeInfo,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiError>,
    /// Fields present but unreadable (wrong type or value); left out of `info`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// Fields the server sent under a key the normalized node uses itself
    /// ([`RESERVED_NODE_KEYS`], e.g. `name`), kept here as sent.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub server_fields: Map<String, Value>,
}

impl Node {
    /// A node that sent no status: `errors` say why.
    fn in_error(name: String, errors: Vec<ApiError>) -> Node {
        Node {
            name: name.into(),
            errors,
            ..Node::default()
        }
    }

    /// True when the node answered with errors instead of its status.
    pub fn is_error(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Sort key: role rank, then name.
    fn sort_key(&self) -> (u8, &str) {
        let rank = match &self.info.role {
            Some(r) => r.rank(),
            None => 4,
        };
        (rank, self.name.raw())
    }
}

/// Which of the two shapes the answer had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One node's fields directly under `support`.
    Single,
    /// One object per `host:container` key.
    MultiConnect,
}

/// A whole `/v1/support` answer, as one list of nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportAnswer {
    pub shape: Shape,
    /// Sorted: primary master, secondary master, coreapps, others; then by name.
    pub nodes: Vec<Node>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Top-level errors sent beside `support`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiError>,
    /// Top-level fields this version does not know.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
    /// Top-level values present but unreadable (`meta` of the wrong type, a
    /// stray value beside the nodes of a multi-node `support`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// Keys the answer sent twice in one object (a JSON tree would keep
    /// only the last): a node sent twice is kept twice, the second renamed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicate_keys: Vec<DuplicateKey>,
    /// How the body's text was decoded (not part of the normalized document).
    #[serde(skip)]
    pub decoding: Decoding,
}

impl SupportAnswer {
    /// Parses a raw body. `single_name` names the node of a single-node
    /// answer (the URL's host, or "local" for a file).
    ///
    /// ```
    /// use wa_support::model::{Shape, SupportAnswer};
    /// let a = SupportAnswer::from_slice(
    ///     br#"{"support":{"wa1:c0":{"role":"coreapp","shards":[[0,0]]}}}"#,
    ///     "local",
    /// ).unwrap();
    /// assert_eq!(a.shape, Shape::MultiConnect);
    /// assert_eq!(a.nodes[0].name, "wa1:c0");
    /// ```
    pub fn from_slice(body: &[u8], single_name: &str) -> Result<SupportAnswer> {
        let decoded = decode_body(body);
        let mut answer = SupportAnswer::from_text(&decoded.text, single_name)?;
        answer.decoding = decoded.decoding;
        Ok(answer)
    }

    /// The distinct build versions, normalised, in first-seen order.
    pub fn builds(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.nodes
            .iter()
            .filter_map(|n| n.info.build_normalized())
            .filter(|b| seen.insert(b.clone()))
            .map(ServerText::into_raw)
            .collect()
    }
}

#[cfg(test)]
mod tests;
