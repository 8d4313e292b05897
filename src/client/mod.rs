//! The HTTP client: fetches `/v1/support`, logs in, and turns every
//! transport and HTTP failure into one clear line with a hint.
//!
//! Redirects are followed by hand and only within the same host (and never
//! from https down to http), so the token never travels to another host.
//! Every call is bounded by one timeout, connection through last byte, and
//! by a cap on the size of the answer.

pub mod tls;

use std::io::Write as _;
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{ConnectProxyConnector, Connector, TcpConnector};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{api_errors_error, describe_non_json, excerpt};
use crate::secret::Secret;
use tls::{Phase, PhaseTracker};

/// Default bound of a whole call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest answer read; a /v1/support answer of 1,000 nodes is ~2 MiB.
pub const DEFAULT_MAX_BODY: u64 = 32 * 1024 * 1024;

/// How many same-host redirects are followed.
const MAX_REDIRECTS: usize = 5;

/// How to reach the web app.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The web app's base URL (`https://host:port`, maybe with a path prefix).
    pub base_url: String,
    pub token: Option<Secret>,
    pub cacert: Option<std::path::PathBuf>,
    pub insecure: bool,
    pub timeout: Duration,
    pub max_body: u64,
    /// Trace the request and response on stderr (secrets masked).
    pub verbose: bool,
}

impl ClientOptions {
    /// Options for `url` with the defaults.
    pub fn new(url: impl Into<String>) -> Self {
        ClientOptions {
            base_url: url.into(),
            token: None,
            cacert: None,
            insecure: false,
            timeout: DEFAULT_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
            verbose: false,
        }
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The body, byte for byte as sent.
    pub body: Vec<u8>,
    /// The URL finally answered.
    pub url: String,
    /// Host (and port, when not the default) of that URL.
    pub host: String,
    pub status: u16,
    pub elapsed: Duration,
}

/// A parsed base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: String,
    /// Host as written (brackets kept for IPv6).
    pub host: String,
    pub port: Option<u16>,
    /// Path prefix without a trailing slash ("" for none).
    pub prefix: String,
}

impl Target {
    /// Parses `https://host:port/prefix`; a bare `host:port` means https.
    /// A URL that already ends in `/v1/support` is accepted.
    pub fn parse(url: &str) -> Result<Target> {
        let bad = |why: &str| {
            Error::new(
                ErrorKind::Usage,
                format!("the URL \"{}\" {why}", excerpt(url, 100)),
            )
            .hint("give the web app's base URL, like https://wa.example.com:9090")
        };
        let url = url.trim();
        if url.is_empty() {
            return Err(bad("is empty"));
        }
        let (scheme, rest) = match url.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => ("https".to_string(), url),
        };
        if scheme != "https" && scheme != "http" {
            return Err(bad("must start with https:// or http://"));
        }
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(bad(
                "carries credentials; use --token or wa-support login instead",
            ));
        }
        let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|a| a.find(']'))
        {
            let host = &authority[..end + 2];
            let after = &authority[end + 2..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p.parse::<u16>().map_err(|_| bad("has an invalid port"))?),
                None if after.is_empty() => None,
                None => return Err(bad("has an invalid host")),
            };
            (host.to_string(), port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (
                    h.to_string(),
                    Some(p.parse::<u16>().map_err(|_| bad("has an invalid port"))?),
                ),
                None => (authority.to_string(), None),
            }
        };
        if host.is_empty()
            || host
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "/\\<>\"{}|^`".contains(c))
        {
            return Err(bad("has no valid host"));
        }
        let mut prefix = path.trim_end_matches('/').to_string();
        for suffix in ["/v1/support", "/v1/users/login"] {
            if let Some(p) = prefix.strip_suffix(suffix) {
                prefix = p.to_string();
            }
        }
        Ok(Target {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            prefix,
        })
    }

    /// `host` or `host:port` when the port is not the scheme's default.
    pub fn host_port(&self) -> String {
        match (self.port, self.scheme.as_str()) {
            (Some(443), "https") | (Some(80), "http") | (None, _) => self.host.clone(),
            (Some(p), _) => format!("{}:{p}", self.host),
        }
    }

    /// The host with its port always given, for messages about connecting.
    pub fn host_and_port(&self) -> String {
        let port = self
            .port
            .unwrap_or(if self.scheme == "https" { 443 } else { 80 });
        format!("{}:{port}", self.host)
    }

    /// The full URL of an API path such as `/v1/support`.
    pub fn url(&self, path: &str) -> String {
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        format!("{}://{}{port}{}{path}", self.scheme, self.host, self.prefix)
    }
}

/// The client for one target.
pub struct Client {
    opts: ClientOptions,
    target: Target,
    agent: Agent,
    phase: PhaseTracker,
}

impl Client {
    /// Builds a client; fails on a bad URL or unreadable CA file.
    pub fn new(opts: ClientOptions) -> Result<Client> {
        let target = Target::parse(&opts.base_url)?;
        let phase = PhaseTracker::new();
        let tls = tls::client_config(opts.cacert.as_deref(), opts.insecure)?;
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(opts.timeout))
            .user_agent(concat!("wa-support/", env!("CARGO_PKG_VERSION")))
            .accept("application/json")
            .proxy(ureq::Proxy::try_from_env())
            .build();
        let chain =
            ().chain(ConnectProxyConnector::default())
                .chain(TcpConnector::default())
                .chain(tls::TlsConnector::new(tls, phase.clone()));
        let agent = Agent::with_parts(config, chain, DefaultResolver::default());
        Ok(Client {
            opts,
            target,
            agent,
            phase,
        })
    }

    /// The parsed target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    fn trace(&self, line: &str) {
        if self.opts.verbose {
            let _ = writeln!(std::io::stderr(), "{}", crate::render::safe(line));
        }
    }

    /// `GET /v1/support` with the bearer token.
    pub fn fetch_support(&self) -> Result<Fetched> {
        let auth = self
            .opts
            .token
            .as_ref()
            .map(|t| format!("Bearer {}", t.expose()));
        self.request(
            "GET",
            &self.target.url("/v1/support"),
            auth.as_deref(),
            "Bearer ***",
        )
    }

    /// `POST /v1/users/login` with Basic credentials; returns the token and
    /// its expiry as the server wrote it.
    pub fn login(&self, user: &str, password: &Secret) -> Result<(Secret, Option<String>)> {
        let basic = format!(
            "Basic {}",
            base64(format!("{user}:{}", password.expose()).as_bytes())
        );
        let got = self.request(
            "POST",
            &self.target.url("/v1/users/login"),
            Some(&basic),
            "Basic ***",
        )?;
        parse_login(&got.body)
    }

    fn request(
        &self,
        method: &str,
        url: &str,
        auth: Option<&str>,
        auth_shown: &str,
    ) -> Result<Fetched> {
        let start = Instant::now();
        let mut url = url.to_string();
        let mut auth = auth;
        for _ in 0..=MAX_REDIRECTS {
            self.phase.set(Phase::Connecting);
            self.trace(&format!("> {method} {url}"));
            if auth.is_some() {
                self.trace(&format!("> Authorization: {auth_shown}"));
            }
            let sent = if method == "POST" {
                let mut req = self.agent.post(&url);
                if let Some(a) = auth {
                    req = req.header("Authorization", a);
                }
                req.header("Content-Type", "application/json").send("{}")
            } else {
                let mut req = self.agent.get(&url);
                if let Some(a) = auth {
                    req = req.header("Authorization", a);
                }
                req.call()
            };
            let mut resp = sent.map_err(|e| self.transport_error(e, start))?;
            let status = resp.status().as_u16();
            self.trace(&format!(
                "< {} {} ({} ms)",
                status,
                resp.status().canonical_reason().unwrap_or(""),
                start.elapsed().as_millis()
            ));
            if (300..400).contains(&status) {
                let location = resp
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let next = resolve_location(&url, &location).ok_or_else(|| {
                    Error::new(
                        ErrorKind::Http,
                        format!(
                            "the server answered {status} (redirect) without a usable Location"
                        ),
                    )
                    .with_status(status)
                    .hint("give the web app's base URL directly with --url")
                })?;
                let from = Target::parse(&url)?;
                let to = Target::parse(&next)?;
                // Same host and port; or the plain-http-to-https upgrade
                // of the same host that proxies answer with.
                let upgrade = from.scheme == "http" && to.scheme == "https";
                let same_host = from.host == to.host
                    && (from.host_and_port() == to.host_and_port()
                        || (upgrade && to.port.unwrap_or(443) == 443));
                let downgrade = from.scheme == "https" && to.scheme == "http";
                if !same_host || downgrade {
                    return Err(Error::new(
                        ErrorKind::Http,
                        format!(
                            "the server redirected to {}; not followed, so the token is not sent to {}",
                            excerpt(&next, 120),
                            if downgrade { "an unencrypted URL" } else { "another host" }
                        ),
                    )
                    .with_status(status)
                    .hint("if that is the right place, use it as --url"));
                }
                let _ = writeln!(
                    std::io::stderr(),
                    "wa-support: note: following redirect to {}",
                    crate::render::safe(&excerpt(&next, 200))
                );
                url = next;
                auth = auth.filter(|_| same_host);
                continue;
            }
            self.phase.set(Phase::ReadingBody);
            let body = resp
                .body_mut()
                .with_config()
                .limit(self.opts.max_body)
                .read_to_vec()
                .map_err(|e| self.transport_error(e, start))?;
            self.trace(&format!(
                "< {} bytes in {} ms",
                body.len(),
                start.elapsed().as_millis()
            ));
            let target = Target::parse(&url)?;
            if !(200..300).contains(&status) {
                return Err(http_error(status, &body, &target));
            }
            return Ok(Fetched {
                body,
                host: target.host_port(),
                url,
                status,
                elapsed: start.elapsed(),
            });
        }
        Err(
            Error::new(ErrorKind::Http, "the server redirected too many times")
                .hint("give the web app's base URL directly with --url"),
        )
    }

    fn transport_error(&self, e: ureq::Error, start: Instant) -> Error {
        let phase = self.phase.get();
        let hp = self.target.host_and_port();
        let secs = self.opts.timeout.as_secs_f64();
        let timeout = || {
            Error::new(
                ErrorKind::Network,
                format!(
                    "timed out after {secs}s {} ({hp}, {} ms in)",
                    phase.describe(),
                    start.elapsed().as_millis()
                ),
            )
            .hint(match phase {
                Phase::Connecting => "check the host, the port and any firewall; raise --timeout on a slow network",
                Phase::TlsHandshake => "the port may not speak TLS; check the URL's scheme and port",
                _ => "the web app accepted the connection but is slow or stuck; check its health, or raise --timeout",
            })
        };
        match e {
            ureq::Error::Timeout(_) => timeout(),
            ureq::Error::HostNotFound => Error::new(
                ErrorKind::Network,
                format!("cannot resolve the host name {}", self.target.host),
            )
            .hint("check the host in --url (and DNS, or /etc/hosts)"),
            ureq::Error::BodyExceedsLimit(n) => Error::new(
                ErrorKind::Parse,
                format!(
                    "the answer is larger than {} ({} bytes); refused",
                    humansize::format_size(n, humansize::BINARY),
                    n
                ),
            )
            .hint("this is not a /v1/support answer; check the URL"),
            ureq::Error::Io(io) => self.io_error(io, phase, &hp).unwrap_or_else(timeout),
            ureq::Error::ConnectionFailed => {
                Error::new(ErrorKind::Network, format!("could not connect to {hp}"))
                    .hint("is the web app running, and is the port right?")
            }
            ureq::Error::Protocol(p) => Error::new(
                ErrorKind::Network,
                format!("the answer from {hp} is not valid HTTP ({p})"),
            )
            .hint(if self.target.scheme == "http" {
                "the port may expect HTTPS; try https://"
            } else {
                "check the port in --url"
            }),
            ureq::Error::Tls(m) => Error::new(ErrorKind::Tls, format!("TLS failed with {hp}: {m}")),
            ureq::Error::InvalidProxyUrl => Error::new(
                ErrorKind::Usage,
                "the proxy URL in HTTPS_PROXY / HTTP_PROXY is not valid",
            )
            .hint("fix or unset the proxy variables"),
            other => Error::new(
                ErrorKind::Network,
                format!(
                    "the request to {hp} failed: {}",
                    excerpt(&other.to_string(), 160)
                ),
            ),
        }
    }

    /// Explains an I/O error; `None` means it was a timeout.
    fn io_error(&self, io: std::io::Error, phase: Phase, hp: &str) -> Option<Error> {
        use std::io::ErrorKind as K;
        if let Some(tls) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return Some(tls_error(tls, &self.target));
        }
        let text = io.to_string();
        if phase == Phase::Connecting
            && [
                "lookup address",
                "Name or service not known",
                "nodename nor servname",
                "No address associated",
                "Temporary failure in name resolution",
            ]
            .iter()
            .any(|m| text.contains(m))
        {
            return Some(
                Error::new(
                    ErrorKind::Network,
                    format!("cannot resolve the host name {}", self.target.host),
                )
                .hint("check the host in --url (and DNS, or /etc/hosts)"),
            );
        }
        Some(match io.kind() {
            K::TimedOut | K::WouldBlock => return None,
            K::ConnectionRefused => Error::new(
                ErrorKind::Network,
                format!("connection refused by {hp}"),
            )
            .hint("is the web app running, and is the port right?"),
            K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => {
                Error::new(
                    ErrorKind::Network,
                    format!(
                        "the connection to {hp} was closed {}",
                        phase.describe()
                    ),
                )
                .hint(match phase {
                    Phase::ReadingBody => "the answer stopped half-way; try again, and check the web app's logs",
                    Phase::TlsHandshake => "the port may not speak TLS (try http://) or the server rejected the handshake",
                    _ => "the server or a proxy dropped the connection; try again, and check the port and scheme",
                })
            }
            K::NetworkUnreachable | K::HostUnreachable => Error::new(
                ErrorKind::Network,
                format!("no route to {hp}"),
            )
            .hint("check the address and your network or VPN"),
            K::InvalidData if phase == Phase::TlsHandshake => Error::new(
                ErrorKind::Tls,
                format!("the TLS handshake with {hp} failed: {}", excerpt(&io.to_string(), 120)),
            )
            .hint("the port may not speak TLS; try http://"),
            _ => Error::new(
                ErrorKind::Network,
                format!("the connection to {hp} failed {}: {}", phase.describe(), excerpt(&io.to_string(), 120)),
            ),
        })
    }
}

/// How to save the server's certificate, for hints.
fn save_cert_hint(t: &Target) -> String {
    let hp = t.host_and_port();
    format!(
        "trust the deployment's certificate with --cacert FILE (save it with: openssl s_client -connect {hp} -servername {} </dev/null | openssl x509 > wa.pem), or skip checks with --insecure",
        t.host.trim_start_matches('[').trim_end_matches(']')
    )
}

/// Explains a rustls failure in words.
pub fn tls_error(e: &rustls::Error, t: &Target) -> Error {
    use rustls::CertificateError as C;
    let hp = t.host_and_port();
    let tls = |m: String| Error::new(ErrorKind::Tls, m);
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => tls(format!(
                "the certificate of {hp} is not signed by a trusted authority (unknown issuer)"
            ))
            .hint(save_cert_hint(t)),
            C::NotValidForName | C::NotValidForNameContext { .. } => tls(format!(
                "the certificate of {hp} is not valid for the name {} (name mismatch)",
                t.host
            ))
            .hint("use the host name the certificate was issued for in --url, or --insecure to skip checks"),
            C::Expired | C::ExpiredContext { .. } => {
                tls(format!("the certificate of {hp} has expired")).hint(
                    "renew the web app's certificate; --insecure skips the check meanwhile",
                )
            }
            C::NotValidYet | C::NotValidYetContext { .. } => tls(format!(
                "the certificate of {hp} is not valid yet (check both clocks)"
            ))
            .hint("check the time on this machine and on the server"),
            C::Revoked => tls(format!("the certificate of {hp} has been revoked")),
            C::BadSignature | C::BadEncoding => tls(format!(
                "the certificate of {hp} is malformed or badly signed"
            ))
            .hint(save_cert_hint(t)),
            C::Other(o) if o.to_string().contains("CaUsedAsEndEntity") => tls(format!(
                "the certificate of {hp} is a CA certificate used as the server's own (CaUsedAsEndEntity)"
            ))
            .hint("if it is the deployment's self-signed certificate, pass that very file with --cacert to pin it"),
            other => tls(format!(
                "the certificate of {hp} was rejected: {}",
                excerpt(&format!("{other:?}"), 120)
            ))
            .hint(save_cert_hint(t)),
        },
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => tls(format!(
            "{hp} did not answer with TLS"
        ))
        .hint("the port may serve plain HTTP; try http://"),
        rustls::Error::AlertReceived(a) => tls(format!(
            "{hp} refused the TLS handshake (alert: {a:?})"
        ))
        .hint("check the port, and whether the server needs a client certificate"),
        other => tls(format!(
            "the TLS handshake with {hp} failed: {}",
            excerpt(&other.to_string(), 120)
        )),
    }
}

/// Makes the error for a non-2xx answer: status, the server's error
/// titles when the body has them, a short excerpt otherwise.
pub fn http_error(status: u16, body: &[u8], t: &Target) -> Error {
    let errors = crate::model::error_list(body);
    if let Some(errs) = errors.filter(|e| !e.is_empty()) {
        let mut e = api_errors_error(&errs, Some(status));
        if status == 401 {
            e = e.hint(RELOGIN_HINT);
        }
        return e;
    }
    let what = match status {
        401 => "401 Unauthorized: the token is missing, invalid or expired",
        403 => "403 Forbidden: this token or user may not read /v1/support",
        404 => "404 Not Found",
        429 => "429 Too Many Requests",
        _ => "",
    };
    let base = if what.is_empty() {
        format!("the server answered {status}")
    } else {
        format!("the server answered {what}")
    };
    let body_note = if body.iter().all(u8::is_ascii_whitespace) {
        String::new()
    } else {
        format!(" with {}", describe_non_json(body))
    };
    let hint = match status {
        401 => RELOGIN_HINT.to_string(),
        403 => "log in as an admin user (wa-support login --user admin)".to_string(),
        404 => format!(
            "the URL should be the web app's base URL (like https://{}), not a page under it",
            t.host_and_port()
        ),
        429 => "wait a minute and try again".to_string(),
        502..=504 => {
            "a proxy in front of the web app could not reach it; check the web app and the proxy"
                .to_string()
        }
        s if s >= 500 => "the web app failed; check its logs and try again".to_string(),
        _ => "check the URL and the web app's logs".to_string(),
    };
    Error::new(ErrorKind::Http, format!("{base}{body_note}"))
        .with_status(status)
        .hint(hint)
}

const RELOGIN_HINT: &str =
    "get a new token with: wa-support login --user admin (tokens last about 7 days)";

/// Resolves a Location header against the current URL.
fn resolve_location(current: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if location.is_empty() {
        return None;
    }
    if location.starts_with("http://") || location.starts_with("https://") {
        return Some(location.to_string());
    }
    let t = Target::parse(current).ok()?;
    let port = t.port.map(|p| format!(":{p}")).unwrap_or_default();
    if let Some(rest) = location.strip_prefix("//") {
        return Some(format!("{}://{rest}", t.scheme));
    }
    if location.starts_with('/') {
        return Some(format!("{}://{}{port}{location}", t.scheme, t.host));
    }
    None
}

fn parse_login(body: &[u8]) -> Result<(Secret, Option<String>)> {
    let bad = || {
        Error::new(ErrorKind::Parse, "the login answer has no token")
            .hint("check that the URL is the web app's base URL")
    };
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| bad())?;
    let user = v.get("users").and_then(|u| u.get(0)).ok_or_else(bad)?;
    let token = user.get("token").and_then(|t| t.as_str()).ok_or_else(bad)?;
    let expires = user
        .get("expires_after")
        .and_then(|e| e.as_str())
        .map(str::to_string);
    Ok((Secret::new(token), expires))
}

/// Standard base64 with padding, for Basic credentials.
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
        assert_eq!(base64(b"admin:secret"), "YWRtaW46c2VjcmV0");
    }

    #[test]
    fn targets_parse() {
        let t = Target::parse("https://WA.example.com:9090/").unwrap();
        assert_eq!(
            t.url("/v1/support"),
            "https://wa.example.com:9090/v1/support"
        );
        assert_eq!(t.host_port(), "wa.example.com:9090");
        let t = Target::parse("wa.example.com").unwrap();
        assert_eq!(t.url("/v1/support"), "https://wa.example.com/v1/support");
        let t = Target::parse("https://proxy.example.com/whatsapp/v1/support").unwrap();
        assert_eq!(
            t.url("/v1/support"),
            "https://proxy.example.com/whatsapp/v1/support"
        );
        let t = Target::parse("http://[::1]:8080").unwrap();
        assert_eq!(t.url("/v1/support"), "http://[::1]:8080/v1/support");
        assert_eq!(t.host_port(), "[::1]:8080");
        let t = Target::parse("https://h:443").unwrap();
        assert_eq!(t.host_port(), "h");
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://h:99999",
            "https://u:p@h",
            "https://h h",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn locations_resolve() {
        assert_eq!(
            resolve_location("https://a:1/x", "/y").as_deref(),
            Some("https://a:1/y")
        );
        assert_eq!(
            resolve_location("https://a/x", "https://b/y").as_deref(),
            Some("https://b/y")
        );
        assert_eq!(
            resolve_location("https://a/x", "//b/y").as_deref(),
            Some("https://b/y")
        );
        assert_eq!(resolve_location("https://a/x", ""), None);
    }

    #[test]
    fn http_errors_explain_status() {
        let t = Target::parse("https://wa:9090").unwrap();
        let e = http_error(401, b"", &t);
        assert!(e.to_string().contains("401 Unauthorized"));
        assert!(e.to_string().contains("wa-support login"));
        let e = http_error(404, b"", &t);
        assert!(e.to_string().contains("base URL"));
        let e = http_error(
            503,
            br#"{"errors":[{"code":1011,"title":"Service not ready"}]}"#,
            &t,
        );
        assert!(
            e.to_string()
                .contains("503 with error 1011 Service not ready"),
            "{e}"
        );
        let e = http_error(
            502,
            b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            &t,
        );
        assert!(
            e.to_string()
                .contains("HTML page titled \"502 Bad Gateway\""),
            "{e}"
        );
        assert!(!e.to_string().contains("<body>"));
    }
}
