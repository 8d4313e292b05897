//! Drift: nodes that disagree on a value all nodes should share (build,
//! database engine, multi-connect, schema versions). A node that does not
//! report a value does not drift; "most have" needs a strict majority.

use std::cmp::Reverse;
use std::collections::HashMap;

use super::message::{MAX_LISTED, clip, names};
use super::{Finding, FindingCode, Severity, push};
use crate::model::{KNOWN_SCHEMA_TABLES, Node, SupportAnswer};
use crate::safe::ServerText;

/// A build string without spaces or a leading `v`, as
/// [`NodeInfo::build_normalized`](crate::model::NodeInfo::build_normalized).
fn normalized_build(s: &str) -> String {
    s.trim().trim_start_matches(['v', 'V']).to_string()
}

/// Most tables with a `schema-drift` finding of their own; the others
/// share one.
const MAX_TABLE_FINDINGS: usize = 20;

/// The sentence for `what` when the reporting nodes disagree: `values`
/// holds (value, node name) for each node that reports it.
fn differs<'a>(what: &str, values: impl IntoIterator<Item = (String, &'a str)>) -> Option<String> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    let mut reporting = 0usize;
    for (value, who) in values {
        reporting += 1;
        match index.get(&value) {
            Some(&i) => groups[i].1.push(who),
            None => {
                index.insert(value.clone(), groups.len());
                groups.push((value, vec![who]));
            }
        }
    }
    if groups.len() < 2 {
        return None;
    }
    // Most common first; ties keep first-seen order.
    groups.sort_by_key(|g| Reverse(g.1.len()));
    let listed = |gs: &[(String, Vec<&str>)]| {
        let mut parts: Vec<String> = gs
            .iter()
            .take(MAX_LISTED)
            .map(|(v, who)| format!("{} on {}", clip(v), names(who.iter().copied(), who.len())))
            .collect();
        if gs.len() > MAX_LISTED {
            parts.push(format!("and {} more values", gs.len() - MAX_LISTED));
        }
        parts.join("; ")
    };
    Some(if groups[0].1.len() * 2 > reporting {
        format!(
            "{what} differs between nodes: most have {}, but {}",
            clip(&groups[0].0),
            listed(&groups[1..])
        )
    } else {
        format!("{what} differs between nodes: {}", listed(&groups))
    })
}

/// A schema table, the (version, node) pairs sent for it, and the index of
/// the last node counted.
type Table<'a> = (&'a str, Vec<(String, &'a str)>, usize);

pub(super) fn findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    let nodes: Vec<&Node> = answer.nodes.iter().filter(|n| !n.is_error()).collect();
    if nodes.len() < 2 {
        return;
    }
    let each = |value: fn(&Node) -> Option<String>| {
        nodes
            .iter()
            .filter_map(move |n| value(n).map(|v| (v, n.name.raw())))
    };
    let mut report = |code: FindingCode, message: Option<String>| {
        if let Some(m) = message {
            push(out, Severity::Warning, code, None, m);
        }
    };
    // The build is `version`, else `description`. When the builds agree,
    // descriptions that disagree are build drift too (a node may carry a
    // stale `description`); when the builds differ, that one finding says it.
    let builds = differs(
        "build version",
        each(|n| n.info.build_normalized().map(ServerText::into_raw)),
    );
    let descriptions = || {
        differs(
            "build description",
            each(|n| {
                n.info
                    .description
                    .as_ref()
                    .map(|d| normalized_build(d.raw()))
            }),
        )
    };
    report(FindingCode::BuildDrift, builds.or_else(descriptions));
    report(
        FindingCode::DbEngineDrift,
        differs(
            "database engine",
            each(|n| {
                n.info
                    .db_engine
                    .as_ref()
                    .map(|d| d.raw().to_ascii_uppercase())
            }),
        ),
    );
    report(
        FindingCode::MultiConnectDrift,
        differs(
            "multi_connect",
            each(|n| n.info.multi_connect.map(|b| b.to_string())),
        ),
    );

    // Schema versions: table -> (value, node) in one pass over all cells.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut tables: Vec<Table> = Vec::new();
    for (ni, n) in nodes.iter().enumerate() {
        for (table, version) in n.info.schema.as_deref().unwrap_or_default() {
            let i = *index.entry(table.raw()).or_insert_with(|| {
                tables.push((table.raw(), Vec::new(), usize::MAX));
                tables.len() - 1
            });
            // A table sent twice by one node counts once (its first value).
            if tables[i].2 != ni {
                tables[i].2 = ni;
                tables[i].1.push((version.raw().into_owned(), n.name.raw()));
            }
        }
    }
    // The spec's tables in its order, then the others as first seen.
    tables.sort_by_key(|(t, _, _)| {
        KNOWN_SCHEMA_TABLES
            .iter()
            .position(|k| k == t)
            .unwrap_or(usize::MAX)
    });
    let mut drifting = 0usize;
    let mut more: Vec<&str> = Vec::new();
    for (table, values, _) in tables {
        let what = format!("schema version of `{}`", clip(table));
        let Some(message) = differs(&what, values) else {
            continue;
        };
        drifting += 1;
        if drifting <= MAX_TABLE_FINDINGS {
            report(FindingCode::SchemaDrift, Some(message));
        } else {
            more.push(table);
        }
    }
    if drifting > MAX_TABLE_FINDINGS {
        let rest = drifting - MAX_TABLE_FINDINGS;
        report(
            FindingCode::SchemaDrift,
            Some(format!(
                "schema versions also differ between nodes in {rest} more table(s): {}",
                names(more, rest)
            )),
        );
    }
}

#[cfg(test)]
mod tests;
