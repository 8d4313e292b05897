//! The first pass: hosts and phone numbers learnt from the whole document
//! before anything is rewritten, so every place gets the same pseudonym.

use serde_json::Value;

use super::*;

/// `s`, or `s~2`, `s~3`… the first that `taken` does not hold.
pub(super) fn unique(s: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&s) {
        return s;
    }
    (2..)
        .map(|n| format!("{s}~{n}"))
        .find(|c| !taken(c))
        .unwrap_or(s)
}

/// Gathers the document's hosts in order: IPv4 and IPv6 addresses, URL
/// hosts, and the values of host-named fields and `NAME=host` entries.
pub(super) fn collect_hosts(v: &Value, key: Option<&str>, a: &mut Aliases) {
    match v {
        Value::String(s) => {
            if key.is_some_and(is_host_name) {
                add_host(s.trim(), a);
            }
            if let Some((name, value)) = s.split_once('=')
                && is_host_name(name)
            {
                add_host(value.trim(), a);
            }
            text_hosts(s, a);
        }
        Value::Array(items) => items.iter().for_each(|x| collect_hosts(x, key, a)),
        Value::Object(m) => {
            for (k, x) in m {
                // Keys are text too (`"10.0.0.1": …` under a peer map).
                text_hosts(k, a);
                collect_hosts(x, Some(k), a);
            }
        }
        _ => {}
    }
}

/// Gathers the hosts of a text in order: URL hosts, host label values
/// (`host=`, `instance=`, `db=`, …), `user@host`, then every IPv4 and
/// IPv6 address and dotted name that reads as a host name.
pub(super) fn text_hosts(s: &str, a: &mut Aliases) {
    for h in scan::url_hosts(s) {
        add_host(h, a);
    }
    for (name, h) in scan::label_hosts(s, is_host_label) {
        // A database or instance name alone (`db="wa"`) is no host.
        if h.contains(['.', ':']) || is_host_name(name) {
            add_host(h, a);
        }
    }
    for h in scan::at_hosts(s) {
        add_host(h, a);
    }
    scan::map_hosts(s, |w| {
        if scan::is_ipv4(w) || w.contains(':') {
            a.alias(w, false);
        } else if scan::looks_like_host_name(w) {
            add_host(w, a);
        }
        None
    });
    for r in scan::ipv4_spans(s) {
        a.alias(&s[r], false);
    }
}

/// Label names whose value is a host in text (`host=`, `instance=`,
/// `db=`, `server=`, `peer=`, `upstream=`, `addr=`).
pub(super) fn is_host_label(name: &str) -> bool {
    let low = name.to_ascii_lowercase();
    is_host_name(name)
        || [
            "instance", "db", "database", "peer", "upstream", "addr", "address", "endpoint",
        ]
        .contains(&low.as_str())
}

/// Public WhatsApp service names: nothing of the deployment, kept.
pub(super) const PUBLIC_HOSTS: [&str; 6] = [
    "s.whatsapp.net",
    "whatsapp.net",
    "c.us",
    "g.us",
    "wa.me",
    "api.whatsapp.com",
];

pub(super) fn add_host(h: &str, a: &mut Aliases) {
    let h = h.trim_start_matches('[').trim_end_matches(']');
    if PUBLIC_HOSTS.iter().any(|p| h.eq_ignore_ascii_case(p)) {
        return;
    }
    let looks = h.len() >= 2
        && h.bytes().all(|c| scan::is_host_byte(c) || c == b':')
        && h.bytes().any(|c| c.is_ascii_alphabetic() || c == b':')
        && !h.eq_ignore_ascii_case("localhost");
    if looks || scan::is_ipv4(h) {
        a.alias(h, false);
    }
}

/// Learns the phone number a node's `debug_info` holds (`k`: its key).
pub(super) fn know_phone(k: &str, v: &Value, a: &mut Aliases) {
    if k == "debug_info"
        && let Some(s) = v.as_str()
    {
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 6 {
            a.know(digits);
        }
    }
}

/// Collects the phone numbers of every node (`debug_info`) and the
/// customer numbers the document names as such: the values (and keys) under
/// `wa_id`-like fields (see [`is_wa_id_name`]) and, in any text or key,
/// WhatsApp ids (`…@s.whatsapp.net`, `…@g.us`, `wa.me/…`, `wa_id="…"`).
pub(super) fn collect_phones(v: &Value, a: &mut Aliases) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                know_phone(k, v, a);
                collect_phones_at(k, v, a);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_phones(v, a)),
        Value::String(s) => {
            for d in scan::wa_ids(s, is_wa_id_name) {
                a.know(d.to_string());
            }
        }
        _ => {}
    }
}

/// [`collect_phones`] for the value of key `k`, the key included.
pub(super) fn collect_phones_at(k: &str, v: &Value, a: &mut Aliases) {
    for d in scan::wa_ids(k, is_wa_id_name) {
        a.know(d.to_string());
    }
    if is_wa_id_name(k) {
        collect_wa_values(v, a);
    }
    collect_phones(v, a);
}

/// A value under a `wa_id`-like key: a number of 8 to 15 digits (with an
/// optional `+`, as a string or a JSON number), in a list too, or the keys
/// of an object keyed by such numbers.
pub(super) fn collect_wa_values(v: &Value, a: &mut Aliases) {
    let mut take = |s: &str| {
        let d = s.trim().trim_start_matches('+');
        if (8..=15).contains(&d.len()) && d.bytes().all(|c| c.is_ascii_digit()) {
            a.know(d.to_string());
        }
    };
    match v {
        Value::String(s) => take(s),
        Value::Number(n) => take(&n.to_string()),
        Value::Array(items) => items.iter().for_each(|x| collect_wa_values(x, a)),
        Value::Object(m) => m.keys().for_each(|k| take(k)),
        _ => {}
    }
}
