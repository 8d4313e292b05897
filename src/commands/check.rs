//! `check`: the status for a monitor, in the Nagios plugin protocol, as
//! JSON, or as Prometheus text exposition (`-o prometheus`); `--textfile`
//! also writes the exposition for node_exporter's textfile collector.
//! Every failure, even before an answer is read, is UNKNOWN (3) with the
//! reason on the one line a monitor shows. Whatever the output form, the
//! exit code is the plugin's.
//!
//! With several profiles (`--profile a,b`, `--all-profiles`) it checks a
//! fleet: every deployment at once, the worst state first.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use crate::cli::{CheckArgs, CheckOutput, GlobalArgs};
use crate::diagnose::{Finding, Thresholds, diagnose};
use crate::error::Error;
use crate::fleet::{Deployment, Plan};
use crate::model::SupportAnswer;
use crate::render::check::{CheckState, render_check_json, render_check_with, render_unknown};
use crate::render::fleet::{Answered, Entry, render_fleet_check, render_fleet_check_json, worst};
use crate::render::prometheus::{Scrape, render_prometheus, write_textfile};
use crate::settings::Settings;
use crate::source::{Keep, Source};
use crate::term::{warn, write_out};

/// Runs `check`; returns the plugin's exit code.
pub fn check(g: &GlobalArgs, args: &CheckArgs, out: &mut dyn Write) -> u8 {
    let form = if args.json {
        CheckOutput::Json
    } else {
        args.output
    };
    let t = args.thresholds.thresholds();
    if let Some(path) = &args.textfile
        && path.extension().is_none_or(|e| e != "prom")
    {
        warn(&format!(
            "node_exporter's textfile collector reads only files ending in .prom; {} is not one",
            path.display()
        ));
    }
    let (state, text) = match crate::fleet::plan(g, args.all_profiles) {
        Ok(Some(plan)) => fleet(g, args, form, &plan, &t),
        Ok(None) => single(g, args, form, &t),
        Err(e) => answer_of(form, args, Err(&e), &t, Instant::now()),
    };
    // A closed stdout changes nothing: the monitor reads the exit code.
    let _ = write_out(out, text.as_bytes());
    state.code()
}

/// One deployment (the settings' URL, profile or file).
fn single(
    g: &GlobalArgs,
    args: &CheckArgs,
    form: CheckOutput,
    t: &Thresholds,
) -> (CheckState, String) {
    let start = Instant::now();
    // The profile's expected topology, where no flag or variable set one.
    let mut t = *t;
    let result = Settings::resolve(g)
        .and_then(|s| {
            t = t.or_expected(s.expect);
            let source = Source::open(&s)?;
            let loaded = source.load(&s, None, Keep::default())?;
            Ok((
                super::health::findings(args.health, &s, &source, &loaded),
                loaded,
            ))
        })
        .map(|(health, loaded)| {
            let mut f = diagnose(&loaded.answer, &t, crate::clock::now());
            f.extend(health);
            (loaded, f)
        });
    let outcome = result.as_ref().map(|(l, f)| (&l.answer, &f[..]));
    let done = answer_of(form, args, outcome, &t, start);
    if let Ok((loaded, _)) = result {
        loaded.discard();
    }
    done
}

/// The state and output of one deployment's outcome, the textfile
/// written when asked.
fn answer_of(
    form: CheckOutput,
    args: &CheckArgs,
    outcome: Result<(&SupportAnswer, &[Finding]), &Error>,
    t: &Thresholds,
    start: Instant,
) -> (CheckState, String) {
    let elapsed = start.elapsed();
    let textfile = args.textfile.as_deref();
    let now = crate::clock::now();
    let prom = (form == CheckOutput::Prometheus || textfile.is_some()).then(|| {
        render_prometheus(&[Scrape {
            deployment: None,
            outcome: outcome.map_err(ToString::to_string),
            elapsed,
        }])
    });
    let (state, text) = match (&outcome, form) {
        (Ok((a, f)), CheckOutput::Nagios) => render_check_with(a, f, t, now, args.perfdata),
        (Ok((_, f)), CheckOutput::Json) => {
            let state = CheckState::of(f);
            (state, render_check_json(state, f, None))
        }
        (Ok((_, f)), CheckOutput::Prometheus) => {
            (CheckState::of(f), prom.clone().unwrap_or_default())
        }
        (Err(e), CheckOutput::Nagios) => (CheckState::Unknown, render_unknown(&e.to_string())),
        (Err(e), CheckOutput::Json) => (
            CheckState::Unknown,
            render_check_json(CheckState::Unknown, &[], Some(&e.to_string())),
        ),
        (Err(e), CheckOutput::Prometheus) => {
            error_line(&e.to_string());
            (CheckState::Unknown, prom.clone().unwrap_or_default())
        }
    };
    with_textfile(form, textfile, prom.as_deref(), state, text)
}

/// Writes the textfile when asked. When it cannot be written the state is
/// UNKNOWN: the plugin line says why, other forms keep their output and
/// say it on stderr.
fn with_textfile(
    form: CheckOutput,
    textfile: Option<&Path>,
    prom: Option<&str>,
    state: CheckState,
    text: String,
) -> (CheckState, String) {
    let (Some(path), Some(prom)) = (textfile, prom) else {
        return (state, text);
    };
    match write_textfile(path, prom) {
        Ok(()) => (state, text),
        Err(e) => {
            let why = format!("cannot write the textfile {}: {e}", path.display());
            if form == CheckOutput::Nagios {
                (CheckState::Unknown, render_unknown(&why))
            } else {
                error_line(&why);
                (CheckState::Unknown, text)
            }
        }
    }
}

/// An error on stderr, for the forms whose stdout is data.
fn error_line(msg: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "wa-support: error: {}",
        crate::render::safe(msg)
    );
}

/// A fleet: every deployment at once; the worst state wins.
fn fleet(
    g: &GlobalArgs,
    args: &CheckArgs,
    form: CheckOutput,
    plan: &Plan,
    t: &Thresholds,
) -> (CheckState, String) {
    let deps = crate::fleet::query(g, plan, None, t);
    let entries = entries(&deps);
    let prom = (form == CheckOutput::Prometheus || args.textfile.is_some()).then(|| {
        let scrapes: Vec<Scrape> = deps
            .iter()
            .map(|d| Scrape {
                deployment: Some(&d.name),
                outcome: d
                    .outcome
                    .as_ref()
                    .map(|r| (&r.loaded.answer, &r.findings[..]))
                    .map_err(ToString::to_string),
                elapsed: d.elapsed,
            })
            .collect();
        render_prometheus(&scrapes)
    });
    let (state, text) = match form {
        CheckOutput::Nagios => render_fleet_check(&entries, t, crate::clock::now()),
        CheckOutput::Json => (worst(&entries), render_fleet_check_json(&entries)),
        CheckOutput::Prometheus => {
            for d in &deps {
                if let Err(e) = &d.outcome {
                    error_line(&format!("{}: {e}", d.name));
                }
            }
            (worst(&entries), prom.clone().unwrap_or_default())
        }
    };
    with_textfile(form, args.textfile.as_deref(), prom.as_deref(), state, text)
}

/// The deployments as the fleet renderers see them.
pub(crate) fn entries(deps: &[Deployment]) -> Vec<Entry<'_>> {
    deps.iter()
        .map(|d| Entry {
            deployment: &d.name,
            outcome: d
                .outcome
                .as_ref()
                .map(|r| Answered {
                    answer: &r.loaded.answer,
                    findings: &r.findings,
                    source: r.loaded.source_info(),
                })
                .map_err(ToString::to_string),
        })
        .collect()
}
