//! CLI tests of settings, tokens and files, run as on a user's machine:
//! WA_SUPPORT_* variables set and a config file present.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Behavior, Server, certs, fixture, fixture_bytes, stderr_of, stdout_of, tempdir, wa};

const PROD_TOKEN: &str = "prod-tok-0123456789abcdef";
const PASSWORD: &str = "Secr3t-Pa55word";

/// A machine with a config: profile `prod` (the default, with a token
/// file), and `staging`; both point at the given URLs.
struct Machine {
    home: tempfile::TempDir,
}

impl Machine {
    fn new(prod_url: &str, staging_url: &str, extra: &str) -> Machine {
        let home = tempdir();
        let prod_token = home.path().join("prod.token");
        std::fs::write(&prod_token, format!("{PROD_TOKEN}\n")).unwrap();
        set_mode(&prod_token, 0o600);
        std::fs::write(
            home.path().join("config.toml"),
            format!(
                "default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"{prod_url}\"\ntoken_file = \"{}\"\n{extra}\n[profiles.staging]\nurl = \"{staging_url}\"\n",
                prod_token.display()
            ),
        )
        .unwrap();
        set_mode(&home.path().join("config.toml"), 0o600);
        Machine { home }
    }

    fn path(&self) -> &Path {
        self.home.path()
    }

    fn file(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    /// The binary with the config and no other variable.
    fn wa(&self) -> assert_cmd::Command {
        wa(self.home.path())
    }
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

fn auth_headers(srv: &Server) -> Vec<String> {
    srv.requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or("-").to_string())
        .collect()
}

fn healthy() -> Vec<u8> {
    fixture_bytes("single-registered.json")
}

fn no_secret(out: &std::process::Output, secrets: &[&str]) {
    let all = format!("{}{}", stdout_of(out), stderr_of(out));
    for s in secrets {
        assert!(!all.contains(s), "{s} leaked: {all}");
    }
    assert!(!all.contains("panicked"), "{all}");
}

// ---------- --file needs nothing else ----------

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

// ---------- token files ----------

#[test]
fn token_file_is_bounded_and_trimmed() {
    let srv = Server::start(vec![Behavior::ok(&healthy())]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let started = Instant::now();
    let out = m
        .wa()
        .args(["show", "--url", &srv.url(), "--token-file", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("/dev/zero is larger than 16 KiB"),
        "{}",
        stderr_of(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // A BOM, blank space and a CRLF around the token are dropped.
    let tf = m.file("bom.token");
    std::fs::write(&tf, "\u{feff}  tok-with-bom \r\n").unwrap();
    set_mode(&tf, 0o600);
    let out = m
        .wa()
        .args(["show", "--url", &srv.url(), "--token-file"])
        .arg(&tf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(auth_headers(&srv), ["Bearer tok-with-bom"]);
}

#[test]
fn token_that_cannot_be_a_header_names_its_source() {
    let srv = Server::start(vec![Behavior::ok(&healthy())]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    let tf = m.file("bad.token");
    std::fs::write(&tf, "tok\x1b[31mred\n").unwrap();
    set_mode(&tf, 0o600);
    let out = m
        .wa()
        .args(["show", "--url", &srv.url(), "--token-file"])
        .arg(&tf)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "the token from --token-file {} is not usable",
            tf.display()
        )),
        "{err}"
    );
    assert!(err.contains("control character"), "{err}");
    assert!(
        !err.contains("not valid HTTP") && !err.contains('\x1b'),
        "{err}"
    );
    let out = m
        .wa()
        .env("WA_SUPPORT_TOKEN", "tok en")
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("the token from WA_SUPPORT_TOKEN is not usable"),
        "{err}"
    );
    assert!(srv.requests().is_empty());
}

// ---------- flag > environment > profile ----------

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

// ---------- usage errors ----------

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

// ---------- tokens go only where they belong ----------

#[test]
fn a_profiles_token_is_not_sent_to_another_url() {
    let prod = Server::start(vec![Behavior::ok(&healthy())]);
    let other = Server::start(vec![Behavior::status(
        401,
        br#"{"errors":[{"code":1005,"title":"Access denied"}]}"#,
    )]);
    let m = Machine::new(&prod.url(), "http://127.0.0.1:2", "");
    let out = m
        .wa()
        .args(["show", "--url", &other.url()])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(auth_headers(&other), ["-"]);
    assert!(
        err.contains(&format!(
            "the token of profile \"prod\" belongs to {} and is not sent to {}",
            prod.url(),
            other.url()
        )),
        "{err}"
    );
    assert!(err.contains("no token was sent"), "{err}");
    assert!(
        err.contains("--token-file") && err.contains("WA_SUPPORT_TOKEN"),
        "{err}"
    );
    assert!(!err.contains(PROD_TOKEN));
    // The same with the URL from the environment.
    m.wa()
        .env("WA_SUPPORT_URL", other.url())
        .arg("check")
        .assert()
        .code(3);
    assert_eq!(auth_headers(&other), ["-", "-"]);
    // A token given explicitly goes to the URL given.
    m.wa()
        .env("WA_SUPPORT_TOKEN", "explicit-token")
        .args(["show", "--url", &other.url()])
        .assert()
        .code(1);
    assert_eq!(auth_headers(&other)[2], "Bearer explicit-token");
    assert!(prod.requests().is_empty());
}

#[test]
fn token_over_plain_http_to_another_machine_warns_once() {
    let srv = Server::start(vec![Behavior::ok(&healthy())]);
    let m = Machine::new("http://127.0.0.1:1", "http://127.0.0.1:2", "");
    // 0.0.0.0 reaches this machine's listeners but is not a loopback name.
    let url = format!("http://0.0.0.0:{}", srv.port);
    let out = m
        .wa()
        .env("WA_SUPPORT_TOKEN", "explicit-token")
        .args(["show", "--url", &url])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(
        err.matches("sent unencrypted over http://").count(),
        1,
        "{err}"
    );
    let out = m
        .wa()
        .env("WA_SUPPORT_TOKEN", "explicit-token")
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        !stderr_of(&out).contains("unencrypted"),
        "{}",
        stderr_of(&out)
    );
}

// ---------- credentials in URLs, --help ----------

#[test]
fn credentials_in_a_url_are_never_printed() {
    let m = Machine::new("http://127.0.0.1:1", "http://127.0.0.1:2", "");
    let url = "https://admin:hunter2hunter@127.0.0.1:1";
    for args in [&["show", "-v"][..], &["check"][..], &["report"][..]] {
        let out = m.wa().arg("--url").arg(url).args(args).output().unwrap();
        assert!(!out.status.success());
        no_secret(&out, &["hunter2hunter"]);
        assert!(
            format!("{}{}", stdout_of(&out), stderr_of(&out)).contains("carries credentials"),
            "{args:?}"
        );
    }
    let out = m
        .wa()
        .env("WA_SUPPORT_URL", url)
        .env("WA_SUPPORT_TOKEN", "tok-in-env-123")
        .env("WA_SUPPORT_TOKEN_FILE", "/secret/place.token")
        .args(["show", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    no_secret(&out, &["hunter2hunter", "tok-in-env-123", "/secret/place"]);
    assert!(stdout_of(&out).contains("WA_SUPPORT_URL"));
}

// ---------- the server never gets to print the tool's secrets ----------

#[test]
fn own_token_and_password_are_masked_in_answers() {
    let tok = "known-token-abcdef123";
    let echo = format!(
        r#"{{"errors":[{{"code":1005,"title":"Access denied","details":"got Authorization: Bearer {tok}"}}]}}"#
    );
    let srv = Server::start(vec![Behavior::status(401, echo.as_bytes())]);
    let m = Machine::new("http://127.0.0.1:1", "http://127.0.0.1:2", "");
    let out = m
        .wa()
        .env("WA_SUPPORT_TOKEN", tok)
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    no_secret(&out, &[tok]);
    assert!(
        stderr_of(&out).contains("Bearer ***"),
        "{}",
        stderr_of(&out)
    );
    // In a successful answer, in every output form.
    let body = String::from_utf8(healthy()).unwrap().replacen(
        "{",
        &format!("{{\"echo\": \"{tok} {PASSWORD}\", "),
        1,
    );
    serde_json::from_str::<serde_json::Value>(&body).unwrap();
    let srv = Server::start(vec![Behavior::ok(body.as_bytes())]);
    for args in [
        &["show"][..],
        &["show", "--json"][..],
        &["show", "-o", "json"][..],
        &["check"][..],
        &["check", "--json"][..],
        &["report", "--no-redact"][..],
    ] {
        let out = m
            .wa()
            .env("WA_SUPPORT_TOKEN", tok)
            .env("WA_SUPPORT_PASSWORD", PASSWORD)
            .args(["--url", &srv.url()])
            .args(args)
            .output()
            .unwrap();
        no_secret(&out, &[tok, PASSWORD]);
    }
    // The raw JSON stays JSON.
    let out = m
        .wa()
        .env("WA_SUPPORT_TOKEN", tok)
        .args(["show", "--json", "--url", &srv.url()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["echo"], "*** Secr3t-Pa55word");
}

#[test]
fn a_login_error_that_echoes_the_password_is_masked() {
    let srv = Server::start(vec![Behavior::status(
        401,
        format!(r#"{{"errors":[{{"code":1005,"title":"Access denied","details":"bad password {PASSWORD}"}}]}}"#)
            .as_bytes(),
    )]);
    let m = Machine::new("http://127.0.0.1:1", "http://127.0.0.1:2", "");
    let out = m
        .wa()
        .args([
            "login",
            "-u",
            "admin",
            "--password-stdin",
            "--url",
            &srv.url(),
        ])
        .write_stdin(format!("{PASSWORD}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    no_secret(&out, &[PASSWORD]);
}

// ---------- login ----------

fn login_answer(token: &str, expires: &str) -> Vec<u8> {
    serde_json::json!({"users":[{"token": token, "expires_after": expires}]})
        .to_string()
        .into_bytes()
}

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
fn unauthorized_says_missing_refused_or_expired() {
    let deny = || {
        Behavior::status(
            401,
            br#"{"errors":[{"code":1005,"title":"Access denied"}]}"#,
        )
    };
    let srv = Server::start(vec![deny()]);
    let m = Machine::new(&srv.url(), "http://127.0.0.1:2", "");
    // Refused: the saved token was sent.
    let out = m.wa().arg("show").output().unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("the server refused the token from the token file of profile \"prod\""),
        "{err}"
    );
    assert!(
        err.contains("wa-support login --user admin --save --url"),
        "{err}"
    );
    // Expired: the saved expiry is past.
    std::fs::write(
        m.file("prod.token"),
        format!("{PROD_TOKEN}\n# expires_after: 2001-01-01 00:00:00+00:00\n"),
    )
    .unwrap();
    let out = m.wa().arg("show").output().unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("expired at 2001-01-01 00:00:00+00:00"),
        "{err}"
    );
    assert_eq!(auth_headers(&srv)[1], format!("Bearer {PROD_TOKEN}"));
    // Missing: no token at all.
    let out = wa(m.path())
        .env("WA_SUPPORT_CONFIG", m.file("none.toml"))
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("no token was sent"), "{err}");
    // A refused WA_SUPPORT_TOKEN: saving another one would not help.
    let out = m
        .wa()
        .env("WA_SUPPORT_TOKEN", "env-token-xyz")
        .arg("show")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("WA_SUPPORT_TOKEN overrides saved tokens"),
        "{err}"
    );
}

// ---------- files on disk ----------

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

// ---------- the terminal after a panic or SIGTERM ----------

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
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // Ended by the program (which restores the screen), not by the signal.
    assert!(status.success(), "{status:?}");
}
