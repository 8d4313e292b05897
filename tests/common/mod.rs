//! Helpers for the CLI tests: the real binary, a temp dir, fixtures, and a
//! real HTTP(S) server on 127.0.0.1 whose behaviour each test chooses.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use assert_cmd::Command;

/// The fixed "now" of every test run of the binary (`WA_SUPPORT_NOW`): the
/// fixtures' node clocks read 2026-11-25, so verdicts do not drift with the
/// date the tests run on.
pub const NOW: &str = "2026-11-25T12:00:00Z";

/// [`NOW`] in Unix seconds.
#[allow(dead_code)]
pub const NOW_SECS: i64 = 1_795_608_000;

/// The binary with a clean environment: no config, no colour, no proxy,
/// and the fixed clock.
pub fn wa(home: &Path) -> Command {
    let mut c = Command::cargo_bin("wa-support").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("WA_SUPPORT_NOW", NOW)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("WA_SUPPORT_CONFIG", home.join("config.toml"))
        .timeout(Duration::from_secs(30));
    c
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// What the server does with a request.
#[derive(Clone)]
pub enum Behavior {
    /// Answer with a status, extra headers and a body.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Accept, read the request, then say nothing for this long.
    Hang(Duration),
    /// Send headers, then the body one byte per `delay`.
    Trickle { body: Vec<u8>, delay: Duration },
    /// Promise `len` bytes, send `body` (shorter), close.
    Truncate { len: usize, body: Vec<u8> },
    /// Close the connection at once without answering.
    Close,
}

impl Behavior {
    pub fn ok(body: &[u8]) -> Behavior {
        Behavior::status(200, body)
    }

    pub fn status(status: u16, body: &[u8]) -> Behavior {
        Behavior::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_vec(),
        }
    }

    pub fn redirect(status: u16, location: &str) -> Behavior {
        Behavior::Respond {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// TLS material for the server.
pub struct ServerTls {
    pub chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    pub key: rustls::pki_types::PrivateKeyDer<'static>,
}

/// A test server on 127.0.0.1; it serves until the test ends.
pub struct Server {
    pub port: u16,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    tls: bool,
}

impl Server {
    /// Serves `behaviors` in turn (the last one repeats).
    pub fn start(behaviors: Vec<Behavior>) -> Server {
        Server::start_inner(behaviors, None)
    }

    pub fn start_tls(behaviors: Vec<Behavior>, tls: ServerTls) -> Server {
        Server::start_inner(behaviors, Some(tls))
    }

    fn start_inner(behaviors: Vec<Behavior>, tls: Option<ServerTls>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let is_tls = tls.is_some();
        let config = tls.map(|t| {
            Arc::new(
                rustls::ServerConfig::builder_with_provider(Arc::new(
                    rustls::crypto::ring::default_provider(),
                ))
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(t.chain, t.key)
                .unwrap(),
            )
        });
        let seen2 = seen.clone();
        thread::spawn(move || {
            let mut i = 0;
            for conn in listener.incoming() {
                let Ok(stream) = conn else { continue };
                let b = behaviors[i.min(behaviors.len() - 1)].clone();
                i += 1;
                let seen = seen2.clone();
                let config = config.clone();
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
                    match config {
                        Some(cfg) => {
                            let Ok(conn) = rustls::ServerConnection::new(cfg) else {
                                return;
                            };
                            let mut s = rustls::StreamOwned::new(conn, stream);
                            serve(&mut s, &b, &seen);
                        }
                        None => {
                            let mut s = stream;
                            serve(&mut s, &b, &seen);
                        }
                    }
                });
            }
        });
        Server {
            port,
            seen,
            tls: is_tls,
        }
    }

    /// The base URL with the given host name.
    pub fn url_with(&self, host: &str) -> String {
        format!(
            "{}://{host}:{}",
            if self.tls { "https" } else { "http" },
            self.port
        )
    }

    pub fn url(&self) -> String {
        self.url_with("127.0.0.1")
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn read_head<S: Read + Write>(s: &mut S) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => return None,
        }
        // A TLS ClientHello on a plain port: answer as web servers do.
        if buf == [0x16] {
            let _ = s.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return None;
        }
        if buf.len() > 65536 {
            return None;
        }
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.split("\r\n");
    let first = lines.next()?;
    let mut parts = first.split(' ');
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    // Drain a small request body (login sends "{}").
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len.min(65536)];
    let _ = s.read_exact(&mut body);
    Some(Seen {
        method,
        path,
        headers,
    })
}

fn serve<S: Read + Write>(s: &mut S, b: &Behavior, seen: &Mutex<Vec<Seen>>) {
    let Some(req) = read_head(s) else { return };
    seen.lock().unwrap().push(req);
    match b {
        Behavior::Respond {
            status,
            headers,
            body,
        } => {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            raw::respond(s, *status, &headers, body);
        }
        Behavior::Hang(d) => thread::sleep(*d),
        Behavior::Trickle { body, delay } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.flush();
            for byte in body {
                if s.write_all(&[*byte]).and_then(|_| s.flush()).is_err() {
                    return;
                }
                thread::sleep(*delay);
            }
        }
        Behavior::Truncate { len, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n"
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body);
            let _ = s.flush();
        }
        Behavior::Close => {}
    }
}

/// Certificates made in the test.
pub mod raw;

pub mod certs {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    use super::ServerTls;

    pub struct Made {
        pub tls: ServerTls,
        /// PEM a client would be given with --cacert.
        pub ca_pem: String,
    }

    fn key_der(k: &KeyPair) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(k.serialize_der()))
    }

    /// A CA and a leaf it signed for `names`.
    pub fn ca_signed(names: &[&str]) -> Made {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "wa-support test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap()
            .signed_by(&leaf_key, &ca)
            .unwrap();
        Made {
            tls: ServerTls {
                chain: vec![leaf.der().clone(), ca.der().clone()],
                key: key_der(&leaf_key),
            },
            ca_pem: ca.pem(),
        }
    }

    /// A self-signed certificate with CA:TRUE, as `openssl req -x509`
    /// makes it by default.
    pub fn self_signed_ca_true(names: &[&str]) -> Made {
        let mut p = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name
            .push(DnType::CommonName, "wa.example.com");
        let key = KeyPair::generate().unwrap();
        let cert = p.self_signed(&key).unwrap();
        Made {
            tls: ServerTls {
                chain: vec![CertificateDer::from(cert.der().to_vec())],
                key: key_der(&key),
            },
            ca_pem: cert.pem(),
        }
    }

    /// A CA-signed leaf that expired in 2021.
    pub fn expired(names: &[&str]) -> Made {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap();
        p.not_before = rcgen::date_time_ymd(2020, 1, 1);
        p.not_after = rcgen::date_time_ymd(2021, 1, 1);
        let leaf = p.signed_by(&leaf_key, &ca).unwrap();
        Made {
            tls: ServerTls {
                chain: vec![leaf.der().clone()],
                key: key_der(&leaf_key),
            },
            ca_pem: ca.pem(),
        }
    }
}

/// Runs until the child exits or `limit` passes; returns the output.
pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A raw TCP connection helper kept for tests that need one.
pub fn connect(port: u16) -> TcpStream {
    TcpStream::connect(("127.0.0.1", port)).unwrap()
}

/// What a [`Server::start_expiring`] server has done, shared with the test.
#[derive(Debug, Default)]
pub struct TokenBook {
    /// The password `POST /v1/users/login` accepts (with any user).
    pub password: String,
    /// How many `GET /v1/support` each token answers before it is refused.
    pub uses: usize,
    /// Every token issued or accepted, with the requests it has left.
    pub left: std::collections::HashMap<String, usize>,
    /// Logins answered, accepted or not.
    pub logins: usize,
    /// Tokens issued so far (the next is `fresh-token-{issued + 1}`).
    pub issued: usize,
}

impl TokenBook {
    /// Lets `token` answer `uses` more requests (a token saved before).
    pub fn accept(&mut self, token: &str, uses: usize) {
        self.left.insert(token.to_string(), uses);
    }
}

impl Server {
    /// A server whose tokens wear out: each answers `uses` requests of
    /// `GET /v1/support` (with `body`), then 401; `POST /v1/users/login`
    /// with `password` issues a new one (`fresh-token-N`, valid seven days
    /// from [`NOW`]), a wrong password is 401 with error 1005.
    pub fn start_expiring(
        password: &str,
        uses: usize,
        body: &[u8],
    ) -> (Server, Arc<Mutex<TokenBook>>) {
        let book = Arc::new(Mutex::new(TokenBook {
            password: password.to_string(),
            uses,
            ..TokenBook::default()
        }));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (seen2, book2, body) = (seen.clone(), book.clone(), body.to_vec());
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut s) = conn else { continue };
                let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
                let Some(req) = read_head(&mut s) else {
                    continue;
                };
                seen2.lock().unwrap().push(req.clone());
                let auth = req.header("authorization").unwrap_or("").to_string();
                let json = [("Content-Type", "application/json")];
                let mut b = book2.lock().unwrap();
                if req.method == "POST" && req.path.ends_with("/v1/users/login") {
                    b.logins += 1;
                    let ok = auth
                        .strip_prefix("Basic ")
                        .and_then(base64_decode)
                        .and_then(|c| c.split_once(':').map(|(_, p)| p.to_string()))
                        .is_some_and(|p| p == b.password);
                    if ok {
                        b.issued += 1;
                        let token = format!("fresh-token-{}", b.issued);
                        let uses = b.uses;
                        b.left.insert(token.clone(), uses);
                        let answer = serde_json::json!({"users": [{"token": token,
                            "expires_after": "2026-12-02 12:00:00+00:00"}]});
                        raw::respond(&mut s, 200, &json, answer.to_string().as_bytes());
                    } else {
                        raw::respond(
                            &mut s,
                            401,
                            &json,
                            br#"{"errors":[{"code":1005,"title":"Access denied","details":"Invalid credentials"}]}"#,
                        );
                    }
                    continue;
                }
                let token = auth.strip_prefix("Bearer ").unwrap_or("");
                match b.left.get_mut(token) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        raw::respond(&mut s, 200, &json, &body);
                    }
                    _ => raw::respond(
                        &mut s,
                        401,
                        &json,
                        br#"{"errors":[{"code":1005,"title":"Access denied","details":"Token expired"}]}"#,
                    ),
                }
            }
        });
        (
            Server {
                port,
                seen,
                tls: false,
            },
            book,
        )
    }
}

/// Standard base64 decoding (the server reads Basic credentials).
pub fn base64_decode(s: &str) -> Option<String> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.trim().bytes().filter(|&c| c != b'=') {
        bits = (bits << 6) | A.iter().position(|&a| a == c)? as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}

impl Server {
    /// A server that answers by path (the query left out): each request
    /// to a path in `routes` gets its behaviour (`Respond` or `Close`;
    /// others close too), any other path 404.
    pub fn start_routes(routes: Vec<(String, Behavior)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        let routes = Arc::new(routes);
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut s) = conn else { continue };
                let (seen, routes) = (seen2.clone(), routes.clone());
                thread::spawn(move || {
                    let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
                    let Some(req) = read_head(&mut s) else { return };
                    let path = req.path.split('?').next().unwrap_or("").to_string();
                    seen.lock().unwrap().push(req);
                    match routes.iter().find(|(p, _)| *p == path).map(|(_, b)| b) {
                        Some(Behavior::Respond {
                            status,
                            headers,
                            body,
                        }) => {
                            let h: Vec<(&str, &str)> = headers
                                .iter()
                                .map(|(k, v)| (k.as_str(), v.as_str()))
                                .collect();
                            raw::respond(&mut s, *status, &h, body);
                        }
                        Some(_) => {}
                        None => raw::respond(
                            &mut s,
                            404,
                            &[("Content-Type", "application/json")],
                            br#"{"errors":[{"code":404,"title":"Not found"}]}"#,
                        ),
                    }
                });
            }
        });
        Server {
            port,
            seen,
            tls: false,
        }
    }
}

/// The five endpoints `wa-support bundle` collects, for a deployment whose
/// `/v1/support` answer is `support` and whose `/v1/health` is `health`;
/// the stats and metrics repeat the phone number, a node's address and
/// the `echo` text (e.g. a token the server echoes) so redaction is seen
/// in every file.
pub fn five_endpoints(support: &[u8], health: &[u8], echo: &str) -> Vec<(String, Behavior)> {
    let app = serde_json::json!({"app": {"callback_queue_size": 3, "message_queue_size": 0,
        "hostname": "10.210.71.90", "last_request": echo}});
    let db = serde_json::json!({"db": {"connections": 12, "host": "mysql.wa.svc",
        "phone": "+4915112345678"}});
    let metrics = format!(
        "# TYPE wa_gateway_up gauge\nwa_gateway_up{{node=\"10.210.71.90\",number=\"4915112345678\"}} 1\nwa_requests_total 1732524000123\n# {echo}\n"
    );
    vec![
        ("/v1/support".into(), Behavior::ok(support)),
        ("/v1/health".into(), Behavior::ok(health)),
        (
            "/v1/stats/app".into(),
            Behavior::ok(app.to_string().as_bytes()),
        ),
        (
            "/v1/stats/db".into(),
            Behavior::ok(db.to_string().as_bytes()),
        ),
        (
            "/metrics".into(),
            Behavior::Respond {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: metrics.into_bytes(),
            },
        ),
    ]
}

/// Sends a real signal to a process.
pub fn signal(name: &str, pid: u32) {
    let ok = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{name} {pid}");
}

/// Waits until `f` holds, for at most `limit`.
pub fn wait_for(limit: Duration, what: &str, mut f: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + limit;
    while !f() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for `child` to end, for at most `limit`; returns how long it took.
pub fn ended_within(
    child: &mut std::process::Child,
    limit: Duration,
) -> (std::process::ExitStatus, Duration) {
    let start = std::time::Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return (s, start.elapsed());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("still running {limit:?} after the signal");
        }
        thread::sleep(Duration::from_millis(10));
    }
}
