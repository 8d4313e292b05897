//! URLs in messages and where a token may travel: credentials in a URL
//! are refused and never shown, and a token over plain http is warned
//! about unless the server is this machine.

use crate::error::{Error, ErrorKind, Result};

/// A URL for messages: any `user:password@` is masked.
pub fn display_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (format!("{s}://"), r),
        None => (String::new(), url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}***@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// Refuses a URL with credentials in it, without repeating them.
pub(super) fn check_no_credentials(url: &str, origin: &str) -> Result<()> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if rest[..end].contains('@') {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "the URL from {origin} ({}) carries credentials; they are neither sent nor shown",
                display_url(url)
            ),
        )
        .hint("remove user:password@ from it; use --token-file, WA_SUPPORT_TOKEN or wa-support login --save"));
    }
    Ok(())
}

/// True when `host` is this machine, however it is spelled: `localhost`,
/// any 127/8 address (also as the resolver reads `127.1`, `0x7f000001`,
/// `2130706433` or `0177.0.0.1`), `::1`, and `::ffff:127.x.x.x`.
pub(super) fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    let h = h.strip_suffix('.').unwrap_or(h);
    if h.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match h.parse::<std::net::Ipv6Addr>() {
        Ok(ip) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        Err(_) => parse_ipv4_loose(h).is_some_and(|v4| v4.is_loopback()),
    }
}

/// An IPv4 address as `inet_aton` (and so the system's resolver) reads
/// it: one to four parts, each decimal, octal (`0` prefix) or hex (`0x`).
fn parse_ipv4_loose(h: &str) -> Option<std::net::Ipv4Addr> {
    let parts: Vec<u64> = h
        .split('.')
        .map(|p| {
            let (digits, radix) =
                if let Some(x) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
                    (x, 16)
                } else if p.len() > 1 && p.starts_with('0') {
                    (&p[1..], 8)
                } else {
                    (p, 10)
                };
            if digits.is_empty() && radix != 8 {
                return None;
            }
            if digits.is_empty() {
                return Some(0);
            }
            u64::from_str_radix(digits, radix).ok()
        })
        .collect::<Option<_>>()?;
    let (last, head) = parts.split_last()?;
    if parts.len() > 4 || head.iter().any(|p| *p > 255) {
        return None;
    }
    let rest_bits = 8 * (4 - head.len() as u32);
    if rest_bits < 64 && *last >= 1u64 << rest_bits {
        return None;
    }
    let value = head
        .iter()
        .enumerate()
        .fold(*last, |acc, (i, p)| acc | (p << (24 - 8 * i as u32)));
    Some(std::net::Ipv4Addr::from(u32::try_from(value).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_credentials() {
        assert_eq!(display_url("https://u:p@h:1/x@y"), "https://***@h:1/x@y");
        assert_eq!(display_url("u:p@h"), "***@h");
        assert_eq!(display_url("https://h/a@b"), "https://h/a@b");
        let e = check_no_credentials("https://admin:hunter22@h", "--url").unwrap_err();
        assert!(!e.to_string().contains("hunter22"), "{e}");
        assert!(e.to_string().contains("https://***@h"), "{e}");
        assert!(check_no_credentials("https://h/a@b", "--url").is_ok());
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "127.0.0.1",
            "127.3.2.1",
            "[::1]",
            "localhost",
            "LOCALHOST",
            "localhost.",
            "[::ffff:127.0.0.1]",
            "127.1",
            "0x7f000001",
            "2130706433",
            "0177.0.0.1",
            "127.0.1",
        ] {
            assert!(is_loopback(h), "{h}");
        }
        for h in [
            "10.0.0.1",
            "wa.example.com",
            "[::2]",
            "localhost.evil",
            "[::ffff:10.0.0.1]",
            "128.1",
            "0x7f",
            "127.256.0.0.1",
            "127.0.0.256",
            "1.2.3.4.5",
            "127.",
            "0x",
            "4294967296",
        ] {
            assert!(!is_loopback(h), "{h}");
        }
    }
}
