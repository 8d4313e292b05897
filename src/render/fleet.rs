//! A fleet's outputs: the plugin lines of `check` (the worst state first,
//! one line per deployment after it), `check` and `show` JSON with a
//! `deployments` array, and the fleet table that ends `show`.
//!
//! Deployments come in the order they were given. A deployment that could
//! not be read is UNKNOWN. The fleet's state is the worst: CRITICAL, then
//! UNKNOWN (a deployment that could not be read might be in any state, so
//! it outranks a WARNING but not a CRITICAL that is known), then WARNING,
//! then OK.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnose::{Finding, Severity, Thresholds};
use crate::model::SupportAnswer;
use crate::render::check::{CheckState, render_check};
use crate::render::json::{SourceInfo, render_normalized};
use crate::render::table::{Grid, Names, layout};
use crate::render::view::{builds, finding_subject};
use crate::render::{Cell, RenderOptions, Tone, paint, safe};

/// One deployment as the renderers see it.
pub struct Entry<'a> {
    /// The deployment's name (its profile).
    pub deployment: &'a str,
    /// Its answer, or why none was obtained (one line).
    pub outcome: Result<Answered<'a>, String>,
}

/// An answer obtained from a deployment.
pub struct Answered<'a> {
    /// The answer.
    pub answer: &'a SupportAnswer,
    /// Its findings, most severe first.
    pub findings: &'a [Finding],
    /// Where it came from.
    pub source: SourceInfo,
}

impl Entry<'_> {
    /// The deployment's state: by its findings, UNKNOWN when not read.
    pub fn state(&self) -> CheckState {
        match &self.outcome {
            Ok(a) => CheckState::of(a.findings),
            Err(_) => CheckState::Unknown,
        }
    }
}

/// How bad a state is among a fleet's: CRITICAL > UNKNOWN > WARNING > OK.
fn rank(s: CheckState) -> u8 {
    match s {
        CheckState::Ok => 0,
        CheckState::Warning => 1,
        CheckState::Unknown => 2,
        CheckState::Critical => 3,
    }
}

/// The fleet's state: the worst of its deployments (UNKNOWN when empty).
pub fn worst(entries: &[Entry]) -> CheckState {
    entries
        .iter()
        .map(Entry::state)
        .max_by_key(|s| rank(*s))
        .unwrap_or(CheckState::Unknown)
}

/// Longest summary on a plugin line, in characters.
pub const MAX_SUMMARY: usize = 300;

/// Text made fit for a plugin line: escaped, no `|`, one line, bounded.
fn plugin_text(s: &str, max: usize) -> String {
    let one = safe(s)
        .replace('|', "/")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    cut(&one, max)
}

/// `s` cut to `max` characters, `…` marking the cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A deployment's one-line summary: what its own `check` would say after
/// the state (no perfdata), or why it could not be read.
fn deployment_summary(e: &Entry, t: &Thresholds, now: jiff::Timestamp) -> String {
    match &e.outcome {
        Ok(a) => {
            let (state, text) = render_check(a.answer, a.findings, t, now);
            let first = text.lines().next().unwrap_or_default();
            let prefix = format!("WA-SUPPORT {} - ", state.word());
            let body = first.strip_prefix(&prefix).unwrap_or(first);
            let body = body.rsplit_once(" | ").map_or(body, |(b, _)| b);
            plugin_text(body, MAX_SUMMARY)
        }
        Err(why) => plugin_text(why, MAX_SUMMARY),
    }
}

const STATES: [CheckState; 4] = [
    CheckState::Critical,
    CheckState::Unknown,
    CheckState::Warning,
    CheckState::Ok,
];

/// `check` for a fleet: the worst state and which deployments are in it
/// on the first line (bounded), with per-state counts as perfdata; then
/// one line per deployment, in the order given.
pub fn render_fleet_check(
    entries: &[Entry],
    t: &Thresholds,
    now: jiff::Timestamp,
) -> (CheckState, String) {
    let state = worst(entries);
    let n = entries.len();
    let states: Vec<CheckState> = entries.iter().map(Entry::state).collect();
    let count = |s: CheckState| states.iter().filter(|x| **x == s).count();
    let summaries: Vec<String> = entries
        .iter()
        .map(|e| deployment_summary(e, t, now))
        .collect();
    let in_worst: Vec<usize> = (0..n).filter(|i| states[*i] == state).collect();
    let word = state.word();
    let mut summary = format!(
        "{} of {n} deployments {}",
        in_worst.len(),
        if state == CheckState::Ok {
            word.to_string()
        } else {
            word.to_ascii_lowercase()
        }
    );
    if state != CheckState::Ok {
        let mut names = String::new();
        for (k, i) in in_worst.iter().enumerate() {
            let name = plugin_text(entries[*i].deployment, 60);
            if !names.is_empty() && names.len() + name.len() > 120 {
                let _ = write!(names, " and {} more", in_worst.len() - k);
                break;
            }
            if !names.is_empty() {
                names.push_str(", ");
            }
            names.push_str(&name);
        }
        let _ = write!(summary, ": {names}");
        if let [only] = in_worst[..] {
            let _ = write!(summary, ": {}", summaries[only]);
        }
        let others: Vec<String> = STATES
            .iter()
            .filter(|s| **s != state && count(**s) > 0)
            .map(|s| format!("{} {}", count(*s), s.word()))
            .collect();
        if !others.is_empty() {
            let _ = write!(summary, "; {}", others.join(", "));
        }
    }
    let mut out = format!(
        "WA-SUPPORT {word} - {} | deployments={n};;;0 deployments_ok={};;;0;{n} deployments_warning={};;;0;{n} deployments_critical={};;;0;{n} deployments_unknown={};;;0;{n}\n",
        cut(&summary, 2 * MAX_SUMMARY),
        count(CheckState::Ok),
        count(CheckState::Warning),
        count(CheckState::Critical),
        count(CheckState::Unknown),
    );
    for (i, e) in entries.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}: {}: {}",
            states[i].word(),
            plugin_text(e.deployment, 60),
            summaries[i]
        );
    }
    (state, out)
}

#[derive(Serialize)]
struct CheckDeployment<'a> {
    deployment: &'a str,
    status: CheckState,
    exit_code: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct CheckFleet<'a> {
    status: CheckState,
    exit_code: u8,
    deployments: Vec<CheckDeployment<'a>>,
}

/// `check -o json` for a fleet: the worst state, and each deployment's
/// state, error and findings, in the order given.
pub fn render_fleet_check_json(entries: &[Entry]) -> String {
    let state = worst(entries);
    let doc = CheckFleet {
        status: state,
        exit_code: state.code(),
        deployments: entries
            .iter()
            .map(|e| CheckDeployment {
                deployment: e.deployment,
                status: e.state(),
                exit_code: e.state().code(),
                error: e.outcome.as_ref().err().map(String::as_str),
                findings: e.outcome.as_ref().map_or(&[], |a| a.findings),
            })
            .collect(),
    };
    let mut s = crate::safe::json_safe(&serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}

/// A JSON string, safe to print.
fn json_string(s: &str) -> String {
    crate::safe::json_safe(&serde_json::to_string(s).unwrap_or_default())
}

/// `show -o json` for a fleet: one document whose `deployments` array
/// holds each deployment's normalized document with its `deployment`
/// name first; one that could not be read has its `error` and the
/// status UNKNOWN in its `summary`.
pub fn render_fleet_json(entries: &[Entry]) -> String {
    let mut out = format!(
        "{{\n  \"format\": {},\n  \"generator\": {},\n  \"deployments\": [",
        crate::render::json::FORMAT,
        json_string(&format!("wa-support {}", env!("CARGO_PKG_VERSION")))
    );
    for (i, e) in entries.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let name = json_string(e.deployment);
        match &e.outcome {
            Ok(a) => {
                let doc = render_normalized(a.answer, a.findings, &a.source);
                let rest = doc.trim_end().strip_prefix('{').unwrap_or("}");
                let _ = write!(out, "{{\n  \"deployment\": {name},{rest}");
            }
            Err(why) => {
                let _ = write!(
                    out,
                    "{{\n  \"deployment\": {name},\n  \"error\": {},\n  \"summary\": {{\"status\": \"UNKNOWN\"}}\n}}",
                    json_string(why)
                );
            }
        }
    }
    out.push_str("\n  ]\n}\n");
    out
}

/// The worst finding (a note is not one), as safe text.
fn worst_finding(findings: &[Finding]) -> Option<String> {
    let f = findings.iter().find(|f| f.severity != Severity::Note)?;
    Some(
        safe(&format!(
            "{}: {} [{}]",
            finding_subject(f),
            f.message,
            f.code
        ))
        .into_owned(),
    )
}

fn state_tone(s: CheckState) -> Tone {
    match s {
        CheckState::Ok => Tone::Good,
        CheckState::Warning | CheckState::Unknown => Tone::Warn,
        CheckState::Critical => Tone::Bad,
    }
}

/// The fleet table that ends `show`: deployment, status, nodes up / total,
/// build, the worst finding (or why it could not be read), under a line
/// of counts.
pub fn fleet_table(entries: &[Entry], opts: &RenderOptions) -> String {
    let states: Vec<CheckState> = entries.iter().map(Entry::state).collect();
    let counts: Vec<String> = STATES
        .iter()
        .filter_map(|s| {
            let c = states.iter().filter(|x| *x == s).count();
            (c > 0).then(|| format!("{c} {}", s.word()))
        })
        .collect();
    let mut out = paint(
        &format!(
            "Fleet: {} deployments ({})",
            entries.len(),
            counts.join(", ")
        ),
        Tone::Bold,
        opts.color,
    );
    out.push('\n');
    let names: Vec<String> = entries
        .iter()
        .map(|e| safe(e.deployment).into_owned())
        .collect();
    let rows = entries
        .iter()
        .zip(&names)
        .zip(&states)
        .map(|((e, name), state)| {
            let mut row = vec![
                Cell::plain(name.clone()),
                Cell::new(state.word(), state_tone(*state)),
            ];
            match &e.outcome {
                Ok(a) => {
                    let up = crate::diagnose::nodes_up(a.answer);
                    let b: Vec<String> = builds(a.answer).iter().map(ToString::to_string).collect();
                    row.push(Cell::plain(format!("{up}/{}", a.answer.nodes.len())));
                    row.push(if b.is_empty() {
                        Cell::dash()
                    } else {
                        Cell::plain(b.join(", "))
                    });
                    row.push(match worst_finding(a.findings) {
                        Some(f) => Cell::new(f, state_tone(*state)),
                        None => Cell::dash(),
                    });
                }
                Err(why) => {
                    row.push(Cell::dash());
                    row.push(Cell::dash());
                    row.push(Cell::new(format!("not read: {}", safe(why)), Tone::Warn));
                }
            }
            row
        })
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let grid = Grid {
        headers: ["DEPLOYMENT", "STATUS", "NODES UP", "BUILD", "WORST FINDING"]
            .map(String::from)
            .to_vec(),
        rows,
        optional: vec![3, 2],
        names: &Names::whole(&refs),
    };
    out.push_str(&layout(&grid, opts.width, opts.color));
    out
}

#[cfg(test)]
mod tests;
