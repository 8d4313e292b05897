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
//!
//! The parts: [`target`] (the base URL), `request` (the call, its bound
//! and gzip), `redirects` (the same-host policy), [`explain`] (failures
//! in one line with a hint), `phase` (how far a call got), [`tls`],
//! [`proxy`] and [`mask`].

pub mod explain;
pub mod mask;
mod phase;
pub mod proxy;
mod redirects;
mod request;
pub mod target;
pub mod tls;

use std::io::Write as _;
use std::time::Duration;

use base64::Engine as _;
use ureq::Agent;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{
    ConnectProxyConnector, Connector, SocksConnector, TcpConnector,
};

use crate::error::{Error, ErrorKind, Result};
use crate::model::excerpt;
use crate::secret::Secret;
use phase::PhaseTracker;
use request::{Auth, Method};

pub use target::Target;

/// Default bound of a whole call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest answer read; a /v1/support answer of 1,000 nodes is ~2 MiB.
pub const DEFAULT_MAX_BODY: u64 = 32 * 1024 * 1024;

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

    /// One line of `--verbose` trace on stderr, escaped.
    fn trace(&self, line: &str) {
        if self.opts.verbose {
            let _ = writeln!(std::io::stderr(), "{}", crate::safe::escape(line));
        }
    }

    /// `GET /v1/support` with the bearer token.
    pub fn fetch_support(&self) -> Result<Fetched> {
        self.fetch("/v1/support")
    }

    /// `GET` of `path` below the base URL (`/v1/health`, `/metrics`) with
    /// the bearer token, under the same rules as [`Client::fetch_support`]:
    /// one timeout, same-host redirects, the size cap, gzip, proxies, and
    /// the token masked in any error. A non-success status is an error
    /// (with [`Error::status`]).
    pub fn fetch(&self, path: &str) -> Result<Fetched> {
        let auth = self
            .opts
            .token
            .as_ref()
            .map(|t| format!("Bearer {}", t.expose()));
        let token = self.opts.token.as_ref().map(|t| t.expose()).unwrap_or("");
        self.request(
            Method::Get,
            &self.target.url(path),
            Auth {
                header: auth.as_deref(),
                shown: "Bearer ***",
            },
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
                Method::Post,
                &self.target.url("/v1/users/login"),
                Auth {
                    header: Some(&basic),
                    shown: "Basic ***",
                },
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

/// Standard base64 with padding (RFC 4648), for Basic credentials.
fn base64(input: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(input)
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
}
