//! The terminal: what output looks like (decided once, at the top), the
//! writes to stdout and stderr, and giving the terminal back.
//!
//! Data goes to the writer a command is given (stdout in the binary), so
//! every command can be tested without a terminal; warnings and messages go
//! to stderr. A closed stdout (`wa-support show | head`) is not a failure:
//! writes turn it into the [`broken_pipe`] marker, and the binary exits 0
//! on it.
//!
//! `show --watch` draws on the alternate screen; whatever ends the program
//! (the loop, a signal, a panic) leaves it, so the shell gets back the
//! screen it had.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, ErrorKind, Result};
use crate::render::RenderOptions;

/// `--color` (an argument of every command).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    /// Always colour (even piped, even with NO_COLOR)
    Always,
    /// Never colour
    Never,
}

/// How output looks, decided once at the top.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Colour and width of stdout.
    pub stdout: RenderOptions,
}

impl Ui {
    /// Decides colour and width from `--color`, `NO_COLOR`, `TERM` and
    /// whether stdout and stderr are terminals.
    pub fn detect(choice: ColorChoice) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let out_tty = stdout_is_terminal();
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !dumb,
        };
        let width = if out_tty {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<u16>().ok())
                .or_else(|| comfy_table::Table::new().width())
                .filter(|w| *w >= 20)
        } else {
            None
        };
        Ui {
            stdout: RenderOptions {
                color: decide(out_tty),
                width,
            },
        }
    }
}

/// True when stdout is a terminal.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// The size of the terminal stdout is, measured now: `(columns, rows)`.
/// Measured at every call, so a resized window counts at the next redraw;
/// `COLUMNS` and `LINES` stand in when the terminal cannot say.
pub fn stdout_size() -> (Option<u16>, Option<u16>) {
    if let Some((w, h)) = terminal_size::terminal_size_of(std::io::stdout()) {
        return (Some(w.0), Some(h.0));
    }
    let env = |key: &str| {
        std::env::var(key)
            .ok()
            .and_then(|v| v.trim().parse::<u16>().ok())
            .filter(|v| *v > 0)
    };
    (env("COLUMNS"), env("LINES"))
}

/// True when stdin is a terminal (a password can be asked for).
pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

/// Prints a warning on stderr, escaped for the terminal.
pub fn warn(msg: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "wa-support: warning: {}",
        crate::safe::escape(msg)
    );
}

/// Prints a message on stderr (`wa-support: {msg}`), as given: the caller
/// escapes any text that came from outside.
pub fn message(msg: &str) {
    let _ = writeln!(std::io::stderr(), "wa-support: {msg}");
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
pub fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(write_error)
}

/// The error for a failed write to stdout: a closed pipe is [`broken_pipe`].
pub fn write_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        broken_pipe()
    } else {
        Error::new(ErrorKind::Io, format!("cannot write the output: {e}"))
    }
}

/// The marker error for a closed stdout; the binary exits 0 on it.
pub fn broken_pipe() -> Error {
    Error::new(ErrorKind::Io, "broken pipe")
}

/// True for the marker error of a closed stdout.
pub fn is_broken_pipe(e: &Error) -> bool {
    e.kind() == ErrorKind::Io && e.message() == "broken pipe"
}

/// Switches to the alternate screen and hides the cursor.
const ENTER: &str = "\x1b[?1049h\x1b[?25l";
/// Shows the cursor and leaves the alternate screen.
const LEAVE: &str = "\x1b[?25h\x1b[?1049l";
/// Moves home and clears the screen, before each redraw.
pub const HOME_CLEAR: &str = "\x1b[H\x1b[2J";

/// True while the alternate screen is shown, for the panic hook.
static SCREEN_ACTIVE: AtomicBool = AtomicBool::new(false);

/// Enters the alternate screen on `out` (a terminal).
pub fn enter_alt_screen(out: &mut dyn Write) -> Result<()> {
    SCREEN_ACTIVE.store(true, Ordering::SeqCst);
    write_out(out, ENTER.as_bytes())
}

/// Leaves the alternate screen on `out`; a failed write is ignored, since
/// there is nothing left to tell the terminal.
pub fn leave_alt_screen(out: &mut dyn Write) {
    SCREEN_ACTIVE.store(false, Ordering::SeqCst);
    let _ = out.write_all(LEAVE.as_bytes());
    let _ = out.flush();
}

/// The one line a panic prints: fixed, so no server text reaches the
/// terminal through a panic message.
pub const PANIC_LINE: &str = "wa-support: internal error: the program stopped on a bug (details withheld); please report it with the command you ran\n";

/// What the panic hook writes: `(to stdout, to stderr)`. Leaving the
/// alternate screen and showing the cursor come first when the watch
/// screen is up.
pub fn panic_output(screen_active: bool) -> (&'static str, &'static str) {
    (if screen_active { LEAVE } else { "" }, PANIC_LINE)
}

/// Installs the panic hook: restores the terminal, prints [`PANIC_LINE`].
/// It writes to the file descriptors directly, since the stdout lock may
/// be held by the panicking code.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|_| {
        let (out, err) = panic_output(SCREEN_ACTIVE.swap(false, Ordering::SeqCst));
        raw_write(1, out);
        raw_write(2, err);
    }));
}

#[cfg(unix)]
fn raw_write(fd: i32, text: &str) {
    use std::os::fd::FromRawFd;
    if text.is_empty() {
        return;
    }
    // Borrowed, never closed: the descriptor belongs to the process.
    let mut f = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let _ = f.write_all(text.as_bytes());
}

#[cfg(not(unix))]
fn raw_write(fd: i32, text: &str) {
    if fd == 1 {
        let _ = std::io::stdout().write_all(text.as_bytes());
    } else {
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_output_restores_the_screen_and_hides_the_payload() {
        let (out, err) = panic_output(true);
        assert_eq!(out, LEAVE);
        assert!(out.contains("\x1b[?25h") && out.contains("\x1b[?1049l"));
        assert_eq!(err, PANIC_LINE);
        assert!(!err.contains('\x1b') && err.ends_with('\n'));
        assert_eq!(panic_output(false), ("", PANIC_LINE));
    }

    #[test]
    fn a_closed_pipe_is_the_marker_and_other_failures_are_not() {
        let pipe = write_error(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&pipe));
        let full = write_error(std::io::Error::other("disk full"));
        assert!(!is_broken_pipe(&full));
        assert!(
            full.to_string().contains("cannot write the output"),
            "{full}"
        );
    }
}
