//! Which setting wins: flags over the environment over the profile, `--file` needing no config, usage errors.

use super::*;

#[test]
fn file_wins_over_the_environment_and_needs_no_config() {
    let home = tempdir();
    // A broken config, and variables pointing at nothing usable.
    std::fs::write(home.path().join("config.toml"), "[profiles.prod\nurl = 1\n").unwrap();
    let env = |c: &mut assert_cmd::Command| {
        c.env("WA_SUPPORT_URL", "http://127.0.0.1:1")
            .env("WA_SUPPORT_PROFILE", "no-such-profile")
            .env("WA_SUPPORT_TOKEN_FILE", "/nonexistent/token")
            .env("WA_SUPPORT_INSECURE", "1")
            .env("WA_SUPPORT_TIMEOUT", "1");
    };
    let mut c = wa(home.path());
    env(&mut c);
    let out = c
        .args(["show", "-f"])
        .arg(fixture("single-registered.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("NODE"), "{}", stdout_of(&out));
    assert!(!stderr_of(&out).contains("error"), "{}", stderr_of(&out));
    let mut c = wa(home.path());
    env(&mut c);
    let out = c
        .args(["check", "--file"])
        .arg(fixture("single-registered.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    assert!(stdout_of(&out).starts_with("WA-SUPPORT OK"));
    // A token file that cannot be read is not read at all for a file.
    let out = wa(home.path())
        .args(["report", "--token-file", "/dev/zero", "-f"])
        .arg(fixture("single-registered.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn file_ignores_a_profile_whose_token_file_is_missing() {
    let m = Machine::new(
        "http://127.0.0.1:1",
        "http://127.0.0.1:2",
        "[profiles.gone]\nurl = \"http://127.0.0.1:3\"\ntoken_file = \"/nonexistent.token\"\n",
    );
    let out = m
        .wa()
        .env("WA_SUPPORT_PROFILE", "gone")
        .args(["show", "-o", "json", "-f"])
        .arg(fixture("single-registered.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn profile_is_chosen_by_flag_then_env_then_default() {
    let a = Server::start(vec![Behavior::ok(&healthy())]);
    let b = Server::start(vec![Behavior::ok(&healthy())]);
    let m = Machine::new(&a.url(), &b.url(), "");
    // The default profile.
    m.wa().arg("show").assert().success();
    // The environment's profile beats the default.
    m.wa()
        .env("WA_SUPPORT_PROFILE", "staging")
        .arg("show")
        .assert()
        .success();
    // The flag beats the environment.
    m.wa()
        .env("WA_SUPPORT_PROFILE", "staging")
        .args(["show", "--profile", "prod"])
        .assert()
        .success();
    assert_eq!(a.requests().len(), 2);
    assert_eq!(b.requests().len(), 1);
    // prod's token went to prod only.
    let want = format!("Bearer {PROD_TOKEN}");
    assert_eq!(auth_headers(&a), [want.clone(), want]);
    assert_eq!(auth_headers(&b), ["-"]);
}

#[test]
fn env_beats_profile_and_flags_beat_env() {
    let a = Server::start(vec![Behavior::ok(&healthy())]);
    let b = Server::start(vec![Behavior::ok(&healthy())]);
    let m = Machine::new(&a.url(), "http://127.0.0.1:2", "");
    // WA_SUPPORT_URL beats the profile's url.
    m.wa()
        .env("WA_SUPPORT_URL", b.url())
        .env("WA_SUPPORT_TOKEN", "env-token")
        .arg("show")
        .assert()
        .success();
    assert_eq!(auth_headers(&b), ["Bearer env-token"]);
    // --url beats WA_SUPPORT_URL; --token-file beats WA_SUPPORT_TOKEN.
    let tf = m.file("flag.token");
    std::fs::write(&tf, "flag-file-token\n").unwrap();
    set_mode(&tf, 0o600);
    m.wa()
        .env("WA_SUPPORT_URL", "http://127.0.0.1:1")
        .env("WA_SUPPORT_TOKEN", "env-token")
        .args(["show", "--url", &a.url(), "--token-file"])
        .arg(&tf)
        .assert()
        .success();
    assert_eq!(auth_headers(&a), ["Bearer flag-file-token"]);
    // WA_SUPPORT_TIMEOUT beats the profile's timeout.
    let hang = Server::start(vec![Behavior::Hang(Duration::from_secs(8))]);
    let m2 = Machine::new(&hang.url(), "http://127.0.0.1:2", "timeout = 20\n");
    let started = Instant::now();
    let out = m2
        .wa()
        .env("WA_SUPPORT_TIMEOUT", "0.5")
        .arg("show")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("timed out after 0.5s"),
        "{}",
        stderr_of(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn a_profiles_insecure_can_be_turned_off() {
    let made = certs::ca_signed(&["wa.example.com"]);
    let srv = Server::start_tls(vec![Behavior::ok(&healthy())], made.tls);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "insecure = true\n");
    let run = |env: Option<&str>, args: &[&str]| {
        let mut c = m.wa();
        if let Some(v) = env {
            c.env("WA_SUPPORT_INSECURE", v);
        }
        c.arg("show").args(args).output().unwrap()
    };
    // The profile alone: not verified, with a warning.
    let out = run(None, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("warning: profile \"prod\" (insecure = true)"));
    // The environment and the flags turn it off: the certificate is checked.
    for (env, args) in [
        (Some("0"), &[][..]),
        (Some("false"), &[][..]),
        (None, &["--no-insecure"][..]),
        (None, &["--insecure=false"][..]),
        (Some("1"), &["--no-insecure"][..]),
    ] {
        let out = run(env, args);
        assert_eq!(out.status.code(), Some(1), "{env:?} {args:?}");
        assert!(
            stderr_of(&out).contains("unknown issuer"),
            "{env:?} {args:?}: {}",
            stderr_of(&out)
        );
    }
    // A flag beats the environment the other way too.
    let out = run(Some("0"), &["-k"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn only_the_check_command_answers_usage_errors_as_a_plugin() {
    let m = Machine::new("http://127.0.0.1:1", "http://127.0.0.1:2", "");
    for args in [
        &["show", "--profile", "check", "--bogus"][..],
        &["--profile", "check", "show", "--bogus"][..],
        &["report", "-p", "check", "--bogus"][..],
    ] {
        let out = m.wa().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {}", stdout_of(&out));
    }
    for args in [
        &["check", "--bogus"][..],
        &["--profile", "show", "check", "--bogus"][..],
    ] {
        let out = m.wa().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(stdout_of(&out).starts_with("WA-SUPPORT UNKNOWN - usage error"));
    }
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
