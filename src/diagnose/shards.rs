//! Shard ownership: each node's ranges are merged, then one interval sweep
//! over all nodes finds the owners of the master shard, the gaps and the
//! overlaps. The cost depends on the number of ranges, never on their
//! length, and a run of shards is reported once, not once per id.

use std::collections::BTreeSet;

use super::message::{MAX_LISTED, and_list, names};
use super::{Finding, FindingCode, Severity, push};
use crate::model::{ShardRange, SupportAnswer};

/// Largest shard id the shard rules accept; a range beyond it (or below
/// the master shard, -1) is reported as implausible and left out.
const MAX_SHARDS: i64 = 4096;

/// `[first, last]` shard ids shown as people read them, as a
/// [`ShardRange`]: `3`, `0-4000`, `-7..-2`.
struct Run(i64, i64);

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        ShardRange {
            first: self.0,
            last: self.1,
        }
        .fmt(f)
    }
}

/// One node's shards, ready for the sweep.
#[derive(Debug, Default)]
pub(super) struct Owned {
    /// Plausible ranges, sorted and merged (overlapping or adjacent ranges
    /// become one); the master shard is kept apart from regular shards.
    pub merged: Vec<(i64, i64)>,
    /// Ranges outside `-1..=MAX_SHARDS`, sorted and deduplicated.
    pub implausible: Vec<ShardRange>,
}

impl Owned {
    pub fn of(ranges: &[ShardRange]) -> Owned {
        let mut ok = Vec::with_capacity(ranges.len());
        let mut implausible = Vec::new();
        for r in ranges {
            if r.first < -1 || r.last > MAX_SHARDS || r.last < r.first {
                implausible.push(*r);
            } else {
                ok.push((r.first, r.last));
            }
        }
        ok.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::new();
        for (first, last) in ok {
            match merged.last_mut() {
                Some(prev) if first <= prev.1 + 1 => prev.1 = prev.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        if let Some(&(-1, last)) = merged.first()
            && last >= 0
        {
            merged[0].1 = -1;
            merged.insert(1, (0, last));
        }
        implausible.sort_unstable();
        implausible.dedup();
        Owned {
            merged,
            implausible,
        }
    }

    /// How many regular (non-negative) shard ids the node owns.
    pub fn regular(&self) -> u64 {
        self.merged
            .iter()
            .filter(|&&(_, last)| last >= 0)
            .map(|&(first, last)| last.abs_diff(first.max(0)) + 1)
            .sum()
    }

    /// The merged ranges, bounded: `-1, 0-3, 7`.
    pub fn runs(&self) -> String {
        and_list(
            self.merged.iter().map(|&(a, b)| Run(a, b)),
            self.merged.len(),
        )
    }
}

/// ` (node(s) in error may hold it: x, y)`, or nothing when no node is in
/// error; with `unlisted`, nodes that do not list their shards count too.
pub(super) fn may_hold(answer: &SupportAnswer, unlisted: bool) -> String {
    let who = || {
        answer
            .nodes
            .iter()
            .filter(move |n| n.is_error() || (unlisted && n.info.shards.is_none()))
            .map(|n| n.name.raw())
    };
    let total = who().count();
    if total == 0 {
        return String::new();
    }
    format!(
        " (node(s) in error{} may hold it: {})",
        if unlisted {
            " or without a shard list"
        } else {
            ""
        },
        names(who(), total)
    )
}

/// A run of shards and the nodes that own it (the first few, and how many).
struct Claimed {
    first: i64,
    last: i64,
    owners: Vec<usize>,
    count: usize,
}

/// The shard rules of a multi-node answer. `owned` is aligned with
/// `answer.nodes`.
pub(super) fn findings(answer: &SupportAnswer, owned: &[Owned], out: &mut Vec<Finding>) {
    let nodes = &answer.nodes;
    let reporting = |i: &usize| !nodes[*i].is_error() && nodes[*i].info.shards.is_some();
    if !(0..nodes.len()).any(|i| reporting(&i)) {
        push(
            out,
            Severity::Note,
            FindingCode::ShardsUnknown,
            None,
            "no node reports its shards, so shard ownership is unknown: the master shard, gaps and overlaps were not checked".into(),
        );
        return;
    }

    // (id, starts, node): a range starts at its first id and ends just
    // after its last one.
    let mut events: Vec<(i64, bool, usize)> = Vec::new();
    for i in (0..nodes.len()).filter(reporting) {
        let bad = &owned[i].implausible;
        if !bad.is_empty() {
            push(
                out,
                Severity::Warning,
                FindingCode::ShardImplausible,
                Some(&nodes[i].name),
                format!(
                    "claims the implausible shard range(s) {}; not checked",
                    and_list(bad.iter(), bad.len())
                ),
            );
        }
        for &(first, last) in &owned[i].merged {
            events.push((first, true, i));
            events.push((last + 1, false, i));
        }
    }
    // Ends before starts at the same id: a node's master shard and its
    // next range meet at 0 without being counted twice.
    events.sort_unstable();

    let mut active: BTreeSet<usize> = BTreeSet::new();
    let mut master: Option<Claimed> = None;
    let mut gaps: Vec<(i64, i64)> = Vec::new();
    let mut overlaps: Vec<Claimed> = Vec::new();
    let claimed = |active: &BTreeSet<usize>, first, last| Claimed {
        first,
        last,
        owners: active.iter().take(MAX_LISTED).copied().collect(),
        count: active.len(),
    };
    if let Some(&(start, _, _)) = events.first()
        && start > 0
    {
        gaps.push((0, start - 1));
    }
    let mut i = 0;
    while i < events.len() {
        let pos = events[i].0;
        while let Some(&(p, starts, node)) = events.get(i)
            && p == pos
        {
            if starts {
                active.insert(node);
            } else {
                active.remove(&node);
            }
            i += 1;
        }
        let Some(&(next, _, _)) = events.get(i) else {
            break;
        };
        let last = next - 1;
        if pos < 0 {
            master = Some(claimed(&active, pos, last));
        } else if active.is_empty() {
            gaps.push((pos, last));
        } else if active.len() > 1 {
            overlaps.push(claimed(&active, pos, last));
        }
    }

    let owner_names = |c: &Claimed| names(c.owners.iter().map(|&i| nodes[i].name.raw()), c.count);
    let mut parts: Vec<String> = Vec::new();
    match &master {
        None => push(
            out,
            Severity::Critical,
            FindingCode::MasterShardUnowned,
            None,
            format!(
                "no node owns the master shard (-1){}",
                may_hold(answer, true)
            ),
        ),
        Some(c) if c.count > 1 => {
            parts.push(format!(
                "the master shard (-1) claimed by {}",
                owner_names(c)
            ));
        }
        Some(_) => {}
    }
    for c in overlaps.iter().take(MAX_LISTED) {
        let run = Run(c.first, c.last);
        let word = if c.first == c.last { "shard" } else { "shards" };
        parts.push(format!("{word} {run} claimed by {}", owner_names(c)));
    }
    if let Some(rest) = overlaps.len().checked_sub(MAX_LISTED)
        && rest > 0
    {
        parts.push(format!("and {rest} more overlapping run(s)"));
    }
    if !parts.is_empty() {
        push(
            out,
            Severity::Critical,
            FindingCode::ShardOverlap,
            None,
            format!("owned by several nodes: {}", parts.join("; ")),
        );
    }
    // Gaps lie before the last range's end, so there is one when there are gaps.
    if let Some(&(end, _, _)) = events.last()
        && !gaps.is_empty()
    {
        let max_id = end - 1;
        push(
            out,
            Severity::Critical,
            FindingCode::ShardUnowned,
            None,
            format!(
                "shard(s) {} of 0-{max_id} have no owner{}",
                and_list(gaps.iter().map(|&(a, b)| Run(a, b)), gaps.len()),
                may_hold(answer, true)
            ),
        );
    }
}

#[cfg(test)]
mod tests;
