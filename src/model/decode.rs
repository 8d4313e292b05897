//! Byte decoding: a body in whatever encoding it came (UTF-8 with or
//! without a byte-order mark, UTF-16, UTF-32, invalid UTF-8) becomes UTF-8
//! text, and the model says how.

/// The character encoding a body arrived in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Charset {
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark (dropped).
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Charset {
    /// The name people use for it.
    pub fn name(&self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Utf8Bom => "UTF-8 with BOM",
            Charset::Utf16Le => "UTF-16LE",
            Charset::Utf16Be => "UTF-16BE",
            Charset::Utf32Le => "UTF-32LE",
            Charset::Utf32Be => "UTF-32BE",
        }
    }

    /// True when the text was converted (UTF-16/32 become UTF-8).
    pub fn is_converted(&self) -> bool {
        !matches!(self, Charset::Utf8 | Charset::Utf8Bom)
    }
}

/// How a body was turned into UTF-8 text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decoding {
    pub charset: Charset,
    /// Invalid byte sequences replaced by U+FFFD.
    pub replaced: usize,
}

/// A body as UTF-8 text: borrowed when it already was valid UTF-8.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    pub text: std::borrow::Cow<'a, [u8]>,
    pub decoding: Decoding,
}

/// Decodes a body to UTF-8 text. A UTF-8 byte-order mark is dropped;
/// UTF-16 and UTF-32 (with a byte-order mark, or recognised by the zero
/// bytes around the opening ASCII character as RFC 4627 describes; what
/// PowerShell's `>` writes, common in tickets) are converted; invalid
/// sequences are replaced by U+FFFD and counted. Valid UTF-8 is borrowed,
/// not copied.
pub fn decode_body(body: &[u8]) -> Decoded<'_> {
    use std::borrow::Cow;
    let (charset, rest) = match body {
        [0xEF, 0xBB, 0xBF, rest @ ..] => (Charset::Utf8Bom, rest),
        [0xFF, 0xFE, 0, 0, rest @ ..] => (Charset::Utf32Le, rest),
        [0, 0, 0xFE, 0xFF, rest @ ..] => (Charset::Utf32Be, rest),
        [0xFF, 0xFE, rest @ ..] => (Charset::Utf16Le, rest),
        [0xFE, 0xFF, rest @ ..] => (Charset::Utf16Be, rest),
        [0, 0, 0, a, ..] if *a != 0 => (Charset::Utf32Be, body),
        [a, 0, 0, 0, ..] if *a != 0 => (Charset::Utf32Le, body),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => (Charset::Utf16Be, body),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (Charset::Utf16Le, body),
        _ => (Charset::Utf8, body),
    };
    let mut replaced = 0;
    let text: Cow<'_, [u8]> = match charset {
        Charset::Utf8 | Charset::Utf8Bom => match std::str::from_utf8(rest) {
            Ok(_) => Cow::Borrowed(rest),
            Err(_) => {
                let mut s = String::with_capacity(rest.len() + 16);
                for chunk in rest.utf8_chunks() {
                    s.push_str(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        replaced += 1;
                        s.push(char::REPLACEMENT_CHARACTER);
                    }
                }
                Cow::Owned(s.into_bytes())
            }
        },
        Charset::Utf16Le | Charset::Utf16Be => {
            let le = charset == Charset::Utf16Le;
            let units = rest.chunks_exact(2).map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            let mut s = String::with_capacity(rest.len() / 2 + 16);
            for c in char::decode_utf16(units) {
                s.push(c.unwrap_or_else(|_| {
                    replaced += 1;
                    char::REPLACEMENT_CHARACTER
                }));
            }
            if rest.len() % 2 != 0 {
                replaced += 1;
                s.push(char::REPLACEMENT_CHARACTER);
            }
            Cow::Owned(s.into_bytes())
        }
        Charset::Utf32Le | Charset::Utf32Be => {
            let le = charset == Charset::Utf32Le;
            let mut s = String::with_capacity(rest.len() / 4 + 16);
            for c in rest.chunks_exact(4) {
                let bytes = [c[0], c[1], c[2], c[3]];
                let u = if le {
                    u32::from_le_bytes(bytes)
                } else {
                    u32::from_be_bytes(bytes)
                };
                s.push(char::from_u32(u).unwrap_or_else(|| {
                    replaced += 1;
                    char::REPLACEMENT_CHARACTER
                }));
            }
            if rest.len() % 4 != 0 {
                replaced += 1;
                s.push(char::REPLACEMENT_CHARACTER);
            }
            Cow::Owned(s.into_bytes())
        }
    };
    Decoded {
        text,
        decoding: Decoding { charset, replaced },
    }
}
