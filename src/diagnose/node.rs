//! Per-node rules: a node's connection read with its job in mind (see
//! [`Duty`]), free space, registration, locale and role. The build expiry
//! has its own module, `expiry`.

use super::message::{and_list, clip};
use super::shards::Owned;
use super::{Finding, FindingCode, Severity, Thresholds, push};
use crate::model::{Node, Role, SPACE_DIRS, Shape, SocketState, SupportAnswer};
use crate::safe::ServerText;

/// What a node's job says about its connection to the WhatsApp servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// It must be connected: a single node, a shard owner, a primary master.
    Connect,
    /// It owns no shard: a standby, disconnected on purpose.
    Standby,
    /// It does not say which shards it owns (no or unreadable `shards`).
    Unknown,
}

/// A node's [`Duty`]: a single node must always be connected; in a
/// multi-node answer, a node that owns a shard (the master shard included)
/// must be connected and a node listing no shard is a standby. A node that
/// does not list its shards has an unknown duty, whatever its role: in
/// high availability the primary master is disconnected on purpose.
pub fn duty(answer: &SupportAnswer, node: &Node) -> Duty {
    if answer.shape == Shape::Single {
        return Duty::Connect;
    }
    match &node.info.shards {
        Some(s) if !s.is_empty() => Duty::Connect,
        Some(_) => Duty::Standby,
        None => Duty::Unknown,
    }
}

/// Whether a node is known to be expected to hold a connection to the
/// WhatsApp servers (see [`duty`]).
pub fn must_be_connected(answer: &SupportAnswer, node: &Node) -> bool {
    duty(answer, node) == Duty::Connect
}

/// True when the node gave its status and reports a connection to the
/// WhatsApp servers (`UP`, `UP receiving offline`).
pub fn is_connected(node: &Node) -> bool {
    !node.is_error()
        && node
            .info
            .socket_conn
            .as_ref()
            .is_some_and(SocketState::is_up)
}

/// The findings of one node: an error, or its socket, space,
/// registration, locale and role. `roles_known` says whether any node of
/// the answer reports a role.
pub(super) fn findings(
    answer: &SupportAnswer,
    node: &Node,
    owned: &Owned,
    roles_known: bool,
    t: &Thresholds,
    out: &mut Vec<Finding>,
) {
    let name = Some(&node.name);
    if node.is_error() {
        let text = and_list(
            node.errors
                .iter()
                .map(|e| clip(e.text().raw()).into_owned()),
            node.errors.len(),
        );
        push(
            out,
            Severity::Critical,
            FindingCode::NodeError,
            name,
            format!("node answered with an error: {text}"),
        );
        return;
    }
    let info = &node.info;
    let multi = answer.shape == Shape::MultiConnect;

    // Socket state, read with the node's job in mind.
    match (&info.socket_conn, duty(answer, node)) {
        (Some(SocketState::Up), _) => {}
        (Some(SocketState::UpReceivingOffline), _) => push(
            out,
            Severity::Note,
            FindingCode::ReceivingOffline,
            name,
            "connected and receiving offline messages from the server".into(),
        ),
        (Some(SocketState::Down), Duty::Connect) => push(
            out,
            Severity::Critical,
            FindingCode::SocketDown,
            name,
            if multi && !owned.merged.is_empty() {
                format!(
                    "disconnected from the WhatsApp servers (DN) although it owns shard(s) {}",
                    owned.runs()
                )
            } else {
                "disconnected from the WhatsApp servers (DN)".to_string()
            },
        ),
        (Some(SocketState::Connecting), Duty::Connect) => push(
            out,
            Severity::Warning,
            FindingCode::SocketConnecting,
            name,
            "still connecting to the WhatsApp servers (SC)".into(),
        ),
        (Some(SocketState::Unknown), Duty::Connect) => push(
            out,
            Severity::Warning,
            FindingCode::SocketUnknown,
            name,
            "connection state to the WhatsApp servers is unknown (UNK)".into(),
        ),
        (Some(SocketState::Other(s)), Duty::Connect) => push(
            out,
            Severity::Warning,
            FindingCode::SocketUnrecognised,
            name,
            format!("unrecognised connection state \"{}\"", clip(s.raw())),
        ),
        (None, _) => push(
            out,
            Severity::Warning,
            FindingCode::SocketMissing,
            name,
            "the answer does not say whether the node is connected (no socket_conn)".into(),
        ),
        (Some(s), Duty::Standby) => push(
            out,
            Severity::Note,
            FindingCode::Standby,
            name,
            format!(
                "standby (owns no shard), {}: expected, not a problem",
                s.describe()
            ),
        ),
        (Some(s), Duty::Unknown) => push(
            out,
            Severity::Warning,
            FindingCode::OwnershipUnknown,
            name,
            format!(
                "{} ({}), and it does not say which shards it owns: whether it should be connected is unknown",
                s.describe(),
                clip(s.raw())
            ),
        ),
    }

    // Free space per directory; the "no limit reported" value is no figure.
    for (dir, value) in SPACE_DIRS.iter().zip(info.free_space()) {
        let Some(free) = value.filter(|b| !b.is_unlimited()) else {
            continue;
        };
        let (sev, limit) = if free < t.space_crit {
            (Severity::Critical, t.space_crit)
        } else if free < t.space_warn {
            (Severity::Warning, t.space_warn)
        } else {
            continue;
        };
        push(
            out,
            sev,
            FindingCode::SpaceLow,
            name,
            format!(
                "only {} free on the {} directory ({}; below {})",
                free.human(),
                dir.label,
                dir.field,
                limit.human()
            ),
        );
    }

    if info
        .debug_info
        .as_ref()
        .map(ServerText::raw)
        .is_some_and(|d| d.trim().eq_ignore_ascii_case("unregistered"))
    {
        push(
            out,
            Severity::Critical,
            FindingCode::Unregistered,
            name,
            "the business phone number is not registered".into(),
        );
    }

    let zz = |v: &Option<ServerText>| {
        v.as_ref()
            .is_some_and(|s| s.raw().eq_ignore_ascii_case("zz"))
    };
    if zz(&info.lc) || zz(&info.lg) {
        push(
            out,
            Severity::Note,
            FindingCode::LocaleUnknown,
            name,
            "language or country code is unknown (ZZ)".into(),
        );
    }

    if multi {
        match &info.role {
            None if roles_known => push(
                out,
                Severity::Warning,
                FindingCode::RoleMissing,
                name,
                "the node reports no role in a multi-node answer".into(),
            ),
            Some(Role::Other(r)) => push(
                out,
                Severity::Note,
                FindingCode::RoleUnrecognised,
                name,
                format!("unrecognised role \"{}\"", clip(r.raw())),
            ),
            _ => {}
        }
        let regular = owned.regular();
        if info.role == Some(Role::Coreapp) && regular > 1 {
            push(
                out,
                Severity::Warning,
                FindingCode::CoreappMultipleShards,
                name,
                format!("a coreapp owns {regular} shards; a coreapp should own at most one"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
