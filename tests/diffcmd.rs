//! `diff OLD [NEW]` through the real binary: diff(1) exit codes (0 the
//! same, 1 different, 2 trouble), the three output forms, NEW live from a
//! 127.0.0.1 server or from stdin, redaction on by default, an environment
//! that does not change a file-vs-file diff, and server text escaped.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use crate::common::{Behavior, Server, fixture, fixture_bytes, stderr_of, stdout_of, tempdir, wa};

const MASTER: &str = "10.210.71.84:wa-master-97145031111-0";
const SECONDARY: &str = "10.210.71.85:wa-master-97145031111-1";
const CORE0: &str = "10.210.71.90:wa-coreapp-97145031111-0";
const CORE1: &str = "10.210.71.91:wa-coreapp-97145031111-1";
const TOKEN: &str = "tok-diffcmd-77aa55-SECRET";

fn multi() -> Value {
    serde_json::from_slice(&fixture_bytes("multiconnect.json")).unwrap()
}

/// The multi-connect example after a failover: the secondary master took
/// over the master shard, and coreapps 0 and 1 swapped their shards.
fn failover() -> Value {
    let mut v = multi();
    let s = &mut v["support"];
    s[MASTER]["role"] = json!("secondary_master");
    s[MASTER]["shards"] = json!([]);
    s[MASTER]["socket_conn"] = json!("DN");
    s[SECONDARY]["role"] = json!("primary_master");
    s[SECONDARY]["shards"] = json!([[-1, -1]]);
    s[SECONDARY]["socket_conn"] = json!("UP");
    s[CORE0]["shards"] = json!([[1, 1]]);
    s[CORE1]["shards"] = json!([[0, 0]]);
    v
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
    p
}

fn diff(home: &Path, args: &[&str], files: &[&Path]) -> Output {
    wa(home)
        .arg("diff")
        .args(files)
        .args(args)
        .output()
        .unwrap()
}

/// Exit 2, nothing on stdout, and exactly one line on stderr holding `what`.
fn assert_trouble(out: &Output, what: &str) {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty(), "{}", stdout_of(out));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(what), "{err}");
}

/// The lines of the text output's shard section.
fn shard_lines(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|l| !l.starts_with("Shards whose owners changed"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn the_same_file_twice_is_no_difference() {
    let home = tempdir();
    let f = fixture("multiconnect.json");
    let out = diff(home.path(), &[], &[&f, &f]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.lines().any(|l| l == "No differences."), "{text}");
    assert!(!stderr_of(&out).contains("error"), "{}", stderr_of(&out));
}

#[test]
fn a_failover_is_a_difference_with_its_cluster_line_and_each_shard_run() {
    let home = tempdir();
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &failover());
    let out = diff(home.path(), &[], &[&old, &new]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    let cluster = text
        .lines()
        .find(|l| l.starts_with("primary master moved from "))
        .unwrap_or_else(|| panic!("no cluster line in {text}"));
    // Node names are redacted (the container names carry a number), and
    // in the same way on both sides.
    assert!(
        cluster.contains("10.210.71.84:wa-master-")
            && cluster.contains(" to 10.210.71.85:wa-master-")
    );
    let runs = shard_lines(&text);
    assert_eq!(runs.len(), 3, "{text}");
    assert!(runs[0].contains("master shard: 10.210.71.84"), "{runs:?}");
    assert!(runs[1].contains("shard 0: 10.210.71.90"), "{runs:?}");
    assert!(runs[2].contains("shard 1: 10.210.71.91"), "{runs:?}");
    assert!(!text.contains("97145031111"), "{text}");
    assert!(!text.contains('\x1b'), "colour on a pipe");
}

#[test]
fn json_output_is_the_versioned_document() {
    let home = tempdir();
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &failover());
    let out = diff(home.path(), &["-o", "json"], &[&old, &new]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "wa-support-diff/1");
    assert_eq!(v["space_delta"], 1u64 << 30);
    let codes: Vec<&str> = v["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"primary-master-moved"), "{codes:?}");
    assert_eq!(v["shard_moves"].as_array().unwrap().len(), 3);
    assert_eq!(v["sources"]["new"], new.display().to_string());
    // The same answers: an empty document, exit 0.
    let out = diff(home.path(), &["-o", "json"], &[&old, &old]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["changed"].as_array().unwrap().is_empty());
}

#[test]
fn markdown_is_a_ticket_section_that_says_what_was_masked() {
    let home = tempdir();
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &failover());
    let out = diff(home.path(), &["--markdown"], &[&old, &new]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let md = stdout_of(&out);
    assert!(
        md.starts_with("# WhatsApp Business API client: what changed"),
        "{md}"
    );
    assert!(md.contains("\n- primary master moved from "), "{md}");
    assert!(md.contains("| Shards | Before | After |"), "{md}");
    assert!(
        md.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("Redacted: "),
        "{md}"
    );
    let out = diff(home.path(), &["--markdown", "--no-redact"], &[&old, &new]);
    assert!(stdout_of(&out).contains("Not redacted: "));
    // It does not mix with JSON.
    let out = diff(home.path(), &["--markdown", "-o", "json"], &[&old, &new]);
    assert_trouble(&out, "--markdown and -o json");
}

#[test]
fn new_is_the_live_answer_without_a_second_path() {
    let home = tempdir();
    let body = serde_json::to_vec(&failover()).unwrap();
    let srv = Server::start(vec![Behavior::ok(&body)]);
    let old = fixture("multiconnect.json");
    let out = wa(home.path())
        .env("WA_SUPPORT_TOKEN", TOKEN)
        .args(["diff", "--url", &srv.url()])
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("primary master moved from "), "{text}");
    assert!(
        text.contains(&format!("+++ 127.0.0.1:{} (6 nodes)", srv.port)),
        "{text}"
    );
    let seen = srv.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/v1/support");
    assert_eq!(
        seen[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    // The same answer live: exit 0; from the environment's URL too.
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("multiconnect.json"))]);
    let out = wa(home.path())
        .env("WA_SUPPORT_URL", srv.url())
        .arg("diff")
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("No differences."));

    // No server and no NEW: trouble, said in one line.
    let out = diff(home.path(), &[], &[&old]);
    assert_trouble(&out, "no NEW answer");
    // A server that fails is trouble too, not "different".
    let srv = Server::start(vec![Behavior::status(500, b"{}")]);
    let out = wa(home.path())
        .args(["diff", "--url", &srv.url()])
        .arg(&old)
        .output()
        .unwrap();
    assert_trouble(&out, "500");
}

#[test]
fn a_secret_the_run_knows_is_masked_on_both_sides() {
    let home = tempdir();
    let mut v = multi();
    v["support"][CORE0]["errors"] = json!([{ "code": 1011, "title": "Service not ready", "details": format!("token {TOKEN}") }]);
    let old = write(home.path(), "before.json", &v);
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("multiconnect.json"))]);
    let out = wa(home.path())
        .env("WA_SUPPORT_TOKEN", TOKEN)
        .args(["diff", "--no-redact", "--url", &srv.url()])
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("errors: 1011 Service not ready"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!stderr_of(&out).contains(TOKEN));
}

#[test]
fn either_side_may_be_stdin() {
    let home = tempdir();
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &failover());
    let out = wa(home.path())
        .args(["diff", "-"])
        .arg(&new)
        .write_stdin(fixture_bytes("multiconnect.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stdout_of(&out).starts_with("--- - (6 nodes)\n"));
    let out = wa(home.path())
        .arg("diff")
        .arg(&old)
        .arg("-")
        .write_stdin(fixture_bytes("multiconnect.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn trouble_is_exit_2_in_one_line() {
    let home = tempdir();
    let good = fixture("multiconnect.json");
    let missing = home.path().join("nope.json");
    assert_trouble(
        &diff(home.path(), &[], &[&missing, &good]),
        "OLD: cannot read",
    );
    assert_trouble(
        &diff(home.path(), &[], &[&good, &missing]),
        "NEW: cannot read",
    );
    let not_json = home.path().join("notes.txt");
    std::fs::write(&not_json, "primary master is down\n").unwrap();
    assert_trouble(
        &diff(home.path(), &[], &[&good, &not_json]),
        "NEW: the answer is not JSON",
    );
    let out = wa(home.path())
        .args(["diff", "-", "-"])
        .write_stdin(fixture_bytes("multiconnect.json"))
        .output()
        .unwrap();
    assert_trouble(&out, "both be -");
    let out = wa(home.path())
        .args(["--file"])
        .arg(&good)
        .arg("diff")
        .arg(&good)
        .output()
        .unwrap();
    assert_trouble(&out, "--file does not apply to diff");
    let out = wa(home.path())
        .arg("diff")
        .args([&good, &good])
        .arg("-f")
        .arg(&good)
        .output()
        .unwrap();
    assert_trouble(&out, "--file does not apply to diff");
    // Clap's own usage errors are 2 as well.
    let out = diff(home.path(), &["--space-delta", "lots"], &[&good, &good]);
    assert_eq!(out.status.code(), Some(2));
    let out = wa(home.path()).arg("diff").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn space_changes_count_beyond_the_threshold() {
    let home = tempdir();
    let mut v = multi();
    let before = v["support"][CORE0]["free_space_data"].as_u64().unwrap();
    v["support"][CORE0]["free_space_data"] = json!(before - (2u64 << 30));
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &v);
    let out = diff(home.path(), &[], &[&old, &new]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).contains("(-2 GiB)"), "{}", stdout_of(&out));
    let out = diff(home.path(), &["--space-delta", "3GiB"], &[&old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
}

#[test]
fn redaction_is_on_by_default_and_no_redact_warns() {
    let home = tempdir();
    let mut v = multi();
    v["support"][CORE0]["errors"] = json!([{
        "code": 1011, "title": "Service not ready", "details": "call +49 151 99887766"
    }]);
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &v);
    let out = diff(home.path(), &[], &[&old, &new]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(
        text.contains("errors: none → 1011 Service not ready"),
        "{text}"
    );
    assert!(
        !text.contains("99887766") && !text.contains("97145031111"),
        "{text}"
    );
    assert!(
        stderr_of(&out).contains("Redacted: "),
        "{}",
        stderr_of(&out)
    );
    assert!(!stderr_of(&out).contains("warning"));
    for form in [&[][..], &["-o", "json"], &["--markdown"]] {
        let out = diff(home.path(), form, &[&old, &new]);
        assert!(!stdout_of(&out).contains("99887766"), "{form:?}");
    }

    let out = diff(home.path(), &["--no-redact"], &[&old, &new]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).contains("+49 151 99887766"));
    let err = stderr_of(&out);
    assert!(
        err.contains("warning:") && err.contains("--no-redact"),
        "{err}"
    );
}

#[test]
fn redact_hosts_gives_both_sides_the_same_pseudonyms() {
    let home = tempdir();
    let old = fixture("multiconnect.json");
    let same_nodes = write(home.path(), "after.json", &failover());
    let out = diff(home.path(), &["--redact-hosts"], &[&old, &same_nodes]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(!text.contains("10.210.71."), "{text}");
    assert!(text.contains("primary master moved from node-1:"), "{text}");
    assert!(!stderr_of(&out).contains("warning"), "{}", stderr_of(&out));

    let mut v = multi();
    v["support"].as_object_mut().unwrap().remove(CORE1);
    let fewer = write(home.path(), "fewer.json", &v);
    let out = diff(
        home.path(),
        &["--redact-hosts", "-o", "json"],
        &[&old, &fewer],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(!err.contains("warning"), "{err}");
    let text = stdout_of(&out);
    assert!(!text.contains("10.210.71."), "{text}");
    // One node gone and none added: the other five kept their pseudonyms
    // although the node sets differ.
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["removed"].as_array().map(Vec::len), Some(1), "{text}");
    assert_eq!(v["added"].as_array().map(Vec::len), Some(0), "{text}");
}

/// A realistic environment: a token, a URL, a timeout and a profile in the
/// environment and a config file (whose server would refuse the connection).
fn wa_env(home: &Path) -> assert_cmd::Command {
    let cfg = home.join("config.toml");
    std::fs::write(
        &cfg,
        "default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"http://127.0.0.1:9\"\ntimeout = 5\n",
    )
    .unwrap();
    let mut c = wa(home);
    c.env("WA_SUPPORT_CONFIG", &cfg)
        .env("WA_SUPPORT_URL", "http://127.0.0.1:9")
        .env("WA_SUPPORT_TOKEN", TOKEN)
        .env("WA_SUPPORT_PROFILE", "prod")
        .env("WA_SUPPORT_TIMEOUT", "5");
    c
}

#[test]
fn the_environment_does_not_change_a_diff_of_two_files() {
    let home = tempdir();
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &failover());
    for args in [&[][..], &["-o", "json"], &["--markdown"]] {
        let clean = diff(home.path(), args, &[&old, &new]);
        let real = wa_env(home.path())
            .arg("diff")
            .args([&old, &new])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(real.status.code(), Some(1), "{}", stderr_of(&real));
        assert_eq!(stdout_of(&clean), stdout_of(&real), "{args:?}");
        assert_eq!(stderr_of(&clean), stderr_of(&real), "{args:?}");
    }
    // A URL given as a flag beside two files is not used, and says so.
    let out = diff(home.path(), &["--url", "http://127.0.0.1:9"], &[&old, &new]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("--url is not used"),
        "{}",
        stderr_of(&out)
    );
}

/// Sets the title, rings the bell, returns the carriage, reverses text and
/// opens a one-byte CSI.
const NASTY: &str = "\u{1b}]0;pwned\u{7}\r\u{202e}\u{200b}\u{9b}2J";

/// True when `s` holds a control or invisible character other than the
/// SGR colour sequences the tool itself prints.
fn raw_controls(s: &str) -> Vec<char> {
    let mut rest = s.to_string();
    while let Some(i) = rest.find("\u{1b}[") {
        let end = rest[i + 2..].find('m').map(|e| i + 2 + e + 1).filter(|&e| {
            rest[i + 2..e - 1]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b';')
        });
        match end {
            Some(e) => rest.replace_range(i..e, ""),
            None => break,
        }
    }
    rest.chars()
        .filter(|c| (c.is_control() && *c != '\n') || ['\u{202e}', '\u{200b}'].contains(c))
        .collect()
}

#[test]
fn hostile_node_names_are_escaped_on_a_terminal() {
    let home = tempdir();
    let mut old = multi();
    let mut new = multi();
    let nasty_node = |v: &mut Value, role: &str| {
        let mut node = v["support"][CORE1].clone();
        node["role"] = json!(role);
        node["version"] = json!(format!("v2.51.3{NASTY}"));
        v["support"][format!("10.0.0.9:evil{NASTY}")] = node;
    };
    nasty_node(&mut old, "coreapp");
    nasty_node(&mut new, &format!("observer{NASTY}"));
    new["support"][format!("10.0.0.10:added{NASTY}")] = multi()["support"][CORE0].clone();
    let old = write(home.path(), "before.json", &old);
    let new = write(home.path(), "after.json", &new);
    for args in [
        &["--color", "always"][..],
        &["--color", "always", "--no-redact"],
        &["--markdown"],
    ] {
        let out = diff(home.path(), args, &[&old, &new]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
        let text = stdout_of(&out);
        assert!(text.contains("evil") && text.contains("added"), "{text}");
        assert_eq!(
            raw_controls(&text),
            Vec::<char>::new(),
            "{args:?}: {text:?}"
        );
        assert_eq!(raw_controls(&stderr_of(&out)), Vec::<char>::new());
    }
    // Colour only when asked or on a terminal: never on a pipe, nor with NO_COLOR.
    let out = diff(home.path(), &["--color", "always"], &[&old, &new]);
    assert!(stdout_of(&out).contains("\u{1b}["));
    let piped = diff(home.path(), &[], &[&old, &new]);
    assert!(!stdout_of(&piped).contains('\u{1b}'));
    let out = wa(home.path())
        .env("NO_COLOR", "1")
        .arg("diff")
        .args([&old, &new])
        .output()
        .unwrap();
    assert!(!stdout_of(&out).contains('\u{1b}'));
}

#[test]
fn a_closed_pipe_keeps_the_exit_code() {
    use std::process::{Command, Stdio};
    let home = tempdir();
    let old = fixture("multiconnect.json");
    let new = write(home.path(), "after.json", &failover());
    for (files, code) in [([&old, &new], 1), ([&old, &old], 0)] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("wa-support"))
            .env_clear()
            .env("HOME", home.path())
            .env("WA_SUPPORT_CONFIG", home.path().join("config.toml"))
            .arg("diff")
            .args(files)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{}", stderr_of(&out));
        assert!(!stderr_of(&out).contains("error"), "{}", stderr_of(&out));
    }
}
