//! `check`: the Nagios plugin protocol, which Nagios, Icinga, Sensu, Zabbix
//! and Checkmk all run.
//!
//! First line `WA-SUPPORT STATE - summary | perfdata`, then one line per
//! finding; the exit code is 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnose::expiry::days_to_expiry;
use crate::diagnose::{Finding, Severity, Thresholds, counts, nodes_in_error, unowned_shards};
use crate::model::{Bytes, SPACE_DIRS, SupportAnswer};
use crate::plugin_range::PluginRange;
use crate::render::safe;
use crate::render::view;

/// The plugin states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum CheckState {
    /// No problem found (notes aside).
    Ok,
    /// Warnings, no critical problem.
    Warning,
    /// At least one critical problem.
    Critical,
    /// No status could be read.
    Unknown,
}

impl CheckState {
    /// The exit code of the state.
    pub fn code(self) -> u8 {
        match self {
            CheckState::Ok => 0,
            CheckState::Warning => 1,
            CheckState::Critical => 2,
            CheckState::Unknown => 3,
        }
    }

    /// The state's word, as the plugin's first line says it.
    pub fn word(self) -> &'static str {
        match self {
            CheckState::Ok => "OK",
            CheckState::Warning => "WARNING",
            CheckState::Critical => "CRITICAL",
            CheckState::Unknown => "UNKNOWN",
        }
    }

    /// The state for a list of findings.
    pub fn of(findings: &[Finding]) -> CheckState {
        match counts(findings) {
            (c, _, _) if c > 0 => CheckState::Critical,
            (_, w, _) if w > 0 => CheckState::Warning,
            _ => CheckState::Ok,
        }
    }
}

/// Text made fit for a plugin line: bounded and escaped for the terminal
/// (server text in it already is, by its `Display`), no `|` (it would start
/// perfdata), no line breaks, runs of spaces as one.
fn plugin_text(s: &str) -> String {
    safe(s)
        .replace('|', "/")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Most finding lines after the first line; the rest are counted.
pub const MAX_FINDING_LINES: usize = 50;

/// Most perfdata figures on the first line; `--perfdata per-node` stops
/// there and the long text says how many were left out.
pub const MAX_PERF_FIGURES: usize = 200;

/// Longest perfdata label, in characters (a node name is server text).
const MAX_LABEL: usize = 120;

/// Which free-space figures the perfdata gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PerfMode {
    /// The worst node per directory (`free_data`, ...)
    #[default]
    Worst,
    /// One figure per node and directory (`'free_data NODE'`), at most 200
    PerNode,
}

/// One perfdata figure: `'label'=value[UOM];warn;crit;min;max`.
#[derive(Debug, Default)]
struct Figure {
    label: String,
    /// The value with its unit of measure.
    value: String,
    warn: Option<String>,
    crit: Option<String>,
    min: Option<String>,
    max: Option<String>,
}

impl Figure {
    fn new(label: &str, value: impl ToString) -> Figure {
        Figure {
            label: label.to_string(),
            value: value.to_string(),
            ..Figure::default()
        }
    }

    fn limits(mut self, warn: Option<PluginRange>, crit: Option<PluginRange>) -> Figure {
        self.warn = warn.map(|r| r.to_string());
        self.crit = crit.map(|r| r.to_string());
        self
    }

    fn bounds(mut self, min: Option<u64>, max: Option<u64>) -> Figure {
        self.min = min.map(|v| v.to_string());
        self.max = max.map(|v| v.to_string());
        self
    }

    /// The figure as the guidelines write it; empty trailing fields are
    /// left out.
    fn render(&self) -> String {
        let mut fields = vec![
            self.value.clone(),
            self.warn.clone().unwrap_or_default(),
            self.crit.clone().unwrap_or_default(),
            self.min.clone().unwrap_or_default(),
            self.max.clone().unwrap_or_default(),
        ];
        while fields.len() > 1 && fields.last().is_some_and(String::is_empty) {
            fields.pop();
        }
        format!("{}={}", perf_label(&self.label), fields.join(";"))
    }
}

/// A perfdata label: escaped and bounded as plugin text, quoted when it
/// holds anything but letters, digits and `_ . : / -` (a space, `=`, `'`
/// ...), with `'` written `''` inside the quotes.
fn perf_label(raw: &str) -> String {
    let text = plugin_text(raw);
    let text: String = if text.chars().count() > MAX_LABEL {
        let mut t: String = text.chars().take(MAX_LABEL - 1).collect();
        t.push('…');
        t
    } else {
        text
    };
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.:/-".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// The perfdata figures, and how many per-node figures were left out.
fn perfdata(
    answer: &SupportAnswer,
    t: &Thresholds,
    now: jiff::Timestamp,
    mode: PerfMode,
) -> (Vec<Figure>, usize) {
    let n = answer.nodes.len() as u64;
    let expected = t.expect.nodes.map(f64::from);
    let mut head = vec![
        Figure::new("nodes", n)
            .limits(
                expected.map(|e| PluginRange {
                    start: None,
                    end: Some(e),
                    inverted: false,
                }),
                expected.map(PluginRange::at_least),
            )
            .bounds(Some(0), None),
        Figure::new("nodes_up", crate::diagnose::nodes_up(answer))
            .limits(t.counted.nodes_up.warn, t.counted.nodes_up.crit)
            .bounds(Some(0), Some(n)),
    ];
    let space = |b: Bytes| {
        Figure::new("", format!("{}B", b.0))
            .limits(
                Some(PluginRange::at_least(t.space_warn.0 as f64)),
                Some(PluginRange::at_least(t.space_crit.0 as f64)),
            )
            .bounds(Some(0), None)
    };
    let mut per_node = Vec::new();
    for (i, dir) in SPACE_DIRS.iter().enumerate() {
        let free =
            |node: &crate::model::Node| node.info.free_space()[i].filter(|b| !b.is_unlimited());
        match mode {
            // The worst node; "no limit reported" is no figure.
            PerfMode::Worst => {
                if let Some(b) = answer.nodes.iter().filter_map(free).min() {
                    head.push(Figure {
                        label: dir.perf.to_string(),
                        ..space(b)
                    });
                }
            }
            PerfMode::PerNode => {
                for node in &answer.nodes {
                    if let Some(b) = free(node) {
                        per_node.push(Figure {
                            label: format!("{} {}", dir.perf, node.name),
                            ..space(b)
                        });
                    }
                }
            }
        }
    }
    let mut tail = Vec::new();
    let days = answer
        .nodes
        .iter()
        .filter_map(|n| days_to_expiry(n, now).and_then(Result::ok))
        .min();
    if let Some(d) = days {
        tail.push(Figure::new("expiry_days", d).limits(Some(t.expiry_warn), Some(t.expiry_crit)));
    }
    tail.push(
        Figure::new("nodes_error", nodes_in_error(answer))
            .limits(t.counted.nodes_error.warn, t.counted.nodes_error.crit)
            .bounds(Some(0), Some(n)),
    );
    if let Some(u) = unowned_shards(answer, t.expect.shards) {
        tail.push(
            Figure::new("unowned_shards", u)
                .limits(t.counted.unowned_shards.warn, t.counted.unowned_shards.crit)
                .bounds(Some(0), None),
        );
    }
    let room = MAX_PERF_FIGURES.saturating_sub(head.len() + tail.len());
    let left_out = per_node.len().saturating_sub(room);
    per_node.truncate(room);
    head.extend(per_node);
    head.extend(tail);
    (head, left_out)
}

/// The plugin output for a status that was read, with the worst node per
/// directory in the perfdata.
pub fn render_check(
    answer: &SupportAnswer,
    findings: &[Finding],
    t: &Thresholds,
    now: jiff::Timestamp,
) -> (CheckState, String) {
    render_check_with(answer, findings, t, now, PerfMode::Worst)
}

/// The plugin output for a status that was read.
pub fn render_check_with(
    answer: &SupportAnswer,
    findings: &[Finding],
    t: &Thresholds,
    now: jiff::Timestamp,
    mode: PerfMode,
) -> (CheckState, String) {
    let state = CheckState::of(findings);
    let (crit, warn, _) = counts(findings);
    let n = answer.nodes.len();
    let up = crate::diagnose::nodes_up(answer);
    let summary = if crit + warn == 0 {
        let builds: Vec<String> = view::builds(answer)
            .iter()
            .map(ToString::to_string)
            .collect();
        let mut s = format!("{n} node(s), {up} connected");
        if !builds.is_empty() {
            let _ = write!(s, ", build {}", builds.join(", "));
        }
        s
    } else {
        let worst = &findings[0];
        let mut s = format!("{crit} critical, {warn} warning(s) on {n} node(s): ");
        if let Some(node) = &worst.node {
            let _ = write!(s, "{node}: ");
        }
        let _ = write!(s, "{}", worst.message);
        s
    };
    let (figures, left_out) = perfdata(answer, t, now, mode);
    let perf: Vec<String> = figures.iter().map(Figure::render).collect();
    let mut out = format!(
        "WA-SUPPORT {} - {} | {}\n",
        state.word(),
        plugin_text(&summary),
        perf.join(" ")
    );
    for f in findings.iter().take(MAX_FINDING_LINES) {
        let label = match f.severity {
            Severity::Critical => "CRITICAL",
            Severity::Warning => "WARNING",
            Severity::Note => "NOTE",
        };
        let who = plugin_text(&view::finding_subject(f));
        let _ = writeln!(
            out,
            "{label}: {who}: {} [{}]",
            plugin_text(&f.message.to_string()),
            f.code
        );
    }
    if findings.len() > MAX_FINDING_LINES {
        let _ = writeln!(
            out,
            "... and {} more (see --json)",
            findings.len() - MAX_FINDING_LINES
        );
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "perfdata: {left_out} per-node figure(s) left out (at most {MAX_PERF_FIGURES} figures; without --perfdata per-node, the worst node per directory)"
        );
    }
    (state, out)
}

/// The plugin output when no status could be obtained.
pub fn render_unknown(error: &str) -> String {
    format!("WA-SUPPORT UNKNOWN - {}\n", plugin_text(error))
}

#[derive(Serialize)]
struct CheckJson<'a> {
    status: CheckState,
    exit_code: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: &'a [Finding],
}

/// `check --json`: the state and the findings as JSON.
pub fn render_check_json(state: CheckState, findings: &[Finding], error: Option<&str>) -> String {
    let doc = CheckJson {
        status: state,
        exit_code: state.code(),
        error,
        findings,
    };
    let mut s = crate::safe::json_safe(&serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::testing::{NOW, findings, fixture_from};

    fn check(name: &str) -> (CheckState, String) {
        let a = fixture_from(name, "wa");
        run(&a, &findings(&a))
    }

    #[test]
    fn ok_line_and_perfdata() {
        let (s, out) = check("single-registered.json");
        assert_eq!(s, CheckState::Ok);
        let first = out.lines().next().unwrap();
        assert!(first.starts_with("WA-SUPPORT OK - 1 node(s), 1 connected, build 2.51.3 | nodes=1;;;0 nodes_up=1;;;0;1 free_logs=14269902848B;10737418240:;1073741824:;0 expiry_days=79;30:;7:"), "{first}");
        // The data directory reports no limit: no figure for it.
        assert!(!first.contains("free_data"), "{first}");
        assert!(first.contains("expiry_days=79;30:;7:"), "{first}");
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn critical_names_the_worst_finding() {
        let (s, out) = check("single-unregistered.json");
        assert_eq!(s, CheckState::Critical);
        assert_eq!(s.code(), 2);
        let first = out.lines().next().unwrap();
        assert!(
            first.starts_with("WA-SUPPORT CRITICAL - 4 critical, 1 warning(s) on 1 node(s): wa: "),
            "{first}"
        );
        assert!(
            out.lines()
                .any(|l| l
                    == "CRITICAL: wa: the business phone number is not registered [unregistered]"),
            "{out}"
        );
    }

    #[test]
    fn warning_state() {
        let (s, out) = check("multiconnect.json");
        assert_eq!(s, CheckState::Warning);
        assert!(out.starts_with("WA-SUPPORT WARNING - 0 critical, 1 warning(s) on 6 node(s): 10.210.71.93:wa-coreapp-97145031111-3: still connecting"), "{out}");
    }

    #[test]
    fn unknown_keeps_one_line_without_pipes() {
        assert_eq!(
            render_unknown("a | b\nc"),
            "WA-SUPPORT UNKNOWN - a / b\\nc\n"
        );
        assert_eq!(render_unknown("a  b\tc"), "WA-SUPPORT UNKNOWN - a b\\tc\n");
        let u = render_unknown("x\u{1b}]0;pwned\u{7}\u{202e}");
        assert_eq!(u, "WA-SUPPORT UNKNOWN - x\\e]0;pwned\\a\\u{202e}\n");
    }

    fn answer(json: serde_json::Value) -> SupportAnswer {
        SupportAnswer::from_value(json, "wa").unwrap()
    }

    fn finding(severity: Severity, node: Option<&str>, message: &str) -> Finding {
        Finding {
            severity,
            code: crate::diagnose::FindingCode::SocketDown,
            node: node.map(Into::into),
            message: message.into(),
        }
    }

    fn run(a: &SupportAnswer, f: &[Finding]) -> (CheckState, String) {
        render_check(a, f, &Thresholds::default(), NOW.parse().unwrap())
    }

    /// Three nodes whose worst figures are neither first nor last.
    fn three_nodes() -> SupportAnswer {
        let gib = 1u64 << 30;
        answer(serde_json::json!({"support": {
            "h:a": {"role": "coreapp", "shards": [[0, 0]], "socket_conn": "UP", "version": "v2.51.3",
                    "free_space_data": 20 * gib, "free_space_logs": 9223372036853727000u64,
                    "free_space_media_incoming": 9223372036853727000u64,
                    "expire_timestamp": "2027-01-30T12:00:00"},
            "h:b": {"role": "coreapp", "shards": [[1, 1]], "socket_conn": "DN", "version": "v2.51.3",
                    "free_space_data": 2 * gib, "free_space_logs": 7 * gib,
                    "free_space_media_incoming": 9223372036853727000u64,
                    "expire_timestamp": "2026-12-05T12:00:00"},
            "h:c": {"role": "coreapp", "shards": [[2, 2]], "socket_conn": "UP", "version": "2.53.1",
                    "free_space_data": 30 * gib, "free_space_logs": 9 * gib,
                    "free_space_media_incoming": 9223372036853727000u64,
                    "expire_timestamp": "2027-03-01T12:00:00"},
        }}))
    }

    #[test]
    fn perfdata_takes_the_worst_node_and_leaves_out_no_limit() {
        let a = three_nodes();
        let (state, out) = run(&a, &[]);
        assert_eq!(state, CheckState::Ok);
        let (text, perf) = out.trim_end().split_once(" | ").unwrap();
        assert_eq!(
            text,
            "WA-SUPPORT OK - 3 node(s), 2 connected, build 2.51.3, 2.53.1"
        );
        assert_eq!(
            perf,
            "nodes=3;;;0 nodes_up=2;;;0;3 free_data=2147483648B;10737418240:;1073741824:;0 \
             free_logs=7516192768B;10737418240:;1073741824:;0 expiry_days=10;30:;7: \
             nodes_error=0;;;0;3 unowned_shards=0;;;0"
        );
        // The "no limit" figure is in no perfdata, not even as a minimum.
        assert!(!out.contains("9223372036853727000"), "{out}");
        assert!(!out.contains("free_media"), "{out}");
    }

    #[test]
    fn exactly_one_pipe_whatever_the_server_sends() {
        let a = answer(serde_json::json!({"support": {
            "h|1:a": {"role": "coreapp", "shards": [[0, 0]], "socket_conn": "DN",
                      "version": "v2|\u{1b}]0;pwned\u{7}"},
        }}));
        let f = [
            finding(
                Severity::Critical,
                Some("h|1:a"),
                "down | really\r\n\u{1b}[2J",
            ),
            finding(Severity::Warning, Some("x\u{202e}y"), "m\u{7}"),
        ];
        let (state, out) = run(&a, &f);
        assert_eq!(state, CheckState::Critical);
        assert_eq!(out.matches('|').count(), 1, "{out}");
        for bad in ['\x1b', '\x07', '\r', '\u{202e}'] {
            assert!(!out.contains(bad), "{bad:?} in {out}");
        }
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(
            lines[0].starts_with(
                "WA-SUPPORT CRITICAL - 1 critical, 1 warning(s) on 1 node(s): h/1:a: down / really\\r\\n\\e[2J | nodes=1;;;0 nodes_up=0;;;0;1"
            ),
            "{out}"
        );
        assert_eq!(
            lines[1],
            "CRITICAL: h/1:a: down / really\\r\\n\\e[2J [socket-down]"
        );
        assert_eq!(lines[2], "WARNING: x\\u{202e}y: m\\a [socket-down]");
        // A healthy answer: the version in the summary is escaped too.
        let (_, ok) = run(&a, &[]);
        assert!(
            ok.starts_with("WA-SUPPORT OK - 1 node(s), 0 connected, build 2/\\e]0;pwned\\a | "),
            "{ok}"
        );
        assert_eq!(ok.matches('|').count(), 1, "{ok}");
    }

    #[test]
    fn the_long_text_is_bounded() {
        let a = three_nodes();
        let many: Vec<Finding> = (0..120)
            .map(|i| finding(Severity::Note, None, &format!("note {i}")))
            .collect();
        let (state, out) = run(&a, &many);
        assert_eq!(state, CheckState::Ok);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1 + MAX_FINDING_LINES + 1, "{out}");
        assert_eq!(lines[1], "NOTE: cluster: note 0 [socket-down]");
        assert_eq!(
            lines[MAX_FINDING_LINES],
            "NOTE: cluster: note 49 [socket-down]"
        );
        assert_eq!(lines[MAX_FINDING_LINES + 1], "... and 70 more (see --json)");
        // Exactly the bound: no "more" line.
        let (_, out) = run(&a, &many[..MAX_FINDING_LINES]);
        assert_eq!(out.lines().count(), 1 + MAX_FINDING_LINES, "{out}");
        assert!(!out.contains("more"), "{out}");
    }

    #[test]
    fn states_words_and_codes() {
        let all = [
            (CheckState::Ok, "OK", 0),
            (CheckState::Warning, "WARNING", 1),
            (CheckState::Critical, "CRITICAL", 2),
            (CheckState::Unknown, "UNKNOWN", 3),
        ];
        for (s, w, c) in all {
            assert_eq!(s.word(), w);
            assert_eq!(s.code(), c);
        }
        assert_eq!(CheckState::of(&[]), CheckState::Ok);
        let note = finding(Severity::Note, None, "n");
        let warn = finding(Severity::Warning, None, "w");
        let crit = finding(Severity::Critical, None, "c");
        assert_eq!(CheckState::of(std::slice::from_ref(&note)), CheckState::Ok);
        assert_eq!(
            CheckState::of(&[note.clone(), warn.clone()]),
            CheckState::Warning
        );
        assert_eq!(CheckState::of(&[warn, crit, note]), CheckState::Critical);
        // The JSON's status word says the same.
        for f in [&[][..], &[finding(Severity::Warning, None, "w")]] {
            assert_eq!(
                CheckState::of(f).word(),
                crate::render::json::status_word(f)
            );
        }
    }

    #[test]
    fn a_warning_alone_is_named_in_the_summary() {
        let a = three_nodes();
        let f = [finding(Severity::Warning, None, "cluster-wide thing")];
        let (state, out) = run(&a, &f);
        assert_eq!(state, CheckState::Warning);
        assert!(
            out.starts_with(
                "WA-SUPPORT WARNING - 0 critical, 1 warning(s) on 3 node(s): cluster-wide thing | "
            ),
            "{out}"
        );
        assert_eq!(
            out.lines().nth(1),
            Some("WARNING: cluster: cluster-wide thing [socket-down]")
        );
    }

    #[test]
    fn check_json_has_state_code_and_error() {
        let f = [finding(Severity::Warning, Some("n\u{202e}"), "m")];
        let j = render_check_json(CheckState::Warning, &f, None);
        assert!(!j.contains('\u{202e}'));
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["status"], "WARNING");
        assert_eq!(v["exit_code"], 1);
        assert!(v.get("error").is_none());
        assert_eq!(v["findings"][0]["node"], "n\u{202e}");
        let j = render_check_json(CheckState::Unknown, &[], Some("boom"));
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["status"], "UNKNOWN");
        assert_eq!(v["exit_code"], 3);
        assert_eq!(v["error"], "boom");
        assert!(j.ends_with("}\n"));
    }

    /// One figure read back by the guidelines' grammar:
    /// `'label'=value[UOM];[warn];[crit];[min];[max]`.
    #[derive(Debug, PartialEq)]
    struct Parsed {
        label: String,
        value: f64,
        uom: String,
        rest: Vec<String>,
    }

    /// Splits perfdata on spaces outside quotes and reads each figure;
    /// a quoted label may hold spaces and `''` for a quote.
    fn parse_perf(perf: &str) -> Vec<Parsed> {
        let mut out = Vec::new();
        let mut chars = perf.chars().peekable();
        loop {
            while chars.peek() == Some(&' ') {
                chars.next();
            }
            if chars.peek().is_none() {
                return out;
            }
            let mut label = String::new();
            if chars.peek() == Some(&'\'') {
                chars.next();
                loop {
                    match chars.next().expect("an unclosed quote") {
                        '\'' if chars.peek() == Some(&'\'') => {
                            chars.next();
                            label.push('\'');
                        }
                        '\'' => break,
                        c => label.push(c),
                    }
                }
                assert_eq!(chars.next(), Some('='), "after {label}");
            } else {
                for c in chars.by_ref() {
                    if c == '=' {
                        break;
                    }
                    assert!(c != ' ' && c != '\'', "unquoted label with {c:?}: {label}");
                    label.push(c);
                }
            }
            let mut data = String::new();
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                data.push(c);
                chars.next();
            }
            let fields: Vec<&str> = data.split(';').collect();
            assert!((1..=5).contains(&fields.len()), "{data}");
            let num_end = fields[0]
                .find(|c: char| !(c.is_ascii_digit() || "-.".contains(c)))
                .unwrap_or(fields[0].len());
            let (value, uom) = fields[0].split_at(num_end);
            assert!(
                ["", "s", "ms", "us", "%", "B", "KB", "MB", "TB", "c"].contains(&uom),
                "UOM {uom}"
            );
            for range in &fields[1..3.min(fields.len())] {
                if !range.is_empty() {
                    range.parse::<PluginRange>().unwrap();
                }
            }
            for bound in fields.iter().skip(3) {
                assert!(bound.is_empty() || bound.parse::<f64>().is_ok(), "{bound}");
            }
            out.push(Parsed {
                label,
                value: value.parse().unwrap(),
                uom: uom.to_string(),
                rest: fields[1..].iter().map(ToString::to_string).collect(),
            });
        }
    }

    fn perf_of(out: &str) -> Vec<Parsed> {
        let first = out.lines().next().unwrap();
        assert_eq!(first.matches('|').count(), 1, "{first}");
        parse_perf(first.split_once(" | ").unwrap().1)
    }

    #[test]
    fn labels_are_quoted_where_needed_and_read_back() {
        assert_eq!(perf_label("free_data"), "free_data");
        assert_eq!(perf_label("free_data h:a/b-1.2"), "'free_data h:a/b-1.2'");
        assert_eq!(perf_label("a=b"), "'a=b'");
        assert_eq!(perf_label("it's"), "'it''s'");
        assert_eq!(perf_label("x|y"), "x/y");
        assert_eq!(perf_label(""), "''");
        assert_eq!(perf_label("a\u{1b}[2J"), "'a\\e[2J'");
        assert_eq!(perf_label(&"n".repeat(500)).chars().count(), MAX_LABEL + 2);
        // At the limit a label is kept whole; one more is cut.
        assert_eq!(perf_label(&"n".repeat(MAX_LABEL)), "n".repeat(MAX_LABEL));
        let cut = perf_label(&"n".repeat(MAX_LABEL + 1));
        assert_eq!(cut, format!("'{}…'", "n".repeat(MAX_LABEL - 1)));
        let parsed = parse_perf("'it''s a=b'=5B;1:;;0 plain=3");
        assert_eq!(parsed[0].label, "it's a=b");
        assert_eq!((parsed[0].value, parsed[0].uom.as_str()), (5.0, "B"));
        assert_eq!(parsed[0].rest, ["1:", "", "0"]);
        assert_eq!(parsed[1].label, "plain");
    }

    #[test]
    fn thresholds_are_written_as_ranges() {
        let a = three_nodes();
        let mut t = Thresholds::default();
        t.counted.nodes_up.warn = Some("3:".parse().unwrap());
        t.counted.nodes_up.crit = Some("@0:1".parse().unwrap());
        t.counted.nodes_error.crit = Some("0".parse().unwrap());
        t.counted.unowned_shards.warn = Some("~:0".parse().unwrap());
        t.expiry_warn = "@10:20".parse().unwrap();
        t.expect.nodes = Some(4);
        let (_, out) = render_check(&a, &[], &t, NOW.parse().unwrap());
        let perf = perf_of(&out);
        let get = |l: &str| perf.iter().find(|p| p.label == l).unwrap();
        assert_eq!(get("nodes").rest, ["~:4", "4:", "0"]);
        assert_eq!(get("nodes_up").rest, ["3:", "@0:1", "0", "3"]);
        assert_eq!(get("nodes_error").rest, ["", "0", "0", "3"]);
        assert_eq!(get("unowned_shards").rest, ["~:0", "", "0"]);
        assert_eq!(get("expiry_days").rest, ["@10:20", "7:"]);
        assert_eq!(get("expiry_days").uom, "");
        assert_eq!(get("free_data").uom, "B");
        assert_eq!(get("free_data").value, 2147483648.0);
        // Counts carry no unit; every figure has the 5-field grammar.
        for p in &perf {
            assert!(p.uom.is_empty() || p.label.starts_with("free_"), "{p:?}");
        }
    }

    #[test]
    fn per_node_perfdata_gives_each_node_and_directory() {
        let a = three_nodes();
        let t = Thresholds::default();
        let (_, out) = render_check_with(&a, &[], &t, NOW.parse().unwrap(), PerfMode::PerNode);
        let labels: Vec<String> = perf_of(&out).into_iter().map(|p| p.label).collect();
        assert_eq!(
            labels,
            [
                "nodes",
                "nodes_up",
                "free_data h:a",
                "free_data h:b",
                "free_data h:c",
                "free_logs h:b",
                "free_logs h:c",
                "expiry_days",
                "nodes_error",
                "unowned_shards"
            ]
        );
        assert!(
            out.contains(" 'free_data h:b'=2147483648B;10737418240:;1073741824:;0 "),
            "{out}"
        );
        assert_eq!(out.lines().count(), 1, "{out}");
    }

    #[test]
    fn per_node_perfdata_is_bounded_and_says_so() {
        let gib = 1u64 << 30;
        let make = |count: usize| {
            let mut nodes = serde_json::Map::new();
            for i in 0..count {
                nodes.insert(
                    format!("h:{i:03}"),
                    serde_json::json!({"role": "coreapp", "shards": [[i, i]], "socket_conn": "UP",
                        "free_space_data": 20 * gib, "free_space_logs": 20 * gib}),
                );
            }
            answer(serde_json::json!({ "support": nodes }))
        };
        let t = Thresholds::default();
        // 4 fixed figures (nodes, nodes_up, nodes_error, unowned_shards):
        // room for 196 per-node ones, 2 per node.
        let (_, out) =
            render_check_with(&make(98), &[], &t, NOW.parse().unwrap(), PerfMode::PerNode);
        assert_eq!(perf_of(&out).len(), MAX_PERF_FIGURES);
        assert_eq!(out.lines().count(), 1, "{out}");
        let (_, out) =
            render_check_with(&make(99), &[], &t, NOW.parse().unwrap(), PerfMode::PerNode);
        let perf = perf_of(&out);
        assert_eq!(perf.len(), MAX_PERF_FIGURES);
        assert_eq!(
            perf.last().unwrap().label,
            "unowned_shards",
            "fixed figures stay"
        );
        // With a fifth fixed figure (the days to expiry) the room shrinks by
        // one and the total is still the bound.
        let mut with_expiry = make(99);
        for n in &mut with_expiry.nodes {
            n.info.expire_timestamp = Some("2027-06-01T00:00:00Z".into());
        }
        let (_, out2) = render_check_with(
            &with_expiry,
            &[],
            &t,
            NOW.parse().unwrap(),
            PerfMode::PerNode,
        );
        let perf2 = perf_of(&out2);
        assert_eq!(perf2.len(), MAX_PERF_FIGURES, "{out2}");
        assert!(perf2.iter().any(|f| f.label == "expiry_days"), "{out2}");
        assert_eq!(
            out.lines().last().unwrap(),
            "perfdata: 2 per-node figure(s) left out (at most 200 figures; without --perfdata per-node, the worst node per directory)"
        );
        let (_, out) = render_check(&make(99), &[], &t, NOW.parse().unwrap());
        assert_eq!(perf_of(&out).len(), 6);
    }
}
