//! The `/v1/health` answer, and its cross-check with `/v1/support`.
//!
//! Support desks ask for `/v1/health` with every ticket. It says, per node,
//! the node's connection to the WhatsApp gateway (`gateway_status`), which
//! `/v1/support` also says in its own words (`socket_conn`): when the two
//! disagree, or health reports a state that needs explaining (a schema
//! upgrade, a number no longer registered), that is worth a finding.
//!
//! Both shapes are read: one node's fields directly under `health`
//! (`{"health":{"gateway_status":"connected"}}`) and one object per
//! `host:container` key in multi-connect, where a node may answer with an
//! `errors` list instead. Reading is lenient as for `/v1/support`: a value
//! that cannot be read degrades only its own field (listed in
//! `unreadable`), a node sent as something other than an object is a node
//! in error, and an answer that is only a top-level `errors` envelope is
//! kept as such. Parsing is linear in the body and never panics.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::diagnose::Severity;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    ApiError, Decoding, Meta, Node, Shape, SocketState, SupportAnswer, Unreadable, read_errors,
};
use crate::safe::ServerText;

/// The node's connection to the WhatsApp gateway, as `/v1/health` says it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GatewayStatus {
    Connected,
    Connecting,
    Disconnected,
    /// The database schema may be upgrading or initializing.
    Uninitialized,
    /// No phone number is registered on the node.
    Unregistered,
    /// A value this version does not know, kept as sent.
    Other(ServerText),
}

impl GatewayStatus {
    /// Reads a value as sent; case and surrounding spaces do not matter.
    pub fn parse(s: &str) -> GatewayStatus {
        match s.trim().to_ascii_lowercase().as_str() {
            "connected" => GatewayStatus::Connected,
            "connecting" => GatewayStatus::Connecting,
            "disconnected" => GatewayStatus::Disconnected,
            "uninitialized" | "uninitialised" => GatewayStatus::Uninitialized,
            "unregistered" => GatewayStatus::Unregistered,
            _ => GatewayStatus::Other(s.into()),
        }
    }

    /// The value as the server spells it, raw: for comparisons and JSON
    /// (`Display` shows it escaped).
    pub fn raw(&self) -> &str {
        match self {
            GatewayStatus::Connected => "connected",
            GatewayStatus::Connecting => "connecting",
            GatewayStatus::Disconnected => "disconnected",
            GatewayStatus::Uninitialized => "uninitialized",
            GatewayStatus::Unregistered => "unregistered",
            GatewayStatus::Other(s) => s.raw(),
        }
    }

    /// Where the status stands on the connected / connecting / disconnected
    /// line; `None` for states that are not about the connection.
    fn link(&self) -> Option<Link> {
        match self {
            GatewayStatus::Connected => Some(Link::Up),
            GatewayStatus::Connecting => Some(Link::Connecting),
            GatewayStatus::Disconnected => Some(Link::Down),
            _ => None,
        }
    }
}

impl fmt::Display for GatewayStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GatewayStatus::Other(s) => s.fmt(f),
            known => f.pad(known.raw()),
        }
    }
}

impl Serialize for GatewayStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.raw())
    }
}

/// One node of a `/v1/health` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HealthNode {
    /// The `host:container` key, or the name given to a single-node answer.
    pub name: ServerText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_status: Option<GatewayStatus>,
    /// The role as sent (`primary_master`, `primary_coreapp`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<ServerText>,
    /// The node's errors, when it answered with them (or with null, a
    /// string, a list) instead of its status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiError>,
    /// Fields present but unreadable; left out above.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// Fields this version does not know, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl HealthNode {
    /// True when the node answered with errors instead of its status.
    pub fn is_error(&self) -> bool {
        !self.errors.is_empty()
    }

    /// A short cell for a table column: the status, `error 1011` for a
    /// node in error, `?` for a status that could not be read, `—` when
    /// none was sent.
    pub fn status_text(&self) -> ServerText {
        if let Some(e) = self.errors.first() {
            return match e.code {
                Some(c) => ServerText::new(format!("error {c}")),
                None => ServerText::new("error"),
            };
        }
        match &self.gateway_status {
            Some(GatewayStatus::Other(s)) => s.clone(),
            Some(s) => ServerText::new(s.raw()),
            None if self.unreadable.iter().any(|u| u.field == "gateway_status") => "?".into(),
            None => "—".into(),
        }
    }
}

/// A whole `/v1/health` answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthAnswer {
    pub shape: Shape,
    /// In the order sent (empty when the answer is only an `errors` envelope).
    pub nodes: Vec<HealthNode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Top-level errors (beside or instead of `health`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiError>,
    /// Top-level fields this version does not know.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
    /// Top-level values present but unreadable.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// How the body's text was decoded.
    #[serde(skip)]
    pub decoding: Decoding,
}

/// Field names of one node in `/v1/health` (shape detection relies on them).
pub const HEALTH_NODE_FIELDS: [&str; 3] = ["gateway_status", "role", "errors"];

/// Longest raw value kept in an [`Unreadable`], in characters.
const RAW_MAX: usize = 200;

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

/// Where a connection stands, for comparing the two answers' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Up,
    Connecting,
    Down,
}

fn socket_link(s: &SocketState) -> Option<Link> {
    match s {
        SocketState::Up | SocketState::UpReceivingOffline => Some(Link::Up),
        SocketState::Connecting => Some(Link::Connecting),
        SocketState::Down => Some(Link::Down),
        SocketState::Unknown | SocketState::Other(_) => None,
    }
}

/// For each node of `support`, in its order, the `/v1/health` node that
/// reports on it: by name, or the one node when either answer is a
/// single-node answer and both have one node. Linear in both answers.
pub fn match_nodes<'h>(
    support: &SupportAnswer,
    health: &'h HealthAnswer,
) -> Vec<Option<&'h HealthNode>> {
    if let ([_], [h]) = (support.nodes.as_slice(), health.nodes.as_slice())
        && (support.shape == Shape::Single || health.shape == Shape::Single)
    {
        return vec![Some(h)];
    }
    let by_name = index(health);
    support
        .nodes
        .iter()
        .map(|n| by_name.get(n.name.raw()).copied())
        .collect()
}

fn index(health: &HealthAnswer) -> HashMap<&str, &HealthNode> {
    let mut by_name = HashMap::with_capacity(health.nodes.len());
    for n in &health.nodes {
        by_name.entry(n.name.raw()).or_insert(n);
    }
    by_name
}

/// The `gateway_status` of each node of `support`, in its order, for a
/// column in `show` (see [`HealthNode::status_text`] for a cell's text).
pub fn gateway_statuses<'h>(
    support: &SupportAnswer,
    health: &'h HealthAnswer,
) -> Vec<Option<&'h GatewayStatus>> {
    match_nodes(support, health)
        .into_iter()
        .map(|h| h.and_then(|h| h.gateway_status.as_ref()))
        .collect()
}

/// One result of the cross-check. `code` is a stable kebab-case id:
/// `health-mismatch`, `health-uninitialized`, `health-unregistered`,
/// `health-missing-node`, `health-node-error`, `health-error`,
/// `health-unmatched`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthFinding {
    pub severity: Severity,
    pub code: &'static str,
    /// The node concerned (its name in `/v1/support` when it has one), or
    /// `None` for the whole answer.
    pub node: Option<ServerText>,
    /// A sentence for a person, quoting server text (raw; `Display` escapes).
    pub message: ServerText,
}

/// Every code [`cross_check`] can give.
pub const FINDING_CODES: [&str; 7] = [
    "health-mismatch",
    "health-uninitialized",
    "health-unregistered",
    "health-missing-node",
    "health-node-error",
    "health-error",
    "health-unmatched",
];

/// Why a disagreement may be no fault: said once in every mismatch.
const STALE: &str = "the answers were taken at different moments and health may be cached for up to 5 minutes; fetch both again before acting";

fn finding(
    severity: Severity,
    code: &'static str,
    node: Option<&ServerText>,
    message: String,
) -> HealthFinding {
    HealthFinding {
        severity,
        code,
        node: node.cloned(),
        message: message.into(),
    }
}

/// True when `debug_info` holds a phone number (it says `unregistered`
/// when none is registered).
fn reports_phone(node: &Node) -> bool {
    node.info.debug_info.as_ref().is_some_and(|d| {
        let d = d.raw().trim();
        !d.eq_ignore_ascii_case("unregistered")
            && d.chars().filter(char::is_ascii_digit).count() >= 6
    })
}

/// Compares, node by node, `/v1/health`'s `gateway_status` with
/// `/v1/support`'s `socket_conn`. Pure and linear in both answers.
///
/// - connected against `DN`, or disconnected against `UP`: a warning
///   naming both values (`health-mismatch`); a side that is connecting
///   against the other's settled state: a note (a transition);
/// - `uninitialized`: a database schema upgrade may be running (warning);
/// - `unregistered` on a node whose `debug_info` has a phone number:
///   a warning;
/// - a node in error in `/v1/health`: a warning with its error;
/// - a node in one answer and not the other: a note;
/// - an answer that is only an `errors` envelope: one warning.
pub fn cross_check(support: &SupportAnswer, health: &HealthAnswer) -> Vec<HealthFinding> {
    let mut out = Vec::new();
    if health.nodes.is_empty() {
        let text = health
            .errors
            .iter()
            .map(|e| e.text().into_raw())
            .collect::<Vec<_>>()
            .join("; ");
        out.push(finding(
            Severity::Warning,
            "health-error",
            None,
            format!("/v1/health answered with an error instead of a status: {text}"),
        ));
        return out;
    }
    // One nameless node against a cluster: the node that answered is not
    // known, so only what needs no pairing is judged.
    if health.shape == Shape::Single && support.nodes.len() > 1 {
        out.push(finding(
            Severity::Note,
            "health-unmatched",
            None,
            format!(
                "/v1/health reports one node without a name, /v1/support reports {} nodes: gateway_status was not compared node by node",
                support.nodes.len()
            ),
        ));
        for h in &health.nodes {
            judge_alone(h, None, &mut out);
        }
        return out;
    }
    let matched = match_nodes(support, health);
    let mut used: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (s, h) in support.nodes.iter().zip(&matched) {
        match h {
            Some(h) => {
                used.insert(h.name.raw());
                judge_pair(s, h, &mut out);
            }
            None => out.push(finding(
                Severity::Note,
                "health-missing-node",
                Some(&s.name),
                "the node is in /v1/support but not in /v1/health".to_string(),
            )),
        }
    }
    for h in &health.nodes {
        if used.insert(h.name.raw()) {
            out.push(finding(
                Severity::Note,
                "health-missing-node",
                Some(&h.name),
                "the node is in /v1/health but not in /v1/support".to_string(),
            ));
            judge_alone(h, Some(&h.name), &mut out);
        }
    }
    out
}

/// Rules that need no `/v1/support` node: a node in error, uninitialized.
fn judge_alone(h: &HealthNode, name: Option<&ServerText>, out: &mut Vec<HealthFinding>) {
    if h.is_error() {
        out.push(node_error(h, name, None));
        return;
    }
    if h.gateway_status == Some(GatewayStatus::Uninitialized) {
        out.push(uninitialized(name));
    }
}

fn node_error(
    h: &HealthNode,
    name: Option<&ServerText>,
    socket: Option<&SocketState>,
) -> HealthFinding {
    let text = h
        .errors
        .iter()
        .map(|e| e.text().into_raw())
        .collect::<Vec<_>>()
        .join("; ");
    let also = match socket {
        Some(s) => format!(" (/v1/support reports socket_conn {})", s.raw()),
        None => String::new(),
    };
    finding(
        Severity::Warning,
        "health-node-error",
        name,
        format!(
            "/v1/health: the node answered with an error instead of its gateway_status: {text}{also}"
        ),
    )
}

fn uninitialized(name: Option<&ServerText>) -> HealthFinding {
    finding(
        Severity::Warning,
        "health-uninitialized",
        name,
        "gateway_status is uninitialized: a database schema upgrade or initialization may be running; check again in a few minutes".to_string(),
    )
}

fn judge_pair(s: &Node, h: &HealthNode, out: &mut Vec<HealthFinding>) {
    let name = Some(&s.name);
    let socket = s.info.socket_conn.as_ref();
    if h.is_error() {
        out.push(node_error(h, name, socket));
        return;
    }
    let Some(status) = &h.gateway_status else {
        return;
    };
    match status {
        GatewayStatus::Uninitialized => out.push(uninitialized(name)),
        GatewayStatus::Unregistered if reports_phone(s) => out.push(finding(
            Severity::Warning,
            "health-unregistered",
            name,
            "gateway_status is unregistered, but /v1/support reports a phone number in debug_info: the number may have been deregistered or migrated".to_string(),
        )),
        _ => {}
    }
    let (Some(g), Some(sock)) = (status.link(), socket) else {
        return;
    };
    let Some(k) = socket_link(sock) else {
        return;
    };
    if g == k {
        return;
    }
    let severity = if g == Link::Connecting || k == Link::Connecting {
        Severity::Note
    } else {
        Severity::Warning
    };
    out.push(finding(
        severity,
        "health-mismatch",
        name,
        format!(
            "/v1/health says gateway_status {} but /v1/support says socket_conn {}; {STALE}",
            status.raw(),
            sock.raw()
        ),
    ));
}

#[cfg(test)]
mod tests;
