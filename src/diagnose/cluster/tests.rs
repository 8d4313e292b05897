//! Tests of the cluster rules: no node connected, and the roles of a
//! multi-node answer.

use crate::diagnose::test_support::*;

#[test]
fn high_availability_layout_is_valid() {
    let f = run(&fixture("high-availability.json"));
    assert_eq!(counts(&f).0, 0, "{f:?}");
    assert!(!has(&f, "coreapp-multiple-shards", Severity::Warning));
}

#[test]
fn healthy_cluster_without_shards_or_roles_is_not_an_alarm() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","version":"2.51.3"},
        "b:1":{"socket_conn":"UP","version":"2.51.3"},
        "c:1":{"socket_conn":"UP","version":"2.51.3"}
    }}"#,
    );
    let f = run(&a);
    assert_eq!(counts(&f), (0, 0, 1), "{f:#?}");
    assert!(has(&f, "shards-unknown", Severity::Note));
    assert!(only(&f, "shards-unknown").contains("unknown"));
    assert!(
        !f.iter().any(|x| x.code.as_str().contains("role")),
        "{f:#?}"
    );
}

#[test]
fn roles_are_judged_when_one_node_reports_a_role() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,0]]},
        "b:1":{"socket_conn":"UP","shards":[[-1,-1]]}
    }}"#,
    );
    let f = run(&a);
    assert!(codes(&f).contains(&("role-missing", Severity::Warning, Some("b:1"))));
    assert!(has(&f, "primary-master-missing", Severity::Critical));
    assert!(!has(&f, "shards-unknown", Severity::Note));
}

#[test]
fn secondary_masters_at_the_limit() {
    let mk = |n: usize| {
        let mut nodes = vec![
            r#""a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,0]]}"#
                .to_string(),
        ];
        for i in 0..n {
            nodes.push(format!(
                r#""s{i}:1":{{"socket_conn":"DN","role":"secondary_master","shards":[]}}"#
            ));
        }
        answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")))
    };
    assert!(!has(
        &run(&mk(1)),
        "secondary-master-duplicate",
        Severity::Warning
    ));
    let m = only(&run(&mk(2)), "secondary-master-duplicate");
    assert!(
        m.starts_with("2 nodes report the secondary_master role: s0:1 and s1:1"),
        "{m}"
    );
}

#[test]
fn all_nodes_down_without_roles_or_shards_is_critical() {
    let f = run_json(
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
    let f = run_json(r#"{"support":{"h0:m":{"socket_conn":"DN","version":"2.51.3"}}}"#);
    assert_eq!(one(&f, "no-node-connected").severity, Severity::Critical);
}

#[test]
fn single_node_down_or_connecting_is_no_node_connected() {
    // A lone node's socket-down says it already.
    let f = run_json(r#"{"support":{"socket_conn":"DN"}}"#);
    assert!(with_code(&f, "no-node-connected").is_empty(), "{f:#?}");
    assert_eq!(one(&f, "socket-down").severity, Severity::Critical);
    let f = run_json(r#"{"support":{"h0:m":{"socket_conn":"DN","shards":[[-1,0]]}}}"#);
    assert!(with_code(&f, "no-node-connected").is_empty(), "{f:#?}");
    assert_eq!(one(&f, "socket-down").severity, Severity::Critical);
    // Two nodes: both are said.
    let f = run_json(
        r#"{"support":{"h0:m":{"socket_conn":"DN","shards":[[-1,0]]},"h1:m":{"socket_conn":"DN","shards":[[1,1]]}}}"#,
    );
    assert_eq!(one(&f, "no-node-connected").severity, Severity::Critical);
    assert_eq!(with_code(&f, "socket-down").len(), 2);
    let f = run_json(r#"{"support":{"socket_conn":"SC"}}"#);
    assert_eq!(one(&f, "no-node-connected").severity, Severity::Critical);
}

#[test]
fn one_connected_node_is_enough() {
    for up in ["UP", "UP receiving offline"] {
        let f = run_json(&format!(
            r#"{{"support":{{"h0:a":{{"socket_conn":"DN","role":"primary_master"}},
                "h1:b":{{"socket_conn":"DN","role":"secondary_master"}},
                "h2:c":{{"socket_conn":"DN","role":"coreapp"}},
                "h3:d":{{"socket_conn":"{up}","role":"coreapp"}}}}}}"#
        ));
        assert!(with_code(&f, "no-node-connected").is_empty(), "{f:#?}");
    }
    let f = run_json(r#"{"support":{"socket_conn":"UP"}}"#);
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
        let f = run_json(&format!(
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
    let f = run_json(
        r#"{"support":{"h0:a":{"socket_conn":"DN"},
            "h1:b":{"socket_conn":"UP","errors":[{"code":1014,"title":"Internal error"}]}}}"#,
    );
    // b is in error: whether it is connected is unknown, so no cluster
    // finding, but b does not count as connected either.
    assert!(!is_connected(
        &answer(r#"{"support":{"h1:b":{"socket_conn":"UP","errors":[{"code":1014}]}}}"#).nodes[0]
    ));
    assert_eq!(one(&f, "node-error").severity, Severity::Critical);
}
