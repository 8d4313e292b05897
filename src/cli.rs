//! Command-line arguments, all in one place. Doc comments are the help
//! text; the man page and shell completions are generated from the same
//! definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::plugin_range::PluginRange;
use crate::term::ColorChoice;

mod usage;

pub use usage::{first_error_line, names_check};

const AFTER_HELP: &str = "\
Exit codes:
  show, report, login, bundle:
                       0 done; 1 no status could be obtained or read
                       (network, TLS, HTTP, bad answer); 2 usage error
  check:               0 OK; 1 WARNING; 2 CRITICAL; 3 UNKNOWN (no status,
                       or a usage error)
  diff:                0 the same; 1 different; 2 trouble (a usage error,
                       an answer that cannot be read or fetched)

Environment:
  WA_SUPPORT_URL, WA_SUPPORT_TOKEN, WA_SUPPORT_TOKEN_FILE, WA_SUPPORT_CACERT,
  WA_SUPPORT_INSECURE, WA_SUPPORT_TIMEOUT, WA_SUPPORT_PROFILE,
  WA_SUPPORT_PASSWORD, WA_SUPPORT_CONFIG, WA_SUPPORT_EXPECT_NODES,
  WA_SUPPORT_EXPECT_SHARDS, WA_SUPPORT_NOW (judge as of this RFC 3339 instant),
  NO_COLOR, COLUMNS, HTTPS_PROXY, NO_PROXY

Examples:
  wa-support show --url https://wa.example.com:9090
  wa-support show --json | jq '.support'
  wa-support show --file ticket-1234.json
  wa-support check --profile prod
  wa-support report --file ticket.json --output report.md";

/// Read the WhatsApp Business API client's /v1/support answer: nodes,
/// roles, shards, connection state, disk space and schema versions as
/// tables; problems found; checks for monitors; reports for tickets.
#[derive(Debug, Parser)]
#[command(name = "wa-support", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the answer comes from and how to talk to the server.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Source and connection (any command)")]
pub struct GlobalArgs {
    /// The web app's base URL, e.g. https://wa.example.com:9090 (the tool
    /// calls URL/v1/support)
    #[arg(
        long,
        env = "WA_SUPPORT_URL",
        hide_env_values = true,
        global = true,
        value_name = "URL"
    )]
    pub url: Option<String>,

    /// API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN
    /// or --token-file: a token on the command line is visible to other
    /// users in the process list and stays in shell history
    #[arg(
        long,
        env = "WA_SUPPORT_TOKEN",
        hide_env_values = true,
        global = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,

    /// Read the token from this file (first line; at most 16 KiB)
    #[arg(
        long,
        env = "WA_SUPPORT_TOKEN_FILE",
        hide_env_values = true,
        global = true,
        value_name = "PATH"
    )]
    pub token_file: Option<PathBuf>,

    /// Read a saved answer from this file instead of a server ("-" for
    /// stdin); no network is used, --url and WA_SUPPORT_URL are ignored,
    /// and the config file is not read
    #[arg(short = 'f', long, global = true, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Use this profile of the config file; with show and check, several
    /// comma-separated (a,b,c) query each of them at once
    #[arg(
        short = 'p',
        long,
        env = "WA_SUPPORT_PROFILE",
        global = true,
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    /// Trust this PEM certificate or CA (instead of the system's roots); a
    /// server certificate named here is pinned and accepted as-is
    #[arg(long, env = "WA_SUPPORT_CACERT", global = true, value_name = "PEM")]
    pub cacert: Option<PathBuf>,

    /// Do not verify the server's certificate (a warning is printed);
    /// --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile's
    /// `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a
    /// request is made]
    #[arg(short = 'k', long, global = true,
          num_args = 0..=1, require_equals = true, default_missing_value = "true",
          value_name = "BOOL", value_parser = clap::builder::BoolishValueParser::new())]
    pub insecure: Option<bool>,

    /// Verify the server's certificate even if the profile,
    /// WA_SUPPORT_INSECURE or --insecure says otherwise
    #[arg(long, global = true)]
    pub no_insecure: bool,

    /// Bound of the whole call in seconds, connection through last byte
    /// [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is
    /// made]
    #[arg(long, global = true, value_name = "SECS",
          value_parser = parse_seconds)]
    pub timeout: Option<f64>,

    /// Trace the request and response on stderr (secrets masked)
    #[arg(short = 'v', long, global = true)]
    pub verbose: bool,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Which of these values came from the environment rather than a flag
    /// (filled by [`parse_args`]; all false when built otherwise).
    #[arg(skip)]
    pub from_env: FromEnv,
}

/// Which settings were given by an environment variable, not a flag: a
/// flag beats the environment, so `--token-file` beats `WA_SUPPORT_TOKEN`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FromEnv {
    /// `WA_SUPPORT_URL`.
    pub url: bool,
    /// `WA_SUPPORT_TOKEN`.
    pub token: bool,
    /// `WA_SUPPORT_TOKEN_FILE`.
    pub token_file: bool,
    /// `WA_SUPPORT_PROFILE`.
    pub profile: bool,
}

impl GlobalArgs {
    /// The `--insecure` setting of flags and environment: `None` when
    /// neither says anything (the profile decides).
    pub fn insecure_setting(&self) -> Option<bool> {
        if self.no_insecure {
            Some(false)
        } else {
            self.insecure
        }
    }
}

/// Parses a command line, recording which values came from the
/// environment.
pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::FromArgMatches;
    use clap::parser::ValueSource;
    let matches = command().try_get_matches_from(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    let thresholds = match &mut cli.command {
        Command::Show(a) => Some(&mut a.thresholds),
        Command::Check(a) => Some(&mut a.thresholds),
        Command::Report(a) => Some(&mut a.thresholds),
        _ => None,
    };
    if let Some(t) = thresholds {
        t.expect_from_env()
            .map_err(|why| command().error(clap::error::ErrorKind::InvalidValue, why))?;
    }
    let thresholds = match &cli.command {
        Command::Show(a) => Some(&a.thresholds),
        Command::Check(a) => Some(&a.thresholds),
        Command::Report(a) => Some(&a.thresholds),
        Command::Bundle(a) => Some(&a.thresholds),
        _ => None,
    };
    if let Some(Err(why)) = thresholds.map(check_thresholds) {
        return Err(command().error(clap::error::ErrorKind::ArgumentConflict, why));
    }
    for note in thresholds
        .map(ThresholdArgs::deprecations)
        .unwrap_or_default()
    {
        crate::term::warn(&note);
    }
    let env = |id: &str| {
        let sub = matches.subcommand().map(|(_, m)| m);
        [Some(&matches), sub]
            .into_iter()
            .flatten()
            .any(|m| m.value_source(id) == Some(ValueSource::EnvVariable))
    };
    cli.global.from_env = FromEnv {
        url: env("url"),
        token: env("token"),
        token_file: env("token_file"),
        profile: env("profile"),
    };
    Ok(cli)
}

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
fn parse_interval(s: &str) -> Result<f64, String> {
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

/// Refuses thresholds where the critical one is looser than the warning
/// one: critical would fire where the warning does not.
fn check_thresholds(t: &ThresholdArgs) -> Result<(), String> {
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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the status as tables (or the raw answer with --json)
    Show(ShowArgs),
    /// Check the status for a monitor (Nagios plugin protocol)
    Check(CheckArgs),
    /// Write a Markdown report, safe to attach to a support ticket
    Report(ReportArgs),
    /// Log in and print (or save) an API token
    Login(LoginArgs),
    /// Compare two answers (saved, or NEW live): nodes added and removed,
    /// role and state changes, shards that moved, builds, expiry, space
    Diff(DiffArgs),
    /// Collect /v1/support, /v1/health, /v1/stats/app, /v1/stats/db and
    /// /metrics, the findings and the report into one .tar.gz for a ticket
    /// (redacted; live server only)
    Bundle(BundleArgs),
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man {
        /// Write every page (wa-support.1, wa-support-show.1, ...) into DIR
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Explain a finding code or an API error code: what it means, what to
    /// check, what to attach to a ticket (no CODE: list them all)
    Explain {
        /// A finding code (socket-down) or an API error code (1016)
        code: Option<String>,
    },
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
fn parse_range(s: &str) -> Result<PluginRange, String> {
    s.parse()
}

/// A range of days; a bare number keeps the meaning it had before ranges
/// (`30` is "fewer than 30 days", `30:`), since the guidelines' `0:30`
/// would alert on every healthy build.
fn parse_days_range(s: &str) -> Result<DaysRange, String> {
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

fn parse_size_arg(s: &str) -> Result<u64, String> {
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

#[cfg(test)]
mod size_tests {
    use super::parse_size;
    use crate::model::Bytes;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("10GiB"), Ok(Bytes(10 << 30)));
        assert_eq!(parse_size("10g"), Ok(Bytes(10 << 30)));
        assert_eq!(parse_size("500 MB"), Ok(Bytes(500_000_000)));
        assert_eq!(parse_size("1.5KiB"), Ok(Bytes(1536)));
        assert_eq!(parse_size("42"), Ok(Bytes(42)));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("99999999999TB").is_err());
    }
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
    fn expect_from_env(&mut self) -> Result<(), String> {
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

#[cfg(test)]
mod threshold_tests {
    use super::*;

    fn words(s: &str) -> Vec<std::ffi::OsString> {
        s.split(' ').map(Into::into).collect()
    }

    fn parsed(s: &str) -> Result<ThresholdArgs, String> {
        match parse_args(words(s)) {
            Ok(Cli {
                command: Command::Check(a),
                ..
            }) => Ok(a.thresholds),
            Ok(_) => unreachable!("a check command line"),
            Err(e) => Err(first_error_line(&e)),
        }
    }

    #[test]
    fn defaults_are_the_old_thresholds_and_no_counted_limits() {
        let t = parsed("wa check").unwrap().thresholds();
        assert_eq!(t, crate::diagnose::Thresholds::default());
        assert!(parsed("wa check").unwrap().deprecations().is_empty());
    }

    #[test]
    fn expiry_takes_ranges_and_a_bare_number_keeps_its_meaning() {
        let a = parsed("wa check --expiry-warn 20: --expiry-crit @0:3").unwrap();
        assert_eq!(a.expiry_warn.range, "20:".parse().unwrap());
        assert_eq!(a.expiry_crit.range, "@0:3".parse().unwrap());
        assert!(a.deprecations().is_empty());
        let a = parsed("wa check --expiry-warn 30 --expiry-crit 7").unwrap();
        assert_eq!(a.expiry_warn.range, "30:".parse().unwrap());
        assert_eq!(a.expiry_crit.range, "7:".parse().unwrap());
        let notes = a.deprecations();
        assert_eq!(notes.len(), 2);
        assert!(
            notes[0].starts_with("--expiry-warn 30: a bare number is deprecated"),
            "{}",
            notes[0]
        );
        assert!(notes[0].contains("write --expiry-warn 30:"), "{}", notes[0]);
        assert!(
            notes[1].starts_with("--expiry-crit 7: a bare"),
            "{}",
            notes[1]
        );
        assert!(
            parsed("wa check --expiry-warn ~:x")
                .unwrap_err()
                .contains("not a number")
        );
    }

    #[test]
    fn a_critical_range_looser_than_its_warning_is_refused() {
        for (line, option) in [
            (
                "wa check --nodes-up-warn 3: --nodes-up-crit 4:",
                "--nodes-up",
            ),
            (
                "wa check --nodes-error-warn 2 --nodes-error-crit 1",
                "--nodes-error",
            ),
            (
                "wa check --unowned-shards-warn @2:5 --unowned-shards-crit @1:5",
                "--unowned-shards",
            ),
            ("wa check --expiry-warn 5: --expiry-crit 6:", "--expiry"),
            ("wa check --expiry-crit 31:", "--expiry"),
        ] {
            let e = parsed(line).unwrap_err();
            assert!(
                e.contains(&format!("{option}-crit ("))
                    && e.contains(&format!("is looser than {option}-warn (")),
                "{line}: {e}"
            );
        }
        // Equal, stricter, and one side only are fine.
        for line in [
            "wa check --nodes-up-warn 4: --nodes-up-crit 4:",
            "wa check --nodes-up-warn 4: --nodes-up-crit 2:",
            "wa check --nodes-error-warn 0 --nodes-error-crit @2:",
            "wa check --nodes-up-crit 9:",
            "wa check --unowned-shards-warn 0",
            "wa check --expiry-warn 7: --expiry-crit 7:",
        ] {
            assert!(parsed(line).is_ok(), "{line}: {:?}", parsed(line).err());
        }
        assert!(
            parsed("wa check --nodes-up-warn 5:2")
                .unwrap_err()
                .contains("start is above the end")
        );
    }

    #[test]
    fn counted_ranges_and_expectations_reach_the_thresholds() {
        let t = parsed(
            "wa check --nodes-up-warn 4: --nodes-up-crit 2: --nodes-error-crit 0 --unowned-shards-warn ~:0 --expect-nodes 6 --expect-shards 4",
        )
        .unwrap()
        .thresholds();
        assert_eq!(t.counted.nodes_up.warn, Some("4:".parse().unwrap()));
        assert_eq!(t.counted.nodes_up.crit, Some("2:".parse().unwrap()));
        assert_eq!(t.counted.nodes_error.crit, Some("0".parse().unwrap()));
        assert_eq!(t.counted.nodes_error.warn, None);
        assert_eq!(t.counted.unowned_shards.warn, Some("~:0".parse().unwrap()));
        assert_eq!((t.expect.nodes, t.expect.shards), (Some(6), Some(4)));
        assert!(parsed("wa check --expect-nodes 0").is_err());
        assert!(parsed("wa check --expect-shards x").is_err());
    }
}

/// Output forms of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Tables for people
    Table,
    /// The normalized model as versioned JSON ("format": 1)
    Json,
}

/// `show`.
#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// Print the answer's body exactly as the server sent it (for jq)
    #[arg(long, conflicts_with_all = ["output", "watch"])]
    pub json: bool,

    /// Output form: tables, or the normalized model as JSON
    #[arg(short = 'o', long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Redraw every SECS seconds (default 5, at least 1), marking what
    /// changed; with -o json, one JSON line per poll
    #[arg(short = 'w', long, value_name = "SECS", num_args = 0..=1,
          default_missing_value = "5", value_parser = parse_interval)]
    pub watch: Option<f64>,

    /// Mask phone numbers, secret environment values and tokens
    #[arg(long)]
    pub redact: bool,

    /// Also replace host names and addresses with aliases (node-1, …)
    #[arg(long)]
    pub redact_hosts: bool,

    /// Ask every profile of the config file at once, then a fleet table
    #[arg(long, conflicts_with_all = ["json", "watch"])]
    pub all_profiles: bool,
    /// Also read /v1/health (from the server, or from a bundle given with
    /// --file) and compare its gateway_status with each node's socket_conn
    #[arg(long, conflicts_with_all = ["json", "watch"])]
    pub health: bool,

    #[command(flatten)]
    pub thresholds: ThresholdArgs,
}

/// Output forms of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckOutput {
    /// The Nagios plugin protocol
    Nagios,
    /// The state and findings as JSON (as --json)
    Json,
    /// Prometheus text exposition (wa_support_* gauges)
    Prometheus,
}

/// `check`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Exit codes (Nagios plugin): 0 OK; 1 WARNING; 2 CRITICAL; 3 UNKNOWN (no
status: the server unreachable, the request refused, an answer that cannot
be read, a textfile that cannot be written, or a usage error). The same
codes with -o json and -o prometheus; a fleet takes its worst state.")]
pub struct CheckArgs {
    /// Print the findings as JSON instead of plugin output (-o json)
    #[arg(long)]
    pub json: bool,

    /// Output form: plugin lines, JSON, or Prometheus text exposition
    #[arg(short = 'o', long, value_enum, default_value_t = CheckOutput::Nagios,
          conflicts_with = "json")]
    pub output: CheckOutput,

    /// Also write the Prometheus exposition to PATH, atomically, for
    /// node_exporter's textfile collector (name it *.prom)
    #[arg(long, value_name = "PATH")]
    pub textfile: Option<PathBuf>,

    /// Check every profile of the config file at once; the worst state wins
    #[arg(long)]
    pub all_profiles: bool,

    /// Also read /v1/health (from the server, or from a bundle given with
    /// --file) and compare its gateway_status with each node's socket_conn
    #[arg(long)]
    pub health: bool,

    /// Free-space perfdata: the worst node per directory, or one figure per
    /// node and directory (at most 200 figures in all)
    #[arg(long, value_enum, value_name = "WHICH", default_value_t = crate::render::check::PerfMode::Worst)]
    pub perfdata: crate::render::check::PerfMode,

    #[command(flatten)]
    pub thresholds: ThresholdArgs,
}

/// `report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Write the report to this file instead of stdout (created 0600; "-"
    /// is stdout)
    #[arg(short = 'O', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// With -O: replace an existing file (it is never followed if a symlink)
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Keep phone numbers, secrets and tokens (redaction is on by default)
    #[arg(long)]
    pub no_redact: bool,

    /// Also replace host names and addresses with aliases (node-1, …)
    #[arg(long, conflicts_with = "no_redact")]
    pub redact_hosts: bool,

    /// Also read /v1/health (from the server, or from a bundle given with
    /// --file) and compare its gateway_status with each node's socket_conn
    #[arg(long)]
    pub health: bool,

    #[command(flatten)]
    pub thresholds: ThresholdArgs,
}

/// `bundle`.
#[derive(Debug, Clone, Args)]
pub struct BundleArgs {
    /// Write the bundle to this file, or into this directory (default: the
    /// current directory, named <host alias>-<UTC time>.tar.gz; created 0600)
    #[arg(short = 'O', long, value_name = "PATH|DIR")]
    pub output: Option<PathBuf>,

    /// Replace an existing file
    #[arg(long)]
    pub force: bool,

    /// Keep phone numbers, secrets and tokens (redaction is on by default)
    #[arg(long)]
    pub no_redact: bool,

    /// Also replace host names and addresses with aliases (node-1, …)
    #[arg(long, conflicts_with = "no_redact")]
    pub redact_hosts: bool,

    /// Print what would be collected and where it would be written; send
    /// nothing and read no token
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub thresholds: ThresholdArgs,
}

/// `login`.
#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// The user name (the default admin account is "admin")
    #[arg(short, long, value_name = "NAME")]
    pub user: String,

    /// Read the password from the first line of stdin
    #[arg(long)]
    pub password_stdin: bool,

    /// Save the token (mode 0600) instead of printing it: into the profile
    /// whose URL is the server logged in to, or a new profile named after
    /// its host
    #[arg(long)]
    pub save: bool,

    /// With --save: also keep the user name and password (mode 0600, in
    /// <config dir>/<profile>.credentials) so that commands log in again
    /// by themselves when the saved token expires or is refused
    #[arg(long, requires = "save")]
    pub remember: bool,
}

/// Output forms of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Lines for people: `-` removed, `+` added, `~` changed
    Text,
    /// The diff as versioned JSON ("format": "wa-support-diff/1")
    Json,
}

/// `diff`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Exit codes (as diff(1)): 0 the same; 1 different; 2 trouble (a usage
error, an answer that cannot be read or fetched)

Examples:
  wa-support diff before.json after.json
  wa-support diff before.json --profile prod      (NEW is the live answer)
  wa-support show --json | wa-support diff before.json -
  wa-support diff before.json after.json --markdown > ticket.md")]
pub struct DiffArgs {
    /// The earlier answer: a saved answer's file, or "-" for stdin
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later answer: a file or "-"; without it, the live answer of
    /// --url, the profile or WA_SUPPORT_URL
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,

    /// Report free-space changes larger than this (e.g. 1GiB, 500MB)
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = parse_size_arg)]
    pub space_delta: u64,

    /// Output form: lines for people, or the diff as JSON
    #[arg(short = 'o', long, value_enum, default_value_t = DiffFormat::Text)]
    pub output: DiffFormat,

    /// Markdown for a support ticket instead of text
    #[arg(long)]
    pub markdown: bool,

    /// Keep phone numbers, secrets and tokens (redaction is on by default)
    #[arg(long)]
    pub no_redact: bool,

    /// Also replace host names and addresses with aliases (node-1, …)
    #[arg(long, conflicts_with = "no_redact")]
    pub redact_hosts: bool,
}

/// The clap command, for completions and the man page.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_consistent() {
        command().debug_assert();
    }

    fn words(s: &str) -> Vec<std::ffi::OsString> {
        s.split(' ').map(Into::into).collect()
    }

    #[test]
    fn seconds_are_more_than_zero_and_at_most_a_day() {
        assert_eq!(seconds(" 2.5 "), Some(2.5));
        assert_eq!(seconds("86400"), Some(MAX_SECONDS));
        for bad in ["0", "-1", "86400.5", "NaN", "inf", "ten", ""] {
            assert_eq!(seconds(bad), None, "{bad}");
        }
        assert_eq!(
            parse_seconds("0").unwrap_err(),
            format!("`0` {SECONDS_RULE}")
        );
    }

    #[test]
    fn insecure_flag_forms() {
        let g = |s: &str| parse_args(words(s)).unwrap().global.insecure_setting();
        assert_eq!(g("wa show"), None);
        assert_eq!(g("wa show -k"), Some(true));
        assert_eq!(g("wa show --insecure"), Some(true));
        assert_eq!(g("wa show --insecure=false"), Some(false));
        assert_eq!(g("wa show --insecure=0"), Some(false));
        assert_eq!(g("wa show --no-insecure"), Some(false));
        assert_eq!(g("wa show -k --no-insecure"), Some(false));
        assert!(parse_args(words("wa show --insecure=maybe")).is_err());
    }
}
