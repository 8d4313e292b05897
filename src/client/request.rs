//! One call, redirects included: the request itself, bounded by one
//! timeout from connection through the last byte of the last redirect and
//! by a cap on the decoded size of the answer (gzip is asked for and
//! decoded, and a gzip body nobody asked for too).

use std::fmt;
use std::io::{Read as _, Write as _};
use std::time::Instant;

use super::explain::{Attempt, http_error, too_large};
use super::mask::{self, mask_url};
use super::phase::Phase;
use super::redirects::{MAX_REDIRECTS, next_url};
use super::target::Target;
use super::{Client, Fetched, proxy};
use crate::error::{Error, ErrorKind, Result};
use crate::model::excerpt;

/// The HTTP methods the client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// Reading: `GET /v1/support`, `/v1/health`, …
    Get,
    /// Logging in: `POST /v1/users/login` with an empty JSON object.
    Post,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "GET",
            Method::Post => "POST",
        })
    }
}

/// The `Authorization` a call sends, and what it is traced as.
#[derive(Clone, Copy)]
pub(super) struct Auth<'a> {
    /// The header's value (`Bearer ...`, `Basic ...`), if any.
    pub(super) header: Option<&'a str>,
    /// What `--verbose` shows instead (`Bearer ***`).
    pub(super) shown: &'a str,
}

impl Client {
    /// One call, redirects included, bounded by one timeout; `secrets`
    /// (the token or password sent) are masked in any error, whatever the
    /// server echoes.
    pub(super) fn request(
        &self,
        method: Method,
        url: &str,
        auth: Auth<'_>,
        secrets: &[&str],
    ) -> Result<Fetched> {
        self.request_unmasked(method, url, auth, secrets)
            .map_err(|e| mask::mask_error(e, secrets))
    }

    fn request_unmasked(
        &self,
        method: Method,
        url: &str,
        auth: Auth<'_>,
        secrets: &[&str],
    ) -> Result<Fetched> {
        let start = Instant::now();
        let deadline = start + self.opts.timeout;
        let mut url = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let here = Target::parse(&url)?;
            let proxy = proxy::from_env(&here.scheme, &here.host)?;
            self.phase.start(proxy.is_some());
            let attempt = Attempt {
                timeout: self.opts.timeout,
                phase: &self.phase,
                start,
                here: &here,
                proxy: proxy.as_ref(),
            };
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(attempt.timeout_error());
            }
            self.trace(&format!("> {method} {}", mask_url(&url)));
            if let Some(p) = &proxy {
                self.trace(&format!("* via {}", p.describe()));
            }
            if auth.header.is_some() {
                self.trace(&format!("> Authorization: {}", auth.shown));
            }
            let via = proxy.as_ref().map(|p| p.proxy.clone());
            let sent = match method {
                Method::Post => {
                    let mut req = self
                        .agent
                        .post(&url)
                        .config()
                        .timeout_global(Some(remaining))
                        .proxy(via)
                        .build();
                    if let Some(a) = auth.header {
                        req = req.header("Authorization", a);
                    }
                    req.header("Content-Type", "application/json").send("{}")
                }
                Method::Get => {
                    let mut req = self
                        .agent
                        .get(&url)
                        .config()
                        .timeout_global(Some(remaining))
                        .proxy(via)
                        .build();
                    if let Some(a) = auth.header {
                        req = req.header("Authorization", a);
                    }
                    req.call()
                }
            };
            let mut resp = sent.map_err(|e| attempt.transport_error(e))?;
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
                    .unwrap_or("");
                // Only ever the same host: the credentials go along.
                let next = next_url(status, &url, &here, location)?;
                let _ = writeln!(
                    std::io::stderr(),
                    "wa-support: note: following redirect to {}",
                    crate::safe::escape(&excerpt(&mask_url(&next), 200))
                );
                url = next;
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
                .map_err(|e| attempt.transport_error(e))?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
