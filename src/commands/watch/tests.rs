use super::*;
use crate::render::view::NodeColumn;

/// Lines describing what changed between two polls, as printed.
fn changes(before: &SupportAnswer, after: &SupportAnswer) -> Vec<String> {
    change_list(before, after)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn answer(json: &str) -> SupportAnswer {
    SupportAnswer::from_slice(json.as_bytes(), "x").unwrap()
}

fn before_after() -> (SupportAnswer, SupportAnswer) {
    (
        answer(
            r#"{"support":{"a:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"SC"},"b:1":{"role":"coreapp"}}}"#,
        ),
        answer(
            r#"{"support":{"a:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},"c:1":{"role":"coreapp"}}}"#,
        ),
    )
}

#[test]
fn changes_name_node_column_and_values() {
    let (a, b) = before_after();
    assert_eq!(
        changes(&a, &b),
        vec!["a:1: SOCKET SC → UP", "c:1: new node", "b:1: gone"]
    );
    assert!(changes(&a, &a).is_empty());
    assert_eq!(
        change_list(&a, &b)[0],
        Change::Cell {
            node: "a:1".into(),
            column: NodeColumn::Socket,
            was: "SC".into(),
            now: "UP".into()
        }
    );
}

/// Sets the title (OSC), rings the bell, returns the carriage, reverses
/// and isolates text, hides characters, and opens a one-byte CSI.
const NASTY: &str = "\u{1b}]0;pwned\u{7}\r\u{202e}\u{2066}\u{200b}\u{200d}\u{2060}\u{feff}\u{9b}2J";

fn assert_clean(what: &str, text: &str) {
    for c in NASTY.chars().filter(|c| c.is_control() || !c.is_ascii()) {
        assert!(
            !text.contains(c),
            "{what}: raw U+{:04X} in {text:?}",
            c as u32
        );
    }
}

#[test]
fn change_lines_escape_hostile_server_text() {
    let n = |s: &str| serde_json::to_string(&format!("{s}{NASTY}")).unwrap();
    let node = |socket: &str| {
        format!(
            r#"{{"role":"coreapp","shards":[[0,0]],"socket_conn":{},"version":{}}}"#,
            n(socket),
            n("v2.51.3")
        )
    };
    let (a1, a2) = (n("a:1"), n("b:1"));
    let before = answer(&format!(
        r#"{{"support":{{{a1}:{},{a2}:{}}}}}"#,
        node("UP"),
        node("UP")
    ));
    let after = answer(&format!(r#"{{"support":{{{a1}:{}}}}}"#, node("DN")));
    let lines = changes(&before, &after).join("\n");
    assert!(lines.contains("SOCKET"), "{lines:?}");
    assert!(lines.contains("gone"), "{lines:?}");
    assert_clean("watch changes", &lines);
}

#[test]
fn an_interval_under_a_second_or_over_a_day_is_refused() {
    assert_eq!(interval(1.0).unwrap(), Duration::from_secs(1));
    assert_eq!(interval(2.5).unwrap(), Duration::from_millis(2500));
    assert_eq!(interval(86_400.0).unwrap(), Duration::from_secs(86_400));
    for bad in [0.999, 0.0, -1.0, 86_400.5, f64::NAN, f64::INFINITY] {
        let e = interval(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage, "{bad}");
        let text = e.to_string();
        assert!(
            text.contains("at least 1") && text.contains("86400"),
            "{text}"
        );
        assert!(!text.contains('\n'), "{text}");
    }
}

#[test]
fn a_json_line_says_status_counts_and_changes() {
    let (a, b) = before_after();
    let findings = diagnose(&b, &Thresholds::default(), crate::clock::now());
    let changes = change_list(&a, &b);
    let line = json_line(
        3,
        "2026-11-25T12:00:00Z",
        &Outcome::Status {
            answer: &b,
            findings: &findings,
            changes: Some(&changes),
        },
    );
    assert!(
        line.ends_with('\n') && line.matches('\n').count() == 1,
        "{line}"
    );
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["time"], "2026-11-25T12:00:00Z");
    assert_eq!(v["poll"], 3);
    assert_eq!(v["status"], CheckState::of(&findings).word());
    assert_eq!(v["nodes"], 2);
    assert_eq!(v["nodes_up"], 1);
    let (c, w, n) = counts(&findings);
    assert_eq!(v["findings"]["critical"], c);
    assert_eq!(v["findings"]["warning"], w);
    assert_eq!(v["findings"]["note"], n);
    assert_eq!(
        v["changes"],
        serde_json::json!([
            {"node": "a:1", "change": "SOCKET", "from": "SC", "to": "UP"},
            {"node": "c:1", "change": "new"},
            {"node": "b:1", "change": "gone"},
        ])
    );
    assert!(v.get("error").is_none());
}

#[test]
fn a_failed_poll_is_one_unknown_line_with_the_error() {
    let e = Error::new(ErrorKind::Network, "no answer from \u{202e}evil\x1b[2J");
    let line = json_line(
        2,
        "t",
        &Outcome::Failed {
            error: &e,
            last: None,
        },
    );
    assert!(
        !line.contains('\x1b') && !line.contains('\u{202e}'),
        "{line}"
    );
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["status"], "UNKNOWN");
    assert!(v["error"].as_str().unwrap().contains("no answer"), "{v}");
    assert!(v.get("nodes").is_none() && v.get("findings").is_none());
    assert_eq!(v["changes"], serde_json::json!([]));
}

#[test]
fn piped_pages_are_the_show_output_under_the_header() {
    let (a, b) = before_after();
    let findings = diagnose(&b, &Thresholds::default(), crate::clock::now());
    let changes = change_list(&a, &b);
    let lines = draw(
        "HEAD",
        &Outcome::Status {
            answer: &b,
            findings: &findings,
            changes: Some(&changes),
        },
        &RenderOptions::PLAIN,
        None,
    );
    let text = lines.join("\n") + "\n";
    let show = crate::render::text::render_show(&b, Some(&findings), &RenderOptions::PLAIN);
    assert_eq!(
        text,
        format!(
            "HEAD\nChanged since the previous poll:\n  a:1: SOCKET SC → UP\n  c:1: new node\n  b:1: gone\n\n{show}"
        )
    );
}

#[test]
fn a_small_screen_keeps_header_changes_and_problems() {
    let (a, b) = before_after();
    let findings = diagnose(&b, &Thresholds::default(), crate::clock::now());
    assert!(!findings.is_empty());
    let changes = change_list(&a, &b);
    let opts = RenderOptions {
        color: false,
        width: Some(60),
    };
    let outcome = Outcome::Status {
        answer: &b,
        findings: &findings,
        changes: Some(&changes),
    };
    let all = draw("HEAD", &outcome, &opts, None);
    let rows = 14;
    assert!(all.len() > rows, "{all:#?}");
    let lines = draw("HEAD", &outcome, &opts, Some(rows));
    assert_eq!(lines.len(), rows, "{lines:#?}");
    assert_eq!(lines[0], "HEAD");
    assert_eq!(lines[1], "Changed since the previous poll:");
    assert_eq!(lines[4], "  b:1: gone");
    assert!(
        lines.iter().any(|l| l.starts_with("Problems (")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("more lines, enlarge the terminal")),
        "{lines:#?}"
    );
    assert!(lines.iter().all(|l| l.chars().count() <= 60), "{lines:#?}");
}
