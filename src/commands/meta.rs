//! `completions`: generated from the same clap definitions as the help
//! text, so they never disagree with it (the man pages: [`crate::man`]).

use std::io::Write;

use crate::error::Result;

/// `completions SHELL`: the shell's completion script.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<u8> {
    let mut cmd = crate::cli::command();
    clap_complete::generate(shell, &mut cmd, "wa-support", out);
    Ok(0)
}
