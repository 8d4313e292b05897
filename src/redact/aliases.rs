//! [`Aliases`]: the pseudonyms of one redaction (host aliases, phone
//! numbers, opaque values) and the text rewriting that applies them.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::*;

/// The redaction of one document: host aliases and phone pseudonyms given
/// out, and what was masked. The same input always gets the same
/// pseudonym, and two different inputs never share one.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    pub(super) opts: RedactOptions,
    pub(super) hosts: HashMap<String, String>,
    pub(super) nodes: usize,
    pub(super) others: usize,
    /// Phone digits (without `+`/`00`) → their number among the phones
    /// that mask alike (1 for the first).
    pub(super) phones: HashMap<String, usize>,
    /// Masked digit pattern → how many phones share it.
    pub(super) phone_masks: HashMap<String, usize>,
    /// Phone digits to mask wherever they appear.
    pub(super) known: HashSet<String>,
    /// Other ways to write a known number (without the country code, with
    /// a trunk `0`) → the number.
    pub(super) forms: HashMap<String, String>,
    /// Verdict values with a secret shape → their number (`REDACTED-1`).
    pub(super) opaque: HashMap<String, usize>,
    pub(super) secrets: usize,
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Aliases {
    /// The alias of `host`, given out on first sight.
    pub(super) fn alias(&mut self, host: &str, is_node: bool) -> String {
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
    pub(super) fn know(&mut self, digits: String) {
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
    pub(super) fn opaque(&mut self, value: &str) -> String {
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
    pub(super) fn phone(&mut self, written: &str, register: bool) -> String {
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
    pub(super) fn phones_in(&mut self, s: &str, bare_runs: bool, register: bool) -> String {
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
    pub(super) fn hosts_in(&self, s: &str) -> String {
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
    pub(super) fn ipv4_inside_words(&self, s: &str) -> String {
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
    pub(super) fn hosts_inside_words(&self, s: &str) -> String {
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
