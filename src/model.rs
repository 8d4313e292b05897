//! The shared model of a `/v1/support` answer.
//!
//! Both shapes the server sends — one node's fields directly under `support`,
//! or one object per `host:container` key in multi-connect — become the same
//! [`SupportAnswer`]: a list of [`Node`]s. Every field is optional, values the
//! model does not know (a new role, a new socket state, a new schema table, a
//! new field) are kept, and wrong types are reported with the path of the
//! offending value.
//!
//! Parsing is liberal where servers are known to vary (a version with or
//! without `v`, `registration_id` as number or string, integers sent as
//! strings) and strict where a value would otherwise be misread.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

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

    /// Binary units ("12.5 GiB"), for people.
    pub fn human(&self) -> String {
        humansize::format_size(self.0, humansize::BINARY)
    }
}

/// A node's job in a multi-connect or high-availability setup.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    PrimaryMaster,
    SecondaryMaster,
    Coreapp,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl Role {
    fn parse(s: &str) -> Role {
        match s.trim().to_ascii_lowercase().as_str() {
            "primary_master" => Role::PrimaryMaster,
            "secondary_master" => Role::SecondaryMaster,
            "coreapp" => Role::Coreapp,
            _ => Role::Other(s.to_string()),
        }
    }

    /// The value as the server spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Role::PrimaryMaster => "primary_master",
            Role::SecondaryMaster => "secondary_master",
            Role::Coreapp => "coreapp",
            Role::Other(s) => s,
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
        f.write_str(self.as_str())
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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
    Other(String),
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
            _ => SocketState::Other(s.to_string()),
        }
    }

    /// The value as the server spells it.
    pub fn as_str(&self) -> &str {
        match self {
            SocketState::Up => "UP",
            SocketState::Down => "DN",
            SocketState::Connecting => "SC",
            SocketState::UpReceivingOffline => "UP receiving offline",
            SocketState::Unknown => "UNK",
            SocketState::Other(s) => s,
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
        f.write_str(self.as_str())
    }
}

impl Serialize for SocketState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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

impl fmt::Display for ShardRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
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

/// Shows a node's shards as people read them: `-1, 0`, `0-3`, `—` for none.
///
/// ```
/// use wa_support::model::{ShardRange, format_shards};
/// let s = [ShardRange { first: -1, last: -1 }, ShardRange { first: 0, last: 3 }];
/// assert_eq!(format_shards(Some(&s)), "-1, 0-3");
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
    Text(String),
}

impl fmt::Display for RegistrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrationId::Number(n) => write!(f, "{n}"),
            RegistrationId::Text(s) => f.write_str(s),
        }
    }
}

/// Encryption debug information (`e2e`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct E2e {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_id: Option<RegistrationId>,
    /// Fields this version does not know, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A build version as sent (`v2.45.1` or `2.45.1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Version(pub String);

impl Version {
    /// Without a leading `v`, for comparing builds.
    pub fn normalized(&self) -> &str {
        let s = self.0.trim();
        s.strip_prefix(['v', 'V']).unwrap_or(s)
    }
}

/// One database schema version: an integer, or whatever else was sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum SchemaVersion {
    Number(i64),
    Text(String),
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaVersion::Number(n) => write!(f, "{n}"),
            SchemaVersion::Text(s) => f.write_str(s),
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
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(c) = self.code {
            parts.push(format!("{c}"));
        }
        if let Some(t) = &self.title {
            parts.push(t.clone());
        }
        let head = parts.join(" ");
        match (&self.details, head.is_empty()) {
            (Some(d), true) => f.write_str(d),
            (Some(d), false) => write!(f, "{head}: {d}"),
            (None, false) => f.write_str(&head),
            (None, true) => f.write_str("unspecified error"),
        }
    }
}

/// Top-level `meta` of an answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Version>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One node's fields. Every field is optional; unknown ones are in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NodeInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_engine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_info: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug_info: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_iso8601: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e2e: Option<E2e>,
    /// Environment variables as sent (strings `NAME=value` or objects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_data: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_logs: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_media_incoming: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_space_media_outgoing: Option<Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lg: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_connect: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Schema versions in the order sent, unknown tables included.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_schema"
    )]
    pub schema: Option<Vec<(String, SchemaVersion)>>,
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
    schema: &Option<Vec<(String, SchemaVersion)>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let list = schema.as_deref().unwrap_or_default();
    let mut m = s.serialize_map(Some(list.len()))?;
    for (k, v) in list {
        m.serialize_entry(k, v)?;
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
    pub fn build(&self) -> Option<&str> {
        self.version
            .as_ref()
            .map(|v| v.0.as_str())
            .or(self.description.as_deref())
    }

    /// The build version without spaces or a leading `v`, for comparing
    /// builds across nodes.
    pub fn build_normalized(&self) -> Option<&str> {
        self.build()
            .map(|b| b.trim().trim_start_matches(['v', 'V']))
    }
}

/// One node of the answer: its name, its fields, and its errors when the
/// node failed on its own (its value was an `errors` list).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub name: String,
    #[serde(flatten)]
    pub info: NodeInfo,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiError>,
}

impl Node {
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
        (rank, self.name.as_str())
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

/// A field's path (`support.h:c` + `shards`), formatted only when an
/// error needs it: parsing a large answer builds no path strings.
#[derive(Clone, Copy)]
struct At<'a, P>(P, &'a str);

impl<P: fmt::Display> fmt::Display for At<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// An item's path (`…shards` + `0` → `…shards[0]`), formatted lazily.
#[derive(Clone, Copy)]
struct Idx<P>(P, usize);

impl<P: fmt::Display> fmt::Display for Idx<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
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

/// The first `max` characters of `s` on one line, control characters dropped.
pub fn excerpt(s: &str, max: usize) -> String {
    let flat: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control() && !crate::render::is_bidi_control(*c))
        .collect();
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// Decodes a body to UTF-8 bytes: a UTF-8 byte-order mark is dropped, and
/// UTF-16 with a byte-order mark (what PowerShell's `>` writes, common in
/// tickets) is converted.
fn decode_text(body: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>> {
    use std::borrow::Cow;
    let utf16 = |le: bool| -> Result<Cow<'_, [u8]>> {
        let units: Vec<u16> = body[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units)
            .map(|s| Cow::Owned(s.into_bytes()))
            .map_err(|_| {
                parse_error("the answer claims to be UTF-16 but is not valid UTF-16")
                    .hint("save the answer again as UTF-8")
            })
    };
    match body {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Ok(Cow::Borrowed(rest)),
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => Ok(Cow::Borrowed(body)),
    }
}

/// Parses a body into JSON, with a precise one-line error when it is not.
pub fn parse_json(body: &[u8]) -> Result<Value> {
    let decoded = decode_text(body)?;
    let body: &[u8] = &decoded;
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(parse_error("the answer is empty")
            .hint("the server sent no body; check the URL and that the web app is healthy"));
    }
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => parse_error(format!(
                "the answer is cut short: the JSON ends early (line {}, column {})",
                e.line(),
                e.column()
            ))
            .hint("the transfer was interrupted or the file is incomplete; fetch it again"),
            _ if e.to_string().starts_with("recursion limit exceeded") => {
                parse_error(format!("the answer nests deeper than {MAX_DEPTH} levels"))
                    .hint("this is not a /v1/support answer")
            }
            _ if !looks_like_json(body) => parse_error(format!(
                "the answer is not JSON but {}",
                describe_non_json(body)
            ))
            .hint(
                "a proxy or load balancer may have answered instead of the web app; check the URL",
            ),
            _ => parse_error(format!(
                "the answer is not valid JSON: {}",
                excerpt(&e.to_string(), 120)
            ))
            .hint("save the answer with --json and check it with jq"),
        }
    })
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
        let value = parse_json(body)?;
        SupportAnswer::from_value(value, single_name)
    }

    /// Builds the model from a JSON value already parsed.
    pub fn from_value(value: Value, single_name: &str) -> Result<SupportAnswer> {
        let Value::Object(mut top) = value else {
            return Err(parse_error(format!(
                "the answer is {}, not an object with a `support` field",
                type_name(&value)
            ))
            .hint("is this the output of GET /v1/support?"));
        };
        let meta = match top.remove("meta") {
            None | Some(Value::Null) => None,
            Some(v) => Some(parse_meta(v)?),
        };
        let errors = match top.remove("errors") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => parse_errors(v, "errors")?,
        };
        let support = match top.remove("support") {
            Some(Value::Object(m)) => m,
            Some(Value::Null) | None if !errors.is_empty() => {
                return Err(api_errors_error(&errors, None));
            }
            Some(Value::Null) => {
                return Err(parse_error(
                    "the answer's `support` is null: the server sent no status",
                )
                .hint("the web app may still be starting; try again in a minute"));
            }
            Some(other) => return Err(wrong_type("support", "an object", &other)),
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
        if support.is_empty() {
            return Err(
                parse_error("the answer's `support` object is empty: no node reported")
                    .hint("the web app may still be starting; try again in a minute"),
            );
        }

        let (shape, mut nodes) = if is_multi_connect(&support) {
            let mut nodes = Vec::with_capacity(support.len());
            for (key, v) in support {
                let node = parse_node(key.clone(), v, &format!("support.{key}"))
                    .map_err(|e| e.context(format!("node {}", excerpt(&key, 80))))?;
                nodes.push(node);
            }
            (Shape::MultiConnect, nodes)
        } else {
            let node = parse_node(single_name.to_string(), Value::Object(support), "support")?;
            (Shape::Single, vec![node])
        };
        nodes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(SupportAnswer {
            shape,
            nodes,
            meta,
            errors,
            extra: top,
        })
    }

    /// The distinct build versions, normalised, in first-seen order.
    pub fn builds(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in &self.nodes {
            if let Some(b) = n.info.build_normalized().map(str::to_string) {
                if !out.contains(&b) {
                    out.push(b);
                }
            }
        }
        out
    }

    /// Schema tables across all nodes: the spec's in its order, then any
    /// others in first-seen order.
    pub fn schema_tables(&self) -> Vec<String> {
        let mut extra: Vec<String> = Vec::new();
        let mut known_seen = [false; KNOWN_SCHEMA_TABLES.len()];
        for n in &self.nodes {
            for (k, _) in n.info.schema.as_deref().unwrap_or_default() {
                if let Some(i) = KNOWN_SCHEMA_TABLES.iter().position(|t| t == k) {
                    known_seen[i] = true;
                } else if !extra.contains(k) {
                    extra.push(k.clone());
                }
            }
        }
        KNOWN_SCHEMA_TABLES
            .iter()
            .zip(known_seen)
            .filter(|(_, seen)| *seen)
            .map(|(t, _)| t.to_string())
            .chain(extra)
            .collect()
    }
}

/// Makes the error for an answer whose top-level `errors` replaced `support`.
pub fn api_errors_error(errors: &[ApiError], status: Option<u16>) -> Error {
    let text = errors
        .iter()
        .map(|e| excerpt(&e.to_string(), 200))
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
    parse_errors(e, "errors").ok()
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

/// Multi-connect when every value is an object and no key is a node field.
/// A single-node answer always has at least one non-object value or a
/// known field name; `e2e` and `schema` are objects but known names.
pub fn is_multi_connect(support: &Map<String, Value>) -> bool {
    support.values().all(Value::is_object)
        && !support.keys().any(|k| NODE_FIELDS.contains(&k.as_str()))
}

fn parse_meta(v: Value) -> Result<Meta> {
    let Value::Object(mut m) = v else {
        return Err(wrong_type("meta", "an object", &v));
    };
    Ok(Meta {
        api_status: opt_string(m.remove("api_status"), "meta.api_status")?,
        version: opt_string(m.remove("version"), "meta.version")?.map(Version),
        extra: m,
    })
}

fn parse_errors(v: Value, path: impl fmt::Display + Copy) -> Result<Vec<ApiError>> {
    let list = match v {
        Value::Array(a) => a,
        // Seen from proxies: a single error object instead of a list.
        Value::Object(_) => vec![v],
        other => return Err(wrong_type(path, "a list of errors", &other)),
    };
    list.into_iter()
        .enumerate()
        .map(|(i, e)| {
            let p = format!("{path}[{i}]");
            match e {
                Value::Object(mut m) => Ok(ApiError {
                    code: opt_int(m.remove("code"), &format!("{p}.code"))?,
                    title: opt_string(m.remove("title"), &format!("{p}.title"))?,
                    details: opt_string(m.remove("details"), &format!("{p}.details"))?,
                    href: opt_string(m.remove("href"), &format!("{p}.href"))?,
                }),
                Value::String(s) => Ok(ApiError {
                    title: Some(s),
                    ..ApiError::default()
                }),
                other => Err(wrong_type(&p, "an error object", &other)),
            }
        })
        .collect()
}

fn parse_node(name: String, v: Value, path: &str) -> Result<Node> {
    let mut m = match v {
        Value::Object(m) => m,
        other => return Err(wrong_type(path, "a node object", &other)),
    };
    let errors = match m.remove("errors") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_errors(v, &format!("{path}.errors"))?,
    };
    let info = NodeInfo {
        context: opt_string(m.remove("context"), At(path, "context"))?,
        db_engine: opt_string(m.remove("db_engine"), At(path, "db_engine"))?,
        db_info: opt_string_list(m.remove("db_info"), At(path, "db_info"))?,
        debug_info: opt_string(m.remove("debug_info"), At(path, "debug_info"))?,
        description: opt_string(m.remove("description"), At(path, "description"))?,
        device_iso8601: opt_string(m.remove("device_iso8601"), At(path, "device_iso8601"))?,
        e2e: match m.remove("e2e") {
            None | Some(Value::Null) => None,
            Some(v) => Some(parse_e2e(v, At(path, "e2e"))?),
        },
        env: match m.remove("env") {
            None | Some(Value::Null) => None,
            Some(Value::Array(a)) => Some(a),
            // An object of NAME: value is kept as NAME=value entries' objects.
            Some(Value::Object(o)) => Some(
                o.into_iter()
                    .map(|(k, v)| {
                        let mut one = Map::new();
                        one.insert(k, v);
                        Value::Object(one)
                    })
                    .collect(),
            ),
            Some(Value::String(s)) => Some(vec![Value::String(s)]),
            Some(other) => return Err(wrong_type(At(path, "env"), "a list", &other)),
        },
        expire_timestamp: opt_string(m.remove("expire_timestamp"), At(path, "expire_timestamp"))?,
        free_space_data: opt_bytes(m.remove("free_space_data"), At(path, "free_space_data"))?,
        free_space_logs: opt_bytes(m.remove("free_space_logs"), At(path, "free_space_logs"))?,
        free_space_media_incoming: opt_bytes(
            m.remove("free_space_media_incoming"),
            At(path, "free_space_media_incoming"),
        )?,
        free_space_media_outgoing: opt_bytes(
            m.remove("free_space_media_outgoing"),
            At(path, "free_space_media_outgoing"),
        )?,
        lc: opt_string(m.remove("lc"), At(path, "lc"))?,
        lg: opt_string(m.remove("lg"), At(path, "lg"))?,
        multi_connect: opt_bool(m.remove("multi_connect"), At(path, "multi_connect"))?,
        os_name: opt_string(m.remove("os_name"), At(path, "os_name"))?,
        os_version: opt_string(m.remove("os_version"), At(path, "os_version"))?,
        role: opt_string(m.remove("role"), At(path, "role"))?.map(|s| Role::parse(&s)),
        schema: match m.remove("schema") {
            None | Some(Value::Null) => None,
            Some(v) => Some(parse_schema(v, At(path, "schema"))?),
        },
        shards: match m.remove("shards") {
            None | Some(Value::Null) => None,
            Some(v) => Some(parse_shards(v, At(path, "shards"))?),
        },
        socket_conn: opt_string(m.remove("socket_conn"), At(path, "socket_conn"))?
            .map(|s| SocketState::parse(&s)),
        version: opt_string(m.remove("version"), At(path, "version"))?.map(Version),
        extra: m,
    };
    Ok(Node { name, info, errors })
}

/// A string; numbers and booleans are accepted and shown as sent.
fn opt_string(v: Option<Value>, path: impl fmt::Display + Copy) -> Result<Option<String>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(wrong_type(path, "a string", &other)),
    }
}

fn opt_string_list(
    v: Option<Value>,
    path: impl fmt::Display + Copy,
) -> Result<Option<Vec<String>>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .map(|(i, v)| opt_string(Some(v), Idx(path, i)).map(|s| s.unwrap_or_default()))
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(v @ (Value::String(_) | Value::Number(_))) => {
            Ok(Some(vec![opt_string(Some(v), path)?.unwrap_or_default()]))
        }
        Some(other) => Err(wrong_type(path, "a list of strings", &other)),
    }
}

fn opt_bool(v: Option<Value>, path: impl fmt::Display + Copy) -> Result<Option<bool>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
        Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(other) => Err(wrong_type(path, "true or false", &other)),
    }
}

fn opt_int(v: Option<Value>, path: impl fmt::Display + Copy) -> Result<Option<i64>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => Ok(Some(i)),
            None => Err(parse_error(format!(
                "`{path}` should be a whole number, but the answer has {}",
                excerpt(&n.to_string(), 30)
            ))),
        },
        Some(Value::String(s)) => match s.trim().parse::<i64>() {
            Ok(i) => Ok(Some(i)),
            Err(_) => Err(parse_error(format!(
                "`{path}` should be a whole number, but the answer has the string \"{}\"",
                excerpt(&s, 30)
            ))),
        },
        Some(other) => Err(wrong_type(path, "a whole number", &other)),
    }
}

/// A byte count: a non-negative integer, or a string of digits. Exact to
/// 2^64-1; floats are accepted only when whole and in range.
fn opt_bytes(v: Option<Value>, path: impl fmt::Display + Copy) -> Result<Option<Bytes>> {
    let bad = |what: String| {
        parse_error(format!(
            "`{path}` should be a byte count (a whole number ≥ 0), but the answer has {what}"
        ))
    };
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            if let Some(u) = n.as_u64() {
                Ok(Some(Bytes(u)))
            } else if let Some(f) = n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 18_446_744_073_709_551_616.0)
            {
                Ok(Some(Bytes(f as u64)))
            } else {
                Err(bad(excerpt(&n.to_string(), 30)))
            }
        }
        Some(Value::String(s)) => match s.trim().parse::<u64>() {
            Ok(u) => Ok(Some(Bytes(u))),
            Err(_) => Err(bad(format!("the string \"{}\"", excerpt(&s, 30)))),
        },
        Some(other) => Err(bad(type_name(&other).to_string())),
    }
}

fn parse_e2e(v: Value, path: impl fmt::Display + Copy) -> Result<E2e> {
    let Value::Object(mut m) = v else {
        return Err(wrong_type(path, "an object", &v));
    };
    let registration_id = match m.remove("registration_id") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(match n.as_u64() {
            Some(u) => RegistrationId::Number(u),
            None => RegistrationId::Text(n.to_string()),
        }),
        Some(Value::String(s)) => Some(RegistrationId::Text(s)),
        Some(other) => {
            return Err(wrong_type(
                &format!("{path}.registration_id"),
                "a number or a string",
                &other,
            ));
        }
    };
    Ok(E2e {
        identity_timestamp: opt_string(
            m.remove("identity_timestamp"),
            At(path, "identity_timestamp"),
        )?,
        registration_id,
        extra: m,
    })
}

fn parse_schema(v: Value, path: impl fmt::Display + Copy) -> Result<Vec<(String, SchemaVersion)>> {
    let Value::Object(m) = v else {
        return Err(wrong_type(path, "an object of table versions", &v));
    };
    m.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let ver = match v {
                Value::Number(n) => match n.as_i64() {
                    Some(i) => SchemaVersion::Number(i),
                    None => SchemaVersion::Text(n.to_string()),
                },
                Value::String(s) => match s.trim().parse::<i64>() {
                    Ok(i) => SchemaVersion::Number(i),
                    Err(_) => SchemaVersion::Text(s),
                },
                other => {
                    return Err(wrong_type(
                        &format!("{path}.{k}"),
                        "a version number",
                        &other,
                    ));
                }
            };
            Ok((k, ver))
        })
        .collect()
}

fn shard_id(v: &Value, path: impl fmt::Display + Copy) -> Result<i64> {
    match v {
        Value::Number(n) => n.as_i64().ok_or_else(|| {
            parse_error(format!(
                "`{path}` should be a shard id, but the answer has {}",
                excerpt(&n.to_string(), 30)
            ))
        }),
        Value::String(s) => s.trim().parse::<i64>().map_err(|_| {
            parse_error(format!(
                "`{path}` should be a shard id, but the answer has the string \"{}\"",
                excerpt(s, 30)
            ))
        }),
        other => Err(wrong_type(path, "a shard id", other)),
    }
}

/// `[[first, last], ...]`; a bare id or a one-element pair is one shard.
fn parse_shards(v: Value, path: impl fmt::Display + Copy) -> Result<Vec<ShardRange>> {
    let Value::Array(items) = v else {
        return Err(wrong_type(path, "a list of [first, last] ranges", &v));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = Idx(path, i);
        let range = match item {
            Value::Array(pair) if pair.len() == 2 => ShardRange {
                first: shard_id(&pair[0], Idx(p, 0))?,
                last: shard_id(&pair[1], Idx(p, 1))?,
            },
            Value::Array(pair) if pair.len() == 1 => {
                let id = shard_id(&pair[0], Idx(p, 0))?;
                ShardRange {
                    first: id,
                    last: id,
                }
            }
            Value::Array(pair) => {
                return Err(parse_error(format!(
                    "`{p}` should be a [first, last] pair, but it has {} items",
                    pair.len()
                )));
            }
            Value::Number(_) | Value::String(_) => {
                let id = shard_id(item, p)?;
                ShardRange {
                    first: id,
                    last: id,
                }
            }
            other => return Err(wrong_type(p, "a [first, last] pair", other)),
        };
        if range.last < range.first {
            return Err(parse_error(format!(
                "`{p}` is the range [{}, {}], whose end comes before its start",
                range.first, range.last
            )));
        }
        out.push(range);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
