//! Host pseudonyms: stable, whole names only, node names split right,
//! and the verdict fields kept when they are known values.

use super::*;

#[test]
fn host_aliases_are_stable_everywhere() {
    let mut v: Value = serde_json::from_str(
        r#"{"support":{"10.0.0.1:c1":{"debug_info":"x","other":"peer 10.0.0.2 and 10.0.0.1"},"10.0.0.2:c2":{}}}"#,
    )
    .unwrap();
    let aliases = redact(
        &mut v,
        RedactOptions { hosts: true },
        &["wa.example.com:9090"],
    );
    let s = v.to_string();
    assert!(s.contains("\"node-1:c1\""), "{s}");
    assert!(s.contains("\"node-2:c2\""), "{s}");
    assert!(s.contains("peer node-2 and node-1"), "{s}");
    assert_eq!(aliases.get("wa.example.com"), Some("node-3"));
}

#[test]
fn node_names_never_merge() {
    let (v, _) = redacted(
        serde_json::json!({"support": {
            "h:wa-20240101-0": {"role": "coreapp"}, "h:wa-20240301-0": {"role": "coreapp"},
            "h:wa-4915112345678-0": {"debug_info": "+4915112345678"}, "h:wa-4915199999978-0": {},
            "h:wa-491••••••••••78-0": {}, "h:c": {}, "h:c~2": {}}}),
        false,
    );
    let keys: Vec<&String> = v["support"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 7, "{keys:?}");
    assert!(keys.iter().any(|k| *k == "h:wa-20240101-0"));
    assert!(
        keys.iter().any(|k| *k == "h:wa-49•••••••••78-0"),
        "{keys:?}"
    );
    assert!(
        keys.iter().any(|k| *k == "h:wa-49•••••••••78~2-0"),
        "{keys:?}"
    );
}

#[test]
fn same_pseudonym_for_the_same_input() {
    let mut a = Aliases::default();
    assert_eq!(a.phone("+4915112345678", true), "+49•••••••••78");
    assert_eq!(a.phone("+4915199999978", true), "+49•••••••••78~2");
    assert_eq!(
        a.phone("0049 151 12345678", true),
        "0049 •••-••••••78".replace('-', " ")
    );
    assert_eq!(a.phone("+4915199999978", true), "+49•••••••••78~2");
    assert_eq!(a.phone("+4915100000078", false), "+49•••••••••78");
    assert_eq!(a.counts().phones, 2);
    assert_eq!(
        unique("role".into(), |c| crate::model::NODE_FIELDS.contains(&c)),
        "role~2"
    );
    assert_eq!(unique("a".into(), |c| c == "a" || c == "a~2"), "a~3");
    assert_eq!(unique("a".into(), |_| false), "a");
}

#[test]
fn whole_host_names_only_and_the_verdict_fields_untouched() {
    let (v, a) = redacted(
        serde_json::json!({"support": {
            "master:wa-0": {"role": "primary_master", "socket_conn": "UP", "note": "master, core; primary_master core.x coreapp",
                "env": ["WA_DB_HOSTNAME=db1.internal", "X=postgres://u@db2.internal:5432/wa", "Y=http://[fd00::2]:80"],
                "db_host": "db3.internal", "peers": "10.0.0.9 fe80::1 and 10.0.0.9.",
                "errors": [{"code": 1011, "title": "on master"}]},
            "core:wa-1": {"role": "coreapp", "description": "core"}}}),
        true,
    );
    let n = &v["support"]["node-2:wa-0"];
    assert_eq!(n["role"], "primary_master");
    assert_eq!(n["note"], "node-2, node-1; primary_master core.x coreapp");
    // A verdict value that equals a host name stays: aliasing it on one
    // node and not on another (`2.51.3` vs `v2.51.3`) would invent a drift.
    assert_eq!(v["support"]["node-1:wa-1"]["description"], "core");
    assert_eq!(v["support"]["node-1:wa-1"]["role"], "coreapp");
    let text = v.to_string();
    for h in [
        "db1.internal",
        "db2.internal",
        "db3.internal",
        "fd00::2",
        "fe80::1",
        "10.0.0.9",
    ] {
        assert!(!text.contains(h), "{h}: {text}");
    }
    assert_eq!(n["errors"][0]["code"], 1011);
    assert_eq!(n["errors"][0]["title"], "on node-2");
    assert!(n["peers"].as_str().unwrap().starts_with("host-"), "{n}");
    assert_eq!(a.counts().hosts, 8);
    assert!(a.summary().ends_with(", 8 hosts"), "{}", a.summary());
    assert_eq!(
        a.get("10.0.0.9").map(|s| s.starts_with("host-")),
        Some(true)
    );
    assert_eq!(a.get("master"), Some("node-2"));
    assert_eq!(a.get("nope"), None);
}

#[test]
fn the_target_is_redacted_like_the_answer() {
    let (_, a) = redacted(
        serde_json::json!({"support": {"wa-prod-01:c": {"debug_info": "+4915112345678"}, "db:c": {}}}),
        true,
    );
    assert_eq!(
        a.apply("/tmp/t-4915112345678-wa-prod-01.json password=x"),
        "/tmp/t-49•••••••••78-node-2.json password=REDACTED"
    );
    assert_eq!(
        a.apply("xwa-prod-01 wa-prod-012 db"),
        "xwa-prod-01 wa-prod-012 node-1"
    );
    let (_, plain) = redacted(serde_json::json!({"support": {"wa1:c": {}}}), false);
    assert_eq!(
        plain.apply("wa1-71234567890123.json"),
        "wa1-7•••••••••••23.json"
    );
}

#[test]
fn ipv6_and_url_hosts_are_found() {
    assert_eq!(scan::ipv6_at(b"fe80::1 x", 0), Some(7));
    assert_eq!(scan::ipv6_at(b"fe80::1:wa", 0), Some(7));
    assert_eq!(scan::ipv6_at(b"12:00:00", 0), None);
    assert_eq!(scan::ipv6_at(b"::", 0), None);
    assert_eq!(scan::ipv6_at(b"fe80::1x", 0), None);
    assert_eq!(
        scan::url_hosts("a https://u:p@h1.x:1/p http://[::1]:2 ftp:// s3://b"),
        vec!["h1.x", "::1", "b"]
    );
    assert!(scan::is_ipv4("10.0.0.1"));
    assert!(!scan::is_ipv4("10.0.0"));
    assert!(!scan::is_ipv4("10.0.0.256"));
    assert!(!scan::is_ipv4("1..0.1"));
}

#[test]
fn a_bracketed_ipv6_node_host_is_aliased_bare_too() {
    let (v, a) = redacted(
        serde_json::json!({"support": {"[fd00::1]:wa-0": {"note": "peer fd00::1 up"}, "h2:wa-1": {}}}),
        true,
    );
    assert_eq!(a.get("[fd00::1]"), Some("node-1"));
    assert_eq!(a.get("fd00::1"), Some("node-1"));
    assert_eq!(v["support"]["node-1:wa-0"]["note"], "peer node-1 up");
    assert_eq!(a.counts().hosts, 2);
}

#[test]
fn host_names_inside_words_never_overlap() {
    let mut a = Aliases {
        opts: RedactOptions { hosts: true },
        ..Aliases::default()
    };
    a.alias("db.internal", false);
    a.alias("internal-x", false);
    a.alias("ab", false);
    // Overlapping: the longer wins; twice: both replaced; short: left.
    assert_eq!(
        a.hosts_inside_words("t-db.internal-x.json db.internal ab"),
        "t-host-1-x.json host-1 ab"
    );
    assert_eq!(
        a.hosts_inside_words("t-db.internal-x.json"),
        "t-host-1-x.json"
    );
    // Touching spans are both replaced.
    let mut a = Aliases {
        opts: RedactOptions { hosts: true },
        ..Aliases::default()
    };
    a.alias("-defg", true);
    a.alias("ab-", true);
    assert_eq!(a.hosts_inside_words("ab--defg"), "node-2node-1");
    let mut a = Aliases {
        opts: RedactOptions { hosts: true },
        ..Aliases::default()
    };
    a.alias("abcd-", true);
    a.alias("-ef", true);
    assert_eq!(a.hosts_inside_words("abcd--ef"), "node-1node-2");
}

#[test]
fn verdict_values_are_kept_when_known_and_masked_injectively_otherwise() {
    let (v, a) = redacted(
        serde_json::json!({"meta": {"api_status": "stable", "version": "v2.51.3 +4915112345678"},
          "support": {
            "h:1": {"role": "Primary_Master ", "socket_conn": "up  receiving offline", "version": "v2.51.3",
                "expire_timestamp": "1732524000", "device_iso8601": "2026-11-25", "lc": "ZZ",
                "free_space_data": "412316860416", "free_space_logs": "password=x", "multi_connect": "true",
                "shards": [["0", "password=y"]], "e2e": {"identity_timestamp": "1732524000", "registration_id": "token=abc"},
                "schema": {"tbl_4915112345678": "12", "t": "password=z"}},
            "h:2": {"role": "coreapp password=a", "socket_conn": 4915112345678u64, "version": "REDACTED-1",
                "expire_timestamp": "secret=b", "description": "coreapp password=a", "db_engine": 5,
                "e2e": "Bearer e2etoken", "lc": ["token=c"]},
            "h:3": {"role": "coreapp password=b", "socket_conn": true, "free_space_data": 1, "version": "2.51.3 ab"}}}),
        false,
    );
    let s = &v["support"];
    assert_eq!(s["h:1"]["role"], "Primary_Master ");
    assert_eq!(s["h:1"]["socket_conn"], "up  receiving offline");
    assert_eq!(s["h:1"]["version"], "v2.51.3");
    assert_eq!(s["h:1"]["expire_timestamp"], "1732524000");
    assert_eq!(s["h:1"]["device_iso8601"], "2026-11-25");
    assert_eq!(s["h:1"]["lc"], "ZZ");
    assert_eq!(s["h:1"]["free_space_data"], "412316860416");
    assert_eq!(s["h:1"]["free_space_logs"], "password=REDACTED");
    assert_eq!(s["h:1"]["multi_connect"], "true");
    assert_eq!(
        s["h:1"]["shards"],
        serde_json::json!([["0", "password=REDACTED"]])
    );
    assert_eq!(s["h:1"]["e2e"]["identity_timestamp"], "1732524000");
    assert_eq!(s["h:1"]["e2e"]["registration_id"], "REDACTED-2");
    assert_eq!(s["h:1"]["schema"]["tbl_49•••••••••78"], "12");
    assert_eq!(s["h:1"]["schema"]["t"], "password=REDACTED");
    assert_eq!(v["meta"]["api_status"], "stable");
    assert_eq!(v["meta"]["version"], "REDACTED-1");
    // Equal values share a mask, different ones do not; a value that
    // looks like a mask is masked too, so no two values merge.
    assert_eq!(s["h:2"]["role"], "REDACTED-3");
    assert_eq!(s["h:2"]["description"], "REDACTED-3");
    assert_eq!(s["h:3"]["role"], "REDACTED-7");
    assert_eq!(s["h:2"]["socket_conn"], "REDACTED-5");
    assert_eq!(s["h:2"]["version"], "REDACTED-6");
    assert_eq!(s["h:2"]["expire_timestamp"], "REDACTED-4");
    assert_eq!(s["h:2"]["db_engine"], 5);
    assert_eq!(s["h:2"]["e2e"], "Bearer REDACTED");
    assert_eq!(s["h:2"]["lc"], serde_json::json!(["token=REDACTED"]));
    assert_eq!(s["h:3"]["socket_conn"], true);
    assert_eq!(s["h:3"]["free_space_data"], 1);
    assert_eq!(s["h:3"]["version"], "2.51.3 ab");
    assert!(a.counts().secrets >= 6, "{:?}", a.counts());
}

#[test]
fn node_names_are_split_at_the_first_colon_or_after_an_ipv6_address() {
    assert_eq!(split_node("h:c:"), ("h", Some("c:")));
    assert_eq!(split_node("h:a:b"), ("h", Some("a:b")));
    assert_eq!(split_node("h"), ("h", None));
    assert_eq!(split_node("[fd00::1]:wa-0"), ("[fd00::1]", Some("wa-0")));
    assert_eq!(split_node("fe80::1:wa-0"), ("fe80::1", Some("wa-0")));
    assert_eq!(split_node("fe80::1"), ("fe80", Some(":1")));
    assert_eq!(split_node("dead:beef:c"), ("dead", Some("beef:c")));
    assert!(node_like("a:b") && !node_like(":b") && !node_like("a:") && !node_like("a: b"));
    assert!(!node_like("ab"));
    let (v, _) = redacted(
        serde_json::json!({"support": {"h:c:": {}, "h:a:b": {}, "h:password=x": {}, "g:password=\"a b\"": "",
            "fe80::1:wa-0": {}, "version": {}}}),
        true,
    );
    let keys: Vec<&String> = v["support"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "REDACTED-1",
            "node-1:wa-0",
            "node-3:a:b",
            "node-3:c:",
            "node-3:password=REDACTED",
            "version"
        ]
    );
    let (v, _) = redacted(
        serde_json::json!({"support": {"h:password=\"ab\"": {}, "password=x:y": {}, "http://u:pw@h:c": {}}}),
        false,
    );
    let keys: Vec<&String> = v["support"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "REDACTED:REDACTED-1",
            "h:password=\"REDACTED\"",
            "http://REDACTED@h:c"
        ]
    );
}

#[test]
fn only_host_like_values_of_host_fields_are_aliased() {
    let (v, a) = redacted(
        serde_json::json!({"support": {"h:1": {
            "db_host": "db9.internal", "host_a": "localhost", "host_b": "x", "host_c": "two words",
            "host_d": "12345", "host_e": "db\u{e9}", "host_f": "a:b"}}}),
        true,
    );
    let n = &v["support"]["node-1:1"];
    assert!(n["db_host"].as_str().unwrap().starts_with("host-"), "{n}");
    for (k, want) in [
        ("host_a", "localhost"),
        ("host_b", "x"),
        ("host_c", "two words"),
        ("host_d", "12345"),
        ("host_e", "db\u{e9}"),
    ] {
        assert_eq!(n[k], want, "{k}");
    }
    assert_eq!(a.get("a:b").map(|s| s.starts_with("host-")), Some(true));
    assert_eq!(a.counts().hosts, 3);
}

#[test]
fn recognised_verdict_values_stay_even_when_they_look_like_a_host_or_a_number() {
    // Hosts named like a role, a state or a boolean; a business number
    // whose digits are a time or a byte count.
    let (v, _) = redacted(
        serde_json::json!({"support": {
            "coreapp:1": {"role": "coreapp", "socket_conn": "UP", "multi_connect": "false",
                "debug_info": "+1732524000", "expire_timestamp": "1732524000"},
            "UP:1": {"role": "coreapp", "socket_conn": "UP", "multi_connect": "true",
                "debug_info": "+18446744073709551615", "free_space_data": "18446744073709551615"},
            "false:1": {"role": "coreapp", "multi_connect": "false"},
            "true:1": {"role": "coreapp", "multi_connect": "true"}}}),
        true,
    );
    let nodes: Vec<&Value> = v["support"].as_object().unwrap().values().collect();
    assert_eq!(nodes.len(), 4);
    for n in &nodes {
        assert_eq!(n["role"], "coreapp", "{n}");
        let m = n["multi_connect"].as_str().unwrap();
        assert!(m == "true" || m == "false", "{n}");
    }
    let text = v.to_string();
    assert!(text.contains(r#""socket_conn":"UP""#), "{text}");
    assert!(
        text.contains(r#""expire_timestamp":"1732524000""#),
        "{text}"
    );
    assert!(
        text.contains(r#""free_space_data":"18446744073709551615""#),
        "{text}"
    );
}

#[test]
fn hosts_in_keys_arrays_and_text_are_aliased() {
    let mut v = serde_json::json!({"support": {"10.0.0.1:c1": {
        "peer_map": {"10.44.44.44": "ok", "db.secret.corp": "x", "fd00::4444": "ok"},
        "peers": ["10.88.88.88", "cache.corp.example"],
        "last_error": "upstream 10.66.66.66:9090 (lb-internal.corp.example) down; wrote report.md and a.tar.gz; v2.51.3",
        "jid": "4917699998888@s.whatsapp.net",
    }}});
    let mut a = redact(&mut v, RedactOptions { hosts: true }, &[]);
    let s = v.to_string();
    for clear in [
        "10.44.44.44",
        "db.secret.corp",
        "fd00::4444",
        "10.88.88.88",
        "cache.corp.example",
        "10.66.66.66",
        "lb-internal.corp.example",
    ] {
        assert!(!s.contains(clear), "{clear}: {s}");
    }
    // File names, versions and the WhatsApp domain are no hosts.
    for kept in ["report.md", "a.tar.gz", "v2.51.3", "@s.whatsapp.net"] {
        assert!(s.contains(kept), "{kept}: {s}");
    }
    // Text: every address, and names in host positions, same table.
    let out = a.redact_text(
        "wa_x{instance=\"10.55.55.55:9100\",db=\"secret-db.internal\",v6=\"fd00::1234\",peer=\"10.44.44.44\",db_name=\"wa\"} 1\nu@mysql-prod:3306 wauser:pw@tcp(db:3306)/wa",
    );
    for clear in [
        "10.55.55.55",
        "secret-db.internal",
        "fd00::1234",
        "10.44.44.44",
        "mysql-prod",
    ] {
        assert!(!out.contains(clear), "{clear}: {out}");
    }
    let peer = a.get("10.44.44.44").unwrap().to_string();
    assert!(out.contains(&format!("peer=\"{peer}\"")), "{out}");
    assert!(
        out.contains("db_name=\"wa\"") && out.contains("@tcp(db:3306)/wa"),
        "{out}"
    );
    // A name is redacted the same way.
    assert!(!a.apply("prod-10.9.9.9.json").contains("10.9.9.9"));
    assert!(looks_like_host("wa-staging.internal") && looks_like_host("127.0.0.1"));
    assert!(looks_like_host("prod-10.0.0.1"));
    assert!(!looks_like_host("prod") && !looks_like_host("ticket-1234.json"));
}

#[test]
fn without_host_redaction_text_keeps_its_hosts() {
    let mut a = redact(&mut serde_json::json!({}), RedactOptions::default(), &[]);
    let t = "instance=\"10.55.55.55:9100\" db=\"secret-db.internal\"";
    assert_eq!(a.redact_text(t), t);
}
