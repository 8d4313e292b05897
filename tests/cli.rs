//! CLI tests: the real binary, against files, stdin and real HTTP(S)
//! servers on 127.0.0.1.

use std::time::{Duration, Instant};

use crate::common::{
    Behavior, Server, certs, fixture, fixture_bytes, stderr_of, stdout_of, tempdir, wa,
};
use predicates::prelude::*;

const TOKEN: &str = "tok-9f8e7d6c5b4a-SECRET";

/// Asserts a failure: the exit code, one line on stderr holding `needle`,
/// no panic, no secret.
fn assert_fails(out: &std::process::Output, code: i32, needle: &str) {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.contains("warning:")).collect();
    assert_eq!(lines.len(), 1, "not one line: {err}");
    assert!(lines[0].starts_with("wa-support: error: "), "{err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains(TOKEN), "token leaked: {err}");
}

// ---------- files and stdin ----------

#[test]
fn show_from_file_prints_tables() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["show", "--file"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = stdout_of(&out);
    assert!(
        s.starts_with("6 nodes (1 primary master, 1 secondary master, 4 coreapps)"),
        "{s}"
    );
    assert!(s.contains("NODE                                   ROLE"));
    assert!(s.contains("Schema versions"));
    assert!(s.contains("Problems (0 critical, 1 warning)"));
    assert!(!s.contains('\x1b'), "piped output has colour");
    assert!(stderr_of(&out).is_empty());
}

#[test]
fn show_from_stdin() {
    let home = tempdir();
    wa(home.path())
        .args(["show", "-f", "-"])
        .write_stdin(fixture_bytes("single-registered.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("1 node (single)"))
        .stdout(predicate::str::contains("local"));
}

#[test]
fn json_is_byte_exact_for_files() {
    let home = tempdir();
    for name in [
        "multiconnect.json",
        "single-registered.json",
        "node-error.json",
    ] {
        let out = wa(home.path())
            .args(["show", "--json", "-f"])
            .arg(fixture(name))
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(out.stdout, fixture_bytes(name), "{name}");
    }
}

#[test]
fn json_refuses_a_body_that_is_not_json() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["show", "--json", "-f", "-"])
        .write_stdin("Service Unavailable")
        .output()
        .unwrap();
    assert_fails(&out, 1, "not JSON");
    assert!(out.stdout.is_empty());
}

#[test]
fn colour_forced_and_never() {
    let home = tempdir();
    let f = fixture("multiconnect.json");
    let out = wa(home.path())
        .args(["show", "--color", "always", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(stdout_of(&out).contains('\x1b'));
    let out = wa(home.path())
        .args(["show", "--color", "never", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(!stdout_of(&out).contains('\x1b'));
    // NO_COLOR with auto: none (and piped anyway).
    let out = wa(home.path())
        .env("NO_COLOR", "1")
        .args(["show", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(!stdout_of(&out).contains('\x1b'));
}

#[test]
fn bad_input_is_exit_1_one_line_no_panic() {
    let home = tempdir();
    let cases: &[(&[u8], &str)] = &[
        (b"", "empty"),
        (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "HTML page"),
        (b"{\"support\":{\"socket_conn\":\"UP\",", "cut short"),
        (b"[{\"support\":{}}]", "a list"),
        (b"{\"support\": null}", "null"),
        (b"\xff\xfe\x00{", "not"),
        (b"{\"errors\":[{\"code\":1005,\"title\":\"Access denied\"}]}", "1005 Access denied"),
    ];
    for (input, needle) in cases {
        let out = wa(home.path())
            .args(["show", "-f", "-"])
            .write_stdin(*input)
            .output()
            .unwrap();
        assert_fails(&out, 1, needle);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn missing_file_and_missing_source() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["show", "-f", "/nonexistent/answer.json"])
        .output()
        .unwrap();
    assert_fails(&out, 1, "cannot read /nonexistent/answer.json");
    let out = wa(home.path()).arg("show").output().unwrap();
    assert_fails(&out, 2, "no server or file given");
}

#[test]
fn usage_errors_exit_2_and_check_exits_3() {
    let home = tempdir();
    wa(home.path()).args(["show", "--nope"]).assert().code(2);
    wa(home.path())
        .args(["show", "--space-warn", "lots", "-f", "x"])
        .assert()
        .code(2);
    wa(home.path())
        .args(["check", "--nope"])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("WA-SUPPORT UNKNOWN"));
    wa(home.path())
        .arg("check")
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with(
            "WA-SUPPORT UNKNOWN - no server or file given",
        ));
    wa(home.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn broken_pipe_is_success() {
    let home = tempdir();
    let mut big = String::from("{\"support\":{");
    for i in 0..3000 {
        if i > 0 {
            big.push(',');
        }
        big.push_str(&format!("\"10.0.{}.{}:wa-coreapp-{i}\":{{\"role\":\"coreapp\",\"shards\":[[{i},{i}]],\"socket_conn\":\"UP\"}}", i / 250, i % 250));
    }
    big.push_str("}}");
    let path = home.path().join("big.json");
    std::fs::write(&path, big).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("wa-support");
    let script = format!(
        "'{}' show -f '{}' | head -c 100 >/dev/null; echo ${{PIPESTATUS[0]}}",
        bin.display(),
        path.display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out).trim(), "0", "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("error"), "{}", stderr_of(&out));
}

// ---------- over HTTP ----------

#[test]
fn fetches_with_path_and_bearer_header() {
    let home = tempdir();
    let body = fixture_bytes("multiconnect.json");
    let srv = Server::start(vec![Behavior::ok(&body)]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--token", TOKEN])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "GET");
    assert_eq!(reqs[0].path, "/v1/support");
    assert_eq!(
        reqs[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert!(stdout_of(&out).contains("6 nodes"));
}

#[test]
fn env_url_and_token_and_raw_json_byte_exact() {
    let home = tempdir();
    // Not pretty-printed, odd spacing: must come back byte for byte.
    let body = br#"{"support" :{"socket_conn":"UP","free_space_data":9223372036853727000}  }"#;
    let srv = Server::start(vec![Behavior::ok(body)]);
    let out = wa(home.path())
        .env("WA_SUPPORT_URL", format!("{}/", srv.url()))
        .env("WA_SUPPORT_TOKEN", TOKEN)
        .args(["show", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, body);
    assert_eq!(
        srv.requests()[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn url_with_prefix_or_full_path() {
    let home = tempdir();
    let body = fixture_bytes("single-registered.json");
    let srv = Server::start(vec![Behavior::ok(&body)]);
    wa(home.path())
        .args(["show", "--url", &format!("{}/wa/v1/support", srv.url())])
        .assert()
        .success();
    wa(home.path())
        .args(["show", "--url", &format!("{}/wa", srv.url())])
        .assert()
        .success();
    let paths: Vec<String> = srv.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/wa/v1/support", "/wa/v1/support"]);
}

#[test]
fn single_node_is_named_after_the_host() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("single-registered.json"))]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost")])
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).contains(&format!("localhost:{}", srv.port)),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn connection_refused() {
    let home = tempdir();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = wa(home.path())
        .args([
            "show",
            "--url",
            &format!("http://127.0.0.1:{port}"),
            "--token",
            TOKEN,
        ])
        .output()
        .unwrap();
    assert_fails(&out, 1, "connection refused");
}

#[test]
fn name_does_not_resolve() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["show", "--url", "https://wa-support-test.invalid:9090"])
        .output()
        .unwrap();
    assert_fails(
        &out,
        1,
        "cannot resolve the host name wa-support-test.invalid",
    );
}

#[test]
fn http_failures_say_what_and_what_to_try() {
    let home = tempdir();
    let html = b"<html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1><pre>stack trace here</pre></body></html>";
    let cases: Vec<(Behavior, &str, &str)> = vec![
        (Behavior::status(401, b""), "401 Unauthorized", "wa-support login"),
        (Behavior::status(401, br#"{"errors":[{"code":1005,"title":"Access denied","details":"Invalid credentials"}]}"#), "401 with error 1005 Access denied", "wa-support login"),
        (Behavior::status(403, b""), "403 Forbidden", "admin"),
        (Behavior::status(404, b""), "404 Not Found", "base URL"),
        (Behavior::status(429, br#"{"errors":[{"code":1015,"title":"Too many requests"}]}"#), "1015 Too many requests", "wait"),
        (Behavior::status(503, br#"{"errors":[{"code":1011,"title":"Service not ready"}]}"#), "503 with error 1011 Service not ready", "wait a minute"),
        (Behavior::status(500, html), "500 with an HTML page titled \"500 Internal Server Error\"", "logs"),
        (Behavior::ok(b"this is not json"), "not JSON", "proxy"),
        (Behavior::ok(br#"{"meta":{"version":"v2"}}"#), "no `support` field", "base URL"),
    ];
    for (b, what, hint) in cases {
        let srv = Server::start(vec![b]);
        let out = wa(home.path())
            .args(["show", "--url", &srv.url(), "--token", TOKEN])
            .output()
            .unwrap();
        assert_fails(&out, 1, what);
        assert!(
            stderr_of(&out).contains(hint),
            "{hint}: {}",
            stderr_of(&out)
        );
        assert!(!stderr_of(&out).contains("stack trace"), "HTML dumped");
    }
}

#[test]
fn hang_before_headers_times_out_in_time() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::Hang(Duration::from_secs(20))]);
    let start = Instant::now();
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--timeout", "1"])
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_fails(
        &out,
        1,
        "timed out after 1s waiting for the response headers",
    );
}

#[test]
fn trickling_body_times_out_in_time() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::Trickle {
        body: fixture_bytes("single-registered.json"),
        delay: Duration::from_millis(200),
    }]);
    let start = Instant::now();
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--timeout", "1.5"])
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_fails(&out, 1, "timed out after 1.5s reading the response body");
}

#[test]
fn body_stopping_half_way() {
    let home = tempdir();
    let body = fixture_bytes("single-registered.json");
    let srv = Server::start(vec![Behavior::Truncate {
        len: body.len(),
        body: body[..body.len() / 2].to_vec(),
    }]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_fails(&out, 1, "closed reading the response body");
}

#[test]
fn closed_without_answer() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::Close]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_fails(&out, 1, "closed");
}

#[test]
fn oversized_body_is_refused() {
    let home = tempdir();
    let big = vec![b' '; 33 * 1024 * 1024];
    let srv = Server::start(vec![Behavior::ok(&big)]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_fails(&out, 1, "larger than 32 MiB");
}

#[test]
fn redirect_to_other_host_is_not_followed() {
    let home = tempdir();
    let other = Server::start(vec![Behavior::ok(&fixture_bytes("single-registered.json"))]);
    let srv = Server::start(vec![Behavior::redirect(
        302,
        &format!("{}/v1/support", other.url_with("localhost")),
    )]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--token", TOKEN])
        .output()
        .unwrap();
    assert_fails(&out, 1, "redirected to http://localhost");
    assert!(other.requests().is_empty(), "followed to another host");
}

#[test]
fn redirect_on_same_host_is_followed_with_token() {
    let home = tempdir();
    let body = fixture_bytes("single-registered.json");
    let srv = Server::start(vec![
        Behavior::redirect(301, "/new/v1/support"),
        Behavior::ok(&body),
    ]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--token", TOKEN])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("following redirect"));
    let reqs = srv.requests();
    assert_eq!(reqs[1].path, "/new/v1/support");
    assert_eq!(
        reqs[1].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn verbose_masks_the_token() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("single-registered.json"))]);
    let out = wa(home.path())
        .args(["show", "-v", "--url", &srv.url(), "--token", TOKEN])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("> GET http://127.0.0.1"), "{err}");
    assert!(err.contains("> Authorization: Bearer ***"), "{err}");
    assert!(err.contains("< 200"), "{err}");
    assert!(!err.contains(TOKEN));
    assert!(!stdout_of(&out).contains(TOKEN));
}

// ---------- TLS ----------

/// Starts an HTTPS server with `made`'s certificate and writes the PEM a
/// client would trust to `home/file`.
fn tls_server(
    home: &std::path::Path,
    file: &str,
    made: certs::Made,
    behaviors: Vec<Behavior>,
) -> (Server, std::path::PathBuf) {
    let pem = home.join(file);
    std::fs::write(&pem, &made.ca_pem).unwrap();
    (Server::start_tls(behaviors, made.tls), pem)
}

#[test]
fn tls_unknown_issuer_then_cacert_works() {
    let home = tempdir();
    let (srv, ca) = tls_server(
        home.path(),
        "ca.pem",
        certs::ca_signed(&["localhost", "127.0.0.1"]),
        vec![Behavior::ok(&fixture_bytes("single-registered.json"))],
    );
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--token", TOKEN])
        .output()
        .unwrap();
    assert_fails(&out, 1, "unknown issuer");
    assert!(stderr_of(&out).contains("--cacert"));
    assert!(stderr_of(&out).contains("openssl s_client"));
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--cacert"])
        .arg(&ca)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = wa(home.path())
        .env("WA_SUPPORT_CACERT", &ca)
        .args(["show", "--url", &srv.url_with("localhost")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn tls_name_mismatch_and_expiry_are_named() {
    let home = tempdir();
    let cases = [
        (
            certs::ca_signed(&["wa.example.com"]),
            "not valid for the name localhost",
        ),
        (certs::expired(&["localhost"]), "has expired"),
    ];
    for (made, needle) in cases {
        let (srv, ca) = tls_server(home.path(), "ca.pem", made, vec![Behavior::ok(b"{}")]);
        let out = wa(home.path())
            .args(["show", "--url", &srv.url_with("localhost"), "--cacert"])
            .arg(&ca)
            .output()
            .unwrap();
        assert_fails(&out, 1, needle);
    }
}

#[test]
fn self_signed_ca_true_certificate_is_pinned_when_named() {
    let home = tempdir();
    let (srv, pem) = tls_server(
        home.path(),
        "server.pem",
        certs::self_signed_ca_true(&["localhost", "127.0.0.1"]),
        vec![Behavior::ok(&fixture_bytes("single-registered.json"))],
    );
    // Named: accepted.
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost"), "--cacert"])
        .arg(&pem)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Not named (another CA given): rejected.
    let other = certs::ca_signed(&["localhost"]);
    let other_pem = home.path().join("other.pem");
    std::fs::write(&other_pem, &other.ca_pem).unwrap();
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost"), "--cacert"])
        .arg(&other_pem)
        .output()
        .unwrap();
    assert_fails(&out, 1, "certificate of localhost");
    // Not named at all: rejected, with the way to pin it.
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost")])
        .output()
        .unwrap();
    assert_fails(&out, 1, "CA certificate used as the server's own");
    assert!(stderr_of(&out).contains("--cacert"));
}

#[test]
fn pinned_certificate_still_checks_the_name() {
    let home = tempdir();
    let (srv, pem) = tls_server(
        home.path(),
        "server.pem",
        certs::self_signed_ca_true(&["wa.example.com"]),
        vec![Behavior::ok(b"{}")],
    );
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost"), "--cacert"])
        .arg(&pem)
        .output()
        .unwrap();
    assert_fails(&out, 1, "not valid for the name");
}

#[test]
fn insecure_skips_verification_with_a_warning() {
    let home = tempdir();
    let made = certs::ca_signed(&["wa.example.com"]);
    let srv = Server::start_tls(
        vec![Behavior::ok(&fixture_bytes("single-registered.json"))],
        made.tls,
    );
    let out = wa(home.path())
        .args(["show", "-k", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("warning: --insecure"));
    let out = wa(home.path())
        .env("WA_SUPPORT_INSECURE", "1")
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr_of(&out).contains("warning: WA_SUPPORT_INSECURE"));
}

#[test]
fn https_to_a_plain_http_port() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::ok(b"{}")]);
    let url = format!("https://127.0.0.1:{}", srv.port);
    let out = wa(home.path())
        .args(["show", "--url", &url, "--timeout", "3"])
        .output()
        .unwrap();
    assert_fails(&out, 1, "did not answer with TLS");
    assert!(
        stderr_of(&out).contains("try http://"),
        "{}",
        stderr_of(&out)
    );
}

// ---------- tokens, login, profiles ----------

#[test]
fn login_prints_or_saves_the_token() {
    let home = tempdir();
    let answer = br#"{"users":[{"token":"eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYWRtaW4ifQ.c2lnbmF0dXJl","expires_after":"2026-12-02 12:00:00+00:00"}]}"#;
    let srv = Server::start(vec![Behavior::ok(answer)]);
    let out = wa(home.path())
        .args([
            "login",
            "--user",
            "admin",
            "--password-stdin",
            "--url",
            &srv.url(),
        ])
        .write_stdin("Secr3t-Pa55\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYWRtaW4ifQ.c2lnbmF0dXJl\n"
    );
    assert!(stderr_of(&out).contains("valid until 2026-12-02 12:00:00+00:00"));
    let req = &srv.requests()[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/v1/users/login");
    // admin:Secr3t-Pa55
    assert_eq!(
        req.header("authorization"),
        Some("Basic YWRtaW46U2VjcjN0LVBhNTU=")
    );
    assert!(!stderr_of(&out).contains("Secr3t"));

    // --save writes the profile's token file with mode 0600, and show uses it.
    let srv2 = Server::start(vec![
        Behavior::ok(answer),
        Behavior::ok(&fixture_bytes("single-registered.json")),
    ]);
    let out = wa(home.path())
        .env("WA_SUPPORT_PASSWORD", "Secr3t-Pa55")
        .args(["login", "-u", "admin", "--save", "--url", &srv2.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty());
    // No profile has that server: a new one is named after its host.
    let file = home.path().join("127.0.0.1.token");
    assert!(stderr_of(&out).contains(&file.display().to_string()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    wa(home.path())
        .args(["show", "--url", &srv2.url()])
        .assert()
        .success();
    assert_eq!(
        srv2.requests()[1].header("authorization"),
        Some("Bearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYWRtaW4ifQ.c2lnbmF0dXJl")
    );
}

#[test]
fn login_failure_is_clear() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::status(
        401,
        br#"{"errors":[{"code":1005,"title":"Access denied","details":"Invalid credentials"}]}"#,
    )]);
    let out = wa(home.path())
        .args([
            "login",
            "--user",
            "admin",
            "--password-stdin",
            "--url",
            &srv.url(),
        ])
        .write_stdin("wrong-Pass\n")
        .output()
        .unwrap();
    assert_fails(&out, 1, "1005 Access denied");
    assert!(!stderr_of(&out).contains("wrong-Pass"));
    let out = wa(home.path())
        .args(["login", "--user", "admin", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_fails(&out, 2, "no password given");
}

#[test]
fn token_sources_in_order() {
    let home = tempdir();
    let body = fixture_bytes("single-registered.json");
    let srv = Server::start(vec![Behavior::ok(&body)]);
    let tf = home.path().join("t.token");
    std::fs::write(&tf, "from-file\n").unwrap();
    // --token beats the environment and the file.
    wa(home.path())
        .env("WA_SUPPORT_TOKEN", "from-env")
        .args([
            "show",
            "--url",
            &srv.url(),
            "--token",
            "from-flag",
            "--token-file",
        ])
        .arg(&tf)
        .assert()
        .success();
    // A flag beats the environment: --token-file beats WA_SUPPORT_TOKEN.
    wa(home.path())
        .env("WA_SUPPORT_TOKEN", "from-env")
        .args(["show", "--url", &srv.url(), "--token-file"])
        .arg(&tf)
        .assert()
        .success();
    // The file alone.
    wa(home.path())
        .args(["show", "--url", &srv.url(), "--token-file"])
        .arg(&tf)
        .assert()
        .success();
    let auth: Vec<String> = srv
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or("").to_string())
        .collect();
    assert_eq!(
        auth,
        ["Bearer from-flag", "Bearer from-file", "Bearer from-file"]
    );
}

#[test]
fn profiles_supply_url_and_token_and_flags_win() {
    let home = tempdir();
    let body = fixture_bytes("single-registered.json");
    let srv = Server::start(vec![Behavior::ok(&body)]);
    let tf = home.path().join("prod.token");
    std::fs::write(&tf, "profile-token\n").unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        format!("default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"{}\"\ntoken_file = \"{}\"\ntimeout = 5\n\n[profiles.broken]\nurl = \"http://127.0.0.1:1\"\n", srv.url(), tf.display()),
    )
    .unwrap();
    wa(home.path()).arg("show").assert().success();
    wa(home.path())
        .args(["show", "--profile", "prod"])
        .assert()
        .success();
    wa(home.path())
        .env("WA_SUPPORT_PROFILE", "prod")
        .arg("show")
        .assert()
        .success();
    // The flag's URL beats the profile's.
    let out = wa(home.path())
        .args(["show", "--profile", "broken", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = wa(home.path())
        .args(["show", "--profile", "nope"])
        .output()
        .unwrap();
    assert_fails(&out, 2, "no profile named \"nope\"");
    assert_eq!(
        srv.requests()[0].header("authorization"),
        Some("Bearer profile-token")
    );
}

#[test]
fn bad_config_names_file_line_and_key() {
    let home = tempdir();
    std::fs::write(
        home.path().join("config.toml"),
        "[profiles.prod]\nurl = \"https://x\"\ninsecure = \"yes please\"\n",
    )
    .unwrap();
    // A server needs the config (a saved answer does not).
    let out = wa(home.path())
        .args(["show", "--url", "http://127.0.0.1:1"])
        .output()
        .unwrap();
    assert_fails(&out, 2, "config.toml, line 3, key `insecure`");
}

// ---------- check, report, outputs ----------

#[test]
fn check_exit_codes_follow_the_plugin_protocol() {
    let home = tempdir();
    let run = |name: &str| {
        wa(home.path())
            .args(["check", "-f"])
            .arg(fixture(name))
            .output()
            .unwrap()
    };
    let ok = run("single-registered.json");
    assert_eq!(ok.status.code(), Some(0));
    assert!(stdout_of(&ok).starts_with("WA-SUPPORT OK - "));
    let warn = run("multiconnect.json");
    assert_eq!(warn.status.code(), Some(1));
    let crit = run("single-unregistered.json");
    assert_eq!(crit.status.code(), Some(2));
    assert!(
        stdout_of(&crit)
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("CRITICAL: ")
    );
    // A failure to read is UNKNOWN (3), never 1 or 2.
    let out = wa(home.path())
        .args(["check", "-f", "-"])
        .write_stdin("<html>")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout_of(&out).starts_with("WA-SUPPORT UNKNOWN - the answer is not JSON"));
    let srv = Server::start(vec![Behavior::status(401, b"")]);
    let out = wa(home.path())
        .args(["check", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    // Thresholds move the state.
    let out = wa(home.path())
        .args([
            "check",
            "--space-warn",
            "1KiB",
            "--space-crit",
            "1B",
            "--expiry-crit",
            "1",
            "--expiry-warn",
            "2",
            "-f",
        ])
        .arg(fixture("single-unregistered.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2)); // still unregistered and DN
}

#[test]
fn check_json_lists_findings() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["check", "--json", "-f"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "WARNING");
    assert_eq!(v["exit_code"], 1);
    assert_eq!(v["findings"][0]["code"], "socket-connecting");
}

#[test]
fn normalized_json_output() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["show", "-o", "json", "-f"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], 1);
    assert_eq!(v["source"]["kind"], "file");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 6);
    assert_eq!(v["nodes"][0]["role"], "primary_master");
    assert!(stdout_of(&out).contains("\"free_space_media_incoming\": 9223372036853727000"));
}

#[test]
fn report_is_markdown_and_redacted() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["report", "-f"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r = stdout_of(&out);
    assert!(r.starts_with("# WhatsApp Business API client: support report"));
    assert!(r.contains("- Redaction: phone numbers, secrets, tokens"));
    for secret in ["hunter2-Secret!", "4915112345678", "97145031111"] {
        assert!(!r.contains(secret), "{secret} in report");
    }
    assert!(r.contains("WA_DB_PASSWORD=REDACTED"), "{r}");
    let out = wa(home.path())
        .args(["report", "--redact-hosts", "-f"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert!(!stdout_of(&out).contains("10.210.71."));
    assert!(
        stdout_of(&out).contains("node-1:wa-master-971••••••11-0"),
        "{}",
        stdout_of(&out)
    );
    let out = wa(home.path())
        .args(["report", "--no-redact", "-f"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert!(stdout_of(&out).contains("hunter2-Secret!"));
    // To a file.
    let path = home.path().join("r.md");
    wa(home.path())
        .args(["report", "-O"])
        .arg(&path)
        .arg("-f")
        .arg(fixture("node-error.json"))
        .assert()
        .success()
        .stdout("");
    assert!(std::fs::read_to_string(&path).unwrap().contains("## Nodes"));
}

#[test]
fn report_live_names_host_and_port_only() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::ok(&fixture_bytes("single-registered.json"))]);
    let out = wa(home.path())
        .args([
            "report",
            "--url",
            &format!("{}/prefix", srv.url()),
            "--token",
            TOKEN,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r = stdout_of(&out);
    assert!(
        r.contains(&format!("- Target: 127.0.0.1:{}\n", srv.port)),
        "{r}"
    );
    assert!(!r.contains(TOKEN));
    assert!(!r.contains("s3cr3t-Db-Pa55"));
}

#[test]
fn redacted_json_stays_valid() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["show", "--json", "--redact", "-f"])
        .arg(fixture("single-registered.json"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["support"]["debug_info"], "+1••••••••11");
    assert!(!stdout_of(&out).contains("s3cr3t-Db-Pa55"));
}

#[test]
fn hostile_answer_cannot_touch_the_terminal() {
    let home = tempdir();
    let evil = "{\"support\":{\"h\\u001b]0;owned\\u0007:1\":{\"role\":\"coreapp\\u001b[2J\",\"shards\":[[0,0]],\"socket_conn\":\"UP\\r\\u202e\",\"debug_info\":\"\\u001b[8mhidden\",\"env\":[\"A=\\u0008\\u0008\"],\"x\\u009b\":\"y\"}}}";
    for cmd in [
        vec!["show"],
        vec!["report"],
        vec!["check"],
        vec!["show", "-o", "json"],
    ] {
        let out = wa(home.path())
            .args(&cmd)
            .args(["-f", "-"])
            .write_stdin(evil)
            .output()
            .unwrap();
        let s = stdout_of(&out);
        for bad in ['\x1b', '\x07', '\r', '\u{8}', '\u{202e}', '\u{9b}'] {
            assert!(!s.contains(bad), "{cmd:?}: {bad:?} in {s}");
        }
        assert!(!stderr_of(&out).contains('\x1b'));
    }
}

#[test]
fn watch_redraws_and_stops_on_ctrl_c() {
    let home = tempdir();
    let srv = Server::start(vec![
        Behavior::ok(&fixture_bytes("multiconnect.json")),
        Behavior::status(
            503,
            br#"{"errors":[{"code":1011,"title":"Service not ready"}]}"#,
        ),
        Behavior::ok(&fixture_bytes("high-availability.json")),
    ]);
    let bin = assert_cmd::cargo::cargo_bin("wa-support");
    let mut child = std::process::Command::new(bin)
        .env_clear()
        .env("HOME", home.path())
        .env("WA_SUPPORT_CONFIG", home.path().join("config.toml"))
        .args(["show", "--watch", "1", "--url", &srv.url()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while srv.requests().len() < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    crate::common::signal("INT", child.id());
    let (status, _) = crate::common::ended_within(&mut child, Duration::from_secs(5));
    let out = child.wait_with_output().unwrap();
    assert!(status.success(), "{status:?} {}", stderr_of(&out));
    let s = stdout_of(&out);
    assert!(s.contains("poll 1"), "{s}");
    assert!(
        s.contains("poll failed: the server answered 503 with error 1011 Service not ready"),
        "{s}"
    );
    assert!(s.contains("showing the last good status"), "{s}");
    assert!(s.contains("Changed since the previous poll:"), "{s}");
}

// ---------- completions and man ----------

#[test]
fn completions_name_every_command_and_option_for_each_shell() {
    let home = tempdir();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = wa(home.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr_of(&out));
        let script = stdout_of(&out);
        for word in [
            "show",
            "check",
            "report",
            "login",
            "file",
            "profile",
            "redact-hosts",
            "space-warn",
        ] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        assert!(stderr_of(&out).is_empty(), "{shell}: {}", stderr_of(&out));
    }
    wa(home.path())
        .args(["completions", "tcsh"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn man_page_is_roff() {
    let home = tempdir();
    wa(home.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH wa-support"))
        .stdout(predicate::str::contains("login"));
}

// ---------- proxies ----------

#[test]
fn https_proxy_is_used_and_no_proxy_bypasses_it() {
    let home = tempdir();
    let (srv, ca) = tls_server(
        home.path(),
        "ca.pem",
        certs::ca_signed(&["localhost", "127.0.0.1"]),
        vec![Behavior::ok(&fixture_bytes("single-registered.json"))],
    );
    let (pport, seen) = crate::common::raw::connect_proxy(crate::common::raw::ProxyMode::Tunnel);
    let out = wa(home.path())
        .env("HTTPS_PROXY", format!("http://127.0.0.1:{pport}"))
        .args(["show", "--url", &srv.url(), "--token", TOKEN, "--cacert"])
        .arg(&ca)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        seen.lock().unwrap().clone(),
        [format!("127.0.0.1:{}", srv.port)]
    );
    let out = wa(home.path())
        .env("HTTPS_PROXY", format!("http://127.0.0.1:{pport}"))
        .env("NO_PROXY", "127.0.0.1")
        .args(["show", "--url", &srv.url(), "--cacert"])
        .arg(&ca)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(seen.lock().unwrap().len(), 1, "NO_PROXY was not honoured");
    assert_eq!(srv.requests().len(), 2);
}
