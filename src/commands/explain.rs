//! `explain [CODE]`: the runbook of a finding code or an API error code, or
//! the list of all codes.

use std::io::Write;

use crate::error::{Error, ErrorKind, Result};
use crate::explain::{page, render_index, render_page};
use crate::safe::ServerText;
use crate::term::{Ui, write_out};

/// Prints the page of `code`, or the index without one. An unknown code is
/// a usage error that says how to list the codes.
pub fn explain(code: Option<&str>, ui: &Ui, out: &mut dyn Write) -> Result<u8> {
    let text = match code {
        None => render_index(),
        Some(code) => match page(code) {
            Some(p) => render_page(p, usize::from(ui.stdout.width.unwrap_or(80))),
            None => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("no page for `{}`", ServerText::from(code)),
                )
                .hint("`wa-support explain` lists every finding and API error code"));
            }
        },
    };
    write_out(out, text.as_bytes())?;
    Ok(0)
}
