//! The HTTP client: fetches `/v1/support`, logs in, and turns every
//! transport and HTTP failure into one clear line with a hint.
//!
//! Redirects are followed by hand and only within the same host (and never
//! from https down to http), so the token never travels to another host.
//! Every call is bounded by one timeout, connection through last byte of
//! the last redirect, and by a cap on the size of the answer (decoded:
//! gzip is asked for and decoded, and a gzip body nobody asked for too).
//! Proxies are read from the environment as curl reads them ([`proxy`]).
//! No token, password or URL credential is ever printed ([`mask`]).

pub mod mask;
pub mod proxy;
pub mod tls;

use std::io::{Read as _, Write as _};
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{
    ConnectProxyConnector, Connector, SocksConnector, TcpConnector,
};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{api_errors_error, describe_non_json, excerpt};
use crate::secret::Secret;
use mask::mask_url;
use proxy::ProxyChoice;
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
                format!("the URL \"{}\" {why}", excerpt(&mask_url(url), 100)),
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
            // Brackets only around a whole IPv6 address (`[::1]`).
            || (!host.starts_with('[') && host.contains([ '[', ']']))
            || (host.starts_with('[') && !host.ends_with(']'))
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
            // Chosen per request, as curl does (see `proxy`).
            .proxy(None)
            .build();
        let chain =
            ().chain(SocksConnector::default())
                .chain(ConnectProxyConnector::default())
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
        let token = self.opts.token.as_ref().map(|t| t.expose()).unwrap_or("");
        self.request(
            "GET",
            &self.target.url("/v1/support"),
            auth.as_deref(),
            "Bearer ***",
            &[token],
        )
    }

    /// `POST /v1/users/login` with Basic credentials; returns the token and
    /// its expiry as the server wrote it.
    pub fn login(&self, user: &str, password: &Secret) -> Result<(Secret, Option<String>)> {
        let credential = base64(format!("{user}:{}", password.expose()).as_bytes());
        let basic = format!("Basic {credential}");
        let token = self.opts.token.as_ref().map(|t| t.expose()).unwrap_or("");
        let got = self
            .request(
                "POST",
                &self.target.url("/v1/users/login"),
                Some(&basic),
                "Basic ***",
                &[password.expose(), &credential, token],
            )
            .map_err(|e| match e.status() {
                // Not a token problem: the user name or password was refused.
                Some(401) => Error::new(
                    e.kind(),
                    e.message().replace(
                        "401 Unauthorized: the token is missing, invalid or expired",
                        "401 Unauthorized",
                    ),
                )
                .with_status(401)
                .hint(format!(
                    "the user name or password was refused; check them (user {})",
                    excerpt(user, 40)
                )),
                _ => e,
            })?;
        parse_login(&got.body)
    }

    /// One call, redirects included, bounded by one timeout; `secrets`
    /// (the token or password sent) are masked in any error, whatever the
    /// server echoes.
    fn request(
        &self,
        method: &str,
        url: &str,
        auth: Option<&str>,
        auth_shown: &str,
        secrets: &[&str],
    ) -> Result<Fetched> {
        self.request_unmasked(method, url, auth, auth_shown, secrets)
            .map_err(|e| mask::mask_error(e, secrets))
    }

    fn request_unmasked(
        &self,
        method: &str,
        url: &str,
        auth: Option<&str>,
        auth_shown: &str,
        secrets: &[&str],
    ) -> Result<Fetched> {
        let start = Instant::now();
        let deadline = start + self.opts.timeout;
        let mut url = url.to_string();
        let mut auth = auth;
        for _ in 0..=MAX_REDIRECTS {
            let here = Target::parse(&url)?;
            let proxy = proxy::from_env(&here.scheme, &here.host)?;
            self.phase.start(proxy.is_some());
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.timeout_error(start, &here, proxy.as_ref()));
            }
            self.trace(&format!("> {method} {}", mask_url(&url)));
            if let Some(p) = &proxy {
                self.trace(&format!("* via {}", p.describe()));
            }
            if auth.is_some() {
                self.trace(&format!("> Authorization: {auth_shown}"));
            }
            let via = proxy.as_ref().map(|p| p.proxy.clone());
            let sent = if method == "POST" {
                let mut req = self
                    .agent
                    .post(&url)
                    .config()
                    .timeout_global(Some(remaining))
                    .proxy(via)
                    .build();
                if let Some(a) = auth {
                    req = req.header("Authorization", a);
                }
                req.header("Content-Type", "application/json").send("{}")
            } else {
                let mut req = self
                    .agent
                    .get(&url)
                    .config()
                    .timeout_global(Some(remaining))
                    .proxy(via)
                    .build();
                if let Some(a) = auth {
                    req = req.header("Authorization", a);
                }
                req.call()
            };
            let mut resp =
                sent.map_err(|e| self.transport_error(e, start, &here, proxy.as_ref()))?;
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
                let shown = excerpt(&mask_url(&next), 120);
                // Credentials in a Location are never used, nor printed.
                let next = mask::strip_userinfo(&next);
                let to = Target::parse(&next).map_err(|_| {
                    Error::new(
                        ErrorKind::Http,
                        format!("the server redirected to {shown}, which is not a usable URL; not followed"),
                    )
                    .with_status(status)
                    .hint("give the web app's base URL directly with --url")
                })?;
                let from = here;
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
                            "the server redirected to {shown}; not followed, so the token is not sent to {}",
                            if downgrade { "an unencrypted URL" } else { "another host" }
                        ),
                    )
                    .with_status(status)
                    .hint("if that is the right place, use it as --url"));
                }
                let _ = writeln!(
                    std::io::stderr(),
                    "wa-support: note: following redirect to {}",
                    crate::render::safe(&excerpt(&mask_url(&next), 200))
                );
                url = next;
                auth = auth.filter(|_| same_host);
                continue;
            }
            self.phase.set(Phase::ReadingBody);
            let encoding = resp
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let body = resp
                .body_mut()
                .with_config()
                .limit(self.opts.max_body)
                .read_to_vec()
                .map_err(|e| self.transport_error(e, start, &here, proxy.as_ref()))?;
            let body = decode_body(body, &encoding, self.opts.max_body)?;
            self.trace(&format!(
                "< {} bytes in {} ms",
                body.len(),
                start.elapsed().as_millis()
            ));
            if !(200..300).contains(&status) {
                let shown = mask::mask_bytes(&body, secrets);
                return Err(http_error(status, &shown, &here));
            }
            return Ok(Fetched {
                body,
                host: here.host_port(),
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

    fn timeout_error(&self, start: Instant, here: &Target, proxy: Option<&ProxyChoice>) -> Error {
        let phase = self.phase.get();
        let secs = self.opts.timeout.as_secs_f64();
        let ms = start.elapsed().as_millis();
        if let Some(p) = proxy.filter(|_| self.phase.at_proxy()) {
            let doing = if phase == Phase::Connecting {
                "connecting to"
            } else {
                "waiting for"
            };
            return Error::new(
                ErrorKind::Network,
                format!("timed out after {secs}s {doing} {} ({ms} ms in)", p.describe()),
            )
            .hint(format!(
                "the proxy did not answer; check it and {}, or reach {} directly by adding it to NO_PROXY",
                p.var, here.host
            ));
        }
        let hp = here.host_and_port();
        Error::new(
            ErrorKind::Network,
            format!("timed out after {secs}s {} ({hp}, {ms} ms in)", phase.describe()),
        )
        .hint(match phase {
            Phase::Connecting | Phase::ProxyHandshake => {
                "check the host, the port and any firewall; raise --timeout on a slow network"
            }
            Phase::TlsHandshake => "the port may not speak TLS; check the URL's scheme and port",
            _ => "the web app accepted the connection but is slow or stuck; check its health, or raise --timeout",
        })
    }

    fn transport_error(
        &self,
        e: ureq::Error,
        start: Instant,
        here: &Target,
        proxy: Option<&ProxyChoice>,
    ) -> Error {
        if let Some(p) = proxy.filter(|_| self.phase.at_proxy()) {
            return self.proxy_error(e, start, here, p);
        }
        let phase = self.phase.get();
        let hp = here.host_and_port();
        let timeout = || self.timeout_error(start, here, proxy);
        match e {
            ureq::Error::Timeout(_) => timeout(),
            ureq::Error::HostNotFound => Error::new(
                ErrorKind::Network,
                format!("cannot resolve the host name {}", here.host),
            )
            .hint("check the host in --url (and DNS, or /etc/hosts)"),
            ureq::Error::BodyExceedsLimit(n) => too_large(n),
            ureq::Error::Decompress(what, io) => Error::new(
                ErrorKind::Parse,
                format!(
                    "the answer is {what}-compressed but does not decompress ({})",
                    excerpt(&io.to_string(), 80)
                ),
            )
            .hint(
                "the answer was cut or damaged on the way; try again, and check the web app's logs",
            ),
            ureq::Error::Io(io) => self.io_error(io, phase, here).unwrap_or_else(timeout),
            ureq::Error::ConnectionFailed => {
                Error::new(ErrorKind::Network, format!("could not connect to {hp}"))
                    .hint("is the web app running, and is the port right?")
            }
            ureq::Error::Protocol(p) => Error::new(
                ErrorKind::Network,
                format!("the answer from {hp} is not valid HTTP ({p})"),
            )
            .hint(if here.scheme == "http" {
                "the port may expect HTTPS; try https://"
            } else {
                "check the port in --url"
            }),
            ureq::Error::Tls(m) => Error::new(ErrorKind::Tls, format!("TLS failed with {hp}: {m}"))
                .hint("check the URL's scheme and port"),
            other => Error::new(
                ErrorKind::Network,
                format!(
                    "the request to {hp} failed: {}",
                    excerpt(&mask::mask_urls_in(&other.to_string()), 160)
                ),
            )
            .hint("check the URL, and try again"),
        }
    }

    /// A failure while the call was still dealing with its proxy.
    fn proxy_error(&self, e: ureq::Error, start: Instant, here: &Target, p: &ProxyChoice) -> Error {
        let hp = here.host_and_port();
        let who = p.describe();
        let bypass = format!(
            "check the proxy and {}, or reach {} directly by adding it to NO_PROXY",
            p.var, here.host
        );
        let net = |m: String| Error::new(ErrorKind::Network, m);
        match e {
            ureq::Error::Timeout(_) => self.timeout_error(start, here, Some(p)),
            ureq::Error::ConnectProxyFailed(reason) => {
                let status = reason
                    .split_once("responded ")
                    .and_then(|(_, r)| r.get(..3))
                    .and_then(|s| s.parse::<u16>().ok());
                match status {
                    Some(407) => net(format!(
                        "{who} refused to open a tunnel to {hp}: 407 Proxy Authentication Required"
                    ))
                    .with_status(407)
                    .hint(if p.shown.contains("***@") {
                        format!("the proxy did not accept the credentials in {}", p.var)
                    } else {
                        format!(
                            "the proxy wants credentials: put them in {} as http://USER:PASSWORD@HOST:PORT",
                            p.var
                        )
                    }),
                    Some(403) => net(format!(
                        "{who} refused to open a tunnel to {hp}: 403 Forbidden"
                    ))
                    .with_status(403)
                    .hint(format!(
                        "the proxy does not allow {hp}; ask its administrator, or reach {} directly by adding it to NO_PROXY",
                        here.host
                    )),
                    Some(s @ 502..=504) => net(format!("{who} could not reach {hp} ({s})"))
                        .with_status(s)
                        .hint(format!("check the host and port in --url; {bypass}")),
                    Some(s) => net(format!("{who} refused to open a tunnel to {hp} ({s})"))
                        .with_status(s)
                        .hint(bypass),
                    None => net(format!("{who} closed the connection without answering"))
                        .hint(bypass),
                }
            }
            ureq::Error::HostNotFound => net(format!(
                "cannot resolve a host name: {} or that of {who}",
                here.host
            ))
            .hint(format!("check --url and {}", p.var)),
            ureq::Error::Io(io) => {
                use std::io::ErrorKind as K;
                if let Some(tls) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                    return Error::new(
                        ErrorKind::Tls,
                        format!(
                            "the TLS handshake with {who} failed: {}",
                            excerpt(&tls.to_string(), 120)
                        ),
                    )
                    .hint(bypass);
                }
                match io.kind() {
                    K::TimedOut | K::WouldBlock => self.timeout_error(start, here, Some(p)),
                    K::ConnectionRefused => net(format!("connection refused by {who}"))
                        .hint(format!("is the proxy running? {bypass}")),
                    K::PermissionDenied => net(format!(
                        "{who} refused the connection to {hp}: {}",
                        excerpt(&io.to_string(), 120)
                    ))
                    .hint(format!("check the credentials in {}; {bypass}", p.var)),
                    _ => net(format!(
                        "the connection to {hp} through {who} failed: {}",
                        excerpt(&io.to_string(), 120)
                    ))
                    .hint(bypass),
                }
            }
            other => net(format!(
                "the connection to {hp} through {who} failed: {}",
                excerpt(&mask::mask_urls_in(&other.to_string()), 120)
            ))
            .hint(bypass),
        }
    }

    /// Explains an I/O error; `None` means it was a timeout.
    fn io_error(&self, io: std::io::Error, phase: Phase, here: &Target) -> Option<Error> {
        use std::io::ErrorKind as K;
        let hp = here.host_and_port();
        if let Some(tls) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return Some(tls_error(tls, here));
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
                    format!("cannot resolve the host name {}", here.host),
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
            )
            .hint("try again; check the URL, and any firewall or proxy on the way"),
        })
    }
}

/// The error for an answer beyond the size bound.
fn too_large(limit: u64) -> Error {
    Error::new(
        ErrorKind::Parse,
        format!(
            "the answer is larger than {} ({} bytes); refused",
            humansize::format_size(limit, humansize::BINARY),
            limit
        ),
    )
    .hint("this is not a /v1/support answer; check the URL")
}

/// The body as the web app meant it. ureq has already decoded a body sent
/// with `Content-Encoding: gzip`; a body that still starts with the gzip
/// magic (compressed by a proxy that did not say so, or twice) is decoded
/// here, within the same bound. An encoding we did not ask for and cannot
/// read is named, not shown as binary text.
fn decode_body(body: Vec<u8>, encoding: &str, max: u64) -> Result<Vec<u8>> {
    let known = ["", "identity", "gzip", "x-gzip"];
    if !known.contains(&encoding) {
        return Err(Error::new(
            ErrorKind::Parse,
            format!(
                "the answer is compressed with \"{}\", which this tool did not ask for and cannot read",
                excerpt(encoding, 40)
            ),
        )
        .hint("make the web app, or the proxy in front of it, honour Accept-Encoding (gzip or none)"));
    }
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(body);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body.as_slice())
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| {
            Error::new(
                ErrorKind::Parse,
                format!(
                    "the answer is gzip-compressed but does not decompress ({})",
                    excerpt(&e.to_string(), 80)
                ),
            )
            .hint(
                "the answer was cut or damaged on the way; try again, and check the web app's logs",
            )
        })?;
    if out.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(out)
}

/// What a server that speaks only old TLS is told.
const LEGACY_TLS_HINT: &str = "the server offers only TLS 1.0/1.1 or legacy ciphers that this tool does not accept (TLS 1.2+ with forward secrecy is needed); upgrade the web app's TLS settings or put a modern proxy in front";

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
            C::NotValidForNameContext { presented, .. } if !presented.is_empty() => tls(format!(
                "the certificate of {hp} is not valid for the name {} (name mismatch); it is for {}",
                t.host,
                excerpt(&presented.join(", "), 160)
            ))
            .hint("use a host name the certificate was issued for in --url, or --insecure to skip checks"),
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
            C::Revoked => tls(format!("the certificate of {hp} has been revoked"))
                .hint("the web app needs a new certificate"),
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
        rustls::Error::AlertReceived(
            a @ (rustls::AlertDescription::HandshakeFailure
            | rustls::AlertDescription::ProtocolVersion
            | rustls::AlertDescription::InsufficientSecurity),
        ) => tls(format!(
            "{hp} refused the TLS handshake (alert: {a:?}): no TLS version or cipher in common"
        ))
        .hint(LEGACY_TLS_HINT),
        rustls::Error::PeerIncompatible(p) => tls(format!(
            "{hp} and this tool have no TLS version or cipher in common ({p:?})"
        ))
        .hint(LEGACY_TLS_HINT),
        rustls::Error::AlertReceived(a) => tls(format!(
            "{hp} refused the TLS handshake (alert: {a:?})"
        ))
        .hint("check the port, and whether the server needs a client certificate"),
        other => tls(format!(
            "the TLS handshake with {hp} failed: {}",
            excerpt(&other.to_string(), 120)
        ))
        .hint("check the URL's scheme and port, and the web app's TLS settings"),
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
        for bad in [
            "http://[::1",
            "http://[::1:8080",
            "http://h]:80",
            "http://a[b:80",
        ] {
            let e = Target::parse(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Usage, "{bad}");
        }
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

    #[test]
    fn legacy_tls_servers_get_the_legacy_hint() {
        use rustls::{AlertDescription as A, PeerIncompatible as P};
        let t = Target::parse("https://wa:9090").unwrap();
        for e in [
            rustls::Error::AlertReceived(A::HandshakeFailure),
            rustls::Error::AlertReceived(A::ProtocolVersion),
            rustls::Error::AlertReceived(A::InsufficientSecurity),
            rustls::Error::PeerIncompatible(P::ServerDoesNotSupportTls12Or13),
            rustls::Error::PeerIncompatible(P::NoCipherSuitesInCommon),
        ] {
            let s = tls_error(&e, &t).to_string();
            assert!(s.contains("TLS 1.0/1.1 or legacy ciphers"), "{s}");
            assert!(s.contains("wa:9090"), "{s}");
        }
        let s = tls_error(&rustls::Error::AlertReceived(A::CertificateRequired), &t).to_string();
        assert!(!s.contains("legacy"), "{s}");
        assert!(s.contains("client certificate"), "{s}");
    }

    #[test]
    fn name_mismatch_says_what_the_certificate_is_for() {
        let t = Target::parse("https://wa:9090").unwrap();
        let e =
            rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForNameContext {
                expected: rustls::pki_types::ServerName::try_from("wa").unwrap(),
                presented: vec!["a.example".into(), "b.example".into()],
            });
        let s = tls_error(&e, &t).to_string();
        assert!(
            s.contains("not valid for the name wa (name mismatch); it is for a.example, b.example"),
            "{s}"
        );
    }

    #[test]
    fn bodies_are_decoded_within_the_bound() {
        use std::io::Write as _;
        let gz = |data: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        assert_eq!(decode_body(b"{}".to_vec(), "", 10).unwrap(), b"{}");
        assert_eq!(decode_body(gz(b"{}"), "", 10).unwrap(), b"{}");
        assert_eq!(decode_body(gz(b"{}"), "gzip", 10).unwrap(), b"{}");
        // Two members decode as one body.
        let two = [gz(b"{\"a\""), gz(b":1}")].concat();
        assert_eq!(decode_body(two, "", 10).unwrap(), b"{\"a\":1}");
        // Exactly at the bound is fine; one byte more is refused.
        assert_eq!(decode_body(gz(&[b' '; 10]), "", 10).unwrap().len(), 10);
        let e = decode_body(gz(&[b' '; 11]), "", 10).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse);
        assert!(e.to_string().contains("larger than"), "{e}");
        let e = decode_body(vec![0x1f, 0x8b, 0, 1, 2], "", 10).unwrap_err();
        assert!(e.to_string().contains("does not decompress"), "{e}");
        let e = decode_body(b"xx".to_vec(), "br", 10).unwrap_err();
        assert!(e.to_string().contains("\"br\""), "{e}");
        assert!(decode_body(b"{}".to_vec(), "identity", 10).is_ok());
    }
}
