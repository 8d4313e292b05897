//! Build expiry, judged against the right clock: the node's own
//! `device_iso8601` when it is within a day of this machine's, else this
//! machine's clock (with a `clock-skew` warning). Expiries before 2015 are
//! placeholders, and under a day left reads in hours.

use super::message::as_sent;
use super::{Finding, FindingCode, Severity, Thresholds, push};
use crate::model::Node;
use crate::safe::ServerText;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The clock a node's build expiry is measured against: the node's own
/// `device_iso8601` when it is within a day of `now`, else `now`. The
/// second value is the node clock's offset from `now` in seconds (positive:
/// ahead) when it is further off than that.
pub fn reference_clock(node: &Node, now: jiff::Timestamp) -> (jiff::Timestamp, Option<i64>) {
    let device = node
        .info
        .device_iso8601
        .as_ref()
        .map(ServerText::raw)
        .and_then(parse_time);
    match device {
        Some(d) => {
            let skew = d.as_second() - now.as_second();
            if skew.abs() <= DAY {
                (d, None)
            } else {
                (now, Some(skew))
            }
        }
        None => (now, None),
    }
}

/// No build expires before 2015-01-01T00:00:00Z: an earlier expiry (`-1`,
/// `0`, a 1970 date) is a placeholder, not a date.
pub const EARLIEST_EXPIRY: i64 = 1_420_070_400;

/// Seconds from the reference clock (see [`reference_clock`]) until the
/// node's build expires, when the node gives an expiry; `Err` holds an
/// expiry that is not a time, or one before [`EARLIEST_EXPIRY`].
/// `expire_timestamp` without a zone is UTC.
pub fn seconds_to_expiry(node: &Node, now: jiff::Timestamp) -> Option<Result<i64, String>> {
    let raw = node.info.expire_timestamp.as_ref()?.raw().trim();
    let Some(expires) = parse_time(raw).filter(|t| t.as_second() >= EARLIEST_EXPIRY) else {
        return Some(Err(raw.to_string()));
    };
    let (reference, _) = reference_clock(node, now);
    Some(Ok(expires.as_second() - reference.as_second()))
}

/// Whole days until the node's build expires (negative once expired), as
/// [`seconds_to_expiry`].
pub fn days_to_expiry(node: &Node, now: jiff::Timestamp) -> Option<Result<i64, String>> {
    seconds_to_expiry(node, now).map(|r| r.map(|s| s.div_euclid(DAY)))
}

/// Reads Unix seconds (digits), a timestamp with an offset (converted to
/// UTC), or a civil date-time or date as UTC.
pub fn parse_time(s: &str) -> Option<jiff::Timestamp> {
    let s = s.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .ok()
            .and_then(|n| jiff::Timestamp::from_second(n).ok());
    }
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return jiff::tz::Offset::UTC.to_timestamp(dt).ok();
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return jiff::tz::Offset::UTC
            .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .ok();
    }
    None
}

/// A span of time for people: hours under a day, else whole days.
fn span(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    if secs >= DAY as u64 {
        format!("{} day(s)", secs / DAY as u64)
    } else if secs >= 3600 {
        format!("{} hour(s)", secs / 3600)
    } else {
        "less than an hour".to_string()
    }
}

/// The vendor's end of the On-Premises API: no newer build will come.
const SUNSET: &str = "no newer build exists: the vendor ended the On-Premises API on 2025-10-23";

/// The expiry and clock findings of a node that gave its status.
pub(super) fn findings(node: &Node, t: &Thresholds, now: jiff::Timestamp, out: &mut Vec<Finding>) {
    let name = Some(&node.name);
    let device = node.info.device_iso8601.as_ref().map(ServerText::raw);
    if let Some(raw) = device.filter(|d| parse_time(d).is_none()) {
        push(
            out,
            Severity::Note,
            FindingCode::ClockUnreadable,
            name,
            format!(
                "cannot read the node's clock (device_iso8601 {}); build expiry is judged by this machine's clock",
                as_sent(raw)
            ),
        );
    }
    if let (_, Some(skew)) = reference_clock(node, now) {
        push(
            out,
            Severity::Warning,
            FindingCode::ClockSkew,
            name,
            format!(
                "the node's clock (device_iso8601 {}) is {} {} this machine's; build expiry is judged by this machine's clock",
                as_sent(device.unwrap_or_default()),
                span(skew),
                if skew < 0 { "behind" } else { "ahead of" },
            ),
        );
    }
    match seconds_to_expiry(node, now) {
        Some(Ok(secs)) => {
            let days = secs.div_euclid(DAY);
            let (sev, code) = if secs < 0 {
                (Severity::Critical, FindingCode::BuildExpired)
            } else if t.expiry_crit.alerts(days as f64) {
                (Severity::Critical, FindingCode::BuildExpiring)
            } else if t.expiry_warn.alerts(days as f64) {
                (Severity::Warning, FindingCode::BuildExpiring)
            } else {
                return;
            };
            let message = if secs < 0 {
                format!(
                    "this client build expired {} ago and {SUNSET}; migrate the number to the Cloud API",
                    span(secs)
                )
            } else {
                format!(
                    "this client build expires in {} and {SUNSET}; plan the migration to the Cloud API",
                    span(secs)
                )
            };
            push(out, sev, code, name, message);
        }
        Some(Err(raw)) => push(
            out,
            Severity::Warning,
            FindingCode::ExpiryUnreadable,
            name,
            format!(
                "cannot read the build expiry {}{}",
                as_sent(&raw),
                if parse_time(&raw).is_some() {
                    " (a date before 2015 is a placeholder, not an expiry)"
                } else {
                    ""
                }
            ),
        ),
        None => {}
    }
}

#[cfg(test)]
mod tests;
