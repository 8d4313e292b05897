//! `check -o prometheus`, `--textfile`, and fleets (`--profile a,b`,
//! `--all-profiles`): the real binary against servers on 127.0.0.1, with a
//! config file of profiles each holding its own token.

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::common::raw::{raw_server, read_head, respond};
use crate::common::{Behavior, Server, fixture_bytes, stderr_of, stdout_of, tempdir, wa};

/// One parsed sample: labels and value.
#[derive(Debug)]
struct Sample {
    labels: HashMap<String, String>,
    value: f64,
}

/// Parses exposition text with a real parser of the format
/// (openmetrics-parser, Prometheus mode): samples by family name.
fn parse_prometheus(text: &str) -> HashMap<String, Vec<Sample>> {
    use openmetrics_parser::{MetricNumber, PrometheusValue};
    let exposition = openmetrics_parser::prometheus::parse_prometheus(text)
        .unwrap_or_else(|e| panic!("not valid exposition: {e:?}\n{text}"));
    let mut by_name = HashMap::new();
    for (name, family) in exposition.families {
        let samples = family
            .iter_samples()
            .map(|s| {
                let labels = s
                    .get_labelset()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let value = match &s.value {
                    PrometheusValue::Gauge(n) | PrometheusValue::Unknown(n) => match n {
                        MetricNumber::Float(f) => *f,
                        MetricNumber::Int(i) => *i as f64,
                    },
                    other => panic!("{name}: not a gauge: {other:?}"),
                };
                Sample { labels, value }
            })
            .collect();
        by_name.insert(name, samples);
    }
    by_name
}

/// `wa_support_up` by deployment label (`-` when it has none).
fn up_by_deployment(m: &HashMap<String, Vec<Sample>>) -> HashMap<String, f64> {
    m["wa_support_up"]
        .iter()
        .map(|s| {
            (
                s.labels.get("deployment").cloned().unwrap_or("-".into()),
                s.value,
            )
        })
        .collect()
}

/// A port where nothing listens (connection refused).
fn refused_url() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

/// A config file in `home` with one profile per `(name, url)`, in that
/// order, each with its own token file (`tok-NAME-0123456789`, 0600).
fn config(home: &Path, profiles: &[(&str, String)], extra: &str) {
    let mut text = String::from("default_profile = \"none-such\"\n");
    for (name, url) in profiles {
        let tok = home.join(format!("{name}.token"));
        std::fs::write(&tok, format!("{}\n", token(name))).unwrap();
        private(&tok);
        text.push_str(&format!(
            "\n[profiles.{name}]\nurl = \"{url}\"\ntoken_file = \"{}\"\n{extra}",
            tok.display()
        ));
    }
    let path = home.join("config.toml");
    std::fs::write(&path, text).unwrap();
    private(&path);
}

fn token(name: &str) -> String {
    format!("tok-{name}-0123456789")
}

#[cfg(unix)]
fn private(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[cfg(not(unix))]
fn private(_: &Path) {}

fn ok() -> Behavior {
    Behavior::ok(&fixture_bytes("single-registered.json"))
}

fn critical() -> Behavior {
    Behavior::ok(&fixture_bytes("single-unregistered.json"))
}

fn warning() -> Behavior {
    Behavior::ok(&fixture_bytes("multiconnect.json"))
}

#[test]
fn check_prometheus_prints_the_exposition_and_exits_with_the_state() {
    let home = tempdir();
    for (behavior, code) in [(ok(), 0), (warning(), 1), (critical(), 2)] {
        let srv = Server::start(vec![behavior]);
        let out = wa(home.path())
            .args(["check", "-o", "prometheus", "--url", &srv.url()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{}", stderr_of(&out));
        let m = parse_prometheus(&stdout_of(&out));
        assert_eq!(up_by_deployment(&m), HashMap::from([("-".into(), 1.0)]));
        assert!(!m["wa_support_node_info"].is_empty());
        assert!(m["wa_support_scrape_duration_seconds"][0].value >= 0.0);
        let crit = m["wa_support_findings"]
            .iter()
            .find(|s| s.labels["severity"] == "critical")
            .unwrap();
        assert_eq!(crit.value > 0.0, code == 2);
    }
}

#[test]
fn no_answer_is_up_0_and_unknown() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["check", "-o", "prometheus", "--url", &refused_url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let m = parse_prometheus(&stdout_of(&out));
    assert_eq!(up_by_deployment(&m)["-"], 0.0);
    assert!(!m.contains_key("wa_support_node_info") || m["wa_support_node_info"].is_empty());
    assert!(
        stderr_of(&out).contains("wa-support: error: "),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn textfile_is_written_whole_and_the_plugin_line_still_printed() {
    let home = tempdir();
    let dir = home.path().join("textfile");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("wa_support.prom");
    std::fs::write(&path, "stale").unwrap();
    let srv = Server::start(vec![critical()]);
    let out = wa(home.path())
        .args(["check", "--url", &srv.url(), "--textfile"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stdout_of(&out).starts_with("WA-SUPPORT CRITICAL - "));
    let m = parse_prometheus(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(up_by_deployment(&m)["-"], 1.0);
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left: {names:?}");
    // Refused: still written, with up 0.
    let out = wa(home.path())
        .args(["check", "--url", &refused_url(), "--textfile"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let m = parse_prometheus(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(up_by_deployment(&m)["-"], 0.0);
}

#[test]
fn a_textfile_that_cannot_be_written_is_unknown() {
    let home = tempdir();
    let srv = Server::start(vec![ok()]);
    let out = wa(home.path())
        .args(["check", "--url", &srv.url(), "--textfile"])
        .arg(home.path().join("no-such-dir/wa.prom"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout_of(&out).starts_with("WA-SUPPORT UNKNOWN - cannot write the textfile "),
        "{}",
        stdout_of(&out)
    );
    // A name the collector ignores draws a warning.
    let out = wa(home.path())
        .args(["check", "--url", &srv.url(), "--textfile"])
        .arg(home.path().join("wa.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("ending in .prom"),
        "{}",
        stderr_of(&out)
    );
}

/// `n` servers that each answer only once all `n` hold a request: they
/// all answer OK only if the requests were in flight at the same time;
/// a server still waiting after `patience` answers 500 instead.
fn rendezvous(n: usize, patience: Duration) -> Vec<u16> {
    let arrived = Arc::new((Mutex::new(0usize), Condvar::new()));
    let body = fixture_bytes("single-registered.json");
    (0..n)
        .map(|_| {
            let arrived = arrived.clone();
            let body = body.clone();
            raw_server(move |mut s| {
                read_head(&mut s);
                let (lock, cv) = &*arrived;
                let mut count = lock.lock().unwrap();
                *count += 1;
                cv.notify_all();
                let (count, timeout) = cv.wait_timeout_while(count, patience, |c| *c < n).unwrap();
                drop(count);
                if timeout.timed_out() {
                    respond(&mut s, 500, &[], b"not asked at the same time");
                } else {
                    respond(&mut s, 200, &[("Content-Type", "application/json")], &body);
                }
            })
        })
        .collect()
}

#[test]
fn eight_deployments_are_asked_at_the_same_time() {
    let home = tempdir();
    let ports = rendezvous(8, Duration::from_secs(15));
    let profiles: Vec<(String, String)> = ports
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("d{i}"), format!("http://127.0.0.1:{p}")))
        .collect();
    let refs: Vec<(&str, String)> = profiles
        .iter()
        .map(|(n, u)| (n.as_str(), u.clone()))
        .collect();
    config(home.path(), &refs, "timeout = 30\n");
    let out = wa(home.path())
        .args(["check", "--all-profiles"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    assert!(
        stdout_of(&out).starts_with("WA-SUPPORT OK - 8 of 8 deployments OK | "),
        "{}",
        stdout_of(&out)
    );
}

/// Six deployments in this order: OK, refused, 401, bad JSON, hanging
/// past its timeout, and one whose behaviour is given.
fn mixed(last: Behavior) -> (tempfile::TempDir, Vec<Server>) {
    let home = tempdir();
    let servers = vec![
        Server::start(vec![ok()]),
        Server::start(vec![Behavior::status(
            401,
            br#"{"errors":[{"code":1005,"title":"Access denied"}]}"#,
        )]),
        Server::start(vec![Behavior::ok(b"{\"support\": [oops")]),
        Server::start(vec![Behavior::Hang(Duration::from_secs(20))]),
        Server::start(vec![last]),
    ];
    let profiles = vec![
        ("good", servers[0].url()),
        ("refused", refused_url()),
        ("denied", servers[1].url()),
        ("garbled", servers[2].url()),
        ("hung", servers[3].url()),
        ("last", servers[4].url()),
    ];
    config(home.path(), &profiles, "timeout = 2\n");
    (home, servers)
}

#[test]
fn failing_deployments_do_not_stop_the_others_and_the_worst_state_wins() {
    // A critical deployment: CRITICAL, though some could not be read.
    let (home, _servers) = mixed(critical());
    let out = wa(home.path())
        .args([
            "check",
            "--profile",
            "good,refused,denied,garbled,hung,last",
        ])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{text}{}", stderr_of(&out));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("WA-SUPPORT CRITICAL - 1 of 6 deployments critical: last: "),
        "{text}"
    );
    assert!(
        lines[0].contains("; 4 UNKNOWN, 1 OK | deployments=6;;;0"),
        "{text}"
    );
    let states: Vec<(&str, &str)> = lines[1..]
        .iter()
        .map(|l| {
            let mut p = l.splitn(3, ": ");
            (p.next().unwrap(), p.next().unwrap())
        })
        .collect();
    assert_eq!(
        states,
        [
            ("OK", "good"),
            ("UNKNOWN", "refused"),
            ("UNKNOWN", "denied"),
            ("UNKNOWN", "garbled"),
            ("UNKNOWN", "hung"),
            ("CRITICAL", "last"),
        ],
        "{text}"
    );
    assert!(lines[3].contains("401"), "{text}");
    // No critical one: UNKNOWN beats WARNING.
    let (home, _servers) = mixed(warning());
    let out = wa(home.path())
        .args(["check", "--all-profiles"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout_of(&out));
    assert!(stdout_of(&out).starts_with("WA-SUPPORT UNKNOWN - 4 of 6 deployments unknown: refused, denied, garbled, hung; 1 WARNING, 1 OK | "), "{}", stdout_of(&out));
}

#[test]
fn warning_and_ok_is_warning() {
    let home = tempdir();
    let (a, b) = (Server::start(vec![ok()]), Server::start(vec![warning()]));
    config(home.path(), &[("a", a.url()), ("b", b.url())], "");
    let out = wa(home.path())
        .args(["check", "-p", "a,b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
    assert!(stdout_of(&out).starts_with("WA-SUPPORT WARNING - 1 of 2 deployments warning: b: "));
}

#[test]
fn output_follows_the_order_given_not_the_order_finished() {
    let home = tempdir();
    // The first deployment answers last.
    let slow = Server::start(vec![Behavior::Trickle {
        body: fixture_bytes("single-registered.json"),
        delay: Duration::from_millis(2),
    }]);
    let fast1 = Server::start(vec![critical()]);
    let fast2 = Server::start(vec![warning()]);
    // Config order is not alphabetical.
    config(
        home.path(),
        &[
            ("zulu", slow.url()),
            ("alpha", fast1.url()),
            ("mike", fast2.url()),
        ],
        "",
    );
    let out = wa(home.path())
        .args(["check", "--all-profiles"])
        .output()
        .unwrap();
    let names: Vec<String> = stdout_of(&out)
        .lines()
        .skip(1)
        .map(|l| l.split(": ").nth(1).unwrap().to_string())
        .collect();
    assert_eq!(names, ["zulu", "alpha", "mike"]);
    let out = wa(home.path())
        .args(["check", "--profile", "mike,zulu,alpha", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "CRITICAL");
    let order: Vec<&str> = v["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["deployment"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["mike", "zulu", "alpha"]);
    assert_eq!(v["deployments"][1]["status"], "OK");
    assert_eq!(v["deployments"][2]["exit_code"], 2);
}

#[test]
fn json_and_prometheus_carry_the_deployment() {
    let home = tempdir();
    let a = Server::start(vec![warning()]);
    config(
        home.path(),
        &[("prod-eu", a.url()), ("prod-us", refused_url())],
        "",
    );
    let out = wa(home.path())
        .args(["check", "--all-profiles", "-o", "prometheus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let m = parse_prometheus(&stdout_of(&out));
    assert_eq!(
        up_by_deployment(&m),
        HashMap::from([("prod-eu".into(), 1.0), ("prod-us".into(), 0.0)])
    );
    assert!(m["wa_support_node_info"].len() == 6);
    assert!(
        m["wa_support_node_info"]
            .iter()
            .all(|s| s.labels["deployment"] == "prod-eu")
    );
    assert!(stderr_of(&out).contains("prod-us: "), "{}", stderr_of(&out));
    // The textfile of a fleet carries the labels too, beside the plugin lines.
    let path = home.path().join("fleet.prom");
    let out = wa(home.path())
        .args(["check", "--all-profiles", "--textfile"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).starts_with("WA-SUPPORT UNKNOWN - 1 of 2 deployments unknown: prod-us: ")
    );
    let m = parse_prometheus(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(up_by_deployment(&m).len(), 2);
    // show -o json: one document, one normalized document per deployment.
    let out = wa(home.path())
        .args(["show", "--all-profiles", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["deployments"].as_array().unwrap();
    assert_eq!(d[0]["deployment"], "prod-eu");
    assert_eq!(d[0]["summary"]["status"], "WARNING");
    assert_eq!(d[0]["nodes"].as_array().unwrap().len(), 6);
    assert_eq!(d[1]["deployment"], "prod-us");
    assert_eq!(d[1]["summary"]["status"], "UNKNOWN");
    assert!(d[1]["error"].as_str().unwrap().contains("127.0.0.1"));
}

#[test]
fn show_ends_with_the_fleet_table() {
    let home = tempdir();
    let evil = br#"{"support":{"h\u001b]0;pwned\u0007:a":{"role":"primary_master","shards":[[-1,-1]],"socket_conn":"DN","version":"v2.51.3"},"h:b":{"role":"coreapp","shards":[[0,4095]],"socket_conn":"UP","version":"v2.51.3"}}}"#;
    let (a, b) = (
        Server::start(vec![ok()]),
        Server::start(vec![Behavior::ok(evil)]),
    );
    config(
        home.path(),
        &[
            ("prod-us", a.url()),
            ("prod-eu", b.url()),
            ("lab", refused_url()),
        ],
        "",
    );
    let out = wa(home.path())
        .args(["show", "--all-profiles"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not in {text}"));
    assert!(
        pos("== prod-us · 127.0.0.1:") < pos("== prod-eu · ")
            && pos("== prod-eu") < pos("== lab ==")
    );
    let table = &text[pos("Fleet: 3 deployments (1 CRITICAL, 1 UNKNOWN, 1 OK)")..];
    let rows: Vec<&str> = table.lines().collect();
    assert!(rows[1].starts_with("DEPLOYMENT  STATUS"), "{table}");
    assert!(rows[2].starts_with("prod-us     OK        1/1"), "{table}");
    assert!(rows[3].starts_with("prod-eu     CRITICAL  1/2       2.51.3  h\\e]0;pwned\\a:a: disconnected from the WhatsApp servers (DN) although it owns shard(s) -1 [socket-down]"), "{table}");
    assert!(
        rows[4].starts_with("lab         UNKNOWN   —         —       not read: "),
        "{table}"
    );
    assert_eq!(rows.len(), 5, "{table}");
    assert!(
        stderr_of(&out).contains("wa-support: error: lab: "),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_realistic_environment_sends_each_profile_its_own_token_only() {
    let home = tempdir();
    let (a, b) = (Server::start(vec![ok()]), Server::start(vec![ok()]));
    let decoy = Server::start(vec![ok()]);
    config(home.path(), &[("a", a.url()), ("b", b.url())], "");
    let env_token = "env-token-SECRET-42";
    let out = wa(home.path())
        .args(["check", "--all-profiles", "-v"])
        .env("WA_SUPPORT_URL", decoy.url())
        .env("WA_SUPPORT_TOKEN", env_token)
        .env("WA_SUPPORT_PROFILE", "b")
        .env("WA_SUPPORT_TIMEOUT", "5")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    assert!(decoy.requests().is_empty(), "WA_SUPPORT_URL was asked");
    for (srv, name) in [(&a, "a"), (&b, "b")] {
        let seen = srv.requests();
        assert_eq!(seen.len(), 1);
        assert_eq!(
            seen[0].header("authorization"),
            Some(format!("Bearer {}", token(name)).as_str())
        );
    }
    let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
    for secret in [env_token, &token("a"), &token("b")] {
        assert!(!all.contains(secret), "{secret} printed:\n{all}");
    }
    assert!(
        stderr_of(&out).contains("WA_SUPPORT_URL, WA_SUPPORT_TOKEN not used"),
        "{}",
        stderr_of(&out)
    );
    // A list in WA_SUPPORT_PROFILE is a fleet too.
    let out = wa(home.path())
        .args(["check"])
        .env("WA_SUPPORT_PROFILE", "b,a")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out)
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("OK: b: ")
    );
}

#[test]
fn a_fleet_with_one_servers_settings_is_a_usage_error() {
    let home = tempdir();
    let a = Server::start(vec![ok()]);
    config(home.path(), &[("a", a.url()), ("b", a.url())], "");
    let file = crate::common::fixture("single-registered.json");
    let check = wa(home.path())
        .args(["check", "--all-profiles", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(3));
    assert!(
        stdout_of(&check).starts_with("WA-SUPPORT UNKNOWN - --file reads one saved answer"),
        "{}",
        stdout_of(&check)
    );
    let show = wa(home.path())
        .args(["show", "-p", "a,b", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(show.status.code(), Some(2));
    for args in [
        &["check", "-p", "a,b", "--url", "http://127.0.0.1:1"][..],
        &["check", "-p", "a,b", "--token", "tok-flag-0123456789"],
        &["check", "--all-profiles", "-p", "a"],
        &["check", "-p", "a,nope"],
    ] {
        let out = wa(home.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(
            stdout_of(&out).starts_with("WA-SUPPORT UNKNOWN - "),
            "{args:?}"
        );
        assert!(!stdout_of(&out).contains("tok-flag"), "{args:?}");
    }
    assert!(a.requests().is_empty(), "a usage error asked a server");
    // A list from the environment yields to --file, as one profile does.
    let out = wa(home.path())
        .args(["check", "--file"])
        .arg(&file)
        .env("WA_SUPPORT_PROFILE", "a,b")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
}
