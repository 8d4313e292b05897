//! Files on disk and the process: config permissions, `-O`, a panic, SIGTERM during `--watch`.

use super::*;

#[cfg(unix)]
#[test]
fn a_config_others_can_change_draws_a_warning() {
    let srv = Server::start(vec![Behavior::ok(&healthy())]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let out = m.wa().arg("show").output().unwrap();
    assert!(
        !stderr_of(&out).contains("other users"),
        "{}",
        stderr_of(&out)
    );
    set_mode(&m.file("config.toml"), 0o666);
    let out = m.wa().arg("show").output().unwrap();
    assert!(out.status.success());
    assert!(
        stderr_of(&out).contains("the config file") && stderr_of(&out).contains("chmod go-w"),
        "{}",
        stderr_of(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_world_writable_parent_of_the_config_dir_draws_a_warning() {
    let home = tempdir();
    let shared = home.path().join("shared");
    let dir = shared.join("wa");
    std::fs::create_dir_all(&dir).unwrap();
    set_mode(&dir, 0o700);
    set_mode(&shared, 0o777);
    let cfg = dir.join("config.toml");
    std::fs::write(&cfg, "[profiles.default]\nurl = \"http://127.0.0.1:9\"\n").unwrap();
    set_mode(&cfg, 0o600);
    let out = wa(home.path())
        .env("WA_SUPPORT_CONFIG", &cfg)
        .args(["show", "--timeout", "1"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(err.contains(&shared.display().to_string()), "{err}");
    assert!(err.contains("other users"), "{err}");
}

#[test]
fn report_dash_o_dash_is_stdout() {
    let file = fixture("single-registered.json");
    let (home, mut c) = machine("http://127.0.0.1:9");
    let out = c
        .current_dir(home.path())
        .args(["report", "-O", "-", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("#"), "{}", stdout_of(&out));
    assert!(!home.path().join("-").exists());
}

#[test]
fn a_panic_prints_a_fixed_line_and_no_server_text() {
    let body = String::from_utf8(fixture_bytes("multiconnect.json")).unwrap();
    let srv = Server::start(vec![Behavior::ok(body.as_bytes())]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let out = m
        .wa()
        .env("WA_SUPPORT_DEBUG_PANIC", "1")
        .args(["show", "--watch", "1"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(!out.status.success());
    assert!(err.contains("wa-support: internal error"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("debug panic"),
        "{err}"
    );
    assert!(!err.contains("server text"), "{err}");
}

#[cfg(unix)]
#[test]
fn sigterm_ends_watch_cleanly() {
    let srv = Server::start(vec![Behavior::ok(&healthy())]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let bin = assert_cmd::cargo::cargo_bin("wa-support");
    let mut child = std::process::Command::new(bin)
        .env_clear()
        .env("HOME", m.path())
        .env("WA_SUPPORT_CONFIG", m.file("config.toml"))
        .args(["show", "--watch", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while srv.requests().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    crate::common::signal("TERM", child.id());
    let (status, _) = crate::common::ended_within(&mut child, Duration::from_secs(5));
    // Ended by the program (which restores the screen), not by the signal.
    assert!(status.success(), "{status:?}");
}
