//! Renderers: pure functions from the model to text.
//!
//! In the order data flows: [`view`] says what each part of the human
//! output says (the nodes table's columns and cells, the schema grid, the
//! details, the summary), `table` lays toned cells out for a terminal, and
//! one module per output form writes it: [`text`] (`show`), [`check`]
//! (Nagios), [`report`] (Markdown) and [`json`].
//!
//! Colour and width are decided once, at the top, and passed down in
//! [`RenderOptions`]; no renderer looks at the terminal itself. Every string
//! that came from a server is a [`crate::safe::ServerText`], printed only
//! through its `Display`, which escapes it: an answer cannot move the
//! cursor, set the terminal's title or hide text, whatever a renderer does.

use std::borrow::Cow;

use owo_colors::OwoColorize;

pub mod check;
pub mod diff;
pub mod fleet;
pub mod json;
pub mod prometheus;
pub mod report;
pub(crate) mod screen;
pub(crate) mod table;
pub mod text;
pub(crate) mod view;

#[cfg(test)]
pub(crate) mod testing;

/// How to render: decided once from the flags, `NO_COLOR` and the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Fit tables to this many columns; `None` means never cut or wrap.
    pub width: Option<u16>,
}

impl RenderOptions {
    /// No colour, no width limit: what a pipe or a file gets.
    pub const PLAIN: RenderOptions = RenderOptions {
        color: false,
        width: None,
    };
}

/// Makes text safe to print (see [`crate::safe::escape`]). Server text is a
/// [`crate::safe::ServerText`] and escapes itself when displayed; this is
/// for text the program composes around it or gets elsewhere (file paths,
/// arguments, error messages), and for bounding composed lines.
pub fn safe(s: &str) -> Cow<'_, str> {
    crate::safe::escape(s)
}

/// The style of a piece of text, mapped to colours only when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Healthy: green.
    Good,
    /// Needs a look: yellow.
    Warn,
    /// Broken: bold red.
    Bad,
    /// Less important: dimmed.
    Dim,
    /// A title: bold.
    Bold,
    /// Unstyled.
    Plain,
}

/// One cell of a table: safe text and the tone it is painted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text, already safe to print.
    pub text: String,
    /// How the text is painted when colour is on.
    pub tone: Tone,
}

impl Cell {
    /// Safe text in a tone.
    pub fn new(text: impl Into<String>, tone: Tone) -> Cell {
        Cell {
            text: text.into(),
            tone,
        }
    }

    /// Safe text, unstyled.
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell::new(text, Tone::Plain)
    }

    /// The dash of a cell with nothing to say.
    pub fn dash() -> Cell {
        Cell::plain(DASH)
    }
}

/// What a cell with nothing to say shows.
pub const DASH: &str = "—";

/// Paints already-safe text in `tone` when colour is on.
pub fn paint(s: &str, tone: Tone, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    match tone {
        Tone::Good => s.green().to_string(),
        Tone::Warn => s.yellow().to_string(),
        Tone::Bad => s.red().bold().to_string(),
        Tone::Dim => s.dimmed().to_string(),
        Tone::Bold => s.bold().to_string(),
        Tone::Plain => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paint_only_with_color() {
        assert_eq!(paint("UP", Tone::Good, false), "UP");
        assert!(paint("UP", Tone::Good, true).contains("\x1b[32m"));
    }
}
