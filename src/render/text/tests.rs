//! `show`'s text: snapshots at a fixed width with colour off, colour,
//! escaping, and fitting tables to a terminal. How node names are told
//! apart at every width is in [`names`].

use super::*;
use crate::diagnose::{Finding, Severity, Thresholds, diagnose};
use crate::render::testing::{findings, fixture};
use unicode_width::UnicodeWidthStr;

mod names;

fn show(name: &str, opts: RenderOptions) -> String {
    let a = fixture(name);
    render_show(&a, Some(&findings(&a)), &opts)
}

#[test]
fn snapshot_multiconnect_plain() {
    insta::assert_snapshot!(show("multiconnect.json", RenderOptions::PLAIN));
}

#[test]
fn snapshot_single_unregistered_plain() {
    insta::assert_snapshot!(show("single-unregistered.json", RenderOptions::PLAIN));
}

#[test]
fn snapshot_node_error_plain() {
    insta::assert_snapshot!(show("node-error.json", RenderOptions::PLAIN));
}

#[test]
fn snapshot_unknown_fields_plain() {
    insta::assert_snapshot!(show("unknown-fields.json", RenderOptions::PLAIN));
}

#[test]
fn narrow_width_fits_the_table() {
    let opts = RenderOptions {
        color: false,
        width: Some(80),
    };
    let a = fixture("multiconnect.json");
    let t = nodes_table(&a, &opts);
    // Every line fits, the note of what was hidden included.
    for line in t.lines() {
        assert!(line.width() <= 80, "{} > 80: {line}", line.width());
    }
    // One line per node, then a note of what was hidden (wrapped).
    let rows = t.lines().take_while(|l| !l.starts_with("(hidden")).count();
    assert_eq!(rows, 1 + a.nodes.len(), "{t}");
    let note = t.lines().skip(rows).collect::<Vec<_>>().join(" ");
    assert_eq!(
        note,
        "(hidden to fit the terminal: BUILD, DATA, LOGS, MEDIA IN, MEDIA OUT, EXPIRES; widen it, or pipe the output to see them)",
        "{t}"
    );
    // Very narrow: long cells are cut with an ellipsis, still one line each.
    let t = nodes_table(
        &a,
        &RenderOptions {
            color: false,
            width: Some(50),
        },
    );
    let rows = t.lines().take_while(|l| !l.starts_with("(hidden")).count();
    assert_eq!(rows, 1 + a.nodes.len(), "{t}");
    assert!(t.lines().all(|l| l.width() <= 50), "{t}");
    assert!(t.contains('…'), "{t}");
    // Piped (no width): nothing is cut or wrapped, one line per node.
    let t = nodes_table(&a, &RenderOptions::PLAIN);
    assert_eq!(t.lines().count(), 1 + a.nodes.len());
    assert!(t.lines().any(|l| l.len() > 80));
}

#[test]
fn colour_only_when_asked() {
    let plain = show("multiconnect.json", RenderOptions::PLAIN);
    assert!(!plain.contains('\x1b'));
    let coloured = show(
        "multiconnect.json",
        RenderOptions {
            color: true,
            width: None,
        },
    );
    // UP in green, SC in yellow.
    assert!(
        coloured.contains("\x1b[38;5;10mUP")
            || coloured.contains("\x1b[32mUP")
            || coloured.contains("UP\x1b"),
        "{coloured}"
    );
    assert!(coloured.contains('\x1b'));
}

#[test]
fn hostile_strings_never_reach_the_terminal_raw() {
    let a = SupportAnswer::from_slice(
        "{\"support\":{\"x\\u001b[2J:1\":{\"role\":\"coreapp\\u0007\",\"socket_conn\":\"UP\\r\\u202eevil\",\"debug_info\":\"\\u001b]0;title\\u0007\",\"version\":\"\\b\\b2.0\",\"schema\":{\"t\\u001b\":1},\"odd\\u001b\":\"\\u009b31m\"}}}".as_bytes(),
        "local",
    )
    .unwrap();
    let f = diagnose(&a, &Thresholds::default(), jiff::Timestamp::UNIX_EPOCH);
    let out = render_show(&a, Some(&f), &RenderOptions::PLAIN);
    for bad in ['\x1b', '\x07', '\r', '\u{8}', '\u{202e}', '\u{9b}'] {
        assert!(!out.contains(bad), "{bad:?} in {out}");
    }
    assert!(out.contains("x\\e[2J:1"), "{out}");
}

#[test]
fn summary_counts_roles_states_builds() {
    let a = fixture("multiconnect.json");
    let s = summary_line(&a, false);
    assert_eq!(
        s,
        "6 nodes (1 primary master, 1 secondary master, 4 coreapps) · socket 3 UP, 1 DN, 1 UP receiving offline, 1 SC · build 2.51.3 · API 2.51.3 (stable)"
    );
}

#[test]
fn fitted_and_aligned_layouts_agree_when_wide_enough() {
    let a = fixture("multiconnect.json");
    let wide = RenderOptions {
        color: false,
        width: Some(400),
    };
    assert_eq!(
        nodes_table(&a, &wide),
        nodes_table(&a, &RenderOptions::PLAIN)
    );
    assert_eq!(
        schema_table(&a, &wide),
        schema_table(&a, &RenderOptions::PLAIN)
    );
}

#[test]
fn shards_are_hidden_last_after_data() {
    let a = fixture("multiconnect.json");
    for width in [40u16, 60] {
        let t = nodes_table(
            &a,
            &RenderOptions {
                color: false,
                width: Some(width),
            },
        );
        let header = t.lines().next().unwrap();
        assert!(header.contains("SHARDS"), "{t}");
        assert!(!header.contains("DATA"), "{t}");
        assert!(t.contains("DATA"), "the note names DATA: {t}");
    }
}

#[test]
fn raw_server_text_in_findings_is_escaped_at_print_time() {
    let a = fixture("multiconnect.json");
    let f = vec![Finding {
        severity: Severity::Critical,
        code: crate::diagnose::FindingCode::SocketDown,
        node: Some("evil\x1b]0;pwned\x07\r\u{202e}node".into()),
        message: "msg\x1b[2J\x07\r\n\u{202e}\u{2066}end".into(),
    }];
    for width in [None, Some(60)] {
        let out = render_show(
            &a,
            Some(&f),
            &RenderOptions {
                color: false,
                width,
            },
        );
        for bad in ['\x1b', '\x07', '\r', '\u{202e}', '\u{2066}'] {
            assert!(!out.contains(bad), "{bad:?} in {out}");
        }
    }
    let p = problems(&f, false);
    assert!(p.contains("evil\\e]0;pwned\\a\\r\\u{202e}node"), "{p}");
    assert!(p.contains("msg\\e[2J\\a\\r\\n\\u{202e}\\u{2066}end"), "{p}");
}

#[test]
fn many_schema_tables_fit_a_terminal() {
    let mut schema = serde_json::Map::new();
    for t in 0..60 {
        schema.insert(format!("table_{t}"), serde_json::json!(t));
    }
    let doc = serde_json::json!({"support": {"h:a": {"schema": schema.clone()}, "h:b": {"schema": schema}}});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let out = render_show(
        &a,
        None,
        &RenderOptions {
            color: false,
            width: Some(80),
        },
    );
    for line in out.lines() {
        assert!(line.width() <= 80, "{line}");
    }
    assert!(out.contains("TABLE_0"), "{out}");
    assert!(out.contains("more; widen it"), "{out}");
}

#[test]
fn schema_headers_upper_case_the_name_not_its_escapes() {
    let doc = serde_json::json!({"support": {
        "h:a": {"schema": {"tbl\u{1b}]0;PWNED\u{7}\u{1b}[2J\rOVER\u{202e}": 1}},
        "h:b": {"schema": {"tbl\u{1b}]0;PWNED\u{7}\u{1b}[2J\rOVER\u{202e}": 1}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    for width in [None, Some(200)] {
        let t = schema_table(
            &a,
            &RenderOptions {
                color: false,
                width,
            },
        );
        let header = t.lines().next().unwrap();
        assert!(
            header.contains("TBL\\e]0;PWNED\\a\\e[2J\\rOVER\\u{202e}"),
            "{header}"
        );
        assert!(
            !header.contains("\\E") && !header.contains("\\U{"),
            "{header}"
        );
    }
}

#[test]
fn a_schema_tie_marks_no_node() {
    let doc = serde_json::json!({"support": {
        "h0:a": {"schema": {"axolotl": 12, "message": 30}},
        "h1:b": {"schema": {"axolotl": 12, "message": 31}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let t = schema_table(&a, &RenderOptions::PLAIN);
    assert!(!t.contains('*'), "{t}");
    assert!(
        t.contains("MESSAGE: the nodes differ, and no value is held by most of them"),
        "{t}"
    );
    // A strict majority still marks the odd one out.
    let doc = serde_json::json!({"support": {
        "h0:a": {"schema": {"message": 30}},
        "h1:b": {"schema": {"message": 31}},
        "h2:c": {"schema": {"message": 31}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let t = schema_table(&a, &RenderOptions::PLAIN);
    assert!(
        t.lines()
            .any(|l| l.starts_with("h0:a") && l.contains("30*")),
        "{t}"
    );
    assert_eq!(t.matches('*').count(), 2, "{t}");
    assert!(!t.contains("no value is held"), "{t}");
    // Two against one against one: no strict majority, nothing marked.
    let doc = serde_json::json!({"support": {
        "h0:a": {"schema": {"message": 30}},
        "h1:b": {"schema": {"message": 31}},
        "h2:c": {"schema": {"message": 31}},
        "h3:d": {"schema": {"message": 32}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let t = schema_table(&a, &RenderOptions::PLAIN);
    assert!(!t.contains('*'), "{t}");
    assert!(t.contains("no value is held by most"), "{t}");
}

#[test]
fn env_like_fields_are_counted_never_printed() {
    let doc = serde_json::json!({"support": {
        "environment": ["WA_DB_PASSWORD=hunter2", "WA_DB_USERNAME=root"],
        "ENV_VARS": {"WA_DB_PASSWORD": "hunter3"},
        "environ": "WA_DB_PASSWORD=hunter4",
        "launch": ["API_KEY=hunter5"],
        "container": {"name": "core", "envs": ["A=hunter6"], "environment": ["B=hunter7"]},
        "args": ["--verbose", "-x"],
        "gateway_region": "eu-central"
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    for width in [None, Some(80)] {
        let out = render_show(
            &a,
            None,
            &RenderOptions {
                color: false,
                width,
            },
        );
        for secret in ["hunter", "WA_DB_PASSWORD", "API_KEY", "B="] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(
            out.contains("environment: 2 variables (not shown; see --json)"),
            "{out}"
        );
        assert!(
            out.contains("ENV_VARS: 1 variable (not shown; see --json)"),
            "{out}"
        );
        assert!(
            out.contains("launch: 1 variable (not shown; see --json)"),
            "{out}"
        );
        // What is not environment is still shown.
        assert!(out.contains("args: [\"--verbose\",\"-x\"]"), "{out}");
        assert!(out.contains("gateway_region: eu-central"), "{out}");
        assert!(out.contains("\"name\":\"core\""), "{out}");
    }
}

#[test]
fn every_finding_is_followed_by_its_hint_within_the_width() {
    let a = fixture("single-unregistered.json");
    let f = findings(&a);
    assert!(f.len() >= 5, "{f:?}");
    // Piped: one plain line under each finding, with the whole hint.
    let p = problems(&f, false);
    let hints: Vec<&str> = p.lines().filter(|l| l.contains("→ next: ")).collect();
    assert_eq!(hints.len(), f.len(), "{p}");
    for (finding, line) in f.iter().zip(&hints) {
        let hint = crate::explain::hint(finding.code.as_str()).unwrap();
        assert_eq!(*line, format!("        → next: {hint}"), "{p}");
    }
    let lines: Vec<&str> = p.lines().collect();
    for (i, l) in lines.iter().enumerate().skip(1) {
        // A hint line always follows its finding's line.
        assert_eq!(
            l.contains("→ next: "),
            i % 2 == 0,
            "line {i} out of step: {p}"
        );
    }
    // On a terminal: every line fits, the hint is dimmed and whole.
    for width in [30u16, 50, 80, 120] {
        let out = problems_with(
            &f,
            &RenderOptions {
                color: false,
                width: Some(width),
            },
            &Names::default(),
        );
        for l in out.lines() {
            assert!(l.width() <= usize::from(width), "{width}: {l}\n{out}");
        }
        let words: Vec<&str> = out.split_whitespace().collect();
        let hint = crate::explain::hint("socket-down").unwrap();
        let hint_words: Vec<&str> = hint.split_whitespace().collect();
        assert!(
            words.windows(hint_words.len()).any(|w| w == hint_words),
            "{width}: the hint is cut: {out}"
        );
    }
    let colored = problems_with(
        &f,
        &RenderOptions {
            color: true,
            width: Some(80),
        },
        &Names::default(),
    );
    assert!(
        colored
            .lines()
            .filter(|l| l.contains("next:"))
            .all(|l| l.trim_start().starts_with("\x1b[2m")),
        "{colored}"
    );
}
