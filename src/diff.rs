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

//!
//! The parts: `types` (the document), `nodes` (pairing and comparing
//! nodes), `shards` (the sweep) and `headlines` (the summary lines).

use crate::model::{Bytes, Shape, SupportAnswer};
use crate::safe::ServerText;

mod headlines;
mod nodes;
mod shards;
mod types;

pub use shards::format_ranges;
pub use types::{
    Change, Diff, Headline, NodeBrief, NodeCounts, NodeDiff, Reading, ShardMove, Sources, Text,
};

use headlines::headlines;
use nodes::{brief, compare_nodes, differs_by_text, pair, reading};
use shards::shard_moves;

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

#[cfg(test)]
mod tests;
