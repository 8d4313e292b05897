//! Bytes in → parse → diagnose → render every output form, plain and
//! redacted. Any panic is a bug; raw control characters in text output are
//! a bug too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wa_support::diagnose::{Thresholds, diagnose};
use wa_support::model::{SupportAnswer, parse_json};
use wa_support::redact::{RedactOptions, redact};
use wa_support::render::RenderOptions;
use wa_support::render::check::render_check;
use wa_support::render::json::{SourceInfo, render_normalized};
use wa_support::render::report::{ReportContext, render_report};
use wa_support::render::text::render_show;

fn render_all(a: &SupportAnswer, json: &serde_json::Value) {
    let now = jiff::Timestamp::UNIX_EPOCH;
    let t = Thresholds::default();
    let f = diagnose(a, &t, now);
    let src = SourceInfo { kind: "file", name: "fuzz".into(), at: "now".into() };
    let ctx = ReportContext { generated_at: "now".into(), target: "t".into(), redaction: String::new() };
    for out in [
        render_show(a, Some(&f), &RenderOptions::PLAIN),
        render_show(a, Some(&f), &RenderOptions { color: true, width: Some(70) }),
        render_check(a, &f, &t, now).1,
        render_normalized(a, &f, &src),
        render_report(a, &f, json, &ctx),
    ] {
        assert!(!out.contains('\u{202e}'));
        assert!(!out.contains("\x1b]"));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(a) = SupportAnswer::from_slice(data, "local") else { return };
    let Ok(mut json) = parse_json(data) else { return };
    render_all(&a, &json);
    redact(&mut json, RedactOptions { hosts: true }, &["wa.example.com"]);
    if let Ok(r) = SupportAnswer::from_value(json.clone(), "local") {
        render_all(&r, &json);
    }
});
