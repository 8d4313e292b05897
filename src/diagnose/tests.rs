//! Tests of the whole diagnosis: a fixture judged end to end, the order
//! of findings, raw server text kept, and the codes and severities as
//! scripts read them.

use crate::diagnose::test_support::*;

#[test]
fn healthy_single_node_has_no_problems() {
    let f = run(&fixture("single-registered.json"));
    assert_eq!(counts(&f), (0, 0, 0), "{f:?}");
}

#[test]
fn unregistered_single_node_down_low_disk_and_expiring() {
    let f = run(&fixture("single-unregistered.json"));
    assert!(has(&f, "unregistered", Severity::Critical));
    assert!(has(&f, "socket-down", Severity::Critical));
    // 853295104 bytes < 1 GiB on data; 5 GiB on logs is a warning.
    assert!(f.iter().any(|x| x.code.as_str() == "space-low"
        && x.severity == Severity::Critical
        && x.message.contains("data")));
    assert!(f.iter().any(|x| x.code.as_str() == "space-low"
        && x.severity == Severity::Warning
        && x.message.contains("logs")));
    // Expires 2026-12-01, device time 2026-11-25: 5 days, critical.
    assert!(f.iter().any(|x| x.code.as_str() == "build-expiring"
        && x.severity == Severity::Critical
        && x.message.contains("5 day")));
    assert!(has(&f, "locale-unknown", Severity::Note));
    // Most severe first.
    assert_eq!(f[0].severity, Severity::Critical);
}

#[test]
fn findings_carry_raw_server_text() {
    let a = answer(
        "{\"support\":{\"evil\\u001b]0;x\\u0007:1\":{\"role\":\"coreapp\\u001b\",\"shards\":[[0,0]],\"socket_conn\":\"DN\"}}}",
    );
    let f = run(&a);
    assert!(
        f.iter()
            .any(|x| x.node.as_ref().map(|t| t.raw()) == Some("evil\u{1b}]0;x\u{7}:1")),
        "{f:#?}"
    );
    assert!(
        f.iter().any(|x| x.message.contains("\"coreapp\u{1b}\"")),
        "{f:#?}"
    );
}

#[test]
fn counts_by_severity() {
    let mk = |severity| Finding {
        severity,
        code: FindingCode::SocketDown,
        node: None,
        message: String::new().into(),
    };
    let f = [
        mk(Severity::Critical),
        mk(Severity::Warning),
        mk(Severity::Warning),
        mk(Severity::Note),
        mk(Severity::Note),
        mk(Severity::Note),
    ];
    assert_eq!(counts(&f), (1, 2, 3));
}

#[test]
fn severities_print_as_words() {
    assert_eq!(Severity::Critical.to_string(), "critical");
    assert_eq!(Severity::Warning.to_string(), "warning");
    assert_eq!(Severity::Note.to_string(), "note");
    assert!(Severity::Critical > Severity::Warning && Severity::Warning > Severity::Note);
}

#[test]
fn codes_print_and_serialize_as_their_kebab_case_spelling() {
    assert_eq!(FindingCode::ALL.len(), 48);
    for code in FindingCode::ALL {
        let text = code.as_str();
        assert_eq!(code.to_string(), text);
        assert_eq!(serde_json::to_value(code).unwrap(), text);
        assert!(
            text.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{text}"
        );
    }
    assert_eq!(FindingCode::SocketDown.to_string(), "socket-down");
    assert_eq!(FindingCode::Standby.as_str(), "standby");
    let f = Finding {
        severity: Severity::Warning,
        code: FindingCode::DbEngineDrift,
        node: None,
        message: "m".into(),
    };
    assert_eq!(
        serde_json::to_string(&f).unwrap(),
        r#"{"severity":"warning","code":"db-engine-drift","node":null,"message":"m"}"#
    );
}

#[test]
fn codes_sort_as_their_text_sorts() {
    let mut by_text = FindingCode::ALL.to_vec();
    by_text.sort_by_key(|c| c.as_str());
    by_text.dedup_by_key(|c| c.as_str());
    assert_eq!(by_text, FindingCode::ALL, "spellings are unique and sorted");
    let mut by_ord = FindingCode::ALL.to_vec();
    by_ord.reverse();
    by_ord.sort();
    assert_eq!(by_ord, FindingCode::ALL);
}

#[test]
fn status_is_the_worst_severity_notes_aside() {
    let mk = |severity| Finding {
        severity,
        code: FindingCode::SocketDown,
        node: None,
        message: String::new().into(),
    };
    assert_eq!(Status::of(&[]), Status::Ok);
    assert_eq!(Status::of(&[mk(Severity::Note)]), Status::Ok);
    assert_eq!(
        Status::of(&[mk(Severity::Note), mk(Severity::Warning)]),
        Status::Warning
    );
    assert_eq!(
        Status::of(&[mk(Severity::Warning), mk(Severity::Critical)]),
        Status::Critical
    );
    assert_eq!(Status::Ok.to_string(), "OK");
    assert_eq!(Status::Warning.as_str(), "WARNING");
    assert_eq!(serde_json::to_value(Status::Critical).unwrap(), "CRITICAL");
}

#[test]
fn nodes_up_counts_connected_nodes_that_gave_their_status() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP"},
        "b:1":{"socket_conn":"UP receiving offline"},
        "c:1":{"socket_conn":"DN"},
        "d:1":{"socket_conn":"UP","errors":[{"code":1011}]},
        "e:1":{}
    }}"#,
    );
    assert_eq!(nodes_up(&a), 2);
}
