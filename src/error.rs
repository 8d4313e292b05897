//! The library's error type: one line for a person, saying what happened and
//! what to try, plus a kind that decides the exit code and the check state.

use std::fmt;

/// What went wrong, broadly: each kind maps to an exit code in the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The arguments, the environment or the config file are not usable.
    Usage,
    /// The server could not be reached or did not answer in time.
    Network,
    /// The TLS handshake failed (certificate not trusted, wrong name, ...).
    Tls,
    /// The server answered with a non-success status.
    Http,
    /// The answer was received but is not a readable /v1/support answer.
    Parse,
    /// A local file could not be read or written.
    Io,
}

/// An error with a one-line message and an optional hint.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
    status: Option<u16>,
}

impl Error {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
            status: None,
        }
    }

    /// Adds what the user can try.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Records the HTTP status that caused this error.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The broad kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status, for errors caused by a server's answer.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// What happened, without the hint.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to try, if anything.
    pub fn hint_text(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// Rewrites the message and the hint with `f` (e.g. to mask secrets:
    /// `crate::secret`'s `Error::masked`).
    pub fn map_text(mut self, f: impl Fn(&str) -> String) -> Self {
        self.message = f(&self.message);
        self.hint = self.hint.map(|h| f(&h));
        self
    }

    /// Prefixes the message with context ("node X: ...").
    pub fn context(mut self, ctx: impl fmt::Display) -> Self {
        self.message = format!("{ctx}: {}", self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Always one line, and safe for a terminal: a server's text (an
        // error title, a node name in a path) could carry newlines, escape
        // sequences or bidi overrides.
        let one_line = |s: &str| {
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            crate::safe::escape(&folded).into_owned()
        };
        write!(f, "{}", one_line(&self.message))?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {})", one_line(h))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Shorthand for results with the library's error.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_with_hint() {
        let e = Error::new(ErrorKind::Http, "server said\nno\r\n more")
            .hint("try\nagain")
            .with_status(503);
        assert_eq!(e.to_string(), "server said no more (hint: try again)");
        assert_eq!(e.status(), Some(503));
        assert_eq!(e.kind(), ErrorKind::Http);
    }

    #[test]
    fn display_escapes_terminal_controls() {
        let e = Error::new(
            ErrorKind::Parse,
            "`support.h\x1b]0;x\x07:c.shards` bad \u{202e}",
        );
        let s = e.to_string();
        assert!(
            !s.contains('\x1b') && !s.contains('\x07') && !s.contains('\u{202e}'),
            "{s}"
        );
        assert!(s.contains("h\\e]0;x\\a:c"), "{s}");
    }

    #[test]
    fn context_prefixes() {
        let e = Error::new(ErrorKind::Parse, "bad").context("node a");
        assert_eq!(e.message(), "node a: bad");
    }
}
