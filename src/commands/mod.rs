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

use std::io::Write;

use crate::cli::{Cli, Command};
use crate::error::Result;
use crate::term::Ui;

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
