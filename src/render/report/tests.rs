use super::*;
use crate::diagnose::{Thresholds, diagnose};

fn report(json: &str) -> String {
    report_with(json, "Redacted: 1 phone number, 2 secrets")
}

fn report_with(json: &str, redaction: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let a = SupportAnswer::from_value(v.clone(), "wa").unwrap();
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    let ctx = ReportContext {
        generated_at: "2026-11-25T12:00:00Z".into(),
        target: "wa:9090".into(),
        redaction: redaction.into(),
    };
    render_report(&a, &f, &v, &ctx)
}

#[test]
fn has_every_section() {
    let path = format!(
        "{}/tests/fixtures/node-error.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let r = report(&std::fs::read_to_string(path).unwrap());
    for h in [
        "# WhatsApp",
        "## Summary",
        "## Problems",
        "## Nodes",
        "## Schema versions",
        "## Details",
        "## Explanations",
        "## Answer (JSON, redacted)",
    ] {
        assert!(r.contains(h), "{h}");
    }
    assert!(r.contains("| Node | Role | Shards | Socket |"));
    assert!(r.contains("**critical**"));
    assert!(r.contains("`node-error`"));
    assert!(r.trim_end().ends_with("```"));
}

#[test]
fn hostile_strings_are_escaped_and_fence_is_longer() {
    let r = report(
        "{\"support\":{\"a|b\\u001b[31m:1\":{\"role\":\"coreapp\",\"shards\":[[0,0]],\"socket_conn\":\"UP\",\"debug_info\":\"```\\u202e <script>\"}}}",
    );
    assert!(!r.contains('\x1b'));
    assert!(!r.contains('\u{202e}'));
    assert!(r.contains("a\\|b\\\\e\\[31m:1"), "{r}");
    assert!(r.contains("````json"), "{r}");
    assert!(r.contains("\\<script\\>"));
}

#[test]
fn each_finding_has_its_hint_and_a_link_to_its_explanation() {
    let path = format!(
        "{}/tests/fixtures/single-unregistered.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = std::fs::read_to_string(path).unwrap();
    let r = report(&json);
    let problems = r
        .split("## Problems\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    assert!(problems.contains("| Severity | Node | Problem | Code | Next step |"));
    let rows: Vec<&str> = problems
        .lines()
        .filter(|l| l.starts_with("| "))
        .skip(1)
        .collect();
    assert!(rows.len() >= 5, "{problems}");
    let explanations = r
        .split("\n## Explanations\n")
        .nth(1)
        .and_then(|s| s.split("\n## Answer").next())
        .expect("an Explanations section before the answer");
    let mut codes = Vec::new();
    for row in rows {
        let code = row
            .split("[`")
            .nth(1)
            .and_then(|s| s.split('`').next())
            .unwrap();
        let hint = explain::hint(code).unwrap();
        assert!(
            row.ends_with(&format!("(#explain-{code}) | {hint} |")),
            "{row}"
        );
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    // Each code once, in the order first found, anchored and whole.
    let anchors: Vec<&str> = explanations
        .lines()
        .filter_map(|l| l.strip_prefix("<a id=\"explain-"))
        .map(|l| l.trim_end_matches("\"></a>"))
        .collect();
    assert_eq!(anchors, codes, "{explanations}");
    for code in codes {
        assert!(explanations.contains(&explain::render_markdown(explain::page(code).unwrap())));
    }
}

#[test]
fn api_error_codes_in_the_answer_are_explained_too() {
    let path = format!(
        "{}/tests/fixtures/node-error.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let r = report(&std::fs::read_to_string(path).unwrap());
    let a = r.find("<a id=\"explain-node-error\"></a>").unwrap();
    let b = r.find("<a id=\"explain-1011\"></a>").unwrap();
    let c = r.find("## Answer (JSON").unwrap();
    assert!(a < b && b < c, "{r}");
    assert_eq!(r.matches("<a id=\"explain-1011\">").count(), 1);
    assert!(r.contains("#### `1011`: "));
}

#[test]
fn no_finding_no_explanations() {
    let json = r#"{"support":{"socket_conn":"UP","debug_info":"+4915112345678"}}"#;
    let r = report(json);
    assert!(r.contains("No problems found."), "{r}");
    assert!(!r.contains("## Explanations"), "{r}");
    assert!(!r.contains("<a id="), "{r}");
}

#[test]
fn runbook_cells_keep_their_code_spans_and_escape_pipes() {
    assert_eq!(runbook_cell("run `a | b` now"), "run `a \\| b` now");
    assert_eq!(runbook_cell("`wa-support show`"), "`wa-support show`");
}

#[test]
fn the_answer_held_compact_is_written_pretty_byte_for_byte() {
    let v = serde_json::json!({
        "support": {"h:a": {"e": {}, "l": [], "n": [1, -2.5e3, null, true],
            "s": "a \"quoted\" {brace}: [x], \\ back\\\"slash \u{202e}`` ``` \n end"},
            "h:b": {"nested": [[{}], [[]], {"k": [{"x": "y"}]}]}},
        "meta": {"version": "v2.51.3"}, "": "", "\\\"": ["\\"]
    });
    let pretty = json_safe(&serde_json::to_string_pretty(&v).unwrap());
    let compact = compact_json(pretty.clone());
    assert!(
        compact.len() < pretty.len() && !compact.contains('\n'),
        "{compact}"
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&compact).unwrap(),
        v,
        "{compact}"
    );
    for text in [&pretty, &compact] {
        let mut out = Vec::new();
        write_pretty(&mut out, text).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), pretty);
    }
    assert_eq!(
        longest_backtick_run(&compact),
        longest_backtick_run(&pretty)
    );
    // Not JSON at all: written as it comes, without a panic.
    for bad in ["", "}}]]", "\"open", "{\"a\\", "[[[", "x y"] {
        let mut out = Vec::new();
        write_pretty(&mut out, bad).unwrap();
        let _ = compact_json(bad.to_string());
    }
}

#[test]
fn the_header_says_whether_and_what_is_redacted() {
    let json = r#"{"support":{"h:a":{"role":"coreapp","socket_conn":"UP"}}}"#;
    let off = report_with(json, "");
    assert!(off.contains("Not redacted: phone numbers, secrets and host names"));
    assert!(off.contains("- Redaction: off\n"), "{off}");
    assert!(off.contains("## Answer (JSON)\n"), "{off}");
    let on = report_with(json, "Redacted: 2 secrets, 1 host name");
    assert!(on.contains("- Redaction: phone numbers, secrets, tokens, hosts\n"));
    assert!(on.contains("## Answer (JSON, redacted)\n"), "{on}");
    let on = report_with(json, "Redacted: 2 secrets");
    assert!(on.contains("- Redaction: phone numbers, secrets, tokens\n"));
}
