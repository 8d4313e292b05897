//! Redaction through the real binary, part two: secrets in the fields the
//! verdict is read from, more secret and phone shapes, node names that
//! keep their `host:container` form.

mod common;
mod redaction_support;

use std::path::Path;

use common::{stderr_of, stdout_of, tempdir};
use redaction_support::{check_status, report_status, wa_real};
use serde_json::json;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Every output form of a redacting command, as text.
fn every_form(home: &Path, file: &Path, hosts: bool) -> Vec<(String, String)> {
    let runs: [&[&str]; 4] = [
        &["report"],
        &["show", "--redact"],
        &["show", "--redact", "-o", "json"],
        &["show", "--json", "--redact"],
    ];
    let mut out = Vec::new();
    for args in runs {
        let mut c = wa_real(home);
        c.args(args).arg("--file").arg(file).env("COLUMNS", "400");
        if hosts {
            c.arg("--redact-hosts");
        }
        let o = c.output().unwrap();
        let name = args.join(" ");
        assert!(
            o.status.code().is_some_and(|c| c < 100),
            "{name}: exit {:?}: {}",
            o.status,
            stderr_of(&o)
        );
        out.push((name, stdout_of(&o) + &stderr_of(&o)));
    }
    out
}

fn assert_nothing_leaks(home: &Path, file: &Path, secrets: &[&str]) {
    for hosts in [false, true] {
        for (form, out) in every_form(home, file, hosts) {
            for s in secrets {
                assert!(
                    !out.contains(s),
                    "{s:?} leaked in {form} (hosts {hosts}):\n{out}"
                );
            }
        }
    }
}

fn assert_same_verdict(home: &Path, f: &Path) {
    let (cs, cn) = check_status(home, f);
    assert!(!cs.is_empty() && !cn.is_empty());
    for hosts in [false, true] {
        let (rs, rn, out) = report_status(home, f, hosts);
        assert_eq!(
            (rs.as_str(), rn.as_str()),
            (cs.as_str(), cn.as_str()),
            "{} (hosts {hosts}):\n{out}",
            f.display()
        );
    }
}

/// Secrets in the values diagnosis reads, and in values of the wrong type.
const VERDICT_ANSWER: &str = r#"{"meta":{"api_status":"stable password=MetaPw1","version":"v2.51.3 +49 151 12345678"},
 "errors":[{"code":1016,"title":"overloaded; db password=TopErrPw1","details":"Bearer TopErrBearer0123456789"}],
 "support":{
 "h1:wa-coreapp-0":{"role":"primary_master","shards":[[-1,-1]],"socket_conn":"UP","version":"v2.51.3","description":"v2.51.3 built for +49 151 12345678 token=DescTok0123456789abcdef","debug_info":"+4915112345678","expire_timestamp":"2027-02-12T10:22:41","device_iso8601":"2026-11-25T09:14:03Z","db_engine":"MYSQL password=DbEnginePw","lc":"de","lg":"DE","schema":{"axolotl":12,"tbl_4915112345678":3}},
 "h2:wa-coreapp-1":{"errors":[{"code":1011,"title":"Service unavailable: mysql://root:NodeErrPw1@db/wa","details":"password=NodeErrPw2, call +49 151 12345678"}]},
 "h3:wa-coreapp-2":{"role":"coreapp password=RolePw1","shards":[[0,0]],"socket_conn":"UP Bearer SockBearer0123456789","version":"v2.51.3 password=VerPw1","schema":{"axolotl":12},"expire_timestamp":"secret=ExpPw1","e2e":"Bearer E2eBearer0123456789","free_space_logs":"db password=LogsPw1 at +49 151 87654321","lc":["token=LcTok1abcdefghijklmnop"]}
}}"#;

const VERDICT_SECRETS: [&str; 17] = [
    "MetaPw1",
    "12345678",
    "TopErrPw1",
    "TopErrBearer",
    "DescTok",
    "DbEnginePw",
    "NodeErrPw1",
    "NodeErrPw2",
    "RolePw1",
    "SockBearer",
    "VerPw1",
    "ExpPw1",
    "E2eBearer",
    "LogsPw1",
    "87654321",
    "LcTok1",
    "tbl_49151",
];

#[test]
fn secrets_in_verdict_fields_are_masked_and_the_verdict_kept() {
    let dir = tempdir();
    let f = write(dir.path(), "a.json", VERDICT_ANSWER);
    assert_nothing_leaks(dir.path(), &f, &VERDICT_SECRETS);
    assert_same_verdict(dir.path(), &f);
    let (_, _, out) = report_status(dir.path(), &f, false);
    // The findings read from masked values are still there, on masked values.
    for code in [
        "build-drift",
        "socket-unrecognised",
        "role-unrecognised",
        "expiry-unreadable",
        "field-unreadable",
    ] {
        assert!(out.contains(code), "{code} missing:\n{out}");
    }
    assert!(out.contains("REDACTED-"), "{out}");
    // Known values stay as sent.
    assert!(out.contains("primary_master"), "{out}");
    assert!(out.contains("2027-02-12"), "{out}");
}

#[test]
fn masked_verdict_values_stay_distinct_and_equal_ones_equal() {
    let dir = tempdir();
    let node = |v: &str, sock: &str| {
        json!({"role": "coreapp", "shards": [[0, 0]], "socket_conn": sock, "version": v,
            "multi_connect": true, "expire_timestamp": "2099-01-01T00:00:00"})
    };
    // Two different secret-bearing versions: still a drift.
    let v = json!({"support": {
        "a:1": node("v2.51.3 password=One", "UP"), "b:1": node("v2.51.3 password=Two", "UP")}});
    let f = write(dir.path(), "d.json", &v.to_string());
    let (_, _, out) = report_status(dir.path(), &f, false);
    assert!(out.contains("build-drift"), "{out}");
    assert!(
        out.contains("REDACTED-1") && out.contains("REDACTED-2"),
        "{out}"
    );
    assert_same_verdict(dir.path(), &f);
    // The same one on both nodes: no drift, one mask.
    let v = json!({"support": {
        "a:1": node("v2.51.3 password=One", "UP +4915112345678"), "b:1": node("v2.51.3 password=One", "UP +4915112345678")}});
    let f = write(dir.path(), "e.json", &v.to_string());
    let (_, _, out) = report_status(dir.path(), &f, false);
    assert!(!out.contains("build-drift"), "{out}");
    assert!(!out.contains("REDACTED-3"), "{out}");
    assert!(!out.contains("15112345"), "{out}");
    assert_same_verdict(dir.path(), &f);
}

#[test]
fn more_secret_shapes_are_masked_in_every_form() {
    let dir = tempdir();
    let v = json!({"support": {
        "10.0.0.5:wa-coreapp-4915112345678-0": {
            "role": "primary_master", "shards": [[-1, -1]], "socket_conn": "UP",
            "debug_info": "+4915112345678", "version": "v2.51.3", "multi_connect": true,
            "t1": "national 0151 12345678 / 015112345678 / 49 151 12345678 / +4915112345678",
            "t2": "full-width +４９１５１１２３４５６７８ and arabic +49 ١٥١ ١٢٣٤٥٦٧٨",
            "t3": "call (555) 000-1111 or +1 (555) 000-2222",
            "t4": "wauser:GoDsnPw1@tcp(db:3306)/wa",
            "t5": "mysql://u:p@ss@host/db",
            "t6": "X-API-Key: apikeyval99",
            "notes": ["passwordÜberlang=foo1", "Passwört=bar2", "passwordé=è3"],
            "t7": "Apikey\u{a0}nbspkeyabcdefabcdefabcdef",
            "t8": "-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END RSA PRIVATE KEY-----",
            "t9": "sk_live_51HabcdefGHIJKLmnop ghp_abcdefghijklmnopqrstuvwxyz0123456789 xoxb-1234-5678-abcdefgh",
            "t10": "Digest username=\"a\", response=\"6629fae49393a05397450978507c4ef1\"",
            "schema": {"axolotl": 12, "tbl_4915112345678": 3},
            "4915112345678": "numkey",
        },
        "10.0.0.6:h-passwd=NodeNamePw1": {"role": "coreapp", "shards": [[0, 0]], "socket_conn": "UP",
            "multi_connect": true, "version": "v2.51.3"},
    }});
    let f = write(dir.path(), "s.json", &v.to_string());
    assert_nothing_leaks(
        dir.path(),
        &f,
        &[
            "12345678",
            "１２３",
            "١٢٣",
            "000-1111",
            "000-2222",
            "GoDsnPw1",
            "ss@host",
            "apikeyval99",
            "foo1",
            "bar2",
            "è3",
            "nbspkey",
            "MIIEvQ",
            "sk_live_51",
            "ghp_abc",
            "xoxb-1234",
            "6629fae4",
            "NodeNamePw1",
        ],
    );
    assert_same_verdict(dir.path(), &f);
}

#[test]
fn node_names_keep_their_host_container_form() {
    let dir = tempdir();
    let long = format!("token={}::", "x".repeat(300));
    let cases = [
        r#"{"support":{"wa1:coreapp:":{"errors":[{"code":1011,"title":"Service unavailable"}]},"x":1}}"#.to_string(),
        r#"{"support":{"h:c:":{"errors":[{"code":1011,"title":"down"}]},"h:a:b":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},"x":1}}"#.to_string(),
        json!({"support": {long.clone(): {"errors": [{"code": 1011, "title": "down"}]}, "x": 1}}).to_string(),
        r#"{"support":{"a:b token=\"x y\"":"","c:d":{"errors":"x"}}}"#.to_string(),
    ];
    for (i, text) in cases.iter().enumerate() {
        let f = write(dir.path(), &format!("c{i}.json"), text);
        assert_same_verdict(dir.path(), &f);
    }
    let f = write(dir.path(), "c0.json", &cases[0]);
    let (_, _, out) = report_status(dir.path(), &f, true);
    assert!(out.contains("node-1:coreapp:"), "{out}");
    let f = write(dir.path(), "c2.json", &cases[2]);
    let (_, _, out) = report_status(dir.path(), &f, false);
    assert!(!out.contains("xxxxxxxx"), "{out}");
}

#[test]
fn a_version_or_engine_equal_to_a_host_name_keeps_the_verdict() {
    let dir = tempdir();
    let answers = [
        r#"{"support":{"2.51.3:a":{"socket_conn":"UP","version":"2.51.3"},"h:b":{"socket_conn":"UP","version":"v2.51.3"}}}"#,
        r#"{"support":{"h:a":{"socket_conn":"UP","db_engine":"MYSQL","env":["WA_DB_HOSTNAME=MYSQL"]},"h:b":{"socket_conn":"UP","db_engine":"mysql"}}}"#,
    ];
    for (i, text) in answers.iter().enumerate() {
        let f = write(dir.path(), &format!("clash-{i}.json"), text);
        let check = stdout_of(
            &wa_real(dir.path())
                .arg("check")
                .arg("--file")
                .arg(&f)
                .output()
                .unwrap(),
        );
        assert!(check.starts_with("WA-SUPPORT OK"), "{check}");
        let report = stdout_of(
            &wa_real(dir.path())
                .args(["report", "--redact-hosts", "--file"])
                .arg(&f)
                .output()
                .unwrap(),
        );
        assert!(report.contains("**Status: OK**"), "{report}");
        assert!(!report.contains("drift"), "{report}");
    }
}
