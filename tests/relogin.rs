//! Re-login with remembered credentials: `login --save --remember`, then
//! any command that talks to the server logs in again by itself when the
//! saved token is about to expire or is refused, at most once per run, and
//! backs off for a minute after a refused login. Run as on a user's
//! machine: a config file present and WA_SUPPORT_* variables set.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::common::{NOW, Server, TokenBook, fixture_bytes, stderr_of, stdout_of, tempdir, wa};

const PASSWORD: &str = "Rem3mber-Pa55word";

/// A home whose config has profile `prod` (the default) at `url`.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(url: &str) -> Home {
        let dir = tempdir();
        let cfg = dir.path().join("config.toml");
        std::fs::write(
            &cfg,
            format!(
                "default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"{url}\"\ntimeout = 20\n"
            ),
        )
        .unwrap();
        set_mode(&cfg, 0o600);
        Home { dir }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with the variables a user's shell would have set.
    fn wa(&self) -> assert_cmd::Command {
        let mut c = wa(self.dir.path());
        c.env("WA_SUPPORT_PROFILE", "prod")
            .env("WA_SUPPORT_TIMEOUT", "20")
            .env("WA_SUPPORT_INSECURE", "0");
        c
    }

    /// `login --save --remember` with the password from the environment.
    fn remember(&self) -> std::process::Output {
        self.wa()
            .env("WA_SUPPORT_PASSWORD", PASSWORD)
            .args(["login", "-u", "admin", "--save", "--remember"])
            .output()
            .unwrap()
    }

    fn token(&self) -> String {
        std::fs::read_to_string(self.file("prod.token")).unwrap()
    }
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn healthy() -> Vec<u8> {
    fixture_bytes("single-registered.json")
}

/// Requests as `METHOD path Authorization`.
fn log(srv: &Server) -> Vec<String> {
    srv.requests()
        .iter()
        .map(|r| {
            let auth = r.header("authorization").unwrap_or("-");
            let auth = if auth.starts_with("Basic ") {
                "Basic"
            } else {
                auth
            };
            format!("{} {} {auth}", r.method, r.path)
        })
        .collect()
}

fn logins(book: &Arc<Mutex<TokenBook>>) -> usize {
    book.lock().unwrap().logins
}

/// Neither the password nor any token the server issued is printed.
fn no_secret(out: &std::process::Output) {
    let all = format!("{}{}", stdout_of(out), stderr_of(out));
    for s in [PASSWORD, "fresh-token", "old-token"] {
        assert!(!all.contains(s), "{s} leaked: {all}");
    }
    assert!(!all.contains("panicked"), "{all}");
}

/// A remembered login for a server whose tokens answer two requests.
fn remembered(uses: usize) -> (Server, Arc<Mutex<TokenBook>>, Home) {
    let (srv, book) = Server::start_expiring(PASSWORD, uses, &healthy());
    let home = Home::new(&srv.url());
    let out = home.remember();
    assert!(out.status.success(), "{}", stderr_of(&out));
    no_secret(&out);
    (srv, book, home)
}

#[test]
fn remember_keeps_the_credentials_in_a_private_file_of_their_own() {
    let (_srv, book, home) = remembered(2);
    assert_eq!(logins(&book), 1);
    let token = home.token();
    assert!(token.starts_with("fresh-token-1\n"), "{token}");
    assert!(
        token.contains("# expires_after: 2026-12-02 12:00:00+00:00"),
        "{token}"
    );
    let creds = home.file("prod.credentials");
    let text = std::fs::read_to_string(&creds).unwrap();
    assert!(text.contains(PASSWORD) && text.contains("admin"), "{text}");
    let cfg = std::fs::read_to_string(home.file("config.toml")).unwrap();
    assert!(!cfg.contains(PASSWORD), "{cfg}");
    #[cfg(unix)]
    {
        assert_eq!(mode(&creds), 0o600);
        assert_eq!(mode(&home.file("prod.token")), 0o600);
    }
    // --remember without --save is a usage error; nothing is sent.
    let out = home
        .wa()
        .env("WA_SUPPORT_PASSWORD", PASSWORD)
        .args(["login", "-u", "admin", "--remember"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(logins(&book), 1);
}

#[cfg(unix)]
#[test]
fn remember_never_writes_through_a_link() {
    let (srv, book) = Server::start_expiring(PASSWORD, 2, &healthy());
    let home = Home::new(&srv.url());
    let victim = home.file("victim");
    std::fs::write(&victim, "keep").unwrap();
    std::os::unix::fs::symlink(&victim, home.file("prod.credentials")).unwrap();
    let out = home.remember();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("symbolic link"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        logins(&book),
        0,
        "nothing is sent before the link is refused"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    no_secret(&out);
}

#[test]
fn a_refused_token_is_renewed_once_and_the_request_retried() {
    let (srv, book, home) = remembered(2);
    for _ in 0..2 {
        let out = home.wa().arg("show").output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    assert_eq!(logins(&book), 1);
    let before = srv.requests().len();
    // The third request is refused: one login, then the same request again
    // with the new token.
    let out = home.wa().args(["show", "-v"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(stdout_of(&out).contains("registered") || !out.stdout.is_empty());
    assert_eq!(logins(&book), 2, "exactly one login in this run");
    assert_eq!(
        log(&srv)[before..],
        [
            "GET /v1/support Bearer fresh-token-1",
            "POST /v1/users/login Basic",
            "GET /v1/support Bearer fresh-token-2",
        ]
    );
    assert!(err.contains("logged in again"), "{err}");
    no_secret(&out);
    let token = home.token();
    assert!(token.starts_with("fresh-token-2\n"), "{token}");
    assert!(
        token.contains("# expires_after: 2026-12-02 12:00:00+00:00"),
        "{token}"
    );
    #[cfg(unix)]
    assert_eq!(mode(&home.file("prod.token")), 0o600);
    // Without -v it is quiet, and report works the same way.
    book.lock().unwrap().accept("fresh-token-2", 0);
    let out = home.wa().arg("report").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        !stderr_of(&out).contains("logged in again"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(logins(&book), 3);
    assert!(home.token().starts_with("fresh-token-3\n"));
    no_secret(&out);
}

#[test]
fn a_token_that_expires_within_a_day_is_renewed_before_the_request() {
    let (srv, book, home) = remembered(5);
    std::fs::write(
        home.file("prod.token"),
        "old-token-7\n# expires_after: 2026-11-26 06:00:00+00:00\n",
    )
    .unwrap();
    set_mode(&home.file("prod.token"), 0o600);
    book.lock().unwrap().accept("old-token-7", 5);
    let before = srv.requests().len();
    let out = home.wa().args(["check", "-v"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).starts_with("WA-SUPPORT OK"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(
        log(&srv)[before..],
        [
            "POST /v1/users/login Basic",
            "GET /v1/support Bearer fresh-token-2",
        ]
    );
    assert!(
        stderr_of(&out).contains("logged in again"),
        "{}",
        stderr_of(&out)
    );
    no_secret(&out);
    assert!(home.token().starts_with("fresh-token-2\n"));
    // A token valid for more than a day is used as it is.
    let before = srv.requests().len();
    home.wa().arg("check").assert().code(0);
    assert_eq!(
        log(&srv)[before..],
        ["GET /v1/support Bearer fresh-token-2"]
    );
}

#[test]
fn a_refused_login_is_not_tried_again_for_a_minute() {
    let (srv, book, home) = remembered(1);
    home.wa().arg("check").assert().code(0);
    // The password was changed on the server.
    book.lock().unwrap().password = "changed".into();
    let out = home.wa().arg("check").output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("WA-SUPPORT UNKNOWN - "), "{text}");
    assert!(text.contains("refused"), "{text}");
    assert!(text.contains("2026-11-25T12:01:00Z"), "{text}");
    no_secret(&out);
    assert_eq!(logins(&book), 2);
    assert!(home.file("prod.login-state").exists());
    #[cfg(unix)]
    assert_eq!(mode(&home.file("prod.login-state")), 0o600);
    // A monitor a few seconds later: no login, the same answer.
    let before = srv.requests().len();
    let out = home
        .wa()
        .env("WA_SUPPORT_NOW", "2026-11-25T12:00:59Z")
        .arg("check")
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("2026-11-25T12:01:00Z"), "{text}");
    assert_eq!(logins(&book), 2, "no login within the minute");
    assert_eq!(
        log(&srv)[before..],
        ["GET /v1/support Bearer fresh-token-1"]
    );
    // A minute later it tries again, once; the right password works.
    book.lock().unwrap().password = PASSWORD.into();
    let out = home
        .wa()
        .env("WA_SUPPORT_NOW", "2026-11-25T12:01:01Z")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    assert_eq!(logins(&book), 3);
    assert!(!home.file("prod.login-state").exists());
    no_secret(&out);
}

#[test]
fn an_explicit_token_is_never_replaced() {
    let (srv, book, home) = remembered(0);
    let out = home
        .wa()
        .env("WA_SUPPORT_TOKEN", "old-token-env")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout_of(&out));
    let tf = home.file("mine.token");
    std::fs::write(&tf, "old-token-file\n").unwrap();
    set_mode(&tf, 0o600);
    let out2 = home
        .wa()
        .arg("show")
        .arg("--token-file")
        .arg(&tf)
        .output()
        .unwrap();
    assert_eq!(out2.status.code(), Some(1), "{}", stderr_of(&out2));
    assert_eq!(logins(&book), 1, "only the login of --remember");
    assert!(log(&srv).iter().all(|l| !l.contains("fresh-token-2")));
    assert!(home.token().starts_with("fresh-token-1\n"));
    no_secret(&out);
    no_secret(&out2);
}

#[test]
fn credentials_remembered_for_another_server_are_not_used() {
    let (srv, book, home) = remembered(0);
    // The same host and path, another port: another server.
    let creds = home.file("prod.credentials");
    let text = std::fs::read_to_string(&creds).unwrap();
    let other = text.replace(&srv.url(), "http://127.0.0.1:1");
    assert_ne!(text, other, "the file names its server");
    std::fs::write(&creds, other).unwrap();
    set_mode(&creds, 0o600);
    let out = home.wa().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout_of(&out));
    assert_eq!(logins(&book), 1);
    no_secret(&out);
}

#[test]
fn a_failed_relogin_leaves_the_token_file_and_check_in_protocol() {
    let (srv, book, home) = remembered(0);
    let before = home.token();
    // The server accepts no password now and refuses every token.
    book.lock().unwrap().password = "nobody-knows".into();
    let out = home.wa().args(["check", "-v"]).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert_eq!(home.token(), before);
    assert_eq!(logins(&book), 2);
    assert_eq!(
        log(&srv)[1..],
        [
            "GET /v1/support Bearer fresh-token-1",
            "POST /v1/users/login Basic"
        ]
    );
    no_secret(&out);
    // show says the same, exit 1, on one line of stderr.
    let out = home.wa().arg("show").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("2026-11-25T12:01:00Z"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(logins(&book), 2);
    let _ = NOW;
}

#[test]
fn a_watch_logs_in_again_at_most_once_a_minute() {
    let (srv, book, home) = remembered(1);
    let bin = assert_cmd::cargo::cargo_bin("wa-support");
    let mut child = std::process::Command::new(bin)
        .env_clear()
        .env("HOME", home.dir.path())
        .env("WA_SUPPORT_NOW", NOW)
        .env("WA_SUPPORT_CONFIG", home.file("config.toml"))
        .env("WA_SUPPORT_PROFILE", "prod")
        .args(["show", "--watch", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Three polls: the first token's one use, a re-login, then a refusal
    // of the new token that must not bring a second login so soon.
    let start = std::time::Instant::now();
    while srv.requests().len() < 6 && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The third poll's screen is written right after its request.
    std::thread::sleep(std::time::Duration::from_millis(800));
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        log(&srv)[1..5],
        [
            "GET /v1/support Bearer fresh-token-1",
            "GET /v1/support Bearer fresh-token-1",
            "POST /v1/users/login Basic",
            "GET /v1/support Bearer fresh-token-2",
        ]
    );
    assert_eq!(log(&srv)[5], "GET /v1/support Bearer fresh-token-2");
    assert_eq!(logins(&book), 2, "one login in this run");
    let text = stdout_of(&out);
    assert!(text.contains("less than 60 seconds ago"), "{text}");
    no_secret(&out);
}
