//! Findings: what is wrong with a deployment, read from the model alone.
//!
//! Pure: an answer, thresholds and the clock in, a list of findings out,
//! most severe first. Each finding has a stable [`FindingCode`] that
//! scripts can match on. The rules live by family: `node` (one node at a
//! time: socket, space, registration, locale, role), `expiry` (the build's
//! expiry against the right clock), `cluster` (roles and connectivity of
//! the whole answer), `shards` (one interval sweep), `topology` (the
//! expected node and shard counts, and the counted figures' ranges),
//! `drift` (values all nodes should share) and `reading` (what could not
//! be read). The
//! sentences they write share the helpers of `message`.

use std::fmt;

use serde::Serialize;

use crate::model::SupportAnswer;
use crate::safe::ServerText;

mod cluster;
mod drift;
pub(crate) mod expiry;
mod message;
pub(crate) mod node;
mod reading;
mod shards;
mod thresholds;
mod topology;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

pub(crate) use message::and_list;
pub use thresholds::{Counted, Expect, Limits, Thresholds};
pub use topology::{nodes_in_error, unowned_shards};

/// How bad a finding is. `Note` is information, not a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information, e.g. a standby that is disconnected on purpose.
    Note,
    /// Something to look at soon.
    Warning,
    /// Messages are or will soon be lost.
    Critical,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        })
    }
}

/// The verdict of a whole list of findings: the worst severity, with notes
/// counting as `Ok`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// No warning and no critical finding.
    Ok,
    /// At least one warning, no critical finding.
    Warning,
    /// At least one critical finding.
    Critical,
}

impl Status {
    /// The status of `findings`: critical if any is, else warning if any is.
    pub fn of(findings: &[Finding]) -> Status {
        match counts(findings) {
            (c, _, _) if c > 0 => Status::Critical,
            (_, w, _) if w > 0 => Status::Warning,
            _ => Status::Ok,
        }
    }

    /// `OK`, `WARNING` or `CRITICAL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Declares [`FindingCode`] from one table, so each code's name and its
/// kebab-case spelling are written once.
macro_rules! finding_codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// The stable identifier of a finding. `Display` and `Serialize`
        /// give the kebab-case code scripts match on (`socket-down`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum FindingCode {
            $($(#[$doc])* $variant,)*
        }

        impl FindingCode {
            /// Every code, in the order of their spelling.
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)*];

            /// The code spelled `text`, if there is one.
            pub fn from_code(text: &str) -> Option<FindingCode> {
                FindingCode::ALL.iter().copied().find(|c| c.as_str() == text)
            }

            /// The code as scripts see it, e.g. `socket-down`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $text,)*
                }
            }
        }
    };
}

// Variants are in the alphabetical order of their spelling, so the derived
// `Ord` sorts codes as their text sorts (a test holds this).
finding_codes! {
    /// Builds (version, else description) differ between nodes.
    BuildDrift = "build-drift",
    /// The client build has expired.
    BuildExpired = "build-expired",
    /// The client build expires within the thresholds.
    BuildExpiring = "build-expiring",
    /// The node's clock is more than a day off this machine's.
    ClockSkew = "clock-skew",
    /// The node's `device_iso8601` is not a time.
    ClockUnreadable = "clock-unreadable",
    /// A coreapp owns more than one regular shard.
    CoreappMultipleShards = "coreapp-multiple-shards",
    /// A counted figure (nodes up, nodes in error, unowned shards) alerts
    /// under a range the operator set.
    CountOutOfRange = "count-out-of-range",
    /// Database engines differ between nodes.
    DbEngineDrift = "db-engine-drift",
    /// The answer sends a key twice.
    DuplicateKey = "duplicate-key",
    /// Invalid bytes were replaced while decoding the answer.
    EncodingReplaced = "encoding-replaced",
    /// The build expiry is not a time, or a placeholder.
    ExpiryUnreadable = "expiry-unreadable",
    /// A field could not be read and was left out.
    FieldUnreadable = "field-unreadable",
    /// `/v1/health` answered with an `errors` envelope.
    HealthError = "health-error",
    /// `gateway_status` and `socket_conn` disagree.
    HealthMismatch = "health-mismatch",
    /// A node is in one of `/v1/health` and `/v1/support` only.
    HealthMissingNode = "health-missing-node",
    /// A node answered `/v1/health` with errors.
    HealthNodeError = "health-node-error",
    /// `gateway_status` is `uninitialized` (a schema upgrade may run).
    HealthUninitialized = "health-uninitialized",
    /// A single-node health answer cannot be matched to the cluster.
    HealthUnmatched = "health-unmatched",
    /// `gateway_status` is `unregistered` on a node that has a number.
    HealthUnregistered = "health-unregistered",
    /// The language or country code is `ZZ`.
    LocaleUnknown = "locale-unknown",
    /// No node owns the master shard.
    MasterShardUnowned = "master-shard-unowned",
    /// `multi_connect` differs between nodes.
    MultiConnectDrift = "multi-connect-drift",
    /// No node is connected to the WhatsApp servers.
    NoNodeConnected = "no-node-connected",
    /// A node answered with errors instead of its status.
    NodeError = "node-error",
    /// More nodes than expected.
    NodesExtra = "nodes-extra",
    /// Fewer nodes than expected.
    NodesMissing = "nodes-missing",
    /// A disconnected node does not say which shards it owns.
    OwnershipUnknown = "ownership-unknown",
    /// Several nodes report the primary master role.
    PrimaryMasterDuplicate = "primary-master-duplicate",
    /// No node reports the primary master role.
    PrimaryMasterMissing = "primary-master-missing",
    /// Connected and receiving offline messages.
    ReceivingOffline = "receiving-offline",
    /// A node reports no role where others do.
    RoleMissing = "role-missing",
    /// A role the tool does not know.
    RoleUnrecognised = "role-unrecognised",
    /// Schema versions of a table differ between nodes.
    SchemaDrift = "schema-drift",
    /// Several nodes report the secondary master role.
    SecondaryMasterDuplicate = "secondary-master-duplicate",
    /// The server sent errors beside the status.
    ServerError = "server-error",
    /// Shards owned beyond the expected shard count.
    ShardCountMismatch = "shard-count-mismatch",
    /// A shard range outside `-1..=4096`, or reversed.
    ShardImplausible = "shard-implausible",
    /// Shards claimed by several nodes.
    ShardOverlap = "shard-overlap",
    /// Shards with no owner.
    ShardUnowned = "shard-unowned",
    /// No node reports its shards.
    ShardsUnknown = "shards-unknown",
    /// Still connecting to the WhatsApp servers.
    SocketConnecting = "socket-connecting",
    /// Disconnected although it must be connected.
    SocketDown = "socket-down",
    /// The answer has no `socket_conn`.
    SocketMissing = "socket-missing",
    /// The connection state is unknown (`UNK`, or unreadable).
    SocketUnknown = "socket-unknown",
    /// A connection state the tool does not know.
    SocketUnrecognised = "socket-unrecognised",
    /// Free space below a threshold.
    SpaceLow = "space-low",
    /// A standby, disconnected on purpose.
    Standby = "standby",
    /// The business phone number is not registered.
    Unregistered = "unregistered",
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One thing the tool noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier, e.g. `socket-down`, `shard-unowned`.
    pub code: FindingCode,
    /// The node concerned, exactly its `Node::name`, or `None` for the
    /// whole cluster.
    pub node: Option<ServerText>,
    /// A sentence for a person, quoting server text: our words and the
    /// server's, kept raw (JSON has them as sent) and escaped by `Display`.
    pub message: ServerText,
}

/// All findings for `answer`, most severe first, then by node name.
///
/// Every rule is O(n log n) in the size of the answer, whatever its
/// content, and every finding's text is bounded.
pub fn diagnose(answer: &SupportAnswer, t: &Thresholds, now: jiff::Timestamp) -> Vec<Finding> {
    let mut out = Vec::new();
    let owned: Vec<shards::Owned> = answer
        .nodes
        .iter()
        .map(|n| shards::Owned::of(n.info.shards.as_deref().unwrap_or_default()))
        .collect();
    let roles_known = cluster::roles_known(answer);
    for (node, owned) in answer.nodes.iter().zip(&owned) {
        node::findings(answer, node, owned, roles_known, t, &mut out);
        if !node.is_error() {
            expiry::findings(node, t, now, &mut out);
        }
    }
    cluster::findings(answer, roles_known, &mut out);
    if answer.shape == crate::model::Shape::MultiConnect {
        shards::findings(answer, &owned, &mut out);
    }
    topology::findings(answer, &owned, t, &mut out);
    drift::findings(answer, &mut out);
    reading::reading_findings(answer, &mut out);
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.node.cmp(&b.node))
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
    });
    out
}

/// Adds a finding about `node` (or the cluster, for `None`).
fn push(
    out: &mut Vec<Finding>,
    severity: Severity,
    code: FindingCode,
    node: Option<&ServerText>,
    message: String,
) {
    out.push(Finding {
        severity,
        code,
        node: node.cloned(),
        message: message.into(),
    });
}

/// Counts findings by severity: (critical, warning, note).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(c, w, n), f| match f.severity {
            Severity::Critical => (c + 1, w, n),
            Severity::Warning => (c, w + 1, n),
            Severity::Note => (c, w, n + 1),
        })
}

/// How many nodes are connected to the WhatsApp servers (see
/// [`node::is_connected`]).
pub fn nodes_up(answer: &SupportAnswer) -> usize {
    answer
        .nodes
        .iter()
        .filter(|n| node::is_connected(n))
        .count()
}
