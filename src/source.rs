//! Where the answer comes from — stdin, a saved file or the server — as
//! one [`Source`], and reading it once into a [`Loaded`] answer.
//!
//! The settings decide the source; the source knows where its bytes came
//! from ([`Origin`]) and what to call it in a report, so no command has to
//! work that out again. Known secrets are masked in the bytes before
//! anything else looks at them; redaction, when asked, happens before the
//! model is built, so a redacted command never holds the clear answer
//! longer than it takes to parse it.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::client::{Client, DEFAULT_MAX_BODY};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{SupportAnswer, check_json_text, decode_body, parse_text};
use crate::redact::{RedactOptions, redact};
use crate::render::json::SourceInfo;
use crate::secret::Secret;
use crate::settings::Settings;
use crate::term::warn;

/// Where a command reads its answer.
pub enum Source {
    /// `--file -`.
    Stdin,
    /// `--file PATH`: a saved answer.
    File(PathBuf),
    /// `--url` (or the profile's): the server, asked once per load (boxed:
    /// a client is large beside a path).
    Server(Box<Client>),
}

/// Where a loaded answer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Standard input.
    Stdin,
    /// A saved answer's file.
    File(PathBuf),
    /// The server that answered.
    Server {
        /// Its host, and port when not the default.
        host: String,
    },
}

impl Origin {
    /// `url` or `file`, as the normalized JSON's `source.kind` says.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Stdin | Origin::File(_) => "file",
            Origin::Server { .. } => "url",
        }
    }

    /// The host that answered, or the file's path (`-` for stdin).
    pub fn name(&self) -> String {
        match self {
            Origin::Stdin => "-".to_string(),
            Origin::File(path) => path.display().to_string(),
            Origin::Server { host } => host.clone(),
        }
    }

    /// The node name of a single-node answer (it names no node itself).
    pub fn single_node_name(&self) -> String {
        match self {
            Origin::Stdin | Origin::File(_) => "local".to_string(),
            Origin::Server { host } => host.clone(),
        }
    }

    /// The host that answered, which redaction masks wherever the answer
    /// repeats it.
    fn host(&self) -> Option<&str> {
        match self {
            Origin::Server { host } => Some(host),
            _ => None,
        }
    }
}

/// What a command prints besides the model; the rest is dropped as soon
/// as it is parsed, since a large answer held twice costs memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// The parsed, maybe redacted, JSON (reports, `--json --redact`).
    pub json: bool,
}

/// A status read from a server or a file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The body parsed (and redacted, when asked) as pretty JSON text made
    /// safe for a terminal; kept only when the command prints it.
    pub json: Option<String>,
    /// The answer read.
    pub answer: SupportAnswer,
    /// Where the answer came from.
    pub origin: Origin,
    /// The host or file name as shown (aliased when redacted).
    pub name: String,
    /// When it was fetched or read (RFC 3339, UTC).
    pub at: String,
    /// What redaction masked, one line (`Redacted: 1 phone number, …`);
    /// `None` when the answer was not redacted.
    pub redaction_summary: Option<String>,
    /// With redaction, the pseudonyms given out (to redact `/v1/health`
    /// alike for `--health`).
    pub aliases: Option<crate::redact::Aliases>,
}

impl Loaded {
    /// Where the answer came from, for the normalized JSON.
    pub fn source_info(&self) -> SourceInfo {
        SourceInfo {
            kind: self.origin.kind(),
            name: self.name.clone(),
            at: self.at.clone(),
        }
    }

    /// True when the answer was redacted.
    pub fn is_redacted(&self) -> bool {
        self.redaction_summary.is_some()
    }

    /// Lets go of a model at the end of a command without freeing it
    /// string by string: that would only cost time (up to a tenth of a
    /// large answer's), and the end of the process frees it at once.
    pub fn discard(self) {
        std::mem::forget(self);
    }
}

/// The client for `url`; the token is read by the caller, just before it
/// is needed. Warns when the certificate is not verified.
pub fn connect(s: &Settings, url: &str, token: Option<Secret>) -> Result<Client> {
    let sends = token.is_some().then_some("the token");
    connect_sending(s, url, token, sends)
}

/// As [`connect`], naming the secret the request sends (`the password`)
/// for the warning.
pub fn connect_sending(
    s: &Settings,
    url: &str,
    token: Option<Secret>,
    sends: Option<&str>,
) -> Result<Client> {
    let client = Client::new(s.client_options(url, token))?;
    // Plain http has no certificate to skip: no warning about one.
    if let Some(by) = &s.insecure
        && client.target().scheme == "https"
    {
        warn(&by.warning(sends));
    }
    Ok(client)
}

fn no_source() -> Error {
    Error::new(ErrorKind::Usage, "no server or file given")
        .hint("pass --url https://HOST:PORT (or set WA_SUPPORT_URL, or use a profile), or --file PATH for a saved answer")
}

impl Source {
    /// The source the settings name: a file (`-` is stdin) before a
    /// server. For a server the token is read now and the client built.
    pub fn open(s: &Settings) -> Result<Source> {
        match (&s.file, &s.url) {
            (Some(path), _) if path.as_os_str() == "-" => Ok(Source::Stdin),
            (Some(path), _) => Ok(Source::File(path.clone())),
            (None, Some(url)) => {
                connect(s, url, s.read_token(url)?).map(|c| Source::Server(Box::new(c)))
            }
            (None, None) => Err(no_source()),
        }
    }

    /// The target as a report names it: `file NAME`, or the server. The
    /// server is named by the host and port asked, unless the answer was
    /// redacted: then by the (aliased) host that answered.
    pub fn report_target(&self, loaded: &Loaded) -> String {
        match self {
            Source::Stdin | Source::File(_) => format!("file {}", loaded.name),
            Source::Server(c) if !loaded.is_redacted() => c.target().host_and_port(),
            Source::Server(_) => loaded.name.clone(),
        }
    }

    /// Fetches or reads the body once, with where it came from.
    fn obtain(&self, s: &Settings) -> Result<(Vec<u8>, Origin)> {
        match self {
            Source::Stdin => Ok((read_bounded(None)?, Origin::Stdin)),
            Source::File(path) => {
                let body = read_bounded(Some(path))?;
                // A bundle (`wa-support bundle`): its /v1/support answer.
                let body = match crate::bundle::is_bundle(&body) {
                    true => crate::bundle::read_support(path)?,
                    false => body,
                };
                Ok((body, Origin::File(path.clone())))
            }
            Source::Server(c) => {
                let got = crate::credentials::fetch_support(c, s)?;
                Ok((got.body, Origin::Server { host: got.host }))
            }
        }
    }

    /// Fetches or reads the answer once, redacting when asked; `keep` says
    /// what to hold on to besides the model. The text is decoded first
    /// (UTF-16/32 converted, invalid bytes replaced and counted in
    /// `answer.decoding`); odd values degrade a field or a node, and only
    /// an answer with no node to show is an error.
    pub fn load(
        &self,
        s: &Settings,
        redaction: Option<RedactOptions>,
        keep: Keep,
    ) -> Result<Loaded> {
        let (raw, origin) = self.obtain(s)?;
        let at = crate::clock::now_rfc3339();
        let raw = crate::secret::mask_known(raw, &s.known_secrets());
        let single_name = origin.single_node_name();
        let mut name = origin.name();
        if redaction.is_none() && !keep.json {
            // Node by node: no JSON tree of the whole answer.
            let decoded = decode_body(&raw);
            let mut answer =
                SupportAnswer::from_text(&decoded.text, &single_name).map_err(|e| s.explain(e))?;
            answer.decoding = decoded.decoding;
            drop(decoded);
            return Ok(Loaded {
                json: None,
                answer,
                origin,
                name,
                at,
                redaction_summary: None,
                aliases: None,
            });
        }
        let r = crate::redact::read_answer(raw, redaction, origin.host().as_slice(), &single_name)
            .map_err(|e| s.explain(e))?;
        // The target (a file name often carries the number and the host)
        // is redacted like the answer.
        if let Some(a) = &r.aliases {
            name = a.apply(&name);
        }
        Ok(Loaded {
            json: keep.json.then_some(r.text),
            answer: r.answer,
            origin,
            name,
            at,
            redaction_summary: r.aliases.as_ref().map(|a| a.summary()),
            aliases: r.aliases,
        })
    }

    /// The body for `show --json`: any JSON body, whether or not it is an
    /// answer the model can read (so "save it with --json" always works).
    /// Printed as received, except that UTF-16/32 is converted to UTF-8 and
    /// the characters that must not reach a terminal raw are written as
    /// `\uXXXX` escapes (see [`escape_raw_json`]); with redaction, parsed,
    /// redacted and pretty-printed. Only a body
    /// that is not JSON is an error. The body is not parsed into a tree
    /// unless redacted.
    pub fn load_json(&self, s: &Settings, redaction: Option<RedactOptions>) -> Result<Vec<u8>> {
        let (raw, origin) = self.obtain(s)?;
        let raw = crate::secret::mask_known(raw, &s.known_secrets());
        let decoded = decode_body(&raw);
        let Some(opts) = redaction else {
            check_json_text(&decoded.text)?;
            let body = if decoded.decoding.charset.is_converted() {
                decoded.text.into_owned()
            } else {
                drop(decoded);
                raw
            };
            return Ok(escape_raw_json(body));
        };
        let mut json = parse_text(&decoded.text)?;
        drop(decoded);
        drop(raw);
        redact(&mut json, opts, origin.host().as_slice());
        let mut text =
            crate::safe::json_safe(&serde_json::to_string_pretty(&json).unwrap_or_default());
        text.push('\n');
        Ok(text.into_bytes())
    }
}

/// A JSON text with each raw C0 character (other than the JSON white space
/// tab, line feed and carriage return), DEL, C1, bidi control,
/// zero-width or invisible character and U+2028/U+2029 replaced by its
/// `\uXXXX` escape (a UTF-16 surrogate pair beyond the BMP), in one pass.
/// In valid JSON these characters can only be inside strings, so the
/// result is the same JSON value; without them the text comes back byte
/// for byte. Invalid UTF-8 (only inside strings, too) is written as the
/// `\ufffd` the tool read it as.
fn escape_raw_json(text: Vec<u8>) -> Vec<u8> {
    let unsafe_char = |c: char| crate::safe::is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r');
    if let Ok(s) = std::str::from_utf8(&text)
        && !s.chars().any(unsafe_char)
    {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 64);
    for chunk in text.utf8_chunks() {
        for c in chunk.valid().chars() {
            if unsafe_char(c) {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            } else {
                out.push(c);
            }
        }
        if !chunk.invalid().is_empty() {
            out.push_str("\\ufffd");
        }
    }
    out.into_bytes()
}

/// Reads a saved answer (`None` is stdin), bounded like a server's answer.
fn read_bounded(path: Option<&Path>) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let limit = DEFAULT_MAX_BODY + 1;
    let res = match path {
        None => std::io::stdin().lock().take(limit).read_to_end(&mut buf),
        Some(path) => std::fs::File::open(path).and_then(|f| {
            // Sized once: growing by doubling would hold up to twice the answer.
            let len = f.metadata().map(|m| m.len()).unwrap_or(0).min(limit);
            buf.reserve_exact(len as usize + 1);
            f.take(limit).read_to_end(&mut buf)
        }),
    };
    let shown = path.unwrap_or(Path::new("-")).display();
    res.map_err(|e| {
        Error::new(ErrorKind::Io, format!("cannot read {shown}: {e}"))
            .hint("check the path given to --file")
    })?;
    if buf.len() as u64 > DEFAULT_MAX_BODY {
        return Err(Error::new(
            ErrorKind::Parse,
            format!("{shown} is larger than 32 MiB; refused"),
        )
        .hint("this is not a /v1/support answer"));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_name_their_kind_and_place() {
        let file = Origin::File(PathBuf::from("saved/a.json"));
        assert_eq!((file.kind(), file.name()), ("file", "saved/a.json".into()));
        assert_eq!(
            (Origin::Stdin.kind(), Origin::Stdin.name()),
            ("file", "-".into())
        );
        let server = Origin::Server {
            host: "wa.example.com:9090".into(),
        };
        assert_eq!(server.kind(), "url");
        assert_eq!(server.name(), "wa.example.com:9090");
        assert_eq!(server.host(), Some("wa.example.com:9090"));
        assert_eq!(file.host(), None);
        assert_eq!(file.single_node_name(), "local");
        assert_eq!(server.single_node_name(), "wa.example.com:9090");
    }

    #[test]
    fn raw_json_gets_escapes_for_terminal_controls_and_keeps_its_value() {
        let body = "{\"a\":\"ubuntu\u{202e}\u{85}\u{9b}2J\u{9d}0;PWN\u{9c}\u{2028}\u{E0041}\u{7f}\u{200b}\"}\r\n\t";
        let out = String::from_utf8(escape_raw_json(body.as_bytes().to_vec())).unwrap();
        assert_eq!(
            out,
            "{\"a\":\"ubuntu\\u202e\\u0085\\u009b2J\\u009d0;PWN\\u009c\\u2028\\udb40\\udc41\\u007f\\u200b\"}\r\n\t"
        );
        let v = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
        assert_eq!(v(&out), v(body));
        // Nothing to escape: the same bytes.
        let plain = b"{ \"a\" : \"\xc3\xa9 \\u202e\" }\n".to_vec();
        assert_eq!(escape_raw_json(plain.clone()), plain);
        // Invalid UTF-8 in a string (with a raw C1 byte): what it was read as.
        let bad = [&b"{\"a\":\"x\x9by"[..], "\u{2028}\"}".as_bytes()].concat();
        let out = escape_raw_json(bad);
        assert_eq!(out, b"{\"a\":\"x\\ufffdy\\u2028\"}");
    }

    #[test]
    fn a_file_too_large_is_refused_and_a_missing_one_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.json");
        let e = read_bounded(Some(&missing)).unwrap_err();
        assert!(e.to_string().contains("nope.json"), "{e}");
        let big = dir.path().join("big.json");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(DEFAULT_MAX_BODY + 1).unwrap();
        let e = read_bounded(Some(&big)).unwrap_err();
        assert!(e.to_string().contains("larger than 32 MiB"), "{e}");
    }
}
