//! Thresholds: the limits that turn a value into a warning or a critical
//! finding, with the defaults the command line starts from, and the
//! topology a deployment is expected to have.
//!
//! Counted figures (days to expiry, nodes up, nodes in error, unowned
//! shards) take ranges in the monitoring-plugins syntax ([`PluginRange`]):
//! a value the range alerts on raises the finding. Sizes keep their units.

use crate::model::Bytes;
use crate::plugin_range::PluginRange;

/// Limits that turn a value into a warning or a critical finding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Free space below this is a warning.
    pub space_warn: Bytes,
    /// Free space below this is critical.
    pub space_crit: Bytes,
    /// Whole days to the build's expiry that draw a warning when the range
    /// alerts on them (default `30:`: fewer than 30).
    pub expiry_warn: PluginRange,
    /// Whole days to the build's expiry that are critical when the range
    /// alerts on them (default `7:`: fewer than 7); an expired build is
    /// always critical.
    pub expiry_crit: PluginRange,
    /// Ranges for the counted figures; `None` never alerts.
    pub counted: Counted,
    /// The topology the deployment should have.
    pub expect: Expect,
}

/// Warning and critical ranges of the counted figures. None is set by
/// default, so they only add alerts when given.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counted {
    /// Nodes connected to the WhatsApp servers.
    pub nodes_up: Limits,
    /// Nodes that answered with errors.
    pub nodes_error: Limits,
    /// Regular shards without an owner.
    pub unowned_shards: Limits,
}

/// A figure's warning and critical ranges.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limits {
    /// Alerts here draw a warning.
    pub warn: Option<PluginRange>,
    /// Alerts here are critical.
    pub crit: Option<PluginRange>,
}

impl Limits {
    /// The severity `value` draws, and the range that says so: critical
    /// first, then warning.
    pub fn judge(&self, value: f64) -> Option<(super::Severity, PluginRange)> {
        use super::Severity;
        if let Some(c) = self.crit.filter(|c| c.alerts(value)) {
            return Some((Severity::Critical, c));
        }
        self.warn
            .filter(|w| w.alerts(value))
            .map(|w| (Severity::Warning, w))
    }
}

/// The expected topology: fewer nodes than expected is critical, more a
/// warning; every regular shard below the expected count needs an owner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expect {
    /// How many nodes the answer should list.
    pub nodes: Option<u32>,
    /// How many regular shards (ids `0..N`) should be owned.
    pub shards: Option<u32>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            space_warn: Bytes(10 << 30),
            space_crit: Bytes(1 << 30),
            expiry_warn: PluginRange::at_least(30.0),
            expiry_crit: PluginRange::at_least(7.0),
            counted: Counted::default(),
            expect: Expect::default(),
        }
    }
}

impl Thresholds {
    /// These thresholds with `fallback`'s expected counts where no flag or
    /// environment variable set them (flag, else environment, else e.g.
    /// the profile's).
    pub fn or_expected(mut self, fallback: Expect) -> Thresholds {
        self.expect.nodes = self.expect.nodes.or(fallback.nodes);
        self.expect.shards = self.expect.shards.or(fallback.shards);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> PluginRange {
        s.parse().unwrap()
    }

    #[test]
    fn defaults_keep_the_old_verdicts() {
        let t = Thresholds::default();
        // Fewer than 30 days warn, fewer than 7 are critical.
        assert!(t.expiry_warn.alerts(29.0) && !t.expiry_warn.alerts(30.0));
        assert!(t.expiry_crit.alerts(6.0) && !t.expiry_crit.alerts(7.0));
        for v in [0.0, 1.0, 1e6] {
            assert_eq!(t.counted.nodes_up.judge(v), None);
            assert_eq!(t.counted.nodes_error.judge(v), None);
            assert_eq!(t.counted.unowned_shards.judge(v), None);
        }
        assert_eq!(t.expect, Expect::default());
    }

    #[test]
    fn critical_wins_then_warning_at_the_limits() {
        use crate::diagnose::Severity::{Critical, Warning};
        let l = Limits {
            warn: Some(r("5:")),
            crit: Some(r("3:")),
        };
        assert_eq!(l.judge(2.0), Some((Critical, r("3:"))));
        assert_eq!(l.judge(3.0), Some((Warning, r("5:"))));
        assert_eq!(l.judge(4.0), Some((Warning, r("5:"))));
        assert_eq!(l.judge(5.0), None);
        let only_crit = Limits {
            warn: None,
            crit: Some(r("@1:2")),
        };
        assert_eq!(only_crit.judge(0.0), None);
        assert_eq!(only_crit.judge(1.0), Some((Critical, r("@1:2"))));
        assert_eq!(only_crit.judge(2.0), Some((Critical, r("@1:2"))));
        assert_eq!(only_crit.judge(3.0), None);
    }

    #[test]
    fn flags_beat_the_fallback() {
        let p = Expect {
            nodes: Some(6),
            shards: Some(4),
        };
        let t = Thresholds::default().or_expected(p);
        assert_eq!((t.expect.nodes, t.expect.shards), (Some(6), Some(4)));
        let mut given = Thresholds::default();
        given.expect.nodes = Some(3);
        let t = given.or_expected(p);
        assert_eq!((t.expect.nodes, t.expect.shards), (Some(3), Some(4)));
        let t = Thresholds::default().or_expected(Expect::default());
        assert_eq!(t.expect, Expect::default());
    }
}
