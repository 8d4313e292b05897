//! `check`: the Nagios plugin protocol, which Nagios, Icinga, Sensu, Zabbix
//! and Checkmk all run.
//!
//! First line `WA-SUPPORT STATE - summary | perfdata`, then one line per
//! finding; the exit code is 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnose::{Finding, Severity, Thresholds, counts, days_to_expiry};
use crate::model::{SPACE_DIRS, SupportAnswer};
use crate::render::json::status_word;

/// The plugin states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum CheckState {
    Ok,
    Warning,
    Critical,
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
        match status_word(findings) {
            "CRITICAL" => CheckState::Critical,
            "WARNING" => CheckState::Warning,
            _ => CheckState::Ok,
        }
    }
}

/// Keeps a perfdata-free, one-line text: no `|`, no line breaks.
fn plugin_text(s: &str) -> String {
    s.replace('|', "/")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The plugin output for a status that was read.
pub fn render_check(
    answer: &SupportAnswer,
    findings: &[Finding],
    t: &Thresholds,
    now: jiff::Timestamp,
) -> (CheckState, String) {
    let state = CheckState::of(findings);
    let (crit, warn, _) = counts(findings);
    let n = answer.nodes.len();
    let up = answer
        .nodes
        .iter()
        .filter(|n| n.info.socket_conn.as_ref().is_some_and(|s| s.is_up()))
        .count();
    let summary = if crit + warn == 0 {
        let builds = answer.builds();
        let mut s = format!("{n} node(s), {up} connected");
        if !builds.is_empty() {
            let _ = write!(s, ", build {}", builds.join(", "));
        }
        s
    } else {
        let worst = &findings[0];
        let mut s = format!("{crit} critical, {warn} warning(s) on {n} node(s): ");
        if let Some(node) = &worst.node {
            let _ = write!(s, "{}: ", crate::render::safe(node));
        }
        s.push_str(&crate::render::safe(&worst.message));
        s
    };
    let mut perf = vec![format!("nodes={n};;;0"), format!("nodes_up={up};;;0;{n}")];
    for (i, dir) in SPACE_DIRS.iter().enumerate() {
        let label = dir.perf;
        let min = answer
            .nodes
            .iter()
            .filter_map(|n| n.info.free_space()[i])
            .min();
        if let Some(b) = min {
            perf.push(format!(
                "{label}={}B;{}:;{}:;0",
                b.0, t.space_warn.0, t.space_crit.0
            ));
        }
    }
    let days = answer
        .nodes
        .iter()
        .filter_map(|n| days_to_expiry(n, now).and_then(Result::ok))
        .min();
    if let Some(d) = days {
        perf.push(format!(
            "expiry_days={d};{}:;{}:",
            t.expiry_warn_days, t.expiry_crit_days
        ));
    }
    let mut out = format!(
        "WA-SUPPORT {} - {} | {}\n",
        state.word(),
        plugin_text(&summary),
        perf.join(" ")
    );
    for f in findings {
        let label = match f.severity {
            Severity::Critical => "CRITICAL",
            Severity::Warning => "WARNING",
            Severity::Note => "NOTE",
        };
        let who = crate::render::safe(f.node.as_deref().unwrap_or("cluster"));
        let _ = writeln!(
            out,
            "{label}: {who}: {} [{}]",
            plugin_text(&crate::render::safe(&f.message)),
            f.code
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
    let mut s = crate::render::json_safe(&serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::diagnose;

    fn check(name: &str) -> (CheckState, String) {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let a = SupportAnswer::from_slice(&std::fs::read(path).unwrap(), "wa").unwrap();
        let now = "2026-11-25T12:00:00Z".parse().unwrap();
        let t = Thresholds::default();
        let f = diagnose(&a, &t, now);
        render_check(&a, &f, &t, now)
    }

    #[test]
    fn ok_line_and_perfdata() {
        let (s, out) = check("single-registered.json");
        assert_eq!(s, CheckState::Ok);
        let first = out.lines().next().unwrap();
        assert!(first.starts_with("WA-SUPPORT OK - 1 node(s), 1 connected, build 2.51.3 | nodes=1;;;0 nodes_up=1;;;0;1 free_data=9223372036853727000B;10737418240:;1073741824:;0"), "{first}");
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
        assert_eq!(render_unknown("a | b\nc"), "WA-SUPPORT UNKNOWN - a / b c\n");
    }
}
