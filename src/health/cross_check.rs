//! The cross-check of `/v1/health` with `/v1/support`: nodes matched by
//! name, connection words compared, and the findings they give.

use std::collections::HashMap;

use serde::Serialize;

use crate::diagnose::Severity;
use crate::model::{Node, Shape, SocketState, SupportAnswer};
use crate::safe::ServerText;

use super::*;

/// Where a connection stands, for comparing the two answers' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Link {
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
