//! Tests of the findings rules.

use super::*;

fn answer(json: &str) -> SupportAnswer {
    SupportAnswer::from_slice(json.as_bytes(), "local").unwrap()
}

fn fixture(name: &str) -> SupportAnswer {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    SupportAnswer::from_slice(&std::fs::read(path).unwrap(), "local").unwrap()
}

fn now() -> jiff::Timestamp {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

fn run(a: &SupportAnswer) -> Vec<Finding> {
    diagnose(a, &Thresholds::default(), now())
}

fn codes(f: &[Finding]) -> Vec<(&'static str, Severity, Option<&str>)> {
    f.iter()
        .map(|f| (f.code, f.severity, f.node.as_ref().map(|t| t.raw())))
        .collect()
}

fn has(f: &[Finding], code: &str, sev: Severity) -> bool {
    f.iter().any(|x| x.code == code && x.severity == sev)
}

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
    assert!(f.iter().any(|x| x.code == "space-low"
        && x.severity == Severity::Critical
        && x.message.contains("data")));
    assert!(f.iter().any(|x| x.code == "space-low"
        && x.severity == Severity::Warning
        && x.message.contains("logs")));
    // Expires 2026-12-01, device time 2026-11-25: 5 days, critical.
    assert!(f.iter().any(|x| x.code == "build-expiring"
        && x.severity == Severity::Critical
        && x.message.contains("5 day")));
    assert!(has(&f, "locale-unknown", Severity::Note));
    // Most severe first.
    assert_eq!(f[0].severity, Severity::Critical);
}

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
            .any(|x| x.code.starts_with("shard") || x.code.contains("master")),
        "{f:?}"
    );
}

#[test]
fn high_availability_layout_is_valid() {
    let f = run(&fixture("high-availability.json"));
    assert_eq!(counts(&f).0, 0, "{f:?}");
    assert!(!has(&f, "coreapp-multiple-shards", Severity::Warning));
}

#[test]
fn shard_gap_overlap_and_master_checks() {
    let a = answer(
        r#"{"support":{
        "a:1":{"role":"primary_master","shards":[[-1,-1]],"socket_conn":"UP"},
        "b:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},
        "c:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},
        "d:1":{"role":"coreapp","shards":[[3,3]],"socket_conn":"DN"},
        "e:1":{"role":"primary_master","shards":[],"socket_conn":"UP"},
        "f:1":{"shards":[],"socket_conn":"UP"},
        "g:1":{"role":"coreapp","shards":[[4,5]],"socket_conn":"UP"}
    }}"#,
    );
    let f = run(&a);
    let msg = |code: &str| {
        f.iter()
            .filter(|x| x.code == code)
            .map(|x| x.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        msg("shard-unowned")[0].contains("shard(s) 1-2 of 0-5"),
        "{f:?}"
    );
    assert!(msg("shard-overlap")[0].contains("shard 0 claimed by b:1 and c:1"));
    assert!(msg("primary-master-duplicate")[0].contains("a:1 and e:1"));
    assert!(codes(&f).contains(&("socket-down", Severity::Critical, Some("d:1"))));
    assert!(codes(&f).contains(&("role-missing", Severity::Warning, Some("f:1"))));
    assert!(codes(&f).contains(&("coreapp-multiple-shards", Severity::Warning, Some("g:1"))));
}

#[test]
fn missing_master_shard_mentions_nodes_in_error() {
    let a = answer(
        r#"{"support":{
        "b:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},
        "x:1":{"errors":[{"code":1011,"title":"Service not ready"}]}
    }}"#,
    );
    let f = run(&a);
    let m = f.iter().find(|x| x.code == "master-shard-unowned").unwrap();
    assert!(m.message.contains("x:1"), "{}", m.message);
    assert!(codes(&f).contains(&("node-error", Severity::Critical, Some("x:1"))));
    assert!(has(&f, "primary-master-missing", Severity::Critical));
}

#[test]
fn implausible_shard_range_is_not_walked() {
    let a = answer(
        r#"{"support":{"a:1":{"role":"primary_master","shards":[[-1,-1],[0,9000000000000000000]],"socket_conn":"UP"}}}"#,
    );
    let f = run(&a);
    assert!(has(&f, "shard-implausible", Severity::Warning));
}

#[test]
fn drift_names_the_odd_node() {
    let a = answer(
        r#"{"support":{
        "a:1":{"role":"primary_master","shards":[[-1,-1]],"version":"v2.51.3","db_engine":"MYSQL","schema":{"message":31},"multi_connect":true,"socket_conn":"UP"},
        "b:1":{"role":"coreapp","shards":[[0,0]],"version":"2.51.3","db_engine":"MYSQL","schema":{"message":31},"multi_connect":true,"socket_conn":"UP"},
        "c:1":{"role":"coreapp","shards":[[1,1]],"version":"2.49.0","db_engine":"PGSQL","schema":{"message":30},"multi_connect":false,"socket_conn":"UP"}
    }}"#,
    );
    let f = run(&a);
    for code in [
        "build-drift",
        "db-engine-drift",
        "schema-drift",
        "multi-connect-drift",
    ] {
        let x = f
            .iter()
            .find(|x| x.code == code)
            .unwrap_or_else(|| panic!("{code}: {f:?}"));
        assert!(x.message.contains("on c:1"), "{}", x.message);
        assert!(!x.message.contains("a:1"), "{}", x.message);
    }
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
fn sizes_parse_with_units() {
    assert_eq!(parse_size("10GiB"), Ok(Bytes(10 << 30)));
    assert_eq!(parse_size("10g"), Ok(Bytes(10 << 30)));
    assert_eq!(parse_size("500 MB"), Ok(Bytes(500_000_000)));
    assert_eq!(parse_size("1.5KiB"), Ok(Bytes(1536)));
    assert_eq!(parse_size("42"), Ok(Bytes(42)));
    assert!(parse_size("ten").is_err());
    assert!(parse_size("5 parsecs").is_err());
    assert!(parse_size("99999999999TB").is_err());
}

// ---- Invariants are checked only where their input exists ----

fn msgs<'a>(f: &'a [Finding], code: &str) -> Vec<&'a str> {
    f.iter()
        .filter(|x| x.code == code)
        .map(|x| x.message.raw())
        .collect()
}

fn only(f: &[Finding], code: &str) -> String {
    let m = msgs(f, code);
    assert_eq!(m.len(), 1, "{code}: {f:#?}");
    m[0].to_string()
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
    assert!(!f.iter().any(|x| x.code.contains("role")), "{f:#?}");
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
fn unreadable_or_absent_shards_everywhere_skip_the_shard_rules() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master"},
        "b:1":{"socket_conn":"UP","role":"coreapp"}
    }}"#,
    );
    let f = run(&a);
    assert!(has(&f, "shards-unknown", Severity::Note));
    assert!(
        !f.iter()
            .any(|x| x.code.starts_with("shard-") || x.code == "master-shard-unowned"),
        "{f:#?}"
    );
    assert_eq!(counts(&f).0 + counts(&f).1, 0, "{f:#?}");
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
        .find(|x| x.code == "ownership-unknown" && x.node.as_ref().map(|t| t.raw()) == Some("b:1"))
        .unwrap();
    assert!(m.message.contains("unknown"), "{}", m.message);
    assert!(!m.message.contains("expected"), "{}", m.message);
    // Only d:1 is a known standby.
    let standby: Vec<_> = f.iter().filter(|x| x.code == "standby").collect();
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

// ---- Shards: one sweep, runs not ids, owners deduplicated, bounded ----

#[test]
fn two_nodes_claiming_the_same_run_give_one_finding() {
    let a = answer(
        r#"{"support":{
        "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "a:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,4000]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,4000]]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-overlap");
    assert!(m.contains("shards 0-4000 claimed by a:1 and b:1"), "{m}");
    let total: usize = f.iter().map(|x| x.message.len()).sum();
    assert!(total < 2_000, "{total} bytes of findings");
    assert!(!has(&f, "shard-unowned", Severity::Critical), "{f:#?}");
}

#[test]
fn a_node_overlapping_itself_is_not_several_owners() {
    let a = answer(
        r#"{"support":{
        "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,3],[2,5],[1,1]]},
        "c:1":{"socket_conn":"UP","role":"coreapp","shards":[[6,6]]}
    }}"#,
    );
    let f = run(&a);
    assert!(!f.iter().any(|x| x.code == "shard-overlap"), "{f:#?}");
    // Owners are deduplicated when the node also overlaps another one.
    let a = answer(
        r#"{"support":{
        "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,0],[0,0]]},
        "c:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,0]]}
    }}"#,
    );
    let m = only(&run(&a), "shard-overlap");
    assert!(m.contains("shard 0 claimed by b:1 and c:1"), "{m}");
    assert!(!m.contains("b:1, b:1"), "{m}");
}

#[test]
fn master_shard_claimed_twice_is_named() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,0]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[-1,-1],[1,1]]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-overlap");
    assert!(
        m.contains("master shard (-1) claimed by a:1 and b:1"),
        "{m}"
    );
    assert!(!m.contains("shard 0"), "{m}");
    assert!(!has(&f, "master-shard-unowned", Severity::Critical));
}

#[test]
fn shard_lists_are_bounded() {
    // a owns 0..=1000 and 100 other nodes each claim one even shard:
    // 100 overlap runs, listed up to the bound.
    let mut nodes = vec![
        r#""m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]}"#.to_string(),
        r#""a:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,1000]]}"#.to_string(),
    ];
    for i in 0..100 {
        nodes.push(format!(
            r#""x{i:03}:1":{{"socket_conn":"UP","role":"coreapp","shards":[[{0},{0}]]}}"#,
            i * 2
        ));
    }
    let a = answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")));
    let f = run(&a);
    let m = only(&f, "shard-overlap");
    assert!(m.contains("and 92 more"), "{m}");
    assert!(m.len() < 1_000, "{m}");
    // Every other shard unowned: one finding, bounded.
    let ranges: Vec<String> = (0..500).map(|i| format!("[{0},{0}]", i * 2)).collect();
    let a = answer(&format!(
        r#"{{"support":{{"m:1":{{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],{}]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":[]}}}}}}"#,
        ranges.join(",")
    ));
    let f = run(&a);
    let m = only(&f, "shard-unowned");
    assert!(m.starts_with("shard(s) 1, 3, 5"), "{m}");
    assert!(m.contains("of 0-998"), "{m}");
    assert!(m.contains("and 491 more"), "{m}");
    // Many owners of one run: listed up to the bound.
    let nodes: Vec<String> = (0..30)
        .map(|i| format!(r#""n{i:02}:1":{{"socket_conn":"UP","role":"coreapp","shards":[[0,9]]}}"#))
        .collect();
    let a = answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")));
    let m = only(&run(&a), "shard-overlap");
    assert!(m.contains("shards 0-9 claimed by n00:1, n01:1"), "{m}");
    assert!(m.contains("and 22 more"), "{m}");
}

#[test]
fn twenty_thousand_full_ranges_are_cheap() {
    let one = "[-1,4096]";
    let list = vec![one; 20_000].join(",");
    let a = answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[{list}]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":[{list}]}}}}}}"#
    ));
    let start = std::time::Instant::now();
    let f = run(&a);
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    let total: usize = f.iter().map(|x| x.message.len()).sum();
    assert!(total < 4_000, "{total}: {f:#?}");
    let m = only(&f, "shard-overlap");
    assert!(
        m.contains("master shard (-1) claimed by a:1 and b:1"),
        "{m}"
    );
    assert!(m.contains("shards 0-4096 claimed by a:1 and b:1"), "{m}");
    // The socket-down text of an owner is bounded too.
    let a = answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"DN","role":"primary_master","shards":[{}]}}}}}}"#,
        (0..5000)
            .map(|i| format!("[{0},{0}]", i * 2 - 1))
            .take(2000)
            .collect::<Vec<_>>()
            .join(",")
    ));
    let f = run(&a);
    let m = f.iter().find(|x| x.code == "socket-down").unwrap();
    assert!(m.message.len() < 400, "{}", m.message);
}

#[test]
fn shard_ids_at_the_plausible_limit() {
    let mk = |last: i64, first: i64| {
        answer(&format!(
            r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":[[{first},{last}]]}}}}}}"#
        ))
    };
    let f = run(&mk(4096, 0));
    assert!(!has(&f, "shard-implausible", Severity::Warning), "{f:#?}");
    assert!(has(&f, "coreapp-multiple-shards", Severity::Warning));
    let f = run(&mk(4097, 0));
    assert!(codes(&f).contains(&("shard-implausible", Severity::Warning, Some("b:1"))));
    let f = run(&mk(0, -1));
    assert!(!has(&f, "shard-implausible", Severity::Warning), "{f:#?}");
    let f = run(&mk(0, -2));
    assert!(has(&f, "shard-implausible", Severity::Warning), "{f:#?}");
    // Many implausible ranges on one node: one bounded finding.
    let list = (0..500)
        .map(|i| format!("[0,{}]", 5000 + i))
        .collect::<Vec<_>>()
        .join(",");
    let a = answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],{list}]}}}}}}"#
    ));
    let m = only(&run(&a), "shard-implausible");
    assert!(m.contains("and 492 more"), "{m}");
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

#[test]
fn gaps_name_nodes_that_may_hold_them() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,0]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[2,2]]},
        "c:1":{"socket_conn":"UP","role":"coreapp"},
        "x:1":{"errors":[{"code":1011,"title":"Service not ready"}]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-unowned");
    assert!(m.contains("shard(s) 1 of 0-2"), "{m}");
    assert!(m.contains("x:1") && m.contains("c:1"), "{m}");
    assert!(!has(&f, "shards-unknown", Severity::Note));
    // Gap at the start.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[3,4]]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-unowned");
    assert!(m.starts_with("shard(s) 0-2 of 0-4 have no owner"), "{m}");
    // Only the master shard: no regular shard, no gap.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert_eq!(counts(&f).0, 0, "{f:#?}");
}

// ---- Drift ----

fn drift_answer(values: &[Option<&str>]) -> SupportAnswer {
    let nodes: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let version = v
                .map(|v| format!(r#","version":"{v}""#))
                .unwrap_or_default();
            let (role, shards) = if i == 0 {
                ("primary_master", "[[-1,-1]]".to_string())
            } else {
                ("coreapp", format!("[[{0},{0}]]", i - 1))
            };
            format!(
                r#""n{i:03}:1":{{"socket_conn":"UP","role":"{role}","shards":{shards}{version}}}"#
            )
        })
        .collect();
    answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")))
}

#[test]
fn drift_in_a_two_node_cluster_lists_both() {
    let f = run(&drift_answer(&[Some("2.51.3"), Some("2.49.0")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
    assert!(m.contains("2.51.3 on n000:1"), "{m}");
    assert!(m.contains("2.49.0 on n001:1"), "{m}");
    assert!(codes(&f).contains(&("build-drift", Severity::Warning, None)));
}

#[test]
fn a_node_that_does_not_report_does_not_drift() {
    let f = run(&drift_answer(&[Some("2.51.3"), Some("2.51.3"), None]));
    assert!(!has(&f, "build-drift", Severity::Warning), "{f:#?}");
    let f = run(&drift_answer(&[Some("2.51.3"), None, Some("2.49.0")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
    assert!(!m.contains("n001:1"), "{m}");
}

#[test]
fn most_only_with_a_strict_majority() {
    let f = run(&drift_answer(&[Some("1"), Some("1"), Some("2"), Some("2")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
    assert!(m.contains("1 on n000:1 and n001:1"), "{m}");
    let f = run(&drift_answer(&[Some("1"), Some("1"), Some("2")]));
    let m = only(&f, "build-drift");
    assert!(m.contains("most have 1, but 2 on n002:1"), "{m}");
    assert!(!m.contains("n000"), "{m}");
    let f = run(&drift_answer(&[Some("1"), Some("1"), Some("2"), Some("3")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
}

#[test]
fn drift_lists_are_bounded() {
    let values: Vec<String> = (0..50).map(|i| format!("2.{i}.0")).collect();
    let f = run(&drift_answer(
        &values.iter().map(|v| Some(v.as_str())).collect::<Vec<_>>(),
    ));
    let m = only(&f, "build-drift");
    assert!(m.contains("and 42 more"), "{m}");
    assert!(m.len() < 600, "{m}");
    let mut values = vec![Some("1"); 40];
    values.push(Some("2"));
    values.push(Some("2"));
    values.extend(vec![Some("3"); 20]);
    let m = only(&run(&drift_answer(&values)), "build-drift");
    assert!(m.contains("most have 1"), "{m}");
    assert!(m.contains("3 on n042:1, n043:1"), "{m}");
    assert!(m.contains("and 12 more"), "{m}");
}

#[test]
fn schema_drift_is_one_finding_per_table_and_bounded() {
    let mut a = String::from(r#"{"support":{"a:1":{"socket_conn":"UP","schema":{"#);
    let tables: Vec<String> = (0..100).map(|i| format!(r#""t{i:03}":1"#)).collect();
    a.push_str(&tables.join(","));
    a.push_str(r#"}},"b:1":{"socket_conn":"UP","schema":{"#);
    let tables: Vec<String> = (0..100).map(|i| format!(r#""t{i:03}":2"#)).collect();
    a.push_str(&tables.join(","));
    a.push_str("}}}}");
    let f = run(&answer(&a));
    let drift = msgs(&f, "schema-drift");
    assert!(drift.len() <= 21, "{}", drift.len());
    assert!(drift[0].contains("`t000`"), "{drift:?}");
    assert!(drift.iter().any(|m| m.contains("and 72 more")), "{drift:?}");
}

// ---- Clock ----

fn expiring(exp: &str, dev: Option<&str>) -> SupportAnswer {
    let dev = dev
        .map(|d| format!(r#","device_iso8601":"{d}""#))
        .unwrap_or_default();
    answer(&format!(
        r#"{{"support":{{"socket_conn":"UP","expire_timestamp":"{exp}"{dev}}}}}"#
    ))
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
        .find(|x| x.code == "clock-skew")
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

fn f_node(a: &SupportAnswer) -> Node {
    a.nodes[0].clone()
}

#[test]
fn a_node_clock_within_a_day_is_the_reference() {
    // Node clock 23 h behind: the build expiring 2026-12-01T14:00 is 7 days
    // away on the node (a warning), 6 days away locally.
    let a = expiring("2026-12-01T14:00:00", Some("2026-11-24T13:00:00Z"));
    let f = run(&a);
    assert!(!f.iter().any(|x| x.code == "clock-skew"), "{f:#?}");
    assert!(has(&f, "build-expiring", Severity::Warning), "{f:#?}");
    assert_eq!(days_to_expiry(&a.nodes[0], now()), Some(Ok(7)));
    // Exactly one day apart still counts as the same clock.
    let a = expiring("2026-12-20T00:00:00", Some("2026-11-26T12:00:00Z"));
    assert!(!run(&a).iter().any(|x| x.code == "clock-skew"));
    let a = expiring("2026-12-20T00:00:00", Some("2026-11-24T12:00:00Z"));
    assert!(!run(&a).iter().any(|x| x.code == "clock-skew"));
    let a = expiring("2026-12-20T00:00:00", Some("2026-11-24T11:59:59Z"));
    assert!(run(&a).iter().any(|x| x.code == "clock-skew"));
}

#[test]
fn expiry_at_the_thresholds() {
    // now = 2026-11-25T12:00Z.
    let sev = |exp: &str| -> Vec<(&'static str, Severity)> {
        run(&expiring(exp, None))
            .iter()
            .map(|x| (x.code, x.severity))
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
    assert!(!f.iter().any(|x| x.code == "clock-skew"));
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
            .find(|x| x.code.starts_with("build-expir"))
            .unwrap();
        assert!(x.message.contains("2025-10-23"), "{}", x.message);
        assert!(x.message.contains("Cloud API"), "{}", x.message);
        assert!(!x.message.contains("upgrade"), "{}", x.message);
    }
}

// ---- Space ----

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
            .map(|x| (x.code, x.severity))
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

// ---- Sockets and locale ----

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
    let m = f.iter().find(|x| x.code == "socket-down").unwrap();
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
        code: "x",
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

fn schema_pair(a_tables: &[(&str, u32)], b_tables: &[(&str, u32)]) -> SupportAnswer {
    let obj = |t: &[(&str, u32)]| {
        t.iter()
            .map(|(k, v)| format!(r#""{k}":{v}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"UP","schema":{{{}}}}},"b:1":{{"socket_conn":"UP","schema":{{{}}}}}}}}}"#,
        obj(a_tables),
        obj(b_tables)
    ))
}

#[test]
fn schema_drift_at_the_table_limit() {
    let names: Vec<String> = (0..21).map(|i| format!("t{i:02}")).collect();
    let mk = |n: usize| {
        let a: Vec<(&str, u32)> = names[..n].iter().map(|t| (t.as_str(), 1)).collect();
        let b: Vec<(&str, u32)> = names[..n].iter().map(|t| (t.as_str(), 2)).collect();
        schema_pair(&a, &b)
    };
    let f = run(&mk(20));
    assert_eq!(msgs(&f, "schema-drift").len(), 20);
    assert!(!msgs(&f, "schema-drift").iter().any(|m| m.contains("more")));
    let f = run(&mk(21));
    let m = msgs(&f, "schema-drift");
    assert_eq!(m.len(), 21);
    assert!(m[20].contains("in 1 more table(s): t20"), "{}", m[20]);
}

#[test]
fn schema_drift_follows_the_spec_order_of_tables() {
    let f = run(&schema_pair(
        &[("zzz", 1), ("message", 1), ("axolotl", 1)],
        &[("zzz", 2), ("message", 2), ("axolotl", 2)],
    ));
    let m = msgs(&f, "schema-drift");
    assert!(m[0].contains("`axolotl`"), "{m:?}");
    assert!(m[1].contains("`message`"), "{m:?}");
    assert!(m[2].contains("`zzz`"), "{m:?}");
}

#[test]
fn drift_values_at_the_list_limit() {
    let eight: Vec<String> = (0..8).map(|i| format!("2.{i}.0")).collect();
    let m = only(
        &run(&drift_answer(
            &eight.iter().map(|v| Some(v.as_str())).collect::<Vec<_>>(),
        )),
        "build-drift",
    );
    assert!(!m.contains("more"), "{m}");
    assert!(m.contains("2.7.0 on n007:1"), "{m}");
    let nine: Vec<String> = (0..9).map(|i| format!("2.{i}.0")).collect();
    let m = only(
        &run(&drift_answer(
            &nine.iter().map(|v| Some(v.as_str())).collect::<Vec<_>>(),
        )),
        "build-drift",
    );
    assert!(m.ends_with("; and 1 more values"), "{m}");
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
fn gaps_before_the_first_range_without_a_master() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[2,3]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert!(has(&f, "master-shard-unowned", Severity::Critical));
    assert_eq!(
        only(&f, "shard-unowned"),
        "shard(s) 0-1 of 0-3 have no owner"
    );
    // Nobody owns anything: the master shard is unowned, no regular gap.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert_eq!(
        only(&f, "master-shard-unowned"),
        "no node owns the master shard (-1)"
    );
    assert!(msgs(&f, "shard-unowned").is_empty(), "{f:#?}");
}

#[test]
fn overlap_runs_at_the_list_limit() {
    let mk = |runs: usize| {
        let mut nodes = vec![
            r#""m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,100]]}"#
                .to_string(),
        ];
        for i in 0..runs {
            nodes.push(format!(
                r#""x{i:02}:1":{{"socket_conn":"UP","role":"coreapp","shards":[[{0},{0}]]}}"#,
                i * 2
            ));
        }
        answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")))
    };
    let m = only(&run(&mk(8)), "shard-overlap");
    assert!(!m.contains("more"), "{m}");
    assert!(m.ends_with("shard 14 claimed by m:1 and x07:1"), "{m}");
    let m = only(&run(&mk(9)), "shard-overlap");
    assert!(m.ends_with("; and 1 more overlapping run(s)"), "{m}");
}
