//! The commands: each resolves its settings once, opens its [`Source`],
//! loads the answer once and renders it. Output goes to the writer it is
//! given, so the whole flow can be tested without a terminal.
//!
//! [`Source`]: crate::source::Source

pub mod bundle;
pub mod check;
pub mod diff;
pub mod explain;
pub mod health;
pub mod login;
pub mod meta;
pub mod report;
pub mod show;
pub mod watch;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind as ClapKind;

use crate::cli::{Cli, Command, first_error_line, names_check, parse_args};
use crate::error::{ErrorKind, Result};
use crate::term::{self, Ui};

/// The whole program behind the `wa-support` binary: installs the panic
/// hook, parses `args` (the program name first), runs the command with
/// stdout as its output and maps the outcome to the exit code: 0 or the
/// command's own code; a usage error is 2 (`check`: UNKNOWN, 3); any other
/// error is 1 (`check`: 3, `diff`: 2); a closed stdout is success.
pub fn run_cli(args: Vec<OsString>) -> ExitCode {
    term::install_panic_hook();
    let cli = match parse_args(&args) {
        Ok(c) => c,
        Err(e) => return usage_error(&e, names_check(&args)),
    };
    let check = matches!(cli.command, Command::Check(_));
    let diff = matches!(cli.command, Command::Diff(_));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match run(cli, &mut out) {
        Ok(code) => ExitCode::from(code),
        Err(e) if term::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "wa-support: error: {e}");
            ExitCode::from(match (check, e.kind()) {
                (true, _) => 3,
                (false, ErrorKind::Usage) => 2,
                // `diff` speaks diff(1): 1 means "different", any trouble is 2.
                _ if diff => 2,
                (false, _) => 1,
            })
        }
    }
}

/// Prints clap's message; help and version are success, a usage error is
/// 2, except for `check`.
fn usage_error(e: &clap::Error, check: bool) -> ExitCode {
    let _ = e.print();
    match e.kind() {
        ClapKind::DisplayHelp | ClapKind::DisplayVersion => ExitCode::SUCCESS,
        // Only the `check` command speaks the plugin protocol: its usage
        // errors are UNKNOWN (3) for monitors, not clap's 2, with the
        // reason on the one line a monitor shows.
        _ if check => {
            let why = crate::render::safe(&first_error_line(e)).replace('|', "/");
            let _ = writeln!(
                std::io::stdout(),
                "WA-SUPPORT UNKNOWN - usage error: {why} (see wa-support check --help)"
            );
            ExitCode::from(3)
        }
        _ => ExitCode::from(2),
    }
}

/// Runs one parsed command line; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8> {
    let ui = Ui::detect(cli.global.color);
    match &cli.command {
        Command::Completions { shell } => meta::completions(*shell, out),
        Command::Man { dir } => crate::man::run(dir.as_deref(), out),
        Command::Explain { code } => explain::explain(code.as_deref(), &ui, out),
        Command::Show(args) => show::show(&cli.global, args, &ui, out),
        Command::Check(args) => Ok(check::check(&cli.global, args, out)),
        Command::Report(args) => report::report(&cli.global, args, out),
        Command::Login(args) => login::login(&cli.global, args, out),
        Command::Diff(args) => diff::diff(&cli.global, args, &ui, out),
        Command::Bundle(args) => bundle::bundle(&cli.global, args, out),
    }
}
