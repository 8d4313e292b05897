//! Command-line arguments, all in one place. Doc comments are the help
//! text; the man page and shell completions are generated from the same
//! definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::term::ColorChoice;

mod thresholds;
mod usage;
mod values;

pub use thresholds::ThresholdArgs;
use thresholds::check_thresholds;
pub use usage::{first_error_line, names_check};
pub use values::{MAX_SECONDS, SECONDS_RULE, is_seconds, parse_bool_word, parse_seconds, seconds};
use values::{parse_interval, parse_size_arg};

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

#[cfg(test)]
mod size_tests;

#[cfg(test)]
mod threshold_tests;

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
mod tests;
