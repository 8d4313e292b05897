//! Value parsers for the arguments: seconds (timeouts and `--watch`),
//! yes/no words, plugin ranges, day ranges and sizes.

use crate::plugin_range::PluginRange;

/// The longest timeout or `--watch` interval: a day.
pub const MAX_SECONDS: f64 = 86_400.0;

/// What a timeout must be, for messages about a bad one.
pub const SECONDS_RULE: &str = "is not a number of seconds (more than 0, at most 86400)";

/// True for a usable timeout: more than 0 s, at most [`MAX_SECONDS`].
pub fn is_seconds(v: f64) -> bool {
    v > 0.0 && v <= MAX_SECONDS
}

/// A timeout read from text, when it is one (see [`is_seconds`]).
pub fn seconds(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| is_seconds(*v))
}

/// A timeout: more than 0 and at most a day.
pub fn parse_seconds(s: &str) -> Result<f64, String> {
    seconds(s).ok_or_else(|| format!("`{s}` {SECONDS_RULE}"))
}

/// A `--watch` interval: a number of seconds. Its range (at least 1 s,
/// at most a day) is checked by `watch`, which says so on one line.
pub(super) fn parse_interval(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| format!("`{s}` is not an interval in seconds (at least 1, at most 86400)"))
}

/// A yes/no word as `WA_SUPPORT_INSECURE` may hold it; `None` when it is
/// none of them.
pub fn parse_bool_word(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "on" => Some(true),
        "0" | "false" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}
/// A range of days to the build's expiry, and whether it was written as a
/// bare number (read with its old meaning, `N` as `N:`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DaysRange {
    /// The range.
    pub range: PluginRange,
    /// Written as a bare number.
    pub bare: bool,
}

/// A plugin range (`10`, `10:`, `~:10`, `10:20`, `@10:20`).
pub(super) fn parse_range(s: &str) -> Result<PluginRange, String> {
    s.parse()
}

/// A range of days; a bare number keeps the meaning it had before ranges
/// (`30` is "fewer than 30 days", `30:`), since the guidelines' `0:30`
/// would alert on every healthy build.
pub(super) fn parse_days_range(s: &str) -> Result<DaysRange, String> {
    let t = s.trim();
    if !t.is_empty() && t.parse::<f64>().is_ok() && !t.contains(':') {
        let range: PluginRange = format!("{t}:").parse()?;
        return Ok(DaysRange { range, bare: true });
    }
    Ok(DaysRange {
        range: t.parse()?,
        bare: false,
    })
}

pub(super) fn parse_size_arg(s: &str) -> Result<u64, String> {
    parse_size(s).map(|b| b.0)
}

/// Parses a size such as `10GiB`, `500 MB`, `1g` or `1073741824`.
/// `K`, `M`, `G`, `T` and the `…iB` forms are binary; `KB`, `MB`, `GB`,
/// `TB` are decimal (see the tests below).
pub fn parse_size(s: &str) -> Result<crate::model::Bytes, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (try 10GiB, 500MB or a number of bytes)"))?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kib" => 1024.0,
        "m" | "mib" => 1024f64.powi(2),
        "g" | "gib" => 1024f64.powi(3),
        "t" | "tib" => 1024f64.powi(4),
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "tb" => 1e12,
        other => {
            return Err(format!(
                "`{other}` is not a size unit (use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)"
            ));
        }
    };
    let bytes = num * mult;
    if !bytes.is_finite() || !(0.0..1.8e19).contains(&bytes) {
        return Err(format!("`{s}` is out of range"));
    }
    Ok(crate::model::Bytes(bytes.round() as u64))
}
