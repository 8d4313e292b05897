//! Threshold ranges in the monitoring-plugins syntax (`10`, `10:`, `~:10`,
//! `10:20`, `@10:20`), as Nagios, Icinga and their plugins read them.
//!
//! A range says which values are fine; a value outside it alerts. `@`
//! inverts that: a value inside alerts. A bare number `N` means `0:N`, an
//! empty end means no upper limit, and `~` as the start means no lower
//! limit. See the guidelines:
//! <https://www.monitoring-plugins.org/doc/guidelines.html#THRESHOLDFORMAT>.

use std::fmt;
use std::str::FromStr;

/// One threshold range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PluginRange {
    /// `None`: no lower limit (`~`).
    pub start: Option<f64>,
    /// `None`: no upper limit (an empty end).
    pub end: Option<f64>,
    /// `@`: alert inside the range instead of outside.
    pub inverted: bool,
}

impl PluginRange {
    /// Values at least `n` are fine (`n:`).
    pub const fn at_least(n: f64) -> PluginRange {
        PluginRange {
            start: Some(n),
            end: None,
            inverted: false,
        }
    }

    /// Values from 0 up to `n` are fine (`n`).
    pub const fn at_most(n: f64) -> PluginRange {
        PluginRange {
            start: Some(0.0),
            end: Some(n),
            inverted: false,
        }
    }

    /// Whether `value` is inside the limits (ignoring `@`).
    fn contains(&self, value: f64) -> bool {
        self.start.is_none_or(|s| value >= s) && self.end.is_none_or(|e| value <= e)
    }

    /// Whether `value` raises the alert this range stands for.
    pub fn alerts(&self, value: f64) -> bool {
        self.contains(value) == self.inverted
    }

    /// Whether every value that alerts under `self` also alerts under
    /// `other`: a critical range must be at most as strict as its warning
    /// range, or the warning could never show. Ranges of both kinds (one
    /// inverted, one not) compare by the values they alert on, over the
    /// real numbers: `@0:2` alerts within `5:` (both alert on 1), `5:` does
    /// not alert within `@0:2` (only `5:` alerts on 3).
    pub fn alerts_within(&self, other: &PluginRange) -> bool {
        let lower = |r: &PluginRange| r.start.unwrap_or(f64::NEG_INFINITY);
        let upper = |r: &PluginRange| r.end.unwrap_or(f64::INFINITY);
        let (a, b, c, d) = (lower(self), upper(self), lower(other), upper(other));
        match (self.inverted, other.inverted) {
            // Alerts inside: self's inside must lie within other's inside.
            (true, true) => a >= c && b <= d,
            // Alerts outside: self's fine values must cover other's.
            (false, false) => a <= c && b >= d,
            // Self alerts on [a, b], other on what lies outside [c, d]:
            // the two must not meet.
            (true, false) => b < c || a > d,
            // Self alerts below a and above b, other only on [c, d]: each
            // side that self has must lie within [c, d].
            (false, true) => {
                (self.start.is_none() || (other.start.is_none() && a <= d))
                    && (self.end.is_none() || (other.end.is_none() && c <= b))
            }
        }
    }

    /// How a value that alerts stands to the range, for a message:
    /// `below 5`, `above 10`, `inside @3:4`.
    pub fn why_alerts(&self, value: f64) -> String {
        if self.inverted {
            format!("inside {self}")
        } else if self.start.is_some_and(|s| value < s) {
            format!("below {}", self.start.unwrap_or_default())
        } else {
            format!("above {}", self.end.unwrap_or_default())
        }
    }
}

fn number(s: &str, what: &str, whole: &str) -> Result<f64, String> {
    let n: f64 = s
        .parse()
        .map_err(|_| format!("`{whole}`: the {what} `{s}` is not a number"))?;
    if n.is_finite() {
        Ok(n)
    } else {
        Err(format!("`{whole}`: the {what} must be a finite number"))
    }
}

impl FromStr for PluginRange {
    type Err = String;

    fn from_str(text: &str) -> Result<PluginRange, String> {
        let whole = text.trim();
        if whole.is_empty() {
            return Err("an empty range (try `10:` or `~:5` or `@5:10`)".into());
        }
        let (inverted, body) = match whole.strip_prefix('@') {
            Some(rest) => (true, rest),
            None => (false, whole),
        };
        let (start, end) = match body.split_once(':') {
            None => (Some(0.0), Some(number(body, "end", whole)?)),
            Some((s, e)) => {
                let start = match s {
                    "~" => None,
                    "" => Some(0.0),
                    s => Some(number(s, "start", whole)?),
                };
                let end = match e {
                    "" => None,
                    e => Some(number(e, "end", whole)?),
                };
                (start, end)
            }
        };
        if let (Some(s), Some(e)) = (start, end)
            && s > e
        {
            return Err(format!("`{whole}`: the start is above the end"));
        }
        Ok(PluginRange {
            start,
            end,
            inverted,
        })
    }
}

impl fmt::Display for PluginRange {
    /// The shortest form that reads back to the same range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inverted {
            f.write_str("@")?;
        }
        match (self.start, self.end) {
            (Some(s), Some(e)) if s == 0.0 && !self.inverted => write!(f, "{e}"),
            (Some(s), Some(e)) => write!(f, "{s}:{e}"),
            (Some(s), None) => write!(f, "{s}:"),
            (None, Some(e)) => write!(f, "~:{e}"),
            (None, None) => f.write_str("~:"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> PluginRange {
        s.parse().unwrap()
    }

    #[test]
    fn the_guidelines_examples_alert_where_they_say() {
        // (range, values that alert, values that do not)
        let cases: [(&str, &[f64], &[f64]); 5] = [
            ("10", &[-1.0, 11.0], &[0.0, 10.0, 5.5]),
            ("10:", &[9.99, -5.0], &[10.0, 1e9]),
            ("~:10", &[10.5], &[10.0, -1e9]),
            ("10:20", &[9.0, 21.0], &[10.0, 20.0, 15.0]),
            ("@10:20", &[10.0, 20.0, 15.0], &[9.0, 21.0]),
        ];
        for (range, alert, fine) in cases {
            for v in alert {
                assert!(r(range).alerts(*v), "{range} should alert on {v}");
            }
            for v in fine {
                assert!(!r(range).alerts(*v), "{range} should not alert on {v}");
            }
        }
    }

    #[test]
    fn empty_start_is_zero_and_tilde_is_no_limit() {
        assert_eq!(r(":5"), r("0:5"));
        assert_eq!(
            r("~:"),
            PluginRange {
                start: None,
                end: None,
                inverted: false
            }
        );
        assert!(!r("~:").alerts(-1e300));
    }

    #[test]
    fn bad_ranges_are_refused_with_the_reason() {
        for (bad, why) in [
            ("", "empty"),
            ("abc", "not a number"),
            ("5:x", "not a number"),
            ("20:10", "start is above the end"),
            ("inf", "finite"),
            ("@", "not a number"),
        ] {
            let e = bad.parse::<PluginRange>().unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn display_reads_back_to_the_same_range() {
        for s in ["10", "10:", "~:10", "10:20", "@10:20", "@0:5", "1.5:", "~:"] {
            let range = r(s);
            assert_eq!(range.to_string().parse::<PluginRange>(), Ok(range), "{s}");
        }
        assert_eq!(r("0:10").to_string(), "10");
        assert_eq!(r("@0:10").to_string(), "@0:10");
    }

    #[test]
    fn a_critical_range_looser_than_its_warning_is_detected() {
        // Alert below 10 (warn) and below 5 (crit): fine.
        assert!(r("5:").alerts_within(&r("10:")));
        // Crit alerts below 20 while warn only below 10: looser.
        assert!(!r("20:").alerts_within(&r("10:")));
        // Upper limits: warn above 10, crit above 20.
        assert!(r("~:20").alerts_within(&r("~:10")));
        assert!(!r("~:5").alerts_within(&r("~:10")));
        // Inverted: crit inside 12..18 within warn inside 10..20.
        assert!(r("@12:18").alerts_within(&r("@10:20")));
        assert!(!r("@5:18").alerts_within(&r("@10:20")));
        // Mixed kinds compare by the values they alert on.
        assert!(!r("@10:20").alerts_within(&r("10:20")));
        assert!(r("10:").alerts_within(&r("10:")));
        assert!(r("@0:2").alerts_within(&r("5:")));
        assert!(
            !r("@0:5").alerts_within(&r("5:")),
            "both alert on 4.5, not on 5"
        );
        assert!(r("@0:4.9").alerts_within(&r("5:")));
        assert!(r("@30:40").alerts_within(&r("~:20")));
        assert!(!r("@10:40").alerts_within(&r("~:20")));
        assert!(!r("5:").alerts_within(&r("@0:2")));
        assert!(
            r("~:10").alerts_within(&r("@5:")),
            "above 10 lies within 5.."
        );
        assert!(
            !r("~:4").alerts_within(&r("@5:")),
            "4.5 alerts only under ~:4"
        );
        assert!(r("3:").alerts_within(&r("@~:3")), "below 3 lies within ..3");
        assert!(
            !r("3:10").alerts_within(&r("@~:3")),
            "11 alerts only under 3:10"
        );
        assert!(r("~:").alerts_within(&r("@1:2")), "~: alerts on nothing");
    }

    #[test]
    fn why_a_value_alerts() {
        assert_eq!(r("5:").why_alerts(4.0), "below 5");
        assert_eq!(r("~:10").why_alerts(11.0), "above 10");
        assert_eq!(r("3").why_alerts(-1.0), "below 0");
        assert_eq!(r("@3:4").why_alerts(3.0), "inside @3:4");
    }

    #[test]
    fn mixed_kinds_compare_at_their_edges() {
        // @10:20 alerts on 10, which ~:10 does not alert on.
        assert!(!r("@10:20").alerts_within(&r("~:10")));
        assert!(r("@10:20").alerts_within(&r("~:9.5")));
        assert!(r("@10:20").alerts_within(&r("20.5:")));
        assert!(!r("@10:20").alerts_within(&r("20:")));
        // 5: alerts on 0, which @3:10 does not alert on.
        assert!(!r("5:").alerts_within(&r("@3:10")));
        assert!(!r("~:5").alerts_within(&r("@3:10")));
        assert!(r("~:").alerts_within(&r("@3:10")));
    }

    #[test]
    fn the_constructors_are_the_forms_they_name() {
        assert_eq!(PluginRange::at_least(3.0), r("3:"));
        assert_eq!(PluginRange::at_most(3.0), r("3"));
    }
}
