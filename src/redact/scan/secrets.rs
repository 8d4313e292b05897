//! Secrets in free text: URL user info, credential schemes (`Bearer X`),
//! secret-looking assignments (`NAME=value`, `"NAME": "value"`), vendor
//! API tokens, DSN passwords and PEM private keys, each masked in place.

use super::{
    MASK, copy_char, ends_credential, ends_value, is_secret_name, is_token_byte, is_word, run,
    word_start,
};

/// Credential schemes whose next word is a credential.
const SCHEMES: [&str; 4] = ["bearer", "basic", "apikey", "digest"];

/// Masks secrets in free text; returns the text and how many were masked.
///
/// - URL user info (`scheme://user:pw@host` → `scheme://REDACTED@host`);
/// - `Bearer X`, `Basic X`, `Apikey X`, `Digest X`;
/// - `NAME=value`, `NAME: value`, `"NAME": "value"` for a secret-looking NAME;
/// - a long opaque word after `token`;
/// - JWTs (`eyJ….….…`) and AWS access key ids (`AKIA…`).
pub(in crate::redact) fn secrets(s: &str) -> (String, usize) {
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
        if b[i] == b'-'
            && b[i..].starts_with(b"-----BEGIN ")
            && let Some(end) = pem_private_key(s, i)
        {
            out.push_str(MASK);
            n += 1;
            i = end;
            continue;
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
        if b.get(word_end) == Some(&b':')
            && let Some(end) = go_dsn_password(b, word_end + 1)
        {
            out.push_str(word);
            out.push(':');
            out.push_str(MASK);
            n += 1;
            i = end;
            continue;
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
                if let Some(q) = close
                    && i < b.len()
                    && b[i] == q
                {
                    out.push(q as char);
                    i += 1;
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
pub(in crate::redact) fn secret_assignment(s: &str) -> Option<usize> {
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
