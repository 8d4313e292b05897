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
mod tests;
