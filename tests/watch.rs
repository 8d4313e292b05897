//! `show --watch` as an operator leaves it open: the real binary against
//! 127.0.0.1 servers, piped and on a real pseudo-terminal (util-linux
//! `script`) of a set size, stopped by a real SIGINT.
//!
//! The screen fits the terminal's rows (header, changes and problems always
//! show), a resize counts at the next redraw, Ctrl-C acts at once while a
//! request hangs, an interval under 1 s is refused on one line, and
//! `-o json` writes one flushed JSON line per poll.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{
    Behavior, Server, ended_within, fixture, fixture_bytes, signal, stderr_of, stdout_of, tempdir,
    wa, wait_for,
};

/// Moves home and clears the screen: the start of every redraw.
const HOME_CLEAR: &str = "\x1b[H\x1b[2J";
/// Enters the alternate screen and hides the cursor.
const ENTER: &str = "\x1b[?1049h\x1b[?25l";
/// Shows the cursor and leaves the alternate screen.
const LEAVE: &str = "\x1b[?25h\x1b[?1049l";

/// The binary, piped, in a clean environment.
fn spawn_piped(home: &Path, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("wa-support"))
        .env_clear()
        .env("HOME", home)
        .env("WA_SUPPORT_CONFIG", home.join("config.toml"))
        .env("WA_SUPPORT_NOW", crate::common::NOW)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A cluster of `n` nodes with schema versions and details; the nodes in
/// `down` are disconnected though they own a shard.
fn cluster(n: usize, down: &[usize]) -> Vec<u8> {
    let mut m = serde_json::Map::new();
    for i in 1..=n {
        m.insert(
            format!("wa-prod-01.dc1.example.internal:wa-core-{i:02}"),
            serde_json::json!({
                "role": match i { 1 => "primary_master", 2 => "secondary_master", _ => "coreapp" },
                "shards": match i { 1 => serde_json::json!([[-1, -1]]), 2 => serde_json::json!([]), _ => serde_json::json!([[i - 3, i - 3]]) },
                "socket_conn": if down.contains(&i) { "DN" } else { "UP" },
                "version": "v2.51.3",
                "free_space_data": 412316860416u64,
                "free_space_logs": 40802189312u64,
                "expire_timestamp": "2027-02-12T10:22:41",
                "db_engine": "MYSQL",
                "os_name": "ubuntu-x86_64",
                "os_version": "20.04",
                "context": format!("container {i}"),
                "env": [format!("WA_NODE_INDEX={i}"), format!("WA_RACK=r{}", i % 3)],
                "schema": {"axolotl": 12, "callback": 4, "message": 31, "contact": 15},
            }),
        );
    }
    serde_json::to_vec(&serde_json::json!({"support": m})).unwrap()
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The binary on a pseudo-terminal of `rows` x `cols`, running until it
/// is signalled: its pid, the pty's device and everything it printed so
/// far are at hand while it runs.
struct OnPty {
    script: Child,
    pid: u32,
    tty: String,
    output: Arc<Mutex<Vec<u8>>>,
    _dir: tempfile::TempDir,
}

impl OnPty {
    fn start(rows: u16, cols: u16, args: &[&str]) -> OnPty {
        assert!(
            Command::new("script").arg("--version").output().is_ok(),
            "util-linux `script` is needed"
        );
        let dir = tempdir();
        let pidfile = dir.path().join("pid");
        let ttyfile = dir.path().join("tty");
        let bin = assert_cmd::cargo::cargo_bin("wa-support");
        let mut line = format!(
            "tty > {}; stty rows {rows} cols {cols}; echo $$ > {}; exec {}",
            quote(&ttyfile.display().to_string()),
            quote(&pidfile.display().to_string()),
            quote(&bin.display().to_string())
        );
        for a in args {
            line.push(' ');
            line.push_str(&quote(a));
        }
        let mut script = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env_clear()
            .env("HOME", dir.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("WA_SUPPORT_CONFIG", dir.path().join("config.toml"))
            .env("WA_SUPPORT_NOW", crate::common::NOW)
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1")
            // Kept open: `script` never sees the end of its input.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = script.stdout.take().unwrap();
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
        wait_for(Duration::from_secs(10), "the program to start", || {
            read(&pidfile).trim().parse::<u32>().is_ok()
        });
        OnPty {
            pid: read(&pidfile).trim().parse().unwrap(),
            tty: read(&ttyfile).trim().to_string(),
            script,
            output,
            _dir: dir,
        }
    }

    /// Resizes the pseudo-terminal, as a window manager does.
    fn resize(&self, rows: u16, cols: u16) {
        let ok = Command::new("stty")
            .args([
                "-F",
                &self.tty,
                "rows",
                &rows.to_string(),
                "cols",
                &cols.to_string(),
            ])
            .status()
            .unwrap()
            .success();
        assert!(ok, "stty -F {}", self.tty);
    }

    /// Sends SIGINT (Ctrl-C) and waits for the end: the exit status, how
    /// long it took, and the output with the pty's `\r\n` made `\n`.
    fn interrupt(mut self) -> (std::process::ExitStatus, Duration, String) {
        signal("INT", self.pid);
        let (status, took) = ended_within(&mut self.script, Duration::from_secs(5));
        // The reader gets the last bytes shortly after the end.
        std::thread::sleep(Duration::from_millis(100));
        let out = String::from_utf8_lossy(&self.output.lock().unwrap()).replace("\r\n", "\n");
        (status, took, out)
    }
}

/// The screens drawn, each as its lines, the escape sequences that enter
/// and leave the alternate screen taken off.
fn screens(out: &str) -> Vec<Vec<String>> {
    out.split(HOME_CLEAR)
        .skip(1)
        .map(|s| {
            s.replace(LEAVE, "")
                .trim_end_matches('\n')
                .split('\n')
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

#[test]
fn ctrl_c_ends_the_watch_at_once_while_a_request_hangs() {
    let srv = Server::start(vec![Behavior::Hang(Duration::from_secs(30))]);
    let home = tempdir();
    let url = srv.url();
    let mut child = spawn_piped(
        home.path(),
        &["show", "--watch", "1", "--timeout", "25", "--url", &url],
    );
    wait_for(Duration::from_secs(10), "the first request", || {
        !srv.requests().is_empty()
    });
    std::thread::sleep(Duration::from_millis(300));
    signal("INT", child.id());
    let (status, took) = ended_within(&mut child, Duration::from_secs(5));
    assert!(took < Duration::from_secs(1), "took {took:?} to stop");
    assert_eq!(status.code(), Some(0), "{status:?}");
    let out = child.wait_with_output().unwrap();
    assert!(
        !stderr_of(&out).contains("timed out"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn ctrl_c_during_a_hung_request_gives_the_terminal_back_at_once() {
    let srv = Server::start(vec![Behavior::Hang(Duration::from_secs(30))]);
    let url = srv.url();
    let pty = OnPty::start(
        24,
        80,
        &["show", "--watch", "1", "--timeout", "25", "--url", &url],
    );
    wait_for(Duration::from_secs(10), "the first request", || {
        !srv.requests().is_empty()
    });
    std::thread::sleep(Duration::from_millis(300));
    let (status, took, out) = pty.interrupt();
    assert!(took < Duration::from_secs(1), "took {took:?} to stop");
    assert_eq!(status.code(), Some(0), "{status:?} {out:?}");
    let entered = out.find(ENTER).expect("the alternate screen was entered");
    let left = out.rfind(LEAVE).expect("the alternate screen was left");
    assert!(left > entered, "{out:?}");
}

#[test]
fn an_interval_under_a_second_is_refused_on_one_line() {
    let home = tempdir();
    let file = fixture("multiconnect.json");
    for bad in ["0.5", "0.999", "0", "-1", "nan", "86401"] {
        let out = wa(home.path())
            .args(["show", &format!("--watch={bad}"), "--file"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert_eq!(err.lines().count(), 1, "{bad}: {err}");
        assert!(
            err.contains("at least 1") && err.contains("86400"),
            "{bad}: {err}"
        );
        assert!(stdout_of(&out).is_empty(), "{bad}");
    }
    // 1 s is allowed.
    let mut child = spawn_piped(
        home.path(),
        &[
            "show",
            "--watch",
            "1",
            "--file",
            &file.display().to_string(),
        ],
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "--watch 1 ended");
    signal("INT", child.id());
    let (status, _) = ended_within(&mut child, Duration::from_secs(5));
    assert!(status.success(), "{status:?}");
}

#[test]
fn json_watch_writes_one_line_per_poll_as_it_happens() {
    let srv = Server::start(vec![
        Behavior::ok(&fixture_bytes("multiconnect.json")),
        Behavior::status(
            503,
            br#"{"errors":[{"code":1011,"title":"Service not ready"}]}"#,
        ),
        Behavior::ok(&fixture_bytes("high-availability.json")),
    ]);
    let home = tempdir();
    let url = srv.url();
    let mut child = spawn_piped(
        home.path(),
        &["show", "--watch", "1", "-o", "json", "--url", &url],
    );
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Each line arrives while the program runs: written and flushed per poll.
    let mut lines = Vec::new();
    for _ in 0..3 {
        lines.push(
            rx.recv_timeout(Duration::from_secs(10))
                .expect("a line per poll"),
        );
    }
    assert!(child.try_wait().unwrap().is_none(), "ended early");
    signal("INT", child.id());
    let (status, _) = ended_within(&mut child, Duration::from_secs(5));
    assert!(status.success(), "{status:?}");
    let v: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| {
            assert!(!l.contains('\x1b'), "{l}");
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))
        })
        .collect();
    for (i, p) in v.iter().enumerate() {
        assert_eq!(p["poll"], i + 1, "{p}");
        assert!(p["time"].as_str().is_some_and(|t| t.ends_with('Z')), "{p}");
    }
    assert_eq!(v[0]["status"], "WARNING", "{}", v[0]);
    assert_eq!(v[0]["nodes"], 6);
    assert_eq!(v[0]["nodes_up"], 4);
    assert_eq!(v[0]["findings"]["warning"], 1);
    assert_eq!(v[0]["changes"], serde_json::json!([]));
    assert_eq!(v[1]["status"], "UNKNOWN", "{}", v[1]);
    assert!(
        v[1]["error"]
            .as_str()
            .unwrap()
            .contains("503 with error 1011"),
        "{}",
        v[1]
    );
    assert!(v[1].get("nodes").is_none(), "{}", v[1]);
    // Compared with the last good status, from before the failed poll.
    assert_eq!(v[2]["nodes"], 4, "{}", v[2]);
    let changes = v[2]["changes"].as_array().unwrap();
    assert!(
        changes.contains(&serde_json::json!({"node": "wa-core-2:1a2b3c4d5e6f", "change": "new"})),
        "{}",
        v[2]
    );
    assert!(
        changes.contains(
            &serde_json::json!({"node": "10.210.71.84:wa-master-97145031111-0", "change": "gone"})
        ),
        "{}",
        v[2]
    );
}

#[test]
fn json_watch_on_a_terminal_has_no_screen_and_no_colour() {
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("multiconnect.json"))]);
    let url = srv.url();
    let pty = OnPty::start(
        24,
        80,
        &[
            "show", "--watch", "1", "-o", "json", "--color", "always", "--url", &url,
        ],
    );
    wait_for(Duration::from_secs(10), "two polls", || {
        srv.requests().len() >= 2
    });
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, out) = pty.interrupt();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(!out.contains('\x1b'), "{out:?}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 2, "{out}");
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        assert_eq!(v["nodes"], 6);
    }
}

#[test]
fn the_screen_fits_the_terminal_and_the_changes_stay_on_top() {
    let (rows, cols) = (45, 100);
    let srv = Server::start(vec![
        Behavior::ok(&cluster(12, &[])),
        Behavior::ok(&cluster(12, &[5, 9])),
    ]);
    // Piped, the whole status is much taller than the terminal.
    let home = tempdir();
    let saved = home.path().join("after.json");
    std::fs::write(&saved, cluster(12, &[5, 9])).unwrap();
    let tall = wa(home.path())
        .args(["show", "--file"])
        .arg(&saved)
        .output()
        .unwrap();
    assert!(
        stdout_of(&tall).lines().count() > rows + 10,
        "{}",
        stdout_of(&tall)
    );
    let url = srv.url();
    let pty = OnPty::start(
        rows as u16,
        cols as u16,
        &["show", "--watch", "1", "--url", &url],
    );
    // The third request starts after the second screen is drawn.
    wait_for(Duration::from_secs(15), "three polls", || {
        srv.requests().len() >= 3
    });
    let (status, _, out) = pty.interrupt();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(out.ends_with(LEAVE), "the terminal is given back: {out:?}");
    let all = screens(&out);
    assert!(all.len() >= 2, "{out}");
    for (i, s) in all.iter().enumerate() {
        assert!(s.len() <= rows, "screen {i} has {} lines: {s:#?}", s.len());
        for l in s {
            assert!(columns(l) <= cols, "screen {i}: {l:?}");
            assert!(!l.contains('\x1b'), "NO_COLOR: {l:?}");
        }
    }
    let second = &all[1];
    assert!(
        second[0].starts_with("Every 1s · poll 2 at "),
        "{second:#?}"
    );
    assert_eq!(second[1], "Changed since the previous poll:", "{second:#?}");
    assert_eq!(
        second[2], "  wa-prod-01.dc1.example.internal:wa-core-05: SOCKET UP → DN",
        "{second:#?}"
    );
    assert_eq!(
        second[3], "  wa-prod-01.dc1.example.internal:wa-core-09: SOCKET UP → DN",
        "{second:#?}"
    );
    let text = second.join("\n");
    assert!(text.contains("NODE "), "the nodes table: {text}");
    assert!(text.contains("Problems (2 critical"), "{text}");
    assert!(text.contains("wa-core-05"), "{text}");
    let note = second
        .iter()
        .find(|l| l.ends_with("more lines, enlarge the terminal"))
        .unwrap_or_else(|| panic!("no note on what is hidden: {text}"));
    assert!(note.starts_with("… "), "{note}");
    // The problems close the screen; every finding is on it.
    let problems = second
        .iter()
        .position(|l| l.starts_with("Problems ("))
        .unwrap();
    assert!(
        second[problems..].iter().any(|l| l.contains("CRIT")),
        "{text}"
    );
    assert_eq!(
        second[problems..]
            .iter()
            .filter(|l| l.contains("CRIT"))
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn a_resize_is_picked_up_at_the_next_redraw() {
    let srv = Server::start(vec![Behavior::ok(&cluster(8, &[4]))]);
    let url = srv.url();
    let pty = OnPty::start(40, 140, &["show", "--watch", "1", "--url", &url]);
    // The first screen is drawn before the second request.
    wait_for(Duration::from_secs(15), "two polls", || {
        srv.requests().len() >= 2
    });
    pty.resize(18, 60);
    wait_for(Duration::from_secs(15), "four polls", || {
        srv.requests().len() >= 4
    });
    let (status, _, out) = pty.interrupt();
    assert_eq!(status.code(), Some(0), "{status:?}");
    let all = screens(&out);
    assert!(all.len() >= 3, "{out}");
    let (first, last) = (&all[0], &all[all.len() - 1]);
    assert!(first.len() > 18, "{first:#?}");
    assert!(first.iter().any(|l| columns(l) > 60), "{first:#?}");
    assert!(first.iter().all(|l| columns(l) <= 140), "{first:#?}");
    assert!(last.len() <= 18, "{last:#?}");
    assert!(last.iter().all(|l| columns(l) <= 60), "{last:#?}");
    assert!(last[0].starts_with("Every 1s · poll "), "{last:#?}");
    assert!(
        last.iter().any(|l| l.starts_with("Problems (")),
        "{last:#?}"
    );
}
