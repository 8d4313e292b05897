//! The view model: what the human output says, before any layout.
//!
//! Each column of the nodes table is a [`NodeColumn`] that knows its
//! header, how to compute its cell from a node (a node in error included)
//! and when it gives way on a narrow terminal, so headers, cells and hiding
//! can never fall out of step. The schema grid ([`schema`]), the per-node
//! details ([`details`]) and the summary are here too. The renderers
//! (`show`, `report`, `watch`) take their words from here and only decide
//! how to lay them out; every string is already safe to print.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Index;

use crate::diagnose::Finding;
use crate::diagnose::node::must_be_connected;
use crate::model::{Bytes, Node, Role, Shape, SocketState, SupportAnswer, format_shards};
use crate::render::{Cell, Tone, safe};
use crate::safe::ServerText;

pub mod details;
pub mod schema;

pub use details::DetailSplit;
pub use schema::{SchemaRow, SchemaValue, schema_grid};

/// A column of the nodes table, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeColumn {
    /// The node's name.
    Node,
    /// The node's role in a multi-connect cluster.
    Role,
    /// The shards the node owns.
    Shards,
    /// The socket state; for a node in error, its error codes.
    Socket,
    /// The build the node runs.
    Build,
    /// Free space of the data directory.
    Data,
    /// Free space of the logs directory.
    Logs,
    /// Free space of the incoming media directory.
    MediaIn,
    /// Free space of the outgoing media directory.
    MediaOut,
    /// When the certificate expires, to the minute.
    Expires,
}

impl NodeColumn {
    /// How many columns the nodes table has.
    pub const COUNT: usize = 10;

    /// Every column, in the order shown.
    pub const ALL: [NodeColumn; NodeColumn::COUNT] = [
        NodeColumn::Node,
        NodeColumn::Role,
        NodeColumn::Shards,
        NodeColumn::Socket,
        NodeColumn::Build,
        NodeColumn::Data,
        NodeColumn::Logs,
        NodeColumn::MediaIn,
        NodeColumn::MediaOut,
        NodeColumn::Expires,
    ];

    /// The column's title in the terminal table (upper case).
    pub const fn header(self) -> &'static str {
        match self {
            NodeColumn::Node => "NODE",
            NodeColumn::Role => "ROLE",
            NodeColumn::Shards => "SHARDS",
            NodeColumn::Socket => "SOCKET",
            NodeColumn::Build => "BUILD",
            NodeColumn::Data => "DATA",
            NodeColumn::Logs => "LOGS",
            NodeColumn::MediaIn => "MEDIA IN",
            NodeColumn::MediaOut => "MEDIA OUT",
            NodeColumn::Expires => "EXPIRES",
        }
    }

    /// The column's place in a row, from 0.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// When a terminal is too narrow for the table, columns with a lower
    /// rank are hidden first; `None` for the columns always shown (the
    /// node, its role and its socket). Media and logs go first; the shards
    /// a node owns say most about it, so they go last.
    pub const fn hide_rank(self) -> Option<u8> {
        match self {
            NodeColumn::MediaOut => Some(0),
            NodeColumn::MediaIn => Some(1),
            NodeColumn::Logs => Some(2),
            NodeColumn::Expires => Some(3),
            NodeColumn::Build => Some(4),
            NodeColumn::Data => Some(5),
            NodeColumn::Shards => Some(6),
            NodeColumn::Node | NodeColumn::Role | NodeColumn::Socket => None,
        }
    }

    /// The columns that may be hidden, first to go first.
    pub fn hiding_order() -> Vec<NodeColumn> {
        let mut cols: Vec<NodeColumn> = NodeColumn::ALL
            .into_iter()
            .filter(|c| c.hide_rank().is_some())
            .collect();
        cols.sort_by_key(|c| c.hide_rank());
        cols
    }

    /// What this column says about `node` in `answer`.
    pub fn cell(self, answer: &SupportAnswer, node: &Node) -> Cell {
        if node.is_error() {
            return self.error_cell(node);
        }
        let i = &node.info;
        let free = |b: Option<Bytes>| or_dash(b.map(|b| free_text(&b)));
        match self {
            NodeColumn::Node => Cell::plain(node.name.to_string()),
            NodeColumn::Role => or_dash(i.role.as_ref().map(ToString::to_string)),
            NodeColumn::Shards if answer.shape == Shape::Single && i.shards.is_none() => {
                Cell::dash()
            }
            // Bounded: thousands of ranges must not make a line of megabytes.
            NodeColumn::Shards => Cell::plain(safe(&format_shards(i.shards.as_deref()))),
            NodeColumn::Socket => match &i.socket_conn {
                Some(s) => Cell::new(
                    s.to_string(),
                    socket_tone(s, must_be_connected(answer, node)),
                ),
                None => Cell::dash(),
            },
            NodeColumn::Build => or_dash(i.build().map(ToString::to_string)),
            NodeColumn::Data => free(i.free_space_data),
            NodeColumn::Logs => free(i.free_space_logs),
            NodeColumn::MediaIn => free(i.free_space_media_incoming),
            NodeColumn::MediaOut => free(i.free_space_media_outgoing),
            NodeColumn::Expires => or_dash(
                i.expire_timestamp
                    .as_ref()
                    .map(|e| short_time(e).to_string()),
            ),
        }
    }

    /// A node in error has its name and, under SOCKET, its errors.
    fn error_cell(self, node: &Node) -> Cell {
        match self {
            NodeColumn::Node => Cell::plain(node.name.to_string()),
            NodeColumn::Socket => Cell::new(
                node.errors
                    .iter()
                    .map(|e| match (e.code, &e.title) {
                        (Some(c), _) => format!("error {c}"),
                        (None, Some(t)) => t.to_string(),
                        (None, None) => "error".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                Tone::Bad,
            ),
            _ => Cell::dash(),
        }
    }
}

/// One node's row of the nodes table: a cell per [`NodeColumn`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRow([Cell; NodeColumn::COUNT]);

impl NodeRow {
    /// What every column says about `node` in `answer`.
    pub fn new(answer: &SupportAnswer, node: &Node) -> NodeRow {
        NodeRow(NodeColumn::ALL.map(|c| c.cell(answer, node)))
    }

    /// Each column with its cell, in the order shown.
    pub fn iter(&self) -> impl Iterator<Item = (NodeColumn, &Cell)> {
        NodeColumn::ALL.into_iter().zip(&self.0)
    }

    /// The cells, in the order shown.
    pub fn into_cells(self) -> [Cell; NodeColumn::COUNT] {
        self.0
    }

    /// The columns whose text changed since `before` (the node's name
    /// aside), with the text before and now: what `watch` reports between
    /// two polls of the same node.
    pub fn changes_since<'a>(
        &'a self,
        before: &'a NodeRow,
    ) -> impl Iterator<Item = (NodeColumn, &'a str, &'a str)> {
        self.iter()
            .zip(&before.0)
            .skip(1)
            .filter(|((_, now), was)| now.text != was.text)
            .map(|((c, now), was)| (c, was.text.as_str(), now.text.as_str()))
    }
}

impl Index<NodeColumn> for NodeRow {
    type Output = Cell;

    fn index(&self, c: NodeColumn) -> &Cell {
        &self.0[c.index()]
    }
}

fn or_dash(v: Option<String>) -> Cell {
    v.map_or_else(Cell::dash, Cell::plain)
}

/// Free space for people; the "no limit reported" sentinel reads so.
pub fn free_text(b: &Bytes) -> String {
    if b.is_unlimited() {
        "no limit".to_string()
    } else {
        b.human()
    }
}

/// The tone of a socket state, given whether the node must be connected.
pub fn socket_tone(s: &SocketState, needed: bool) -> Tone {
    match s {
        SocketState::Up => Tone::Good,
        SocketState::UpReceivingOffline | SocketState::Connecting => Tone::Warn,
        SocketState::Down if needed => Tone::Bad,
        SocketState::Down | SocketState::Unknown | SocketState::Other(_) => Tone::Dim,
    }
}

/// A short expiry for the table: the date and time to the minute.
fn short_time(s: &ServerText) -> ServerText {
    s.map(|s| {
        let s = s.trim();
        match (s.get(..10), s.get(11..16)) {
            (Some(d), Some(t))
                if s.as_bytes()
                    .get(10)
                    .is_some_and(|b| *b == b'T' || *b == b' ') =>
            {
                format!("{d} {t}")
            }
            _ => s.to_string(),
        }
    })
}

/// Who a finding is about: its node's name, or `cluster` (safe text).
pub fn finding_subject(f: &Finding) -> String {
    f.node
        .as_ref()
        .map_or_else(|| "cluster".to_string(), ToString::to_string)
}

/// The distinct builds of the answer's nodes, in first-seen order.
pub fn builds(answer: &SupportAnswer) -> Vec<ServerText> {
    distinct(
        answer
            .nodes
            .iter()
            .filter_map(|n| n.info.build_normalized()),
    )
}

/// The summary of the answer on one line, its parts joined by ` · `.
pub fn summary(answer: &SupportAnswer) -> String {
    summary_parts(answer).join(" · ")
}

/// How a node counts in the summary's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RoleGroup {
    InError,
    PrimaryMaster,
    SecondaryMaster,
    Coreapp,
    OtherRole,
    NoRole,
}

impl RoleGroup {
    fn of(node: &Node) -> RoleGroup {
        match (&node.info.role, node.is_error()) {
            (_, true) => RoleGroup::InError,
            (Some(Role::PrimaryMaster), _) => RoleGroup::PrimaryMaster,
            (Some(Role::SecondaryMaster), _) => RoleGroup::SecondaryMaster,
            (Some(Role::Coreapp), _) => RoleGroup::Coreapp,
            (Some(Role::Other(_)), _) => RoleGroup::OtherRole,
            (None, _) => RoleGroup::NoRole,
        }
    }

    /// `n` nodes of this group, in words.
    fn count(self, n: usize) -> String {
        let words = match self {
            RoleGroup::Coreapp => return plural(n, "coreapp", "coreapps"),
            RoleGroup::InError => "in error",
            RoleGroup::PrimaryMaster => "primary master",
            RoleGroup::SecondaryMaster => "secondary master",
            RoleGroup::OtherRole => "other role",
            RoleGroup::NoRole => "no role",
        };
        format!("{n} {words}")
    }
}

/// The parts of the summary (safe text): nodes (by role, when
/// multi-connect), socket states, build(s) and the API.
pub fn summary_parts(answer: &SupportAnswer) -> Vec<String> {
    let n = answer.nodes.len();
    let mut parts = vec![if answer.shape == Shape::Single {
        "1 node (single)".to_string()
    } else {
        plural(n, "node", "nodes")
    }];
    if answer.shape == Shape::MultiConnect {
        let roles = tally(answer.nodes.iter().map(RoleGroup::of))
            .into_iter()
            .map(|(r, c)| r.count(c))
            .collect::<Vec<_>>()
            .join(", ");
        parts[0] = format!("{} ({roles})", parts[0]);
    }
    let states = tally(
        answer
            .nodes
            .iter()
            .filter(|n| !n.is_error())
            .map(|n| n.info.socket_conn.as_ref()),
    );
    if !states.is_empty() {
        parts.push(format!(
            "socket {}",
            states
                .iter()
                .map(|(s, c)| match s {
                    Some(s) => format!("{c} {s}"),
                    None => format!("{c} no state"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let builds = builds(answer);
    match builds.len() {
        0 => {}
        1 => parts.push(format!("build {}", builds[0])),
        _ => parts.push(format!(
            "builds {}",
            builds
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if let Some(meta) = &answer.meta {
        let mut m = String::from("API");
        if let Some(v) = &meta.version {
            let _ = write!(m, " {}", v.normalized());
        }
        if let Some(s) = &meta.api_status {
            let _ = write!(m, " ({s})");
        }
        if m != "API" {
            parts.push(m);
        }
    }
    parts
}

/// `n` and the word for one or many.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Counts in first-seen order (linear: a map finds each key).
pub(crate) fn tally<T: Eq + std::hash::Hash + Clone>(
    items: impl Iterator<Item = T>,
) -> Vec<(T, usize)> {
    let mut index: HashMap<T, usize> = HashMap::new();
    let mut out: Vec<(T, usize)> = Vec::new();
    // Most items repeat the one before (every node on the same version):
    // those are counted without hashing.
    let mut last = usize::MAX;
    for i in items {
        if out.get(last).is_some_and(|(t, _)| *t == i) {
            out[last].1 += 1;
            continue;
        }
        match index.get(&i) {
            Some(at) => {
                out[*at].1 += 1;
                last = *at;
            }
            None => {
                index.insert(i.clone(), out.len());
                last = out.len();
                out.push((i, 1));
            }
        }
    }
    out
}

/// Distinct items in first-seen order, each once (linear).
pub(crate) fn distinct<T: Eq + std::hash::Hash + Clone>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    items.filter(|s| seen.insert(s.clone())).collect()
}

#[cfg(test)]
mod tests;
