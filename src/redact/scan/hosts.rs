//! Host names and addresses in free text: host-like words (IPv4 and IPv6
//! included) mapped to their pseudonyms, and the hosts of URLs.

use super::{copy_char, is_host_byte, is_word, run};

/// Calls `f` on every host-like word of `s` (IPv6 addresses included) and
/// puts its answer (or the word) in the output.
pub(in crate::redact) fn map_hosts(s: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let prev_host = i > 0 && (is_host_byte(b[i - 1]) || b[i - 1] == b':');
        if !prev_host && (b[i].is_ascii_hexdigit() || b[i] == b':') {
            if let Some(end) = ipv6_at(b, i) {
                match f(&s[i..end]) {
                    Some(a) => out.push_str(&a),
                    None => out.push_str(&s[i..end]),
                }
                i = end;
                continue;
            }
        }
        if !is_host_byte(b[i]) {
            i = copy_char(s, i, &mut out);
            continue;
        }
        let end = run(b, i, is_host_byte);
        let word = &s[i..end];
        let trimmed = word.trim_end_matches(['.', '-', '_']);
        match f(word).map(|a| (a, end)).or_else(|| {
            (trimmed.len() < word.len() && !trimmed.is_empty())
                .then(|| f(trimmed).map(|a| (a, i + trimmed.len())))
                .flatten()
        }) {
            Some((a, stop)) => {
                out.push_str(&a);
                i = stop;
            }
            None => {
                out.push_str(word);
                i = end;
            }
        }
    }
    out
}

/// An IPv6 address starting at `i`: its end.
pub(in crate::redact) fn ipv6_at(b: &[u8], i: usize) -> Option<usize> {
    let mut end = run(b, i, |c| c.is_ascii_hexdigit() || c == b':' || c == b'.');
    if end == i {
        return None;
    }
    if end < b.len() && (is_word(b[end]) || b[end] == b'-') {
        // `fe80::1:wa-core-0`: the address ends before the last colon.
        if b[end - 1] != b':' || b[i..end].ends_with(b"::") {
            return None;
        }
        end -= 1;
    }
    let text = std::str::from_utf8(&b[i..end]).ok()?;
    (text.matches(':').count() >= 2
        && text.bytes().any(|c| c.is_ascii_hexdigit())
        && text.parse::<std::net::Ipv6Addr>().is_ok())
    .then_some(end)
}

/// True for a dotted-quad IPv4 address.
pub(in crate::redact) fn is_ipv4(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// The host of every URL in `s` (after `://` and any user info).
pub(in crate::redact) fn url_hosts(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = s[from..].find("://") {
        let mut start = from + p + 3;
        let auth_end = run(b, start, |c| {
            !(c.is_ascii_whitespace() || b"/?#\"'<>\\`".contains(&c))
        });
        if let Some(at) = s[start..auth_end].rfind('@') {
            start += at + 1;
        }
        if b.get(start) == Some(&b'[') {
            let end = run(b, start + 1, |c| c != b']');
            out.push(&s[start + 1..end]);
        } else {
            let end = run(b, start, is_host_byte);
            if end > start {
                out.push(&s[start..end]);
            }
        }
        from = auth_end.max(from + p + 3);
    }
    out
}
