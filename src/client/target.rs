//! The web app's address: a base URL parsed once (scheme, host, port,
//! path prefix), with the URLs of the API's paths built from it.

use super::mask::mask_url;
use crate::error::{Error, ErrorKind, Result};
use crate::model::excerpt;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

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
}
