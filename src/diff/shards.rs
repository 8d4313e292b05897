//! Shard ownership compared with one interval sweep over both answers'
//! merged ranges: a run of shards that changed owner is one [`ShardMove`]
//! whatever its length, at a cost in nodes and ranges, never in the shard
//! ids they span.

use std::collections::BTreeSet;

use crate::model::{ShardRange, SupportAnswer};

use super::nodes::Pairing;
use super::{MAX_LISTED, ShardMove, Text};

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
pub(super) fn shard_moves(
    old: &SupportAnswer,
    new: &SupportAnswer,
    pairing: &Pairing,
) -> Vec<ShardMove> {
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
