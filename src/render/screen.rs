//! Fitting a screen to the terminal's rows (`show --watch`).
//!
//! A screen is made of parts, in the order shown, each saying how firmly it
//! stays ([`Priority`]) and how many of its lines it needs at least. When
//! the terminal has fewer rows than the parts have lines, every part first
//! gets its least, most firmly kept first; then the rest goes to the parts
//! in that order. A part cut short keeps its first lines and ends with one
//! line saying how many are hidden (`… 12 more lines, enlarge the
//! terminal`). Lines are expected to fit the width already (the renderers
//! see to it); only that note is cut here.

use crate::render::table::{cut_end, wrap};
use crate::render::{Tone, paint};

/// How firmly a part stays when rows run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Always shown: the header, what changed, the problems.
    Always,
    /// Shown next: the summary and the nodes table.
    High,
    /// The first to give way: schema versions and details.
    Low,
}

/// One part of a screen: whole lines, without their line feeds.
#[derive(Debug, Clone)]
struct Part {
    lines: Vec<String>,
    priority: Priority,
    least: usize,
}

/// A screen's parts, in the order shown.
#[derive(Debug, Clone, Default)]
pub struct Screen {
    parts: Vec<Part>,
}

/// The line that stands for `n` hidden lines.
pub fn more_lines(n: usize) -> String {
    let lines = if n == 1 { "line" } else { "lines" };
    format!("… {n} more {lines}, enlarge the terminal")
}

impl Screen {
    /// An empty screen.
    pub fn new() -> Screen {
        Screen::default()
    }

    /// Adds `text` (lines ended by `\n`) as a part needing at least `least`
    /// rows when it is cut (its note included). Empty text adds nothing.
    pub fn push(&mut self, text: &str, priority: Priority, least: usize) {
        let lines = text.split_terminator('\n').map(str::to_string).collect();
        self.push_lines(lines, priority, least);
    }

    /// Adds `lines` as a part (see [`Screen::push`]).
    pub fn push_lines(&mut self, lines: Vec<String>, priority: Priority, least: usize) {
        if !lines.is_empty() {
            self.parts.push(Part {
                lines,
                priority,
                least,
            });
        }
    }

    /// How many lines the whole screen has.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.lines.len()).sum()
    }

    /// How many rows each part gets on `rows` rows.
    fn shares(&self, rows: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.parts.len()).collect();
        order.sort_by_key(|i| (self.parts[*i].priority, *i));
        let mut share = vec![0; self.parts.len()];
        let mut left = rows;
        for i in &order {
            let p = &self.parts[*i];
            let n = p.least.min(p.lines.len()).min(left);
            share[*i] = n;
            left -= n;
        }
        for i in &order {
            let more = (self.parts[*i].lines.len() - share[*i]).min(left);
            share[*i] += more;
            left -= more;
        }
        share
    }

    /// The lines to show on `rows` rows of `width` columns: all of them
    /// when they fit or the height is not known.
    pub fn fit(self, rows: Option<usize>, width: Option<usize>, color: bool) -> Vec<String> {
        let rows = match rows {
            Some(r) if r < self.len() => r,
            _ => return self.parts.into_iter().flat_map(|p| p.lines).collect(),
        };
        let shares = self.shares(rows);
        let mut out = Vec::with_capacity(rows);
        for (part, share) in self.parts.into_iter().zip(shares) {
            let total = part.lines.len();
            if share == total {
                out.extend(part.lines);
                continue;
            }
            if share == 0 {
                continue;
            }
            let shown = share - 1;
            out.extend(part.lines.into_iter().take(shown));
            let note = more_lines(total - shown);
            let note = match width {
                Some(w) => cut_end(&note, w),
                None => note,
            };
            out.push(paint(&note, Tone::Dim, color));
        }
        out
    }
}

/// `text` in lines of at most `width` columns, the lines after the first
/// indented by two more spaces than `indent`; one line without a width.
pub fn wrap_lines(text: &str, width: Option<usize>, indent: usize) -> Vec<String> {
    match width {
        Some(w) if w > indent + 12 => {
            let mut lines = wrap(text, w - indent, w - indent - 2);
            for (i, l) in lines.iter_mut().enumerate() {
                let pad = if i == 0 { indent } else { indent + 2 };
                l.insert_str(0, &" ".repeat(pad));
            }
            lines
        }
        _ => vec![format!("{:indent$}{text}", "")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{Thresholds, diagnose};
    use crate::model::SupportAnswer;
    use crate::render::RenderOptions;
    use crate::render::text::{render_show, show_parts};

    fn numbered(prefix: &str, n: usize) -> String {
        (1..=n).map(|i| format!("{prefix}{i}\n")).collect()
    }

    fn sample() -> Screen {
        let mut s = Screen::new();
        s.push("header\n", Priority::Always, 1);
        s.push(&numbered("change ", 3), Priority::Always, 2);
        s.push(&numbered("node ", 10), Priority::High, 3);
        s.push(&numbered("detail ", 20), Priority::Low, 1);
        s.push(&numbered("problem ", 4), Priority::Always, 3);
        s
    }

    #[test]
    fn everything_shows_when_it_fits_or_the_height_is_unknown() {
        let all = sample().fit(None, None, false);
        assert_eq!(all.len(), 38);
        assert_eq!(sample().fit(Some(38), Some(80), false), all);
        assert_eq!(sample().fit(Some(100), Some(80), false), all);
    }

    #[test]
    fn details_give_way_first_and_say_how_much_is_hidden() {
        let lines = sample().fit(Some(24), Some(80), false);
        assert_eq!(lines.len(), 24, "{lines:#?}");
        // Header, changes, nodes and problems whole; details cut to 6 of
        // 20, the note taking the sixth row.
        assert_eq!(lines[0], "header");
        assert_eq!(lines[3], "change 3");
        assert_eq!(lines[13], "node 10");
        assert_eq!(lines[14], "detail 1");
        assert_eq!(lines[19], "… 15 more lines, enlarge the terminal");
        assert_eq!(lines[20], "problem 1");
        assert_eq!(lines[23], "problem 4");
    }

    #[test]
    fn the_nodes_table_gives_way_after_the_details_and_problems_stay() {
        let lines = sample().fit(Some(12), Some(80), false);
        assert_eq!(lines.len(), 12, "{lines:#?}");
        assert_eq!(lines[0], "header");
        assert_eq!(&lines[1..4], ["change 1", "change 2", "change 3"]);
        assert_eq!(&lines[4..6], ["node 1", "node 2"]);
        assert_eq!(lines[6], "… 8 more lines, enlarge the terminal");
        assert_eq!(lines[7], "… 20 more lines, enlarge the terminal");
        assert_eq!(
            &lines[8..],
            ["problem 1", "problem 2", "problem 3", "problem 4"]
        );
    }

    #[test]
    fn on_a_tiny_terminal_every_kept_part_keeps_its_least() {
        let lines = sample().fit(Some(6), Some(80), false);
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert_eq!(lines[0], "header");
        assert_eq!(lines[1], "change 1");
        assert_eq!(lines[2], "… 2 more lines, enlarge the terminal");
        assert_eq!(lines[3], "problem 1");
        assert_eq!(lines[4], "problem 2");
        assert_eq!(lines[5], "… 2 more lines, enlarge the terminal");
        // The note is cut to the width, never wrapped onto a second row.
        let narrow = sample().fit(Some(6), Some(20), false);
        assert!(
            narrow.iter().all(|l| l.chars().count() <= 20),
            "{narrow:#?}"
        );
        assert_eq!(more_lines(1), "… 1 more line, enlarge the terminal");
    }

    #[test]
    fn the_parts_of_show_are_what_show_prints() {
        for fixture in [
            "multiconnect.json",
            "high-availability.json",
            "node-error.json",
        ] {
            let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
            let a = SupportAnswer::from_slice(&std::fs::read(path).unwrap(), "x").unwrap();
            let f = diagnose(&a, &Thresholds::default(), crate::clock::now());
            for opts in [
                RenderOptions::PLAIN,
                RenderOptions {
                    color: true,
                    width: Some(60),
                },
            ] {
                let p = show_parts(&a, Some(&f), &opts);
                let joined = [p.summary, p.nodes, p.schema, p.details, p.problems].concat();
                assert_eq!(joined, render_show(&a, Some(&f), &opts), "{fixture}");
            }
        }
    }

    #[test]
    fn wrapped_lines_fit_and_indent() {
        let lines = wrap_lines("one two three four five six seven", Some(16), 2);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines[0].starts_with("  one"), "{lines:?}");
        assert!(lines[1].starts_with("    "), "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 16), "{lines:?}");
        assert_eq!(wrap_lines("a b", None, 2), ["  a b"]);
    }
}
