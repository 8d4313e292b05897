//! Turning failures into one line with a hint: transport errors (DNS,
//! refused, reset, timeouts, proxies), TLS errors (untrusted, wrong name,
//! expired, legacy-only servers) and HTTP errors (a status, the API's
//! error titles, or a few safe words about an HTML page from a proxy).

use std::time::{Duration, Instant};

use super::mask;
use super::phase::{Phase, PhaseTracker};
use super::proxy::ProxyChoice;
use super::target::Target;
use crate::error::{Error, ErrorKind};
use crate::model::{api_errors_error, describe_non_json, error_list, excerpt};

/// One attempt of a call (one hop of its redirects), as needed to explain
/// its failure: the call's bound and start, where it was going, through
/// which proxy, and how far it got.
pub(super) struct Attempt<'a> {
    pub(super) timeout: Duration,
    pub(super) phase: &'a PhaseTracker,
    pub(super) start: Instant,
    pub(super) here: &'a Target,
    pub(super) proxy: Option<&'a ProxyChoice>,
}

impl Attempt<'_> {
    /// The call ran out of time: where it was, and what to check.
    pub(super) fn timeout_error(&self) -> Error {
        let (start, here, proxy) = (self.start, self.here, self.proxy);
        let phase = self.phase.get();
        let secs = self.timeout.as_secs_f64();
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

    /// Explains a failed call in one line with a hint.
    pub(super) fn transport_error(&self, e: ureq::Error) -> Error {
        let (here, proxy) = (self.here, self.proxy);
        if let Some(p) = proxy.filter(|_| self.phase.at_proxy()) {
            return self.proxy_error(e, p);
        }
        let phase = self.phase.get();
        let hp = here.host_and_port();
        let timeout = || self.timeout_error();
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
            ureq::Error::Io(io) => io_error(io, phase, here).unwrap_or_else(timeout),
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
    fn proxy_error(&self, e: ureq::Error, p: &ProxyChoice) -> Error {
        let here = self.here;
        let hp = here.host_and_port();
        let who = p.describe();
        let bypass = format!(
            "check the proxy and {}, or reach {} directly by adding it to NO_PROXY",
            p.var, here.host
        );
        let net = |m: String| Error::new(ErrorKind::Network, m);
        match e {
            ureq::Error::Timeout(_) => self.timeout_error(),
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
                    K::TimedOut | K::WouldBlock => self.timeout_error(),
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
}

/// Explains an I/O error; `None` means it was a timeout.
fn io_error(io: std::io::Error, phase: Phase, here: &Target) -> Option<Error> {
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

/// The error for an answer beyond the size bound.
pub(super) fn too_large(limit: u64) -> Error {
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
    let errors = error_list(body);
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
