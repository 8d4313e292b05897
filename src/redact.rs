//! Redaction of an answer before it leaves the machine.
//!
//! Works on the JSON value, before the model is built, so every output form
//! (tables, reports, JSON) shows the same masked data and the JSON keeps
//! its structure. What it masks:
//! - the business phone number (`debug_info`): the country code and the
//!   last two digits are kept, and the same digits are masked wherever else
//!   they appear (container names often carry the number);
//! - the value of every environment entry or field whose name suggests a
//!   secret (PASSWORD, PASS, SECRET, TOKEN, KEY, CREDENTIAL);
//! - anything that looks like a bearer token or a JWT;
//! - with host redaction, the hosts of node names, the target host, and IP
//!   addresses, replaced by stable aliases (`node-1`, `host-1`, …).

use serde_json::{Map, Value};

/// What to redact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RedactOptions {
    pub hosts: bool,
}

/// The mask put in place of secret values.
pub const MASK: &str = "REDACTED";

/// Host aliases given out, in order.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    pairs: Vec<(String, String)>,
    nodes: usize,
    others: usize,
}

impl Aliases {
    /// The alias of `host`, given out on first sight.
    fn alias(&mut self, host: &str, is_node: bool) -> String {
        if let Some((_, a)) = self.pairs.iter().find(|(h, _)| h == host) {
            return a.clone();
        }
        let a = if is_node {
            self.nodes += 1;
            format!("node-{}", self.nodes)
        } else {
            self.others += 1;
            format!("host-{}", self.others)
        };
        self.pairs.push((host.to_string(), a.clone()));
        a
    }

    /// Replaces every known host in `s` by its alias (longest first).
    pub fn apply(&self, s: &str) -> String {
        let mut pairs: Vec<&(String, String)> = self.pairs.iter().collect();
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        let mut out = s.to_string();
        for (h, a) in pairs {
            if !h.is_empty() {
                out = out.replace(h.as_str(), a);
            }
        }
        out
    }

    /// The alias of `host`, or `host` itself when it has none.
    pub fn get(&self, host: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(h, _)| h == host)
            .map(|(_, a)| a.as_str())
    }
}

/// True when a name suggests that its value is a secret.
pub fn is_secret_name(name: &str) -> bool {
    let up = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASS",
        "SECRET",
        "TOKEN",
        "KEY",
        "CREDENTIAL",
        "PWD",
        "AUTH",
    ]
    .iter()
    .any(|w| up.contains(w))
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

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.+/=~".contains(c)
}

/// Masks tokens inside free text: `Bearer xxx`, JWTs, and a whole value
/// that is one long opaque token.
pub fn mask_tokens(s: &str) -> String {
    let mut out = s.to_string();
    // "Bearer <token>" / "Basic <token>"
    for scheme in [
        "Bearer ", "bearer ", "Basic ", "basic ", "Apikey ", "apikey ",
    ] {
        let mut from = 0;
        while let Some(pos) = out[from..].find(scheme) {
            let start = from + pos + scheme.len();
            // A credential runs to the next space or quote, whatever it holds.
            let end = out[start..]
                .find(|c: char| c.is_whitespace() || "\"',;".contains(c))
                .map(|e| start + e)
                .unwrap_or(out.len());
            if end > start && &out[start..end] != MASK {
                out.replace_range(start..end, MASK);
            }
            from = start + MASK.len().min(out.len() - start);
        }
    }
    // JWTs: eyJ….….…
    let mut from = 0;
    while let Some(pos) = out[from..].find("eyJ") {
        let start = from + pos;
        let end = out[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
            .map(|e| start + e)
            .unwrap_or(out.len());
        if out[start..end].matches('.').count() >= 2 && end - start >= 20 {
            out.replace_range(start..end, MASK);
            from = start + MASK.len();
        } else {
            from = start + 3;
        }
    }
    // A whole value that is one long opaque token (not plain hex, which is
    // how container ids and hashes look).
    let t = out.trim();
    if t.len() >= 40
        && t.chars().all(is_token_char)
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .any(|c| c.is_ascii_alphabetic() && !c.is_ascii_hexdigit())
    {
        return MASK.to_string();
    }
    out
}

/// Finds IPv4 addresses in `s`.
fn ipv4s(s: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in s.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        let parts: Vec<&str> = word.split('.').collect();
        if parts.len() == 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
        {
            found.push(word.to_string());
        }
    }
    found
}

/// The redactor's state over one document.
struct Redactor {
    opts: RedactOptions,
    /// Phone digit runs to mask wherever they appear, with their masks.
    phones: Vec<(String, String)>,
    aliases: Aliases,
}

impl Redactor {
    fn text(&mut self, s: &str) -> String {
        let mut out = s.to_string();
        for (digits, masked) in &self.phones {
            if out.contains(digits.as_str()) {
                out = out.replace(digits.as_str(), masked);
            }
        }
        out = mask_tokens(&out);
        if self.opts.hosts {
            for ip in ipv4s(&out) {
                self.aliases.alias(&ip, false);
            }
            out = self.aliases.apply(&out);
        }
        out
    }

    fn value(&mut self, v: &mut Value, key: Option<&str>) {
        match v {
            Value::String(s) => {
                if key.is_some_and(is_secret_name) && !s.is_empty() {
                    *s = MASK.to_string();
                } else if key == Some("debug_info")
                    && s.chars().filter(char::is_ascii_digit).count() >= 5
                {
                    *s = mask_phone(s);
                } else {
                    *s = self.text(s);
                }
            }
            Value::Number(_) | Value::Bool(_) if key.is_some_and(is_secret_name) => {
                *v = Value::String(MASK.to_string());
            }
            Value::Array(items) => {
                let env = key == Some("env");
                for item in items {
                    match item {
                        Value::String(s) if env => *s = self.env_entry(s),
                        _ => self.value(item, None),
                    }
                }
            }
            Value::Object(m) => self.object(m),
            _ => {}
        }
    }

    /// `NAME=value`: keep the name, mask a secret value.
    fn env_entry(&mut self, s: &str) -> String {
        match s.split_once('=') {
            Some((name, value)) if is_secret_name(name) && !value.is_empty() => {
                format!("{}={MASK}", self.text(name))
            }
            _ => self.text(s),
        }
    }

    fn object(&mut self, m: &mut Map<String, Value>) {
        // {"name": "DB_PASSWORD", "value": "…"} entries.
        let named_secret = m
            .get("name")
            .or_else(|| m.get("key"))
            .and_then(Value::as_str)
            .is_some_and(is_secret_name);
        let old = std::mem::take(m);
        for (k, mut v) in old {
            let k2 = self.text(&k);
            if named_secret && k == "value" && !v.is_null() {
                v = Value::String(MASK.to_string());
            } else {
                self.value(&mut v, Some(&k));
            }
            m.insert(k2, v);
        }
    }
}

/// Collects the phone numbers of every node (`debug_info`).
fn collect_phones(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "debug_info" {
                    if let Some(s) = v.as_str() {
                        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                        if digits.len() >= 6 && !out.iter().any(|(d, _)| *d == digits) {
                            out.push((digits.clone(), mask_phone(&digits)));
                        }
                    }
                }
                collect_phones(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_phones(v, out)),
        _ => {}
    }
}

/// Redacts an answer in place; returns the host aliases given out, so the
/// caller can alias the target host and node names the same way.
/// `extra_hosts` (e.g. the URL's host) are aliased too.
pub fn redact(v: &mut Value, opts: RedactOptions, extra_hosts: &[&str]) -> Aliases {
    let mut phones = Vec::new();
    collect_phones(v, &mut phones);
    let mut r = Redactor {
        opts,
        phones,
        aliases: Aliases::default(),
    };
    if opts.hosts {
        // Node hosts first, in document order, so they become node-1, node-2…
        if let Some(Value::Object(support)) = v.get("support") {
            let keys: Vec<String> = support.keys().cloned().collect();
            if crate::model::is_multi_connect(support) {
                for k in keys {
                    let host = k.rsplit_once(':').map(|(h, _)| h).unwrap_or(&k).to_string();
                    if !host.is_empty() {
                        r.aliases.alias(&host, true);
                    }
                }
            }
        }
        for h in extra_hosts {
            let host = h.rsplit_once(':').map(|(h, _)| h).unwrap_or(h);
            if !host.is_empty() {
                r.aliases.alias(host, true);
            }
        }
    }
    mask_key_digits(v);
    r.value(v, None);
    r.aliases
}

/// Node names (`host:container`) often carry the business number in the
/// container name: runs of 8 or more digits there are masked as phones.
fn mask_key_digits(v: &mut Value) {
    let Some(Value::Object(support)) = v.get_mut("support") else {
        return;
    };
    if !crate::model::is_multi_connect(support) {
        return;
    }
    let old = std::mem::take(support);
    for (k, val) in old {
        support.insert(mask_digit_runs(&k, 8), val);
    }
}

/// Masks every run of at least `min` digits in `s` as a phone number.
pub fn mask_digit_runs(s: &str, min: usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= min {
            out.push_str(&mask_phone(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests;
