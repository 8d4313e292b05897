//! `show`: the status as tables, the normalized JSON (`-o json`), the body
//! as received (`--json`), or redrawn on every poll (`--watch`).

use std::io::Write;

use crate::cli::{GlobalArgs, OutputFormat, ShowArgs};
use crate::diagnose::diagnose;
use crate::error::{Error, ErrorKind, Result};
use crate::fleet::Plan;
use crate::redact::RedactOptions;
use crate::render::fleet::{fleet_table, render_fleet_json};
use crate::render::json::write_normalized;
use crate::render::text::write_show;
use crate::render::{Tone, paint, safe};
use crate::settings::Settings;
use crate::source::{Keep, Source};
use crate::term::{Ui, write_error, write_out};

/// Runs `show`.
pub fn show(g: &GlobalArgs, args: &ShowArgs, ui: &Ui, out: &mut dyn Write) -> Result<u8> {
    let redaction = (args.redact || args.redact_hosts).then_some(RedactOptions {
        hosts: args.redact_hosts,
    });
    let t = args.thresholds.thresholds();
    if let Some(plan) = crate::fleet::plan(g, args.all_profiles)? {
        return fleet(g, args, &plan, redaction, &t, ui, out);
    }
    let s = Settings::resolve(g)?;
    let t = t.or_expected(s.expect);
    let source = Source::open(&s)?;
    if let Some(secs) = args.watch {
        let w = super::watch::Watch {
            settings: s,
            source,
            redaction,
            thresholds: t,
            interval: secs,
            json: args.output == OutputFormat::Json,
        };
        return super::watch::watch(w, ui, out);
    }
    if args.json {
        let body = source.load_json(&s, redaction)?;
        write_out(out, &body)?;
        return Ok(0);
    }
    let loaded = source.load(&s, redaction, Keep::default())?;
    let mut findings = diagnose(&loaded.answer, &t, crate::clock::now());
    findings.extend(super::health::findings(args.health, &s, &source, &loaded));
    match args.output {
        OutputFormat::Json => {
            // Written as it is serialized: the document is never held whole.
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
            let res = write_normalized(&mut w, &loaded.answer, &findings, &loaded.source_info())
                .and_then(|()| w.flush());
            drop(w);
            res.map_err(write_error)?;
        }
        OutputFormat::Table => {
            // Streamed: the table output is never held whole.
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
            let res = write_show(&loaded.answer, Some(&findings), &ui.stdout, &mut w)
                .and_then(|()| w.flush());
            drop(w);
            res.map_err(write_error)?;
        }
    }
    loaded.discard();
    Ok(0)
}

/// A fleet: every deployment asked at once, each shown in turn (tables or
/// one JSON document), then the fleet table. Exit 1 when a deployment
/// could not be read (after everything is printed), else 0.
fn fleet(
    g: &GlobalArgs,
    args: &ShowArgs,
    plan: &Plan,
    redaction: Option<RedactOptions>,
    t: &crate::diagnose::Thresholds,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<u8> {
    if args.json || args.watch.is_some() {
        return Err(Error::new(
            ErrorKind::Usage,
            "--json and --watch show one deployment; a fleet (--all-profiles, --profile a,b) is shown with tables or -o json",
        )
        .hint("name one profile, or drop --json / --watch"));
    }
    let deps = crate::fleet::query(g, plan, redaction, t);
    let entries = super::check::entries(&deps);
    let opts = &ui.stdout;
    match args.output {
        OutputFormat::Json => write_out(out, render_fleet_json(&entries).as_bytes())?,
        OutputFormat::Table => {
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
            let mut res = Ok(());
            for d in &deps {
                let title = match &d.outcome {
                    Ok(r) => format!("== {} · {} ==", safe(&d.name), safe(&r.loaded.name)),
                    Err(_) => format!("== {} ==", safe(&d.name)),
                };
                res = res.and_then(|()| writeln!(w, "{}", paint(&title, Tone::Bold, opts.color)));
                res = res.and_then(|()| match &d.outcome {
                    Ok(r) => write_show(&r.loaded.answer, Some(&r.findings), opts, &mut w),
                    Err(e) => writeln!(w, "not read: {}", safe(&e.to_string())),
                });
                res = res.and_then(|()| writeln!(w));
            }
            res = res
                .and_then(|()| w.write_all(fleet_table(&entries, opts).as_bytes()))
                .and_then(|()| w.flush());
            drop(w);
            res.map_err(write_error)?;
        }
    }
    let mut failed = false;
    for d in &deps {
        if let Err(e) = &d.outcome {
            failed = true;
            let _ = writeln!(
                std::io::stderr(),
                "wa-support: error: {}: {}",
                safe(&d.name),
                safe(&e.to_string())
            );
        }
    }
    Ok(u8::from(failed))
}
