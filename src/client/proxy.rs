//! Proxies, read from the environment as curl reads them.
//!
//! For an `https://` URL the proxy is `https_proxy` (or `HTTPS_PROXY`), for
//! an `http://` URL `http_proxy` (lower case only, as curl: an upper-case
//! `HTTP_PROXY` can be set by a web request's `Proxy:` header in CGI
//! programs), then `all_proxy` / `ALL_PROXY`. An empty value counts as
//! unset. `no_proxy` / `NO_PROXY` lists hosts that are reached directly:
//! names (a leading `.` or `*.` is optional and matches the name and its
//! subdomains), IP addresses, CIDR ranges such as `127.0.0.0/8`, or `*`
//! for every host; spaces around the commas are ignored.
//!
//! Supported proxies: `http://` and `https://` (CONNECT tunnels),
//! `socks4://`, `socks4a://`, `socks5://` and `socks5h://` (`h`: the proxy
//! resolves the name). Any other scheme, or a URL that does not parse, is
//! a usage error naming the variable; credentials in a proxy URL are never
//! printed.

use std::net::IpAddr;

use crate::error::{Error, ErrorKind, Result};

/// The proxy a request goes through.
#[derive(Clone)]
pub struct ProxyChoice {
    pub proxy: ureq::Proxy,
    /// The proxy URL for messages: scheme, host and port, credentials
    /// masked as `***@`.
    pub shown: String,
    /// The environment variable it came from.
    pub var: &'static str,
}

impl std::fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxyChoice")
            .field("shown", &self.shown)
            .field("var", &self.var)
            .finish()
    }
}

impl ProxyChoice {
    /// "the proxy http://proxy:3128 (from https_proxy)".
    pub fn describe(&self) -> String {
        format!("the proxy {} (from {})", self.shown, self.var)
    }
}

const SCHEMES: &[&str] = &["http", "https", "socks4", "socks4a", "socks5", "socks5h"];

/// The proxy for a URL with this scheme and host, from the process's
/// environment; `None` for a direct connection.
pub fn from_env(scheme: &str, host: &str) -> Result<Option<ProxyChoice>> {
    choose(scheme, host, &|name| std::env::var(name).ok())
}

/// [`from_env`] with the environment given as a lookup.
pub fn choose(
    scheme: &str,
    host: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ProxyChoice>> {
    let set = |name: &'static str| {
        env(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| (name, v))
    };
    let vars: &[&'static str] = if scheme == "http" {
        &["http_proxy", "all_proxy", "ALL_PROXY"]
    } else {
        &["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
    };
    let Some((var, value)) = vars.iter().find_map(|v| set(v)) else {
        return Ok(None);
    };
    if let Some((_, list)) = set("no_proxy").or_else(|| set("NO_PROXY"))
        && no_proxy_matches(&list, host)
    {
        return Ok(None);
    }
    parse(var, &value).map(Some)
}

/// Parses a proxy URL from variable `var`.
fn parse(var: &'static str, value: &str) -> Result<ProxyChoice> {
    let value = value.trim();
    let bad = |why: &str| {
        Error::new(
            ErrorKind::Usage,
            format!(
                "the proxy in {var} (\"{}\") {why}",
                crate::model::excerpt(&mask_proxy_value(value), 100)
            ),
        )
        .hint(format!(
            "fix or unset {var}; a proxy URL looks like http://proxy.example.com:3128 or socks5h://proxy.example.com:1080"
        ))
    };
    let with_scheme = if value.contains("://") {
        value.to_string()
    } else {
        format!("http://{value}")
    };
    let (scheme, rest) = with_scheme.split_once("://").unwrap_or(("http", value));
    let scheme = scheme.to_ascii_lowercase();
    if !SCHEMES.contains(&scheme.as_str()) {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "the proxy in {var} uses {}://, which this tool does not support",
                crate::model::excerpt(&scheme, 20)
            ),
        )
        .hint(format!(
            "use an http://, https://, socks4://, socks4a://, socks5:// or socks5h:// proxy, or unset {var}"
        )));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (creds, hostport) = match authority.rsplit_once('@') {
        Some((c, h)) => (!c.is_empty(), h),
        None => (false, authority),
    };
    let (host, port) = split_host_port(hostport).ok_or_else(|| bad("is not a valid URL"))?;
    if host.is_empty()
        || host
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\\<>\"{}|^`%".contains(c))
    {
        return Err(bad("has no valid host"));
    }
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => 1080,
    };
    let port = match port {
        Some(p) => p.parse::<u16>().map_err(|_| bad("has an invalid port"))?,
        None => default_port,
    };
    let proxy =
        ureq::Proxy::new(&format!("{scheme}://{rest}")).map_err(|_| bad("is not a valid URL"))?;
    let shown = format!(
        "{scheme}://{}{host}:{port}",
        if creds { "***@" } else { "" }
    );
    Ok(ProxyChoice { proxy, shown, var })
}

/// Splits `host:port` / `[v6]:port` / `host`; `None` when malformed.
fn split_host_port(s: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        let after = &rest[end + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some((&s[..end + 2], port));
    }
    match s.split_once(':') {
        Some((h, p)) if !p.contains(':') => Some((h, Some(p))),
        Some(_) => None,
        None => Some((s, None)),
    }
}

/// A proxy variable's value for a message: credentials masked.
fn mask_proxy_value(value: &str) -> String {
    super::mask::mask_url(value)
}

/// True when `host` is listed in a `NO_PROXY` value.
pub fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let host_ip: Option<IpAddr> = host.parse().ok();
    list.split(',').map(str::trim).any(|entry| {
        if entry.is_empty() {
            return false;
        }
        if entry == "*" {
            return true;
        }
        if let Some(ip) = host_ip {
            return match entry.split_once('/') {
                Some((net, bits)) => in_cidr(ip, net, bits),
                None => strip_port(entry)
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
                    .is_ok_and(|e| e == ip),
            };
        }
        let name = strip_port(entry)
            .trim_start_matches('*')
            .trim_start_matches('.')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        !name.is_empty()
            && (host == name
                || host
                    .strip_suffix(name.as_str())
                    .is_some_and(|p| p.ends_with('.')))
    })
}

/// `name:port` → `name`; IPv6 addresses (several colons) stay whole.
fn strip_port(entry: &str) -> &str {
    if let Some(end) = entry.find(']') {
        return &entry[..=end];
    }
    match entry.split_once(':') {
        Some((h, p)) if !p.contains(':') => h,
        _ => entry,
    }
}

fn in_cidr(ip: IpAddr, net: &str, bits: &str) -> bool {
    let Ok(bits) = bits.trim().parse::<u32>() else {
        return false;
    };
    let net = net.trim().trim_start_matches('[').trim_end_matches(']');
    match (ip, net.parse::<IpAddr>()) {
        (IpAddr::V4(ip), Ok(IpAddr::V4(net))) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), Ok(IpAddr::V6(net))) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    fn shown(scheme: &str, host: &str, pairs: &[(&str, &str)]) -> Option<String> {
        choose(scheme, host, &env(pairs))
            .unwrap()
            .map(|c| format!("{} {}", c.var, c.shown))
    }

    #[test]
    fn variables_are_read_as_curl_reads_them() {
        let p = "http://p:3128";
        assert_eq!(shown("https", "h", &[]), None);
        assert_eq!(
            shown("https", "h", &[("HTTPS_PROXY", p)]).as_deref(),
            Some("HTTPS_PROXY http://p:3128")
        );
        assert_eq!(
            shown("https", "h", &[("HTTPS_PROXY", p), ("https_proxy", "q:1")]).as_deref(),
            Some("https_proxy http://q:1")
        );
        // http:// reads only the lower-case http_proxy.
        assert_eq!(shown("http", "h", &[("HTTP_PROXY", p)]), None);
        assert_eq!(
            shown("http", "h", &[("http_proxy", p)]).as_deref(),
            Some("http_proxy http://p:3128")
        );
        assert_eq!(shown("https", "h", &[("http_proxy", p)]), None);
        assert_eq!(shown("http", "h", &[("https_proxy", p)]), None);
        assert_eq!(
            shown("http", "h", &[("ALL_PROXY", "socks5h://s")]).as_deref(),
            Some("ALL_PROXY socks5h://s:1080")
        );
        assert_eq!(
            shown(
                "https",
                "h",
                &[("all_proxy", "https://s"), ("ALL_PROXY", p)]
            )
            .as_deref(),
            Some("all_proxy https://s:443")
        );
        // Empty means unset.
        assert_eq!(
            shown("https", "h", &[("https_proxy", " "), ("ALL_PROXY", p)]).as_deref(),
            Some("ALL_PROXY http://p:3128")
        );
        // no_proxy before NO_PROXY.
        assert_eq!(
            shown(
                "https",
                "h",
                &[("https_proxy", p), ("no_proxy", "x"), ("NO_PROXY", "h")]
            )
            .as_deref(),
            Some("https_proxy http://p:3128")
        );
        assert_eq!(
            shown("https", "h", &[("https_proxy", p), ("NO_PROXY", "h")]),
            None
        );
    }

    #[test]
    fn credentials_are_masked_and_bad_urls_named() {
        let c = choose(
            "https",
            "h",
            &env(&[("https_proxy", "http://user:pa%40ss@proxy.corp:8080/")]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.shown, "http://***@proxy.corp:8080");
        assert_eq!(c.proxy.password(), Some("pa@ss"));
        assert!(!format!("{c:?}").contains("pa"), "{c:?}");
        for bad in [
            "http://u:secret@[::1",
            "http://u:secret@proxy:99999",
            "http://u:secret@",
            "ftp://u:secret@proxy",
            "http://u:secret@a:b:c",
        ] {
            let e = choose("https", "h", &env(&[("https_proxy", bad)])).unwrap_err();
            let s = e.to_string();
            assert_eq!(e.kind(), ErrorKind::Usage, "{s}");
            assert!(s.contains("https_proxy"), "{s}");
            assert!(!s.contains("secret"), "{s}");
        }
    }

    #[test]
    fn no_proxy_lists_match_like_curl() {
        let yes = [
            ("*", "anything.example"),
            ("example.com", "example.com"),
            ("example.com", "wa.example.com"),
            (".example.com", "wa.example.com"),
            (".example.com", "example.com"),
            ("*.example.com", "wa.example.com"),
            ("a.test, example.com", "WA.Example.COM"),
            ("  a.test ,  example.com  ", "example.com"),
            ("example.com.", "example.com"),
            ("example.com:9090", "example.com"),
            ("127.0.0.0/8", "127.1.2.3"),
            ("10.0.0.0/8,127.0.0.1/32", "127.0.0.1"),
            ("0.0.0.0/0", "192.0.2.1"),
            ("127.0.0.1", "127.0.0.1"),
            ("::1", "[::1]"),
            ("[::1]", "[::1]"),
            ("fd00::/8", "[fd12::1]"),
            ("localhost", "localhost"),
        ];
        for (list, host) in yes {
            assert!(no_proxy_matches(list, host), "{list:?} should match {host}");
        }
        let no = [
            ("", "example.com"),
            (",", "example.com"),
            ("example.com", "notexample.com"),
            ("example.com", "example.com.evil"),
            (".example.com", "wa.example.org"),
            ("127.0.0.0/8", "128.0.0.1"),
            ("127.0.0.0/33", "127.0.0.1"),
            ("127.0.0.0/x", "127.0.0.1"),
            ("10.0.0.0/8", "[::1]"),
            ("127.0.0.1", "localhost"),
            ("localhost", "127.0.0.1"),
            ("fd00::/8", "[fe80::1]"),
            ("*.", "example.com"),
            ("127.0.0.2", "127.0.0.1"),
        ];
        for (list, host) in no {
            assert!(
                !no_proxy_matches(list, host),
                "{list:?} should not match {host}"
            );
        }
    }
}
