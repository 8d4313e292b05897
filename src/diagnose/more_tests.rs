//! Tests of the verdict rules: connection of the cluster as a whole,
//! nodes that report nothing, description drift, absurd expiries and
//! unreadable clocks.

use super::*;

fn answer(json: &str) -> SupportAnswer {
    SupportAnswer::from_slice(json.as_bytes(), "local").unwrap()
}

fn now() -> jiff::Timestamp {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

fn run(json: &str) -> Vec<Finding> {
    diagnose(&answer(json), &Thresholds::default(), now())
}

fn with_code<'a>(f: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.code == code).collect()
}

fn one<'a>(f: &'a [Finding], code: &str) -> &'a Finding {
    let found = with_code(f, code);
    assert_eq!(found.len(), 1, "{code} in {f:#?}");
    found[0]
}

fn node_of(f: &Finding) -> Option<&str> {
    f.node.as_ref().map(ServerText::raw)
}

fn worst(f: &[Finding]) -> Option<Severity> {
    f.iter().map(|x| x.severity).max()
}

// --- No node connected ------------------------------------------------------

#[test]
fn all_nodes_down_without_roles_or_shards_is_critical() {
    let f = run(
        r#"{"support":{"h0:a":{"socket_conn":"DN"},"h1:b":{"socket_conn":"DN"},
            "h2:c":{"socket_conn":"DN"},"h3:d":{"socket_conn":"DN"}}}"#,
    );
    let c = one(&f, "no-node-connected");
    assert_eq!(c.severity, Severity::Critical);
    assert_eq!(c.node, None);
    assert!(c.message.contains("none of the 4 node(s)"), "{}", c.message);
    // The per-node findings stay what they were.
    assert_eq!(with_code(&f, "ownership-unknown").len(), 4);
}

#[test]
fn one_node_of_ha_shape_down_is_critical() {
    let f = run(r#"{"support":{"h0:m":{"socket_conn":"DN","version":"2.51.3"}}}"#);
    assert_eq!(one(&f, "no-node-connected").severity, Severity::Critical);
}

#[test]
fn single_node_down_or_connecting_is_no_node_connected() {
    // A lone node's socket-down says it already.
    let f = run(r#"{"support":{"socket_conn":"DN"}}"#);
    assert!(with_code(&f, "no-node-connected").is_empty(), "{f:#?}");
    assert_eq!(one(&f, "socket-down").severity, Severity::Critical);
    let f = run(r#"{"support":{"h0:m":{"socket_conn":"DN","shards":[[-1,0]]}}}"#);
    assert!(with_code(&f, "no-node-connected").is_empty(), "{f:#?}");
    assert_eq!(one(&f, "socket-down").severity, Severity::Critical);
    // Two nodes: both are said.
    let f = run(
        r#"{"support":{"h0:m":{"socket_conn":"DN","shards":[[-1,0]]},"h1:m":{"socket_conn":"DN","shards":[[1,1]]}}}"#,
    );
    assert_eq!(one(&f, "no-node-connected").severity, Severity::Critical);
    assert_eq!(with_code(&f, "socket-down").len(), 2);
    let f = run(r#"{"support":{"socket_conn":"SC"}}"#);
    assert_eq!(one(&f, "no-node-connected").severity, Severity::Critical);
}

#[test]
fn one_connected_node_is_enough() {
    for up in ["UP", "UP receiving offline"] {
        let f = run(&format!(
            r#"{{"support":{{"h0:a":{{"socket_conn":"DN","role":"primary_master"}},
                "h1:b":{{"socket_conn":"DN","role":"secondary_master"}},
                "h2:c":{{"socket_conn":"DN","role":"coreapp"}},
                "h3:d":{{"socket_conn":"{up}","role":"coreapp"}}}}}}"#
        ));
        assert!(with_code(&f, "no-node-connected").is_empty(), "{f:#?}");
    }
    let f = run(r#"{"support":{"socket_conn":"UP"}}"#);
    assert!(with_code(&f, "no-node-connected").is_empty(), "{f:#?}");
}

#[test]
fn a_node_in_error_or_of_unknown_state_may_be_the_connected_one() {
    // Only nodes known not to be connected make the cluster finding.
    for other in [
        r#"{"errors":[{"code":1014}]}"#,
        r#"{}"#,
        r#"{"socket_conn":"UNK"}"#,
        r#"{"socket_conn":"weird"}"#,
        r#"{"socket_conn":{"x":1}}"#,
    ] {
        let f = run(&format!(
            r#"{{"support":{{"h0:a":{{"socket_conn":"DN"}},"h1:b":{other}}}}}"#
        ));
        assert!(
            with_code(&f, "no-node-connected").is_empty(),
            "{other}: {f:#?}"
        );
        // ... and something else already says so.
        assert!(worst(&f) >= Some(Severity::Warning), "{other}: {f:#?}");
    }
}

#[test]
fn a_node_in_error_with_fields_saying_up_is_not_connected() {
    let f = run(r#"{"support":{"h0:a":{"socket_conn":"DN"},
            "h1:b":{"socket_conn":"UP","errors":[{"code":1014,"title":"Internal error"}]}}}"#);
    // b is in error: whether it is connected is unknown, so no cluster
    // finding, but b does not count as connected either.
    assert!(!is_connected(
        &answer(r#"{"support":{"h1:b":{"socket_conn":"UP","errors":[{"code":1014}]}}}"#).nodes[0]
    ));
    assert_eq!(one(&f, "node-error").severity, Severity::Critical);
}

#[test]
fn is_connected_reads_the_state() {
    let a = answer(
        r#"{"support":{"a:1":{"socket_conn":"UP"},"b:1":{"socket_conn":"UP receiving offline"},
            "c:1":{"socket_conn":"DN"},"d:1":{}}}"#,
    );
    let up: Vec<bool> = a.nodes.iter().map(is_connected).collect();
    assert_eq!(up, [true, true, false, false]);
}

// --- HA without shards ---------------------------------------------------------

#[test]
fn ha_primary_master_down_without_shards_is_ownership_unknown() {
    let f = run(
        r#"{"support":{"h0:m0":{"socket_conn":"DN","role":"primary_master"},
            "h1:m1":{"socket_conn":"DN","role":"secondary_master"},
            "h2:c0":{"socket_conn":"UP","role":"coreapp"},
            "h3:c1":{"socket_conn":"DN","role":"coreapp"}}}"#,
    );
    assert!(with_code(&f, "socket-down").is_empty(), "{f:#?}");
    let o = with_code(&f, "ownership-unknown");
    assert_eq!(o.len(), 3, "{f:#?}");
    assert!(o.iter().any(|x| node_of(x) == Some("h0:m0")));
    assert!(o.iter().all(|x| x.severity == Severity::Warning));
    assert_eq!(worst(&f), Some(Severity::Warning));
}

#[test]
fn duty_of_a_primary_master_depends_on_its_shards_only() {
    let a = answer(
        r#"{"support":{"a:1":{"role":"primary_master"},
            "b:1":{"role":"primary_master","shards":[[-1,-1]]},
            "c:1":{"role":"primary_master","shards":[]}}}"#,
    );
    let d: Vec<Duty> = a.nodes.iter().map(|n| duty(&a, n)).collect();
    assert_eq!(d, [Duty::Unknown, Duty::Connect, Duty::Standby]);
}

// --- Nodes that report nothing ----------------------------------------------

#[test]
fn a_node_without_socket_state_is_socket_missing_whatever_its_ownership() {
    for other in [
        r#"{}"#,
        r#"{"version":"2.51.3"}"#,
        r#"{"version":"2.51.3","shards":[]}"#,
        r#"{"version":"2.51.3","shards":[[0,0]]}"#,
    ] {
        let f = run(&format!(
            r#"{{"support":{{"h0:a":{{"socket_conn":"UP","shards":[[-1,-1]]}},"h1:b":{other}}}}}"#
        ));
        let m = one(&f, "socket-missing");
        assert_eq!(m.severity, Severity::Warning, "{other}");
        assert_eq!(node_of(m), Some("h1:b"), "{other}");
    }
}

#[test]
fn an_empty_errors_list_alone_is_a_node_in_error() {
    let a = answer(r#"{"support":{"h0:a":{"socket_conn":"UP"},"h1:b":{"errors":[]}}}"#);
    let b = a.nodes.iter().find(|n| n.name == "h1:b").unwrap();
    assert!(b.is_error(), "{b:?}");
    let f = diagnose(&a, &Thresholds::default(), now());
    let e = one(&f, "node-error");
    assert_eq!(node_of(e), Some("h1:b"));
    assert!(e.message.contains("empty errors list"), "{}", e.message);
    assert!(with_code(&f, "socket-missing").is_empty(), "{f:#?}");
}

#[test]
fn an_empty_errors_list_beside_fields_is_no_error() {
    let a = answer(r#"{"support":{"h0:a":{"socket_conn":"UP","errors":[]}}}"#);
    assert!(!a.nodes[0].is_error());
    assert!(is_connected(&a.nodes[0]));
}

// --- Description drift -----------------------------------------------------

#[test]
fn description_drift_is_build_drift_when_versions_agree() {
    let f = run(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.49.1"}}}"#,
    );
    let d = one(&f, "build-drift");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("description"), "{}", d.message);
    assert!(d.message.contains("2.49.1 on b:1"), "{}", d.message);
}

#[test]
fn description_spelled_differently_does_not_drift() {
    let f = run(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.51.3","description":" 2.51.3 "}}}"#,
    );
    assert!(with_code(&f, "build-drift").is_empty(), "{f:#?}");
}

#[test]
fn version_drift_is_reported_once_even_when_descriptions_differ_too() {
    let f = run(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.49.1","description":"v2.49.1"}}}"#,
    );
    let d = one(&f, "build-drift");
    assert!(d.message.starts_with("build version"), "{}", d.message);
}

#[test]
fn a_node_without_description_does_not_drift() {
    let f = run(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.51.3"}}}"#,
    );
    assert!(with_code(&f, "build-drift").is_empty(), "{f:#?}");
}

// --- Expiry and clock ---------------------------------------------------------

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
        let f = run(&format!(
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
    let f = run(r#"{"support":{"socket_conn":"UP","expire_timestamp":1420070400}}"#);
    assert_eq!(one(&f, "build-expired").severity, Severity::Critical);
    assert!(with_code(&f, "expiry-unreadable").is_empty());
}

#[test]
fn an_unreadable_expiry_is_quoted_as_json() {
    let f = run(r#"{"support":{"socket_conn":"UP","expire_timestamp":"soon"}}"#);
    let u = one(&f, "expiry-unreadable");
    assert!(u.message.contains("expiry \"soon\""), "{}", u.message);
    assert!(!u.message.contains("2015"), "{}", u.message);
    let f = run(r#"{"support":{"socket_conn":"UP","expire_timestamp":-1}}"#);
    let u = one(&f, "expiry-unreadable");
    assert!(u.message.contains("expiry -1 "), "{}", u.message);
    // A boolean is not a timestamp: shown as sent, never as a string.
    let f = run(r#"{"support":{"socket_conn":"UP","expire_timestamp":true}}"#);
    assert!(f.iter().all(|x| !x.message.contains("\"true\"")), "{f:#?}");
    assert!(f.iter().any(|x| x.message.contains("true")), "{f:#?}");
    assert_eq!(worst(&f), Some(Severity::Warning));
}

#[test]
fn an_unreadable_node_clock_is_a_note() {
    let f = run(
        r#"{"support":{"socket_conn":"UP","device_iso8601":"garbage","expire_timestamp":"2027-11-25"}}"#,
    );
    let c = one(&f, "clock-unreadable");
    assert_eq!(c.severity, Severity::Note);
    assert!(c.message.contains("\"garbage\""), "{}", c.message);
    assert!(c.message.contains("this machine's clock"), "{}", c.message);
    assert!(with_code(&f, "clock-skew").is_empty());
    // A readable clock gives none.
    let f = run(
        r#"{"support":{"socket_conn":"UP","device_iso8601":"2026-11-25T11:00:00Z","expire_timestamp":"2027-11-25"}}"#,
    );
    assert!(with_code(&f, "clock-unreadable").is_empty(), "{f:#?}");
    assert_eq!(worst(&f), None);
}

// --- Ranges ------------------------------------------------------------------

#[test]
fn negative_ranges_print_unambiguously() {
    let f = run(
        r#"{"support":{"m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,3]]},
            "c:1":{"socket_conn":"UP","role":"coreapp","shards":[[-7,-2]]}}}"#,
    );
    let i = one(&f, "shard-implausible");
    assert!(i.message.contains("range(s) -7..-2;"), "{}", i.message);
    let r = |first, last| crate::model::ShardRange { first, last }.to_string();
    assert_eq!(r(-1, 3), "-1..3");
    assert_eq!(r(-7, -2), "-7..-2");
    assert_eq!(r(0, 3), "0-3");
    assert_eq!(r(-1, -1), "-1");
    assert_eq!(r(5, 5), "5");
}

#[test]
fn a_build_expiring_this_very_second_is_not_yet_expired() {
    let f = run(
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
