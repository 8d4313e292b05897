//! A string that must never be printed: tokens and passwords.

use std::fmt;

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

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let s = Secret::new("tok-123\n");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
        assert_eq!(s.expose(), "tok-123");
    }
}
