//! Redaction through the real binary: `report`, `show --redact` (tables,
//! `-o json`, `--json`), `--redact-hosts`, the report's header and `-O`.

mod common;
mod redaction_support;

use std::path::Path;

use common::{stderr_of, stdout_of, tempdir};
use redaction_support::{check_status, report_status, wa_real};
use serde_json::{Value, json};

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
