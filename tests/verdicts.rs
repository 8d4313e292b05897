//! The verdict of the real binary on answers that are valid but unusual:
//! fields a deployment does not send, shard lists that overlap at scale,
//! node clocks that are wrong, hostile names. Each command runs with a
//! realistic environment (WA_SUPPORT_* set, a config file with a default
//! profile present) as well as a cleared one.
//!
//! Also answers a new user met: nothing
//! connected, high availability without shard lists, nodes that report
//! nothing, description drift, placeholder expiries, unreadable clocks and
//! negative shard ranges. Each case runs with a realistic environment
//! (WA_SUPPORT_* set, a config file with a default profile present) as well
//! as a cleared one.

use assert_cmd::Command;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common;
use crate::common::{stdout_of, tempdir, wa};

/// The two environments every case runs in.
fn envs(home: &Path) -> [Command; 2] {
    let token = home.join("prod.token");
    std::fs::write(&token, "profile-token\n").unwrap();
    std::fs::write(
        home.join("config.toml"),
        format!(
            "default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"http://127.0.0.1:9\"\ntoken_file = \"{}\"\ntimeout = 3\n",
            token.display()
        ),
    )
    .unwrap();
    let mut real = wa(home);
    real.env("WA_SUPPORT_URL", "https://127.0.0.1:7")
        .env("WA_SUPPORT_TOKEN", "env-token-value")
        .env("WA_SUPPORT_TIMEOUT", "4")
        .env("WA_SUPPORT_PROFILE", "prod")
        .env("XDG_CONFIG_HOME", home);
    [wa(home), real]
}

/// Runs `args` plus `--file FILE` on `body` in both environments; returns
/// (exit code, stdout) of each.
fn run(body: &str, args: &[&str]) -> Vec<(i32, String)> {
    let home = tempdir();
    let file = home.path().join("answer.json");
    std::fs::write(&file, body).unwrap();
    envs(home.path())
        .into_iter()
        .map(|mut c| {
            let out = c.args(args).arg("--file").arg(&file).output().unwrap();
            (out.status.code().unwrap_or(-1), stdout_of(&out))
        })
        .collect()
}

/// The binary's clock in these tests (`common::NOW`).
fn now_secs() -> i64 {
    common::NOW_SECS
}

#[test]
fn a_healthy_cluster_without_shards_or_roles_is_ok() {
    let body = r#"{"support":{
        "10.0.0.1:wa-core-1":{"socket_conn":"UP","version":"2.53.1"},
        "10.0.0.2:wa-core-2":{"socket_conn":"UP","version":"2.53.1"},
        "10.0.0.3:wa-core-3":{"socket_conn":"UP","version":"2.53.1"}
    }}"#;
    for (code, out) in run(body, &["check"]) {
        assert_eq!(code, 0, "{out}");
        assert!(out.starts_with("WA-SUPPORT OK"), "{out}");
        assert!(out.contains("[shards-unknown]"), "{out}");
    }
}

#[test]
fn a_disconnected_node_of_unknown_ownership_is_a_warning() {
    let body = r#"{"support":{
        "10.0.0.1:wa-master-0":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,0]]},
        "10.0.0.2:wa-core-1":{"socket_conn":"DN","role":"coreapp"}
    }}"#;
    for (code, out) in run(body, &["check"]) {
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains("WARNING: 10.0.0.2:wa-core-1:") && out.contains("[ownership-unknown]"),
            "{out}"
        );
        assert!(!out.contains("[standby]"), "{out}");
    }
}

#[test]
fn two_nodes_claiming_four_thousand_shards_is_one_short_line() {
    let body = r#"{"support":{
        "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "a:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,4000]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,4000]]}
    }}"#;
    for (code, out) in run(body, &["check"]) {
        assert_eq!(code, 2, "{out}");
        assert!(out.len() < 4_000, "{} bytes", out.len());
        assert_eq!(out.matches("[shard-overlap]").count(), 1, "{out}");
        assert!(
            out.contains("shards 0-4000 claimed by a:1 and b:1"),
            "{out}"
        );
    }
}

#[test]
fn twenty_thousand_full_ranges_are_cheap_and_bounded() {
    let list = vec!["[-1,4096]"; 20_000].join(",");
    let body = format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[{list}]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":[{list}]}}}}}}"#
    );
    let start = Instant::now();
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 2, "{out}");
        assert!(out.len() < 8_000, "{} bytes", out.len());
        assert!(
            out.contains("shards 0-4096 claimed by a:1 and b:1"),
            "{out}"
        );
    }
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_node_clock_of_1970_does_not_hide_an_expired_build() {
    let expired = now_secs() - 3 * 86_400 - 600;
    let body = format!(
        r#"{{"support":{{"socket_conn":"UP","device_iso8601":"1970-01-01T00:00:00Z","expire_timestamp":"{expired}"}}}}"#
    );
    for (code, out) in run(&body, &["check", "--json"]) {
        assert_eq!(code, 2, "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let text = v.to_string();
        assert!(text.contains("build-expired"), "{text}");
        assert!(text.contains("clock-skew"), "{text}");
        assert!(text.contains("Cloud API"), "{text}");
    }
    // A node clock a few hours off is still the reference: no skew.
    let body = format!(
        r#"{{"support":{{"socket_conn":"UP","device_iso8601":{},"expire_timestamp":"{}"}}}}"#,
        now_secs() - 5 * 3600,
        now_secs() + 100 * 86_400
    );
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 0, "{out}");
        assert!(!out.contains("clock-skew"), "{out}");
    }
}

#[test]
fn normalized_finding_node_is_the_node_name() {
    let body = "{\"support\":{\"h\\u001b]0;x\\u0007\\u202e:1\":{\"role\":\"coreapp\",\"shards\":[[0,0]],\"socket_conn\":\"DN\"},\"m:1\":{\"role\":\"primary_master\",\"shards\":[[-1,-1]],\"socket_conn\":\"UP\"}}}";
    for (code, out) in run(body, &["show", "-o", "json"]) {
        assert_eq!(code, 0, "{out}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out}"
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let names: Vec<&str> = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap())
            .collect();
        let findings = v["findings"].as_array().unwrap();
        let down = findings
            .iter()
            .find(|f| f["code"] == "socket-down")
            .expect("socket-down");
        assert_eq!(down["node"], "h\u{1b}]0;x\u{7}\u{202e}:1");
        for f in findings {
            if let Some(n) = f["node"].as_str() {
                assert!(names.contains(&n), "{n:?} not in {names:?}");
            }
        }
    }
}

#[test]
fn check_escapes_raw_names_at_print_time() {
    let body = "{\"support\":{\"h\\u001b]0;x\\u0007:1\":{\"role\":\"coreapp\",\"shards\":[[0,0]],\"socket_conn\":\"DN\"},\"m:1\":{\"role\":\"primary_master\",\"shards\":[[-1,-1]],\"socket_conn\":\"UP\"}}}";
    for args in [&["check"][..], &["show"][..]] {
        for (_, out) in run(body, args) {
            assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
            assert!(out.contains("h\\e]0;x\\a:1"), "{out}");
        }
    }
}

#[test]
fn no_limit_reported_is_not_low_space() {
    let body = r#"{"support":{"socket_conn":"UP","free_space_data":9223372036853727000,"free_space_logs":9223372036853727000}}"#;
    for (code, out) in run(
        body,
        &[
            "check",
            "--space-warn",
            "10000000TB",
            "--space-crit",
            "9000000TB",
        ],
    ) {
        assert_eq!(code, 0, "{out}");
        assert!(!out.contains("space-low"), "{out}");
    }
}

/// A node as a real deployment sends it, expiring in a year, with `extra`
/// fields (`"socket_conn":"UP"`, `"role":"coreapp"`...) spliced in.
fn node(extra: &str) -> String {
    let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 365);
    let sep = if extra.is_empty() { "" } else { "," };
    format!(
        r#"{{"multi_connect":true,"db_engine":"MYSQL","description":"v2.51.3","version":"2.51.3",
        "device_iso8601":"{now}","expire_timestamp":"{exp}","free_space_data":412316860416,
        "free_space_logs":40802189312,"lc":"de","lg":"DE",
        "schema":{{"axolotl":12,"message":31}}{sep}{extra}}}"#,
        now = jiff::Timestamp::now(),
        exp = expires.strftime("%Y-%m-%dT%H:%M:%S"),
    )
}

fn cluster(nodes: &[(&str, String)]) -> String {
    let inner: Vec<String> = nodes.iter().map(|(k, v)| format!(r#""{k}":{v}"#)).collect();
    format!(
        r#"{{"meta":{{"api_status":"stable"}},"support":{{{}}}}}"#,
        inner.join(",")
    )
}

/// `check --json`'s findings as (code, severity) pairs.
fn codes(json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let list = v
        .get("findings")
        .and_then(|f| f.as_array())
        .or_else(|| v.as_array())
        .unwrap_or_else(|| panic!("no findings in {json}"));
    list.iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn four_coreapps_all_down_without_role_or_shards_is_critical() {
    let body = cluster(&[
        ("h0:wa-coreapp-0", node(r#""socket_conn":"DN""#)),
        ("h1:wa-coreapp-1", node(r#""socket_conn":"DN""#)),
        ("h2:wa-coreapp-2", node(r#""socket_conn":"DN""#)),
        ("h3:wa-coreapp-3", node(r#""socket_conn":"DN""#)),
    ]);
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 2, "{out}");
        assert!(out.starts_with("WA-SUPPORT CRITICAL"), "{out}");
        assert!(out.contains("[no-node-connected]"), "{out}");
        assert!(out.contains("nodes_up=0;"), "{out}");
    }
}

#[test]
fn one_node_in_ha_shape_down_is_critical() {
    let body = cluster(&[("h0:m", node(r#""socket_conn":"DN""#))]);
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("[no-node-connected]"), "{out}");
    }
}

#[test]
fn ha_with_roles_and_no_shards_is_not_critical_while_one_coreapp_is_up() {
    let body = cluster(&[
        (
            "h0:wa-master-0",
            node(r#""socket_conn":"DN","role":"primary_master""#),
        ),
        (
            "h1:wa-master-1",
            node(r#""socket_conn":"DN","role":"secondary_master""#),
        ),
        (
            "h2:wa-coreapp-0",
            node(r#""socket_conn":"UP","role":"coreapp""#),
        ),
        (
            "h3:wa-coreapp-1",
            node(r#""socket_conn":"DN","role":"coreapp""#),
        ),
    ]);
    for (code, out) in run(&body, &["check", "--json"]) {
        assert_eq!(code, 1, "{out}");
        let c = codes(&out);
        assert!(!c.iter().any(|(k, _)| k == "socket-down"), "{out}");
        assert!(!c.iter().any(|(k, _)| k == "no-node-connected"), "{out}");
        let unknown = c.iter().filter(|(k, _)| k == "ownership-unknown").count();
        assert_eq!(unknown, 3, "{out}");
    }
}

#[test]
fn nodes_that_report_no_socket_state_are_socket_missing() {
    for other in [
        "{}".to_string(),
        node(""),
        node(r#""shards":[]"#),
        node(r#""role":"coreapp""#),
    ] {
        let body = cluster(&[
            (
                "h0:a",
                node(r#""socket_conn":"UP","role":"primary_master","shards":[[-1,0]]"#),
            ),
            ("h1:b", other.clone()),
        ]);
        for (code, out) in run(&body, &["check"]) {
            assert_eq!(code, 1, "{other}: {out}");
            assert!(
                out.contains(
                    "WARNING: h1:b: the answer does not say whether the node is connected"
                ),
                "{other}: {out}"
            );
            assert!(out.contains("[socket-missing]"), "{out}");
        }
    }
}

#[test]
fn an_empty_errors_list_alone_is_a_node_in_error() {
    let body = cluster(&[
        ("h0:a", node(r#""socket_conn":"UP""#)),
        ("h1:b", r#"{"errors":[]}"#.into()),
    ]);
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("h1:b: node answered with an error"), "{out}");
        assert!(out.contains("empty errors list"), "{out}");
    }
    for (code, out) in run(&body, &["show", "-o", "json"]) {
        assert_eq!(code, 0, "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["summary"]["nodes_in_error"], 1, "{out}");
        assert_eq!(v["summary"]["nodes_up"], 1, "{out}");
    }
}

#[test]
fn a_node_in_error_does_not_count_as_up() {
    let body = cluster(&[
        (
            "h0:m",
            node(r#""socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]"#),
        ),
        (
            "h1:c",
            node(
                r#""socket_conn":"UP","role":"coreapp","shards":[[0,0]],"errors":[{"code":1014,"title":"Internal error"}]"#,
            ),
        ),
    ]);
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("nodes_up=1;;;0;2"), "{out}");
    }
    for (_, out) in run(&body, &["show", "-o", "json"]) {
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["summary"]["nodes_up"], 1, "{out}");
    }
}

#[test]
fn description_drift_is_build_drift() {
    let a = node(r#""socket_conn":"UP","role":"primary_master","shards":[[-1,0]]"#);
    let b = node(r#""socket_conn":"UP","role":"coreapp","shards":[[1,1]]"#)
        .replace(r#""description":"v2.51.3""#, r#""description":"v2.49.1""#);
    let body = cluster(&[("h0:a", a), ("h1:b", b)]);
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("[build-drift]"), "{out}");
        assert!(out.contains("2.49.1 on h1:b"), "{out}");
    }
}

#[test]
fn placeholder_expiry_is_unreadable_not_expired() {
    for raw in ["-1", "0", "\"0\""] {
        let body = format!(
            r#"{{"support":{{"socket_conn":"UP","version":"2.51.3","expire_timestamp":{raw}}}}}"#
        );
        for (code, out) in run(&body, &["check"]) {
            assert_eq!(code, 1, "{raw}: {out}");
            assert!(out.contains("[expiry-unreadable]"), "{raw}: {out}");
            assert!(!out.contains("expired"), "{raw}: {out}");
            assert!(!out.contains("expiry_days="), "{raw}: {out}");
        }
    }
}

#[test]
fn a_boolean_expiry_is_shown_as_sent() {
    let body = r#"{"support":{"socket_conn":"UP","version":"2.51.3","expire_timestamp":true}}"#;
    for (code, out) in run(body, &["check"]) {
        assert_eq!(code, 1, "{out}");
        assert!(!out.contains("\"true\""), "{out}");
        assert!(out.contains("has true"), "{out}");
    }
}

#[test]
fn an_unreadable_node_clock_is_a_note() {
    let body = cluster(&[("h0:a", node(r#""socket_conn":"UP""#))]).replace(
        r#""device_iso8601":"#,
        r#""device_iso8601":"garbage","was":"#,
    );
    for (code, out) in run(&body, &["check", "--json"]) {
        assert_eq!(code, 0, "{out}");
        let c = codes(&out);
        assert!(
            c.contains(&("clock-unreadable".into(), "note".into())),
            "{out}"
        );
    }
}

#[test]
fn negative_shard_ranges_read_unambiguously() {
    let body = cluster(&[
        (
            "h0:m",
            node(r#""socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,0]]"#),
        ),
        (
            "h3:c",
            node(r#""socket_conn":"UP","role":"coreapp","shards":[[-7,-2]]"#),
        ),
    ]);
    for (code, out) in run(&body, &["check"]) {
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("range(s) -7..-2;"), "{out}");
        assert!(!out.contains("-7--2"), "{out}");
    }
    for (_, out) in run(&body, &["show", "--color", "never"]) {
        assert!(out.contains("-7..-2"), "{out}");
        assert!(!out.contains("-7--2"), "{out}");
    }
}
