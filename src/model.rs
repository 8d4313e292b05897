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

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::safe::ServerText;

mod stream;

pub use stream::{DuplicateKey, MAX_NODES};

/// Deepest nesting accepted in an answer (serde_json's own limit, which
/// keeps parsing, dropping and printing a value off the end of the stack).
pub const MAX_DEPTH: usize = 128;

/// A byte count, exact up to 2^64-1 (free-space values near 2^63 occur).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Bytes(pub u64);

impl Bytes {
    /// Values from 2^62 (4 EiB) up mean "no limit reported": servers send
    /// figures near 2^63 (the spec's 9223372036853727000) for a directory
    /// without a quota. No real file system has that much free space.
    pub const UNLIMITED_FROM: u64 = 1 << 62;

    /// True for the "no limit reported" sentinel (see [`Bytes::UNLIMITED_FROM`]).
    pub fn is_unlimited(&self) -> bool {
        self.0 >= Self::UNLIMITED_FROM
    }

    /// Binary units ("12.50 GiB", "384 GiB"), for people. Rounded down, so
    /// a value just below a unit never reads as the unit ("1023.99 MiB",
    /// not "1024.00 MiB").
    pub fn human(&self) -> String {
        const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        let mut unit = 0;
        while unit + 1 < UNITS.len() && self.0 >> (10 * (unit + 1)) > 0 {
            unit += 1;
        }
        let (whole, rest) = (self.0 >> (10 * unit), self.0 & ((1u64 << (10 * unit)) - 1));
        if rest == 0 {
            return format!("{whole} {}", UNITS[unit]);
        }
        let hundredths = (u128::from(rest) * 100) >> (10 * unit);
        format!("{whole}.{hundredths:02} {}", UNITS[unit])
    }
}

/// A node's job in a multi-connect or high-availability setup.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    PrimaryMaster,
    SecondaryMaster,
    Coreapp,
    /// A value this version does not know, kept as sent.
    Other(ServerText),
}

impl Role {
    fn parse(s: &str) -> Role {
        match s.trim().to_ascii_lowercase().as_str() {
            "primary_master" => Role::PrimaryMaster,
            "secondary_master" => Role::SecondaryMaster,
            "coreapp" => Role::Coreapp,
            _ => Role::Other(s.into()),
        }
    }

    /// The value as the server spells it, raw: for comparisons and JSON
    /// (`Display` shows it escaped).
    pub fn raw(&self) -> &str {
        match self {
            Role::PrimaryMaster => "primary_master",
            Role::SecondaryMaster => "secondary_master",
            Role::Coreapp => "coreapp",
            Role::Other(s) => s.raw(),
        }
    }

    /// Sort rank: primary, secondary, coreapps, others.
    pub fn rank(&self) -> u8 {
        match self {
            Role::PrimaryMaster => 0,
            Role::SecondaryMaster => 1,
            Role::Coreapp => 2,
            Role::Other(_) => 3,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Other(s) => s.fmt(f),
            known => f.pad(known.raw()),
        }
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.raw())
    }
}

/// The node's connection to the WhatsApp servers (`socket_conn`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SocketState {
    /// `UP`: connected.
    Up,
    /// `DN`: disconnected.
    Down,
    /// `SC`: connecting.
    Connecting,
    /// `UP receiving offline`: connected, receiving offline messages.
    UpReceivingOffline,
    /// `UNK`: the node does not know.
    Unknown,
    /// A value this version does not know, kept as sent.
    Other(ServerText),
}

impl SocketState {
    fn parse(s: &str) -> SocketState {
        let norm = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match norm.to_ascii_uppercase().as_str() {
            "UP" => SocketState::Up,
            "DN" | "DOWN" => SocketState::Down,
            "SC" => SocketState::Connecting,
            "UP RECEIVING OFFLINE" => SocketState::UpReceivingOffline,
            "UNK" | "UNKNOWN" => SocketState::Unknown,
            _ => SocketState::Other(s.into()),
        }
    }

    /// The value as the server spells it, raw: for comparisons and JSON
    /// (`Display` shows it escaped).
    pub fn raw(&self) -> &str {
        match self {
            SocketState::Up => "UP",
            SocketState::Down => "DN",
            SocketState::Connecting => "SC",
            SocketState::UpReceivingOffline => "UP receiving offline",
            SocketState::Unknown => "UNK",
            SocketState::Other(s) => s.raw(),
        }
    }

    /// A few words for people.
    pub fn describe(&self) -> &str {
        match self {
            SocketState::Up => "connected",
            SocketState::Down => "disconnected",
            SocketState::Connecting => "connecting",
            SocketState::UpReceivingOffline => "connected, receiving offline messages",
            SocketState::Unknown => "state unknown",
            SocketState::Other(_) => "unrecognised state",
        }
    }

    /// Connected (plain or receiving offline messages).
    pub fn is_up(&self) -> bool {
        matches!(self, SocketState::Up | SocketState::UpReceivingOffline)
    }
}

impl fmt::Display for SocketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SocketState::Other(s) => s.fmt(f),
            known => f.pad(known.raw()),
        }
    }
}

impl Serialize for SocketState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.raw())
    }
}

/// A range of shard ids `[first, last]`; `-1` is the master shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShardRange {
    pub first: i64,
    pub last: i64,
}

impl ShardRange {
    /// The shard ids in the range (empty when `last < first`).
    pub fn ids(&self) -> impl Iterator<Item = i64> {
        self.first..=self.last
    }

    /// How many shards the range covers.
    pub fn len(&self) -> u64 {
        if self.last < self.first {
            0
        } else {
            self.last.abs_diff(self.first) + 1
        }
    }

    /// True when the range covers nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `3`, `0-3`; a range with a negative end is written `first..last`
/// (`-1..3`, `-7..-2`), since `-7--2` reads as nonsense.
impl fmt::Display for ShardRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else if self.first < 0 || self.last < 0 {
            write!(f, "{}..{}", self.first, self.last)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

impl Serialize for ShardRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        [self.first, self.last].serialize(s)
    }
}

/// Shows a node's shards as people read them: `-1, 0`, `0-3`, `-1..3`,
/// `—` for none (see [`ShardRange`]'s `Display`).
///
/// ```
/// use wa_support::model::{ShardRange, format_shards};
/// let s = [ShardRange { first: -1, last: -1 }, ShardRange { first: 0, last: 3 }];
/// assert_eq!(format_shards(Some(&s)), "-1, 0-3");
/// let s = [ShardRange { first: -1, last: 3 }, ShardRange { first: -7, last: -2 }];
/// assert_eq!(format_shards(Some(&s)), "-1..3, -7..-2");
/// assert_eq!(format_shards(Some(&[])), "—");
/// ```
pub fn format_shards(shards: Option<&[ShardRange]>) -> String {
    match shards {
        Some(list) if !list.is_empty() => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        _ => "—".to_string(),
    }
}

/// `registration_id`: servers send a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RegistrationId {
    Number(u64),
    Text(ServerText),
}

impl fmt::Display for RegistrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrationId::Number(n) => write!(f, "{n}"),
            RegistrationId::Text(s) => s.fmt(f),
        }
    }
}

/// Encryption debug information (`e2e`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct E2e {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_timestamp: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_id: Option<RegistrationId>,
    /// Fields this version does not know, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A build version as sent (`v2.45.1` or `2.45.1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Version(pub ServerText);

impl Version {
    /// Without a leading `v`, for comparing builds.
    pub fn normalized(&self) -> ServerText {
        self.0.map(|s| {
            let s = s.trim();
            s.strip_prefix(['v', 'V']).unwrap_or(s).to_string()
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One database schema version: an integer, or whatever else was sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum SchemaVersion {
    Number(i64),
    Text(ServerText),
}

impl SchemaVersion {
    /// The value as sent, raw: for comparisons and JSON (`Display` shows
    /// it escaped).
    pub fn raw(&self) -> std::borrow::Cow<'_, str> {
        match self {
            SchemaVersion::Number(n) => std::borrow::Cow::Owned(n.to_string()),
            SchemaVersion::Text(s) => std::borrow::Cow::Borrowed(s.raw()),
        }
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaVersion::Number(n) => write!(f, "{n}"),
            SchemaVersion::Text(s) => s.fmt(f),
        }
    }
}

/// The schema tables the spec names, in its order.
pub const KNOWN_SCHEMA_TABLES: [&str; 7] = [
    "axolotl", "callback", "cluster", "config", "contact", "jobqueue", "message",
];

/// One error object of the API's `errors` list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ApiError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<ServerText>,
}

impl ApiError {
    /// The error in one line (`1005 Access denied: details`), as server
    /// text: for composing messages (`Display` shows it escaped).
    pub fn text(&self) -> ServerText {
        let mut parts = Vec::new();
        if let Some(c) = self.code {
            parts.push(format!("{c}"));
        }
        if let Some(t) = &self.title {
            parts.push(t.raw().to_string());
        }
        let head = parts.join(" ");
        ServerText::new(match (&self.details, head.is_empty()) {
            (Some(d), true) => d.raw().to_string(),
            (Some(d), false) => format!("{head}: {}", d.raw()),
            (None, false) => head,
            (None, true) => "unspecified error".to_string(),
        })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}

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

/// One node's fields. Every field is optional; unknown ones are in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NodeInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_engine: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_info: Option<Vec<ServerText>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug_info: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_iso8601: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e2e: Option<E2e>,
    /// Environment variables as sent (strings `NAME=value` or objects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_timestamp: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_data: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_logs: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_media_incoming: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_media_outgoing: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lc: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lg: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_connect: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_name: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Schema versions in the order sent, unknown tables included.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_schema"
    )]
    pub schema: Option<Vec<(ServerText, SchemaVersion)>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shards: Option<Vec<ShardRange>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub socket_conn: Option<SocketState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Version>,
    /// Fields this version does not know, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn serialize_schema<S: serde::Serializer>(
    schema: &Option<Vec<(ServerText, SchemaVersion)>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let list = schema.as_deref().unwrap_or_default();
    let mut m = s.serialize_map(Some(list.len()))?;
    for (k, v) in list {
        m.serialize_entry(k.raw(), v)?;
    }
    m.end()
}

/// The four free-space directories, with their labels.
pub const SPACE_DIRS: [SpaceDir; 4] = [
    SpaceDir {
        label: "data",
        field: "free_space_data",
        perf: "free_data",
    },
    SpaceDir {
        label: "logs",
        field: "free_space_logs",
        perf: "free_logs",
    },
    SpaceDir {
        label: "media in",
        field: "free_space_media_incoming",
        perf: "free_media_in",
    },
    SpaceDir {
        label: "media out",
        field: "free_space_media_outgoing",
        perf: "free_media_out",
    },
];

/// One free-space directory: its name for people, its field in the
/// answer, and its label in monitor perfdata.
#[derive(Debug, Clone, Copy)]
pub struct SpaceDir {
    pub label: &'static str,
    pub field: &'static str,
    pub perf: &'static str,
}

impl NodeInfo {
    /// Free space per directory, in the order of [`SPACE_DIRS`].
    pub fn free_space(&self) -> [Option<Bytes>; 4] {
        [
            self.free_space_data,
            self.free_space_logs,
            self.free_space_media_incoming,
            self.free_space_media_outgoing,
        ]
    }

    /// The value of one schema table, if sent.
    pub fn schema_version(&self, table: &str) -> Option<&SchemaVersion> {
        self.schema
            .as_ref()?
            .iter()
            .find(|(k, _)| k == table)
            .map(|(_, v)| v)
    }

    /// The build version: `version`, else `description`.
    pub fn build(&self) -> Option<&ServerText> {
        self.version
            .as_ref()
            .map(|v| &v.0)
            .or(self.description.as_ref())
    }

    /// The build version without spaces or a leading `v`, for comparing
    /// builds across nodes.
    pub fn build_normalized(&self) -> Option<ServerText> {
        self.build()
            .map(|b| b.map(|b| b.trim().trim_start_matches(['v', 'V']).to_string()))
    }
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

/// The character encoding a body arrived in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Charset {
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark (dropped).
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Charset {
    /// The name people use for it.
    pub fn name(&self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Utf8Bom => "UTF-8 with BOM",
            Charset::Utf16Le => "UTF-16LE",
            Charset::Utf16Be => "UTF-16BE",
            Charset::Utf32Le => "UTF-32LE",
            Charset::Utf32Be => "UTF-32BE",
        }
    }

    /// True when the text was converted (UTF-16/32 become UTF-8).
    pub fn is_converted(&self) -> bool {
        !matches!(self, Charset::Utf8 | Charset::Utf8Bom)
    }
}

/// How a body was turned into UTF-8 text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decoding {
    pub charset: Charset,
    /// Invalid byte sequences replaced by U+FFFD.
    pub replaced: usize,
}

/// A body as UTF-8 text: borrowed when it already was valid UTF-8.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    pub text: std::borrow::Cow<'a, [u8]>,
    pub decoding: Decoding,
}

/// The field names of a node in the spec (shape detection relies on them).
pub const NODE_FIELDS: [&str; 24] = [
    "context",
    "db_engine",
    "db_info",
    "debug_info",
    "description",
    "device_iso8601",
    "e2e",
    "env",
    "expire_timestamp",
    "free_space_data",
    "free_space_logs",
    "free_space_media_incoming",
    "free_space_media_outgoing",
    "lc",
    "lg",
    "multi_connect",
    "os_name",
    "os_version",
    "role",
    "schema",
    "shards",
    "socket_conn",
    "version",
    "errors",
];

fn parse_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Parse, msg)
}

/// A short, safe description of a JSON value's type for error messages.
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

fn wrong_type(path: impl fmt::Display + Copy, expected: &str, v: &Value) -> Error {
    parse_error(format!(
        "`{path}` should be {expected}, but the answer has {}",
        type_name(v)
    ))
    .hint("the answer does not match the /v1/support format; check the client's version or save it with --json and report it")
}

/// Describes the start of a body that is not JSON (an HTML page from a
/// proxy, say) in a few safe words.
pub fn describe_non_json(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let trimmed = text.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    if trimmed.is_empty() {
        return "an empty body".to_string();
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        let title = lower
            .find("<title>")
            .and_then(|start| {
                let rest = &trimmed[start + 7..];
                rest.to_ascii_lowercase()
                    .find("</title>")
                    .map(|end| rest[..end].trim().to_string())
            })
            .filter(|t| !t.is_empty());
        return match title {
            Some(t) => format!("an HTML page titled \"{}\"", excerpt(&t, 80)),
            None => "an HTML page".to_string(),
        };
    }
    format!("text starting \"{}\"", excerpt(trimmed, 60))
}

/// The first `max` characters of `s` on one line; control characters are
/// kept for the printer to escape (never dropped silently).
pub fn excerpt(s: &str, max: usize) -> String {
    let flat: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// Decodes a body to UTF-8 text. A UTF-8 byte-order mark is dropped;
/// UTF-16 and UTF-32 (with a byte-order mark, or recognised by the zero
/// bytes around the opening ASCII character as RFC 4627 describes; what
/// PowerShell's `>` writes, common in tickets) are converted; invalid
/// sequences are replaced by U+FFFD and counted. Valid UTF-8 is borrowed,
/// not copied.
pub fn decode_body(body: &[u8]) -> Decoded<'_> {
    use std::borrow::Cow;
    let (charset, rest) = match body {
        [0xEF, 0xBB, 0xBF, rest @ ..] => (Charset::Utf8Bom, rest),
        [0xFF, 0xFE, 0, 0, rest @ ..] => (Charset::Utf32Le, rest),
        [0, 0, 0xFE, 0xFF, rest @ ..] => (Charset::Utf32Be, rest),
        [0xFF, 0xFE, rest @ ..] => (Charset::Utf16Le, rest),
        [0xFE, 0xFF, rest @ ..] => (Charset::Utf16Be, rest),
        [0, 0, 0, a, ..] if *a != 0 => (Charset::Utf32Be, body),
        [a, 0, 0, 0, ..] if *a != 0 => (Charset::Utf32Le, body),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => (Charset::Utf16Be, body),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (Charset::Utf16Le, body),
        _ => (Charset::Utf8, body),
    };
    let mut replaced = 0;
    let text: Cow<'_, [u8]> = match charset {
        Charset::Utf8 | Charset::Utf8Bom => match std::str::from_utf8(rest) {
            Ok(_) => Cow::Borrowed(rest),
            Err(_) => {
                let mut s = String::with_capacity(rest.len() + 16);
                for chunk in rest.utf8_chunks() {
                    s.push_str(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        replaced += 1;
                        s.push(char::REPLACEMENT_CHARACTER);
                    }
                }
                Cow::Owned(s.into_bytes())
            }
        },
        Charset::Utf16Le | Charset::Utf16Be => {
            let le = charset == Charset::Utf16Le;
            let units = rest.chunks_exact(2).map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            let mut s = String::with_capacity(rest.len() / 2 + 16);
            for c in char::decode_utf16(units) {
                s.push(c.unwrap_or_else(|_| {
                    replaced += 1;
                    char::REPLACEMENT_CHARACTER
                }));
            }
            if rest.len() % 2 != 0 {
                replaced += 1;
                s.push(char::REPLACEMENT_CHARACTER);
            }
            Cow::Owned(s.into_bytes())
        }
        Charset::Utf32Le | Charset::Utf32Be => {
            let le = charset == Charset::Utf32Le;
            let mut s = String::with_capacity(rest.len() / 4 + 16);
            for c in rest.chunks_exact(4) {
                let bytes = [c[0], c[1], c[2], c[3]];
                let u = if le {
                    u32::from_le_bytes(bytes)
                } else {
                    u32::from_be_bytes(bytes)
                };
                s.push(char::from_u32(u).unwrap_or_else(|| {
                    replaced += 1;
                    char::REPLACEMENT_CHARACTER
                }));
            }
            if rest.len() % 4 != 0 {
                replaced += 1;
                s.push(char::REPLACEMENT_CHARACTER);
            }
            Cow::Owned(s.into_bytes())
        }
    };
    Decoded {
        text,
        decoding: Decoding { charset, replaced },
    }
}

/// Parses a body into JSON, with a precise one-line error when it is not.
pub fn parse_json(body: &[u8]) -> Result<Value> {
    parse_body(body).map(|(v, _)| v)
}

/// Parses a body into JSON and says how its text was decoded.
pub fn parse_body(body: &[u8]) -> Result<(Value, Decoding)> {
    let decoded = decode_body(body);
    let value = parse_text(&decoded.text)?;
    Ok((value, decoded.decoding))
}

/// Like [`parse_body`], but a node sent twice is kept (the second under
/// `name (2)`) and every key sent twice is listed, to be put in the
/// model's `duplicate_keys` (a plain JSON tree keeps only the last).
pub fn parse_body_keeping_duplicates(body: &[u8]) -> Result<(Value, Decoding, Vec<DuplicateKey>)> {
    let decoded = decode_body(body);
    let text: &[u8] = &decoded.text;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty_error());
    }
    if stream::count_ok(text).is_err() {
        return Err(too_many_nodes());
    }
    let (value, dups) = match stream::read_value(text) {
        Ok(v) => v,
        Err(e) if is_out_of_range(&e) => {
            let quoted = stream::quote_huge_numbers(text);
            stream::read_value(&quoted).map_err(|e| json_error(&quoted, e))?
        }
        Err(e) => return Err(json_error(text, e)),
    };
    Ok((value, decoded.decoding, dups))
}

/// Checks that decoded text is JSON without building it (for printing a
/// body as it came), with the same errors as [`parse_json`].
pub fn check_json_text(text: &[u8]) -> Result<()> {
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty_error());
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| json_error(text, e))
}

fn empty_error() -> Error {
    parse_error("the answer is empty")
        .hint("the server sent no body; check the URL and that the web app is healthy")
}

/// Parses UTF-8 text into JSON, with a precise one-line error when it is not.
/// An answer with more than [`MAX_NODES`] entries under `support` is
/// refused before the tree is built.
pub fn parse_text(body: &[u8]) -> Result<Value> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty_error());
    }
    if stream::count_ok(body).is_err() {
        return Err(too_many_nodes());
    }
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(e) if is_out_of_range(&e) => {
            let quoted = stream::quote_huge_numbers(body);
            serde_json::from_slice(&quoted).map_err(|e| json_error(&quoted, e))
        }
        Err(e) => Err(json_error(body, e)),
    }
}

/// True for serde_json's error on a number beyond the float range
/// (`1e400`), which jq reads: such numbers are then read as strings.
fn is_out_of_range(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("number out of range")
}

fn not_an_object(kind: &str) -> Error {
    parse_error(format!(
        "the answer is {kind}, not an object with a `support` field"
    ))
    .hint("is this the output of GET /v1/support?")
}

fn too_many_nodes() -> Error {
    parse_error(format!(
        "the answer has more than {MAX_NODES} entries under `support`; refused"
    ))
    .hint("real deployments have at most a few thousand nodes; this is not a /v1/support answer")
}

fn json_error(body: &[u8], e: serde_json::Error) -> Error {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => parse_error(format!(
            "the answer is cut short: the JSON ends early (line {}, column {})",
            e.line(),
            e.column()
        ))
        .hint("the transfer was interrupted or the file is incomplete; fetch it again"),
        _ if e.to_string().starts_with(stream::TOO_MANY) => too_many_nodes(),
        _ if e.to_string().starts_with("recursion limit exceeded") => {
            parse_error(format!("the answer nests deeper than {MAX_DEPTH} levels"))
                .hint("this is not a /v1/support answer")
        }
        _ if !looks_like_json(body) => parse_error(format!(
            "the answer is not JSON but {}",
            describe_non_json(body)
        ))
        .hint("a proxy or load balancer may have answered instead of the web app; check the URL"),
        _ => parse_error(format!(
            "the answer is not valid JSON: {}",
            excerpt(&e.to_string(), 120)
        ))
        .hint("save the answer with --json and check it with jq"),
    }
}

fn looks_like_json(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    matches!(start.map(|i| body[i]), Some(b'{') | Some(b'['))
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

    /// Parses decoded UTF-8 text node by node: no JSON tree of the whole
    /// answer is built, each node's value becomes a [`Node`] and is
    /// dropped. Keys sent twice are listed in `duplicate_keys` (a node sent
    /// twice is kept twice, the second renamed `name (2)`); a number too
    /// large for a float degrades only its own field; more than
    /// [`MAX_NODES`] entries under `support` are refused.
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

    /// Schema tables across all nodes: the spec's in its order, then any
    /// others in first-seen order. Linear in the number of schema cells.
    pub fn schema_tables(&self) -> Vec<ServerText> {
        self.schema_grid().tables
    }

    /// Every schema value, indexed: the tables of [`Self::schema_tables`]
    /// and, per table, the nodes that report it with their version (sparse;
    /// linear in the number of schema cells, whatever the shape).
    pub fn schema_grid(&self) -> SchemaGrid<'_> {
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        let mut cells: Vec<Vec<(usize, &SchemaVersion)>> = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            for (k, v) in n.info.schema.as_deref().unwrap_or_default() {
                let col = *index.entry(k.raw()).or_insert_with(|| {
                    order.push(k.raw());
                    cells.push(Vec::new());
                    order.len() - 1
                });
                cells[col].push((i, v));
            }
        }
        // The spec's tables first, in its order, then the others as seen.
        let rank = |t: &str| {
            KNOWN_SCHEMA_TABLES
                .iter()
                .position(|k| *k == t)
                .unwrap_or(KNOWN_SCHEMA_TABLES.len())
        };
        let mut cols: Vec<usize> = (0..order.len()).collect();
        cols.sort_by_key(|c| rank(order[*c])); // stable: others keep first-seen order
        let mut slots: Vec<Option<Vec<(usize, &SchemaVersion)>>> =
            cells.into_iter().map(Some).collect();
        SchemaGrid {
            tables: cols.iter().map(|c| ServerText::from(order[*c])).collect(),
            columns: cols
                .iter()
                .map(|c| slots[*c].take().unwrap_or_default())
                .collect(),
        }
    }
}

/// Schema versions by table: `columns[t]` lists `(node index, version)` for
/// the table `tables[t]`, nodes in the answer's order. Nodes that do not
/// report a table are absent from its column.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaGrid<'a> {
    pub tables: Vec<ServerText>,
    pub columns: Vec<Vec<(usize, &'a SchemaVersion)>>,
}

/// Makes the error for an answer whose top-level `errors` replaced `support`.
pub fn api_errors_error(errors: &[ApiError], status: Option<u16>) -> Error {
    let text = errors
        .iter()
        .map(|e| excerpt(e.text().raw(), 200))
        .collect::<Vec<_>>()
        .join("; ");
    let prefix = match status {
        Some(s) => format!("the server answered {s} with error {text}"),
        None => format!("the server answered with error {text}"),
    };
    let hint = errors
        .iter()
        .find_map(|e| e.code.and_then(hint_for_code))
        .unwrap_or("check the web app's logs");
    let mut e = Error::new(ErrorKind::Http, prefix).hint(hint);
    if let Some(s) = status {
        e = e.with_status(s);
    }
    e
}

/// The `errors` list of an error answer, when the body is one.
pub fn error_list(body: &[u8]) -> Option<Vec<ApiError>> {
    if body.len() > 1 << 20 {
        return None;
    }
    let v: Value = serde_json::from_slice(body).ok()?;
    let e = v.as_object()?.get("errors")?.clone();
    matches!(e, Value::Array(_) | Value::Object(_)).then(|| read_errors(e))
}

/// What to try for the API error codes a support tool meets.
pub fn hint_for_code(code: i64) -> Option<&'static str> {
    Some(match code {
        1005 => {
            "access denied: check the token (wa-support login), the build's expiry and the certificate"
        }
        1011 => "the service is not ready yet; wait a minute and try again",
        1014 => "internal error in the web app; check its logs",
        1015 => "too many requests; wait and try again",
        1016 => "the system is overloaded; wait and try again",
        1017 => "this node is not the primary master; point --url at the primary master",
        _ => return None,
    })
}

/// True for a key that looks like a node's `host:container` name.
fn is_node_key(k: &str) -> bool {
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

/// Longest raw value kept in an [`Unreadable`], in characters.
const RAW_MAX: usize = 200;

/// A value as JSON text, cut to [`RAW_MAX`] characters (then `…`). Only
/// the start is serialized, so a huge value costs no more than a small one.
fn raw_text(v: &Value) -> String {
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
struct Reader<'p> {
    /// Path of the object (`support.h:c`, `support.h:c.e2e`, `meta`).
    path: &'p str,
    /// Prefix of field names within the node (`""`, `"e2e."`).
    prefix: &'static str,
    bad: Vec<Unreadable>,
}

impl<'p> Reader<'p> {
    fn new(path: &'p str, prefix: &'static str) -> Self {
        Reader {
            path,
            prefix,
            bad: Vec::new(),
        }
    }

    fn bad(&mut self, key: &str, v: &Value, expected: &str) {
        self.bad.push(Unreadable {
            field: format!("{}{key}", self.prefix).into(),
            path: format!("{}.{key}", self.path).into(),
            raw: raw_text(v).into(),
            expected: expected.to_string(),
        });
    }

    /// Removes `key` and reads it; null is absent.
    fn take<T>(
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
}

const A_STRING: &str = "a string";
const A_TIME: &str = "a date-time or Unix seconds";
const A_BYTE_COUNT: &str = "a byte count (a whole number from 0 to 2^64-1)";

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

/// An `errors` value, read whatever its shape: a list, one error object,
/// a string (the message) or a number (the code). Never fails.
fn read_errors(v: Value) -> Vec<ApiError> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(a) => a
            .into_iter()
            .filter(|e| !e.is_null())
            .map(read_error)
            .collect(),
        other => vec![read_error(other)],
    }
}

fn read_error(v: Value) -> ApiError {
    let text = |v: Option<Value>| match v? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(raw_text(&other)),
    };
    match v {
        Value::Object(mut m) => ApiError {
            code: match m.remove("code") {
                Some(Value::Number(n)) => n.as_i64(),
                Some(Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            },
            title: text(m.remove("title")).map(ServerText::from),
            details: text(m.remove("details")).map(ServerText::from),
            href: text(m.remove("href")).map(ServerText::from),
        },
        Value::String(s) => ApiError {
            title: Some(s.into()),
            ..ApiError::default()
        },
        Value::Number(n) if n.as_i64().is_some() => ApiError {
            code: n.as_i64(),
            ..ApiError::default()
        },
        other => ApiError {
            title: Some(raw_text(&other).into()),
            ..ApiError::default()
        },
    }
}

/// One value of a multi-node `support`: an object is a node; anything else
/// is a node in error that sent no status.
fn read_node_value(name: String, v: Value) -> Node {
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

fn parse_node(name: String, mut m: Map<String, Value>, path: &str) -> Node {
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
    let e2e = match m.remove("e2e") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => {
            let p = format!("{path}.e2e");
            let mut sub = Reader::new(&p, "e2e.");
            let e = read_e2e(o, &mut sub);
            r.bad.append(&mut sub.bad);
            Some(e)
        }
        Some(other) => {
            r.bad("e2e", &other, "an object");
            None
        }
    };
    let schema = match m.remove("schema") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => {
            let p = format!("{path}.schema");
            let mut sub = Reader::new(&p, "schema.");
            let s = read_schema(o, &mut sub);
            r.bad.append(&mut sub.bad);
            Some(s)
        }
        Some(other) => {
            r.bad("schema", &other, "an object of table versions");
            None
        }
    };
    // An unreadable state is an unknown one: the socket rules judge it so.
    let socket_conn = match m.remove("socket_conn") {
        None | Some(Value::Null) => None,
        Some(v) => match string(v) {
            Ok(s) => Some(SocketState::parse(&s)),
            Err(v) => {
                r.bad("socket_conn", &v, "a string such as UP or DN");
                Some(SocketState::Unknown)
            }
        },
    };
    let info = NodeInfo {
        context: r.take(&mut m, "context", A_STRING, text),
        db_engine: r.take(&mut m, "db_engine", A_STRING, text),
        db_info: r.take(&mut m, "db_info", "a list of strings", text_list),
        debug_info: r.take(&mut m, "debug_info", A_STRING, text),
        description: r.take(&mut m, "description", A_STRING, text),
        device_iso8601: r.take(&mut m, "device_iso8601", A_TIME, time_text),
        e2e,
        env: r.take(&mut m, "env", "a list of NAME=value entries", env_list),
        expire_timestamp: r.take(&mut m, "expire_timestamp", A_TIME, time_text),
        free_space_data: r.take(&mut m, "free_space_data", A_BYTE_COUNT, bytes),
        free_space_logs: r.take(&mut m, "free_space_logs", A_BYTE_COUNT, bytes),
        free_space_media_incoming: r.take(&mut m, "free_space_media_incoming", A_BYTE_COUNT, bytes),
        free_space_media_outgoing: r.take(&mut m, "free_space_media_outgoing", A_BYTE_COUNT, bytes),
        lc: r.take(&mut m, "lc", A_STRING, text),
        lg: r.take(&mut m, "lg", A_STRING, text),
        multi_connect: r.take(&mut m, "multi_connect", "true or false", boolean),
        os_name: r.take(&mut m, "os_name", A_STRING, text),
        os_version: r.take(&mut m, "os_version", A_STRING, text),
        role: r
            .take(&mut m, "role", A_STRING, string)
            .map(|s| Role::parse(&s)),
        schema,
        shards: r.take(
            &mut m,
            "shards",
            "a list of [first, last] ranges with first ≤ last",
            shards,
        ),
        socket_conn,
        version: r.take(&mut m, "version", A_STRING, text).map(Version),
        extra: exact_map(m),
    };
    Node {
        name: name.into(),
        info,
        errors,
        unreadable: r.bad,
        server_fields,
    }
}

/// The fields left in a map once the known ones were taken out. A map
/// emptied by removals still holds its first allocation (a B-tree leaf of
/// some 600 bytes); per node that would be most of the model's memory.
fn exact_map(m: Map<String, Value>) -> Map<String, Value> {
    if m.is_empty() { Map::new() } else { m }
}

/// A string; numbers and booleans are accepted and shown as sent.
fn string(v: Value) -> std::result::Result<String, Value> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(other),
    }
}

/// A string the server sent (numbers and booleans as their JSON text).
fn text(v: Value) -> std::result::Result<ServerText, Value> {
    string(v).map(ServerText::from)
}

/// A time: a string or a number (Unix seconds), kept as sent; a boolean
/// is no time.
fn time_text(v: Value) -> std::result::Result<ServerText, Value> {
    match v {
        Value::Bool(_) => Err(v),
        v => text(v),
    }
}

fn text_list(v: Value) -> std::result::Result<Vec<ServerText>, Value> {
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
fn env_list(v: Value) -> std::result::Result<Vec<Value>, Value> {
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

fn boolean(v: Value) -> std::result::Result<bool, Value> {
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
fn bytes(v: Value) -> std::result::Result<Bytes, Value> {
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
fn shards(v: Value) -> std::result::Result<Vec<ShardRange>, Value> {
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

#[cfg(test)]
mod tests;
