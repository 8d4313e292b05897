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
        out.push(v.to_string());
        let json = serde_json::to_string(v).unwrap_or_default();
        let json = json[1..json.len().saturating_sub(1).max(1)].to_string();
        if json != v {
            out.push(json);
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

/// Masks the tool's own token and password wherever a server's answer
/// repeats them (an error body that echoes the Authorization header).
///
/// In a JSON body only string values are touched, never keys or the
/// structure, so the answer still parses the same way; a body that is not
/// JSON is masked everywhere.
pub fn mask_known(raw: Vec<u8>, secrets: &[&Secret]) -> Vec<u8> {
    let needles = needles(secrets);
    if needles.is_empty() || raw.is_empty() {
        return raw;
    }
    if serde_json::from_slice::<serde::de::IgnoredAny>(&raw).is_err() {
        return replace_all(&raw, &needles).unwrap_or(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] != b'"' {
            out.push(raw[i]);
            i += 1;
            continue;
        }
        // A string literal from i to end (inclusive of both quotes).
        let mut end = i + 1;
        while end < raw.len() && raw[end] != b'"' {
            end += if raw[end] == b'\\' { 2 } else { 1 };
        }
        let end = end.min(raw.len() - 1);
        let is_key = raw[end + 1..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b':');
        let inner = &raw[i + 1..end];
        out.push(b'"');
        match (!is_key).then(|| replace_all(inner, &needles)).flatten() {
            Some(masked) => out.extend_from_slice(&masked),
            None => out.extend_from_slice(inner),
        }
        out.push(b'"');
        i = end + 1;
    }
    out
}

/// Masks the known secrets in a line of text (an error message).
pub fn mask_text(text: &str, secrets: &[&Secret]) -> String {
    let needles = needles(secrets);
    match replace_all(text.as_bytes(), &needles) {
        Some(b) => String::from_utf8_lossy(&b).into_owned(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn masks_values_not_keys_and_keeps_json_valid() {
        let tok = Secret::new("tok-SECRET-1");
        let pw = Secret::new("pass\"word");
        let raw = br#"{"tok-SECRET-1": 1, "errors":[{"details":"Bearer tok-SECRET-1 and pass\"word"}], "n": true}"#;
        let out = mask_known(raw.to_vec(), &[&tok, &pw]);
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            r#"{"tok-SECRET-1": 1, "errors":[{"details":"Bearer *** and ***"}], "n": true}"#
        );
        serde_json::from_str::<serde_json::Value>(&s).unwrap();
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
