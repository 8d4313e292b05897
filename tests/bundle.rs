//! `wa-support bundle` against loopback servers serving the five endpoints
//! (and failing some), reading a bundle back with `--file`, and the
//! `/v1/health` cross-check with `--health`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{
    Behavior, Server, five_endpoints, fixture_bytes, stderr_of, stdout_of, tempdir, wa,
};

const TOKEN: &str = "tok-bundle-9f8e7d6c5b4a-SECRET";
const PHONE: &str = "15112345678";

/// `/v1/health` for the multi-connect fixture: one node disagrees
/// (`.92` is UP in `/v1/support`).
fn health() -> Vec<u8> {
    let mut nodes = serde_json::Map::new();
    let support: Value = serde_json::from_slice(&fixture_bytes("multiconnect.json")).unwrap();
    for (k, v) in support["support"].as_object().unwrap() {
        let status = match v["socket_conn"].as_str().unwrap() {
            "DN" => "disconnected",
            "SC" => "connecting",
            _ if k.starts_with("10.210.71.92:") => "disconnected",
            _ => "connected",
        };
        nodes.insert(
            k.clone(),
            json!({"gateway_status": status, "role": v["role"]}),
        );
    }
    serde_json::to_vec(&json!({"health": nodes})).unwrap()
}

fn deployment() -> Vec<(String, Behavior)> {
    five_endpoints(
        &fixture_bytes("multiconnect.json"),
        &health(),
        &format!("Authorization: Bearer {TOKEN}"),
    )
}

/// The binary as a user runs it: WA_SUPPORT_* set and a config file with
/// a profile `prod` for the server.
fn wa_real(home: &Path, url: &str) -> assert_cmd::Command {
    let cfg = home.join("config.toml");
    std::fs::write(
        &cfg,
        format!("[profiles.prod]\nurl = \"{url}\"\ntimeout = 5\n"),
    )
    .unwrap();
    let mut c = wa(home);
    c.env("WA_SUPPORT_CONFIG", &cfg)
        .env("WA_SUPPORT_TIMEOUT", "5")
        .env("WA_SUPPORT_TOKEN", TOKEN)
        .current_dir(home);
    c
}

/// Every file of a bundle (name inside its directory → bytes), read with
/// the tar crate; checks that each sits under the one directory.
fn files(bundle: &Path) -> BTreeMap<String, Vec<u8>> {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(bundle).unwrap());
    let mut archive = tar::Archive::new(gz);
    let stem = bundle
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .trim_end_matches(".tar.gz")
        .to_string();
    let mut out = BTreeMap::new();
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let inner = path
            .strip_prefix(&format!("{stem}/"))
            .unwrap_or_else(|| panic!("{path} outside {stem}/"))
            .to_string();
        if e.header().entry_type().is_file() {
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            out.insert(inner, b);
        }
    }
    out
}

fn sha256(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn the_bundle(dir: &Path) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tar.gz"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().unwrap()
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> Value {
    serde_json::from_slice(&files["manifest.json"]).unwrap()
}

#[test]
fn a_bundle_holds_every_endpoint_redacted_alike_with_a_checked_manifest() {
    let server = Server::start_routes(deployment());
    let home = tempdir();
    let out = tempdir();
    let o = wa_real(home.path(), &server.url())
        .args(["bundle", "--profile", "prod", "--redact-hosts", "-O"])
        .arg(out.path())
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(stdout_of(&o).is_empty());
    let path = the_bundle(out.path());
    assert_eq!(
        path.file_name().unwrap(),
        "prod-20261125T120000Z.tar.gz",
        "named after the profile and the UTC time"
    );
    assert!(
        err.contains("bundle written to") && err.contains("prod-20261125T120000Z"),
        "{err}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Five requests, each with the token.
    let seen = server.requests();
    let mut paths: Vec<&str> = seen.iter().map(|r| r.path.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/metrics",
            "/v1/health",
            "/v1/stats/app",
            "/v1/stats/db",
            "/v1/support"
        ]
    );
    for r in &seen {
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }

    let files = files(&path);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "findings.json",
            "manifest.json",
            "metrics.txt",
            "report.md",
            "v1-health.json",
            "v1-stats-app.json",
            "v1-stats-db.json",
            "v1-support.json"
        ]
    );
    // The manifest: every file with its size and sha256; every endpoint
    // with its status.
    let m = manifest(&files);
    assert_eq!(m["format"], "wa-support-bundle/1");
    assert_eq!(m["created"], "2026-11-25T12:00:00Z");
    assert_eq!(m["redaction"]["applied"], true);
    assert_eq!(m["redaction"]["hosts"], true);
    assert_eq!(m["context"]["health_compared"], true);
    let listed = m["files"].as_array().unwrap();
    assert_eq!(listed.len(), 7);
    for f in listed {
        let name = f["name"].as_str().unwrap();
        let bytes = &files[name];
        assert_eq!(f["sha256"], sha256(bytes), "{name}");
        assert_eq!(f["size"], bytes.len(), "{name}");
        if f.get("endpoint").is_some() {
            assert_eq!(f["status"], 200, "{name}");
            assert!(f.get("error").is_none(), "{name}");
        }
    }
    // Nothing in clear, anywhere: phone number, token, secret, addresses.
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for clear in [PHONE, TOKEN, "hunter2", "10.210.71.", "127.0.0.1"] {
            assert!(!text.contains(clear), "{clear} in {name}:\n{text}");
        }
    }
    // One pseudonym per node in every file.
    let support: Value = serde_json::from_slice(&files["v1-support.json"]).unwrap();
    let health: Value = serde_json::from_slice(&files["v1-health.json"]).unwrap();
    let s_keys: Vec<&String> = support["support"].as_object().unwrap().keys().collect();
    let h_keys: Vec<&String> = health["health"].as_object().unwrap().keys().collect();
    assert_eq!(s_keys, h_keys);
    let core0 = s_keys
        .iter()
        .find(|k| k.contains("coreapp") && k.ends_with("-0"))
        .unwrap();
    let core0_host = core0.split(':').next().unwrap();
    assert!(core0_host.starts_with("node-"), "{core0}");
    let metrics = String::from_utf8_lossy(&files["metrics.txt"]);
    assert!(
        metrics.contains(&format!("node=\"{core0_host}\"")),
        "{metrics}"
    );
    let app = String::from_utf8_lossy(&files["v1-stats-app.json"]);
    assert!(app.contains(&format!("\"{core0_host}\"")), "{app}");
    // A long number that is no phone stays as sent.
    assert!(metrics.contains("1732524000123"), "{metrics}");
    // Findings: the diagnosis and the cross-check, naming nodes as the
    // files do.
    let findings: Value = serde_json::from_slice(&files["findings.json"]).unwrap();
    assert_eq!(findings["format"], "wa-support-findings/1");
    let list = findings["findings"].as_array().unwrap();
    let mismatch = list
        .iter()
        .find(|f| f["code"] == "health-mismatch" && f["severity"] == "warning")
        .expect("the .92 node disagrees");
    let node = mismatch["node"].as_str().unwrap();
    assert!(s_keys.iter().any(|k| *k == node), "{node}");
    assert!(
        mismatch["message"]
            .as_str()
            .unwrap()
            .contains("disconnected"),
        "{mismatch}"
    );
    assert!(list.iter().any(|f| f["code"] == "socket-connecting"));
    assert!(list.iter().all(|f| f["hint"].is_string()), "{findings}");
    let report = String::from_utf8_lossy(&files["report.md"]);
    assert!(
        report.contains("health-mismatch") && report.contains(node),
        "{report}"
    );
}

#[test]
fn a_failing_endpoint_is_recorded_and_the_others_still_collected() {
    let mut routes = deployment();
    routes.retain(|(p, _)| p != "/v1/stats/db" && p != "/metrics");
    routes.push((
        "/v1/stats/db".into(),
        Behavior::status(
            500,
            format!(r#"{{"errors":[{{"code":1014,"title":"Internal error","details":"token {TOKEN}"}}]}}"#)
                .as_bytes(),
        ),
    ));
    routes.push(("/metrics".into(), Behavior::Close));
    let server = Server::start_routes(routes);
    let home = tempdir();
    let o = wa_real(home.path(), &server.url())
        .arg("bundle")
        .arg("--url")
        .arg(server.url())
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("/v1/stats/db") && err.contains("/metrics"),
        "{err}"
    );
    assert!(!err.contains(TOKEN), "{err}");
    // Named after the URL's host without a profile.
    let path = the_bundle(home.path());
    assert!(
        path.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("127.0.0.1-"),
        "{path:?}"
    );
    let files = files(&path);
    assert!(files.contains_key("v1-support.json") && files.contains_key("v1-health.json"));
    assert!(!files.contains_key("metrics.txt") && !files.contains_key("v1-stats-db.json"));
    let m = manifest(&files);
    let by_endpoint = |e: &str| {
        m["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["endpoint"] == e)
            .cloned()
            .unwrap()
    };
    let db = by_endpoint("/v1/stats/db");
    assert_eq!(db["status"], 500);
    assert!(db["error"].as_str().unwrap().contains("500"), "{db}");
    assert!(db.get("sha256").is_none());
    let metrics = by_endpoint("/metrics");
    assert!(
        metrics.get("status").is_none() && metrics["error"].is_string(),
        "{metrics}"
    );
    assert_eq!(by_endpoint("/v1/support")["status"], 200);
    let all = m.to_string();
    assert!(!all.contains(TOKEN) && !all.contains(PHONE), "{all}");
}

#[test]
fn a_bundle_with_no_answer_at_all_is_a_network_error_and_no_file() {
    let server = Server::start(vec![Behavior::Close]);
    let home = tempdir();
    let o = wa_real(home.path(), &server.url())
        .args(["bundle", "--url", &server.url()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert_eq!(server.requests().len(), 5);
    let left: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .to_string_lossy()
                .ends_with(".tar.gz")
        })
        .collect();
    assert!(left.is_empty());
}

#[test]
fn a_dry_run_sends_nothing_and_reads_no_token() {
    let server = Server::start_routes(deployment());
    let home = tempdir();
    let o = wa_real(home.path(), &server.url())
        .env_remove("WA_SUPPORT_TOKEN")
        .args(["bundle", "--profile", "prod", "--dry-run", "--token-file"])
        .arg(home.path().join("no-such-token"))
        .output()
        .unwrap();
    let out = stdout_of(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    for ep in [
        "/v1/support",
        "/v1/health",
        "/v1/stats/app",
        "/v1/stats/db",
        "/metrics",
    ] {
        assert!(out.contains(ep), "{ep}: {out}");
    }
    assert!(out.contains("prod-20261125T120000Z.tar.gz"), "{out}");
    assert!(out.contains("0600"), "{out}");
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(server.requests().is_empty(), "the server saw a request");
    assert!(
        std::fs::read_dir(home.path()).unwrap().all(|e| !e
            .unwrap()
            .path()
            .to_string_lossy()
            .ends_with(".tar.gz"))
    );
}

#[test]
fn bundle_is_live_only_and_keeps_an_existing_file() {
    let home = tempdir();
    let f = home.path().join("a.json");
    std::fs::write(&f, fixture_bytes("multiconnect.json")).unwrap();
    let o = wa(home.path())
        .args(["bundle", "--file"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("--file"), "{}", stderr_of(&o));

    let server = Server::start_routes(deployment());
    let target = home.path().join("b.tar.gz");
    std::fs::write(&target, b"keep me").unwrap();
    let o = wa_real(home.path(), &server.url())
        .args(["bundle", "--profile", "prod", "-O"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    let o = wa_real(home.path(), &server.url())
        .args(["bundle", "--profile", "prod", "--force", "-O"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(files(&target).contains_key("v1-support.json"));
}

#[test]
fn no_redact_keeps_the_answers_as_sent_and_warns() {
    let server = Server::start_routes(deployment());
    let home = tempdir();
    let o = wa_real(home.path(), &server.url())
        .args(["bundle", "--profile", "prod", "--no-redact"])
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("--no-redact") && err.contains("in clear"),
        "{err}"
    );
    let files = files(&the_bundle(home.path()));
    assert_eq!(files["v1-support.json"], fixture_bytes("multiconnect.json"));
    assert_eq!(manifest(&files)["redaction"]["applied"], false);
    // The token the tool knows is masked even so.
    let app = String::from_utf8_lossy(&files["v1-stats-app.json"]);
    assert!(!app.contains(TOKEN), "{app}");
}

/// A bundle of the fixture, redacted (hosts kept), in `home`.
fn make_bundle(home: &Path) -> PathBuf {
    let server = Server::start_routes(deployment());
    let o = wa_real(home, &server.url())
        .args(["bundle", "--profile", "prod"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    the_bundle(home)
}

#[test]
fn show_check_and_report_read_a_bundle_with_file() {
    let home = tempdir();
    let bundle = make_bundle(home.path());
    let saved = home.path().join("saved.json");
    std::fs::write(&saved, fixture_bytes("multiconnect.json")).unwrap();
    let check = |f: &Path, health: bool| {
        let mut c = wa(home.path());
        c.arg("check").arg("--file").arg(f);
        if health {
            c.arg("--health");
        }
        let o = c.output().unwrap();
        (o.status.code(), stdout_of(&o), stderr_of(&o))
    };
    let (code_b, out_b, _) = check(&bundle, false);
    let (code_s, out_s, _) = check(&saved, false);
    assert_eq!(code_b, code_s);
    let head = |s: &str| s.split(" - ").next().unwrap_or("").to_string();
    assert_eq!(head(&out_b), head(&out_s));
    assert!(out_b.contains("nodes=6;"), "{out_b}");
    // With --health the bundle's /v1/health is compared.
    let (_, out_h, _) = check(&bundle, true);
    assert!(out_h.contains("[health-mismatch]"), "{out_h}");
    assert!(!out_b.contains("health-mismatch"));
    // A saved answer has no /v1/health: a warning, the same verdict.
    let (code, out, err) = check(&saved, true);
    assert_eq!((code, head(&out)), (code_s, head(&out_s)));
    assert!(err.contains("--health"), "{err}");

    let o = wa(home.path())
        .args(["show", "--health", "--file"])
        .arg(&bundle)
        .output()
        .unwrap();
    let out = stdout_of(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        out.contains("health-mismatch") && out.contains("wa-coreapp"),
        "{out}"
    );
    assert!(!out.contains(PHONE));
    let o = wa(home.path())
        .args(["report", "--health", "--redact-hosts", "--file"])
        .arg(&bundle)
        .output()
        .unwrap();
    let out = stdout_of(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(out.contains("health-mismatch"), "{out}");
    assert!(!out.contains("10.210.71.") && !out.contains(PHONE), "{out}");
}

#[test]
fn health_live_joins_the_findings_and_a_failing_health_only_warns() {
    let server = Server::start_routes(deployment());
    let home = tempdir();
    let o = wa_real(home.path(), &server.url())
        .args(["check", "--profile", "prod", "--health"])
        .output()
        .unwrap();
    let out = stdout_of(&o);
    assert!(out.contains("[health-mismatch]"), "{out}");
    assert!(server.requests().iter().any(|r| r.path == "/v1/health"));
    for redact in [vec!["--redact-hosts"], vec![]] {
        let o = wa_real(home.path(), &server.url())
            .args(["show", "--profile", "prod", "--health"])
            .args(&redact)
            .output()
            .unwrap();
        let out = stdout_of(&o);
        assert!(out.contains("health-mismatch"), "{redact:?}: {out}");
        // Nodes paired under the same pseudonyms: none is missing.
        assert!(!out.contains("health-missing-node"), "{redact:?}: {out}");
    }

    let mut routes = deployment();
    routes.retain(|(p, _)| p != "/v1/health");
    let server = Server::start_routes(routes);
    let plain = wa_real(home.path(), &server.url())
        .args(["check", "--profile", "prod"])
        .output()
        .unwrap();
    let o = wa_real(home.path(), &server.url())
        .args(["check", "--profile", "prod", "--health"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), plain.status.code());
    assert_eq!(stdout_of(&o), stdout_of(&plain));
    let err = stderr_of(&o);
    assert!(err.contains("--health") && err.contains("404"), "{err}");
    assert!(!err.contains(TOKEN));
}
