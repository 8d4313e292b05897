//! Per-node details: the facts that do not fit a column of the nodes
//! table, split into what every node shares and what each has of its own.
//! An environment found in the answer is counted, never shown.

use std::collections::{HashMap, HashSet};

use crate::model::{Node, SupportAnswer};
use crate::render::view::plural;
use crate::safe::ServerText;

/// Detail rows: `key`, `value` (already safe).
pub type DetailRows = Vec<(&'static str, String)>;

/// Which detail rows all healthy nodes share, and each node's own rows,
/// made one node at a time: no node's rows are held beside another's
/// (the first healthy node's aside), so the details of a large answer
/// cost a node's worth of memory, at the price of making each node's
/// rows twice.
pub struct DetailSplit<'a> {
    answer: &'a SupportAnswer,
    /// The rows every healthy node has, in the first healthy node's order
    /// (a row it repeats is repeated); none with fewer than two.
    common: DetailRows,
    /// The same rows, for looking them up.
    shared: HashSet<(&'static str, String)>,
}

impl<'a> DetailSplit<'a> {
    /// Finds the rows every healthy node has, making each node's rows and
    /// dropping them at once.
    pub fn new(answer: &'a SupportAnswer) -> Self {
        let mut healthy = answer.nodes.iter().filter(|n| !n.is_error());
        let mut split = DetailSplit {
            answer,
            common: Vec::new(),
            shared: HashSet::new(),
        };
        let Some(first) = healthy.next() else {
            return split;
        };
        // Only the first healthy node's rows can be shared: count, for
        // each of them, the other healthy nodes that have it (a node's
        // repeated row counts once: `last` is the node that counted).
        let rows = node_details(first);
        let mut index: HashMap<&(&'static str, String), usize> = HashMap::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            index.entry(row).or_insert(i);
        }
        let mut count = vec![0usize; rows.len()];
        let mut last = vec![usize::MAX; rows.len()];
        let mut others = 0;
        for (h, node) in healthy.enumerate() {
            others += 1;
            for row in &node_details(node) {
                if let Some(&i) = index.get(row)
                    && last[i] != h
                {
                    last[i] = h;
                    count[i] += 1;
                }
            }
        }
        if others > 0 {
            let keep: Vec<bool> = rows.iter().map(|r| count[index[r]] == others).collect();
            drop(index);
            split.common = rows
                .into_iter()
                .zip(keep)
                .filter_map(|(r, k)| k.then_some(r))
                .collect();
            split.shared = split.common.iter().cloned().collect();
        }
        split
    }

    /// The rows every healthy node has (none with fewer than two).
    pub fn common(&self) -> impl Iterator<Item = &(&'static str, String)> {
        self.common.iter()
    }

    /// Each node with the rows of its own, made as the node comes (each
    /// row looked up once); nodes with none left out.
    pub fn own(&self) -> impl Iterator<Item = (&'a Node, DetailRows)> + '_ {
        self.answer.nodes.iter().filter_map(move |node| {
            let mut rows = node_details(node);
            if !self.shared.is_empty() {
                rows.retain(|r| !self.shared.contains(r));
            }
            (!rows.is_empty()).then_some((node, rows))
        })
    }
}

/// The detail lines of one node, values already made safe.
pub fn node_details(node: &Node) -> DetailRows {
    let mut rows: DetailRows = Vec::new();
    for e in &node.errors {
        rows.push(("error", e.to_string()));
    }
    let i = &node.info;
    let s = |v: &Option<ServerText>| v.as_ref().map(ToString::to_string);
    if let Some(d) = s(&i.debug_info) {
        rows.push(("phone", d));
    }
    if let Some(e2e) = &i.e2e {
        let mut parts = Vec::new();
        if let Some(r) = &e2e.registration_id {
            parts.push(format!("registration id {r}"));
        }
        if let Some(t) = e2e.identity_timestamp.as_ref().filter(|t| !t.is_empty()) {
            parts.push(format!("identity {t}"));
        }
        for (k, v) in &e2e.extra {
            parts.push(format!("{} {}", key(k), compact(v)));
        }
        if !parts.is_empty() {
            rows.push(("e2e", parts.join(", ")));
        }
    }
    let db = [
        s(&i.db_engine),
        i.db_info
            .as_ref()
            .map(|d| ServerText::join(d, ", ").to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    if !db.is_empty() {
        rows.push(("database", db.join(" · ")));
    }
    let os = [s(&i.os_name), s(&i.os_version)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    if !os.is_empty() {
        rows.push(("os", os.join(" ")));
    }
    if i.lc.is_some() || i.lg.is_some() {
        rows.push((
            "locale",
            format!(
                "{}_{}",
                s(&i.lc).unwrap_or_else(|| "?".into()),
                s(&i.lg).unwrap_or_else(|| "?".into())
            ),
        ));
    }
    if let Some(m) = i.multi_connect {
        rows.push(("multi-connect", if m { "yes" } else { "no" }.into()));
    }
    if let Some(d) = s(&i.device_iso8601) {
        rows.push(("device time", d));
    }
    if let Some(e) = s(&i.expire_timestamp) {
        rows.push(("expires", format!("{e} UTC")));
    }
    if let Some(d) = i
        .description
        .as_ref()
        .filter(|d| Some(*d) != i.version.as_ref().map(|v| &v.0))
    {
        rows.push(("description", d.to_string()));
    }
    if let Some(c) = s(&i.context) {
        rows.push(("context", c));
    }
    if let Some(env) = &i.env {
        rows.push((
            "env",
            format!(
                "{} (not shown; see --json)",
                plural(env.len(), "variable", "variables")
            ),
        ));
    }
    for (k, v) in &i.extra {
        match env_count(k, v) {
            Some(n) => rows.push((
                "env",
                format!(
                    "{}: {} (not shown; see --json)",
                    key(k),
                    plural(n, "variable", "variables")
                ),
            )),
            None => rows.push(("other", format!("{}: {}", key(k), compact(&hide_env(v))))),
        }
    }
    rows
}

/// A JSON value from the answer on one short line, as server text.
fn compact(v: &serde_json::Value) -> ServerText {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    ServerText::new(crate::model::excerpt(&s, 120))
}

/// A key of a JSON object from the answer, as server text.
fn key(k: &str) -> ServerText {
    ServerText::from(k)
}

/// Field names that hold a process environment (any case, `_` and `-`
/// ignored): their values are counted, never printed.
const ENV_NAMES: [&str; 8] = [
    "env",
    "envs",
    "environ",
    "environment",
    "environments",
    "envvars",
    "envvariables",
    "environmentvariables",
];

/// `NAME=value`, as an environment variable is written.
fn is_assignment(s: &str) -> bool {
    let Some((name, _)) = s.split_once('=') else {
        return false;
    };
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A list of `NAME=value` strings.
fn is_env_list(v: &serde_json::Value) -> bool {
    v.as_array()
        .is_some_and(|a| !a.is_empty() && a.iter().all(|e| e.as_str().is_some_and(is_assignment)))
}

/// How many variables an unknown field holds when it is an environment:
/// a field named like one (`environment`, `env_vars`, ...), whatever its
/// value, or a list of `NAME=value` strings under any name. `None` when it
/// is not one.
fn env_count(name: &str, v: &serde_json::Value) -> Option<usize> {
    let plain: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if ENV_NAMES.contains(&plain.as_str()) {
        return Some(match v {
            serde_json::Value::Array(a) => a.len(),
            serde_json::Value::Object(o) => o.len(),
            serde_json::Value::Null => 0,
            serde_json::Value::String(s) => s.lines().filter(|l| !l.trim().is_empty()).count(),
            _ => 1,
        });
    }
    is_env_list(v).then(|| v.as_array().map_or(0, Vec::len))
}

/// `v` with every environment inside it (see [`env_count`]) replaced by
/// how many variables it holds.
fn hide_env(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let hidden = |n: usize| {
        Value::String(format!(
            "{n} variable{} not shown",
            if n == 1 { "" } else { "s" }
        ))
    };
    match v {
        Value::Array(a) if is_env_list(v) => hidden(a.len()),
        Value::Array(a) => Value::Array(a.iter().map(hide_env).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| match env_count(k, v) {
                    Some(n) => (k.clone(), hidden(n)),
                    None => (k.clone(), hide_env(v)),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}
