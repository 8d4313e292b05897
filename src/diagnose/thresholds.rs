//! Thresholds: the limits that turn a value into a warning or a critical
//! finding, with the defaults the command line starts from.

use crate::model::Bytes;

/// Limits that turn a value into a warning or a critical finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Free space below this is a warning.
    pub space_warn: Bytes,
    /// Free space below this is critical.
    pub space_crit: Bytes,
    /// A build expiring within this many days is a warning.
    pub expiry_warn_days: i64,
    /// A build expiring within this many days (or expired) is critical.
    pub expiry_crit_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            space_warn: Bytes(10 << 30),
            space_crit: Bytes(1 << 30),
            expiry_warn_days: 30,
            expiry_crit_days: 7,
        }
    }
}
