//! The `wa-support` binary: everything, exit codes included, lives in the
//! library's [`wa_support::run_cli`].

fn main() -> std::process::ExitCode {
    wa_support::run_cli(std::env::args_os().collect())
}
