//! Which node is which on the two sides, and what differs between the two
//! readings of one node: role, socket state, build, schema versions, build
//! expiry, free space beyond the threshold, shards and errors. A field the
//! model could not read is compared as the raw text it kept.

use std::collections::{HashMap, VecDeque};

use crate::diagnose::expiry::parse_time;
use crate::model::{Bytes, Node, SPACE_DIRS, Shape, SupportAnswer, Unreadable};
use crate::safe::ServerText;

use super::shards::merge_ranges;
use super::{Change, DiffOptions, NodeBrief, Reading, Text, text};

/// Which nodes are the same node on both sides.
pub(super) struct Pairing {
    /// `(old index, new index)`.
    pub(super) pairs: Vec<(usize, usize)>,
    pub(super) added: Vec<usize>,
    pub(super) removed: Vec<usize>,
    /// NEW's node names → their index (for ordering).
    pub(super) new_index: HashMap<String, usize>,
}

/// Matches nodes by name (a name sent twice is matched in order); the one
/// node of two answers of one node each, one of them single-node, is the
/// same node whatever it is called (a file's node is "local", a server's
/// its host).
pub(super) fn pair(old: &SupportAnswer, new: &SupportAnswer) -> Pairing {
    let new_index: HashMap<String, usize> = new
        .nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.name.raw().to_string(), i))
        .collect();
    if old.nodes.len() == 1
        && new.nodes.len() == 1
        && (old.shape == Shape::Single || new.shape == Shape::Single)
    {
        return Pairing {
            pairs: vec![(0, 0)],
            added: Vec::new(),
            removed: Vec::new(),
            new_index,
        };
    }
    let mut by_name: HashMap<&str, VecDeque<usize>> = HashMap::with_capacity(new.nodes.len());
    for (i, n) in new.nodes.iter().enumerate() {
        by_name.entry(n.name.raw()).or_default().push_back(i);
    }
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    let mut taken = vec![false; new.nodes.len()];
    for (i, n) in old.nodes.iter().enumerate() {
        match by_name.get_mut(n.name.raw()).and_then(VecDeque::pop_front) {
            Some(j) => {
                taken[j] = true;
                pairs.push((i, j));
            }
            None => removed.push(i),
        }
    }
    let added = (0..new.nodes.len()).filter(|&j| !taken[j]).collect();
    Pairing {
        pairs,
        added,
        removed,
        new_index,
    }
}

pub(super) fn brief(n: &Node) -> NodeBrief {
    NodeBrief {
        name: text(&n.name),
        role: n.info.role.as_ref().map(|r| Text::new(r.raw())),
        socket_conn: n.info.socket_conn.as_ref().map(|s| Text::new(s.raw())),
        build: n.info.build().map(text),
        in_error: n.is_error(),
    }
}

/// A field's reading: unreadable (the raw text kept), the value, or not
/// reported.
pub(super) fn reading(unreadable: &[Unreadable], field: &str, value: Option<Reading>) -> Reading {
    if let Some(u) = unreadable.iter().find(|u| u.field == field) {
        return Reading::Unreadable(text(&u.raw));
    }
    value.unwrap_or(Reading::NotReported)
}

/// True when the readings differ; two texts are compared through `norm`.
pub(super) fn differs_by_text(a: &Reading, b: &Reading, norm: impl Fn(&str) -> String) -> bool {
    match (a, b) {
        (Reading::Text(x), Reading::Text(y)) => norm(x.raw()) != norm(y.raw()),
        _ => a != b,
    }
}

fn errors_text(n: &Node) -> Option<Reading> {
    n.is_error().then(|| {
        Reading::Text(Text::new(
            n.errors
                .iter()
                .map(|e| e.text().into_raw())
                .collect::<Vec<_>>()
                .join("; "),
        ))
    })
}

/// The compared fields of two nodes that differ, in a fixed order.
pub(super) fn compare_nodes(o: &Node, n: &Node, opts: &DiffOptions) -> Vec<Change> {
    let mut out = Vec::new();
    let errors = (
        errors_text(o).unwrap_or(Reading::NotReported),
        errors_text(n).unwrap_or(Reading::NotReported),
    );
    // A node in error sends few fields or none; its errors say why, so a
    // field it does not send is not listed as a change.
    let mut push = |field: String, a: Reading, b: Reading, delta: Option<i64>| {
        let silent = |node: &Node, r: &Reading| node.is_error() && *r == Reading::NotReported;
        if silent(o, &a) || silent(n, &b) {
            return;
        }
        out.push(Change {
            field,
            old: a,
            new: b,
            delta,
        });
    };
    if errors.0 != errors.1 {
        push("errors".into(), errors.0.clone(), errors.1.clone(), None);
    }

    let role = |x: &Node| {
        let v = x
            .info
            .role
            .as_ref()
            .map(|r| Reading::Text(Text::new(r.raw())));
        reading(&x.unreadable, "role", v)
    };
    let (a, b) = (role(o), role(n));
    if a != b {
        push("role".into(), a, b, None);
    }

    let socket = |x: &Node| {
        let v = x
            .info
            .socket_conn
            .as_ref()
            .map(|s| Reading::Text(Text::new(s.raw())));
        reading(&x.unreadable, "socket_conn", v)
    };
    let (a, b) = (socket(o), socket(n));
    if a != b {
        push("socket_conn".into(), a, b, None);
    }

    // The build: `version`, else `description`; `v2.51.3` is `2.51.3`.
    let build = |x: &Node| {
        let unreadable = |f: &str| x.unreadable.iter().find(|u| u.field == f);
        match (
            unreadable("version"),
            x.info.build(),
            unreadable("description"),
        ) {
            (Some(u), _, _) => Reading::Unreadable(text(&u.raw)),
            (None, Some(b), _) => Reading::Text(text(b)),
            (None, None, Some(u)) => Reading::Unreadable(text(&u.raw)),
            (None, None, None) => Reading::NotReported,
        }
    };
    let (a, b) = (build(o), build(n));
    if differs_by_text(&a, &b, |s| {
        s.trim().trim_start_matches(['v', 'V']).to_string()
    }) {
        push("build".into(), a, b, None);
    }

    compare_schema(o, n, &mut push);

    // The expiry: the same instant written differently is no change.
    let expiry = |x: &Node| {
        let v = x
            .info
            .expire_timestamp
            .as_ref()
            .map(|t| Reading::Text(text(t)));
        reading(&x.unreadable, "expire_timestamp", v)
    };
    let (a, b) = (expiry(o), expiry(n));
    let same_time = match (&a, &b) {
        (Reading::Text(x), Reading::Text(y)) => {
            x.raw().trim() == y.raw().trim()
                || parse_time(x.raw()).is_some_and(|t| Some(t) == parse_time(y.raw()))
        }
        _ => a == b,
    };
    if !same_time {
        push("expire_timestamp".into(), a, b, None);
    }

    let (fo, fnew) = (o.info.free_space(), n.info.free_space());
    for (i, dir) in SPACE_DIRS.iter().enumerate() {
        let a = reading(&o.unreadable, dir.field, fo[i].map(|b| Reading::Bytes(b.0)));
        let b = reading(
            &n.unreadable,
            dir.field,
            fnew[i].map(|b| Reading::Bytes(b.0)),
        );
        match (&a, &b) {
            (Reading::Bytes(x), Reading::Bytes(y)) => {
                let (x, y) = (Bytes(*x), Bytes(*y));
                match (x.is_unlimited(), y.is_unlimited()) {
                    // Both "no limit reported": the figures mean nothing.
                    (true, true) => {}
                    (false, false) => {
                        if x.0.abs_diff(y.0) > opts.space_delta.0 {
                            // Both below 2^62: the difference fits.
                            let delta = y.0 as i64 - x.0 as i64;
                            push(dir.field.into(), a, b, Some(delta));
                        }
                    }
                    _ => push(dir.field.into(), a, b, None),
                }
            }
            _ if a != b => push(dir.field.into(), a, b, None),
            _ => {}
        }
    }

    let shards = |x: &Node| {
        let v = x
            .info
            .shards
            .as_deref()
            .map(|s| Reading::Shards(merge_ranges(s)));
        reading(&x.unreadable, "shards", v)
    };
    let (a, b) = (shards(o), shards(n));
    if a != b {
        push("shards".into(), a, b, None);
    }
    out
}

/// Schema versions, table by table (OLD's tables first, then NEW's
/// others); a whole `schema` that is unreadable on either side is one
/// change. Linear in the tables.
fn compare_schema(
    o: &Node,
    n: &Node,
    push: &mut impl FnMut(String, Reading, Reading, Option<i64>),
) {
    let whole = |x: &Node| x.unreadable.iter().any(|u| u.field == "schema");
    if whole(o) || whole(n) {
        let summary = |x: &Node| {
            let v = x.info.schema.as_ref().map(|s| {
                Reading::Text(Text::new(
                    s.iter()
                        .map(|(k, v)| format!("{}={}", k.raw(), v.raw()))
                        .collect::<Vec<_>>()
                        .join(", "),
                ))
            });
            reading(&x.unreadable, "schema", v)
        };
        let (a, b) = (summary(o), summary(n));
        if a != b {
            push("schema".into(), a, b, None);
        }
        return;
    }
    let empty = Vec::new();
    let (so, sn) = (
        o.info.schema.as_ref().unwrap_or(&empty),
        n.info.schema.as_ref().unwrap_or(&empty),
    );
    let table_of = |x: &Node, list: &[(ServerText, crate::model::SchemaVersion)], table: &str| {
        let field = format!("schema.{table}");
        let v = list
            .iter()
            .find(|(k, _)| k.raw() == table)
            .map(|(_, v)| Reading::Text(Text::new(v.raw())));
        reading(&x.unreadable, &field, v)
    };
    let mut tables: Vec<&str> = Vec::with_capacity(so.len() + sn.len());
    let mut seen = std::collections::HashSet::new();
    for (k, _) in so.iter().chain(sn.iter()) {
        if seen.insert(k.raw()) {
            tables.push(k.raw());
        }
    }
    for u in o.unreadable.iter().chain(&n.unreadable) {
        if let Some(t) = u.field.raw().strip_prefix("schema.")
            && seen.insert(t)
        {
            tables.push(t);
        }
    }
    for t in tables {
        let (a, b) = (table_of(o, so, t), table_of(n, sn, t));
        if a != b {
            push(format!("schema.{t}"), a, b, None);
        }
    }
}
