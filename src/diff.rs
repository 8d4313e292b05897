//! What changed between two answers (`diff OLD NEW`), node by node.
//!
//! [`compare`] is pure: two models in, one [`Diff`] out. Nodes are matched
//! by name (the one node of single-node answers is matched whatever its
//! name); for each pair it compares what tells a failover or an upgrade
//! apart: role, socket state, build, schema versions, build expiry, free
//! space (beyond a threshold), shards and errors. A field one side does not
//! report is [`Reading::NotReported`], never an empty value; a field the
//! model could not read is compared as the raw text it keeps.
//!
//! Shard ownership is compared with one interval sweep over both answers'
//! merged ranges: a run of shards that changed owner is one [`ShardMove`]
//! whatever its length, and the cost depends on the number of nodes and
//! ranges (O(n log n)), never on the shard ids they span.
//!
//! The [`Diff`] serializes to a stable JSON document (`"format":
//! "wa-support-diff/1"`; fields are only ever added) and reads back;
//! [`crate::render::diff`] shows it for people.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diagnose::parse_time;
use crate::model::{Bytes, Node, SPACE_DIRS, Shape, ShardRange, SupportAnswer, Unreadable};
use crate::safe::ServerText;

/// The value of the document's `format` field.
pub const FORMAT: &str = "wa-support-diff/1";

/// Free-space changes up to this much are not reported unless asked.
pub const DEFAULT_SPACE_DELTA: Bytes = Bytes(1 << 30);

/// Most node names listed for one side of a shard move, and in a summary
/// line, before "and N more".
pub const MAX_LISTED: usize = 8;

/// What to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// Free space that changed by more than this is reported.
    pub space_delta: Bytes,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            space_delta: DEFAULT_SPACE_DELTA,
        }
    }
}

/// Text from an answer (or quoting one): raw in JSON, escaped when printed
/// (its `Display` is [`ServerText`]'s). Unlike `ServerText` it reads back
/// from JSON, so a [`Diff`] round-trips.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(pub ServerText);

impl Text {
    /// Wraps text that came from outside the program.
    pub fn new(s: impl Into<String>) -> Text {
        Text(ServerText::new(s))
    }

    /// The text as sent. Never print it: for comparisons and JSON only.
    pub fn raw(&self) -> &str {
        self.0.raw()
    }
}

impl From<&ServerText> for Text {
    fn from(t: &ServerText) -> Text {
        Text(t.clone())
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::new)
    }
}

/// One side's value of a compared field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Reading {
    /// The node does not send the field (or, for `errors`, sends none).
    NotReported,
    /// The value as sent (a role, a state, a build, a time, a version).
    Text(Text),
    /// A byte count; from [`Bytes::UNLIMITED_FROM`] up, "no limit reported".
    Bytes(u64),
    /// Shard ranges `[first, last]`, sorted and merged.
    Shards(Vec<[i64; 2]>),
    /// Sent but unreadable: the raw JSON text the model kept.
    Unreadable(Text),
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// `role`, `socket_conn`, `build`, `schema.message`, `expire_timestamp`,
    /// `free_space_data` (and the other directories), `shards`, `errors`;
    /// at the answer's level `shape` and `meta.version`.
    pub field: String,
    pub old: Reading,
    pub new: Reading,
    /// For free space: new minus old, in bytes (none when either side
    /// reports no figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<i64>,
}

/// A node present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeBrief {
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket_conn: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<Text>,
    /// True when the node answered with errors instead of its status.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_error: bool,
}

/// A node on both sides whose compared fields differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeDiff {
    /// The node's name in NEW.
    pub name: Text,
    /// Its name in OLD, when it differs (the one node of two single-node
    /// answers read from different places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_name: Option<Text>,
    pub changes: Vec<Change>,
}

/// A run of shard ids whose owners changed: `first..=last` was owned by
/// `from` and is now owned by `to` (either may be empty: no node reported
/// owning it). Owner lists hold at most [`MAX_LISTED`] names, sorted; the
/// counts say how many there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardMove {
    pub first: i64,
    pub last: i64,
    pub from: Vec<Text>,
    pub from_count: usize,
    pub to: Vec<Text>,
    pub to_count: usize,
}

impl ShardMove {
    /// The run as people read it (`-1`, `0-1999`).
    pub fn range(&self) -> ShardRange {
        ShardRange {
            first: self.first,
            last: self.last,
        }
    }

    /// True for the master shard (`-1`) alone.
    pub fn is_master(&self) -> bool {
        self.first == -1 && self.last == -1
    }
}

/// A cluster-level line saying what the changes mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    /// Stable identifier: `shape-changed`, `primary-master-moved`,
    /// `secondary-master-moved`, `master-shard-moved`, `nodes-added`,
    /// `nodes-removed`, `shards-moved`, `nodes-down`, `nodes-up`,
    /// `roles-changed`, `builds-changed`, `api-version-changed`,
    /// `schema-changed`, `expiry-changed`, `space-changed`, `errors-changed`,
    /// `fields-one-sided` (a field sent on one side only).
    pub code: String,
    /// The line for people; quotes node names and values (escaped when
    /// printed).
    pub message: Text,
}

/// What the two answers are (file names, `-`, a URL's host); filled in by
/// the caller, `OLD` and `NEW` until then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources {
    pub old: Text,
    pub new: Text,
}

impl Default for Sources {
    fn default() -> Self {
        Sources {
            old: Text::new("OLD"),
            new: Text::new("NEW"),
        }
    }
}

/// How many nodes each side has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeCounts {
    pub old: usize,
    pub new: usize,
}

/// Everything that differs between two answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    /// Always [`FORMAT`].
    pub format: String,
    #[serde(default)]
    pub sources: Sources,
    /// The free-space threshold used, in bytes.
    pub space_delta: u64,
    pub nodes: NodeCounts,
    /// Cluster-level lines, most telling first.
    pub summary: Vec<Headline>,
    /// Answer-level fields that differ (`shape`, `meta.version`).
    pub answer: Vec<Change>,
    /// Nodes only in NEW, in NEW's order.
    pub added: Vec<NodeBrief>,
    /// Nodes only in OLD, in OLD's order.
    pub removed: Vec<NodeBrief>,
    /// Nodes on both sides that differ, in NEW's order.
    pub changed: Vec<NodeDiff>,
    /// Runs of shards whose owners changed, by shard id.
    pub shard_moves: Vec<ShardMove>,
}

impl Diff {
    /// True when nothing differs (exit code 0 of `diff`).
    pub fn is_empty(&self) -> bool {
        self.answer.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.shard_moves.is_empty()
    }
}

/// Compares two answers. Pure; O(n log n) in nodes and shard ranges.
pub fn compare(old: &SupportAnswer, new: &SupportAnswer, opts: &DiffOptions) -> Diff {
    let pairing = pair(old, new);
    let mut answer = Vec::new();
    if old.shape != new.shape {
        answer.push(Change {
            field: "shape".into(),
            old: Reading::Text(Text::new(shape_name(old.shape))),
            new: Reading::Text(Text::new(shape_name(new.shape))),
            delta: None,
        });
    }
    let meta_version = |a: &SupportAnswer| {
        let v = a.meta.as_ref().and_then(|m| m.version.as_ref());
        reading(
            &a.unreadable,
            "meta.version",
            v.map(|v| Reading::Text(text(&v.0))),
        )
    };
    let (mo, mn) = (meta_version(old), meta_version(new));
    if differs_by_text(&mo, &mn, |s| {
        s.trim().trim_start_matches(['v', 'V']).to_string()
    }) {
        answer.push(Change {
            field: "meta.version".into(),
            old: mo,
            new: mn,
            delta: None,
        });
    }

    let mut changed = Vec::new();
    for &(o, n) in &pairing.pairs {
        let (on, nn) = (&old.nodes[o], &new.nodes[n]);
        let changes = compare_nodes(on, nn, opts);
        if !changes.is_empty() {
            changed.push(NodeDiff {
                name: text(&nn.name),
                old_name: (on.name != nn.name).then(|| text(&on.name)),
                changes,
            });
        }
    }
    // NEW's order (primary master first, then by name).
    changed.sort_by_key(|d| {
        pairing
            .new_index
            .get(d.name.raw())
            .copied()
            .unwrap_or(usize::MAX)
    });
    let added: Vec<NodeBrief> = pairing
        .added
        .iter()
        .map(|&i| brief(&new.nodes[i]))
        .collect();
    let removed: Vec<NodeBrief> = pairing
        .removed
        .iter()
        .map(|&i| brief(&old.nodes[i]))
        .collect();
    let shard_moves = shard_moves(old, new, &pairing);

    let mut diff = Diff {
        format: FORMAT.to_string(),
        sources: Sources::default(),
        space_delta: opts.space_delta.0,
        nodes: NodeCounts {
            old: old.nodes.len(),
            new: new.nodes.len(),
        },
        summary: Vec::new(),
        answer,
        added,
        removed,
        changed,
        shard_moves,
    };
    diff.summary = headlines(old, new, &diff);
    diff
}

fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Single => "single",
        Shape::MultiConnect => "multi_connect",
    }
}

fn text(t: &ServerText) -> Text {
    Text(t.clone())
}

/// Which nodes are the same node on both sides.
struct Pairing {
    /// `(old index, new index)`.
    pairs: Vec<(usize, usize)>,
    added: Vec<usize>,
    removed: Vec<usize>,
    /// NEW's node names → their index (for ordering).
    new_index: HashMap<String, usize>,
}

/// Matches nodes by name (a name sent twice is matched in order); the one
/// node of two answers of one node each, one of them single-node, is the
/// same node whatever it is called (a file's node is "local", a server's
/// its host).
fn pair(old: &SupportAnswer, new: &SupportAnswer) -> Pairing {
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

fn brief(n: &Node) -> NodeBrief {
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
fn reading(unreadable: &[Unreadable], field: &str, value: Option<Reading>) -> Reading {
    if let Some(u) = unreadable.iter().find(|u| u.field == field) {
        return Reading::Unreadable(text(&u.raw));
    }
    value.unwrap_or(Reading::NotReported)
}

/// True when the readings differ; two texts are compared through `norm`.
fn differs_by_text(a: &Reading, b: &Reading, norm: impl Fn(&str) -> String) -> bool {
    match (a, b) {
        (Reading::Text(x), Reading::Text(y)) => norm(x.raw()) != norm(y.raw()),
        _ => a != b,
    }
}

/// A node's shard ranges, sorted and merged (overlapping or adjacent ranges
/// become one). Linear in the ranges after sorting.
pub fn merge_ranges(ranges: &[ShardRange]) -> Vec<[i64; 2]> {
    let mut sorted: Vec<[i64; 2]> = ranges
        .iter()
        .filter(|r| r.first <= r.last)
        .map(|r| [r.first, r.last])
        .collect();
    sorted.sort_unstable();
    let mut merged: Vec<[i64; 2]> = Vec::with_capacity(sorted.len());
    for [first, last] in sorted {
        match merged.last_mut() {
            Some(prev) if first <= prev[1].saturating_add(1) => prev[1] = prev[1].max(last),
            _ => merged.push([first, last]),
        }
    }
    merged
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
fn compare_nodes(o: &Node, n: &Node, opts: &DiffOptions) -> Vec<Change> {
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
        if let Some(t) = u.field.raw().strip_prefix("schema.") {
            if seen.insert(t) {
                tables.push(t);
            }
        }
    }
    for t in tables {
        let (a, b) = (table_of(o, so, t), table_of(n, sn, t));
        if a != b {
            push(format!("schema.{t}"), a, b, None);
        }
    }
}

/// One shard-range boundary: at `at`, node `id` of one side starts or
/// stops owning shards.
struct Event {
    at: i128,
    new_side: bool,
    id: u32,
    start: bool,
}

/// Runs of shard ids whose owners differ. Each node's ranges are merged;
/// one sweep over the boundaries of both sides keeps, per node, whether it
/// owns the current shard on each side, and counts the nodes for which the
/// two sides disagree: a run changed owner exactly where that count is not
/// zero. O(r log r) in ranges; the master shard is a run of its own.
fn shard_moves(old: &SupportAnswer, new: &SupportAnswer, pairing: &Pairing) -> Vec<ShardMove> {
    // A node is the same node on both sides under NEW's name.
    let mut old_key: Vec<&str> = old.nodes.iter().map(|n| n.name.raw()).collect();
    for &(o, n) in &pairing.pairs {
        old_key[o] = new.nodes[n].name.raw();
    }
    let new_key: Vec<&str> = new.nodes.iter().map(|n| n.name.raw()).collect();
    let mut names: Vec<&str> = old_key.iter().chain(&new_key).copied().collect();
    names.sort_unstable();
    names.dedup();
    let id_of = |k: &str| names.binary_search(&k).unwrap_or(0) as u32;

    let mut events: Vec<Event> = Vec::new();
    for (side, answer, keys) in [(false, old, &old_key), (true, new, &new_key)] {
        for (i, node) in answer.nodes.iter().enumerate() {
            let Some(ranges) = node.info.shards.as_deref() else {
                continue;
            };
            let id = id_of(keys[i]);
            for [first, last] in merge_ranges(ranges) {
                events.push(Event {
                    at: i128::from(first),
                    new_side: side,
                    id,
                    start: true,
                });
                events.push(Event {
                    at: i128::from(last) + 1,
                    new_side: side,
                    id,
                    start: false,
                });
            }
        }
    }
    if events.is_empty() {
        return Vec::new();
    }
    events.sort_unstable_by_key(|e| e.at);
    let mut points: Vec<i128> = events.iter().map(|e| e.at).chain([-1, 0]).collect();
    points.sort_unstable();
    points.dedup();

    let mut owners = [BTreeSet::new(), BTreeSet::new()];
    // Per node: owns on OLD minus owns on NEW (-1, 0 or 1).
    let mut balance = vec![0i8; names.len()];
    let mut disagree = 0usize;
    let mut next_event = 0;
    let mut out = Vec::new();
    for (k, &at) in points.iter().enumerate() {
        while let Some(e) = events.get(next_event).filter(|e| e.at == at) {
            let side = usize::from(e.new_side);
            if e.start {
                owners[side].insert(e.id);
            } else {
                owners[side].remove(&e.id);
            }
            let step: i8 = if e.start == e.new_side { -1 } else { 1 };
            let b = &mut balance[e.id as usize];
            let was = *b != 0;
            *b += step;
            match (was, *b != 0) {
                (false, true) => disagree += 1,
                (true, false) => disagree -= 1,
                _ => {}
            }
            next_event += 1;
        }
        let Some(&end) = points.get(k + 1) else {
            break;
        };
        if disagree == 0 {
            continue;
        }
        let list = |s: &BTreeSet<u32>| -> Vec<Text> {
            s.iter()
                .take(MAX_LISTED)
                .map(|&id| Text::new(names[id as usize]))
                .collect()
        };
        // Both ends are shard ids the answers named (or 0 / -1).
        let (first, last) = (at as i64, (end - 1) as i64);
        out.push(ShardMove {
            first,
            last,
            from: list(&owners[0]),
            from_count: owners[0].len(),
            to: list(&owners[1]),
            to_count: owners[1].len(),
        });
    }
    out
}

/// `a`, `a and b`, `a, b and c`; past [`MAX_LISTED`], `…, h and N more`.
pub fn and_list<T: fmt::Display>(items: impl IntoIterator<Item = T>, total: usize) -> String {
    let shown: Vec<String> = items
        .into_iter()
        .take(MAX_LISTED)
        .map(|x| x.to_string())
        .collect();
    let rest = total.saturating_sub(shown.len());
    match (shown.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), rest) => format!("{} and {rest} more", shown.join(", ")),
    }
}

/// Raw names joined for a message (the message is server text, escaped
/// when printed as a whole).
fn raw_list<'a>(items: impl IntoIterator<Item = &'a str>, total: usize) -> String {
    and_list(items, total)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The nodes of `answer` with role `role`, by name.
fn with_role<'a>(answer: &'a SupportAnswer, role: &str) -> Vec<&'a str> {
    answer
        .nodes
        .iter()
        .filter(|n| n.info.role.as_ref().is_some_and(|r| r.raw() == role))
        .map(|n| n.name.raw())
        .collect()
}

/// The cluster-level lines, in a fixed order.
fn headlines(old: &SupportAnswer, new: &SupportAnswer, d: &Diff) -> Vec<Headline> {
    let mut out = Vec::new();
    let mut line = |code: &str, message: String| {
        out.push(Headline {
            code: code.to_string(),
            message: Text::new(message),
        })
    };
    if old.shape != new.shape {
        line(
            "shape-changed",
            format!(
                "the answer changed from {} to {}",
                shape_words(old.shape),
                shape_words(new.shape)
            ),
        );
    }
    for (role, words, code) in [
        ("primary_master", "primary master", "primary-master-moved"),
        (
            "secondary_master",
            "secondary master",
            "secondary-master-moved",
        ),
    ] {
        let (a, b) = (with_role(old, role), with_role(new, role));
        let (sa, sb): (BTreeSet<&str>, BTreeSet<&str>) =
            (a.iter().copied().collect(), b.iter().copied().collect());
        if sa == sb {
            continue;
        }
        let la = raw_list(sa.iter().copied(), sa.len());
        let lb = raw_list(sb.iter().copied(), sb.len());
        let msg = match (sa.is_empty(), sb.is_empty()) {
            (true, _) => format!("{lb} is now {words} (no node was before)"),
            (_, true) => format!("no node is {words} now (was {la})"),
            _ => format!("{words} moved from {la} to {lb}"),
        };
        line(code, msg);
    }
    if let Some(m) = d.shard_moves.iter().find(|m| m.is_master()) {
        let from = raw_list(m.from.iter().map(Text::raw), m.from_count);
        let to = raw_list(m.to.iter().map(Text::raw), m.to_count);
        let msg = match (m.from_count, m.to_count) {
            (0, _) => format!("the master shard is now owned by {to} (no owner reported before)"),
            (_, 0) => format!("no node reports owning the master shard now (was {from})"),
            _ => format!("master shard moved from {from} to {to}"),
        };
        line("master-shard-moved", msg);
    }
    if !d.added.is_empty() {
        let names = raw_list(d.added.iter().map(|b| b.name.raw()), d.added.len());
        let n = plural(d.added.len(), "node", "nodes");
        line("nodes-added", format!("{n} added: {names}"));
    }
    if !d.removed.is_empty() {
        let names = raw_list(d.removed.iter().map(|b| b.name.raw()), d.removed.len());
        let n = plural(d.removed.len(), "node", "nodes");
        line("nodes-removed", format!("{n} removed: {names}"));
    }
    let regular: Vec<&ShardMove> = d.shard_moves.iter().filter(|m| m.last >= 0).collect();
    if !regular.is_empty() {
        let count: u128 = regular
            .iter()
            .map(|m| (i128::from(m.last) - i128::from(m.first.max(0)) + 1) as u128)
            .sum();
        line(
            "shards-moved",
            format!(
                "{count} {} changed owner, in {}",
                if count == 1 { "shard" } else { "shards" },
                plural(regular.len(), "run", "runs")
            ),
        );
    }

    // Per-node changes, counted by kind.
    let is_up = |r: &Reading| match r {
        Reading::Text(t) => matches!(t.raw(), "UP" | "UP receiving offline"),
        _ => false,
    };
    let mut down = Vec::new();
    let mut up = Vec::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for nd in &d.changed {
        let mut kinds = BTreeSet::new();
        for c in &nd.changes {
            let one_sided = c.field != "errors"
                && (c.old == Reading::NotReported || c.new == Reading::NotReported);
            if c.field == "socket_conn" && !one_sided {
                match (is_up(&c.old), is_up(&c.new)) {
                    (true, false) => down.push(nd.name.raw()),
                    (false, true) => up.push(nd.name.raw()),
                    _ => {}
                }
            }
            let kind = match c.field.as_str() {
                _ if one_sided => "one-sided",
                f if f.starts_with("schema") => "schema",
                f if f.starts_with("free_space") => "space",
                f => f,
            };
            kinds.insert(kind);
        }
        for k in kinds {
            *counts.entry(k).or_default() += 1;
        }
    }
    if !down.is_empty() {
        line(
            "nodes-down",
            format!(
                "no longer connected: {}",
                raw_list(down.iter().copied(), down.len())
            ),
        );
    }
    if !up.is_empty() {
        line(
            "nodes-up",
            format!("now connected: {}", raw_list(up.iter().copied(), up.len())),
        );
    }
    let on = |k: &str| plural(counts.get(k).copied().unwrap_or(0), "node", "nodes");
    if counts.contains_key("errors") {
        line(
            "errors-changed",
            format!("errors changed on {}", on("errors")),
        );
    }
    if counts.contains_key("role") {
        line("roles-changed", format!("role changed on {}", on("role")));
    }
    let (bo, bn) = (old.builds(), new.builds());
    if bo != bn {
        let fmt = |b: &[String]| {
            if b.is_empty() {
                "none reported".to_string()
            } else {
                raw_list(b.iter().map(String::as_str), b.len())
            }
        };
        line(
            "builds-changed",
            format!("builds changed from {} to {}", fmt(&bo), fmt(&bn)),
        );
    } else if counts.contains_key("build") {
        line(
            "builds-changed",
            format!("build changed on {}", on("build")),
        );
    }
    if let Some(c) = d.answer.iter().find(|c| c.field == "meta.version") {
        line(
            "api-version-changed",
            format!(
                "the API version changed from {} to {}",
                reading_raw(&c.old),
                reading_raw(&c.new)
            ),
        );
    }
    if counts.contains_key("schema") {
        line(
            "schema-changed",
            format!("schema versions changed on {}", on("schema")),
        );
    }
    if counts.contains_key("expire_timestamp") {
        line(
            "expiry-changed",
            format!("build expiry changed on {}", on("expire_timestamp")),
        );
    }
    if counts.contains_key("space") {
        line(
            "space-changed",
            format!(
                "free space changed by more than {} on {}",
                Bytes(d.space_delta).human(),
                on("space")
            ),
        );
    }
    if counts.contains_key("one-sided") {
        line(
            "fields-one-sided",
            format!("fields reported on one side only on {}", on("one-sided")),
        );
    }
    out
}

fn shape_words(s: Shape) -> &'static str {
    match s {
        Shape::Single => "one node",
        Shape::MultiConnect => "multi-connect",
    }
}

/// A reading as raw words, for composing a message.
fn reading_raw(r: &Reading) -> String {
    match r {
        Reading::NotReported => "not reported".into(),
        Reading::Text(t) => t.raw().to_string(),
        Reading::Bytes(b) if Bytes(*b).is_unlimited() => "no limit".into(),
        Reading::Bytes(b) => Bytes(*b).human(),
        Reading::Shards(s) => format_ranges(s),
        Reading::Unreadable(t) => format!("unreadable {}", t.raw()),
    }
}

/// Merged ranges as people read them, bounded: `-1, 0-3, 7`, `none`,
/// `0, 2, 4, … (+120 more)`.
pub fn format_ranges(s: &[[i64; 2]]) -> String {
    if s.is_empty() {
        return "none".into();
    }
    let mut out = s
        .iter()
        .take(MAX_LISTED)
        .map(|&[first, last]| ShardRange { first, last }.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if s.len() > MAX_LISTED {
        out.push_str(&format!(", … (+{} more)", s.len() - MAX_LISTED));
    }
    out
}

#[cfg(test)]
mod tests;
