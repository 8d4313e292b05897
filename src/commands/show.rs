//! `show`: the status as tables, the normalized JSON (`-o json`), the body
//! as received (`--json`), or redrawn on every poll (`--watch`).

use std::io::Write;

use crate::cli::{GlobalArgs, OutputFormat, ShowArgs};
use crate::diagnose::diagnose;
use crate::error::Result;
use crate::redact::RedactOptions;
use crate::render::json::render_normalized;
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
    let findings = diagnose(&loaded.answer, &t, crate::clock::now());
    match args.output {
        OutputFormat::Json => {
            let text = render_normalized(&loaded.answer, &findings, &loaded.source_info());
            write_out(out, text.as_bytes())?;
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
