//! The thresholds shared by `show`, `check`, `report` and `bundle`: their
//! flags, the environment fallbacks, the refusal of a critical limit looser
//! than its warning, and the deprecation notes.

use clap::Args;

use crate::plugin_range::PluginRange;

use super::values::{DaysRange, parse_days_range, parse_range, parse_size_arg};

/// Refuses thresholds where the critical one is looser than the warning
/// one: critical would fire where the warning does not.
pub(super) fn check_thresholds(t: &ThresholdArgs) -> Result<(), String> {
    if t.space_crit > t.space_warn {
        return Err(format!(
            "--space-crit ({} bytes) is looser than --space-warn ({} bytes): free space below the critical size must be less than below the warning size; lower --space-crit or raise --space-warn",
            t.space_crit, t.space_warn
        ));
    }
    let pairs = [
        (
            "--expiry",
            Some(t.expiry_warn.range),
            Some(t.expiry_crit.range),
        ),
        ("--nodes-up", t.nodes_up_warn, t.nodes_up_crit),
        ("--nodes-error", t.nodes_error_warn, t.nodes_error_crit),
        (
            "--unowned-shards",
            t.unowned_shards_warn,
            t.unowned_shards_crit,
        ),
    ];
    for (option, warn, crit) in pairs {
        if let (Some(w), Some(c)) = (warn, crit)
            && !c.alerts_within(&w)
        {
            return Err(format!(
                "{option}-crit ({c}) is looser than {option}-warn ({w}): the critical range alerts on values the warning range does not; narrow {option}-crit or widen {option}-warn (e.g. {})",
                example(option)
            ));
        }
    }
    Ok(())
}

/// A pair of ranges that reads well for the option, for the usage error.
fn example(option: &str) -> &'static str {
    match option {
        "--expiry" => "--expiry-warn 30: --expiry-crit 7:",
        "--nodes-up" => "--nodes-up-warn 4: --nodes-up-crit 2:",
        "--nodes-error" => "--nodes-error-warn 0 --nodes-error-crit 1",
        _ => "--unowned-shards-warn 0 --unowned-shards-crit 1",
    }
}
/// Limits that turn values into warnings and critical findings.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Thresholds")]
pub struct ThresholdArgs {
    /// Free space below this is a warning (e.g. 10GiB, 500MB)
    #[arg(long, value_name = "SIZE", default_value = "10GiB", value_parser = parse_size_arg)]
    pub space_warn: u64,

    /// Free space below this is critical
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = parse_size_arg)]
    pub space_crit: u64,

    /// Days to the build's expiry: a range of fine values (plugin range
    /// syntax); outside it is a warning. 30: is fewer than 30 days. A bare
    /// number N is still read as N: (deprecated: write N:)
    #[arg(long, value_name = "RANGE", default_value = "30:", value_parser = parse_days_range)]
    pub expiry_warn: DaysRange,

    /// Days to the build's expiry: outside this range is critical (an
    /// expired build always is)
    #[arg(long, value_name = "RANGE", default_value = "7:", value_parser = parse_days_range)]
    pub expiry_crit: DaysRange,

    /// Nodes connected to the WhatsApp servers: outside this range is a
    /// warning (e.g. 4: for at least 4; @0:3 alerts inside) [default: none]
    #[arg(long, value_name = "RANGE", value_parser = parse_range)]
    pub nodes_up_warn: Option<PluginRange>,

    /// Nodes connected: outside this range is critical [default: none]
    #[arg(long, value_name = "RANGE", value_parser = parse_range)]
    pub nodes_up_crit: Option<PluginRange>,

    /// Nodes that answered with errors: outside this range is a warning
    /// (0 alerts on any; a bare N means 0:N) [default: none]
    #[arg(long, value_name = "RANGE", value_parser = parse_range)]
    pub nodes_error_warn: Option<PluginRange>,

    /// Nodes in error: outside this range is critical [default: none]
    #[arg(long, value_name = "RANGE", value_parser = parse_range)]
    pub nodes_error_crit: Option<PluginRange>,

    /// Regular shards without an owner: outside this range is a warning
    /// [default: none]
    #[arg(long, value_name = "RANGE", value_parser = parse_range)]
    pub unowned_shards_warn: Option<PluginRange>,

    /// Regular shards without an owner: outside this range is critical
    /// [default: none]
    #[arg(long, value_name = "RANGE", value_parser = parse_range)]
    pub unowned_shards_crit: Option<PluginRange>,

    /// How many nodes the answer should list: fewer is critical, more a
    /// warning [env: WA_SUPPORT_EXPECT_NODES; else the profile's
    /// expect_nodes when the URL is the profile's own]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub expect_nodes: Option<u32>,

    /// How many regular shards there should be: shards 0 to N-1 must each
    /// have an owner [env: WA_SUPPORT_EXPECT_SHARDS; else the profile's
    /// expect_shards when the URL is the profile's own]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub expect_shards: Option<u32>,
}

impl ThresholdArgs {
    /// The thresholds for [`crate::diagnose`] (the profile's expectations
    /// are added by [`crate::diagnose::Thresholds::or_expected`]).
    pub fn thresholds(&self) -> crate::diagnose::Thresholds {
        use crate::diagnose::{Counted, Expect, Limits, Thresholds};
        Thresholds {
            space_warn: crate::model::Bytes(self.space_warn),
            space_crit: crate::model::Bytes(self.space_crit),
            expiry_warn: self.expiry_warn.range,
            expiry_crit: self.expiry_crit.range,
            counted: Counted {
                nodes_up: Limits {
                    warn: self.nodes_up_warn,
                    crit: self.nodes_up_crit,
                },
                nodes_error: Limits {
                    warn: self.nodes_error_warn,
                    crit: self.nodes_error_crit,
                },
                unowned_shards: Limits {
                    warn: self.unowned_shards_warn,
                    crit: self.unowned_shards_crit,
                },
            },
            expect: Expect {
                nodes: self.expect_nodes,
                shards: self.expect_shards,
            },
        }
    }

    /// Fills `expect_nodes` and `expect_shards` from `WA_SUPPORT_EXPECT_NODES`
    /// and `WA_SUPPORT_EXPECT_SHARDS` where no flag set them; an empty
    /// variable is unset, a bad one an error naming it.
    pub(super) fn expect_from_env(&mut self) -> Result<(), String> {
        for (var, flag, slot) in [
            (
                "WA_SUPPORT_EXPECT_NODES",
                "--expect-nodes",
                &mut self.expect_nodes,
            ),
            (
                "WA_SUPPORT_EXPECT_SHARDS",
                "--expect-shards",
                &mut self.expect_shards,
            ),
        ] {
            if slot.is_some() {
                continue;
            }
            let Some(v) = std::env::var_os(var) else {
                continue;
            };
            let v = v.to_string_lossy();
            if v.trim().is_empty() {
                continue;
            }
            match v.trim().parse::<u32>() {
                Ok(n) if n >= 1 => *slot = Some(n),
                _ => {
                    return Err(format!(
                        "{var}: \"{v}\" is not a count of at least 1; fix or unset {var}, or pass {flag} N"
                    ));
                }
            }
        }
        Ok(())
    }

    /// One warning per expiry option written as a bare number.
    pub fn deprecations(&self) -> Vec<String> {
        [
            ("--expiry-warn", self.expiry_warn),
            ("--expiry-crit", self.expiry_crit),
        ]
        .into_iter()
        .filter(|(_, d)| d.bare)
        .map(|(option, d)| {
            let n = d.range.start.unwrap_or_default();
            format!(
                "{option} {n}: a bare number is deprecated; it is read as {n}: (fewer than {n} days), as before; write {option} {n}: (in the plugin range syntax a bare N means 0:N)"
            )
        })
        .collect()
    }
}
