//! Redaction of an answer before it leaves the machine.
//!
//! Works on the JSON value, before the model is built, so every output form
//! (tables, reports, JSON) shows the same masked data and the JSON keeps
//! its structure. What it masks:
//! - phone numbers: the business number (`debug_info`) keeps its country
//!   code and last two digits, and the same digits are masked wherever else
//!   they appear (container names often carry the number); numbers written
//!   as `+49 151 12345678` or `0049-151-…` anywhere in text;
//! - secrets: the value of every field, list or `NAME=value` / `NAME: value`
//!   whose name suggests a secret (PASSWORD, SECRET, TOKEN, KEY, CRED, …),
//!   wherever it appears, numbers and booleans included; user info in URLs;
//!   `Bearer`/`Basic`/`Apikey` credentials, JWTs, AWS key ids and long
//!   opaque tokens;
//! - with host redaction, whole host names (node hosts, the target, URL and
//!   database hosts, IPv4 and IPv6 addresses), replaced by stable aliases
//!   (`node-1`, `host-1`, …).
//!
//! The verdict never depends on redaction: the fields diagnosis reads
//! ([`VERDICT_FIELDS`], error codes, `meta`) are never rewritten, and node
//! names get distinct pseudonyms, so the redacted answer has the same nodes
//! and the same findings as the original. Every scanner reads a string
//! once and cuts only at ASCII bytes: linear, and never inside a character.

use serde_json::Value;

mod aliases;
mod collect;
mod scan;
mod stream;
mod walk;

pub use aliases::Aliases;
use collect::*;
use walk::*;

pub use stream::{ReadAnswer, read_answer};

/// What to redact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RedactOptions {
    pub hosts: bool,
}

/// The mask put in place of secret values.
pub const MASK: &str = "REDACTED";

/// Node fields whose values decide the verdict: never rewritten.
pub const VERDICT_FIELDS: [&str; 17] = [
    "role",
    "socket_conn",
    "shards",
    "version",
    "description",
    "expire_timestamp",
    "device_iso8601",
    "free_space_data",
    "free_space_logs",
    "free_space_media_incoming",
    "free_space_media_outgoing",
    "schema",
    "lc",
    "lg",
    "multi_connect",
    "db_engine",
    "e2e",
];

/// How many things were masked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct phone numbers.
    pub phones: usize,
    /// Secret values masked (each occurrence).
    pub secrets: usize,
    /// Distinct hosts aliased.
    pub hosts: usize,
}

/// Verdict fields that hold numbers: a string there that is not one is
/// unreadable, and masked like any text.
const NUMERIC_FIELDS: [&str; 7] = [
    "free_space_data",
    "free_space_logs",
    "free_space_media_incoming",
    "free_space_media_outgoing",
    "multi_connect",
    "shard",
    "table",
];

/// True when diagnosis reads `value` of `field` as something it knows:
/// such a value stays as sent.
fn recognised(field: &str, value: &str) -> bool {
    let v = value.trim();
    match field {
        "role" => ["primary_master", "secondary_master", "coreapp"]
            .iter()
            .any(|r| v.eq_ignore_ascii_case(r)),
        "socket_conn" => {
            let norm = v.split_whitespace().collect::<Vec<_>>().join(" ");
            [
                "UP",
                "DN",
                "DOWN",
                "SC",
                "UP RECEIVING OFFLINE",
                "UNK",
                "UNKNOWN",
            ]
            .iter()
            .any(|r| norm.eq_ignore_ascii_case(r))
        }
        "expire_timestamp" | "device_iso8601" | "identity_timestamp" => {
            crate::diagnose::expiry::parse_time(v).is_some()
        }
        "multi_connect" => v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"),
        _ if NUMERIC_FIELDS.contains(&field) => {
            v.parse::<i64>().is_ok() || v.parse::<u64>().is_ok()
        }
        _ => false,
    }
}

/// True when a name suggests that its value is a secret.
pub fn is_secret_name(name: &str) -> bool {
    let up = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "PASS",
        "SECRET",
        "TOKEN",
        "KEY",
        "CRED",
        "PWD",
        "AUTH",
        "SIGNATURE",
        "PRIVATE",
    ]
    .iter()
    .any(|w| up.contains(w))
}

/// True when a name suggests that its value is a host name.
fn is_host_name(name: &str) -> bool {
    let up = name.to_ascii_uppercase();
    ["HOST", "SERVERNAME", "SERVER"]
        .iter()
        .any(|w| up.contains(w))
}

/// True when a name says its value is a customer's WhatsApp id or phone
/// number (`wa_id`, `phone`, `msisdn`, `recipient_id`, `from`, `to`, …).
fn is_wa_id_name(name: &str) -> bool {
    let low = name.to_ascii_lowercase();
    ["wa_id", "waid", "phone", "msisdn", "recipient", "contact"]
        .iter()
        .any(|w| low.contains(w))
        || ["from", "to", "sender", "chat_id", "jid", "customer"].contains(&low.as_str())
}

/// True when `s` is, or holds, an IPv4 or IPv6 address or a name that
/// reads as a host name (`wa-staging.internal`, `prod-10.0.0.1`): a name
/// made from it gives the host away.
pub fn looks_like_host(s: &str) -> bool {
    let mut found = false;
    scan::map_hosts(s, |w| {
        found |= scan::is_ipv4(w) || w.contains(':') || scan::looks_like_host_name(w);
        None
    });
    found || !scan::ipv4_spans(s).is_empty()
}

/// The character put in place of a hidden digit.
pub const HIDDEN_DIGIT: char = '•';

/// Masks a phone number: `+4915112345678` becomes `+49•••••••••78`.
///
/// ```
/// assert_eq!(wa_support::redact::mask_phone("+15550001111"), "+1••••••••11");
/// ```
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 5 {
        return phone
            .chars()
            .map(|c| if c.is_ascii_digit() { '*' } else { c })
            .collect();
    }
    let cc = country_code_len(&digits);
    let keep_end = 2;
    let mut i = 0;
    phone
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                let pos = i;
                i += 1;
                if pos < cc || pos >= digits.len() - keep_end {
                    c
                } else {
                    HIDDEN_DIGIT
                }
            } else {
                c
            }
        })
        .collect()
}

/// Length of the ITU calling code at the start of `digits`: zones 1 and 7
/// have one digit, the listed codes two, all others three.
fn country_code_len(d: &[char]) -> usize {
    const TWO: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    match d.first() {
        Some('1') | Some('7') => 1,
        _ => {
            let two: String = d.iter().take(2).collect();
            if TWO.contains(&two.as_str()) { 2 } else { 3 }
        }
    }
}

/// Masks secrets inside free text: URL user info, `Bearer xxx`, secret
/// `NAME=value` pairs, JWTs, AWS key ids, and a whole value that is one
/// long opaque token.
pub fn mask_tokens(s: &str) -> String {
    scan::secrets(s).0
}

/// Redacts an answer in place; returns the aliases and pseudonyms given
/// out and what was masked, so the caller can redact the target and node
/// names the same way and summarize. `extra_hosts` (e.g. the URL's
/// `host:port`) are aliased too.
pub fn redact(v: &mut Value, opts: RedactOptions, extra_hosts: &[&str]) -> Aliases {
    let mut a = Aliases {
        opts,
        ..Aliases::default()
    };
    collect_phones(v, &mut a);
    if opts.hosts {
        // Node hosts first, in document order, so they become node-1, node-2…
        node_hosts(v.get("support"), false, &mut a);
        extra(extra_hosts, &mut a);
        collect_hosts(v, None, &mut a);
    }
    let mut r = Redactor { a, health: false };
    r.top(v);
    r.a
}

/// Aliases the hosts of a multi-node answer's `host:container` keys
/// (`support`, or with `health` a `/v1/health` per-node map).
fn node_hosts(nodes: Option<&Value>, health: bool, a: &mut Aliases) {
    let Some(Value::Object(m)) = nodes else {
        return;
    };
    let multi = if health {
        crate::health::is_multi_node(m)
    } else {
        crate::model::is_multi_connect(m)
    };
    if multi {
        key_hosts(m.keys().map(String::as_str), a);
    }
}

/// Aliases the host part of each `host:container` node key, in order.
fn key_hosts<'k>(keys: impl Iterator<Item = &'k str>, a: &mut Aliases) {
    for k in keys {
        let host = split_node(k).0;
        if !host.is_empty() {
            a.alias(host, true);
        }
    }
}

/// Aliases hosts the caller names (`host:port` loses its port).
fn extra(extra_hosts: &[&str], a: &mut Aliases) {
    for h in extra_hosts {
        let host = h.rsplit_once(':').map(|(h, _)| h).unwrap_or(h);
        if !host.is_empty() {
            a.alias(host, true);
        }
    }
}

/// Redacts several documents of one deployment in place with one shared
/// state, and returns it: the same phone number, secret or host gets the
/// same pseudonym in every document, and `host:container` node names get
/// the same one under `/v1/support`'s `support` and `/v1/health`'s
/// `health`. Phone numbers and hosts are gathered from every document
/// before any is rewritten; `extra_hosts` are as for [`redact`].
///
/// A document is any JSON answer (`/v1/support`, `/v1/health`,
/// `/v1/stats/app`, …); a `/v1/support` answer alone is redacted exactly
/// as [`redact`] does. Plain text from the same deployment (metrics, an
/// error message) is redacted with the returned state:
/// [`Aliases::redact_text`], or [`Aliases::apply`] for a name.
///
/// ```
/// use serde_json::json;
/// use wa_support::redact::{RedactOptions, redact_all};
/// let mut support = json!({"support": {"10.0.0.1:wa-core-1": {"debug_info": "+4915112345678"}}});
/// let mut health = json!({"health": {"10.0.0.1:wa-core-1": {"gateway_status": "connected"}}});
/// let mut a = redact_all(&mut [&mut support, &mut health], RedactOptions { hosts: true }, &[]);
/// assert!(support["support"].get("node-1:wa-core-1").is_some());
/// assert!(health["health"].get("node-1:wa-core-1").is_some());
/// assert_eq!(a.redact_text("wa_up{node=\"10.0.0.1\"} 1"), "wa_up{node=\"node-1\"} 1");
/// ```
pub fn redact_all(docs: &mut [&mut Value], opts: RedactOptions, extra_hosts: &[&str]) -> Aliases {
    let mut a = Aliases {
        opts,
        ..Aliases::default()
    };
    for v in docs.iter() {
        collect_phones(v, &mut a);
    }
    if opts.hosts {
        for v in docs.iter() {
            node_hosts(v.get("support"), false, &mut a);
            node_hosts(v.get("health"), true, &mut a);
        }
        extra(extra_hosts, &mut a);
        for v in docs.iter() {
            collect_hosts(v, None, &mut a);
        }
    }
    let mut r = Redactor { a, health: true };
    for v in docs.iter_mut() {
        r.top(v);
    }
    r.a
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod shared_tests;
