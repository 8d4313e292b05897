//! What changed between two polls of `show --watch`: node by node and
//! column by column, with the nodes that came and went.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::model::SupportAnswer;
use crate::render::view::{NodeColumn, NodeRow};
use crate::safe::ServerText;

/// What changed in one node between two polls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A node the previous poll did not have.
    New(ServerText),
    /// A node of the previous poll that is missing now.
    Gone(ServerText),
    /// A column of the node's row in the nodes table, with its text before
    /// and now (as the table shows it: safe text).
    Cell {
        /// The node.
        node: ServerText,
        /// The column that changed.
        column: NodeColumn,
        /// Its text in the previous poll.
        was: String,
        /// Its text now.
        now: String,
    },
}

impl Change {
    /// The node the change is about.
    pub fn node(&self) -> &ServerText {
        match self {
            Change::New(n) | Change::Gone(n) => n,
            Change::Cell { node, .. } => node,
        }
    }
}

impl fmt::Display for Change {
    /// `node: SOCKET SC → UP`, `node: new node`, `node: gone`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::New(n) => write!(f, "{n}: new node"),
            Change::Gone(n) => write!(f, "{n}: gone"),
            Change::Cell {
                node,
                column,
                was,
                now,
            } => write!(f, "{node}: {} {was} → {now}", column.header()),
        }
    }
}

impl Serialize for Change {
    /// `{"node": …, "change": "SOCKET", "from": "SC", "to": "UP"}`, or
    /// `"change": "new"` / `"gone"` without `from` and `to`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Line<'a> {
            node: &'a ServerText,
            change: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            from: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            to: Option<&'a str>,
        }
        let (change, from, to) = match self {
            Change::New(_) => ("new", None, None),
            Change::Gone(_) => ("gone", None, None),
            Change::Cell {
                column, was, now, ..
            } => (column.header(), Some(was.as_str()), Some(now.as_str())),
        };
        Line {
            node: self.node(),
            change,
            from,
            to,
        }
        .serialize(s)
    }
}

/// What changed between two polls: node by node in the order of `after`,
/// column by column, then the nodes that are gone.
pub fn change_list(before: &SupportAnswer, after: &SupportAnswer) -> Vec<Change> {
    let rows = |a: &SupportAnswer| -> Vec<(ServerText, NodeRow)> {
        a.nodes
            .iter()
            .map(|n| (n.name.clone(), NodeRow::new(a, n)))
            .collect()
    };
    let (old, new) = (rows(before), rows(after));
    // Looked up by name: linear in the nodes, whatever their number.
    let old_by_name: HashMap<&ServerText, &NodeRow> = old.iter().map(|(n, r)| (n, r)).collect();
    let new_names: HashSet<&ServerText> = new.iter().map(|(n, _)| n).collect();
    let mut out = Vec::new();
    for (name, row) in &new {
        match old_by_name.get(name) {
            None => out.push(Change::New(name.clone())),
            Some(prev) => {
                out.extend(
                    row.changes_since(prev)
                        .map(|(column, was, now)| Change::Cell {
                            node: name.clone(),
                            column,
                            was: was.to_string(),
                            now: now.to_string(),
                        }),
                )
            }
        }
    }
    for (name, _) in &old {
        if !new_names.contains(name) {
            out.push(Change::Gone(name.clone()));
        }
    }
    out
}
