//! Text the program did not write: [`ServerText`].
//!
//! Every string that comes from a server answer (or a file holding one)
//! enters the model as a [`ServerText`]. Its `Display` is the only way to
//! print it, and `Display` escapes every character that could act on a
//! terminal instead of showing as text, so a renderer cannot forget to:
//! an answer cannot move the cursor, set the terminal's title, reorder a
//! line or hide text in it.
//!
//! What is escaped (see [`is_unsafe`]):
//! - control characters: C0 (ESC, BEL, CR, LF, TAB, backspace…), DEL and
//!   the C1 codes (`\u{9b}` is a one-byte CSI); shown as `\e`, `\a`, `\r`,
//!   `\n`, `\t`, `\b` or `\u{..}`;
//! - bidirectional controls that reorder text (U+061C, U+200E, U+200F,
//!   U+202A–U+202E, U+2066–U+2069);
//! - invisible characters that hide or fake text: zero-width space, joiners
//!   and non-joiners (U+200B–U+200D), word joiner and invisible operators
//!   (U+2060–U+2064), the deprecated format controls (U+206A–U+206F), the
//!   byte order mark / zero-width no-break space (U+FEFF), soft hyphen
//!   (U+00AD), combining grapheme joiner (U+034F), Mongolian vowel separator
//!   (U+180E), the Hangul fillers that print as blanks (U+115F, U+1160,
//!   U+3164, U+FFA0), interlinear annotation marks (U+FFF9–U+FFFB) and the
//!   tag characters (U+E0000–U+E007F); with them the rest of Unicode's
//!   Default_Ignorable_Code_Point set (Khmer inherent vowels U+17B4/U+17B5,
//!   Mongolian selectors U+180B–U+180F, variation selectors U+FE00–U+FE0F
//!   and U+E0100–U+E01EF, U+2065, U+FFF0–U+FFF8, shorthand format controls
//!   U+1BCA0–U+1BCA3, musical symbol formatting U+1D173–U+1D17A, and the
//!   reserved range to U+E0FFF) and the format controls outside it (Arabic
//!   number signs U+0600–U+0605, U+06DD, U+070F, U+0890/U+0891, U+08E2,
//!   U+110BD, U+110CD, Egyptian hieroglyph format controls
//!   U+13430–U+1345F): two names never look alike through a character
//!   that draws nothing;
//! - the line and paragraph separators (U+2028, U+2029).
//!
//! Escaped characters are shown as `\u{hex}`. An emoji joined with U+200D
//! therefore shows as its parts, and an emoji with a variation selector
//! shows the selector; that is the price of showing every hidden character.
//!
//! A string longer than [`MAX_PRINTED_CHARS`] is cut with a note of how
//! much was left out. `--json` has it whole: `Serialize` writes the raw
//! string (serde_json escapes control characters itself, and the JSON
//! outputs' [`json_safe`] pass escapes the rest without changing the value).
//!
//! There is deliberately no `Deref<Target = str>`: the raw text is reached
//! only through [`ServerText::raw`], which reviewers can search for.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

/// Longest server string printed as is; longer ones are cut, so a hostile
/// or broken answer cannot flood the screen or stall table layout.
pub const MAX_PRINTED_CHARS: usize = 512;

/// True for the Unicode bidirectional controls that can reorder text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// True for the invisible characters that can hide or fake text (zero-width
/// spaces and joiners, invisible operators, fillers, tags; see the module
/// documentation for the list).
pub fn is_invisible(c: char) -> bool {
    // Unicode's Default_Ignorable_Code_Point set (what renders as nothing)
    // plus the format controls (Cf) that are not in it.
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1345F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// True for characters that must never reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Makes a string safe to print: the characters of [`is_unsafe`] are shown
/// escaped (`\e`, `\r`, `\u{202e}`), never written raw, and a string longer
/// than [`MAX_PRINTED_CHARS`] is cut with a note of how much was left out.
/// Escaping is idempotent: escaped text escapes to itself.
pub fn escape(s: &str) -> Cow<'_, str> {
    // The common case, checked a byte at a time: short printable ASCII.
    if s.len() <= MAX_PRINTED_CHARS && s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Cow::Borrowed(s);
    }
    let long = s.len() > MAX_PRINTED_CHARS && s.chars().count() > MAX_PRINTED_CHARS;
    if !long && !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(MAX_PRINTED_CHARS * 4) + 8);
    for (i, c) in s.chars().enumerate() {
        if i == MAX_PRINTED_CHARS {
            let rest = s.chars().count() - i;
            out.push_str(&format!("…(+{rest} chars)"));
            break;
        }
        match c {
            '\x1b' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes, inside JSON text we generate, the characters that must not
/// reach a terminal raw: serde_json escapes control characters, but not
/// bidi overrides, invisible characters or line separators. The result is
/// the same JSON value.
pub fn json_safe(s: &str) -> String {
    if !s.chars().any(|c| is_unsafe(c) && !matches!(c, '\n')) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) && c != '\n' {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text that came from a server answer or a file, or that quotes it.
///
/// `Display` (and `Debug`) show it escaped, as [`escape`] does; `Serialize`
/// writes it raw, for JSON. The raw text is reached only through
/// [`ServerText::raw`], for comparing and for JSON.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServerText(Cow<'static, str>);

impl ServerText {
    /// Wraps text that came from outside the program.
    pub fn new(s: impl Into<String>) -> Self {
        ServerText(Cow::Owned(s.into()))
    }

    /// The text as sent. Never print it: for comparisons and JSON only.
    pub fn raw(&self) -> &str {
        &self.0
    }

    /// The text as sent, owned. Never print it.
    pub fn into_raw(self) -> String {
        self.0.into_owned()
    }

    /// Wraps text known to the program that the server sent (a schema
    /// table of the spec): shared, not copied, since the server's text is
    /// exactly this.
    pub(crate) fn known(s: &'static str) -> Self {
        ServerText(Cow::Borrowed(s))
    }

    /// The text as printed: escaped and bounded (what `Display` writes).
    pub fn escaped(&self) -> Cow<'_, str> {
        escape(&self.0)
    }

    /// True when the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length of the raw text in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the raw text contains `pat`.
    pub fn contains(&self, pat: &str) -> bool {
        self.0.contains(pat)
    }

    /// True when the raw text starts with `pat`.
    pub fn starts_with(&self, pat: &str) -> bool {
        self.0.starts_with(pat)
    }

    /// True when the raw text ends with `pat`.
    pub fn ends_with(&self, pat: &str) -> bool {
        self.0.ends_with(pat)
    }

    /// The raw texts of `items` joined with `sep`: still server text.
    pub fn join(items: &[ServerText], sep: &str) -> ServerText {
        ServerText::new(items.iter().map(|t| t.raw()).collect::<Vec<_>>().join(sep))
    }

    /// A new text made from this one's raw text: still server text.
    pub fn map(&self, f: impl FnOnce(&str) -> String) -> ServerText {
        ServerText::new(f(&self.0))
    }
}

impl fmt::Display for ServerText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.escaped())
    }
}

impl fmt::Debug for ServerText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.escaped())
    }
}

impl Serialize for ServerText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl From<String> for ServerText {
    fn from(s: String) -> Self {
        ServerText(Cow::Owned(s))
    }
}

impl From<&str> for ServerText {
    fn from(s: &str) -> Self {
        ServerText(Cow::Owned(s.to_string()))
    }
}

impl From<&String> for ServerText {
    fn from(s: &String) -> Self {
        ServerText(Cow::Owned(s.clone()))
    }
}

impl PartialEq<str> for ServerText {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ServerText {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for ServerText {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<ServerText> for str {
    fn eq(&self, other: &ServerText) -> bool {
        self == other.0
    }
}

impl PartialEq<ServerText> for &str {
    fn eq(&self, other: &ServerText) -> bool {
        *self == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        ServerText::from(s).to_string()
    }

    #[test]
    fn display_escapes_controls() {
        assert_eq!(shown("plain ünïcode 😀"), "plain ünïcode 😀");
        assert_eq!(shown("a\x1b]0;pwned\x07b"), "a\\e]0;pwned\\ab");
        assert_eq!(shown("x\ry\u{8}\n\t"), "x\\ry\\b\\n\\t");
        assert_eq!(shown("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(shown("\u{7f}\u{0}\u{85}"), "\\u{7f}\\u{0}\\u{85}");
    }

    #[test]
    fn display_escapes_bidi_and_separators() {
        assert_eq!(shown("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        for c in [
            '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{2066}', '\u{2069}',
        ] {
            assert_eq!(shown(&c.to_string()), format!("\\u{{{:x}}}", c as u32));
        }
        assert_eq!(shown("a\u{2028}b\u{2029}"), "a\\u{2028}b\\u{2029}");
    }

    #[test]
    fn display_escapes_zero_width_and_invisible() {
        let invisible = [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{206a}',
            '\u{206f}',
            '\u{feff}',
            '\u{ad}',
            '\u{34f}',
            '\u{115f}',
            '\u{1160}',
            '\u{180e}',
            '\u{3164}',
            '\u{ffa0}',
            '\u{fff9}',
            '\u{fffb}',
            '\u{e0000}',
            '\u{e0041}',
            '\u{e007f}',
            // The rest of Default_Ignorable_Code_Point and the format
            // controls: variation selectors, Khmer inherent vowels, musical
            // symbol formatting, shorthand format controls, Egyptian
            // hieroglyph format controls, Arabic number signs.
            '\u{2065}',
            '\u{fe00}',
            '\u{fe0f}',
            '\u{17b4}',
            '\u{17b5}',
            '\u{180b}',
            '\u{1d173}',
            '\u{1d17a}',
            '\u{1bca0}',
            '\u{1bca3}',
            '\u{13430}',
            '\u{1343f}',
            '\u{600}',
            '\u{e0100}',
            '\u{e0fff}',
        ];
        for c in invisible {
            let s = format!("a{c}b");
            assert_eq!(
                shown(&s),
                format!("a\\u{{{:x}}}b", c as u32),
                "{:x}",
                c as u32
            );
        }
        // Visible neighbours are left alone.
        for c in [
            '\u{2070}',
            '\u{fe10}',
            '\u{1d17b}',
            '\u{e1000}',
            'é',
            '—',
            '…',
        ] {
            assert_eq!(shown(&c.to_string()), c.to_string(), "{:x}", c as u32);
        }
    }

    #[test]
    fn escaping_is_idempotent_and_pads() {
        let once = shown("a\x1b\u{200b}b");
        assert_eq!(escape(&once), once.as_str());
        assert_eq!(format!("[{:<6}]", ServerText::from("a\x07")), "[a\\a   ]");
    }

    #[test]
    fn debug_does_not_print_raw_controls() {
        let d = format!(
            "{:?}",
            Some(ServerText::from("x\x1b]0;t\x07\u{202e}\u{200b}"))
        );
        assert!(!d.chars().any(is_unsafe), "{d}");
        assert!(d.contains("\\e]0;t\\a"), "{d}");
    }

    #[test]
    fn display_cuts_very_long_strings() {
        let long = "é".repeat(MAX_PRINTED_CHARS + 10);
        let s = escape(&long);
        assert!(s.ends_with("…(+10 chars)"), "{s}");
        assert_eq!(s.chars().filter(|c| *c == 'é').count(), MAX_PRINTED_CHARS);
        let exact = "a".repeat(MAX_PRINTED_CHARS);
        assert_eq!(escape(&exact), exact.as_str());
        assert_eq!(ServerText::from(long.clone()).raw(), long);
    }

    #[test]
    fn serialize_is_raw_and_round_trips() {
        let raw = "n\x1b]0;x\x07\r\u{202e}\u{200b}\u{feff}\u{e0041}";
        let t = ServerText::from(raw);
        let json = serde_json::to_string(&t).unwrap();
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, raw);
        assert_eq!(t, raw);
        assert_eq!(t.raw(), raw);
        // After the JSON pass nothing unsafe is left, and the value is kept.
        let text = json_safe(&json);
        assert!(!text.chars().any(is_unsafe), "{text}");
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, raw);
    }

    #[test]
    fn comparisons_use_the_raw_text() {
        let t = ServerText::from("h:1");
        assert_eq!(t, "h:1");
        assert_eq!("h:1", t);
        assert_eq!(t, "h:1".to_string());
        assert!(t.contains(":") && t.starts_with("h") && t.ends_with("1"));
        assert_eq!(t.len(), 3);
        assert!(ServerText::default().is_empty());
        let (a, b) = (ServerText::from("a"), ServerText::from("b"));
        assert!(a < b);
        assert_eq!(t.map(|s| s.to_uppercase()), "H:1");
    }

    #[test]
    fn json_safe_keeps_the_value() {
        let v = serde_json::json!({"a": "x\u{202e}y\u{1b}", "b": "😀", "c": "z\u{200b}"});
        let text = json_safe(&serde_json::to_string_pretty(&v).unwrap());
        assert!(!text.contains('\u{202e}') && !text.contains('\u{1b}'));
        assert!(!text.contains('\u{200b}'));
        assert!(text.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
