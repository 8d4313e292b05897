//! `show`: the status as tables, the normalized JSON (`-o json`), the body
//! as received (`--json`), or redrawn on every poll (`--watch`).

use std::io::Write;
use std::time::Duration;

use crate::cli::{GlobalArgs, OutputFormat, ShowArgs};
use crate::diagnose::diagnose;
use crate::error::Result;
use crate::redact::RedactOptions;
use crate::render::json::write_normalized;
use crate::render::text::write_show;
use crate::settings::Settings;
use crate::source::{Keep, Source};
use crate::term::{Ui, write_error, write_out};

/// Runs `show`.
pub fn show(g: &GlobalArgs, args: &ShowArgs, ui: &Ui, out: &mut dyn Write) -> Result<u8> {
    let s = Settings::resolve(g)?;
    let source = Source::open(&s)?;
    let redaction = (args.redact || args.redact_hosts).then_some(RedactOptions {
        hosts: args.redact_hosts,
    });
    let t = args.thresholds.thresholds();
    if let Some(secs) = args.watch {
        return super::watch::watch(
            &s,
            &source,
            redaction,
            &t,
            Duration::from_secs_f64(secs),
            ui,
            out,
        );
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
