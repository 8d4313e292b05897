//! Server text never reaches the terminal raw: an answer whose every string
//! (node names, values, unknown keys, errors, meta) holds terminal controls,
//! bidi overrides and zero-width characters renders in every text form with
//! none of them raw, while the JSON output keeps them as sent.

use crate::common;

use serde_json::{Value, json};
use wa_support::diagnose::{Thresholds, diagnose};
use wa_support::model::SupportAnswer;
use wa_support::render::RenderOptions;
use wa_support::render::check::render_check;
use wa_support::render::json::{SourceInfo, render_normalized};
use wa_support::render::report::{ReportContext, render_report};
use wa_support::render::text::render_show;

/// Sets the title (OSC), rings the bell, returns the carriage, reverses and
/// isolates text, hides characters, and opens a one-byte CSI.
const NASTY: &str = "\u{1b}]0;pwned\u{7}\r\u{202e}\u{2066}\u{200b}\u{200d}\u{2060}\u{feff}\u{9b}2J";

/// Characters of [`NASTY`] that must never be printed raw.
const RAW: [char; 10] = [
    '\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{2066}', '\u{200b}', '\u{200d}', '\u{2060}',
    '\u{feff}', '\u{9b}',
];

fn n(s: &str) -> String {
    format!("{s}{NASTY}")
}

/// A node with every string field (and unknown keys) holding [`NASTY`].
fn node(role: &str, socket: &str) -> Value {
    json!({
        "context": n("ctx"),
        "db_engine": n("PGSQL"),
        "db_info": [n("db1"), n("db2")],
        "debug_info": n("+1555"),
        "description": n("desc"),
        "device_iso8601": n("2026-11-25T12:00:00Z"),
        "e2e": {
            "identity_timestamp": n("id"),
            "registration_id": n("reg"),
            n("e2ekey"): n("e2evalue"),
        },
        "env": [n("A=b")],
        "expire_timestamp": n("2027-01-01 00:00:00"),
        "free_space_data": 10,
        "lc": n("ZZ"),
        "lg": n("zz"),
        "os_name": n("Linux"),
        "os_version": n("6.1"),
        "role": role,
        "schema": { "message": n("7"), n("table"): n("v") },
        "shards": [[0, 1]],
        "socket_conn": socket,
        "version": n("v2.51.3"),
        "free_space_logs": n("not a number"),
        n("extra_key"): n("extra_value"),
    })
}

fn nasty_answer(second_socket: &str) -> Value {
    json!({
        "meta": { "api_status": n("stable"), "version": n("v2.51.3"), n("metakey"): n("m") },
        "errors": [{ "code": 1014, "title": n("Internal"), "details": n("details"), "href": n("https://x") }],
        "support": {
            n("h1:wa-core-1"): node("primary_master", &n("UP")),
            n("h2:wa-core-2"): node(&n("observer"), second_socket),
            n("h3:wa-core-3"): { "errors": [{ "title": n("down"), "details": n("d") }] },
            n("h4:wa-core-4"): { "errors": n("broken") },
        },
        n("topkey"): n("top"),
    })
}

fn answer(v: &Value) -> SupportAnswer {
    SupportAnswer::from_value(v.clone(), "local").unwrap()
}

/// `text` without the colour sequences the renderers write themselves
/// (`ESC [ digits ; m`); any other ESC is left in place.
fn without_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('\u{1b}') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let sgr = after.strip_prefix('[').and_then(|a| {
            let end = a.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            a[end..].starts_with('m').then_some(end + 2)
        });
        match sgr {
            Some(len) => rest = &after[len..],
            None => {
                out.push('\u{1b}');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn assert_clean(what: &str, text: &str) {
    for c in RAW {
        assert!(
            !text.contains(c),
            "{what}: raw U+{:04X} in\n{text}",
            c as u32
        );
    }
    // The escaped forms are there: the text was shown, not dropped.
    assert!(text.contains("\\e]0;pwned\\a"), "{what}:\n{text}");
}

#[test]
fn every_text_output_escapes_every_server_string() {
    let v = nasty_answer("UP");
    let a = answer(&v);
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    let t = Thresholds::default();
    let f = diagnose(&a, &t, now);
    assert!(f.iter().any(|f| f.node.is_some()) && !f.is_empty(), "{f:?}");

    for width in [None, Some(60), Some(200)] {
        let plain = render_show(
            &a,
            Some(&f),
            &RenderOptions {
                color: false,
                width,
            },
        );
        assert_clean(&format!("show {width:?}"), &plain);
        let colour = render_show(&a, Some(&f), &RenderOptions { color: true, width });
        assert!(colour.contains("\u{1b}["), "colour is on");
        assert_clean(&format!("show colour {width:?}"), &without_sgr(&colour));
    }

    let (_, check) = render_check(&a, &f, &t, now);
    assert_clean("check", &check);
    assert_eq!(
        check.lines().next().unwrap().matches('|').count(),
        1,
        "{check}"
    );

    let ctx = ReportContext {
        generated_at: "now".into(),
        target: "t".into(),
        redaction: String::new(),
    };
    let report = render_report(&a, &f, &v, &ctx);
    for c in RAW {
        assert!(!report.contains(c), "report: raw U+{:04X}", c as u32);
    }
}

#[test]
fn json_keeps_server_strings_raw() {
    let v = nasty_answer("UP");
    let a = answer(&v);
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    let f = diagnose(&a, &Thresholds::default(), now);
    let src = SourceInfo {
        kind: "file",
        name: "p".into(),
        at: "now".into(),
    };
    let text = render_normalized(&a, &f, &src);
    for c in RAW {
        assert!(!text.contains(c), "json text: raw U+{:04X}", c as u32);
    }
    let doc: Value = serde_json::from_str(&text).unwrap();
    let nodes = doc["nodes"].as_array().unwrap();
    let first = nodes
        .iter()
        .find(|x| x["name"] == json!(n("h1:wa-core-1")))
        .unwrap_or_else(|| {
            panic!(
                "{:?}",
                nodes.iter().map(|x| x["name"].clone()).collect::<Vec<_>>()
            )
        });
    assert_eq!(first["version"], json!(n("v2.51.3")));
    assert_eq!(first["db_info"], json!([n("db1"), n("db2")]));
    assert_eq!(first["schema"][n("table")], json!(n("v")));
    assert_eq!(first["e2e"]["registration_id"], json!(n("reg")));
    // The unreadable value is kept as the JSON text it was sent as.
    let sent = serde_json::to_string(&n("not a number")).unwrap();
    assert_eq!(first["unreadable"][0]["raw"], json!(sent));
    let second = nodes
        .iter()
        .find(|x| x["name"] == json!(n("h2:wa-core-2")))
        .unwrap();
    assert_eq!(second["role"], json!(n("observer")));
    assert_eq!(doc["meta"]["api_status"], json!(n("stable")));
    assert_eq!(doc["errors"][0]["title"], json!(n("Internal")));
    let findings = doc["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|x| x["node"] == json!(n("h2:wa-core-2"))),
        "{findings:?}"
    );
    assert!(
        findings
            .iter()
            .any(|x| x["message"].as_str().unwrap().contains(&n("observer"))),
        "{findings:?}"
    );
}

#[test]
fn check_never_prints_a_server_version_raw() {
    let home = common::tempdir();
    let file = home.path().join("answer.json");
    let body = json!({ "support": {
        "socket_conn": "UP",
        "version": "\u{1b}]0;pwned\u{7}",
        "debug_info": "+1555",
    }});
    std::fs::write(&file, body.to_string()).unwrap();
    for env in [false, true] {
        let mut cmd = common::wa(home.path());
        if env {
            cmd.env("WA_SUPPORT_TIMEOUT", "5")
                .env("NO_COLOR", "1")
                .env("XDG_CONFIG_HOME", home.path());
        }
        let out = cmd.args(["check", "-f"]).arg(&file).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.starts_with("WA-SUPPORT OK"), "{stdout}");
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
            "{stdout:?}"
        );
        assert!(stdout.contains("build \\e]0;pwned\\a"), "{stdout}");

        let out = common::wa(home.path())
            .args(["show", "-o", "json", "-f"])
            .arg(&file)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["nodes"][0]["version"], json!("\u{1b}]0;pwned\u{7}"));
    }
}
