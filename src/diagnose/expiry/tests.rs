//! Tests of the build expiry: thresholds at the limit, the node's clock
//! against this machine's, placeholders and unreadable values.

use super::*;
use crate::diagnose::test_support::*;

fn expiring(exp: &str, dev: Option<&str>) -> SupportAnswer {
    let dev = dev
        .map(|d| format!(r#","device_iso8601":"{d}""#))
        .unwrap_or_default();
    answer(&format!(
        r#"{{"support":{{"socket_conn":"UP","expire_timestamp":"{exp}"{dev}}}}}"#
    ))
}

fn f_node(a: &SupportAnswer) -> Node {
    a.nodes[0].clone()
}

#[test]
fn expiry_thresholds_and_reference_time() {
    let mk = |exp: &str, dev: &str| {
        answer(&format!(
            r#"{{"support":{{"socket_conn":"UP","expire_timestamp":"{exp}","device_iso8601":"{dev}"}}}}"#
        ))
    };
    let f = run(&mk("2026-12-20T00:00:00", "2026-11-25T00:00:00Z"));
    assert!(has(&f, "build-expiring", Severity::Warning), "{f:?}");
    let f = run(&mk("2026-11-20T00:00:00", "2026-11-25T00:00:00Z"));
    assert!(has(&f, "build-expired", Severity::Critical));
    let f = run(&mk("2027-06-01T00:00:00", "2026-11-25T00:00:00Z"));
    assert_eq!(counts(&f), (0, 0, 0));
    // Without device time, `now` is the reference (2026-11-25T12:00Z).
    let a = answer(r#"{"support":{"socket_conn":"UP","expire_timestamp":"2026-11-28T00:00:00"}}"#);
    assert!(has(&run(&a), "build-expiring", Severity::Critical));
    let a = answer(r#"{"support":{"socket_conn":"UP","expire_timestamp":"soon"}}"#);
    assert!(has(&run(&a), "expiry-unreadable", Severity::Warning));
}

#[test]
fn a_node_clock_of_1970_does_not_hide_an_expired_build() {
    // now is 2026-11-25T12:00Z; the build expired on 2026-11-20.
    let f = run(&expiring(
        "2026-11-20T00:00:00",
        Some("1970-01-01T00:00:00Z"),
    ));
    assert!(has(&f, "build-expired", Severity::Critical), "{f:#?}");
    let skew = f
        .iter()
        .find(|x| x.code.as_str() == "clock-skew")
        .expect("clock-skew");
    assert_eq!(skew.severity, Severity::Warning);
    assert_eq!(skew.node.as_ref().map(|t| t.raw()), Some("local"));
    assert!(skew.message.contains("behind"), "{}", skew.message);
    assert!(skew.message.contains("20782 day"), "{}", skew.message);
    // A clock ahead by two days is skew too, and expiry is judged locally.
    let f = run(&expiring(
        "2026-12-28T00:00:00",
        Some("2026-11-27T12:00:01Z"),
    ));
    let skew = only(&f, "clock-skew");
    assert!(skew.contains("ahead"), "{skew}");
    assert!(!has(&f, "build-expiring", Severity::Warning), "{f:#?}");
    assert_eq!(
        days_to_expiry(
            &f_node(&expiring(
                "2026-12-28T00:00:00",
                Some("2026-11-27T12:00:01Z")
            )),
            now()
        ),
        Some(Ok(32))
    );
}

#[test]
fn a_node_clock_within_a_day_is_the_reference() {
    // Node clock 23 h behind: the build expiring 2026-12-01T14:00 is 7 days
    // away on the node (a warning), 6 days away locally.
    let a = expiring("2026-12-01T14:00:00", Some("2026-11-24T13:00:00Z"));
    let f = run(&a);
    assert!(!f.iter().any(|x| x.code.as_str() == "clock-skew"), "{f:#?}");
    assert!(has(&f, "build-expiring", Severity::Warning), "{f:#?}");
    assert_eq!(days_to_expiry(&a.nodes[0], now()), Some(Ok(7)));
    // Exactly one day apart still counts as the same clock.
    let a = expiring("2026-12-20T00:00:00", Some("2026-11-26T12:00:00Z"));
    assert!(!run(&a).iter().any(|x| x.code.as_str() == "clock-skew"));
    let a = expiring("2026-12-20T00:00:00", Some("2026-11-24T12:00:00Z"));
    assert!(!run(&a).iter().any(|x| x.code.as_str() == "clock-skew"));
    let a = expiring("2026-12-20T00:00:00", Some("2026-11-24T11:59:59Z"));
    assert!(run(&a).iter().any(|x| x.code.as_str() == "clock-skew"));
}

#[test]
fn expiry_at_the_thresholds() {
    // now = 2026-11-25T12:00Z.
    let sev = |exp: &str| -> Vec<(&'static str, Severity)> {
        run(&expiring(exp, None))
            .iter()
            .map(|x| (x.code.as_str(), x.severity))
            .collect()
    };
    assert_eq!(sev("2026-12-25T12:00:00"), vec![]); // 30 days
    assert_eq!(
        sev("2026-12-25T11:59:59"),
        vec![("build-expiring", Severity::Warning)]
    ); // 29 days
    assert_eq!(
        sev("2026-12-02T12:00:00"),
        vec![("build-expiring", Severity::Warning)]
    ); // 7 days
    assert_eq!(
        sev("2026-12-02T11:59:59"),
        vec![("build-expiring", Severity::Critical)]
    ); // 6 days
    assert_eq!(
        sev("2026-11-25T12:00:00"),
        vec![("build-expiring", Severity::Critical)]
    ); // on the second
    assert_eq!(
        sev("2026-11-25T11:59:59"),
        vec![("build-expired", Severity::Critical)]
    );
}

#[test]
fn under_a_day_reads_in_hours() {
    let f = run(&expiring("2026-11-25T17:30:00", None));
    let m = only(&f, "build-expiring");
    assert!(m.contains("expires in 5 hour(s)"), "{m}");
    let f = run(&expiring("2026-11-25T12:20:00", None));
    let m = only(&f, "build-expiring");
    assert!(m.contains("less than an hour"), "{m}");
    let f = run(&expiring("2026-11-25T09:00:00", None));
    let m = only(&f, "build-expired");
    assert!(m.contains("expired 3 hour(s) ago"), "{m}");
    let f = run(&expiring("2026-11-23T09:00:00", None));
    let m = only(&f, "build-expired");
    assert!(m.contains("expired 2 day(s) ago"), "{m}");
    let f = run(&expiring("2026-11-28T13:00:00", None));
    let m = only(&f, "build-expiring");
    assert!(m.contains("expires in 3 day(s)"), "{m}");
}

#[test]
fn timestamps_with_offsets_and_unix_seconds() {
    // 20:00+02:00 is 18:00Z: six hours after now.
    let f = run(&expiring("2026-11-25T20:00:00+02:00", None));
    assert!(only(&f, "build-expiring").contains("6 hour(s)"), "{f:#?}");
    let f = run(&expiring(
        "2026-11-25T20:00:00",
        Some("2026-11-25T14:00:00+02:00"),
    ));
    assert!(only(&f, "build-expiring").contains("8 hour(s)"), "{f:#?}");
    // Unix seconds, as a digit string and as a number.
    let secs = now().as_second() + 3 * 86_400 + 60;
    let f = run(&expiring(&secs.to_string(), None));
    assert!(only(&f, "build-expiring").contains("3 day(s)"), "{f:#?}");
    let a = answer(&format!(
        r#"{{"support":{{"socket_conn":"UP","expire_timestamp":{secs},"device_iso8601":{}}}}}"#,
        now().as_second()
    ));
    let f = run(&a);
    assert!(only(&f, "build-expiring").contains("3 day(s)"), "{f:#?}");
    assert!(!f.iter().any(|x| x.code.as_str() == "clock-skew"));
    assert_eq!(
        parse_time("20261125"),
        jiff::Timestamp::from_second(20_261_125).ok()
    );
}

#[test]
fn expired_build_points_at_the_cloud_api() {
    for exp in [
        "2026-11-20T00:00:00",
        "2026-11-28T00:00:00",
        "2026-12-20T00:00:00",
    ] {
        let f = run(&expiring(exp, None));
        let x = f
            .iter()
            .find(|x| x.code.as_str().starts_with("build-expir"))
            .unwrap();
        assert!(x.message.contains("2025-10-23"), "{}", x.message);
        assert!(x.message.contains("Cloud API"), "{}", x.message);
        assert!(!x.message.contains("upgrade"), "{}", x.message);
    }
}

#[test]
fn non_positive_or_ancient_unix_expiry_is_unreadable() {
    for raw in [
        "-1",
        "0",
        "\"0\"",
        "1",
        "1400000000",
        "\"2014-12-31T23:59:59Z\"",
    ] {
        let f = run_json(&format!(
            r#"{{"support":{{"socket_conn":"UP","expire_timestamp":{raw}}}}}"#
        ));
        assert!(with_code(&f, "build-expired").is_empty(), "{raw}: {f:#?}");
        let u = one(&f, "expiry-unreadable");
        assert_eq!(u.severity, Severity::Warning);
        assert!(u.message.contains("before 2015"), "{raw}: {}", u.message);
        let n = &answer(&format!(
            r#"{{"support":{{"socket_conn":"UP","expire_timestamp":{raw}}}}}"#
        ))
        .nodes[0];
        assert!(matches!(days_to_expiry(n, now()), Some(Err(_))), "{raw}");
    }
}

#[test]
fn the_first_plausible_expiry_is_read() {
    // 2015-01-01T00:00:00Z: long expired, but a date.
    let f = run_json(r#"{"support":{"socket_conn":"UP","expire_timestamp":1420070400}}"#);
    assert_eq!(one(&f, "build-expired").severity, Severity::Critical);
    assert!(with_code(&f, "expiry-unreadable").is_empty());
}

#[test]
fn an_unreadable_expiry_is_quoted_as_json() {
    let f = run_json(r#"{"support":{"socket_conn":"UP","expire_timestamp":"soon"}}"#);
    let u = one(&f, "expiry-unreadable");
    assert!(u.message.contains("expiry \"soon\""), "{}", u.message);
    assert!(!u.message.contains("2015"), "{}", u.message);
    let f = run_json(r#"{"support":{"socket_conn":"UP","expire_timestamp":-1}}"#);
    let u = one(&f, "expiry-unreadable");
    assert!(u.message.contains("expiry -1 "), "{}", u.message);
    // A boolean is not a timestamp: shown as sent, never as a string.
    let f = run_json(r#"{"support":{"socket_conn":"UP","expire_timestamp":true}}"#);
    assert!(f.iter().all(|x| !x.message.contains("\"true\"")), "{f:#?}");
    assert!(f.iter().any(|x| x.message.contains("true")), "{f:#?}");
    assert_eq!(worst(&f), Some(Severity::Warning));
}

#[test]
fn an_unreadable_node_clock_is_a_note() {
    let f = run_json(
        r#"{"support":{"socket_conn":"UP","device_iso8601":"garbage","expire_timestamp":"2027-11-25"}}"#,
    );
    let c = one(&f, "clock-unreadable");
    assert_eq!(c.severity, Severity::Note);
    assert!(c.message.contains("\"garbage\""), "{}", c.message);
    assert!(c.message.contains("this machine's clock"), "{}", c.message);
    assert!(with_code(&f, "clock-skew").is_empty());
    // A readable clock gives none.
    let f = run_json(
        r#"{"support":{"socket_conn":"UP","device_iso8601":"2026-11-25T11:00:00Z","expire_timestamp":"2027-11-25"}}"#,
    );
    assert!(with_code(&f, "clock-unreadable").is_empty(), "{f:#?}");
    assert_eq!(worst(&f), None);
}

#[test]
fn a_build_expiring_this_very_second_is_not_yet_expired() {
    let f = run_json(
        r#"{"support":{"socket_conn":"UP","device_iso8601":"2026-11-25T12:00:00Z","expire_timestamp":"2026-11-25T12:00:00Z"}}"#,
    );
    let e = one(&f, "build-expiring");
    assert_eq!(e.severity, Severity::Critical);
    assert!(
        e.message.contains("expires in less than an hour"),
        "{}",
        e.message
    );
}
