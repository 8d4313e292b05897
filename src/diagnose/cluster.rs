//! Cluster rules: whether any node is connected at all, and whether the
//! roles of a multi-node answer add up (one primary master, at most one
//! secondary). Shards and drift have their own modules.

use super::message::names;
use super::node::must_be_connected;
use super::{Finding, FindingCode, Severity, push, shards};
use crate::model::{Node, Role, Shape, SocketState, SupportAnswer};

/// Whether any node that gave its status reports a role; the role rules
/// apply only then.
pub(super) fn roles_known(answer: &SupportAnswer) -> bool {
    answer
        .nodes
        .iter()
        .any(|n| !n.is_error() && n.info.role.is_some())
}

/// The cluster findings: connectivity in any shape, roles in a
/// multi-node answer whose nodes report roles.
pub(super) fn findings(answer: &SupportAnswer, roles_known: bool, out: &mut Vec<Finding>) {
    connection_findings(answer, out);
    if answer.shape == Shape::MultiConnect && roles_known {
        role_findings(answer, out);
    }
}

/// `no-node-connected`: no node is connected to the WhatsApp servers and
/// every node says so (`DN` or `SC`), in any shape. A node in error, or
/// whose state is missing, unknown or unrecognised, may be the connected
/// one: its own finding says so and this one is not made. Nor is it made
/// when it would only repeat the `socket-down` of a lone node.
fn connection_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    if let [node] = answer.nodes.as_slice()
        && node.info.socket_conn == Some(SocketState::Down)
        && must_be_connected(answer, node)
    {
        return;
    }
    let known_down = |n: &Node| {
        !n.is_error()
            && matches!(
                n.info.socket_conn,
                Some(SocketState::Down | SocketState::Connecting)
            )
    };
    if answer.nodes.iter().all(known_down) {
        push(
            out,
            Severity::Critical,
            FindingCode::NoNodeConnected,
            None,
            format!(
                "none of the {} node(s) is connected to the WhatsApp servers: messages can be neither sent nor received",
                answer.nodes.len()
            ),
        );
    }
}

fn role_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    let with_role = |r: Role| -> Vec<&str> {
        answer
            .nodes
            .iter()
            .filter(|n| !n.is_error() && n.info.role.as_ref() == Some(&r))
            .map(|n| n.name.raw())
            .collect()
    };
    let primaries = with_role(Role::PrimaryMaster);
    match primaries.len() {
        1 => {}
        0 => push(
            out,
            Severity::Critical,
            FindingCode::PrimaryMasterMissing,
            None,
            format!(
                "no node reports the primary_master role{}",
                shards::may_hold(answer, false)
            ),
        ),
        n => push(
            out,
            Severity::Critical,
            FindingCode::PrimaryMasterDuplicate,
            None,
            format!(
                "{n} nodes report the primary_master role: {}",
                names(primaries, n)
            ),
        ),
    }
    let secondaries = with_role(Role::SecondaryMaster);
    if secondaries.len() > 1 {
        push(
            out,
            Severity::Warning,
            FindingCode::SecondaryMasterDuplicate,
            None,
            format!(
                "{} nodes report the secondary_master role: {}",
                secondaries.len(),
                names(secondaries.iter().copied(), secondaries.len())
            ),
        );
    }
}

#[cfg(test)]
mod tests;
