//! Scanners over free text: each reads the string once, left to right, and
//! cuts it only at ASCII bytes, so a multi-byte character is never split.

use super::{MASK, is_secret_name};

/// A byte that may be part of a bare word (names, tokens, host names).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A byte that belongs to a host name or an IPv4 address.
pub(super) fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')
}

/// True when `i` starts a word (nothing word-like before it).
fn word_start(b: &[u8], i: usize) -> bool {
    i == 0 || !is_word(b[i - 1])
}

/// Copies the character that starts at byte `i` of `s` to `out`; returns
/// the index after it.
fn copy_char(s: &str, i: usize, out: &mut String) -> usize {
    let c = s[i..].chars().next().unwrap_or('\u{fffd}');
    out.push(c);
    i + c.len_utf8()
}

/// End of a run of bytes from `i` that satisfy `f` (stops at the first byte
/// that does not, always an ASCII byte or a character's first byte when `f`
/// only accepts ASCII).
fn run(b: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && f(b[i]) {
        i += 1;
    }
    i
}

/// Ends a bare credential: white space, quotes and list separators.
fn ends_credential(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b',' | b';' | b'`')
}

/// Ends a bare value after `NAME=` / `NAME:`.
fn ends_value(b: u8) -> bool {
    ends_credential(b) || matches!(b, b'&' | b'}' | b']' | b')' | b'<' | b'>')
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.+/=~".contains(&b)
}

/// Credential schemes whose next word is a credential.
const SCHEMES: [&str; 4] = ["bearer", "basic", "apikey", "digest"];

/// Masks secrets in free text; returns the text and how many were masked.
///
/// - URL user info (`scheme://user:pw@host` → `scheme://REDACTED@host`);
/// - `Bearer X`, `Basic X`, `Apikey X`, `Digest X`;
/// - `NAME=value`, `NAME: value`, `"NAME": "value"` for a secret-looking NAME;
/// - a long opaque word after `token`;
/// - JWTs (`eyJ….….…`) and AWS access key ids (`AKIA…`).
pub(super) fn secrets(s: &str) -> (String, usize) {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        // URL user info.
        if b[i..].starts_with(b"://") {
            // User info ends at the last `@` before the host's path.
            let auth_end = run(b, i + 3, |c| {
                !(c.is_ascii_whitespace() || b"/?#\"'<>\\`".contains(&c))
            });
            out.push_str("://");
            match s[i + 3..auth_end].rfind('@') {
                Some(at) if at > 0 => {
                    out.push_str(MASK);
                    out.push('@');
                    n += 1;
                    i = i + 3 + at + 1;
                }
                _ => i += 3,
            }
            continue;
        }
        // PEM private keys: the whole block.
        if b[i] == b'-' && b[i..].starts_with(b"-----BEGIN ") {
            if let Some(end) = pem_private_key(s, i) {
                out.push_str(MASK);
                n += 1;
                i = end;
                continue;
            }
        }
        if !(word_start(b, i) && is_word(b[i])) {
            i = copy_char(s, i, &mut out);
            continue;
        }
        // A word runs over non-ASCII letters too (`Passwört`), and is cut
        // only at an ASCII byte.
        let word_end = word_end(s, i);
        let word = &s[i..word_end];
        // Credential schemes.
        if SCHEMES.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            let start = skip_spaces(s, word_end);
            let params = word.eq_ignore_ascii_case("digest") && {
                let e = run(b, start, is_word);
                e > start && b.get(e) == Some(&b'=')
            };
            let end = if params {
                // `Digest username="a", response="…"`: the whole list.
                run(b, start, |c| c != b'\n' && c != b'\r')
            } else {
                run(b, start, |c| !ends_credential(c))
            };
            out.push_str(&s[i..start]);
            if start > word_end && end > start && &s[start..end] != MASK {
                out.push_str(MASK);
                n += 1;
            } else {
                out.push_str(&s[start..end]);
            }
            i = end;
            continue;
        }
        // Vendor tokens (`sk_live_…`, `ghp_…`, `xoxb-…`).
        if let Some(p) = TOKEN_PREFIXES.iter().find(|p| word.starts_with(**p)) {
            let end = run(b, i, |c| is_word(c) || c == b'-');
            if end - i >= p.len() + 6 {
                out.push_str(MASK);
                n += 1;
                i = end;
                continue;
            }
        }
        // Go DSNs: `user:password@tcp(host:port)/db`.
        if b.get(word_end) == Some(&b':') {
            if let Some(end) = go_dsn_password(b, word_end + 1) {
                out.push_str(word);
                out.push(':');
                out.push_str(MASK);
                n += 1;
                i = end;
                continue;
            }
        }
        // JWTs and AWS key ids.
        if word.starts_with("eyJ") {
            let end = run(b, i, |c| c.is_ascii_alphanumeric() || b"-_.".contains(&c));
            if s[i..end].matches('.').count() >= 2 && end - i >= 20 {
                out.push_str(MASK);
                n += 1;
                i = end;
                continue;
            }
        }
        let alnum_end = run(b, i, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if (word.starts_with("AKIA") || word.starts_with("ASIA"))
            && alnum_end - i == 20
            && (alnum_end == b.len() || !is_word(b[alnum_end]))
        {
            out.push_str(MASK);
            n += 1;
            i = alnum_end;
            continue;
        }
        // NAME=value, NAME: value, "NAME": "value".
        if is_secret_name(word) || word.eq_ignore_ascii_case("response") {
            let mut j = word_end;
            if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                j += 1;
            }
            j = skip_spaces(s, j);
            if j < b.len() && (b[j] == b'=' || b[j] == b':') && !b[j..].starts_with(b"://") {
                j = skip_spaces(s, j + 1);
                out.push_str(&s[i..j]);
                let (start, end, close) = match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = run(b, j + 1, |c| c != q);
                        (j + 1, end, Some(q))
                    }
                    _ => (j, run(b, j, |c| !ends_value(c)), None),
                };
                let value = &s[start..end];
                let scheme_next =
                    SCHEMES.iter().any(|w| value.eq_ignore_ascii_case(w)) && close.is_none();
                if scheme_next {
                    // `Authorization: Bearer X`: the scheme rule masks X.
                    i = j;
                    continue;
                }
                if let Some(q) = close {
                    out.push(q as char);
                }
                if !value.is_empty() && value != MASK {
                    out.push_str(MASK);
                    n += 1;
                } else {
                    out.push_str(value);
                }
                i = end;
                if let Some(q) = close {
                    if i < b.len() && b[i] == q {
                        out.push(q as char);
                        i += 1;
                    }
                }
                continue;
            }
            // `token XXXXXXXX…`: a long opaque word after the word token.
            if word.eq_ignore_ascii_case("token") {
                let start = skip_spaces(s, word_end);
                let end = run(b, start, |c| !ends_value(c));
                let opaque = s[start..end]
                    .bytes()
                    .any(|c| !(c.is_ascii_lowercase() || c == b'_' || c == b'-'));
                if start > word_end && end - start >= 16 && opaque {
                    out.push_str(&s[i..start]);
                    out.push_str(MASK);
                    n += 1;
                    i = end;
                    continue;
                }
            }
        }
        out.push_str(word);
        i = word_end;
    }
    // A whole value that is one long opaque token (not plain hex, which is
    // how container ids and hashes look).
    let t = out.trim();
    if t.len() >= 40
        && t.bytes().all(is_token_byte)
        && t.bytes().any(|c| c.is_ascii_digit())
        && t.bytes()
            .any(|c| c.is_ascii_alphabetic() && !c.is_ascii_hexdigit())
    {
        return (MASK.to_string(), n + 1);
    }
    (out, n)
}

/// End of the word from `i`: letters, digits, `_`, `-`, `.` and non-ASCII
/// letters.
fn word_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() {
        if is_word(b[i]) || b[i] == b'-' || b[i] == b'.' {
            i += 1;
        } else if b[i] >= 0x80 {
            match s[i..].chars().next() {
                Some(c) if c.is_alphabetic() => i += c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    i
}

/// Prefixes of vendor API tokens (Stripe, GitHub, GitLab, Slack).
const TOKEN_PREFIXES: [&str; 14] = [
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
];

/// Skips blanks from `i`: ASCII spaces and tabs and Unicode white space
/// (a no-break space after `Apikey`).
fn skip_spaces(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() {
        if b[i] == b' ' || b[i] == b'\t' {
            i += 1;
        } else if b[i] >= 0x80 {
            match s[i..].chars().next() {
                Some(c) if c.is_whitespace() => i += c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    i
}

/// Longest password looked at in a Go DSN.
const DSN_MAX: usize = 256;

/// After `user:` at `i`: the end of the password of a Go DSN
/// (`password@tcp(`, `@unix(`, `@udp(`), if this is one.
fn go_dsn_password(b: &[u8], i: usize) -> Option<usize> {
    let limit = b.len().min(i + DSN_MAX);
    let at = (i..limit).find(|&j| b[j] == b'@' || ends_credential(b[j]))?;
    let rest = &b[at..];
    (b[at] == b'@'
        && at > i
        && (rest.starts_with(b"@tcp(")
            || rest.starts_with(b"@unix(")
            || rest.starts_with(b"@udp(")))
    .then_some(at)
}

/// A `-----BEGIN … PRIVATE KEY-----` block from `i`: its end (after the
/// END line, or the end of the text when it has none).
fn pem_private_key(s: &str, i: usize) -> Option<usize> {
    let head_end = i + 11 + s[i + 11..].find("-----")?;
    if !s[i..head_end].contains("PRIVATE KEY") {
        return None;
    }
    let body = head_end + 5;
    Some(match s[body..].find("-----END ") {
        Some(e) => {
            let from = body + e + 9;
            match s[from..].find("-----") {
                Some(x) => from + x + 5,
                None => s.len(),
            }
        }
        None => s.len(),
    })
}

/// `NAME=value` as a whole string (an environment entry, an argument):
/// the name when it looks like a secret's, with the byte index of the value.
pub(super) fn secret_assignment(s: &str) -> Option<usize> {
    let (name, value) = s.split_once('=')?;
    let bare = name.trim().trim_start_matches('-');
    (!bare.is_empty()
        && bare
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"_.-".contains(&c))
        && is_secret_name(bare)
        && !value.is_empty()
        && value != MASK)
        .then_some(name.len() + 1)
}

/// A phone number found in text: byte range and its digits (without a
/// leading `00`).
pub(super) struct PhoneAt {
    pub start: usize,
    pub end: usize,
}

/// Finds the phone-like spans of `s`: international numbers written with
/// `+` or `00` and spaces, dashes, dots or brackets between digit groups
/// (`+49 151 12345678`, `0049-151-12345678`, `+1 (555) 000-2222`), North
/// American numbers in brackets (`(555) 000-1111`), digit groups that
/// `grouped(digits)` says are a known number (`0151 12345678`,
/// `49 151 12345678`), and bare digit runs for which `bare(digits)` says yes.
pub(super) fn phones(
    s: &str,
    bare: impl Fn(&str) -> bool,
    grouped: impl Fn(&str) -> bool,
) -> Vec<PhoneAt> {
    let b = s.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'+');
        let intl = boundary
            && ((b[i] == b'+' && b.get(i + 1).is_some_and(|c| (b'1'..=b'9').contains(c)))
                || (b[i..].starts_with(b"00")
                    && b.get(i + 2).is_some_and(|c| (b'1'..=b'9').contains(c))));
        if intl {
            let from = if b[i] == b'+' { i + 1 } else { i + 2 };
            // The longest run of groups with 8 to 15 digits.
            let mut best = None;
            digit_groups(b, from, |d, end| {
                let after_ok = end == b.len() || !b[end].is_ascii_alphanumeric();
                // Zone 1 (North America): always ten digits after the 1.
                let zone1 = d.starts_with('1');
                if (8..=15).contains(&d.len()) && (!zone1 || d.len() == 11) && after_ok {
                    best = Some(end);
                }
            });
            if let Some(end) = best {
                found.push(PhoneAt { start: i, end });
                i = end;
                continue;
            }
        }
        if boundary && b[i] == b'(' {
            if let Some(end) = nanp_at(b, i) {
                found.push(PhoneAt { start: i, end });
                i = end;
                continue;
            }
        }
        if b[i].is_ascii_digit() {
            let run_end = run(b, i, |c| c.is_ascii_digit());
            if boundary {
                // The longest run of groups that is a known number.
                let mut best = None;
                digit_groups(b, i, |d, end| {
                    let after_ok = end == b.len() || !b[end].is_ascii_alphanumeric();
                    if end > run_end && after_ok && grouped(d) {
                        best = Some(end);
                    }
                });
                if let Some(end) = best {
                    found.push(PhoneAt { start: i, end });
                    i = end;
                    continue;
                }
            }
            if bare(&s[i..run_end]) {
                found.push(PhoneAt {
                    start: i,
                    end: run_end,
                });
            }
            i = run_end;
            continue;
        }
        i += 1;
    }
    found
}

/// Most digits looked at in one number.
const PHONE_MAX: usize = 20;

/// Digit groups from `i`, separated by up to three of ` -./()`:
/// `each(digits so far, end)` is called after every group.
fn digit_groups(b: &[u8], i: usize, mut each: impl FnMut(&str, usize)) {
    let mut digits = String::new();
    let mut j = i;
    while j < b.len() && digits.len() <= PHONE_MAX {
        if b[j].is_ascii_digit() {
            let e = run(b, j, |c| c.is_ascii_digit());
            digits.extend(b[j..e].iter().map(|&c| c as char));
            j = e;
            each(&digits, e);
            continue;
        }
        let sep = run(b, j, |c| b" -./()".contains(&c));
        let next_digit = b.get(sep).is_some_and(u8::is_ascii_digit);
        if sep > j && sep - j <= 3 && next_digit && (!digits.is_empty() || b[j] == b'(') {
            j = sep;
        } else {
            break;
        }
    }
}

/// `(555) 000-1111` or `(555)000-1111` from `i` (at the bracket): its end.
fn nanp_at(b: &[u8], i: usize) -> Option<usize> {
    let digits = |from: usize, n: usize| {
        (from + n <= b.len() && b[from..from + n].iter().all(u8::is_ascii_digit))
            .then_some(from + n)
    };
    let j = digits(i + 1, 3)?;
    if b.get(j) != Some(&b')') {
        return None;
    }
    let j = if b.get(j + 1) == Some(&b' ') {
        j + 2
    } else {
        j + 1
    };
    let j = digits(j, 3)?;
    if !matches!(b.get(j), Some(b'-' | b'.' | b' ')) {
        return None;
    }
    let end = digits(j + 1, 4)?;
    (end == b.len() || !b[end].is_ascii_alphanumeric()).then_some(end)
}

/// Digits that are not ASCII (full-width, Arabic-Indic, the full-width
/// plus) as ASCII, when `s` has any; phone numbers are looked for in that.
pub(super) fn ascii_digits(s: &str) -> Option<String> {
    let map = |c: char| match c {
        '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xff10 + '0' as u32),
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
        '\u{06f0}'..='\u{06f9}' => char::from_u32(c as u32 - 0x06f0 + '0' as u32),
        '\u{ff0b}' => Some('+'),
        _ => None,
    };
    if !s.chars().any(|c| map(c).is_some()) {
        return None;
    }
    Some(s.chars().map(|c| map(c).unwrap_or(c)).collect())
}

/// Calls `f` on every host-like word of `s` (IPv6 addresses included) and
/// puts its answer (or the word) in the output.
pub(super) fn map_hosts(s: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
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
pub(super) fn ipv6_at(b: &[u8], i: usize) -> Option<usize> {
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
pub(super) fn is_ipv4(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// The host of every URL in `s` (after `://` and any user info).
pub(super) fn url_hosts(s: &str) -> Vec<&str> {
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
