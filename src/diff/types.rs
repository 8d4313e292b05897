//! The diff document: what [`super::compare`] returns and `diff -o json`
//! prints. Every type serializes to the stable `wa-support-diff/1` format
//! (fields are only ever added) and reads back, so a saved diff can be
//! rendered again; answer text stays a [`Text`], escaped when printed.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::ShardRange;
use crate::safe::ServerText;

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
    /// Always [`super::FORMAT`].
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
