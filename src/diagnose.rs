//! Findings: what is wrong with a deployment, read from the model alone.
//!
//! Pure: an answer and thresholds in, a list of findings out, most severe
//! first. Each finding has a stable code that scripts can match on.

use std::fmt;

use serde::Serialize;

use crate::model::{Bytes, Node, Role, SPACE_DIRS, Shape, SocketState, SupportAnswer};
use crate::safe::ServerText;

mod drift;
mod shards;

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
    /// The node concerned, exactly its `Node::name`, or `None` for the
    /// whole cluster.
    pub node: Option<ServerText>,
    /// A sentence for a person, quoting server text: our words and the
    /// server's, kept raw (JSON has them as sent) and escaped by `Display`.
    pub message: ServerText,
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

/// What a node's job says about its connection to the WhatsApp servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// It must be connected: a single node, a shard owner, a primary master.
    Connect,
    /// It owns no shard: a standby, disconnected on purpose.
    Standby,
    /// It does not say which shards it owns (no or unreadable `shards`).
    Unknown,
}

/// A node's [`Duty`]: a single node must always be connected; in a
/// multi-node answer, a node that owns a shard (the master shard included)
/// must be connected and a node listing no shard is a standby. A node that
/// does not list its shards has an unknown duty, whatever its role: in
/// high availability the primary master is disconnected on purpose.
pub fn duty(answer: &SupportAnswer, node: &Node) -> Duty {
    if answer.shape == Shape::Single {
        return Duty::Connect;
    }
    match &node.info.shards {
        Some(s) if !s.is_empty() => Duty::Connect,
        Some(_) => Duty::Standby,
        None => Duty::Unknown,
    }
}

/// Whether a node is known to be expected to hold a connection to the
/// WhatsApp servers (see [`duty`]).
pub fn must_be_connected(answer: &SupportAnswer, node: &Node) -> bool {
    duty(answer, node) == Duty::Connect
}

/// True when the node gave its status and reports a connection to the
/// WhatsApp servers (`UP`, `UP receiving offline`).
pub fn is_connected(node: &Node) -> bool {
    !node.is_error()
        && node
            .info
            .socket_conn
            .as_ref()
            .is_some_and(SocketState::is_up)
}

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The clock a node's build expiry is measured against: the node's own
/// `device_iso8601` when it is within a day of `now`, else `now`. The
/// second value is the node clock's offset from `now` in seconds (positive:
/// ahead) when it is further off than that.
pub fn reference_clock(node: &Node, now: jiff::Timestamp) -> (jiff::Timestamp, Option<i64>) {
    let device = node
        .info
        .device_iso8601
        .as_ref()
        .map(ServerText::raw)
        .and_then(parse_time);
    match device {
        Some(d) => {
            let skew = d.as_second() - now.as_second();
            if skew.abs() <= DAY {
                (d, None)
            } else {
                (now, Some(skew))
            }
        }
        None => (now, None),
    }
}

/// No build expires before 2015-01-01T00:00:00Z: an earlier expiry (`-1`,
/// `0`, a 1970 date) is a placeholder, not a date.
pub const EARLIEST_EXPIRY: i64 = 1_420_070_400;

/// Seconds from the reference clock (see [`reference_clock`]) until the
/// node's build expires, when the node gives an expiry; `Err` holds an
/// expiry that is not a time, or one before [`EARLIEST_EXPIRY`].
/// `expire_timestamp` without a zone is UTC.
pub fn seconds_to_expiry(node: &Node, now: jiff::Timestamp) -> Option<Result<i64, String>> {
    let raw = node.info.expire_timestamp.as_ref()?.raw().trim();
    let Some(expires) = parse_time(raw).filter(|t| t.as_second() >= EARLIEST_EXPIRY) else {
        return Some(Err(raw.to_string()));
    };
    let (reference, _) = reference_clock(node, now);
    Some(Ok(expires.as_second() - reference.as_second()))
}

/// Whole days until the node's build expires (negative once expired), as
/// [`seconds_to_expiry`].
pub fn days_to_expiry(node: &Node, now: jiff::Timestamp) -> Option<Result<i64, String>> {
    seconds_to_expiry(node, now).map(|r| r.map(|s| s.div_euclid(DAY)))
}

/// Reads Unix seconds (digits), a timestamp with an offset (converted to
/// UTC), or a civil date-time or date as UTC.
pub fn parse_time(s: &str) -> Option<jiff::Timestamp> {
    let s = s.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .ok()
            .and_then(|n| jiff::Timestamp::from_second(n).ok());
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
    None
}

/// A span of time for people: hours under a day, else whole days.
fn span(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    if secs >= DAY as u64 {
        format!("{} day(s)", secs / DAY as u64)
    } else if secs >= 3600 {
        format!("{} hour(s)", secs / 3600)
    } else {
        "less than an hour".to_string()
    }
}

/// Largest shard id the shard rules accept; a range beyond it (or below
/// the master shard, -1) is reported as implausible and left out.
const MAX_SHARDS: i64 = 4096;

/// Most items a finding lists (nodes, shard runs, values) before "and N more".
const MAX_LISTED: usize = 8;

/// Longest piece of server text (a name, a value) quoted inside a message;
/// the finding's `node` field is never cut.
const MAX_QUOTED: usize = 100;

/// Cuts server text quoted inside a message to [`MAX_QUOTED`] characters.
fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_QUOTED) {
        None => std::borrow::Cow::Borrowed(s),
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..i])),
    }
}

/// A value quoted in a message as the JSON it was sent as: a number bare,
/// anything else as a JSON string; clipped.
fn as_sent(raw: &str) -> String {
    let clipped = clip(raw.trim());
    if serde_json::from_str::<serde_json::Number>(&clipped).is_ok() {
        clipped.into_owned()
    } else {
        serde_json::to_string(&clipped).unwrap_or_default()
    }
}

/// `a`, `a and b`, `a, b and c`; past [`MAX_LISTED`] items,
/// `a, b, …, h and N more`. `total` is the number of items in `items`.
fn and_list<T: fmt::Display>(items: impl IntoIterator<Item = T>, total: usize) -> String {
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

/// Node names for a message: clipped, bounded.
fn names<'a>(list: impl IntoIterator<Item = &'a str>, total: usize) -> String {
    and_list(list.into_iter().map(clip), total)
}

/// All findings for `answer`, most severe first, then by node name.
///
/// Every rule is O(n log n) in the size of the answer, whatever its
/// content, and every finding's text is bounded.
pub fn diagnose(answer: &SupportAnswer, t: &Thresholds, now: jiff::Timestamp) -> Vec<Finding> {
    let mut out = Vec::new();
    let owned: Vec<shards::Owned> = answer
        .nodes
        .iter()
        .map(|n| shards::Owned::of(n.info.shards.as_deref().unwrap_or_default()))
        .collect();
    let healthy = || answer.nodes.iter().filter(|n| !n.is_error());
    let roles_known = healthy().any(|n| n.info.role.is_some());
    for (node, owned) in answer.nodes.iter().zip(&owned) {
        node_findings(answer, node, owned, roles_known, t, now, &mut out);
    }
    connection_findings(answer, &mut out);
    if answer.shape == Shape::MultiConnect {
        if roles_known {
            role_findings(answer, &mut out);
        }
        shards::findings(answer, &owned, &mut out);
    }
    drift::findings(answer, &mut out);
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
    node: Option<&ServerText>,
    message: String,
) {
    out.push(Finding {
        severity,
        code,
        node: node.cloned(),
        message: message.into(),
    });
}

fn node_findings(
    answer: &SupportAnswer,
    node: &Node,
    owned: &shards::Owned,
    roles_known: bool,
    t: &Thresholds,
    now: jiff::Timestamp,
    out: &mut Vec<Finding>,
) {
    let name = Some(&node.name);
    if node.is_error() {
        let text = and_list(
            node.errors
                .iter()
                .map(|e| clip(e.text().raw()).into_owned()),
            node.errors.len(),
        );
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
    let multi = answer.shape == Shape::MultiConnect;

    // Socket state, read with the node's job in mind.
    match (&info.socket_conn, duty(answer, node)) {
        (Some(SocketState::Up), _) => {}
        (Some(SocketState::UpReceivingOffline), _) => push(
            out,
            Severity::Note,
            "receiving-offline",
            name,
            "connected and receiving offline messages from the server".into(),
        ),
        (Some(SocketState::Down), Duty::Connect) => push(
            out,
            Severity::Critical,
            "socket-down",
            name,
            if multi && !owned.merged.is_empty() {
                format!(
                    "disconnected from the WhatsApp servers (DN) although it owns shard(s) {}",
                    owned.runs()
                )
            } else {
                "disconnected from the WhatsApp servers (DN)".to_string()
            },
        ),
        (Some(SocketState::Connecting), Duty::Connect) => push(
            out,
            Severity::Warning,
            "socket-connecting",
            name,
            "still connecting to the WhatsApp servers (SC)".into(),
        ),
        (Some(SocketState::Unknown), Duty::Connect) => push(
            out,
            Severity::Warning,
            "socket-unknown",
            name,
            "connection state to the WhatsApp servers is unknown (UNK)".into(),
        ),
        (Some(SocketState::Other(s)), Duty::Connect) => push(
            out,
            Severity::Warning,
            "socket-unrecognised",
            name,
            format!("unrecognised connection state \"{}\"", clip(s.raw())),
        ),
        (None, _) => push(
            out,
            Severity::Warning,
            "socket-missing",
            name,
            "the answer does not say whether the node is connected (no socket_conn)".into(),
        ),
        (Some(s), Duty::Standby) => push(
            out,
            Severity::Note,
            "standby",
            name,
            format!(
                "standby (owns no shard), {}: expected, not a problem",
                s.describe()
            ),
        ),
        (Some(s), Duty::Unknown) => push(
            out,
            Severity::Warning,
            "ownership-unknown",
            name,
            format!(
                "{} ({}), and it does not say which shards it owns: whether it should be connected is unknown",
                s.describe(),
                clip(s.raw())
            ),
        ),
    }

    // Free space per directory; the "no limit reported" value is no figure.
    for (dir, value) in SPACE_DIRS.iter().zip(info.free_space()) {
        let Some(free) = value.filter(|b| !b.is_unlimited()) else {
            continue;
        };
        let (sev, limit) = if free < t.space_crit {
            (Severity::Critical, t.space_crit)
        } else if free < t.space_warn {
            (Severity::Warning, t.space_warn)
        } else {
            continue;
        };
        push(
            out,
            sev,
            "space-low",
            name,
            format!(
                "only {} free on the {} directory ({}; below {})",
                free.human(),
                dir.label,
                dir.field,
                limit.human()
            ),
        );
    }

    expiry_findings(node, t, now, out);

    if info
        .debug_info
        .as_ref()
        .map(ServerText::raw)
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

    let zz = |v: &Option<ServerText>| {
        v.as_ref()
            .is_some_and(|s| s.raw().eq_ignore_ascii_case("zz"))
    };
    if zz(&info.lc) || zz(&info.lg) {
        push(
            out,
            Severity::Note,
            "locale-unknown",
            name,
            "language or country code is unknown (ZZ)".into(),
        );
    }

    if multi {
        match &info.role {
            None if roles_known => push(
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
                format!("unrecognised role \"{}\"", clip(r.raw())),
            ),
            _ => {}
        }
        let regular = owned.regular();
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

/// The vendor's end of the On-Premises API: no newer build will come.
const SUNSET: &str = "no newer build exists: the vendor ended the On-Premises API on 2025-10-23";

fn expiry_findings(node: &Node, t: &Thresholds, now: jiff::Timestamp, out: &mut Vec<Finding>) {
    let name = Some(&node.name);
    let device = node.info.device_iso8601.as_ref().map(ServerText::raw);
    if let Some(raw) = device.filter(|d| parse_time(d).is_none()) {
        push(
            out,
            Severity::Note,
            "clock-unreadable",
            name,
            format!(
                "cannot read the node's clock (device_iso8601 {}); build expiry is judged by this machine's clock",
                as_sent(raw)
            ),
        );
    }
    if let (_, Some(skew)) = reference_clock(node, now) {
        push(
            out,
            Severity::Warning,
            "clock-skew",
            name,
            format!(
                "the node's clock (device_iso8601 {}) is {} {} this machine's; build expiry is judged by this machine's clock",
                as_sent(device.unwrap_or_default()),
                span(skew),
                if skew < 0 { "behind" } else { "ahead of" },
            ),
        );
    }
    match seconds_to_expiry(node, now) {
        Some(Ok(secs)) => {
            let days = secs.div_euclid(DAY);
            let (sev, code) = if secs < 0 {
                (Severity::Critical, "build-expired")
            } else if days < t.expiry_crit_days {
                (Severity::Critical, "build-expiring")
            } else if days < t.expiry_warn_days {
                (Severity::Warning, "build-expiring")
            } else {
                return;
            };
            let message = if secs < 0 {
                format!(
                    "this client build expired {} ago and {SUNSET}; migrate the number to the Cloud API",
                    span(secs)
                )
            } else {
                format!(
                    "this client build expires in {} and {SUNSET}; plan the migration to the Cloud API",
                    span(secs)
                )
            };
            push(out, sev, code, name, message);
        }
        Some(Err(raw)) => push(
            out,
            Severity::Warning,
            "expiry-unreadable",
            name,
            format!(
                "cannot read the build expiry {}{}",
                as_sent(&raw),
                if parse_time(&raw).is_some() {
                    " (a date before 2015 is a placeholder, not an expiry)"
                } else {
                    ""
                }
            ),
        ),
        None => {}
    }
}

/// `no-node-connected`: no node is connected to the WhatsApp servers and
/// every node says so (`DN` or `SC`), in any shape. A node in error, or
/// whose state is missing, unknown or unrecognised, may be the connected
/// one: its own finding says so and this one is not made. Nor is it made
/// when it would only repeat the `socket-down` of a lone node.
fn connection_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    if let [node] = answer.nodes.as_slice()
        && node.info.socket_conn == Some(SocketState::Down)
        && must_be_connected(answer, node)
    {
        return;
    }
    let known_down = |n: &Node| {
        !n.is_error()
            && matches!(
                n.info.socket_conn,
                Some(SocketState::Down | SocketState::Connecting)
            )
    };
    if answer.nodes.iter().all(known_down) {
        push(
            out,
            Severity::Critical,
            "no-node-connected",
            None,
            format!(
                "none of the {} node(s) is connected to the WhatsApp servers: messages can be neither sent nor received",
                answer.nodes.len()
            ),
        );
    }
}

fn role_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    let with_role = |r: Role| -> Vec<&str> {
        answer
            .nodes
            .iter()
            .filter(|n| !n.is_error() && n.info.role.as_ref() == Some(&r))
            .map(|n| n.name.raw())
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
            format!(
                "no node reports the primary_master role{}",
                shards::may_hold(answer, false)
            ),
        ),
        n => push(
            out,
            Severity::Critical,
            "primary-master-duplicate",
            None,
            format!(
                "{n} nodes report the primary_master role: {}",
                names(primaries, n)
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
                names(secondaries.iter().copied(), secondaries.len())
            ),
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

#[cfg(test)]
mod more_tests;
