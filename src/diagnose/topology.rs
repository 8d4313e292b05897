//! The expected topology and the counted figures: what the answer alone
//! cannot show. A node that vanished from the answer leaves no trace in it;
//! only the count the operator expects (`--expect-nodes`, `expect_nodes`)
//! reveals it, and likewise the owner of the highest shards
//! (`--expect-shards`). The counted figures (nodes up, nodes in error,
//! unowned shards) are judged by the ranges the operator set, if any.

use super::message::{and_list, clip};
use super::shards::Owned;
use super::{Finding, FindingCode, Severity, Thresholds, push};
use crate::model::{Shape, SupportAnswer};

/// Regular shard ownership over all nodes that list their shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// The highest regular shard id owned, `None` when none is.
    pub max_id: Option<i64>,
    /// Regular ids in `0..=max_id` that nobody owns.
    pub gaps: u64,
}

impl Coverage {
    /// Unowned regular shards: the gaps, and with `expected` shards also
    /// the ids from `max_id + 1` up to `expected - 1`.
    pub fn unowned(&self, expected: Option<u32>) -> u64 {
        self.gaps
            + self
                .missing_on_top(expected)
                .map_or(0, |(a, b)| b.abs_diff(a) + 1)
    }

    /// The run `first..=last` of expected shards above the highest owned.
    fn missing_on_top(&self, expected: Option<u32>) -> Option<(i64, i64)> {
        let first = self.max_id.map_or(0, |m| m + 1);
        let last = i64::from(expected?) - 1;
        (first <= last).then_some((first, last))
    }
}

/// The regular shard coverage of a multi-node answer, when some node
/// (not in error) lists its shards; `owned` is aligned with the nodes.
pub(super) fn coverage_of(answer: &SupportAnswer, owned: &[Owned]) -> Option<Coverage> {
    if answer.shape != Shape::MultiConnect {
        return None;
    }
    let reporting = |i: usize| !answer.nodes[i].is_error() && answer.nodes[i].info.shards.is_some();
    if !(0..answer.nodes.len()).any(reporting) {
        return None;
    }
    let mut ranges: Vec<(i64, i64)> = (0..answer.nodes.len())
        .filter(|&i| reporting(i))
        .flat_map(|i| owned[i].merged.iter().copied())
        .filter(|&(_, last)| last >= 0)
        .map(|(first, last)| (first.max(0), last))
        .collect();
    ranges.sort_unstable();
    let (mut covered, mut reach) = (0u64, -1i64);
    for (first, last) in ranges {
        if last > reach {
            covered += last.abs_diff(first.max(reach + 1)) + 1;
            reach = last;
        }
    }
    let max_id = (reach >= 0).then_some(reach);
    let gaps = max_id.map_or(0, |m| (m as u64 + 1).saturating_sub(covered));
    Some(Coverage { max_id, gaps })
}

/// The unowned regular shards of an answer as `check` counts them (with
/// the expected shard count), or `None` when ownership is unknown.
pub fn unowned_shards(answer: &SupportAnswer, expected: Option<u32>) -> Option<u64> {
    let owned: Vec<Owned> = answer
        .nodes
        .iter()
        .map(|n| Owned::of(n.info.shards.as_deref().unwrap_or_default()))
        .collect();
    coverage_of(answer, &owned).map(|c| c.unowned(expected))
}

/// How many nodes answered with errors.
pub fn nodes_in_error(answer: &SupportAnswer) -> usize {
    answer.nodes.iter().filter(|n| n.is_error()).count()
}

/// The expected-topology findings and the counted-figure alerts.
pub(super) fn findings(
    answer: &SupportAnswer,
    owned: &[Owned],
    t: &Thresholds,
    out: &mut Vec<Finding>,
) {
    let coverage = coverage_of(answer, owned);
    expected_nodes(answer, t, out);
    if let (Some(n), Some(c)) = (t.expect.shards, coverage) {
        expected_shards(answer, n, c, out);
    }
    let figures = [
        (
            "node(s) connected",
            "--nodes-up",
            t.counted.nodes_up,
            Some(super::nodes_up(answer) as f64),
        ),
        (
            "node(s) in error",
            "--nodes-error",
            t.counted.nodes_error,
            Some(nodes_in_error(answer) as f64),
        ),
        (
            "unowned shard(s)",
            "--unowned-shards",
            t.counted.unowned_shards,
            coverage.map(|c| c.unowned(t.expect.shards) as f64),
        ),
    ];
    for (what, option, limits, value) in figures {
        let Some(value) = value else { continue };
        if let Some((sev, range)) = limits.judge(value) {
            push(
                out,
                sev,
                FindingCode::CountOutOfRange,
                None,
                format!(
                    "{value} {what}, {} ({option}-{} {range})",
                    range.why_alerts(value),
                    if sev == Severity::Critical {
                        "crit"
                    } else {
                        "warn"
                    },
                ),
            );
        }
    }
}

/// `nodes-missing` (critical) and `nodes-extra` (warning).
fn expected_nodes(answer: &SupportAnswer, t: &Thresholds, out: &mut Vec<Finding>) {
    let Some(expected) = t.expect.nodes else {
        return;
    };
    let listed = answer.nodes.len() as u64;
    let expected = u64::from(expected);
    if listed < expected {
        push(
            out,
            Severity::Critical,
            FindingCode::NodesMissing,
            None,
            format!(
                "{} of the {expected} expected node(s) missing: the answer lists {listed}; a node that stopped or lost its database leaves no trace in the answer (compare with an earlier one: wa-support diff)",
                expected - listed
            ),
        );
    } else if listed > expected {
        push(
            out,
            Severity::Warning,
            FindingCode::NodesExtra,
            None,
            format!(
                "{} node(s) more than the {expected} expected: the answer lists {listed} (a new node, or the expected count is out of date)",
                listed - expected
            ),
        );
    }
}

/// Expected shards above the highest owned one are unowned (critical);
/// owned shards beyond the expected count are a `shard-count-mismatch`.
fn expected_shards(answer: &SupportAnswer, expected: u32, c: Coverage, out: &mut Vec<Finding>) {
    if let Some((first, last)) = c.missing_on_top(Some(expected)) {
        let run = if first == last {
            format!("shard {first}")
        } else {
            format!("shards {first}-{last}")
        };
        push(
            out,
            Severity::Critical,
            FindingCode::ShardUnowned,
            None,
            format!(
                "{run} (of {expected} expected) {} no owner; {}",
                if first == last { "has" } else { "have" },
                holders(answer, first == last)
            ),
        );
    }
    if let Some(max) = c.max_id.filter(|m| *m >= i64::from(expected)) {
        push(
            out,
            Severity::Warning,
            FindingCode::ShardCountMismatch,
            None,
            format!(
                "shards up to {max} are owned ({} shards), {expected} expected: the shard count changed, or the expected count is out of date",
                max + 1
            ),
        );
    }
}

/// Who may hold shards no node claims: the nodes in error (with their
/// error code) or without a shard list, else nobody the answer shows.
fn holders(answer: &SupportAnswer, one: bool) -> String {
    let who = || {
        answer.nodes.iter().filter_map(|n| {
            let why = match n.errors.first() {
                Some(e) => match e.code {
                    Some(code) => format!("error {code}"),
                    None => "in error".to_string(),
                },
                None if n.info.shards.is_none() => "no shard list".to_string(),
                None => return None,
            };
            Some(format!("{} ({why})", clip(n.name.raw())))
        })
    };
    let it = if one { "it" } else { "them" };
    match who().count() {
        0 => format!("no node reports {it}: a node may have vanished from the answer"),
        1 => format!("node {} may hold {it}", and_list(who(), 1)),
        total => format!("nodes {} may hold {it}", and_list(who(), total)),
    }
}

#[cfg(test)]
mod tests;
