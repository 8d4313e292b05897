//! The schema grid: per node that sent a schema, the version of each table,
//! and which values differ from the one most nodes hold.

use std::collections::{HashMap, HashSet};

use crate::model::{KNOWN_SCHEMA_TABLES, Node, SchemaVersion, SupportAnswer};
use crate::render::view::tally;
use crate::safe::ServerText;

/// The schema grid: column titles (tables), and per node its name and the
/// values, each flagged when it differs from the most common value.
pub struct SchemaGrid {
    /// The table names (safe text): the spec's in its order, then others.
    pub tables: Vec<String>,
    /// The table names upper-cased, then made safe: a header line's titles.
    pub headers: Vec<String>,
    /// Per node that sent a schema, its values.
    pub rows: Vec<SchemaRow>,
    /// Whether any value differs from the one most nodes hold.
    pub any_marked: bool,
    /// The tables (indices into `tables`) whose nodes differ with no value
    /// held by most of them: no value there is marked.
    pub tied: Vec<usize>,
}

/// One node's row of the schema grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaRow {
    /// The node's name (safe text).
    pub node: String,
    /// Per table of [`SchemaGrid::tables`], the node's value, if it sent one.
    pub values: Vec<Option<SchemaValue>>,
}

/// A node's version of one schema table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaValue {
    /// The version (safe text).
    pub text: String,
    /// Whether it differs from the version most nodes hold.
    pub differs: bool,
}

/// Schema tables across all nodes: the spec's in its order, then any
/// others in first-seen order (linear in the cells).
fn schema_tables(nodes: &[&Node]) -> Vec<ServerText> {
    let mut known_seen = [false; KNOWN_SCHEMA_TABLES.len()];
    let mut seen: HashSet<&ServerText> = HashSet::new();
    let mut extra: Vec<&ServerText> = Vec::new();
    for n in nodes {
        for (k, _) in n.info.schema.as_deref().unwrap_or_default() {
            if let Some(i) = KNOWN_SCHEMA_TABLES.iter().position(|t| t == k) {
                known_seen[i] = true;
            } else if seen.insert(k) {
                extra.push(k);
            }
        }
    }
    KNOWN_SCHEMA_TABLES
        .iter()
        .zip(known_seen)
        .filter(|(_, seen)| *seen)
        .map(|(t, _)| ServerText::from(*t))
        .chain(extra.into_iter().cloned())
        .collect()
}

/// Builds the schema grid of the nodes that sent a schema.
pub fn schema_grid(answer: &SupportAnswer) -> SchemaGrid {
    let nodes: Vec<&Node> = answer
        .nodes
        .iter()
        .filter(|n| !n.is_error() && n.info.schema.is_some())
        .collect();
    let tables = schema_tables(&nodes);
    let column: HashMap<&ServerText, usize> =
        tables.iter().enumerate().map(|(i, t)| (t, i)).collect();
    // Per node, its values in table order: one map lookup per cell.
    let values: Vec<Vec<Option<&SchemaVersion>>> = nodes
        .iter()
        .map(|n| {
            let mut row: Vec<Option<&SchemaVersion>> = vec![None; tables.len()];
            for (k, v) in n.info.schema.as_deref().unwrap_or_default() {
                if let Some(i) = column.get(k) {
                    // The first of duplicate keys wins, as a lookup would.
                    if row[*i].is_none() {
                        row[*i] = Some(v);
                    }
                }
            }
            row
        })
        .collect();
    // Per table, the value most nodes hold, if one is held by more than
    // half of them; a tie has none, and nothing is marked there.
    let mut tied = Vec::new();
    let common: Vec<Option<&SchemaVersion>> = (0..tables.len())
        .map(|t| {
            let counts = tally(values.iter().filter_map(|row| row[t]));
            let total: usize = counts.iter().map(|(_, c)| c).sum();
            let most = counts.iter().find(|(_, c)| 2 * c > total).map(|(v, _)| *v);
            if most.is_none() && counts.len() > 1 {
                tied.push(t);
            }
            most
        })
        .collect();
    let mut any_marked = false;
    let rows = nodes
        .iter()
        .zip(&values)
        .map(|(n, row)| {
            let vals = row
                .iter()
                .zip(&common)
                .map(|(v, common)| {
                    v.map(|value| {
                        let odd = nodes.len() > 1 && matches!(common, Some(c) if *c != value);
                        any_marked |= odd;
                        SchemaValue {
                            text: value.to_string(),
                            differs: odd,
                        }
                    })
                })
                .collect();
            SchemaRow {
                node: n.name.to_string(),
                values: vals,
            }
        })
        .collect();
    SchemaGrid {
        tables: tables.iter().map(ToString::to_string).collect(),
        headers: tables
            .iter()
            .map(|t| t.map(str::to_uppercase).to_string())
            .collect(),
        rows,
        any_marked,
        tied,
    }
}
