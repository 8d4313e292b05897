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
        .map(|f| (f.code, f.severity, f.node.as_deref()))
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
    assert!(msg("shard-overlap")[0].contains("shard 0 is owned by several nodes: b:1, c:1"));
    assert!(msg("primary-master-duplicate")[0].contains("a:1, e:1"));
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

#[test]
fn hostile_names_are_escaped_in_findings() {
    let a = answer(
        "{\"support\":{\"evil\\u001b]0;x\\u0007:1\":{\"role\":\"coreapp\",\"shards\":[[0,0]],\"socket_conn\":\"DN\"}}}",
    );
    let f = run(&a);
    for x in &f {
        assert!(!x.node.as_deref().unwrap_or("").contains('\x1b'));
        assert!(!x.message.contains('\x1b'));
    }
    assert!(
        f.iter()
            .any(|x| x.node.as_deref() == Some("evil\\e]0;x\\a:1"))
    );
}
