//! `report`: a Markdown report for a support ticket, redacted unless
//! `--no-redact`, written to stdout or privately to a file (`-O`).

use std::io::Write;

use crate::cli::{GlobalArgs, ReportArgs};
use crate::diagnose::diagnose;
use crate::error::Result;
use crate::redact::RedactOptions;
use crate::render::report::{ReportContext, compact_json, write_report};
use crate::settings::Settings;
use crate::source::{Keep, Source};
use crate::term::{message, warn, write_error, write_out};

/// Runs `report`.
pub fn report(g: &GlobalArgs, args: &ReportArgs, out: &mut dyn Write) -> Result<u8> {
    let s = Settings::resolve(g)?;
    let source = Source::open(&s)?;
    let redaction = (!args.no_redact).then_some(RedactOptions {
        hosts: args.redact_hosts,
    });
    let mut loaded = source.load(&s, redaction, Keep { json: true })?;
    // Held compact until it is written (pretty again) at the end: the
    // white space of the pretty text is a third of it.
    let json = loaded.json.take().map(compact_json).unwrap_or_default();
    let json = json.as_str();
    let now = crate::clock::now();
    let t = args.thresholds.thresholds().or_expected(s.expect);
    let health = super::health::findings(args.health, &s, &source, &loaded);
    // The pseudonyms are not needed past this point: freed before the
    // diagnosis (a host alias per node).
    loaded.aliases = None;
    let mut findings = diagnose(&loaded.answer, &t, now);
    findings.extend(health);
    let ctx = ReportContext {
        generated_at: crate::clock::now_rfc3339(),
        target: source.report_target(&loaded),
        // The report's own form: empty when not redacted.
        redaction: loaded.redaction_summary.clone().unwrap_or_default(),
    };
    // `-O -` is stdout, as `--file -` is stdin.
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let mut text = Vec::new();
            let _ = write_report(&mut text, &loaded.answer, &findings, json, &ctx);
            crate::render::report::write_private(path, &text, args.force)?;
            if !loaded.is_redacted() {
                warn(&format!(
                    "{} holds phone numbers, secrets and tokens in clear (--no-redact); do not attach it to a ticket as is",
                    path.display()
                ));
            }
            message(&format!(
                "report written to {}",
                crate::render::safe(&path.display().to_string())
            ));
        }
        None => {
            // Written as it is made, through a buffer: no copy of the whole report.
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
            let done =
                write_report(&mut w, &loaded.answer, &findings, json, &ctx).and_then(|_| w.flush());
            drop(w);
            done.map_err(write_error)?;
            write_out(out, b"")?;
        }
    }
    Ok(0)
}
