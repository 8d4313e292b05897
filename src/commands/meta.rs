//! `completions` and `man`: generated from the same clap definitions as
//! the help text, so they never disagree with it.

use std::io::Write;

use crate::error::{Error, ErrorKind, Result};
use crate::term::write_out;

/// `completions SHELL`: the shell's completion script.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<u8> {
    let mut cmd = crate::cli::command();
    clap_complete::generate(shell, &mut cmd, "wa-support", out);
    Ok(0)
}

/// `man`: the man page (roff).
pub fn man(out: &mut dyn Write) -> Result<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(crate::cli::command())
        .render(&mut buf)
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot render the man page: {e}")))?;
    write_out(out, &buf)?;
    Ok(0)
}
