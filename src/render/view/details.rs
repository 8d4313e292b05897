//! Per-node details: the facts that do not fit a column of the nodes
//! table, split into what every node shares and what each has of its own.
//! An environment found in the answer is counted, never shown.

use std::collections::{HashMap, HashSet};

use crate::model::{Node, SupportAnswer};
use crate::render::view::plural;
use crate::safe::ServerText;

/// Detail rows: `key`, `value` (already safe).
pub type DetailRows = Vec<(&'static str, String)>;

/// Per-node details split into what every node shares (in a multi-node
/// answer) and what each node has of its own; nodes with nothing of their
/// own are left out. Linear: rows are counted in a map.
pub fn detail_groups(answer: &SupportAnswer) -> (DetailRows, Vec<(String, DetailRows)>) {
    let split = DetailSplit::new(answer);
    let common = split.common().cloned().collect();
    let own = split
        .own()
        .map(|(node, rows)| (node.name.to_string(), rows.cloned().collect()))
        .collect();
    (common, own)
}

/// Every node's detail rows and which of them all healthy nodes share,
/// borrowed: the rows are built once and never copied.
pub struct DetailSplit<'a> {
    per_node: Vec<(&'a Node, DetailRows)>,
    /// Index of the first healthy node in `per_node`, whose rows hold the
    /// shared ones, and which of its rows every healthy node has.
    first: Option<usize>,
    common: Vec<usize>,
    /// The shared rows, for looking them up (a few, copied once).
    shared: HashSet<(&'static str, String)>,
}

impl<'a> DetailSplit<'a> {
    /// Each node's rows, and which of them every healthy node has.
    pub fn new(answer: &'a SupportAnswer) -> Self {
        let per_node: Vec<(&Node, DetailRows)> =
            answer.nodes.iter().map(|n| (n, node_details(n))).collect();
        let mut healthy = per_node
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| !n.is_error())
            .map(|(i, _)| i);
        let first = healthy.next();
        let mut common = Vec::new();
        let mut shared = HashSet::new();
        if let Some(f) = first {
            // Only the first healthy node's rows can be shared: count, for
            // each of them, the other healthy nodes that have it (a node's
            // repeated row counts once: `last` is the node that counted).
            let rows = &per_node[f].1;
            let mut index: HashMap<&(&'static str, String), usize> =
                HashMap::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                index.entry(row).or_insert(i);
            }
            let mut count = vec![0usize; rows.len()];
            let mut last = vec![usize::MAX; rows.len()];
            let mut others = 0;
            for h in healthy {
                others += 1;
                for row in &per_node[h].1 {
                    if let Some(&i) = index.get(row) {
                        if last[i] != h {
                            last[i] = h;
                            count[i] += 1;
                        }
                    }
                }
            }
            if others > 0 {
                common = (0..rows.len())
                    .filter(|i| count[index[&rows[*i]]] == others)
                    .collect();
                shared = common.iter().map(|i| rows[*i].clone()).collect();
            }
        }
        DetailSplit {
            per_node,
            first,
            common,
            shared,
        }
    }

    /// The rows every healthy node has (none with fewer than two).
    pub fn common(&self) -> impl Iterator<Item = &(&'static str, String)> {
        let rows = self
            .first
            .map(|f| &self.per_node[f].1[..])
            .unwrap_or_default();
        self.common.iter().map(move |i| &rows[*i])
    }

    /// Each node with the rows of its own (each row looked up once),
    /// nodes with none left out.
    pub fn own(
        &self,
    ) -> impl Iterator<
        Item = (
            &'a Node,
            std::iter::Peekable<impl Iterator<Item = &(&'static str, String)>>,
        ),
    > {
        let own = |r: &&(&'static str, String)| self.shared.is_empty() || !self.shared.contains(*r);
        self.per_node
            .iter()
            .map(move |(node, rows)| (*node, rows.iter().filter(own).peekable()))
            .filter_map(|(node, mut rows)| rows.peek().is_some().then_some((node, rows)))
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
