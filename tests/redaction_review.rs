//! Redaction of customer numbers (WhatsApp ids in JIDs, `wa.me` links,
//! `wa_id`-like fields and labels) and of every address and host name with
//! `--redact-hosts`, through `report`, `show --redact` and `bundle`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{Behavior, Server, fixture_bytes, stderr_of, stdout_of, tempdir, wa};

const CUSTOMER: &str = "4917699998888";
const CONTACT: &str = "4917611112222";
const METRIC_CUSTOMER: &str = "4917799998888";

/// The multi-connect fixture with customer numbers and hosts in places
/// only a field name or the text around them tells.
fn answer() -> Value {
    let mut v: Value = serde_json::from_slice(&fixture_bytes("multiconnect.json")).unwrap();
    let support = v["support"].as_object_mut().unwrap();
    let first = support.keys().next().unwrap().clone();
    let node = support.get_mut(&first).unwrap().as_object_mut().unwrap();
    node.insert(
        "last_error".into(),
        json!(format!(
            "msg to {CUSTOMER}@s.whatsapp.net failed; see https://wa.me/{CUSTOMER} tel:+{CUSTOMER} and {CUSTOMER}; group 4917655554444-1612345678@g.us; https://api.whatsapp.com/send?phone=4917633332222"
        )),
    );
    node.insert(
        "contacts".into(),
        json!({CONTACT: {"wa_id": CONTACT, "name": "Alice"}}),
    );
    node.insert("recipient_id".into(), json!(4917644443333u64));
    node.insert(
        "peer_map".into(),
        json!({"10.44.44.44": "ok", "fd00::4444": "ok"}),
    );
    node.insert("peers".into(), json!(["10.88.88.88", "cache.corp.example"]));
    node.insert("request_id".into(), json!("17325240001234"));
    v
}

const CLEAR: [&str; 11] = [
    CUSTOMER,
    CONTACT,
    "4917655554444",
    "4917633332222",
    "4917644443333",
    "10.44.44.44",
    "fd00::4444",
    "10.88.88.88",
    "cache.corp.example",
    "10.210.71.",
    "99998888",
];

fn write(dir: &Path, v: &Value) -> PathBuf {
    let p = dir.join("answer.json");
    std::fs::write(&p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
    p
}

fn run(home: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let o = wa(home).args(args).env("COLUMNS", "400").output().unwrap();
    (stdout_of(&o), stderr_of(&o), o.status.code())
}

#[test]
fn report_masks_customer_numbers_and_keeps_the_verdict() {
    let home = tempdir();
    let f = write(home.path(), &answer());
    let f = f.to_str().unwrap();
    let (check, _, check_code) = run(home.path(), &["check", "--file", f]);
    for hosts in [false, true] {
        let mut args = vec!["report", "--file", f];
        if hosts {
            args.push("--redact-hosts");
        }
        let (out, err, _) = run(home.path(), &args);
        for clear in [
            CUSTOMER,
            CONTACT,
            "4917655554444",
            "4917633332222",
            "4917644443333",
        ] {
            assert!(
                !out.contains(clear),
                "{clear} in report (hosts {hosts})\n{out}"
            );
        }
        assert!(!err.contains(CUSTOMER), "{err}");
        // The masking form and numbering of the other numbers.
        assert!(
            out.contains("+49•••••••••88") || out.contains("49•••••••••88"),
            "{out}"
        );
        // A long id that is no known number stays.
        assert!(out.contains("17325240001234"), "{out}");
        let status = check.split_whitespace().nth(1).unwrap();
        assert!(
            out.contains(&format!("**Status: {status}**")),
            "report {status} as check ({check_code:?})\n{out}"
        );
    }
}

#[test]
fn show_redact_hosts_json_has_no_address_host_or_customer_number() {
    let home = tempdir();
    let f = write(home.path(), &answer());
    let (out, err, code) = run(
        home.path(),
        &[
            "show",
            "--redact",
            "--redact-hosts",
            "-o",
            "json",
            "--file",
            f.to_str().unwrap(),
        ],
    );
    assert_eq!(code.map(|c| c <= 2), Some(true), "{err}");
    for clear in CLEAR {
        assert!(!out.contains(clear), "{clear} in show -o json\n{out}");
    }
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    assert!(v.is_object());
    // The tables too.
    let (tables, _, _) = run(
        home.path(),
        &[
            "show",
            "--redact",
            "--redact-hosts",
            "--file",
            f.to_str().unwrap(),
        ],
    );
    for clear in CLEAR {
        assert!(!tables.contains(clear), "{clear} in show\n{tables}");
    }
}

/// Every file of a bundle, by name inside its directory, and the
/// directory's name.
fn files(bundle: &Path) -> (String, BTreeMap<String, String>) {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(bundle).unwrap());
    let mut archive = tar::Archive::new(gz);
    let mut out = BTreeMap::new();
    let mut dirs = Vec::new();
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let (dir, inner) = path.split_once('/').unwrap_or((&path, ""));
        dirs.push(dir.to_string());
        if e.header().entry_type().is_file() {
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            out.insert(inner.to_string(), String::from_utf8_lossy(&b).into_owned());
        }
    }
    dirs.dedup();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    (dirs.remove(0), out)
}

/// A deployment whose other endpoints name addresses, hosts and customer
/// numbers in keys, metrics labels and error texts.
fn hostile() -> Vec<(String, Behavior)> {
    let json_of = |v: Value| v.to_string().into_bytes();
    let support = answer();
    let app =
        json!({"stats": {"10.77.77.77": {"n": 1}, "peers": ["10.88.88.88", "cache.corp.example"]}});
    let db = json!({"errors": [{"code": 1000, "title": format!("cannot reach mysql at 10.99.99.99 / mysql-prod.corp.example for customer {METRIC_CUSTOMER}")}]});
    let metrics = format!(
        "wa_x{{instance=\"10.55.55.55:9100\",db=\"secret-db.internal\",v6=\"fd00::1234\",customer=\"+{METRIC_CUSTOMER}\",wa_id=\"{METRIC_CUSTOMER}\"}} 1\nwa_requests_total 1732524000123\n"
    );
    vec![
        ("/v1/support".into(), Behavior::ok(&json_of(support))),
        (
            "/v1/health".into(),
            Behavior::Respond {
                status: 503,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: b"upstream 10.66.66.66:9090 (lb-internal.corp.example) unreachable; fd00::abcd down"
                    .to_vec(),
            },
        ),
        ("/v1/stats/app".into(), Behavior::ok(&json_of(app))),
        ("/v1/stats/db".into(), Behavior::status(502, &json_of(db))),
        (
            "/metrics".into(),
            Behavior::Respond {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: metrics.into_bytes(),
            },
        ),
    ]
}

const BUNDLE_CLEAR: [&str; 14] = [
    "10.55.55.55",
    "secret-db.internal",
    "fd00::1234",
    "10.66.66.66",
    "lb-internal.corp.example",
    "fd00::abcd",
    "10.77.77.77",
    "10.99.99.99",
    "mysql-prod.corp.example",
    METRIC_CUSTOMER,
    "127.0.0.1",
    "wa-staging",
    "cache.corp.example",
    "10.44.44.44",
];

fn bundle_with_profile(profile: &str) -> (String, String, BTreeMap<String, String>) {
    let server = Server::start_routes(hostile());
    let home = tempdir();
    let out = tempdir();
    let cfg = home.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[profiles.\"{profile}\"]\nurl = \"{}\"\ntimeout = 5\n",
            server.url()
        ),
    )
    .unwrap();
    let o = wa(home.path())
        .env("WA_SUPPORT_CONFIG", &cfg)
        .env("WA_SUPPORT_TOKEN", "tok-review-1234567890")
        .current_dir(home.path())
        .args(["bundle", "--profile", profile, "--redact-hosts", "-O"])
        .arg(out.path())
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let found: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let name = found[0].file_name().unwrap().to_string_lossy().into_owned();
    let (dir, files) = files(&found[0]);
    assert_eq!(format!("{dir}.tar.gz"), name);
    (name, err, files)
}

#[test]
fn bundle_with_redact_hosts_leaves_no_address_host_or_number_anywhere() {
    for profile in ["127.0.0.1", "wa-staging.internal"] {
        let (name, err, files) = bundle_with_profile(profile);
        assert!(files.contains_key("manifest.json") && files.contains_key("metrics.txt"));
        for clear in BUNDLE_CLEAR.iter().chain(CLEAR.iter()) {
            assert!(!name.contains(clear), "{clear} in the file name {name}");
            assert!(!err.contains(clear), "{clear} on stderr\n{err}");
            for (f, text) in &files {
                assert!(!text.contains(clear), "{clear} in {f}\n{text}");
            }
        }
        // The failing endpoints are still recorded, their texts redacted.
        assert!(
            err.contains("/v1/health") && err.contains("/v1/stats/db"),
            "{err}"
        );
        assert!(
            files["manifest.json"].contains("upstream host-"),
            "{}",
            files["manifest.json"]
        );
        // A counter is no phone number.
        assert!(
            files["metrics.txt"].contains("1732524000123"),
            "{}",
            files["metrics.txt"]
        );
    }
}
