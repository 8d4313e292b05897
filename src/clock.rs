//! The one clock the commands read.
//!
//! Expiry, clock skew and the report's time are judged against "now". It is
//! the system clock unless `WA_SUPPORT_NOW` names another instant (RFC 3339,
//! e.g. `2026-11-25T12:00:00Z`): a support engineer can then judge a saved
//! answer as of the moment it was saved, and tests get a fixed clock.

use std::sync::OnceLock;

/// The variable that fixes the clock.
pub const NOW_VAR: &str = "WA_SUPPORT_NOW";

/// Now: `WA_SUPPORT_NOW` when set and readable, else the system clock. An
/// unreadable value is warned about once and the system clock is used.
pub fn now() -> jiff::Timestamp {
    static FIXED: OnceLock<Option<jiff::Timestamp>> = OnceLock::new();
    let fixed = FIXED.get_or_init(|| {
        let v = std::env::var_os(NOW_VAR)?;
        let text = v.to_string_lossy();
        match parse(&text) {
            Some(t) => Some(t),
            None => {
                crate::term::warn(&format!(
                    "{NOW_VAR}: \"{}\" is not a time like 2026-11-25T12:00:00Z; using the system clock",
                    crate::safe::escape(&text)
                ));
                None
            }
        }
    });
    fixed.unwrap_or_else(jiff::Timestamp::now)
}

/// Now as RFC 3339 text to the second (`2026-11-25T12:00:00Z`), as the
/// commands print it.
pub fn now_rfc3339() -> String {
    now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Reads an RFC 3339 instant (`Z` or an offset).
fn parse(text: &str) -> Option<jiff::Timestamp> {
    text.trim().parse::<jiff::Timestamp>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_instants_with_zone_or_offset() {
        assert_eq!(
            parse("2026-11-25T12:00:00Z").map(|t| t.as_second()),
            Some(1_795_608_000)
        );
        assert_eq!(
            parse(" 2026-11-25T13:00:00+01:00 ").map(|t| t.as_second()),
            Some(1_795_608_000)
        );
        assert_eq!(parse("2026-11-25 12:00"), None);
        assert_eq!(parse("yesterday"), None);
    }
}
