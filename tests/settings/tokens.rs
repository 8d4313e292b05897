//! Where tokens go and where they never appear: token files, other URLs, plain http, masking in answers and errors.

use super::*;

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
