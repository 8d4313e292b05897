//! `login`: what it refuses, what `--save` writes and where.

use super::*;

#[test]
fn login_refuses_a_token_that_is_not_printable() {
    let srv = Server::start(vec![Behavior::ok(&login_answer(
        "abc\u{1b}]0;pwned\u{7}\ndef",
        "2030-01-01 00:00:00+00:00",
    ))]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let before = std::fs::read(m.file("prod.token")).unwrap();
    for save in [false, true] {
        let mut c = m.wa();
        c.env("WA_SUPPORT_PASSWORD", PASSWORD)
            .args(["login", "-u", "admin"]);
        if save {
            c.arg("--save");
        }
        let out = c.output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(out.stdout.is_empty(), "{}", stdout_of(&out));
        assert!(err.contains("neither printed nor saved"), "{err}");
        assert!(!err.contains('\x1b') && !err.contains("pwned"), "{err}");
    }
    assert_eq!(std::fs::read(m.file("prod.token")).unwrap(), before);
    let long = "a".repeat(5000);
    let srv = Server::start(vec![Behavior::ok(&login_answer(&long, "x"))]);
    let out = m
        .wa()
        .env("WA_SUPPORT_PASSWORD", PASSWORD)
        .args(["login", "-u", "admin", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn login_save_to_another_server_keeps_the_other_profiles_token() {
    let prod = Server::start(vec![Behavior::ok(&healthy())]);
    let stage = Server::start(vec![
        Behavior::ok(&login_answer(
            "staging-token-1",
            "2999-01-01 00:00:00+00:00",
        )),
        Behavior::ok(&healthy()),
    ]);
    let other = Server::start(vec![
        Behavior::ok(&login_answer("other-token-2", "2999-01-01 00:00:00+00:00")),
        Behavior::ok(&healthy()),
    ]);
    let m = Machine::new(&prod.url(), &stage.url(), "");
    // The URL of the staging profile: saved there, not into prod's file.
    let out = m
        .wa()
        .env("WA_SUPPORT_PASSWORD", PASSWORD)
        .args(["login", "-u", "admin", "--save", "--url", &stage.url()])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        std::fs::read_to_string(m.file("prod.token")).unwrap(),
        format!("{PROD_TOKEN}\n")
    );
    let saved = m.file("staging.token");
    assert!(
        err.contains(&format!(
            "token saved to {} for profile \"staging\"",
            saved.display()
        )),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&saved)
            .unwrap()
            .starts_with("staging-token-1\n")
    );
    // A server no profile has: a new profile named after its host.
    let out = m
        .wa()
        .env("WA_SUPPORT_PASSWORD", PASSWORD)
        .args(["login", "-u", "admin", "--save", "--url", &other.url()])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("added profile \"127.0.0.1\""), "{err}");
    let cfg = std::fs::read_to_string(m.file("config.toml")).unwrap();
    assert!(cfg.contains("[profiles.prod]"), "{cfg}");
    assert!(cfg.contains(&format!("url = \"{}\"", other.url())), "{cfg}");
    // Each server gets its own token back.
    m.wa()
        .args(["show", "--url", &stage.url()])
        .assert()
        .success();
    m.wa()
        .args(["show", "--url", &other.url()])
        .assert()
        .success();
    m.wa().arg("show").assert().success();
    assert_eq!(auth_headers(&stage)[1], "Bearer staging-token-1");
    assert_eq!(auth_headers(&other)[1], "Bearer other-token-2");
    assert_eq!(auth_headers(&prod), [format!("Bearer {PROD_TOKEN}")]);
}

#[test]
fn login_save_warns_when_the_environment_token_shadows_it() {
    let srv = Server::start(vec![Behavior::ok(&login_answer(
        "fresh-token-3",
        "2999-01-01 00:00:00+00:00",
    ))]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let out = m
        .wa()
        .env("WA_SUPPORT_PASSWORD", PASSWORD)
        .env("WA_SUPPORT_TOKEN", "old-env-token")
        .args(["login", "-u", "admin", "--save"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("WA_SUPPORT_TOKEN is set and overrides the saved token"),
        "{}",
        stderr_of(&out)
    );
    // The login itself never sends a token.
    assert_eq!(
        srv.requests()[0].header("authorization").map(|a| &a[..6]),
        Some("Basic ")
    );
}

#[cfg(unix)]
#[test]
fn login_save_never_writes_through_a_symlink() {
    let srv = Server::start(vec![Behavior::ok(&login_answer(
        "fresh-token-4",
        "2999-01-01 00:00:00+00:00",
    ))]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let victim = m.file("victim");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::fs::remove_file(m.file("prod.token")).unwrap();
    std::os::unix::fs::symlink(&victim, m.file("prod.token")).unwrap();
    let out = m
        .wa()
        .env("WA_SUPPORT_PASSWORD", PASSWORD)
        .args(["login", "-u", "admin", "--save"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("symbolic link"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
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
