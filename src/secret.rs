//! A string that must never be printed: tokens and passwords; and the
//! masking of the ones the tool knows wherever a server echoes them.

use std::fmt;

/// Longest token accepted from a server's login answer or a file.
pub const MAX_TOKEN_LEN: usize = 4096;

/// Secrets shorter than this are not searched for in answers: masking a
/// three-letter password would mask ordinary words.
const MIN_MASKED_LEN: usize = 4;

/// What masks a known secret in a server's answer.
pub const MASK: &str = "***";

/// A secret value. Its `Debug` and `Display` print `***`, so a log line, an
/// error or a debug dump can never carry it; [`Secret::expose`] is the one
/// way to read it, used only where it is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value, trimming the newline a file or a pipe leaves.
    pub fn new(s: impl Into<String>) -> Secret {
        let s: String = s.into();
        Secret(s.trim_end_matches(['\r', '\n']).to_string())
    }

    /// Wraps a token as a person or an editor wrote it: a UTF-8 byte-order
    /// mark and surrounding white space are dropped.
    pub fn token(s: &str) -> Secret {
        Secret(s.trim_start_matches('\u{feff}').trim().to_string())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// Why this token cannot be sent as `Authorization: Bearer <token>`,
    /// or `None` when it can. The reason never quotes the value.
    pub fn token_problem(&self) -> Option<String> {
        let t = &self.0;
        if t.is_empty() {
            return Some("it is empty".into());
        }
        if t.len() > MAX_TOKEN_LEN {
            return Some(format!(
                "it is {} bytes long (at most {MAX_TOKEN_LEN})",
                t.len()
            ));
        }
        let (i, c) = t.char_indices().find(|(_, c)| !c.is_ascii_graphic())?;
        let what = if c == ' ' || c == '\t' {
            "white space".to_string()
        } else if c.is_control() {
            format!("a control character (U+{:04X})", c as u32)
        } else {
            "a character that is not ASCII".to_string()
        };
        Some(format!(
            "it holds {what} at byte {}, which cannot go into an HTTP header",
            i + 1
        ))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The forms in which `secrets` may appear: as they are, and as they read
/// inside a JSON string (a password with a quote or a backslash).
fn needles(secrets: &[&Secret]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in secrets {
        let v = s.expose();
        if v.chars().count() < MIN_MASKED_LEN {
            continue;
        }
        for form in forms(v) {
            let json = serde_json::to_string(&form).unwrap_or_default();
            let json = json[1..json.len().saturating_sub(1).max(1)].to_string();
            if json != form {
                out.push(json);
            }
            out.push(form);
        }
    }
    // Longest first, so a secret that contains another is masked whole.
    out.sort_by_key(|n| std::cmp::Reverse(n.len()));
    out.dedup();
    out
}

fn replace_all(hay: &[u8], needles: &[String]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    let mut changed = false;
    'outer: while i < hay.len() {
        for n in needles {
            let n = n.as_bytes();
            if !n.is_empty() && hay[i..].starts_with(n) {
                out.extend_from_slice(MASK.as_bytes());
                i += n.len();
                changed = true;
                continue 'outer;
            }
        }
        out.push(hay[i]);
        i += 1;
    }
    changed.then_some(out)
}

/// The known secrets as they are (at least [`MIN_MASKED_LEN`] characters),
/// longest first: what masking looks for in decoded, unescaped text.
/// The forms a server may echo a secret in: as sent, percent-encoded (a
/// password in a form or a URL), and base64 with and without padding, in
/// the standard and the URL-safe alphabet (a Basic header, a token
/// decoded and re-encoded).
fn forms(v: &str) -> Vec<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let mut out = vec![v.to_string()];
    let (mut upper, mut lower) = (String::new(), String::new());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            upper.push(char::from(b));
            lower.push(char::from(b));
        } else {
            upper.push_str(&format!("%{b:02X}"));
            lower.push_str(&format!("%{b:02x}"));
        }
    }
    for form in [
        upper,
        lower,
        STANDARD.encode(v),
        STANDARD_NO_PAD.encode(v),
        URL_SAFE.encode(v),
        URL_SAFE_NO_PAD.encode(v),
    ] {
        if !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

fn plain_needles(secrets: &[&Secret]) -> Vec<String> {
    let mut out: Vec<String> = secrets
        .iter()
        .map(|s| s.expose())
        .filter(|v| v.chars().count() >= MIN_MASKED_LEN)
        .flat_map(forms)
        .collect();
    out.sort_by_key(|n| std::cmp::Reverse(n.len()));
    out.dedup();
    out
}

fn holds(s: &str, needles: &[String]) -> bool {
    needles.iter().any(|n| s.contains(n.as_str()))
}

fn mask_str(s: &str, needles: &[String]) -> String {
    match replace_all(s.as_bytes(), needles) {
        Some(b) => String::from_utf8_lossy(&b).into_owned(),
        None => s.to_string(),
    }
}

/// Looks, without building a tree, for a needle in every key and string
/// of a JSON text, as the parser unescapes them (`\u005F` is `_`).
struct Find<'n>(&'n [String]);

impl<'de> serde::de::DeserializeSeed<'de> for Find<'_> {
    type Value = bool;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Find<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(holds(v, self.0))
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(f) = a.next_element_seed(Find(self.0))? {
            found |= f;
        }
        Ok(found)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(k) = m.next_key_seed(Find(self.0))? {
            found |= k;
            found |= m.next_value_seed(Find(self.0))?;
        }
        Ok(found)
    }
}

/// Masks the needles in every key and string of a parsed answer.
fn mask_value(v: &mut serde_json::Value, needles: &[String]) {
    use serde_json::Value;
    match v {
        Value::String(s) if holds(s, needles) => *s = mask_str(s, needles),
        Value::Array(items) => items.iter_mut().for_each(|x| mask_value(x, needles)),
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (k, mut x) in old {
                mask_value(&mut x, needles);
                let k = if holds(&k, needles) {
                    mask_str(&k, needles)
                } else {
                    k
                };
                map.insert(k, x);
            }
        }
        _ => {}
    }
}

/// Masks the needles in text that is not strict JSON: in every string
/// literal as it reads unescaped (re-escaped when masked), and as they are
/// elsewhere. `None` when nothing was masked.
fn mask_loose(text: &str, needles: &[String]) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut plain_from = 0;
    let mut i = 0;
    let flush = |out: &mut String, changed: &mut bool, part: &str| {
        if holds(part, needles) {
            *changed = true;
            out.push_str(&mask_str(part, needles));
        } else {
            out.push_str(part);
        }
    };
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < b.len() && b[end] != b'"' {
            end += if b[end] == b'\\' { 2 } else { 1 };
        }
        if end >= b.len() {
            break;
        }
        flush(&mut out, &mut changed, &text[plain_from..i]);
        let literal = &text[i..=end];
        match serde_json::from_str::<String>(literal) {
            Ok(s) if holds(&s, needles) => {
                changed = true;
                out.push_str(&serde_json::to_string(&mask_str(&s, needles)).unwrap_or_default());
            }
            _ => flush(&mut out, &mut changed, literal),
        }
        i = end + 1;
        plain_from = i;
    }
    flush(&mut out, &mut changed, &text[plain_from..]);
    changed.then(|| out.into_bytes())
}

/// Masks the tool's own token and password wherever a server's answer
/// repeats them (an error body that echoes the Authorization header), in
/// whatever form: escaped in JSON (`\u005F`), in UTF-16 or UTF-32, inside
/// keys (a node name, a schema table, an unknown field) or string values.
///
/// The body is decoded and, when it is JSON, scanned as parsed (keys and
/// strings unescaped), without building a tree. When no known secret is in
/// it, the body comes back byte for byte as received. Otherwise the answer
/// is parsed, masked and re-serialized as UTF-8 JSON (a body that is not
/// JSON: its decoded text, masked), and a warning says so. Linear in the
/// body.
pub fn mask_known(raw: Vec<u8>, secrets: &[&Secret]) -> Vec<u8> {
    let plain = plain_needles(secrets);
    if plain.is_empty() || raw.is_empty() {
        return raw;
    }
    let decoded = crate::model::decode_body(&raw);
    let text = String::from_utf8_lossy(&decoded.text);
    let mut de = serde_json::Deserializer::from_str(&text);
    let scanned = serde::de::DeserializeSeed::deserialize(Find(&plain), &mut de).and_then(|f| {
        de.end()?;
        Ok(f)
    });
    let masked = match scanned {
        Ok(false) => None,
        Ok(true) => serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .map(|mut v| {
                mask_value(&mut v, &plain);
                let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
                out.push(b'\n');
                out
            })
            .or_else(|| mask_loose(&text, &plain)),
        // Not strict JSON (an HTML page, two documents): the text.
        Err(_) => mask_loose(&text, &plain),
    };
    match masked {
        None => {
            drop(text);
            drop(decoded);
            raw
        }
        Some(out) => {
            crate::term::warn(
                "the server's answer repeats the token or password this run sent; it is masked as *** (so show --json prints the answer re-serialized, not byte for byte)",
            );
            out
        }
    }
}

/// Masks the known secrets in a line of text (an error message).
pub fn mask_text(text: &str, secrets: &[&Secret]) -> String {
    let needles = needles(secrets);
    match replace_all(text.as_bytes(), &needles) {
        Some(b) => String::from_utf8_lossy(&b).into_owned(),
        None => text.to_string(),
    }
}

impl crate::error::Error {
    /// Masks the tool's own secrets (its token, the login password) in the
    /// message and the hint, where a server's text may have echoed them.
    pub fn masked(self, secrets: &[&Secret]) -> Self {
        self.map_text(|t| mask_text(t, secrets))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn echoed_forms_of_a_secret_are_masked() {
        use base64::Engine as _;
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        let pw = super::Secret::new("Sup3r+S3cret/Pass!".to_string());
        let basic = super::Secret::new(STANDARD.encode("admin:Sup3r+S3cret/Pass!"));
        let forms = [
            "Sup3r%2BS3cret%2FPass%21".to_string(),
            "Sup3r%2bS3cret%2fPass%21".to_string(),
            STANDARD.encode("Sup3r+S3cret/Pass!"),
            URL_SAFE_NO_PAD.encode("Sup3r+S3cret/Pass!"),
            URL_SAFE_NO_PAD.encode("admin:Sup3r+S3cret/Pass!"),
            STANDARD
                .encode("admin:Sup3r+S3cret/Pass!")
                .trim_end_matches('=')
                .to_string(),
        ];
        for form in &forms {
            let text = format!("denied: {form} (retry)");
            let masked = super::mask_text(&text, &[&pw, &basic]);
            assert!(!masked.contains(form.as_str()), "{form}: {masked}");
            assert!(
                masked.starts_with("denied: ") && masked.ends_with(" (retry)"),
                "{masked}"
            );
        }
        // Text that holds none of them is left alone.
        assert_eq!(
            super::mask_text("plain words", &[&pw, &basic]),
            "plain words"
        );
    }

    use super::*;

    #[test]
    fn masked_hides_known_secrets() {
        use crate::error::{Error, ErrorKind};
        let t = Secret::new("tok-ABCDEF");
        let e = Error::new(ErrorKind::Http, "echo: Bearer tok-ABCDEF")
            .hint("not tok-ABCDEF")
            .masked(&[&t]);
        assert_eq!(e.to_string(), "echo: Bearer *** (hint: not ***)");
    }

    #[test]
    fn never_printed() {
        let s = Secret::new("tok-123\n");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
        assert_eq!(s.expose(), "tok-123");
    }

    #[test]
    fn token_drops_bom_and_space() {
        assert_eq!(Secret::token("\u{feff}  abc.def \r\n").expose(), "abc.def");
        assert_eq!(Secret::token("abc").token_problem(), None);
    }

    #[test]
    fn token_problems_never_quote_the_value() {
        let p = Secret::token("ab\x1bcd").token_problem().unwrap();
        assert!(p.contains("control character (U+001B) at byte 3"), "{p}");
        let p = Secret::token("abé").token_problem().unwrap();
        assert!(p.contains("not ASCII"), "{p}");
        assert!(
            Secret::token("a b")
                .token_problem()
                .unwrap()
                .contains("white space")
        );
        assert!(Secret::token("").token_problem().unwrap().contains("empty"));
        let long = "a".repeat(MAX_TOKEN_LEN + 1);
        assert!(
            Secret::token(&long)
                .token_problem()
                .unwrap()
                .contains("4097 bytes")
        );
        assert_eq!(
            Secret::token(&"a".repeat(MAX_TOKEN_LEN)).token_problem(),
            None
        );
    }

    #[test]
    fn masks_keys_strings_and_escaped_forms_and_keeps_json_valid() {
        let tok = Secret::new("tok_SECRET-1");
        let pw = Secret::new("pass\"word");
        let raw = br#"{"x:tok_SECRET-1": 1, "errors":[{"details":"Bearer tok\u005fSECRET-1 and pass\"word"}], "n": [true, null, 1.5, -2]}"#;
        let out = mask_known(raw.to_vec(), &[&tok, &pw]);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"x:***": 1, "errors":[{"details":"Bearer *** and ***"}], "n": [true, null, 1.5, -2]})
        );
        // UTF-16 with the token inside.
        let mut u16 = vec![0xFF, 0xFE];
        for u in r#"{"a":"tok_SECRET-1"}"#.encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let v: serde_json::Value = serde_json::from_slice(&mask_known(u16, &[&tok])).unwrap();
        assert_eq!(v, serde_json::json!({"a": "***"}));
        // No secret: byte for byte, spacing and escapes kept.
        let same = b"{ \"a\" : \"b\\u005f\" }\n".to_vec();
        assert_eq!(mask_known(same.clone(), &[&tok]), same);
        // Not JSON (two documents): the text, masked in any JSON form.
        let out = mask_known(br#"{"a":"tok\u005fSECRET-1"} {}"#.to_vec(), &[&tok]);
        assert!(!String::from_utf8_lossy(&out).contains("SECRET"));
    }

    #[test]
    fn masks_text_bodies_and_skips_short_secrets() {
        let tok = Secret::new("tok-SECRET-1");
        let short = Secret::new("abc");
        let four = Secret::new("abcd");
        let out = mask_known(b"<h1>tok-SECRET-1 abc</h1>".to_vec(), &[&tok, &short]);
        assert_eq!(out, b"<h1>*** abc</h1>");
        assert_eq!(mask_text("abcd abc", &[&four]), "*** abc");
        assert_eq!(mask_text("x tok-SECRET-1 y", &[&tok]), "x *** y");
        let same = br#"{"a":"b"}"#.to_vec();
        assert_eq!(mask_known(same.clone(), &[&tok]), same);
    }
}
