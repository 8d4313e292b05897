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

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

mod scan;
mod stream;

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

/// The redaction of one document: host aliases and phone pseudonyms given
/// out, and what was masked. The same input always gets the same
/// pseudonym, and two different inputs never share one.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    opts: RedactOptions,
    hosts: HashMap<String, String>,
    nodes: usize,
    others: usize,
    /// Phone digits (without `+`/`00`) → their number among the phones
    /// that mask alike (1 for the first).
    phones: HashMap<String, usize>,
    /// Masked digit pattern → how many phones share it.
    phone_masks: HashMap<String, usize>,
    /// Phone digits to mask wherever they appear.
    known: HashSet<String>,
    /// Other ways to write a known number (without the country code, with
    /// a trunk `0`) → the number.
    forms: HashMap<String, String>,
    /// Verdict values with a secret shape → their number (`REDACTED-1`).
    opaque: HashMap<String, usize>,
    secrets: usize,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Aliases {
    /// The alias of `host`, given out on first sight.
    fn alias(&mut self, host: &str, is_node: bool) -> String {
        if let Some(a) = self.hosts.get(host) {
            return a.clone();
        }
        let a = if is_node {
            self.nodes += 1;
            format!("node-{}", self.nodes)
        } else {
            self.others += 1;
            format!("host-{}", self.others)
        };
        self.hosts.insert(host.to_string(), a.clone());
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if bare != host {
            self.hosts.insert(bare.to_string(), a.clone());
        }
        a
    }

    /// Masks the digits of a phone number wherever they appear, also
    /// written without the country code or with a trunk `0`.
    fn know(&mut self, digits: String) {
        let d: Vec<char> = digits.chars().collect();
        let national: String = d[country_code_len(&d).min(d.len())..].iter().collect();
        if national.len() >= 7 {
            self.forms.insert(format!("0{national}"), digits.clone());
            self.forms.insert(national, digits.clone());
        }
        self.known.insert(digits);
    }

    /// `REDACTED-n`, the same `n` for the same value and a new one for
    /// each new value.
    fn opaque(&mut self, value: &str) -> String {
        let next = self.opaque.len() + 1;
        let n = *self.opaque.entry(value.to_string()).or_insert(next);
        format!("{MASK}-{n}")
    }

    /// The alias of `host`, if it has one.
    pub fn get(&self, host: &str) -> Option<&str> {
        self.hosts.get(host).map(String::as_str)
    }

    /// What was masked, by kind.
    pub fn counts(&self) -> Counts {
        Counts {
            phones: self.phones.len(),
            secrets: self.secrets,
            hosts: self.nodes + self.others,
        }
    }

    /// One line for the top of a report:
    /// `Redacted: 1 phone number, 4 secrets, 6 hosts`.
    pub fn summary(&self) -> String {
        let c = self.counts();
        let mut parts = vec![
            plural(c.phones, "phone number", "phone numbers"),
            plural(c.secrets, "secret", "secrets"),
        ];
        if self.opts.hosts {
            parts.push(plural(c.hosts, "host", "hosts"));
        }
        format!("Redacted: {}", parts.join(", "))
    }

    /// The pseudonym of a phone number as written (`+49 151 …`, `0049-…`,
    /// bare digits); `register` gives out a new one on first sight.
    fn phone(&mut self, written: &str, register: bool) -> String {
        let (prefix, rest) = match written.strip_prefix("00") {
            Some(r) => ("00", r),
            None => ("", written),
        };
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let digits = self.forms.get(&digits).cloned().unwrap_or(digits);
        let masked = format!("{prefix}{}", mask_phone(rest));
        let n = match self.phones.get(&digits) {
            Some(n) => *n,
            None if register => {
                let pattern = mask_phone(&digits);
                let n = self.phone_masks.entry(pattern).or_insert(0);
                *n += 1;
                let n = *n;
                self.phones.insert(digits.clone(), n);
                self.know(digits);
                n
            }
            None => 1,
        };
        if n > 1 {
            format!("{masked}~{n}")
        } else {
            masked
        }
    }

    /// Masks phone numbers in `s`; `bare_runs` also takes runs of 11 to 15
    /// digits for numbers (in node and file names).
    fn phones_in(&mut self, s: &str, bare_runs: bool, register: bool) -> String {
        let (known, forms) = (&self.known, &self.forms);
        let find = |s: &str| {
            scan::phones(
                s,
                |d| {
                    known.contains(d)
                        || forms.contains_key(d)
                        || (bare_runs && (11..=15).contains(&d.len()))
                        || (known.len() <= 8 && known.iter().any(|k| d.contains(k.as_str())))
                },
                |d| known.contains(d) || forms.contains_key(d),
            )
        };
        let mut spans = find(s);
        // Full-width or Arabic-Indic digits: looked for as ASCII digits.
        let ascii = match scan::ascii_digits(s) {
            Some(a) if spans.is_empty() => {
                spans = find(&a);
                Some(a)
            }
            _ => None,
        };
        if spans.is_empty() {
            return s.to_string();
        }
        let s = ascii.as_deref().unwrap_or(s);
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for p in spans {
            out.push_str(&s[last..p.start]);
            out.push_str(&self.phone(&s[p.start..p.end], register));
            last = p.end;
        }
        out.push_str(&s[last..]);
        out
    }

    /// Replaces whole host names in `s` by their aliases.
    fn hosts_in(&self, s: &str) -> String {
        if self.hosts.is_empty() {
            return s.to_string();
        }
        scan::map_hosts(s, |w| self.hosts.get(w).cloned())
    }

    /// Redacts a stand-alone string (the target, a file name, a node name
    /// given by the caller) as the document was: phone numbers, secrets,
    /// and with host redaction the hosts, also inside file names
    /// (`ticket-wa1-…json`).
    pub fn apply(&self, s: &str) -> String {
        let mut me = self.clone();
        me.learn_text(s);
        let s = me.phones_in(s, true, false);
        let (s, _) = scan::secrets(&s);
        if !self.opts.hosts {
            return s;
        }
        let s = me.hosts_in(&s);
        me.ipv4_inside_words(&me.hosts_inside_words(&s))
    }

    /// Known IPv4 addresses left inside longer words
    /// (`prod-10.0.0.1.json`) replaced by their aliases.
    fn ipv4_inside_words(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for r in scan::ipv4_spans(s) {
            if let Some(a) = self.hosts.get(&s[r.clone()]) {
                out.push_str(&s[last..r.start]);
                out.push_str(a);
                last = r.end;
            }
        }
        out.push_str(&s[last..]);
        out
    }

    /// Gathers from plain text what redaction must know before it
    /// rewrites anything: the customer numbers the text names as such
    /// (see [`collect_phones`]) and, with host redaction, its addresses
    /// and host names (see [`text_hosts`]). [`Aliases::redact_text`] does
    /// this itself; call it on every text first when several are
    /// redacted, so a number or host named in the last is masked in the
    /// first too.
    pub fn learn_text(&mut self, s: &str) {
        for d in scan::wa_ids(s, is_wa_id_name) {
            self.know(d.to_string());
        }
        if self.opts.hosts {
            text_hosts(s, self);
        }
    }

    /// Redacts plain text of the deployment (a `/metrics` page, a stats
    /// body that is not JSON, an error message) with this state: known
    /// phone numbers and written ones (`+49 151 …`), secrets (counted in
    /// the summary), and with host redaction every IPv4 and IPv6 address
    /// and the host names of URLs, host labels (`host=`, `instance=`,
    /// `db=`), `user@host` and dotted names that read as host names. A
    /// customer number the text names (`…@s.whatsapp.net`, `wa.me/…`,
    /// `wa_id="…"`) is masked wherever it appears. Unlike
    /// [`Aliases::apply`], a bare run of digits is not taken for a phone
    /// number unless it is a known one (metrics are full of long numbers).
    pub fn redact_text(&mut self, s: &str) -> String {
        self.learn_text(s);
        let out = self.phones_in(s, false, false);
        let (out, n) = scan::secrets(&out);
        self.secrets += n;
        if self.opts.hosts {
            self.ipv4_inside_words(&self.hosts_in(&out))
        } else {
            out
        }
    }

    /// Redacts one more document of the same deployment with this state
    /// (as [`redact_all`] would have with it among its documents): what
    /// was already given a pseudonym keeps it, and what is new gets the
    /// next one. For a `/v1/health` answer read after its `/v1/support`.
    pub fn redact_more(&mut self, v: &mut Value) {
        collect_phones(v, self);
        if self.opts.hosts {
            node_hosts(v.get("support"), false, self);
            node_hosts(v.get("health"), true, self);
            collect_hosts(v, None, self);
        }
        let mut r = Redactor {
            a: std::mem::take(self),
            health: true,
        };
        r.top(v);
        *self = r.a;
    }

    /// The options this state redacts with.
    pub fn options(&self) -> RedactOptions {
        self.opts
    }

    /// Host names inside longer words, bounded by anything but a letter or
    /// digit (file names); longest first, one pass over the original.
    fn hosts_inside_words(&self, s: &str) -> String {
        let mut hosts: Vec<(&String, &String)> =
            self.hosts.iter().filter(|(h, _)| h.len() >= 3).collect();
        hosts.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        let b = s.as_bytes();
        let mut spans: Vec<(usize, usize, &str)> = Vec::new();
        for (h, a) in hosts {
            for (at, _) in s.match_indices(h.as_str()) {
                let end = at + h.len();
                let bounded = (at == 0 || !b[at - 1].is_ascii_alphanumeric())
                    && (end == b.len() || !b[end].is_ascii_alphanumeric());
                if bounded && !spans.iter().any(|&(x, y, _)| at < y && x < end) {
                    spans.push((at, end, a.as_str()));
                }
            }
        }
        spans.sort();
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for (x, y, a) in spans {
            out.push_str(&s[last..x]);
            out.push_str(a);
            last = y;
        }
        out.push_str(&s[last..]);
        out
    }
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

/// The redactor's walk over one document.
struct Redactor {
    a: Aliases,
    /// A top-level `health` is a `/v1/health` answer: its node names are
    /// redacted like `support`'s (only in [`redact_all`]).
    health: bool,
}

impl Redactor {
    fn text(&mut self, s: &str) -> String {
        let out = self.phones_and_secrets(s);
        if self.a.opts.hosts {
            self.a.ipv4_inside_words(&self.a.hosts_in(&out))
        } else {
            out
        }
    }

    /// Whether a value diagnosis reads holds a phone number or a secret.
    /// Host names do not count: a version or engine that happens to equal
    /// a host name stays, since masking one node's `2.51.3` but not
    /// another's `v2.51.3` would invent a drift.
    fn holds_secret(&mut self, s: &str) -> bool {
        self.phones_and_secrets(s) != s
    }

    /// `s` with phone numbers and secrets masked (hosts untouched).
    fn phones_and_secrets(&mut self, s: &str) -> String {
        let out = self.a.phones_in(s, false, true);
        let (out, n) = scan::secrets(&out);
        self.a.secrets += n;
        out
    }

    /// A string value: a whole `NAME=secret` keeps its name.
    fn string(&mut self, s: &str) -> String {
        match scan::secret_assignment(s) {
            Some(at) => {
                self.a.secrets += 1;
                format!("{}{MASK}", self.text(&s[..at]))
            }
            None => self.text(s),
        }
    }

    /// Masks every scalar below a secret-named key, keeping the structure.
    fn mask_all(&mut self, v: &mut Value) {
        match v {
            Value::String(s) if s.is_empty() || s == MASK => {}
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                self.a.secrets += 1;
                *v = Value::String(MASK.to_string());
            }
            Value::Array(items) => items.iter_mut().for_each(|x| self.mask_all(x)),
            Value::Object(m) => m.values_mut().for_each(|x| self.mask_all(x)),
            Value::Null => {}
        }
    }

    fn value(&mut self, v: &mut Value, key: Option<&str>) {
        if key.is_some_and(is_secret_name) {
            return self.mask_all(v);
        }
        match v {
            Value::String(s)
                if key == Some("debug_info")
                    && s.chars().filter(char::is_ascii_digit).count() >= 5 =>
            {
                *s = self.a.phone(s.trim(), true);
            }
            Value::String(s) => *s = self.string(s),
            // A customer number sent as a JSON number.
            Value::Number(n) if self.a.known.contains(&n.to_string()) => {
                *v = Value::String(self.a.phone(&n.to_string(), true));
            }
            Value::Array(items) => items.iter_mut().for_each(|x| self.value(x, None)),
            Value::Object(m) => self.object(m, &[]),
            _ => {}
        }
    }

    /// An object; the values of `keep` are read by diagnosis (see
    /// [`Redactor::verdict`]).
    fn object(&mut self, m: &mut Map<String, Value>, keep: &[&str]) {
        // {"name": "DB_PASSWORD", "value": "…"} entries.
        let pair_name = ["name", "key"]
            .into_iter()
            .find(|k| m.get(*k).is_some_and(Value::is_string) && m.contains_key("value"));
        let named_secret = pair_name
            .and_then(|k| m.get(k))
            .and_then(Value::as_str)
            .is_some_and(is_secret_name);
        let old = std::mem::take(m);
        for (k, mut v) in old {
            if keep.contains(&k.as_str()) {
                self.verdict(&k, &mut v);
            } else if named_secret && k == "value" {
                self.mask_all(&mut v);
            } else if Some(k.as_str()) == pair_name {
                if let Value::String(s) = &mut v {
                    *s = self.text(s);
                }
            } else if k == "errors" {
                self.errors(&mut v);
            } else {
                self.value(&mut v, Some(&k));
            }
            let k2 = unique(self.text(&k), |c| m.contains_key(c));
            m.insert(k2, v);
        }
    }

    /// A value diagnosis reads: kept when diagnosis recognises it (a known
    /// role or socket state, a time, a byte count), masked as a whole and
    /// injectively (`REDACTED-1`, `REDACTED-2`, one per distinct value)
    /// when it holds anything redaction would mask, so equal values stay
    /// equal and different ones different; a value of the wrong type (it
    /// is unreadable either way) is masked like any text.
    fn verdict(&mut self, field: &str, v: &mut Value) {
        match (field, v) {
            (_, Value::Null | Value::Bool(_)) => {}
            ("schema", Value::Object(m)) => self.schema(m),
            ("e2e", Value::Object(m)) => self.object(m, &["identity_timestamp", "registration_id"]),
            ("shards", Value::Array(items)) => {
                for x in items {
                    match x {
                        Value::Array(r) => r.iter_mut().for_each(|y| self.verdict("shard", y)),
                        other => self.verdict("shard", other),
                    }
                }
            }
            (_, Value::Number(_)) if field != "role" && field != "socket_conn" => {}
            (_, v @ Value::Number(_)) => {
                let text = v.to_string();
                if self.holds_secret(&text) {
                    *v = Value::String(self.a.opaque(&text));
                }
            }
            (_, Value::String(s)) if recognised(field, s) => {}
            (_, Value::String(s))
                if NUMERIC_FIELDS.contains(&field)
                    || ["e2e", "schema", "shards"].contains(&field) =>
            {
                *s = self.string(s)
            }
            (_, Value::String(s)) => {
                if s.starts_with(MASK) || self.holds_secret(s) {
                    *s = self.a.opaque(s);
                }
            }
            (_, v) => self.value(v, None),
        }
    }

    /// Schema tables: names redacted like any key (distinct names stay
    /// distinct), versions as verdict values.
    fn schema(&mut self, m: &mut Map<String, Value>) {
        let old = std::mem::take(m);
        for (k, mut v) in old {
            self.verdict("table", &mut v);
            let k2 = unique(self.text(&k), |c| m.contains_key(c));
            m.insert(k2, v);
        }
    }

    /// An `errors` list: the codes are kept, the texts redacted.
    fn errors(&mut self, v: &mut Value) {
        match v {
            Value::Array(items) => {
                for e in items {
                    match e {
                        Value::Object(m) => self.object(m, &["code"]),
                        other => self.value(other, None),
                    }
                }
            }
            Value::Object(m) => self.object(m, &["code"]),
            other => self.value(other, None),
        }
    }

    /// A node name `host:container`: the host aliased (with host
    /// redaction), phone numbers and secrets masked; it stays a
    /// `host:container` name when it was one (and not when it was not),
    /// and never becomes another node's name.
    fn node_key(&mut self, k: &str, taken: &HashSet<String>) -> String {
        if crate::model::NODE_FIELDS.contains(&k) {
            return k.to_string();
        }
        // Secrets first, over the whole name (a URL's user info spans
        // the colon); then the host part is aliased.
        let masked = self.name_part(k);
        let (host, container) = split_node(&masked);
        let mut out = match self.a.hosts.get(host) {
            Some(a) if self.a.opts.hosts => a.clone(),
            _ => host.to_string(),
        };
        if let Some(c) = container {
            out.push(':');
            if self.a.opts.hosts {
                out.push_str(&self.a.hosts_in(c));
            } else {
                out.push_str(c);
            }
        }
        if node_like(&out) != node_like(k) {
            let n = self.a.opaque(k);
            out = if node_like(k) {
                format!("{MASK}:{n}")
            } else {
                n
            };
        }
        unique(out, |c| {
            taken.contains(c) || crate::model::NODE_FIELDS.contains(&c)
        })
    }

    /// Part of a node name: phone numbers (bare runs too) and secrets.
    fn name_part(&mut self, s: &str) -> String {
        let s = self.a.phones_in(s, true, true);
        let (s, n) = scan::secrets(&s);
        self.a.secrets += n;
        s
    }

    fn support(&mut self, v: &mut Value) {
        let Value::Object(support) = v else {
            return self.value(v, Some("support"));
        };
        if !crate::model::is_multi_connect(support) {
            return self.object(support, &VERDICT_FIELDS);
        }
        let old = std::mem::take(support);
        let mut taken = HashSet::with_capacity(old.len());
        for (k, mut node) in old {
            let k2 = self.node_key(&k, &taken);
            match &mut node {
                Value::Object(m) => self.object(m, &VERDICT_FIELDS),
                other => self.value(other, None),
            }
            taken.insert(k2.clone());
            support.insert(k2, node);
        }
    }

    /// A `/v1/health` answer's `health`: per-node keys as node names,
    /// `gateway_status` and `role` kept when they are what health reads.
    fn health(&mut self, v: &mut Value) {
        const KEEP: [&str; 2] = ["gateway_status", "role"];
        let Value::Object(health) = v else {
            return self.value(v, Some("health"));
        };
        if !crate::health::is_multi_node(health) {
            return self.object(health, &KEEP);
        }
        let old = std::mem::take(health);
        let mut taken = HashSet::with_capacity(old.len());
        for (k, mut node) in old {
            let k2 = self.node_key(&k, &taken);
            match &mut node {
                Value::Object(m) => self.object(m, &KEEP),
                other => self.value(other, None),
            }
            taken.insert(k2.clone());
            health.insert(k2, node);
        }
    }

    fn top(&mut self, v: &mut Value) {
        let Value::Object(top) = v else {
            return self.value(v, None);
        };
        for (k, v) in top.iter_mut() {
            match k.as_str() {
                "support" => self.support(v),
                "health" if self.health => self.health(v),
                "meta" => match v {
                    Value::Object(m) => self.object(m, &["api_status", "version"]),
                    other => self.value(other, Some("meta")),
                },
                "errors" => self.errors(v),
                _ => self.value(v, Some(k)),
            }
        }
    }
}

/// A node name's host and container: the host ends at the first colon,
/// unless the name starts with an IPv6 address (`[fd00::1]:c`,
/// `fe80::1:c`).
fn split_node(k: &str) -> (&str, Option<&str>) {
    let b = k.as_bytes();
    if b.first() == Some(&b'[')
        && let Some(e) = k.find("]:")
    {
        return (&k[..e + 1], Some(&k[e + 2..]));
    }
    // An address followed by more ends before a colon (`ipv6_at`).
    if let Some(end) = scan::ipv6_at(b, 0).filter(|&e| e < b.len()) {
        return (&k[..end], Some(&k[end + 1..]));
    }
    match k.split_once(':') {
        Some((h, c)) => (h, Some(c)),
        None => (k, None),
    }
}

/// True for a name the model reads as `host:container` (both parts
/// non-empty, no white space).
fn node_like(k: &str) -> bool {
    k.split_once(':')
        .is_some_and(|(h, c)| !h.is_empty() && !c.is_empty())
        && !k.chars().any(char::is_whitespace)
}

/// `s`, or `s~2`, `s~3`… the first that `taken` does not hold.
fn unique(s: String, taken: impl Fn(&str) -> bool) -> String {
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
fn collect_hosts(v: &Value, key: Option<&str>, a: &mut Aliases) {
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
fn text_hosts(s: &str, a: &mut Aliases) {
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
fn is_host_label(name: &str) -> bool {
    let low = name.to_ascii_lowercase();
    is_host_name(name)
        || [
            "instance", "db", "database", "peer", "upstream", "addr", "address", "endpoint",
        ]
        .contains(&low.as_str())
}

/// Public WhatsApp service names: nothing of the deployment, kept.
const PUBLIC_HOSTS: [&str; 6] = [
    "s.whatsapp.net",
    "whatsapp.net",
    "c.us",
    "g.us",
    "wa.me",
    "api.whatsapp.com",
];

fn add_host(h: &str, a: &mut Aliases) {
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
fn know_phone(k: &str, v: &Value, a: &mut Aliases) {
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
fn collect_phones(v: &Value, a: &mut Aliases) {
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
fn collect_phones_at(k: &str, v: &Value, a: &mut Aliases) {
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
fn collect_wa_values(v: &Value, a: &mut Aliases) {
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
