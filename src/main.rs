//! The `wa-support` binary: parses arguments, runs the command, maps
//! errors to exit codes. Everything else lives in the library.

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind as ClapKind;
use wa_support::cli::{Command, first_error_line, names_check, parse_args};
use wa_support::error::ErrorKind;
use wa_support::{commands, term};

fn main() -> ExitCode {
    term::install_panic_hook();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match parse_args(&args) {
        Ok(c) => c,
        Err(e) => return usage_error(&e, names_check(&args)),
    };
    let check = matches!(cli.command, Command::Check(_));
    let diff = matches!(cli.command, Command::Diff(_));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match commands::run(cli, &mut out) {
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
            let why = wa_support::render::safe(&first_error_line(e)).replace('|', "/");
            let _ = writeln!(
                std::io::stdout(),
                "WA-SUPPORT UNKNOWN - usage error: {why} (see wa-support check --help)"
            );
            ExitCode::from(3)
        }
        _ => ExitCode::from(2),
    }
}
