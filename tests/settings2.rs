//! CLI tests of settings, tokens and files found by a new user and an
//! attacker, run as on a user's machine: WA_SUPPORT_* variables set and a
//! config file present.

mod common;

use std::path::Path;

use common::{Behavior, Server, fixture, fixture_bytes, stderr_of, stdout_of, tempdir, wa};

const TOKEN: &str = "PRODTOKEN_aaaaaaaaaaaaaaaa";

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A home with a config file (profile `prod` pointing at `url`) and the
/// usual variables.
fn machine(url: &str) -> (tempfile::TempDir, assert_cmd::Command) {
    let home = tempdir();
    let cfg = home.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("default_profile = \"prod\"\n[profiles.prod]\nurl = \"{url}\"\ntimeout = 20\n"),
    )
    .unwrap();
    set_mode(&cfg, 0o600);
    let c = wa(home.path());
    (home, c)
}

fn single() -> String {
    String::from_utf8(fixture_bytes("single-registered.json")).unwrap()
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// Answers that hold the token in forms a byte search misses.
fn echoing_answers() -> Vec<(&'static str, Vec<u8>)> {
    let s = single();
    let note = s.replacen(
        "\"context\": \"healthcheck\",",
        "\"context\": \"healthcheck\", \"note\": \"PRODTOKEN\\u005Faaaaaaaaaaaaaaaa\",",
        1,
    );
    let plain_note = s.replacen(
        "\"context\": \"healthcheck\",",
        &format!("\"context\": \"healthcheck\", \"note\": \"{TOKEN}\","),
        1,
    );
    let key = s.replacen(
        "\"context\": \"healthcheck\",",
        &format!("\"context\": \"healthcheck\", \"{TOKEN}\": 1,"),
        1,
    );
    let schema = s.replacen("\"axolotl\": 12", &format!("\"{TOKEN}\": 12"), 1);
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    let node = v["support"].clone();
    let multi = serde_json::json!({
        "meta": v["meta"],
        "support": {
            format!("10.0.0.1:{TOKEN}"): node,
            "10.0.0.2:wa-core-1": node,
        }
    })
    .to_string();
    vec![
        ("escaped", note.into_bytes()),
        ("utf16", utf16le(&plain_note)),
        ("key", key.into_bytes()),
        ("schema", schema.into_bytes()),
        ("node-name", multi.into_bytes()),
    ]
}

#[test]
fn own_token_is_masked_in_every_form_the_server_echoes_it() {
    for (what, body) in echoing_answers() {
        let srv = Server::start(vec![Behavior::ok(&body)]);
        let url = srv.url();
        for args in [
            vec!["show"],
            vec!["show", "-o", "json"],
            vec!["show", "--json"],
            vec!["report"],
            vec!["check"],
        ] {
            let (_home, mut c) = machine(&url);
            let out = c
                .env("WA_SUPPORT_TOKEN", TOKEN)
                .env("WA_SUPPORT_TIMEOUT", "20")
                .args(&args)
                .args(["--url", &url])
                .output()
                .unwrap();
            let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
            assert!(
                !all.contains(TOKEN) && !all.contains("PRODTOKEN\\u005F"),
                "{what} {args:?}: {all}"
            );
            assert!(
                out.status.code() == Some(0) || args == ["check"],
                "{what} {args:?}: {all}"
            );
            if args == ["show", "--json"] {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout)
                    .unwrap_or_else(|e| panic!("{what}: {e}: {all}"));
                assert!(v.to_string().contains("***"), "{what}: {v}");
                assert!(stderr_of(&out).contains("masked"), "{what}: {all}");
            }
        }
    }
}

#[test]
fn raw_json_is_byte_exact_when_no_secret_is_in_it() {
    let body = fixture_bytes("single-registered.json");
    let srv = Server::start(vec![Behavior::ok(&body)]);
    let (_home, mut c) = machine(&srv.url());
    let out = c
        .env("WA_SUPPORT_TOKEN", TOKEN)
        .args(["show", "--json", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(out.stdout, body);
    assert!(!stderr_of(&out).contains("masked"), "{}", stderr_of(&out));
}

fn login_answer(token: &str, expires: &str) -> Vec<u8> {
    serde_json::json!({"users":[{"token": token, "expires_after": expires}]})
        .to_string()
        .into_bytes()
}

#[test]
fn login_save_never_takes_another_profiles_token_file() {
    let prod = Server::start(vec![Behavior::ok(&fixture_bytes("single-registered.json"))]);
    let login = Server::start(vec![Behavior::ok(&login_answer(
        "LOCALTOKEN_bbbbbbbbbbbbbbbb",
        "2030-01-01 00:00:00+00:00",
    ))]);
    let home = tempdir();
    let dir = home.path().join("cfg");
    std::fs::create_dir(&dir).unwrap();
    set_mode(&dir, 0o700);
    let prod_token = dir.join("localhost.token");
    std::fs::write(&prod_token, format!("{TOKEN}\n")).unwrap();
    set_mode(&prod_token, 0o600);
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[profiles.prod]\nurl = \"{}\"\ntoken_file = \"{}\"\n",
            prod.url(),
            prod_token.display()
        ),
    )
    .unwrap();
    set_mode(&cfg, 0o600);
    let out = wa(home.path())
        .env("WA_SUPPORT_CONFIG", &cfg)
        .env("WA_SUPPORT_TIMEOUT", "20")
        .args(["login", "--user", "admin", "--password-stdin", "--save"])
        .args(["--url", &login.url_with("localhost")])
        .write_stdin("pw-pw-pw\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        std::fs::read_to_string(&prod_token).unwrap(),
        format!("{TOKEN}\n"),
        "{}",
        stderr_of(&out)
    );
    // The next call to prod sends prod's token.
    let out = wa(home.path())
        .env("WA_SUPPORT_CONFIG", &cfg)
        .args(["show", "--profile", "prod"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let seen = prod.requests();
    assert_eq!(
        seen.last().unwrap().header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn environment_settings_that_do_not_apply_to_a_file_only_warn() {
    let file = fixture("single-registered.json");
    for (var, val) in [
        ("WA_SUPPORT_TIMEOUT", "abc"),
        ("WA_SUPPORT_INSECURE", "maybe"),
    ] {
        for cmd in ["check", "show"] {
            let (_home, mut c) = machine("http://127.0.0.1:9");
            let out = c
                .env(var, val)
                .env("WA_SUPPORT_URL", "http://127.0.0.1:9")
                .args([cmd, "--file"])
                .arg(&file)
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{var} {cmd}: {}",
                stderr_of(&out)
            );
            assert!(stderr_of(&out).contains(var), "{}", stderr_of(&out));
        }
    }
}

#[test]
fn a_bad_environment_setting_is_named_when_a_request_is_made() {
    let (_home, mut c) = machine("http://127.0.0.1:9");
    let out = c
        .env("WA_SUPPORT_TIMEOUT", "abc")
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let first = stdout_of(&out).lines().next().unwrap_or("").to_string();
    assert!(
        first.starts_with(
            "WA-SUPPORT UNKNOWN - WA_SUPPORT_TIMEOUT: \"abc\" is not a number of seconds"
        ),
        "{first}"
    );
    let (_home, mut c) = machine("http://127.0.0.1:9");
    let out = c
        .env("WA_SUPPORT_INSECURE", "maybe")
        .args(["show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("WA_SUPPORT_INSECURE") && err.contains("hint"),
        "{err}"
    );
    assert!(!err.contains("--insecure <"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn check_usage_errors_say_why_on_the_unknown_line() {
    let (_home, mut c) = machine("http://127.0.0.1:9");
    let out = c.args(["check", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let first = stdout_of(&out).lines().next().unwrap_or("").to_string();
    assert!(
        first.starts_with("WA-SUPPORT UNKNOWN - ") && first.contains("--bogus"),
        "{first}"
    );
}

#[test]
fn zero_seconds_is_refused_with_the_right_range() {
    let file = fixture("single-registered.json");
    let (_home, mut c) = machine("http://127.0.0.1:9");
    let out = c
        .args(["show", "--timeout", "0", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(!err.contains("between 0 and"), "{err}");
    assert!(err.contains("more than 0"), "{err}");
    let (_home, mut c) = machine("http://127.0.0.1:9");
    let out = c
        .args(["show", "--watch", "0.5", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("at least 1"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn insecure_warning_names_the_profile_when_it_decided() {
    // https: on plain http there is no certificate to warn about.
    let made = common::certs::ca_signed(&["wa.example.com"]);
    let srv = Server::start_tls(
        vec![Behavior::ok(&fixture_bytes("single-registered.json"))],
        made.tls,
    );
    let home = tempdir();
    let cfg = home.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[profiles.default]\nurl = \"{}\"\ninsecure = true\n",
            srv.url()
        ),
    )
    .unwrap();
    set_mode(&cfg, 0o600);
    let out = wa(home.path()).args(["show"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("profile \"default\""), "{err}");
    assert!(!err.contains("--insecure:"), "{err}");
}

#[test]
fn inverted_thresholds_are_usage_errors() {
    let file = fixture("single-registered.json");
    for (a, b) in [
        (["--space-warn", "1GiB"], ["--space-crit", "10GiB"]),
        (["--expiry-warn", "5"], ["--expiry-crit", "30"]),
    ] {
        let (_home, mut c) = machine("http://127.0.0.1:9");
        let out = c
            .arg("show")
            .args(a)
            .args(b)
            .arg("--file")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains(a[0]) && err.contains(b[0]), "{err}");
        let (_home, mut c) = machine("http://127.0.0.1:9");
        let out = c
            .arg("check")
            .args(a)
            .args(b)
            .arg("--file")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let first = stdout_of(&out).lines().next().unwrap_or("").to_string();
        assert!(first.contains(a[0]) && first.contains(b[0]), "{first}");
    }
    // Equal thresholds are fine.
    let (_home, mut c) = machine("http://127.0.0.1:9");
    let out = c
        .args([
            "check",
            "--expiry-warn",
            "7",
            "--expiry-crit",
            "7",
            "--file",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
}

#[test]
fn control_characters_in_error_text_are_escaped_not_dropped() {
    let srv = Server::start(vec![Behavior::Respond {
        status: 500,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: b"<html><title>boom\x1b[31mred</title></html>".to_vec(),
    }]);
    let (_home, mut c) = machine(&srv.url());
    let out = c.args(["show"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("boom\\e[31mred"), "{err}");
    assert!(!err.contains('\x1b'), "{err}");
}

#[test]
fn login_keeps_only_a_valid_expiry_and_escapes_what_it_prints() {
    let srv = Server::start(vec![Behavior::ok(&login_answer(
        "LOCALTOKEN_bbbbbbbbbbbbbbbb",
        "2030-01-01 00:00:00+00:00\u{202e}evil",
    ))]);
    let (home, mut c) = machine(&srv.url());
    let out = c
        .args(["login", "-u", "admin", "--password-stdin"])
        .write_stdin("pw-pw-pw\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(!err.contains('\u{202e}'), "{err}");
    assert!(err.contains("\\u{202e}"), "{err}");
    let (_h, mut c) = (0, wa(home.path()));
    let out = c
        .args(["login", "-u", "admin", "--password-stdin", "--save"])
        .write_stdin("pw-pw-pw\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let saved = std::fs::read_to_string(home.path().join("prod.token")).unwrap();
    assert!(
        !saved.contains('\u{202e}') && !saved.contains("evil"),
        "{saved:?}"
    );
}

#[cfg(unix)]
#[test]
fn login_save_with_a_linked_config_keeps_the_token_or_asks_nothing() {
    let srv = Server::start(vec![Behavior::ok(&login_answer(
        "LOCALTOKEN_bbbbbbbbbbbbbbbb",
        "2030-01-01 00:00:00+00:00",
    ))]);
    let home = tempdir();
    let real = home.path().join("real.toml");
    std::fs::write(&real, "[profiles.other]\nurl = \"https://other:1\"\n").unwrap();
    set_mode(&real, 0o600);
    std::os::unix::fs::symlink(&real, home.path().join("config.toml")).unwrap();
    let out = wa(home.path())
        .env("WA_SUPPORT_TIMEOUT", "20")
        .args([
            "login",
            "-u",
            "admin",
            "--password-stdin",
            "--save",
            "--url",
        ])
        .arg(srv.url())
        .write_stdin("pw-pw-pw\n")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    if out.status.code() == Some(0) {
        // The token was kept somewhere the tool says.
        assert!(err.contains("token saved to"), "{err}");
    } else {
        assert!(srv.requests().is_empty(), "the server was asked: {err}");
        assert!(err.contains("symbolic link"), "{err}");
    }
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
fn loopback_spellings_draw_no_plain_http_warning() {
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("single-registered.json"))]);
    for host in ["127.1", "[::ffff:127.0.0.1]"] {
        let url = srv.url_with(host);
        let (_home, mut c) = machine("http://127.0.0.1:9");
        let out = c
            .env("WA_SUPPORT_TOKEN", TOKEN)
            .args(["show", "--url", &url])
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert!(!err.contains("unencrypted"), "{host}: {err}");
    }
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
fn insecure_says_nothing_about_certificates_on_plain_http() {
    let home = common::tempdir();
    let srv = common::Server::start(vec![common::Behavior::ok(&common::fixture_bytes(
        "multiconnect.json",
    ))]);
    let o = common::wa(home.path())
        .env("WA_SUPPORT_INSECURE", "1")
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = common::stderr_of(&o);
    assert!(!err.contains("certificate"), "{err}");
}

#[test]
fn an_empty_profile_variable_is_no_profile() {
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("single-registered.json"))]);
    let home = tempdir();
    let cfg = home.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("[profiles.default]\nurl = \"{}\"\n", srv.url()),
    )
    .unwrap();
    set_mode(&cfg, 0o600);
    let out = wa(home.path())
        .env("WA_SUPPORT_PROFILE", "")
        .args(["show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("no profile named"));
}
