//! The summary lines of a diff: what an operator reads first (a failover,
//! an upgrade, nodes that came or went, shards that moved), composed from
//! the finished [`Diff`] in a fixed order.

use std::collections::{BTreeSet, HashMap};

use crate::diagnose::and_list;
use crate::model::{Bytes, Shape, SupportAnswer};

use super::shards::format_ranges;
use super::{Diff, Headline, Reading, ShardMove, Text};

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
pub(super) fn headlines(old: &SupportAnswer, new: &SupportAnswer, d: &Diff) -> Vec<Headline> {
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
