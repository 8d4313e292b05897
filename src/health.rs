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

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{ApiError, Decoding, Meta, Shape, Unreadable};
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

mod cross_check;
mod read;

use cross_check::Link;
pub use cross_check::{FINDING_CODES, HealthFinding, cross_check, gateway_statuses, match_nodes};
#[cfg(test)]
use read::RAW_MAX;
pub use read::is_multi_node;

#[cfg(test)]
mod tests;
