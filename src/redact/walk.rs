//! The redactor's walk over one document: objects, verdict fields, node
//! keys, `errors`, `support` and `health`, each rewritten in place.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::*;

/// The redactor's walk over one document.
pub(super) struct Redactor {
    pub(super) a: Aliases,
    /// A top-level `health` is a `/v1/health` answer: its node names are
    /// redacted like `support`'s (only in [`redact_all`]).
    pub(super) health: bool,
}

impl Redactor {
    pub(super) fn text(&mut self, s: &str) -> String {
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
    pub(super) fn holds_secret(&mut self, s: &str) -> bool {
        self.phones_and_secrets(s) != s
    }

    /// `s` with phone numbers and secrets masked (hosts untouched).
    pub(super) fn phones_and_secrets(&mut self, s: &str) -> String {
        let out = self.a.phones_in(s, false, true);
        let (out, n) = scan::secrets(&out);
        self.a.secrets += n;
        out
    }

    /// A string value: a whole `NAME=secret` keeps its name.
    pub(super) fn string(&mut self, s: &str) -> String {
        match scan::secret_assignment(s) {
            Some(at) => {
                self.a.secrets += 1;
                format!("{}{MASK}", self.text(&s[..at]))
            }
            None => self.text(s),
        }
    }

    /// Masks every scalar below a secret-named key, keeping the structure.
    pub(super) fn mask_all(&mut self, v: &mut Value) {
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

    pub(super) fn value(&mut self, v: &mut Value, key: Option<&str>) {
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
    pub(super) fn object(&mut self, m: &mut Map<String, Value>, keep: &[&str]) {
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
    pub(super) fn verdict(&mut self, field: &str, v: &mut Value) {
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
    pub(super) fn schema(&mut self, m: &mut Map<String, Value>) {
        let old = std::mem::take(m);
        for (k, mut v) in old {
            self.verdict("table", &mut v);
            let k2 = unique(self.text(&k), |c| m.contains_key(c));
            m.insert(k2, v);
        }
    }

    /// An `errors` list: the codes are kept, the texts redacted.
    pub(super) fn errors(&mut self, v: &mut Value) {
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
    pub(super) fn node_key(&mut self, k: &str, taken: &HashSet<String>) -> String {
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
    pub(super) fn name_part(&mut self, s: &str) -> String {
        let s = self.a.phones_in(s, true, true);
        let (s, n) = scan::secrets(&s);
        self.a.secrets += n;
        s
    }

    pub(super) fn support(&mut self, v: &mut Value) {
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
    pub(super) fn health(&mut self, v: &mut Value) {
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

    pub(super) fn top(&mut self, v: &mut Value) {
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
pub(super) fn split_node(k: &str) -> (&str, Option<&str>) {
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
pub(super) fn node_like(k: &str) -> bool {
    k.split_once(':')
        .is_some_and(|(h, c)| !h.is_empty() && !c.is_empty())
        && !k.chars().any(char::is_whitespace)
}
