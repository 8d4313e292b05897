//! Renderers: pure functions from the model to text.
//!
//! Colour and width are decided once, at the top, and passed down in
//! [`RenderOptions`]; no renderer looks at the terminal itself. Every string
//! that came from a server goes through [`safe`] before it is printed, so an
//! answer cannot move the cursor, set the terminal's title or hide text.

use std::borrow::Cow;

use owo_colors::OwoColorize;

pub mod check;
pub mod json;
pub mod report;
pub mod text;

/// How to render: decided once from the flags, `NO_COLOR` and the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Fit tables to this many columns; `None` means never cut or wrap.
    pub width: Option<u16>,
}

impl RenderOptions {
    /// No colour, no width limit: what a pipe or a file gets.
    pub const PLAIN: RenderOptions = RenderOptions {
        color: false,
        width: None,
    };
}

/// True for the Unicode bidirectional controls that can reorder text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// True for characters that must never reach a terminal raw.
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Longest server string printed as is; longer ones are cut, so a hostile
/// or broken answer cannot flood the screen or stall table layout.
pub const MAX_PRINTED_CHARS: usize = 512;

/// Makes a server-controlled string safe to print: control characters
/// (ESC, BEL, CR, LF, backspace, DEL, C1 codes) and bidi overrides are
/// shown escaped (`\e`, `\r`, `\u{202e}`), never written raw, and a string
/// longer than [`MAX_PRINTED_CHARS`] is cut with a note of how much was left
/// out (`--json` has it whole).
pub fn safe(s: &str) -> Cow<'_, str> {
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
/// bidi overrides or line separators. The result is the same JSON value.
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

/// The style of a piece of text, mapped to colours only when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Dim,
    Bold,
    Plain,
}

/// Paints already-safe text in `tone` when colour is on.
pub fn paint(s: &str, tone: Tone, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    match tone {
        Tone::Good => s.green().to_string(),
        Tone::Warn => s.yellow().to_string(),
        Tone::Bad => s.red().bold().to_string(),
        Tone::Dim => s.dimmed().to_string(),
        Tone::Bold => s.bold().to_string(),
        Tone::Plain => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_escapes_controls_and_bidi() {
        assert_eq!(safe("plain ünïcode"), "plain ünïcode");
        assert_eq!(safe("a\x1b]0;pwned\x07b"), "a\\e]0;pwned\\ab");
        assert_eq!(safe("x\ry\u{8}"), "x\\ry\\b");
        assert_eq!(safe("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(safe("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(safe("\u{7f}"), "\\u{7f}");
    }

    #[test]
    fn safe_cuts_very_long_strings() {
        let long = "é".repeat(MAX_PRINTED_CHARS + 10);
        let s = safe(&long);
        assert!(s.ends_with("…(+10 chars)"), "{s}");
        assert_eq!(s.chars().filter(|c| *c == 'é').count(), MAX_PRINTED_CHARS);
        let exact = "a".repeat(MAX_PRINTED_CHARS);
        assert_eq!(safe(&exact), exact.as_str());
    }

    #[test]
    fn json_safe_keeps_the_value() {
        let v = serde_json::json!({"a": "x\u{202e}y\u{1b}", "b": "😀"});
        let text = json_safe(&serde_json::to_string_pretty(&v).unwrap());
        assert!(!text.contains('\u{202e}') && !text.contains('\u{1b}'));
        assert!(text.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn paint_only_with_color() {
        assert_eq!(paint("UP", Tone::Good, false), "UP");
        assert!(paint("UP", Tone::Good, true).contains("\x1b[32m"));
    }
}
