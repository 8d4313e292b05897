//! Redaction through the real binary: `report`, `show --redact` (tables,
//! `-o json`, `--json`), `--redact-hosts`, the report's header and `-O`.
//!
//! Also: secrets in the fields the
//! verdict is read from, more secret and phone shapes, node names that
//! keep their `host:container` form.

use serde_json::{Value, json};
use std::path::Path;

use crate::common::{stderr_of, stdout_of, tempdir, wa};

/// The binary as a user runs it: WA_SUPPORT_* set and a config file with a
/// profile present, so redaction is tested with settings around it.
pub fn wa_real(home: &Path) -> assert_cmd::Command {
    let cfg = home.join("config.toml");
    std::fs::write(
        &cfg,
        "[profiles.default]\nurl = \"https://wa.example.com:9090\"\ntimeout = 5\n",
    )
    .unwrap();
    let mut c = wa(home);
    c.env("WA_SUPPORT_CONFIG", &cfg)
        .env("WA_SUPPORT_TIMEOUT", "5")
        .env("WA_SUPPORT_TOKEN", "tok-from-env-1234567890");
    c
}

/// Status word and node count of `check`.
pub fn check_status(home: &Path, f: &Path) -> (String, String) {
    let o = wa_real(home)
        .arg("check")
        .arg("--file")
        .arg(f)
        .output()
        .unwrap();
    let out = stdout_of(&o);
    let status = out.split_whitespace().nth(1).unwrap_or("").to_string();
    let nodes = out
        .split_whitespace()
        .find_map(|w| w.strip_prefix("nodes="))
        .and_then(|w| w.split(';').next())
        .unwrap_or("")
        .to_string();
    (status, nodes)
}

/// Status word and node count of `report`, and the report itself.
pub fn report_status(home: &Path, f: &Path, hosts: bool) -> (String, String, String) {
    let mut c = wa_real(home);
    c.arg("report").arg("--file").arg(f);
    if hosts {
        c.arg("--redact-hosts");
    }
    let out = stdout_of(&c.output().unwrap());
    let status = out
        .split("**Status: ")
        .nth(1)
        .and_then(|s| s.split("**").next())
        .unwrap_or("")
        .to_string();
    let nodes = out
        .lines()
        .find_map(|l| {
            let mut w = l.split_whitespace();
            let n = w.next()?;
            let is_count = n.bytes().all(|b| b.is_ascii_digit());
            (is_count && w.next()?.starts_with("node")).then_some(n)
        })
        .unwrap_or("")
        .to_string();
    (status, nodes, out)
}

fn write(dir: &Path, name: &str, v: &Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
    p
}

fn node(role: &str, shard: i64, extra: Value) -> Value {
    let mut n = json!({
        "role": role, "shards": [[shard, shard]], "socket_conn": "UP",
        "multi_connect": true, "version": "v2.51.3",
        "expire_timestamp": "2099-02-12T10:22:41",
        "debug_info": "+4915112345678",
    });
    if let (Value::Object(n), Value::Object(e)) = (&mut n, extra) {
        n.extend(e);
    }
    n
}

/// Every output form of a redacting command, as text.
fn every_form(home: &Path, file: &Path, hosts: bool) -> Vec<(String, String)> {
    let h = if hosts {
        vec!["--redact-hosts"]
    } else {
        vec![]
    };
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("report", vec!["report"]),
        ("show --redact", vec!["show", "--redact"]),
        (
            "show --redact -o json",
            vec!["show", "--redact", "-o", "json"],
        ),
        ("show --json --redact", vec!["show", "--json", "--redact"]),
    ];
    let mut out = Vec::new();
    for (name, args) in runs {
        let o = wa_real(home)
            .args(&args)
            .args(&h)
            .arg("--file")
            .arg(file)
            .env("COLUMNS", "400")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{name}: exit {:?}: {}",
            o.status,
            stderr_of(&o)
        );
        out.push((name.to_string(), stdout_of(&o) + &stderr_of(&o)));
    }
    out
}

#[test]
fn non_ascii_after_a_credential_scheme_does_not_crash() {
    let dir = tempdir();
    for scheme in ["Bearer", "Basic", "Apikey", "bearer"] {
        for tail in [",ééééé", " ééééé", ";€€", "\"😀😀", ""] {
            let v = json!({"support": {"debug_info": "x", "socket_conn": "UP",
                "note": format!("Authorization: {scheme} {tail}"),
                "end": format!("{scheme} ")}});
            let f = write(dir.path(), "a.json", &v);
            every_form(dir.path(), &f, false);
            every_form(dir.path(), &f, true);
        }
    }
}

const SECRETS: [&str; 14] = [
    "dbpw-s3cr3t",
    "proxy-pw-77",
    "AKIAABCDEFGHIJKLMNOP",
    "s3sig0123456789abcdef",
    "hookpw-22",
    "colon-secret-9",
    "creds-value-3",
    "arrtok-one",
    "arrtok-two",
    "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2Rl",
    "argpw-4",
    "freetext-pw-5",
    "123456",
    "envlist-pw-6",
];

fn secret_answer() -> Value {
    json!({"meta": {"version": "v2.51.3", "api_status": "stable"}, "support": {
        "10.1.0.1:wa-master-0": node("primary_master", -1, json!({
            "env": [
                "DATABASE_URL=mysql://wauser:dbpw-s3cr3t@db.internal:3306/wa",
                "http_proxy=http://proxyuser:proxy-pw-77@proxy.internal:3128",
                "MEDIA_URL=https://bucket.s3.amazonaws.com/m?AWSAccessKeyId=AKIAABCDEFGHIJKLMNOP&Signature=s3sig0123456789abcdef&Expires=1",
                "SMTP_PASSWORD: colon-secret-9",
                "MAIL_CREDS=creds-value-3",
            ],
            "webhook": {"url": "https://hook:hookpw-22@hooks.example.net/wa"},
            "api_tokens": ["arrtok-one", "arrtok-two"],
            "note": "login ok, token Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2Rl issued; call +49 151 98765432 or 0049-151-87654321",
            "args": ["--verbose", "DB_PASSWORD=argpw-4"],
            "context": "healthcheck password=freetext-pw-5 done",
            "db_password": 123456,
            "mfa_enabled_secret": true,
            "environment": ["ADMIN_PASSWORD=envlist-pw-6"],
        })),
        "10.1.0.2:wa-coreapp-0": node("coreapp", 0, json!({})),
    }})
}

#[test]
fn every_secret_shape_is_masked_in_every_output_form() {
    let dir = tempdir();
    let f = write(dir.path(), "a.json", &secret_answer());
    for hosts in [false, true] {
        for (form, text) in every_form(dir.path(), &f, hosts) {
            for s in SECRETS {
                assert!(
                    !text.contains(s),
                    "{form} (hosts {hosts}): {s} leaked:\n{text}"
                );
            }
            for phone in ["98765432", "87654321", "12345678"] {
                assert!(!text.contains(phone), "{form}: phone {phone} leaked");
            }
            assert!(!text.contains("\"mfa_enabled_secret\": true"), "{form}");
            // What is not secret stays readable.
            assert!(text.contains("primary_master"), "{form}");
        }
    }
}

#[test]
fn node_names_keep_distinct_pseudonyms() {
    let dir = tempdir();
    let v = json!({"support": {
        "10.1.0.1:wa-master-0": node("primary_master", -1, json!({})),
        "10.1.0.2:wa-coreapp-20240101-0": node("coreapp", 0, json!({})),
        "10.1.0.3:wa-coreapp-20240301-0": node("coreapp", 1, json!({})),
        "10.1.0.4:wa-coreapp-4915112345678-0": node("coreapp", 2, json!({})),
    }});
    let f = write(dir.path(), "a.json", &v);
    let o = wa_real(dir.path())
        .args(["show", "--redact", "-o", "json", "--file"])
        .arg(&f)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    // Dates are not phone numbers; the real number is masked.
    assert!(
        names.contains(&"10.1.0.2:wa-coreapp-20240101-0"),
        "{names:?}"
    );
    assert!(
        names.contains(&"10.1.0.3:wa-coreapp-20240301-0"),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("4915112345678")),
        "{names:?}"
    );
    assert_eq!(doc["summary"]["status"], "OK", "{doc}");
}

#[test]
fn redact_hosts_replaces_whole_host_names_only() {
    let dir = tempdir();
    let v = json!({"support": {
        "master:wa-0": node("primary_master", -1, json!({"peer": "see core and master, not coreapp",
            "env": ["WA_DB_HOSTNAME=db1.internal", "DSN=postgres://db1.internal/wa"],
            "ipv6": "listening on [fd00::17]:6250 and fe80::1"})),
        "core:wa-1": node("coreapp", 0, json!({})),
    }});
    let f = write(dir.path(), "a.json", &v);
    let (cs, cn) = check_status(dir.path(), &f);
    let (rs, rn, out) = report_status(dir.path(), &f, true);
    assert_eq!(cs, "OK");
    assert_eq!(
        (rs.as_str(), rn.as_str()),
        (cs.as_str(), cn.as_str()),
        "{out}"
    );
    assert!(out.contains("primary_master"), "{out}");
    assert!(out.contains("coreapp"), "{out}");
    assert!(!out.contains("primary_node"), "{out}");
    assert!(out.contains("see node-1 and node-2, not coreapp"), "{out}");
    for host in ["db1.internal", "fd00::17", "fe80::1"] {
        assert!(!out.contains(host), "{host} leaked:\n{out}");
    }
}

#[test]
fn report_agrees_with_check_on_every_fixture() {
    let dir = tempdir();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    let expected = std::fs::read_to_string(root.join("bad/EXPECTED.tsv")).unwrap();
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(1) == Some(&"ok") {
            files.push(root.join("bad").join(cols[0]));
        }
    }
    assert!(files.len() > 15);
    for f in &files {
        let (cs, cn) = check_status(dir.path(), f);
        for hosts in [false, true] {
            let (rs, rn, out) = report_status(dir.path(), f, hosts);
            assert_eq!(rs, cs, "{}: status (hosts {hosts})\n{out}", f.display());
            assert_eq!(rn, cn, "{}: nodes (hosts {hosts})\n{out}", f.display());
        }
    }
}

#[test]
fn report_target_is_redacted_and_summary_opens_the_report() {
    let dir = tempdir();
    let v = json!({"support": {
        "wa-prod-01:wa-master-0": node("primary_master", -1, json!({"env": ["WA_DB_PASSWORD=x1y2"]})),
        "wa-prod-02:wa-core-0": node("coreapp", 0, json!({"note": "Bearer abcdef"})),
    }});
    let f = write(dir.path(), "ticket-4915112345678-wa-prod-01.json", &v);
    let (_, _, out) = report_status(dir.path(), &f, true);
    let target = out.lines().find(|l| l.starts_with("- Target:")).unwrap();
    assert!(!target.contains("4915112345678"), "{target}");
    assert!(!target.contains("wa-prod-01"), "{target}");
    let first = out.lines().filter(|l| !l.trim().is_empty()).nth(1).unwrap();
    assert_eq!(
        first, "Redacted: 1 phone number, 2 secrets, 2 hosts",
        "{out}"
    );
    let (_, _, plain) = report_status(dir.path(), &f, false);
    let first = plain
        .lines()
        .filter(|l| !l.trim().is_empty())
        .nth(1)
        .unwrap();
    assert_eq!(first, "Redacted: 1 phone number, 2 secrets", "{plain}");
}

#[cfg(unix)]
#[test]
fn report_output_file_is_private_and_never_overwritten_silently() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let f = write(dir.path(), "a.json", &secret_answer());
    let out = dir.path().join("r.md");
    let run = |extra: &[&str]| {
        wa_real(dir.path())
            .args(["report", "--file"])
            .arg(&f)
            .arg("-O")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(stdout_of(&o).is_empty());

    // An existing file is kept unless --force.
    std::fs::write(&out, "keep me").unwrap();
    let o = run(&[]);
    assert!(!o.status.success());
    assert!(stderr_of(&o).contains("--force"), "{}", stderr_of(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = run(&["--force"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("# WhatsApp")
    );
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // A symlink at the output path is never followed.
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "victim").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let o = wa_real(dir.path())
        .args(["report", "--file"])
        .arg(&f)
        .arg("-O")
        .arg(&link)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let o = wa_real(dir.path())
        .args(["report", "--file"])
        .arg(&f)
        .arg("-O")
        .arg(&dangling)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(!dir.path().join("nowhere").exists());
    let o = wa_real(dir.path())
        .args(["report", "--force", "--file"])
        .arg(&f)
        .arg("-O")
        .arg(&link)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());

    // --no-redact into a file warns that it holds secrets.
    let clear = dir.path().join("clear.md");
    let o = wa_real(dir.path())
        .args(["report", "--no-redact", "--file"])
        .arg(&f)
        .arg("-O")
        .arg(&clear)
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = stderr_of(&o);
    assert!(err.contains("warning") && err.contains("secrets"), "{err}");
    let o = wa_real(dir.path())
        .args(["report", "--file"])
        .arg(&f)
        .arg("-O")
        .arg(dir.path().join("quiet.md"))
        .output()
        .unwrap();
    assert!(!stderr_of(&o).contains("warning"), "{}", stderr_of(&o));
}

#[test]
fn redact_hosts_is_linear() {
    let dir = tempdir();
    let mut support = serde_json::Map::new();
    for i in 0..4000 {
        let host = format!("10.{}.{}.{}", i / 60000, (i / 250) % 250, i % 250);
        let role = if i == 0 { "primary_master" } else { "coreapp" };
        support.insert(
            format!("{host}:wa-coreapp-{i}"),
            node(
                role,
                i - 1,
                json!({"env": [format!("WA_DB_HOSTNAME=db{i}.internal")]}),
            ),
        );
    }
    let f = write(dir.path(), "big.json", &json!({"support": support}));
    let t = std::time::Instant::now();
    let o = wa_real(dir.path())
        .args(["report", "--redact-hosts", "--file"])
        .arg(&f)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    // Quadratic aliasing took over 30 s here; linear takes well under 10.
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
    assert!(!stdout_of(&o).contains("10.0.0.1:"));
}

fn write_text(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Every output form of a redacting command, as text.
fn every_form_any_exit(home: &Path, file: &Path, hosts: bool) -> Vec<(String, String)> {
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
        for (form, out) in every_form_any_exit(home, file, hosts) {
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
    let f = write_text(dir.path(), "a.json", VERDICT_ANSWER);
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
    let f = write_text(dir.path(), "d.json", &v.to_string());
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
    let f = write_text(dir.path(), "e.json", &v.to_string());
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
    let f = write_text(dir.path(), "s.json", &v.to_string());
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
        let f = write_text(dir.path(), &format!("c{i}.json"), text);
        assert_same_verdict(dir.path(), &f);
    }
    let f = write_text(dir.path(), "c0.json", &cases[0]);
    let (_, _, out) = report_status(dir.path(), &f, true);
    assert!(out.contains("node-1:coreapp:"), "{out}");
    let f = write_text(dir.path(), "c2.json", &cases[2]);
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
        let f = write_text(dir.path(), &format!("clash-{i}.json"), text);
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
