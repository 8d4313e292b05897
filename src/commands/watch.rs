//! `show --watch`: redraw the status in place on every poll.
//!
//! On a terminal the alternate screen is used and restored on Ctrl-C, as
//! `watch(1)` and `top` do; the screen is fitted to the terminal's size,
//! measured at every redraw (see [`crate::render::screen`]): the header,
//! what changed and the problems always show, the nodes table next, and
//! the schema versions and details give way first. Piped, each poll is
//! written whole after a separator. With `-o json`, each poll is one JSON
//! line (a log of transitions), wherever it goes.
//!
//! Changes since the previous poll are listed by node and column; a failed
//! poll keeps the last good status on screen under the error.
//!
//! Each poll runs on a worker thread while the loop waits for it or for a
//! signal, so Ctrl-C acts at once even while a request hangs. The terminal
//! is always given back: Ctrl-C, SIGTERM and SIGHUP end the loop and leave
//! the alternate screen, and the panic hook (installed by the binary, see
//! [`crate::term`]) does the same before printing one fixed line: never the
//! panic's message, which could repeat a server's text.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::cli::MAX_SECONDS;
use crate::diagnose::{Finding, Thresholds, counts, diagnose, nodes_up};
use crate::error::{Error, ErrorKind, Result};
use crate::model::SupportAnswer;
use crate::redact::RedactOptions;
use crate::render::check::CheckState;
use crate::render::screen::{Priority, Screen, wrap_lines};
use crate::render::text::show_parts;
use crate::render::{RenderOptions, Tone, paint};
use crate::safe::json_safe;
use crate::settings::Settings;
use crate::source::{Keep, Loaded, Source};
use crate::term::{
    HOME_CLEAR, Ui, enter_alt_screen, is_broken_pipe, leave_alt_screen, stdout_is_terminal,
    stdout_size, write_out,
};

/// The shortest interval between polls: polling faster only loads the web
/// app.
pub const MIN_INTERVAL: f64 = 1.0;

/// The interval between polls for `secs`; anything outside 1 s to a day is
/// a usage error.
pub fn interval(secs: f64) -> Result<Duration> {
    if (MIN_INTERVAL..=MAX_SECONDS).contains(&secs) {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(Error::new(
            ErrorKind::Usage,
            format!("--watch {secs}: the interval is at least 1 and at most 86400 seconds"),
        ))
    }
}

mod changes;

pub use changes::{Change, change_list};

/// What `show --watch` polls and how it reports.
pub struct Watch {
    /// The settings the source was opened with.
    pub settings: Settings,
    /// Where each poll reads the answer.
    pub source: Source,
    /// Redaction of every poll's answer, when asked.
    pub redaction: Option<RedactOptions>,
    /// The thresholds of the findings.
    pub thresholds: Thresholds,
    /// Seconds between polls as given; [`watch`] refuses less than 1 s.
    pub interval: f64,
    /// One JSON line per poll (`-o json`) instead of the status.
    pub json: bool,
}

/// How the polls are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Redrawn in place on the alternate screen, fitted to the terminal.
    Screen,
    /// Written whole, one after the other, after a `---` line.
    Pages,
    /// One JSON line per poll.
    Lines,
}

/// Polls every interval until Ctrl-C, SIGTERM or SIGHUP; exits 0.
pub fn watch(w: Watch, ui: &Ui, out: &mut dyn Write) -> Result<u8> {
    let every = interval(w.interval)?;
    if matches!(w.source, Source::Stdin) {
        return Err(Error::new(ErrorKind::Usage, "--watch cannot re-read stdin")
            .hint("watch a server (--url) or a file path"));
    }
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // Ctrl-C, SIGTERM and SIGHUP. A second handler cannot be set in
        // the same process; then the signal simply ends it as usual.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let form = match (w.json, stdout_is_terminal()) {
        (true, _) => Form::Lines,
        (false, true) => Form::Screen,
        (false, false) => Form::Pages,
    };
    if form == Form::Screen {
        enter_alt_screen(out)?;
    }
    let polls = Polls {
        poller: Poller {
            shared: Arc::new((w.settings, w.source)),
            redaction: w.redaction,
        },
        thresholds: w.thresholds,
        every,
        form,
        ui,
    };
    let result = polls.run(out, &stop);
    if form == Form::Screen {
        leave_alt_screen(out);
    }
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        other => other,
    }
}

/// Runs each poll on a worker thread, so the loop can stop while a
/// request hangs.
struct Poller {
    shared: Arc<(Settings, Source)>,
    redaction: Option<RedactOptions>,
}

impl Poller {
    /// Polls once; `None` when `stop` is set first. A worker still waiting
    /// then is left behind: it holds nothing the program needs, and ends
    /// with the process.
    fn poll(&self, stop: &AtomicBool) -> Option<Result<Loaded>> {
        let (tx, rx) = mpsc::sync_channel(1);
        let shared = Arc::clone(&self.shared);
        let redaction = self.redaction;
        let job = move || {
            let (s, source) = &*shared;
            let _ = tx.send(source.load(s, redaction, Keep::default()));
        };
        if let Err(e) = std::thread::Builder::new().name("poll".into()).spawn(job) {
            return Some(Err(Error::new(
                ErrorKind::Io,
                format!("cannot start a poll: {e}"),
            )));
        }
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            match rx.recv_timeout(TICK) {
                Ok(result) => return Some(result),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Some(Err(Error::new(
                        ErrorKind::Io,
                        "the poll stopped without an answer",
                    )));
                }
            }
        }
    }
}

/// How often the loop looks at the stop flag while it waits.
const TICK: Duration = Duration::from_millis(50);

/// The poll loop's settings.
struct Polls<'a> {
    poller: Poller,
    thresholds: Thresholds,
    every: Duration,
    form: Form,
    ui: &'a Ui,
}

/// What a poll brought, to be written.
enum Outcome<'a> {
    /// A status with its findings, and what changed since the last good
    /// status (`None` when there was none).
    Status {
        answer: &'a SupportAnswer,
        findings: &'a [Finding],
        changes: Option<&'a [Change]>,
    },
    /// A failed poll, and the last good status with its findings and time.
    Failed {
        error: &'a Error,
        last: Option<(&'a SupportAnswer, &'a [Finding], &'a str)>,
    },
}

impl Polls<'_> {
    fn run(&self, out: &mut dyn Write, stop: &AtomicBool) -> Result<u8> {
        let t = &self.thresholds;
        let mut last: Option<(Loaded, String)> = None;
        let mut polls = 0u64;
        while !stop.load(Ordering::SeqCst) {
            polls += 1;
            let started = Instant::now();
            let when = crate::clock::now_rfc3339();
            let Some(result) = self.poller.poll(stop) else {
                break;
            };
            let text = match result {
                Ok(loaded) => {
                    let findings = diagnose(&loaded.answer, t, crate::clock::now());
                    let changes = last
                        .as_ref()
                        .map(|(prev, _)| change_list(&prev.answer, &loaded.answer));
                    let outcome = Outcome::Status {
                        answer: &loaded.answer,
                        findings: &findings,
                        changes: changes.as_deref(),
                    };
                    let text = self.write(polls, &when, &outcome);
                    // Debug builds only: lets the tests check what a panic
                    // prints; release builds have no such switch.
                    #[cfg(debug_assertions)]
                    if std::env::var_os("WA_SUPPORT_DEBUG_PANIC").is_some() {
                        let name = loaded.answer.nodes.first().map(|n| n.name.clone());
                        panic!("debug panic with server text {name:?}");
                    }
                    // The previous status is freed here (not discarded:
                    // a watch runs for days).
                    last = Some((loaded, when.clone()));
                    text
                }
                Err(error) => {
                    let findings = last
                        .as_ref()
                        .map(|(prev, _)| diagnose(&prev.answer, t, crate::clock::now()))
                        .unwrap_or_default();
                    let outcome = Outcome::Failed {
                        error: &error,
                        last: last
                            .as_ref()
                            .map(|(prev, at)| (&prev.answer, findings.as_slice(), at.as_str())),
                    };
                    self.write(polls, &when, &outcome)
                }
            };
            write_out(out, text.as_bytes())?;
            // Sleep in small steps so Ctrl-C is honoured at once.
            while started.elapsed() < self.every && !stop.load(Ordering::SeqCst) {
                std::thread::sleep(TICK.min(self.every.saturating_sub(started.elapsed())));
            }
        }
        Ok(0)
    }

    /// The text of one poll in the loop's form.
    fn write(&self, polls: u64, when: &str, outcome: &Outcome) -> String {
        let head = format!(
            "Every {}s · poll {polls} at {when} · Ctrl-C to stop",
            self.every.as_secs_f64()
        );
        match self.form {
            Form::Lines => json_line(polls, when, outcome),
            Form::Pages => {
                let mut text = if polls > 1 {
                    "\n---\n".to_string()
                } else {
                    String::new()
                };
                let lines = draw(&head, outcome, &self.ui.stdout, None);
                text.push_str(&lines.join("\n"));
                text.push('\n');
                text
            }
            Form::Screen => {
                // Measured at every redraw: a resize counts at the next.
                let (cols, rows) = stdout_size();
                let opts = RenderOptions {
                    color: self.ui.stdout.color,
                    width: cols.filter(|w| *w >= 20),
                };
                let lines = draw(&head, outcome, &opts, rows.map(usize::from));
                // No line feed after the last row: it would scroll the
                // first row off the screen.
                format!("{HOME_CLEAR}{}", lines.join("\n"))
            }
        }
    }
}

/// The screen of one poll, fitted to `rows` when known.
fn draw(head: &str, outcome: &Outcome, opts: &RenderOptions, rows: Option<usize>) -> Vec<String> {
    let width = opts.width.map(usize::from);
    let color = opts.color;
    let painted = |lines: Vec<String>, tone: Tone| -> Vec<String> {
        lines.iter().map(|l| paint(l, tone, color)).collect()
    };
    let mut screen = Screen::new();
    screen.push_lines(
        painted(wrap_lines(head, width, 0), Tone::Dim),
        Priority::Always,
        usize::MAX,
    );
    let shown = match outcome {
        Outcome::Status {
            answer,
            findings,
            changes,
        } => {
            match changes {
                Some([]) => screen.push_lines(
                    vec![paint(
                        "No change since the previous poll.",
                        Tone::Dim,
                        color,
                    )],
                    Priority::Always,
                    1,
                ),
                Some(changes) => {
                    let mut lines =
                        vec![paint("Changed since the previous poll:", Tone::Warn, color)];
                    for c in *changes {
                        lines.extend(painted(wrap_lines(&c.to_string(), width, 2), Tone::Warn));
                    }
                    screen.push_lines(lines, Priority::Always, 2);
                }
                None => {}
            }
            Some((*answer, *findings))
        }
        Outcome::Failed { error, last } => {
            let mut lines = painted(
                wrap_lines(&format!("poll failed: {error}"), width, 0),
                Tone::Bad,
            );
            if let Some((_, _, at)) = last {
                let note = format!("showing the last good status, from {at}");
                lines.extend(painted(wrap_lines(&note, width, 0), Tone::Dim));
            }
            screen.push_lines(lines, Priority::Always, usize::MAX);
            last.map(|(answer, findings, _)| (answer, findings))
        }
    };
    if let Some((answer, findings)) = shown {
        let parts = show_parts(answer, Some(findings), opts);
        screen.push(&format!("\n{}", parts.summary), Priority::High, 2);
        screen.push(&parts.nodes, Priority::High, 3);
        screen.push(&(parts.schema + &parts.details), Priority::Low, 1);
        screen.push(&parts.problems, Priority::Always, 3);
    }
    screen.fit(rows, width, color)
}

/// Findings by severity.
#[derive(Debug, Serialize)]
struct Severities {
    critical: usize,
    warning: usize,
    note: usize,
}

/// One poll as a JSON line.
#[derive(Debug, Serialize)]
struct PollLine<'a> {
    time: &'a str,
    poll: u64,
    /// `OK`, `WARNING`, `CRITICAL`; `UNKNOWN` when the poll failed.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    nodes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nodes_up: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Severities>,
    changes: &'a [Change],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// One poll as one line of JSON, safe to print, with its line feed.
fn json_line(poll: u64, time: &str, outcome: &Outcome) -> String {
    let line = match outcome {
        Outcome::Status {
            answer,
            findings,
            changes,
        } => {
            let (critical, warning, note) = counts(findings);
            PollLine {
                time,
                poll,
                status: CheckState::of(findings).word(),
                nodes: Some(answer.nodes.len()),
                nodes_up: Some(nodes_up(answer)),
                findings: Some(Severities {
                    critical,
                    warning,
                    note,
                }),
                changes: changes.unwrap_or_default(),
                error: None,
            }
        }
        Outcome::Failed { error, .. } => PollLine {
            time,
            poll,
            status: CheckState::Unknown.word(),
            nodes: None,
            nodes_up: None,
            findings: None,
            changes: &[],
            error: Some(error.to_string()),
        },
    };
    // Serializing plain data to a string cannot fail.
    let mut text = json_safe(&serde_json::to_string(&line).unwrap_or_default());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
