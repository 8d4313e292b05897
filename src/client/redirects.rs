//! The redirect policy: a redirect is followed only to the same host and
//! port (or the plain-http-to-https upgrade of the same host that proxies
//! answer with), never from https down to http, so the token never travels
//! to another host or in clear text. Credentials in a `Location` are never
//! used, nor printed.

use super::mask::{self, mask_url};
use super::target::Target;
use crate::error::{Error, ErrorKind, Result};
use crate::model::excerpt;

/// How many same-host redirects are followed.
pub(super) const MAX_REDIRECTS: usize = 5;

/// The URL a redirect answer (`status` with `location`) from `url`
/// (parsed: `from`) leads to, when the policy lets it be followed; an
/// error saying why not otherwise.
pub(super) fn next_url(status: u16, url: &str, from: &Target, location: &str) -> Result<String> {
    let next = resolve_location(url, location).ok_or_else(|| {
        Error::new(
            ErrorKind::Http,
            format!("the server answered {status} (redirect) without a usable Location"),
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
                if downgrade {
                    "an unencrypted URL"
                } else {
                    "another host"
                }
            ),
        )
        .with_status(status)
        .hint("if that is the right place, use it as --url"));
    }
    Ok(next)
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
