//! Tests of the per-node rules: socket state read with the node's job in
//! mind, nodes that report nothing, free space at the thresholds, locale,
//! registration and the coreapp shard count.

use super::*;
use crate::diagnose::test_support::*;

#[test]
fn multiconnect_reads_socket_with_the_node_job_in_mind() {
    let f = run(&fixture("multiconnect.json"));
    // The secondary master owns no shard: its DN is a standby note.
    assert!(codes(&f).contains(&(
        "standby",
        Severity::Note,
        Some("10.210.71.85:wa-master-97145031111-1")
    )));
    assert!(!has(&f, "socket-down", Severity::Critical));
    assert!(codes(&f).contains(&(
        "socket-connecting",
        Severity::Warning,
        Some("10.210.71.93:wa-coreapp-97145031111-3")
    )));
    assert!(has(&f, "receiving-offline", Severity::Note));
    assert!(
        !f.iter()
            .any(|x| x.code.as_str().starts_with("shard") || x.code.as_str().contains("master")),
        "{f:?}"
    );
}

#[test]
fn disconnected_node_of_unknown_ownership_is_a_warning_not_a_standby() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,0]]},
        "b:1":{"socket_conn":"DN","role":"coreapp"},
        "c:1":{"socket_conn":"SC","role":"secondary_master"},
        "d:1":{"socket_conn":"DN","role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert!(codes(&f).contains(&("ownership-unknown", Severity::Warning, Some("b:1"))));
    assert!(codes(&f).contains(&("ownership-unknown", Severity::Warning, Some("c:1"))));
    let m = f
        .iter()
        .find(|x| {
            x.code.as_str() == "ownership-unknown"
                && x.node.as_ref().map(|t| t.raw()) == Some("b:1")
        })
        .unwrap();
    assert!(m.message.contains("unknown"), "{}", m.message);
    assert!(!m.message.contains("expected"), "{}", m.message);
    // Only d:1 is a known standby.
    let standby: Vec<_> = f.iter().filter(|x| x.code.as_str() == "standby").collect();
    assert_eq!(standby.len(), 1, "{f:#?}");
    assert_eq!(standby[0].node.as_ref().map(|t| t.raw()), Some("d:1"));
    // A primary master that lists no shards may be disconnected on
    // purpose (high availability): its ownership is unknown.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"DN","role":"primary_master"},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,0]]}
    }}"#,
    );
    assert!(codes(&run(&a)).contains(&("ownership-unknown", Severity::Warning, Some("a:1"))));
}

#[test]
fn socket_rules_on_a_node_that_must_be_connected() {
    let mk = |sock: &str| answer(&format!(r#"{{"support":{{{sock}"version":"2.51.3"}}}}"#));
    let f = run(&mk(r#""socket_conn":"UNK","#));
    assert_eq!(
        codes(&f),
        vec![("socket-unknown", Severity::Warning, Some("local"))]
    );
    let f = run(&mk(""));
    assert_eq!(
        codes(&f),
        vec![("socket-missing", Severity::Warning, Some("local"))]
    );
    let f = run(&mk(r#""socket_conn":"WEIRD","#));
    assert_eq!(
        codes(&f),
        vec![("socket-unrecognised", Severity::Warning, Some("local"))]
    );
    assert!(f[0].message.contains("\"WEIRD\""));
    let f = run(&mk(r#""socket_conn":"SC","#));
    assert_eq!(
        codes(&f),
        vec![
            ("no-node-connected", Severity::Critical, None),
            ("socket-connecting", Severity::Warning, Some("local"))
        ]
    );
    let f = run(&mk(r#""socket_conn":"DN","#));
    assert_eq!(
        codes(&f),
        vec![("socket-down", Severity::Critical, Some("local"))]
    );
    assert!(!f[0].message.contains("owns"));
    let f = run(&mk(r#""socket_conn":"UP receiving offline","#));
    assert_eq!(
        codes(&f),
        vec![("receiving-offline", Severity::Note, Some("local"))]
    );
}

#[test]
fn socket_down_on_an_owner_names_its_shards() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "b:1":{"socket_conn":"DN","role":"coreapp","shards":[[0,1],[2,2]]}
    }}"#,
    );
    let f = run(&a);
    let m = f.iter().find(|x| x.code.as_str() == "socket-down").unwrap();
    assert!(m.message.contains("owns shard(s) 0-2"), "{}", m.message);
    // Standbys in any state other than up.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,0]]},
        "b:1":{"socket_conn":"UNK","role":"coreapp","shards":[]},
        "c:1":{"role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert_eq!(
        codes(&f),
        vec![
            ("socket-missing", Severity::Warning, Some("c:1")),
            ("standby", Severity::Note, Some("b:1"))
        ],
        "{f:#?}"
    );
    assert!(f[1].message.contains("state unknown"));
}

#[test]
fn a_single_node_down_does_not_list_shards() {
    let a = answer(r#"{"support":{"socket_conn":"DN","shards":[[0,0]]}}"#);
    let f = run(&a);
    assert_eq!(
        only(&f, "socket-down"),
        "disconnected from the WhatsApp servers (DN)"
    );
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

#[test]
fn duty_follows_the_node_job() {
    let a = answer(
        r#"{"support":{
        "a:1":{"role":"primary_master"},
        "b:1":{"role":"coreapp","shards":[[0,0]]},
        "c:1":{"role":"coreapp","shards":[]},
        "d:1":{"role":"coreapp"}
    }}"#,
    );
    let by = |name: &str| a.nodes.iter().find(|n| n.name == name).unwrap();
    assert_eq!(duty(&a, by("a:1")), Duty::Unknown);
    assert_eq!(duty(&a, by("b:1")), Duty::Connect);
    assert_eq!(duty(&a, by("c:1")), Duty::Standby);
    assert_eq!(duty(&a, by("d:1")), Duty::Unknown);
    assert!(!must_be_connected(&a, by("a:1")));
    assert!(must_be_connected(&a, by("b:1")));
    assert!(!must_be_connected(&a, by("c:1")));
    assert!(!must_be_connected(&a, by("d:1")));
    let single = answer(r#"{"support":{"shards":[]}}"#);
    assert!(must_be_connected(&single, &single.nodes[0]));
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

#[test]
fn ha_primary_master_down_without_shards_is_ownership_unknown() {
    let f = run_json(
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
fn a_node_without_socket_state_is_socket_missing_whatever_its_ownership() {
    for other in [
        r#"{}"#,
        r#"{"version":"2.51.3"}"#,
        r#"{"version":"2.51.3","shards":[]}"#,
        r#"{"version":"2.51.3","shards":[[0,0]]}"#,
    ] {
        let f = run_json(&format!(
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

#[test]
fn space_at_the_thresholds() {
    let mk = |free: u64| {
        answer(&format!(
            r#"{{"support":{{"socket_conn":"UP","free_space_logs":{free}}}}}"#
        ))
    };
    let sev = |free: u64| -> Vec<(&'static str, Severity)> {
        run(&mk(free))
            .iter()
            .map(|x| (x.code.as_str(), x.severity))
            .collect()
    };
    let (warn, crit) = (10u64 << 30, 1u64 << 30);
    assert_eq!(sev(warn), vec![]);
    assert_eq!(sev(warn - 1), vec![("space-low", Severity::Warning)]);
    assert_eq!(sev(crit), vec![("space-low", Severity::Warning)]);
    assert_eq!(sev(crit - 1), vec![("space-low", Severity::Critical)]);
    let m = only(&run(&mk(crit - 1)), "space-low");
    assert!(m.contains("logs") && m.contains("below 1 GiB"), "{m}");
    let m = only(&run(&mk(crit)), "space-low");
    assert!(m.contains("below 10 GiB"), "{m}");
}

#[test]
fn no_limit_reported_is_never_compared() {
    let a = answer(
        r#"{"support":{"socket_conn":"UP","free_space_data":9223372036853727000,"free_space_logs":4611686018427387904,"free_space_media_incoming":4611686018427387903}}"#,
    );
    let t = Thresholds {
        space_warn: Bytes(u64::MAX),
        space_crit: Bytes(u64::MAX),
        ..Thresholds::default()
    };
    let f = diagnose(&a, &t, now());
    let m = only(&f, "space-low");
    assert!(m.contains("media in"), "{m}");
}

#[test]
fn thresholds_are_configurable() {
    let a = answer(r#"{"support":{"socket_conn":"UP","free_space_data":5368709120}}"#);
    assert!(has(&run(&a), "space-low", Severity::Warning));
    let t = Thresholds {
        space_warn: Bytes(1 << 30),
        space_crit: Bytes(1 << 20),
        ..Thresholds::default()
    };
    assert!(diagnose(&a, &t, now()).is_empty());
    let t = Thresholds {
        space_crit: Bytes(6 << 30),
        ..Thresholds::default()
    };
    assert!(has(
        &diagnose(&a, &t, now()),
        "space-low",
        Severity::Critical
    ));
}

#[test]
fn either_locale_code_alone_being_zz_is_noted() {
    for fields in [r#""lc":"ZZ","lg":"en""#, r#""lc":"US","lg":"zz""#] {
        let a = answer(&format!(r#"{{"support":{{"socket_conn":"UP",{fields}}}}}"#));
        assert_eq!(
            codes(&run(&a)),
            vec![("locale-unknown", Severity::Note, Some("local"))]
        );
    }
    let a = answer(r#"{"support":{"socket_conn":"UP","lc":"US","lg":"en"}}"#);
    assert!(run(&a).is_empty());
}

#[test]
fn unregistered_needs_the_exact_word() {
    let a = answer(r#"{"support":{"socket_conn":"UP","debug_info":" Unregistered "}}"#);
    assert_eq!(
        codes(&run(&a)),
        vec![("unregistered", Severity::Critical, Some("local"))]
    );
    let a = answer(r#"{"support":{"socket_conn":"UP","debug_info":"+4915112345678"}}"#);
    assert!(run(&a).is_empty());
}

#[test]
fn coreapp_shard_counts_at_the_limit() {
    let mk = |shards: &str| {
        answer(&format!(
            r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":{shards}}}}}}}"#
        ))
    };
    let f = run(&mk("[[0,0],[1,1]]"));
    let m = only(&f, "coreapp-multiple-shards");
    assert!(m.contains("owns 2 shards"), "{m}");
    assert!(!has(
        &run(&mk("[[0,0],[0,0]]")),
        "coreapp-multiple-shards",
        Severity::Warning
    ));
    assert!(!has(
        &run(&mk("[[0,0]]")),
        "coreapp-multiple-shards",
        Severity::Warning
    ));
    // The master shard is not a regular shard.
    let f = run(&mk("[[-1,0]]"));
    assert!(
        !has(&f, "coreapp-multiple-shards", Severity::Warning),
        "{f:#?}"
    );
    // A primary master owning two regular shards is not a coreapp.
    let a = answer(
        r#"{"support":{"a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,1]]}}}"#,
    );
    assert!(!has(&run(&a), "coreapp-multiple-shards", Severity::Warning));
}
