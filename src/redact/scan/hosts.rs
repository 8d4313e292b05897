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
        if !prev_host
            && (b[i].is_ascii_hexdigit() || b[i] == b':')
            && let Some(end) = ipv6_at(b, i)
        {
            match f(&s[i..end]) {
                Some(a) => out.push_str(&a),
                None => out.push_str(&s[i..end]),
            }
            i = end;
            continue;
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

/// Last labels that make a two-label name a host name (`db.internal`,
/// `example.com`); names of three labels and more need only a last label
/// of letters that is not a file extension.
const HOST_SUFFIXES: [&str; 24] = [
    "com",
    "net",
    "org",
    "io",
    "internal",
    "local",
    "localdomain",
    "lan",
    "corp",
    "intra",
    "intranet",
    "home",
    "svc",
    "example",
    "test",
    "cloud",
    "dev",
    "app",
    "de",
    "uk",
    "fr",
    "nl",
    "eu",
    "us",
];

/// Last labels of file names, never taken for a host name.
const FILE_EXTENSIONS: [&str; 30] = [
    "gz", "tgz", "json", "txt", "log", "md", "yaml", "yml", "toml", "conf", "cfg", "xml", "html",
    "js", "jar", "so", "pem", "crt", "sh", "py", "rs", "tar", "zip", "sql", "csv", "bak", "tmp",
    "pid", "sock", "lock",
];

/// True for a dotted name that reads as a host name: letters, digits and
/// dashes in labels, the last label of letters, and either three labels
/// or more (`lb-internal.corp.example`) or a known last label
/// (`secret-db.internal`). File names (`report.md`, `a.tar.gz`) and
/// versions (`v2.51.3`) are not.
pub(in crate::redact) fn looks_like_host_name(w: &str) -> bool {
    let labels: Vec<&str> = w.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| l.is_empty() || l.len() > 63)
        || !w
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
    {
        return false;
    }
    let last = labels[labels.len() - 1].to_ascii_lowercase();
    if last.len() < 2
        || !last.bytes().all(|c| c.is_ascii_alphabetic())
        || FILE_EXTENSIONS.contains(&last.as_str())
    {
        return false;
    }
    labels.len() >= 3 || HOST_SUFFIXES.contains(&last.as_str())
}

/// The names and values of host labels in text (`host=db`, `instance="10.0.0.1:9100"`,
/// `db: "secret-db.internal"`), without a port; `is_name` says which label
/// names name a host.
pub(in crate::redact) fn label_hosts(s: &str, is_name: impl Fn(&str) -> bool) -> Vec<(&str, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) || (i > 0 && is_word(b[i - 1])) {
            i += 1;
            continue;
        }
        let name_end = run(b, i, is_word);
        let name = &s[i..name_end];
        let mut j = name_end;
        j = run(b, j, |c| c == b'"' || c == b'\'' || c == b' ');
        if j < b.len() && (b[j] == b'=' || b[j] == b':') && is_name(name) {
            let v = run(b, j + 1, |c| c == b'"' || c == b'\'' || c == b' ');
            let end = run(b, v, |c| {
                is_host_byte(c) || c == b':' || c == b'[' || c == b']'
            });
            let value = &s[v..end];
            out.push((name, strip_port(value)));
            i = end.max(name_end);
            continue;
        }
        i = name_end;
    }
    out
}

/// `host:port` → `host`; an IPv6 address (`fd00::1`, `[fd00::1]:9100`)
/// keeps its colons.
fn strip_port(v: &str) -> &str {
    if let Some(rest) = v.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match v.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.bytes().all(|c| c.is_ascii_digit()) => h,
        _ => v,
    }
}

/// Host names after an `@` that follows a user name (`user@db-host:3306`,
/// `alice@example.com`); a Go DSN's `@tcp(` is not one.
pub(in crate::redact) fn at_hosts(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        if at == 0 || !is_host_byte(b[at - 1]) {
            continue;
        }
        let end = run(b, at + 1, is_host_byte);
        let host = s[at + 1..end].trim_end_matches(['.', '-', '_']);
        if !host.is_empty() && b.get(end) != Some(&b'(') {
            out.push(host);
        }
    }
    out
}

/// Byte ranges of the dotted-quad IPv4 addresses anywhere in `s`, inside
/// longer words too (`prod-10.0.0.1.json`), bounded by no digit or dot
/// on either side that would make them a longer number.
pub(in crate::redact) fn ipv4_spans(s: &str) -> Vec<std::ops::Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let end = run(b, i, |c| c.is_ascii_digit() || c == b'.');
        let text = s[i..end].trim_end_matches('.');
        if is_ipv4(text) {
            out.push(i..i + text.len());
        }
        i = end;
    }
    out
}
