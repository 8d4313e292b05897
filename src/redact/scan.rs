//! Scanners over free text: each reads the string once, left to right, and
//! cuts it only at ASCII bytes, so a multi-byte character is never split.

//!
//! The byte-level helpers they share are here; the scanners live by what
//! they find: `secrets`, `phones` and `hosts`.

use super::{MASK, is_secret_name};

mod hosts;
mod phones;
mod secrets;

pub(super) use hosts::{
    at_hosts, ipv4_spans, ipv6_at, is_ipv4, label_hosts, looks_like_host_name, map_hosts, url_hosts,
};
pub(super) use phones::{ascii_digits, phones, wa_ids};
pub(super) use secrets::{secret_assignment, secrets};

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
