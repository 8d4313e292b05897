//! Findings: what is wrong with a deployment, read from the model alone.
//!
//! Pure: an answer and thresholds in, a list of findings out, most severe
//! first. Each finding has a stable code that scripts can match on.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::model::{
    Bytes, Node, Role, SPACE_DIRS, SchemaVersion, Shape, SocketState, SupportAnswer,
};
use crate::render::safe;

mod reading;

/// How bad a finding is. `Note` is information, not a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Critical,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        })
    }
}

/// One thing the tool noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier, e.g. `socket-down`, `shard-unowned`.
    pub code: &'static str,
    /// The node concerned, or `None` for the whole cluster.
    pub node: Option<String>,
    /// A sentence for a person (server strings already made safe).
    pub message: String,
}

/// Limits that turn a value into a warning or a critical finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Free space below this is a warning.
    pub space_warn: Bytes,
    /// Free space below this is critical.
    pub space_crit: Bytes,
    /// A build expiring within this many days is a warning.
    pub expiry_warn_days: i64,
    /// A build expiring within this many days (or expired) is critical.
    pub expiry_crit_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            space_warn: Bytes(10 << 30),
            space_crit: Bytes(1 << 30),
            expiry_warn_days: 30,
            expiry_crit_days: 7,
        }
    }
}

/// Parses a size such as `10GiB`, `500 MB`, `1g` or `1073741824`.
/// `K`, `M`, `G`, `T` and the `…iB` forms are binary; `KB`, `MB`, `GB`,
/// `TB` are decimal.
///
/// ```
/// use wa_support::{diagnose::parse_size, model::Bytes};
/// assert_eq!(parse_size("10GiB"), Ok(Bytes(10 * 1024 * 1024 * 1024)));
/// assert_eq!(parse_size("500 MB"), Ok(Bytes(500_000_000)));
/// ```
pub fn parse_size(s: &str) -> Result<Bytes, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (try 10GiB, 500MB or a number of bytes)"))?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kib" => 1024.0,
        "m" | "mib" => 1024f64.powi(2),
        "g" | "gib" => 1024f64.powi(3),
        "t" | "tib" => 1024f64.powi(4),
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "tb" => 1e12,
        other => {
            return Err(format!(
                "`{other}` is not a size unit (use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)"
            ));
        }
    };
    let bytes = num * mult;
    if !bytes.is_finite() || !(0.0..1.8e19).contains(&bytes) {
        return Err(format!("`{s}` is out of range"));
    }
    Ok(Bytes(bytes.round() as u64))
}

/// Whether a node is expected to hold a connection to the WhatsApp servers:
/// a single node always; in a multi-node answer, a node that owns a shard
/// (the master shard included), or a primary master that does not list its
/// shards. Others are standbys, disconnected on purpose.
pub fn must_be_connected(answer: &SupportAnswer, node: &Node) -> bool {
    if answer.shape == Shape::Single {
        return true;
    }
    match &node.info.shards {
        Some(s) => !s.is_empty(),
        None => node.info.role == Some(Role::PrimaryMaster),
    }
}

/// Days from `now` until the node's build expires, when both are known.
/// `expire_timestamp` has no zone and is read as UTC; the node's own
/// `device_iso8601` is the reference when present.
pub fn days_to_expiry(node: &Node, now: jiff::Timestamp) -> Option<Result<i64, String>> {
    let raw = node.info.expire_timestamp.as_deref()?.trim();
    let expires = match parse_time(raw) {
        Some(t) => t,
        None => return Some(Err(raw.to_string())),
    };
    let reference = node
        .info
        .device_iso8601
        .as_deref()
        .and_then(parse_time)
        .unwrap_or(now);
    let secs = expires.as_second() - reference.as_second();
    Some(Ok(secs.div_euclid(86_400)))
}

/// Reads a timestamp with an offset, or a civil date-time as UTC, or a
/// Unix time in seconds.
pub fn parse_time(s: &str) -> Option<jiff::Timestamp> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return jiff::tz::Offset::UTC.to_timestamp(dt).ok();
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return jiff::tz::Offset::UTC
            .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .ok();
    }
    if let Ok(n) = s.parse::<i64>() {
        return jiff::Timestamp::from_second(n).ok();
    }
    None
}

/// Largest shard id that invariant checks will enumerate; beyond it a
/// range is reported as implausible rather than walked.
const MAX_SHARDS: i64 = 4096;

/// All findings for `answer`, most severe first, then by node name.
pub fn diagnose(answer: &SupportAnswer, t: &Thresholds, now: jiff::Timestamp) -> Vec<Finding> {
    let mut out = Vec::new();
    for node in &answer.nodes {
        node_findings(answer, node, t, now, &mut out);
    }
    if answer.shape == Shape::MultiConnect {
        cluster_findings(answer, &mut out);
    }
    drift_findings(answer, &mut out);
    reading::reading_findings(answer, &mut out);
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.node.cmp(&b.node))
            .then_with(|| a.code.cmp(b.code))
    });
    out
}

fn push(
    out: &mut Vec<Finding>,
    severity: Severity,
    code: &'static str,
    node: Option<&str>,
    message: String,
) {
    out.push(Finding {
        severity,
        code,
        node: node.map(|n| safe(n).into_owned()),
        message,
    });
}

fn node_findings(
    answer: &SupportAnswer,
    node: &Node,
    t: &Thresholds,
    now: jiff::Timestamp,
    out: &mut Vec<Finding>,
) {
    let name = Some(node.name.as_str());
    if node.is_error() {
        let text = node
            .errors
            .iter()
            .map(|e| safe(&e.to_string()).into_owned())
            .collect::<Vec<_>>()
            .join("; ");
        push(
            out,
            Severity::Critical,
            "node-error",
            name,
            format!("node answered with an error: {text}"),
        );
        return;
    }
    let info = &node.info;

    // Socket state, read with the node's job in mind.
    let needed = must_be_connected(answer, node);
    match (&info.socket_conn, needed) {
        (Some(SocketState::Up), _) => {}
        (Some(SocketState::UpReceivingOffline), _) => push(
            out,
            Severity::Note,
            "receiving-offline",
            name,
            "connected and receiving offline messages from the server".into(),
        ),
        (Some(SocketState::Down), true) => push(
            out,
            Severity::Critical,
            "socket-down",
            name,
            match (&info.shards, answer.shape) {
                (Some(s), Shape::MultiConnect) if !s.is_empty() => format!(
                    "disconnected from the WhatsApp servers (DN) although it owns shard(s) {}",
                    crate::model::format_shards(Some(s))
                ),
                _ => "disconnected from the WhatsApp servers (DN)".to_string(),
            },
        ),
        (Some(SocketState::Connecting), true) => push(
            out,
            Severity::Warning,
            "socket-connecting",
            name,
            "still connecting to the WhatsApp servers (SC)".into(),
        ),
        (Some(SocketState::Unknown), true) => push(
            out,
            Severity::Warning,
            "socket-unknown",
            name,
            "connection state to the WhatsApp servers is unknown (UNK)".into(),
        ),
        (Some(SocketState::Other(s)), true) => push(
            out,
            Severity::Warning,
            "socket-unrecognised",
            name,
            format!("unrecognised connection state \"{}\"", safe(s)),
        ),
        (None, true) => push(
            out,
            Severity::Warning,
            "socket-missing",
            name,
            "the answer does not say whether the node is connected (no socket_conn)".into(),
        ),
        (Some(s), false) if !s.is_up() => push(
            out,
            Severity::Note,
            "standby",
            name,
            format!(
                "standby (owns no shard), {}: expected, not a problem",
                s.describe()
            ),
        ),
        _ => {}
    }

    // Free space per directory.
    for (dir, value) in SPACE_DIRS.iter().zip(info.free_space()) {
        let (label, field) = (dir.label, dir.field);
        let Some(free) = value else { continue };
        let sev = if free < t.space_crit {
            Severity::Critical
        } else if free < t.space_warn {
            Severity::Warning
        } else {
            continue;
        };
        let limit = if sev == Severity::Critical {
            t.space_crit
        } else {
            t.space_warn
        };
        push(
            out,
            sev,
            "space-low",
            name,
            format!(
                "only {} free on the {label} directory ({field}; below {})",
                free.human(),
                limit.human()
            ),
        );
    }

    // Build expiry.
    match days_to_expiry(node, now) {
        Some(Ok(days)) => {
            let (sev, code) = if days < 0 {
                (Severity::Critical, "build-expired")
            } else if days < t.expiry_crit_days {
                (Severity::Critical, "build-expiring")
            } else if days < t.expiry_warn_days {
                (Severity::Warning, "build-expiring")
            } else {
                (Severity::Note, "")
            };
            if sev > Severity::Note {
                let when = if days < 0 {
                    format!("expired {} day(s) ago", -days)
                } else {
                    format!("expires in {days} day(s)")
                };
                push(
                    out,
                    sev,
                    code,
                    name,
                    format!("this client build {when}; upgrade before it stops working"),
                );
            }
        }
        Some(Err(raw)) => push(
            out,
            Severity::Warning,
            "expiry-unreadable",
            name,
            format!("cannot read the build expiry \"{}\"", safe(&raw)),
        ),
        None => {}
    }

    if info
        .debug_info
        .as_deref()
        .is_some_and(|d| d.trim().eq_ignore_ascii_case("unregistered"))
    {
        push(
            out,
            Severity::Critical,
            "unregistered",
            name,
            "the business phone number is not registered".into(),
        );
    }

    let zz = |v: &Option<String>| v.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("zz"));
    if zz(&info.lc) || zz(&info.lg) {
        push(
            out,
            Severity::Note,
            "locale-unknown",
            name,
            "language or country code is unknown (ZZ)".into(),
        );
    }

    if answer.shape == Shape::MultiConnect {
        match &info.role {
            None => push(
                out,
                Severity::Warning,
                "role-missing",
                name,
                "the node reports no role in a multi-node answer".into(),
            ),
            Some(Role::Other(r)) => push(
                out,
                Severity::Note,
                "role-unrecognised",
                name,
                format!("unrecognised role \"{}\"", safe(r)),
            ),
            _ => {}
        }
        let regular = info
            .shards
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|r| regular_len(r.first, r.last))
            .fold(0u64, u64::saturating_add);
        if info.role == Some(Role::Coreapp) && regular > 1 {
            push(
                out,
                Severity::Warning,
                "coreapp-multiple-shards",
                name,
                format!("a coreapp owns {regular} shards; a coreapp should own at most one"),
            );
        }
    }
}

/// How many regular (non-negative) shard ids `[first, last]` covers.
fn regular_len(first: i64, last: i64) -> u64 {
    let first = first.max(0);
    if last < first {
        0
    } else {
        last.abs_diff(first) + 1
    }
}

fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| safe(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compresses sorted ids into `0-3, 7`.
fn id_list(ids: &[i64]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let start = ids[i];
        let mut end = start;
        while i + 1 < ids.len() && ids[i + 1] == end + 1 {
            i += 1;
            end = ids[i];
        }
        parts.push(if start == end {
            format!("{start}")
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    parts.join(", ")
}

fn cluster_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    let healthy: Vec<&Node> = answer.nodes.iter().filter(|n| !n.is_error()).collect();
    let in_error: Vec<&str> = answer
        .nodes
        .iter()
        .filter(|n| n.is_error())
        .map(|n| n.name.as_str())
        .collect();
    let because = if in_error.is_empty() {
        String::new()
    } else {
        format!(" (node(s) in error may hold it: {})", names(&in_error))
    };

    let with_role = |r: Role| -> Vec<&str> {
        healthy
            .iter()
            .filter(|n| n.info.role.as_ref() == Some(&r))
            .map(|n| n.name.as_str())
            .collect()
    };
    let primaries = with_role(Role::PrimaryMaster);
    match primaries.len() {
        1 => {}
        0 => push(
            out,
            Severity::Critical,
            "primary-master-missing",
            None,
            format!("no node reports the primary_master role{because}"),
        ),
        n => push(
            out,
            Severity::Critical,
            "primary-master-duplicate",
            None,
            format!(
                "{n} nodes report the primary_master role: {}",
                names(&primaries)
            ),
        ),
    }
    let secondaries = with_role(Role::SecondaryMaster);
    if secondaries.len() > 1 {
        push(
            out,
            Severity::Warning,
            "secondary-master-duplicate",
            None,
            format!(
                "{} nodes report the secondary_master role: {}",
                secondaries.len(),
                names(&secondaries)
            ),
        );
    }

    // Shard ownership: id -> owners.
    let mut owners: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    let mut max_id: i64 = -1;
    for n in &healthy {
        for r in n.info.shards.as_deref().unwrap_or_default() {
            if r.first < -1 || r.last > MAX_SHARDS {
                push(
                    out,
                    Severity::Warning,
                    "shard-implausible",
                    Some(&n.name),
                    format!("claims the implausible shard range {r}; not checked"),
                );
                continue;
            }
            for id in r.ids() {
                owners.entry(id).or_default().push(n.name.as_str());
                max_id = max_id.max(id);
            }
        }
    }
    match owners.get(&-1).map(Vec::len).unwrap_or(0) {
        0 => push(
            out,
            Severity::Critical,
            "master-shard-unowned",
            None,
            format!("no node owns the master shard (-1){because}"),
        ),
        1 => {}
        _ => push(
            out,
            Severity::Critical,
            "shard-overlap",
            None,
            format!(
                "the master shard (-1) is owned by several nodes: {}",
                names(&owners[&-1])
            ),
        ),
    }
    let missing: Vec<i64> = (0..=max_id).filter(|id| !owners.contains_key(id)).collect();
    if !missing.is_empty() {
        push(
            out,
            Severity::Critical,
            "shard-unowned",
            None,
            format!(
                "shard(s) {} of 0-{max_id} have no owner{because}",
                id_list(&missing)
            ),
        );
    }
    for (id, who) in owners.iter().filter(|(id, w)| **id >= 0 && w.len() > 1) {
        push(
            out,
            Severity::Critical,
            "shard-overlap",
            None,
            format!("shard {id} is owned by several nodes: {}", names(who)),
        );
    }
}

/// Nodes grouped by a value: (value, node names).
type Groups<'a> = Vec<(String, Vec<&'a str>)>;

/// Groups nodes by a value and names the ones that differ from the most
/// common value.
fn drift<'a>(
    nodes: &[&'a Node],
    value: impl Fn(&Node) -> Option<String>,
) -> Option<(String, Groups<'a>)> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for n in nodes {
        let Some(v) = value(n) else { continue };
        match groups.iter_mut().find(|(g, _)| *g == v) {
            Some((_, list)) => list.push(n.name.as_str()),
            None => groups.push((v, vec![n.name.as_str()])),
        }
    }
    if groups.len() < 2 {
        return None;
    }
    // Most common first; ties keep first-seen order.
    groups.sort_by_key(|g| std::cmp::Reverse(g.1.len()));
    let common = groups.remove(0).0;
    Some((common, groups))
}

fn drift_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    let nodes: Vec<&Node> = answer.nodes.iter().filter(|n| !n.is_error()).collect();
    if nodes.len() < 2 {
        return;
    }
    let mut report = |code: &'static str, what: &str, found: Option<(String, Groups)>| {
        if let Some((common, odd)) = found {
            let odd_text = odd
                .iter()
                .map(|(v, who)| format!("{} on {}", safe(v), names(who)))
                .collect::<Vec<_>>()
                .join("; ");
            push(
                out,
                Severity::Warning,
                code,
                None,
                format!(
                    "{what} differs between nodes: most have {}, but {odd_text}",
                    safe(&common)
                ),
            );
        }
    };
    report(
        "build-drift",
        "build version",
        drift(&nodes, |n| n.info.build_normalized().map(str::to_string)),
    );
    report(
        "db-engine-drift",
        "database engine",
        drift(&nodes, |n| {
            n.info.db_engine.as_ref().map(|d| d.to_ascii_uppercase())
        }),
    );
    report(
        "multi-connect-drift",
        "multi_connect",
        drift(&nodes, |n| n.info.multi_connect.map(|b| b.to_string())),
    );
    for table in answer.schema_tables() {
        let found = drift(&nodes, |n| {
            n.info.schema_version(&table).map(SchemaVersion::to_string)
        });
        report(
            "schema-drift",
            &format!("schema version of `{}`", safe(&table)),
            found,
        );
    }
}

/// Counts findings by severity: (critical, warning, note).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(c, w, n), f| match f.severity {
            Severity::Critical => (c + 1, w, n),
            Severity::Warning => (c, w + 1, n),
            Severity::Note => (c, w, n + 1),
        })
}

#[cfg(test)]
mod tests;
