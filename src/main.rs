//! The `wa-support` binary: parses arguments, runs the command, maps
//! errors to exit codes. Everything else lives in the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind as ClapKind;
use wa_support::app;
use wa_support::cli::{Cli, Command};
use wa_support::error::ErrorKind;

/// True when the command line asks for `check`, whose usage errors must
/// exit 3 (UNKNOWN) for monitors, not clap's 2.
fn is_check(args: &[std::ffi::OsString]) -> bool {
    args.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .any(|a| a == "check")
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                ClapKind::DisplayHelp | ClapKind::DisplayVersion => ExitCode::SUCCESS,
                _ if is_check(&args) => {
                    let _ = writeln!(
                        std::io::stdout(),
                        "WA-SUPPORT UNKNOWN - usage error (see wa-support check --help)"
                    );
                    ExitCode::from(3)
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let check = matches!(cli.command, Command::Check(_));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match app::run(cli, &mut out) {
        Ok(code) => ExitCode::from(code),
        Err(e) if app::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "wa-support: error: {e}");
            ExitCode::from(match (check, e.kind()) {
                (true, _) => 3,
                (false, ErrorKind::Usage) => 2,
                (false, _) => 1,
            })
        }
    }
}
