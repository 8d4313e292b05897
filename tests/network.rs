//! Talking to servers as they are met in the field: one timeout across
//! redirects, pinned self-signed certificates, proxies (HTTP CONNECT and
//! SOCKS) read from the environment as curl reads them, gzip, servers with
//! only legacy TLS, and secrets that never reach the terminal.
//!
//! Every server here listens on 127.0.0.1 and is started by the test.

use crate::common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::raw::{ProxyMode, connect_proxy, raw_server, read_head, relay, respond};
use crate::common::{
    Behavior, Server, ServerTls, certs, fixture_bytes, stderr_of, stdout_of, tempdir,
};
use assert_cmd::Command;

const TOKEN: &str = "tok-NETWORK-7f3a9c1e5b2d";
const PASSWORD: &str = "pw-Zq81-network";

/// The binary as it runs on an operator's machine: a config file with a
/// profile, WA_SUPPORT_* variables set; flags given by each test win.
fn wa(home: &Path) -> Command {
    let config = home.join("config.toml");
    if !config.exists() {
        std::fs::write(
            &config,
            "[profiles.staging]\nurl = \"https://staging.invalid:9090\"\ntimeout = 9\n",
        )
        .unwrap();
    }
    let mut c = common::wa(home);
    c.env("WA_SUPPORT_CONFIG", &config)
        .env("WA_SUPPORT_TIMEOUT", "8")
        .env("WA_SUPPORT_TOKEN", TOKEN);
    c
}

/// Exactly one error line (notes and warnings aside) that contains `needle`
/// and a hint, and no secret anywhere in the output.
fn assert_fails(out: &std::process::Output, needle: &str) -> String {
    let err = stderr_of(out);
    assert!(!out.status.success(), "succeeded: {err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| !l.contains("warning:") && !l.contains("note:"))
        // The -v trace.
        .filter(|l| !l.starts_with("> ") && !l.starts_with("< ") && !l.starts_with("* "))
        .collect();
    assert_eq!(lines.len(), 1, "not one line: {err}");
    assert!(lines[0].starts_with("wa-support: error: "), "{err}");
    assert!(lines[0].contains("(hint: "), "no hint: {err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
    assert!(!err.contains("panicked"), "{err}");
    if std::env::var_os("SHOW_ERRORS").is_some() {
        eprintln!("SHOWN: {}", lines[0]);
    }
    assert_no_secret(out);
    err
}

fn assert_no_secret(out: &std::process::Output) {
    let all = format!("{}{}", stdout_of(out), stderr_of(out));
    for secret in [TOKEN, PASSWORD, "s3cr3t-proxy", "s3cr3t-url"] {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
}

fn ok_body() -> Vec<u8> {
    fixture_bytes("single-registered.json")
}

/// A port on which nothing listens.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn write_pem(home: &Path, name: &str, pem: &str) -> PathBuf {
    let p = home.join(name);
    std::fs::write(&p, pem).unwrap();
    p
}

// ---------- one timeout for the whole call ----------

#[test]
fn timeout_bounds_the_whole_call_across_redirects() {
    let home = tempdir();
    // Each hop answers a same-host redirect after 700 ms: six hops would
    // take 4.2 s if every hop got a fresh timeout.
    let port = raw_server(|mut s| {
        read_head(&mut s);
        thread::sleep(Duration::from_millis(700));
        respond(&mut s, 302, &[("Location", "/v1/support")], b"");
    });
    let start = Instant::now();
    let out = wa(home.path())
        .args(["show", "--url", &format!("http://127.0.0.1:{port}")])
        .args(["--timeout", "2"])
        .output()
        .unwrap();
    let took = start.elapsed();
    let err = assert_fails(&out, "timed out after 2s");
    assert!(took < Duration::from_millis(3200), "took {took:?}: {err}");
}

// ---------- pinned certificates ----------

/// A self-signed certificate as `openssl req -x509 -subj /CN=NAME` makes
/// it: CA:TRUE, the name only in the subject's CN, no subjectAltName.
fn openssl_style_cert(cn: &str) -> (ServerTls, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name = rcgen::DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, cn);
    let key = KeyPair::generate().unwrap();
    let cert = p.self_signed(&key).unwrap();
    let tls = ServerTls {
        chain: vec![cert.der().clone()],
        key: rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(
            key.serialize_der(),
        )),
    };
    (tls, cert.pem())
}

#[test]
fn pinned_certificate_with_the_name_only_in_cn_is_accepted() {
    let home = tempdir();
    let (tls, pem) = openssl_style_cert("localhost");
    let pem = write_pem(home.path(), "wa.pem", &pem);
    let srv = Server::start_tls(vec![Behavior::ok(&ok_body())], tls);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost"), "--cacert"])
        .arg(&pem)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("v2.51.3"), "{}", stdout_of(&out));
    // The same through the environment.
    let out = wa(home.path())
        .env("WA_SUPPORT_CACERT", &pem)
        .args(["show", "--url", &srv.url_with("localhost")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn pinned_certificate_whose_cn_does_not_match_is_refused_by_name() {
    let home = tempdir();
    let (tls, pem) = openssl_style_cert("wa.example.com");
    let pem = write_pem(home.path(), "wa.pem", &pem);
    let srv = Server::start_tls(vec![Behavior::ok(&ok_body())], tls);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost"), "--cacert"])
        .arg(&pem)
        .output()
        .unwrap();
    let err = assert_fails(&out, "not valid for the name localhost");
    assert!(err.contains("wa.example.com"), "{err}");
    // Not pinned at all: still refused.
    let out = wa(home.path())
        .args(["show", "--url", &srv.url_with("localhost")])
        .output()
        .unwrap();
    assert_fails(&out, "certificate of localhost");
}

// ---------- proxies ----------

fn plain_server() -> Server {
    Server::start(vec![Behavior::ok(&ok_body())])
}

#[test]
fn lower_case_https_proxy_is_used_for_https_and_http_proxy_for_http() {
    let home = tempdir();
    let (pport, seen) = connect_proxy(ProxyMode::Tunnel);
    let made = certs::ca_signed(&["localhost", "127.0.0.1"]);
    let ca = write_pem(home.path(), "ca.pem", &made.ca_pem);
    let tls = Server::start_tls(vec![Behavior::ok(&ok_body())], made.tls);
    let out = wa(home.path())
        .env("https_proxy", format!("http://127.0.0.1:{pport}"))
        .args(["show", "--url", &tls.url(), "--cacert"])
        .arg(&ca)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(seen.lock().unwrap().len(), 1, "https_proxy not used");

    let srv = plain_server();
    let out = wa(home.path())
        .env("http_proxy", format!("http://127.0.0.1:{pport}"))
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(seen.lock().unwrap().len(), 2, "http_proxy not used");
    // An https proxy setting is not used for an http:// URL.
    let out = wa(home.path())
        .env("https_proxy", format!("http://127.0.0.1:{}", closed_port()))
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn no_proxy_takes_cidr_ranges_spaces_dots_and_star() {
    let home = tempdir();
    let (pport, seen) = connect_proxy(ProxyMode::Tunnel);
    let srv = plain_server();
    for no_proxy in [
        "example.com, 127.0.0.0/8",
        "  10.0.0.0/8 ,127.0.0.1:99, 127.0.0.1/32 ",
        "*",
        ".internal, localhost",
    ] {
        let url = if no_proxy.contains("localhost") {
            srv.url_with("localhost")
        } else {
            srv.url()
        };
        let out = wa(home.path())
            .env("http_proxy", format!("http://127.0.0.1:{pport}"))
            .env("NO_PROXY", no_proxy)
            .args(["show", "--url", &url])
            .output()
            .unwrap();
        assert!(out.status.success(), "{no_proxy}: {}", stderr_of(&out));
        assert!(seen.lock().unwrap().is_empty(), "{no_proxy}: proxy used");
    }
    // Lower case, and a range that does not cover the host: proxied.
    let out = wa(home.path())
        .env("http_proxy", format!("http://127.0.0.1:{pport}"))
        .env("no_proxy", "10.0.0.0/8, .example.com")
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn a_proxy_that_is_down_is_named_with_credentials_masked() {
    let home = tempdir();
    let srv = plain_server();
    let pport = closed_port();
    let out = wa(home.path())
        .env(
            "http_proxy",
            format!("http://corp-user:s3cr3t-proxy@127.0.0.1:{pport}"),
        )
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    let err = assert_fails(&out, &format!("proxy http://***@127.0.0.1:{pport}"));
    assert!(err.contains("http_proxy"), "{err}");
    assert!(!err.contains("is the web app running"), "{err}");
    assert!(srv.requests().is_empty());
}

#[test]
fn a_proxy_that_hangs_is_named_in_the_timeout() {
    let home = tempdir();
    let srv = plain_server();
    let (pport, _) = connect_proxy(ProxyMode::Hang);
    let start = Instant::now();
    let out = wa(home.path())
        .env("http_proxy", format!("127.0.0.1:{pport}"))
        .args(["show", "--url", &srv.url(), "--timeout", "1"])
        .output()
        .unwrap();
    let err = assert_fails(&out, "timed out after 1s");
    assert!(
        err.contains(&format!("proxy http://127.0.0.1:{pport}")),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(4));
}

#[test]
fn a_proxy_that_refuses_is_named_with_its_status() {
    let home = tempdir();
    let srv = plain_server();
    for (status, needle) in [(403, "403"), (407, "407")] {
        let (pport, _) = connect_proxy(ProxyMode::Status(status));
        let out = wa(home.path())
            .env(
                "http_proxy",
                format!("http://u:s3cr3t-proxy@127.0.0.1:{pport}"),
            )
            .args(["show", "--url", &srv.url()])
            .output()
            .unwrap();
        let err = assert_fails(&out, needle);
        assert!(
            err.contains(&format!("proxy http://***@127.0.0.1:{pport}")),
            "{err}"
        );
        if status == 407 {
            assert!(err.contains("credentials"), "{err}");
        }
    }
}

#[test]
fn a_malformed_or_unknown_proxy_url_is_a_clear_error() {
    let home = tempdir();
    let srv = plain_server();
    for (value, needle) in [
        ("http://u:s3cr3t-proxy@[::1", "https_proxy"),
        ("ftp://u:s3cr3t-proxy@127.0.0.1:21", "ftp"),
        ("http://127.0.0.1:99999", "https_proxy"),
    ] {
        let out = wa(home.path())
            .env("https_proxy", value)
            .args([
                "show",
                "--url",
                &srv.url_with("127.0.0.1").replace("http:", "https:"),
            ])
            .output()
            .unwrap();
        let err = assert_fails(&out, needle);
        assert!(err.contains("proxy"), "{err}");
        assert_eq!(out.status.code(), Some(2), "{err}");
    }
}

/// A SOCKS4/4a/5 proxy that records the targets it was asked for.
fn socks_proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    let port = raw_server(move |mut c| {
        let mut b1 = [0u8; 1];
        c.read_exact(&mut b1).unwrap();
        let target = if b1[0] == 5 {
            let mut n = [0u8; 1];
            c.read_exact(&mut n).unwrap();
            let mut methods = vec![0u8; n[0] as usize];
            c.read_exact(&mut methods).unwrap();
            c.write_all(&[5, 0]).unwrap();
            let mut req = [0u8; 4];
            c.read_exact(&mut req).unwrap();
            let host = match req[3] {
                1 => {
                    let mut ip = [0u8; 4];
                    c.read_exact(&mut ip).unwrap();
                    std::net::Ipv4Addr::from(ip).to_string()
                }
                3 => {
                    let mut len = [0u8; 1];
                    c.read_exact(&mut len).unwrap();
                    let mut name = vec![0u8; len[0] as usize];
                    c.read_exact(&mut name).unwrap();
                    String::from_utf8(name).unwrap()
                }
                _ => return,
            };
            let mut p = [0u8; 2];
            c.read_exact(&mut p).unwrap();
            c.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]).unwrap();
            format!("socks5 {host}:{}", u16::from_be_bytes(p))
        } else if b1[0] == 4 {
            let mut head = [0u8; 7];
            c.read_exact(&mut head).unwrap();
            let port = u16::from_be_bytes([head[1], head[2]]);
            let ip = [head[3], head[4], head[5], head[6]];
            let read_cstr = |c: &mut TcpStream| {
                let mut out = Vec::new();
                let mut b = [0u8; 1];
                while c.read_exact(&mut b).is_ok() && b[0] != 0 {
                    out.push(b[0]);
                }
                String::from_utf8_lossy(&out).into_owned()
            };
            let _user = read_cstr(&mut c);
            let host = if ip[..3] == [0, 0, 0] && ip[3] != 0 {
                read_cstr(&mut c)
            } else {
                std::net::Ipv4Addr::from(ip).to_string()
            };
            c.write_all(&[0, 0x5a, 0, 0, 0, 0, 0, 0]).unwrap();
            format!("socks4 {host}:{port}")
        } else {
            return;
        };
        seen2.lock().unwrap().push(target.clone());
        let addr = target.split(' ').nth(1).unwrap().to_string();
        let Ok(up) = TcpStream::connect(addr) else {
            return;
        };
        relay(c, up);
    });
    (port, seen)
}

#[test]
fn socks_proxies_are_used() {
    let home = tempdir();
    let srv = plain_server();
    let (pport, seen) = socks_proxy();
    for (scheme, var, host, expect) in [
        ("socks5", "all_proxy", "localhost", "socks5 127.0.0.1:"),
        ("socks5h", "ALL_PROXY", "localhost", "socks5 localhost:"),
        ("socks4", "http_proxy", "127.0.0.1", "socks4 127.0.0.1:"),
    ] {
        let out = wa(home.path())
            .env(var, format!("{scheme}://127.0.0.1:{pport}"))
            .args(["show", "--url", &srv.url_with(host)])
            .output()
            .unwrap();
        assert!(out.status.success(), "{scheme}: {}", stderr_of(&out));
        let last = seen.lock().unwrap().last().cloned().unwrap_or_default();
        assert!(
            last.starts_with(expect) && last.ends_with(&srv.port.to_string()),
            "{scheme}: {last:?}"
        );
    }
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn a_socks_proxy_that_is_down_is_named() {
    let home = tempdir();
    let srv = plain_server();
    let pport = closed_port();
    let out = wa(home.path())
        .env(
            "all_proxy",
            format!("socks5h://u:s3cr3t-proxy@127.0.0.1:{pport}"),
        )
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    assert_fails(&out, &format!("proxy socks5h://***@127.0.0.1:{pport}"));
}

// ---------- gzip ----------

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn gzip_is_asked_for_and_decoded() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::Respond {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Content-Encoding".into(), "gzip".into()),
        ],
        body: gzip(&ok_body()),
    }]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let req = &srv.requests()[0];
    assert!(
        req.header("Accept-Encoding")
            .is_some_and(|v| v.contains("gzip")),
        "{req:?}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want: serde_json::Value = serde_json::from_slice(&ok_body()).unwrap();
    assert_eq!(v, want);
}

#[test]
fn a_gzip_body_without_content_encoding_is_decoded() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::ok(&gzip(&ok_body()))]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("support").is_some());
}

#[test]
fn a_gzip_bomb_is_refused_at_32_mib_decoded() {
    let home = tempdir();
    // 40 gzip members of 1 MiB each: 40 MiB once decoded.
    let member = gzip(&vec![b' '; 1 << 20]);
    let bomb: Vec<u8> = member.repeat(40);
    assert!(bomb.len() < 200_000);
    for encoded in [true, false] {
        let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        if encoded {
            headers.push(("Content-Encoding".into(), "gzip".into()));
        }
        let srv = Server::start(vec![Behavior::Respond {
            status: 200,
            headers,
            body: bomb.clone(),
        }]);
        let out = wa(home.path())
            .args(["show", "--url", &srv.url()])
            .output()
            .unwrap();
        assert_fails(&out, "larger than 32 MiB");
    }
}

#[test]
fn a_corrupt_gzip_body_is_a_clear_error() {
    let home = tempdir();
    let mut body = gzip(&ok_body());
    let n = body.len();
    body[n / 2..].fill(0x55);
    let srv = Server::start(vec![Behavior::Respond {
        status: 200,
        headers: vec![("Content-Encoding".into(), "gzip".into())],
        body,
    }]);
    let out = wa(home.path())
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    let err = assert_fails(&out, "gzip");
    assert!(!err.contains("proxy"), "{err}");
}

// ---------- legacy TLS ----------

/// A "TLS server" that reads the ClientHello and answers with `reply`.
fn fake_tls_server(reply: Vec<u8>) -> u16 {
    raw_server(move |mut s| {
        let mut head = [0u8; 5];
        if s.read_exact(&mut head).is_err() {
            return;
        }
        let len = u16::from_be_bytes([head[3], head[4]]) as usize;
        let mut hello = vec![0u8; len];
        let _ = s.read_exact(&mut hello);
        let _ = s.write_all(&reply);
        let _ = s.flush();
        thread::sleep(Duration::from_millis(300));
    })
}

#[test]
fn a_server_with_only_legacy_tls_gets_a_hint_that_says_so() {
    let home = tempdir();
    // What OpenSSL sends when no cipher suite is shared, and when the
    // client's versions are all too new; then a TLS 1.0 ServerHello.
    let handshake_failure = vec![0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28];
    let protocol_version = vec![0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46];
    let mut tls10_hello = vec![
        0x16, 0x03, 0x01, 0x00, 0x2a, 0x02, 0x00, 0x00, 0x26, 0x03, 0x01,
    ];
    tls10_hello.extend_from_slice(&[7u8; 32]);
    tls10_hello.extend_from_slice(&[0x00, 0x00, 0x2f, 0x00]);
    for reply in [handshake_failure, protocol_version, tls10_hello] {
        let port = fake_tls_server(reply);
        let out = wa(home.path())
            .args(["show", "--url", &format!("https://127.0.0.1:{port}")])
            .output()
            .unwrap();
        let err = assert_fails(&out, "TLS 1.0/1.1 or legacy ciphers");
        assert!(err.contains("modern proxy"), "{err}");
    }
}

// ---------- secrets never printed ----------

#[test]
fn credentials_in_the_url_are_never_printed() {
    let home = tempdir();
    let srv = plain_server();
    for url in [
        format!("http://admin:s3cr3t-url@127.0.0.1:{}", srv.port),
        format!("admin:s3cr3t-url@127.0.0.1:{}", srv.port),
    ] {
        let out = wa(home.path())
            .args(["show", "-v", "--url", &url])
            .output()
            .unwrap();
        let err = assert_fails(&out, "credentials");
        assert!(err.contains("***"), "{err}");
    }
}

#[test]
fn a_redirect_target_with_credentials_is_printed_masked() {
    let home = tempdir();
    let srv = Server::start(vec![Behavior::redirect(
        302,
        "https://u:s3cr3t-url@elsewhere.example:8443/v1/support",
    )]);
    let out = wa(home.path())
        .args(["show", "-v", "--url", &srv.url()])
        .output()
        .unwrap();
    let err = assert_fails(&out, "redirected to https://***@elsewhere.example:8443");
    assert!(err.contains("> Authorization: Bearer ***"), "{err}");
}

#[test]
fn verbose_trace_masks_the_token_and_proxy_credentials() {
    let home = tempdir();
    let (pport, _) = connect_proxy(ProxyMode::Tunnel);
    let srv = plain_server();
    let out = wa(home.path())
        .env(
            "http_proxy",
            format!("http://u:s3cr3t-proxy@127.0.0.1:{pport}"),
        )
        .args(["show", "-v", "--url", &srv.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("Authorization: Bearer ***"), "{err}");
    assert!(
        err.contains(&format!("http://***@127.0.0.1:{pport}")),
        "{err}"
    );
    assert_no_secret(&out);
    // The token was really sent.
    assert_eq!(
        srv.requests()[0].header("Authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn a_server_that_echoes_the_token_has_it_masked() {
    let home = tempdir();
    let json = format!(
        r#"{{"errors":[{{"code":1005,"title":"Access denied","details":"token {TOKEN} is not valid"}}]}}"#
    );
    let text = format!("You sent: Bearer {TOKEN}");
    for body in [json, text] {
        let srv = Server::start(vec![Behavior::status(401, body.as_bytes())]);
        let out = wa(home.path())
            .args(["show", "--url", &srv.url()])
            .output()
            .unwrap();
        let err = assert_fails(&out, "401");
        assert!(err.contains("***"), "{err}");
    }
}

#[test]
fn a_login_answer_that_echoes_the_password_has_it_masked() {
    let home = tempdir();
    let basic = {
        // base64("admin:" + PASSWORD), as the server saw it.
        let out = Command::new("sh")
            .args(["-c", &format!("printf 'admin:{PASSWORD}' | base64")])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    for body in [
        format!(r#"{{"errors":[{{"code":1005,"title":"bad password {PASSWORD}"}}]}}"#),
        format!("denied: Basic {basic}"),
    ] {
        let srv = Server::start(vec![Behavior::status(401, body.as_bytes())]);
        let out = wa(home.path())
            .env("WA_SUPPORT_PASSWORD", PASSWORD)
            .args(["login", "--user", "admin", "--url", &srv.url()])
            .output()
            .unwrap();
        let err = assert_fails(&out, "401");
        assert!(err.contains("password was refused"), "{err}");
        assert!(!err.contains("token is missing"), "{err}");
        assert!(!err.contains(&basic), "{err}");
        assert!(err.contains("***"), "{err}");
    }
}

#[test]
fn a_socks_proxy_that_refuses_is_named_with_its_reason() {
    let home = tempdir();
    let srv = plain_server();
    // Accepts the greeting, then answers "connection not allowed by ruleset".
    let pport = raw_server(|mut c| {
        let mut greet = [0u8; 3];
        if c.read_exact(&mut greet).is_err() {
            return;
        }
        let _ = c.write_all(&[5, 0]);
        let mut req = [0u8; 10];
        let _ = c.read_exact(&mut req);
        let _ = c.write_all(&[5, 2, 0, 1, 0, 0, 0, 0, 0, 0]);
        thread::sleep(Duration::from_millis(200));
    });
    let out = wa(home.path())
        .env("all_proxy", format!("socks5://127.0.0.1:{pport}"))
        .args(["show", "--url", &srv.url()])
        .output()
        .unwrap();
    let err = assert_fails(&out, &format!("proxy socks5://127.0.0.1:{pport}"));
    assert!(err.contains("not allowed by ruleset"), "{err}");
    assert!(srv.requests().is_empty());
}
