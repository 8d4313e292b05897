//! `check`: the status for a monitor, in the Nagios plugin protocol.
//! Every failure, even before an answer is read, is UNKNOWN (3) with the
//! reason on the one line a monitor shows.

use std::io::Write;

use crate::cli::{CheckArgs, GlobalArgs};
use crate::diagnose::diagnose;
use crate::render::check::{CheckState, render_check, render_check_json, render_unknown};
use crate::settings::Settings;
use crate::source::{Keep, Source};
use crate::term::write_out;

/// Runs `check`; returns the plugin's exit code.
pub fn check(g: &GlobalArgs, args: &CheckArgs, out: &mut dyn Write) -> u8 {
    let t = args.thresholds.thresholds();
    let result = Settings::resolve(g)
        .and_then(|s| {
            let source = Source::open(&s)?;
            let loaded = source.load(&s, None, Keep::default())?;
            Ok((
                super::health::findings(args.health, &s, &source, &loaded),
                loaded,
            ))
        })
        .map(|(health, loaded)| {
            let now = crate::clock::now();
            let mut f = diagnose(&loaded.answer, &t, now);
            f.extend(health);
            (loaded, f, now)
        });
    let (state, text) = match &result {
        Ok((loaded, f, now)) => {
            let (state, text) = render_check(&loaded.answer, f, &t, *now);
            if args.json {
                (state, render_check_json(state, f, None))
            } else {
                (state, text)
            }
        }
        Err(e) => {
            let msg = e.to_string();
            if args.json {
                (
                    CheckState::Unknown,
                    render_check_json(CheckState::Unknown, &[], Some(&msg)),
                )
            } else {
                (CheckState::Unknown, render_unknown(&msg))
            }
        }
    };
    if let Ok((loaded, _, _)) = result {
        loaded.discard();
    }
    // A closed stdout changes nothing: the monitor reads the exit code.
    let _ = write_out(out, text.as_bytes());
    state.code()
}
