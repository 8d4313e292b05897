//! `show --watch`: redraw the status in place on every poll.
//!
//! On a terminal the alternate screen is used and restored on Ctrl-C, as
//! `watch(1)` and `top` do; piped, each poll is written after a separator.
//! Changes since the previous poll are listed by node and column; a failed
//! poll keeps the last good status on screen under the error.
//!
//! The terminal is always given back: Ctrl-C, SIGTERM and SIGHUP end the
//! loop and leave the alternate screen, and the panic hook (installed by
//! the binary, see [`crate::term`]) does the same before printing one fixed
//! line: never the panic's message, which could repeat a server's text.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::diagnose::{Thresholds, diagnose};
use crate::error::{Error, ErrorKind, Result};
use crate::model::SupportAnswer;
use crate::redact::RedactOptions;
use crate::render::text::{NODE_COLUMNS, node_cells, render_show};
use crate::render::{Tone, paint};
use crate::safe::ServerText;
use crate::settings::Settings;
use crate::source::{Keep, Loaded, Source};
use crate::term::{
    HOME_CLEAR, Ui, enter_alt_screen, is_broken_pipe, leave_alt_screen, stdout_is_terminal,
    write_out,
};

/// The cells of every node, keyed by name, for comparing polls.
fn snapshot(a: &SupportAnswer) -> Vec<(ServerText, Vec<String>)> {
    a.nodes
        .iter()
        .map(|n| {
            (
                n.name.clone(),
                node_cells(a, n).into_iter().map(|(t, _)| t).collect(),
            )
        })
        .collect()
}

/// Lines describing what changed between two polls.
pub fn changes(before: &SupportAnswer, after: &SupportAnswer) -> Vec<String> {
    let old = snapshot(before);
    let new = snapshot(after);
    // Looked up by name: linear in the nodes, whatever their number.
    let old_by_name: std::collections::HashMap<&ServerText, &Vec<String>> =
        old.iter().map(|(n, c)| (n, c)).collect();
    let new_names: std::collections::HashSet<&ServerText> = new.iter().map(|(n, _)| n).collect();
    let mut out = Vec::new();
    for (name, cells) in &new {
        match old_by_name.get(name) {
            None => out.push(format!("{name}: new node")),
            Some(prev) => {
                for (i, (a, b)) in prev.iter().zip(cells).enumerate().skip(1) {
                    if a != b {
                        out.push(format!("{name}: {} {a} → {b}", NODE_COLUMNS[i]));
                    }
                }
            }
        }
    }
    for (name, _) in &old {
        if !new_names.contains(name) {
            out.push(format!("{name}: gone"));
        }
    }
    out
}

/// What one watch polls and how it draws.
struct Poll<'a> {
    settings: &'a Settings,
    source: &'a Source,
    redaction: Option<RedactOptions>,
    thresholds: &'a Thresholds,
    interval: Duration,
    ui: &'a Ui,
}

/// Polls every `interval` until Ctrl-C.
pub fn watch(
    s: &Settings,
    source: &Source,
    redaction: Option<RedactOptions>,
    t: &Thresholds,
    interval: Duration,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<u8> {
    if matches!(source, Source::Stdin) {
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
    let tty = stdout_is_terminal();
    if tty {
        enter_alt_screen(out)?;
    }
    let poll = Poll {
        settings: s,
        source,
        redaction,
        thresholds: t,
        interval,
        ui,
    };
    let result = poll_loop(&poll, out, tty, &stop);
    if tty {
        leave_alt_screen(out);
    }
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        other => other,
    }
}

fn poll_loop(p: &Poll, out: &mut dyn Write, tty: bool, stop: &AtomicBool) -> Result<u8> {
    let (s, source, redaction, t, interval, ui) = (
        p.settings,
        p.source,
        p.redaction,
        p.thresholds,
        p.interval,
        p.ui,
    );
    let color = ui.stdout.color;
    let mut last: Option<(Loaded, String)> = None;
    let mut polls = 0u64;
    while !stop.load(Ordering::SeqCst) {
        polls += 1;
        let started = Instant::now();
        let when = crate::clock::now_rfc3339();
        let mut screen = String::new();
        if tty {
            screen.push_str(HOME_CLEAR);
        } else if polls > 1 {
            screen.push_str("\n---\n");
        }
        let header = format!(
            "Every {}s · poll {polls} at {when} · Ctrl-C to stop",
            interval.as_secs_f64()
        );
        screen.push_str(&paint(&header, Tone::Dim, color));
        screen.push('\n');
        match source.load(s, redaction, Keep::default()) {
            Ok(loaded) => {
                let findings = diagnose(&loaded.answer, t, crate::clock::now());
                let diff = match &last {
                    Some((prev, _)) => changes(&prev.answer, &loaded.answer),
                    None => Vec::new(),
                };
                if polls > 1 {
                    if diff.is_empty() {
                        screen.push_str(&paint(
                            "No change since the previous poll.",
                            Tone::Dim,
                            color,
                        ));
                    } else {
                        screen.push_str(&paint(
                            "Changed since the previous poll:",
                            Tone::Warn,
                            color,
                        ));
                        for d in &diff {
                            screen.push_str("\n  ");
                            screen.push_str(&paint(d, Tone::Warn, color));
                        }
                    }
                    screen.push('\n');
                }
                screen.push('\n');
                screen.push_str(&render_show(&loaded.answer, Some(&findings), &ui.stdout));
                // Debug builds only: lets the tests check what a panic
                // prints; release builds have no such switch.
                #[cfg(debug_assertions)]
                if std::env::var_os("WA_SUPPORT_DEBUG_PANIC").is_some() {
                    let name = loaded.answer.nodes.first().map(|n| n.name.clone());
                    panic!("debug panic with server text {name:?}");
                }
                last = Some((loaded, when.clone()));
            }
            Err(e) => {
                let line = format!("poll failed: {e}");
                screen.push_str(&paint(&line, Tone::Bad, color));
                screen.push('\n');
                if let Some((prev, at)) = &last {
                    screen.push_str(&paint(
                        &format!("showing the last good status, from {at}"),
                        Tone::Dim,
                        color,
                    ));
                    screen.push_str("\n\n");
                    let findings = diagnose(&prev.answer, t, crate::clock::now());
                    screen.push_str(&render_show(&prev.answer, Some(&findings), &ui.stdout));
                }
            }
        }
        write_out(out, screen.as_bytes())?;
        // Sleep in small steps so Ctrl-C is honoured at once.
        while started.elapsed() < interval && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_node_column_and_values() {
        let a = SupportAnswer::from_slice(
            br#"{"support":{"a:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"SC"},"b:1":{"role":"coreapp"}}}"#,
            "x",
        )
        .unwrap();
        let b = SupportAnswer::from_slice(
            br#"{"support":{"a:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},"c:1":{"role":"coreapp"}}}"#,
            "x",
        )
        .unwrap();
        assert_eq!(
            changes(&a, &b),
            vec!["a:1: SOCKET SC → UP", "c:1: new node", "b:1: gone"]
        );
        assert!(changes(&a, &a).is_empty());
    }
}
