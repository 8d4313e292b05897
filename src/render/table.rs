//! Table layout for the terminal: column widths, hiding columns and
//! cutting cells so every line fits the width, and wrapping text.
//!
//! Node names (column 0) are cut by [`Names`], which keeps what tells them
//! apart; other cells are cut at their end. Everything here is linear in
//! the text laid out (plus a sort-free binary search over column widths),
//! so a large answer costs what it weighs.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::render::{Cell, Tone, paint};

mod names;

pub(crate) use names::Names;

/// The mark left where text was cut.
const ELLIPSIS: char = '…';

/// Display width of one char (controls count as zero; text here is safe).
fn cw(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// `s` cut at the end to at most `w` columns, with `…` when cut.
pub(crate) fn cut_end(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + cw(c) > w - 1 {
            break;
        }
        used += cw(c);
        out.push(c);
    }
    out.push(ELLIPSIS);
    out
}

/// The first chars of `chars` that fit `w` columns.
fn head(chars: &[char], w: usize) -> String {
    let mut used = 0;
    chars
        .iter()
        .take_while(|c| {
            used += cw(**c);
            used <= w
        })
        .collect()
}

/// The last chars of `chars` that fit `w` columns.
fn tail(chars: &[char], w: usize) -> String {
    let mut used = 0;
    let mut rev: Vec<char> = chars
        .iter()
        .rev()
        .take_while(|c| {
            used += cw(**c);
            used <= w
        })
        .copied()
        .collect();
    rev.reverse();
    rev.into_iter().collect()
}

fn width_of(chars: &[char]) -> usize {
    chars.iter().map(|c| cw(*c)).sum()
}

/// Lines of at most `first` columns (the first) and `rest` columns (the
/// others), broken at spaces; a word longer than a line is broken inside.
pub(crate) fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    let limit = |lines: &Vec<String>| if lines.is_empty() { first } else { rest }.max(1);
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let ww = word.width();
        let gap = usize::from(used > 0);
        if used + gap + ww <= limit(&lines) {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + ww;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            if used + cw(c) > limit(&lines) && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A table's content: column titles and rows of toned cells (safe text).
pub(crate) struct Grid<'a> {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns that may be hidden to fit a terminal, first to go first.
    pub optional: Vec<usize>,
    /// How column 0 (node names) is cut; other columns are cut at the end.
    pub names: &'a Names,
}

/// Total width of columns laid out two spaces apart.
fn total_width(widths: impl Iterator<Item = usize>) -> usize {
    let (sum, count): (usize, usize) = widths.fold((0, 0), |(s, c), w| (s + w, c + 1));
    sum + 2 * count.saturating_sub(1)
}

/// Display width of each column (header included).
pub(crate) fn widths(grid: &Grid) -> Vec<usize> {
    let mut widths: Vec<usize> = grid.headers.iter().map(|h| h.width()).collect();
    for row in &grid.rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.text.width());
        }
    }
    widths
}

/// Caps the columns so they fit `avail` (column gaps not included): the
/// largest cap `c` such that `max(min(w, c), floor)` fits. `None` when even
/// the floors do not fit.
fn cap(widths: &[usize], floors: &[usize], avail: usize) -> Option<Vec<usize>> {
    let sized = |c: usize| -> usize {
        widths
            .iter()
            .zip(floors)
            .map(|(w, f)| (*w).min(c).max(*f))
            .sum()
    };
    if sized(0) > avail {
        return None;
    }
    let (mut lo, mut hi) = (0, widths.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if sized(mid) <= avail {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(
        widths
            .iter()
            .zip(floors)
            .map(|(w, f)| (*w).min(lo).max(*f))
            .collect(),
    )
}

/// Most column names listed in a note.
const NOTE_NAMES: usize = 8;

/// Column titles for a note under a table: the first few, then how many
/// more, so a note stays short however wide the table.
pub(crate) fn name_list(names: &[&str]) -> String {
    let mut list = names
        .iter()
        .take(NOTE_NAMES)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NOTE_NAMES {
        list.push_str(&format!(" and {} more", names.len() - NOTE_NAMES));
    }
    list
}

/// Lays a grid out with our look: no borders, upper-case headers, two
/// spaces between columns, one line per row, like kubectl. Without a width
/// (piped), nothing is cut. On a terminal too narrow for it, the optional
/// columns are hidden first (a note says which), then cells are cut with
/// `…`: node names where they are alike, other cells at their end.
pub(crate) fn layout(grid: &Grid, width: Option<u16>, color: bool) -> String {
    layout_with(grid, width, color, false)
}

/// Lays a grid out like [`layout`], but only the node names give way: on a
/// terminal too narrow for it, the optional columns are hidden first (a
/// note says which), then the names are cut where they are alike; the
/// other cells (a role, a socket state or error code, a date) stay whole,
/// unless even names cut to 10 columns could not fit beside them.
pub(crate) fn layout_names_give_way(grid: &Grid, width: Option<u16>, color: bool) -> String {
    layout_with(grid, width, color, true)
}

/// The columns shown when only names give way: the optional ones hidden
/// in order until the rest fit with names whole; the last of them (the
/// one that says most) only when the rest do not fit even with names cut
/// to 10 columns. Also whether the shown columns then fit with names cut.
fn names_give_way(natural: &[usize], optional: &[usize], width: usize) -> (Vec<bool>, bool) {
    let cols = natural.len();
    let mut shown = vec![true; cols];
    let fits = |shown: &[bool], name: usize| {
        let widths = (0..cols).filter(|i| shown[*i]);
        total_width(widths.map(|i| if i == 0 { name } else { natural[i] })) <= width
    };
    let cut_name = natural[0].min(10);
    let last = optional.len().saturating_sub(1);
    for (k, &col) in optional.iter().enumerate() {
        let name = if k == last { cut_name } else { natural[0] };
        if fits(&shown, name) {
            return (shown, true);
        }
        if col < cols {
            shown[col] = false;
        }
    }
    let fit = fits(&shown, cut_name);
    (shown, fit)
}

fn layout_with(grid: &Grid, width: Option<u16>, color: bool, names_only: bool) -> String {
    let natural = widths(grid);
    let cols = natural.len();
    let mut shown = vec![true; cols];
    let Some(width) = width.map(usize::from) else {
        return aligned(grid, &natural, &shown, color);
    };
    // Only the names give way, unless even names cut to 10 columns do not
    // fit beside the other cells: then the grid is laid out as any other.
    let mut only_names = false;
    if names_only && cols > 0 {
        let (kept, fit) = names_give_way(&natural, &grid.optional, width);
        if fit {
            (shown, only_names) = (kept, true);
        }
    }
    // Columns are hidden while the rest could not fit with names whole and
    // other cells cut to 9 columns; the last optional column only when even
    // cut names (to 10) and cells (to 3) could not fit without it.
    let floor1 = |i: usize| {
        if i == 0 {
            natural[0]
        } else {
            natural[i].min(9)
        }
    };
    let floor2 = |i: usize| natural[i].min(if i == 0 { 10 } else { 3 });
    let mut least1 = total_width((0..cols).map(floor1));
    let mut least2 = total_width((0..cols).map(floor2));
    let last = grid.optional.len().saturating_sub(1);
    for (k, &col) in grid.optional.iter().enumerate() {
        if only_names {
            break;
        }
        let enough = if k == last { least2 } else { least1 };
        if enough <= width {
            break;
        }
        if col < cols && shown[col] {
            shown[col] = false;
            // One column and its gap fewer.
            least1 -= floor1(col) + 2;
            least2 -= floor2(col) + 2;
        }
    }
    let total = total_width((0..cols).filter(|i| shown[*i]).map(|i| natural[i]));
    let visible: Vec<usize> = (0..cols).filter(|i| shown[*i]).collect();
    let mut sizes = natural.clone();
    if total > width {
        let gaps = 2 * visible.len().saturating_sub(1);
        let avail = width.saturating_sub(gaps);
        let w: Vec<usize> = visible.iter().map(|i| natural[*i]).collect();
        // First the other columns give way (down to 9), names stay whole;
        // then everything, names down to 10, other cells to 3.
        let floors1: Vec<usize> = visible
            .iter()
            .zip(&w)
            .map(|(i, w)| if *i == 0 { *w } else { (*w).min(9) })
            .collect();
        let floors2: Vec<usize> = visible
            .iter()
            .zip(&w)
            .map(|(i, w)| (*w).min(if *i == 0 { 10 } else { 3 }))
            .collect();
        if only_names {
            // Only the names give way: they take what the others leave.
            let others = total - natural[0];
            sizes[0] = natural[0].min(width.saturating_sub(others));
        } else {
            let capped = cap(&w, &floors1, avail)
                .or_else(|| cap(&w, &floors2, avail))
                .unwrap_or(floors2);
            for (i, c) in visible.iter().zip(capped) {
                sizes[*i] = c;
            }
        }
    }
    let cut_grid = Grid {
        headers: grid
            .headers
            .iter()
            .zip(&sizes)
            .map(|(h, w)| cut_end(h, *w))
            .collect(),
        rows: grid
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&sizes)
                    .enumerate()
                    .map(|(i, (cell, w))| {
                        let text = if i == 0 {
                            grid.names.cut(&cell.text, *w)
                        } else {
                            cut_end(&cell.text, *w)
                        };
                        Cell::new(text, cell.tone)
                    })
                    .collect()
            })
            .collect(),
        optional: Vec::new(),
        names: grid.names,
    };
    let mut out = aligned(&cut_grid, &sizes, &shown, color);
    let hidden: Vec<&str> = (0..cols)
        .filter(|i| !shown[*i])
        .map(|i| grid.headers[i].as_str())
        .collect();
    if !hidden.is_empty() {
        let note = format!(
            "(hidden to fit the terminal: {}; widen it, or pipe the output to see them)",
            name_list(&hidden)
        );
        for line in wrap(&note, width, width) {
            out.push('\n');
            out.push_str(&paint(&line, Tone::Dim, color));
        }
    }
    out
}

/// The grid's shown columns at the given widths, two spaces apart.
fn aligned(grid: &Grid, widths: &[usize], shown: &[bool], color: bool) -> String {
    let last = shown.iter().rposition(|s| *s).unwrap_or(0);
    // Sized once for plain text (a line per row at most the widths and
    // gaps), so a long table is not copied while it grows.
    let line_len: usize = widths.iter().sum::<usize>() + 2 * widths.len() + 1;
    let mut out = String::with_capacity(line_len.saturating_mul(grid.rows.len() + 1));
    let mut line = |cells: &mut dyn Iterator<Item = (&str, Tone)>| {
        let start = out.len();
        for (i, (text, tone)) in cells.enumerate() {
            if !shown.get(i).copied().unwrap_or(false) {
                continue;
            }
            if color {
                out.push_str(&paint(text, tone, color));
            } else {
                out.push_str(text);
            }
            if i < last {
                let pad = widths[i].saturating_sub(text.width());
                out.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        let trimmed = out[start..].trim_end().len();
        out.truncate(start + trimmed);
        out.push('\n');
    };
    line(&mut grid.headers.iter().map(|h| (h.as_str(), Tone::Bold)));
    for row in &grid.rows {
        line(&mut row.iter().map(|c| (c.text.as_str(), c.tone)));
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_end_marks_the_cut() {
        assert_eq!(cut_end("abcdef", 6), "abcdef");
        assert_eq!(cut_end("abcdef", 4), "abc…");
        assert_eq!(cut_end("abcdef", 1), "…");
        assert_eq!(cut_end("abcdef", 0), "");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("aa bb cc", 5, 5), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefg", 3, 3), ["abc", "def", "g"]);
        assert_eq!(wrap("a bcdef", 3, 4), ["a", "bcde", "f"]);
        assert_eq!(wrap("", 3, 3), [""]);
    }

    #[test]
    fn cap_fits_the_widest_first() {
        assert_eq!(cap(&[10, 4, 8], &[0, 0, 0], 18), Some(vec![7, 4, 7]));
        assert_eq!(cap(&[10, 4], &[10, 4], 13), None);
    }

    /// Eight nodes on six hosts in three subnets, one in error (1011).
    fn eight_nodes() -> crate::model::SupportAnswer {
        crate::render::testing::fixture("multiconnect-8-nodes.json")
    }

    #[test]
    fn only_node_names_give_way_after_whole_columns_are_hidden() {
        use crate::render::RenderOptions;
        use crate::render::text::nodes_table;
        let a = eight_nodes();
        for w in [80u16, 100, 120, 200] {
            let opts = RenderOptions {
                color: false,
                width: Some(w),
            };
            let t = nodes_table(&a, &opts);
            let header = t.lines().next().unwrap();
            let role_at = header.find("ROLE").unwrap();
            for line in t.lines().take(1 + a.nodes.len()) {
                assert!(line.width() <= usize::from(w), "at {w}: {line}\n{t}");
                // Past the NODE column nothing is cut.
                let rest: String = line.chars().skip(role_at).collect();
                assert!(!rest.contains(ELLIPSIS), "at {w}: {line}\n{t}");
            }
            for whole in [
                "primary_master",
                "secondary_master",
                "UP receiving offline",
                "error 1011",
            ] {
                assert!(t.contains(whole), "at {w}: no {whole}\n{t}");
            }
            if header.contains("EXPIRES") {
                assert!(t.contains("2027-01-18 08:30"), "at {w}:\n{t}");
            }
            // A row starts with its whole address or marks what is left out.
            for row in t.lines().skip(1).take(a.nodes.len()) {
                assert!(
                    row.starts_with("10.42.") || row.starts_with(ELLIPSIS),
                    "{t}"
                );
            }
            // A column is cut only when no optional one is left to hide.
            if t.lines()
                .any(|l| l.contains(ELLIPSIS) && !l.starts_with('('))
            {
                assert!(!header.contains("BUILD") && !header.contains("DATA"), "{t}");
            }
        }
        // 200 columns hold it all; 120 hides what goes first, in order.
        let at = |w| {
            nodes_table(
                &a,
                &RenderOptions {
                    color: false,
                    width: Some(w),
                },
            )
        };
        assert!(!at(200).contains("(hidden"), "{}", at(200));
        let t = at(120);
        assert!(
            t.contains("(hidden to fit the terminal: LOGS, MEDIA IN, MEDIA OUT, EXPIRES;"),
            "{t}"
        );
    }

    #[test]
    fn the_prefix_note_never_ends_inside_a_host() {
        use crate::render::RenderOptions;
        use crate::render::text::render_show;
        let a = eight_nodes();
        for w in [40u16, 60, 80, 100, 120, 200] {
            let opts = RenderOptions {
                color: false,
                width: Some(w),
            };
            let out = render_show(&a, None, &opts);
            assert!(!out.contains("common prefix"), "at {w}:\n{out}");
            assert!(!out.lines().any(|l| l.starts_with("0.1")), "at {w}:\n{out}");
        }
    }

    #[test]
    fn a_note_lists_a_few_names_then_counts_the_rest() {
        assert_eq!(name_list(&["A", "B"]), "A, B");
        let many: Vec<String> = (0..11).map(|i| format!("T{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            name_list(&refs),
            "T0, T1, T2, T3, T4, T5, T6, T7 and 3 more"
        );
    }
}
