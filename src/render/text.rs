//! The human output of `show`: a summary line, the nodes table, the schema
//! table, per-node details and the problems found, section by section.
//!
//! What each part says comes from [`crate::render::view`]; how a table fits
//! the terminal (widths, hiding, cutting names) from `render::table`. This
//! module puts the sections together and fits their lines to the width.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::diagnose::{Finding, Severity, counts};
use crate::model::SupportAnswer;
use crate::render::table::{Grid, Names, layout, layout_names_give_way, name_list, widths, wrap};
use crate::render::view::{
    self, DetailSplit, NodeColumn, NodeRow, SchemaRow, SchemaValue, plural, schema_grid,
};
use crate::render::{Cell, RenderOptions, Tone, paint};

/// Everything `show` prints, as one string (see [`write_show`]).
pub fn render_show(
    answer: &SupportAnswer,
    findings: Option<&[Finding]>,
    opts: &RenderOptions,
) -> String {
    let mut buf = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_show(answer, findings, opts, &mut buf);
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes everything `show` prints, section by section, so the whole
/// output is never held at once.
///
/// On a terminal (`opts.width`), every line fits its width: when the nodes
/// table is too wide, node names lose the prefix they all share (a line
/// says so, once), then columns are hidden, then cells are cut, node names
/// only where they are alike.
pub fn write_show(
    answer: &SupportAnswer,
    findings: Option<&[Finding]>,
    opts: &RenderOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let names = names_for(answer, opts);
    let width = opts.width.map(usize::from);
    let mut out = String::new();
    for line in summary_lines(answer, width) {
        out.push_str(&paint(&line, Tone::Bold, opts.color));
        out.push('\n');
    }
    out.push('\n');
    if !names.prefix.is_empty() {
        let note = format!("node names without their common prefix `{}`", names.prefix);
        for line in fit(&note, width, 0) {
            out.push_str(&paint(&line, Tone::Dim, opts.color));
            out.push('\n');
        }
    }
    w.write_all(out.as_bytes())?;
    w.write_all(
        layout_names_give_way(&node_grid(answer, &names), opts.width, opts.color).as_bytes(),
    )?;
    w.write_all(b"\n")?;
    out.clear();
    if answer.nodes.iter().any(|n| n.info.schema.is_some()) {
        out.push('\n');
        out.push_str(&paint("Schema versions", Tone::Bold, opts.color));
        out.push('\n');
        w.write_all(out.as_bytes())?;
        w.write_all(schema_table_with(answer, opts, &names).as_bytes())?;
        out.clear();
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&paint("Details", Tone::Bold, opts.color));
    out.push('\n');
    w.write_all(out.as_bytes())?;
    write_details(answer, opts, &names, w)?;
    if let Some(f) = findings {
        w.write_all(b"\n")?;
        w.write_all(problems_with(f, opts, &names).as_bytes())?;
    }
    Ok(())
}

/// What `show` prints, part by part, for a screen that must choose among
/// them when its rows run out (`show --watch`). Each part is whole lines;
/// joined in order they are exactly [`render_show`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShowParts {
    /// The summary (and the note on shortened node names), then a blank line.
    pub summary: String,
    /// The nodes table.
    pub nodes: String,
    /// The schema table under its title; empty when no node reports one.
    pub schema: String,
    /// The details under their title.
    pub details: String,
    /// The problems, after a blank line; empty without findings.
    pub problems: String,
}

/// [`write_show`]'s output as [`ShowParts`], held whole (a screen's worth).
pub fn show_parts(
    answer: &SupportAnswer,
    findings: Option<&[Finding]>,
    opts: &RenderOptions,
) -> ShowParts {
    let names = names_for(answer, opts);
    let width = opts.width.map(usize::from);
    let mut parts = ShowParts::default();
    for line in summary_lines(answer, width) {
        let _ = writeln!(parts.summary, "{}", paint(&line, Tone::Bold, opts.color));
    }
    parts.summary.push('\n');
    if !names.prefix.is_empty() {
        let note = format!("node names without their common prefix `{}`", names.prefix);
        for line in fit(&note, width, 0) {
            let _ = writeln!(parts.summary, "{}", paint(&line, Tone::Dim, opts.color));
        }
    }
    parts.nodes = layout_names_give_way(&node_grid(answer, &names), opts.width, opts.color);
    parts.nodes.push('\n');
    if answer.nodes.iter().any(|n| n.info.schema.is_some()) {
        let title = paint("Schema versions", Tone::Bold, opts.color);
        let table = schema_table_with(answer, opts, &names);
        parts.schema = format!("\n{title}\n{table}\n");
    }
    let _ = writeln!(
        parts.details,
        "\n{}",
        paint("Details", Tone::Bold, opts.color)
    );
    let mut buf = Vec::new();
    let _ = write_details(answer, opts, &names, &mut buf);
    parts.details.push_str(&String::from_utf8_lossy(&buf));
    if let Some(f) = findings {
        parts.problems = format!("\n{}", problems_with(f, opts, &names));
    }
    parts
}

/// How node names are shown: whole, unless the nodes table is too wide
/// for the terminal, when the prefix all names share is left out.
fn names_for(answer: &SupportAnswer, opts: &RenderOptions) -> Names {
    let safe_names: Vec<String> = answer.nodes.iter().map(|n| n.name.to_string()).collect();
    let refs: Vec<&str> = safe_names.iter().map(String::as_str).collect();
    let whole = Names::whole(&refs);
    let Some(w) = opts.width else {
        return whole;
    };
    let natural = widths(&node_grid(answer, &whole));
    let total = natural.iter().sum::<usize>() + 2 * natural.len().saturating_sub(1);
    if total <= usize::from(w) {
        return whole;
    }
    Names::without_common_prefix(&refs).unwrap_or(whole)
}

/// `text` in lines of at most `width` columns, lines after the first
/// indented by `indent` spaces; one line when there is no width.
fn fit(text: &str, width: Option<usize>, indent: usize) -> Vec<String> {
    match width {
        None => vec![text.to_string()],
        Some(w) => {
            let indent = if w > indent + 10 { indent } else { 0 };
            let mut lines = wrap(text, w, w - indent);
            for l in lines.iter_mut().skip(1) {
                l.insert_str(0, &" ".repeat(indent));
            }
            lines
        }
    }
}

/// One line: nodes, by role, by socket state, build version(s).
#[cfg(test)]
pub(crate) fn summary_line(answer: &SupportAnswer, color: bool) -> String {
    paint(&view::summary(answer), Tone::Bold, color)
}

/// The summary in lines that fit `width`, broken between its parts.
fn summary_lines(answer: &SupportAnswer, width: Option<usize>) -> Vec<String> {
    let parts = view::summary_parts(answer);
    let Some(w) = width else {
        return vec![parts.join(" · ")];
    };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        if line.is_empty() && part.width() <= w {
            line = part;
            continue;
        }
        if !line.is_empty() && line.width() + 3 + part.width() <= w {
            line.push_str(" · ");
            line.push_str(&part);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut wrapped = fit(&part, Some(w), 2);
        line = wrapped.pop().unwrap_or_default();
        lines.extend(wrapped);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The nodes table as a grid, names shown as `names` says; the columns
/// give way on a narrow terminal in the order of their rank.
fn node_grid<'a>(answer: &SupportAnswer, names: &'a Names) -> Grid<'a> {
    Grid {
        headers: NodeColumn::ALL
            .iter()
            .map(|c| c.header().to_string())
            .collect(),
        rows: answer
            .nodes
            .iter()
            .map(|n| {
                let mut row = NodeRow::new(answer, n).into_cells();
                let name = &mut row[NodeColumn::Node.index()].text;
                if !names.prefix.is_empty() {
                    *name = names.show(name).to_string();
                }
                row.into()
            })
            .collect(),
        optional: NodeColumn::hiding_order()
            .into_iter()
            .map(NodeColumn::index)
            .collect(),
        names,
    }
}

/// The nodes table, one row per node.
#[cfg(test)]
pub(crate) fn nodes_table(answer: &SupportAnswer, opts: &RenderOptions) -> String {
    let names = names_for(answer, opts);
    layout_names_give_way(&node_grid(answer, &names), opts.width, opts.color)
}

/// The schema table: a row per node, a column per table; a value that
/// differs from the most common one is marked with `*`.
pub fn schema_table(answer: &SupportAnswer, opts: &RenderOptions) -> String {
    schema_table_with(answer, opts, &names_for(answer, opts))
}

fn schema_table_with(answer: &SupportAnswer, opts: &RenderOptions, names: &Names) -> String {
    let mut grid = schema_grid(answer);
    let mut headers: Vec<String> = vec!["NODE".into()];
    headers.extend(grid.headers.iter().cloned());
    // The grid's strings are moved into the table's cells, not copied.
    let rows = std::mem::take(&mut grid.rows)
        .into_iter()
        .map(|SchemaRow { node: name, values }| {
            let shown = if names.prefix.is_empty() {
                name
            } else {
                names.show(&name).to_string()
            };
            let mut row = Vec::with_capacity(values.len() + 1);
            row.push(Cell::plain(shown));
            row.extend(values.into_iter().map(|v| match v {
                Some(SchemaValue {
                    mut text,
                    differs: true,
                }) => {
                    text.push('*');
                    Cell::new(text, Tone::Warn)
                }
                Some(SchemaValue { text, .. }) => Cell::plain(text),
                None => Cell::dash(),
            }));
            row
        })
        .collect();
    // On a narrow terminal the last tables give way first; one stays.
    let optional = (2..=grid.tables.len()).rev().collect();
    let mut s = layout(
        &Grid {
            headers,
            rows,
            optional,
            names,
        },
        opts.width,
        opts.color,
    );
    if grid.any_marked {
        s.push_str("\n* differs from the other nodes");
    }
    let tied: Vec<&str> = grid
        .tied
        .iter()
        .map(|t| grid.headers[*t].as_str())
        .collect();
    if let Some(note) = tie_note(&tied) {
        for line in fit(&note, opts.width.map(usize::from), 0) {
            s.push('\n');
            s.push_str(&line);
        }
    }
    s
}

/// Per-node facts that do not fit a column, as aligned `key  value` lines.
/// In a multi-node answer, facts shared by every node are printed once
/// ("all nodes") and each node lists only what is its own.
#[cfg(test)]
pub(crate) fn details(answer: &SupportAnswer, color: bool) -> String {
    let mut buf = Vec::new();
    let _ = write_details(
        answer,
        &RenderOptions { color, width: None },
        &Names::default(),
        &mut buf,
    );
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Width of the `  key           ` part of a detail line.
const DETAIL_INDENT: usize = 16;

/// Writes the details group by group through one reused buffer.
fn write_details(
    answer: &SupportAnswer,
    opts: &RenderOptions,
    names: &Names,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let color = opts.color;
    let width = opts.width.map(usize::from);
    let mut out = String::new();
    let split = DetailSplit::new(answer);
    let group =
        |out: &mut String, title: &str, rows: &mut dyn Iterator<Item = &(&'static str, String)>| {
            let title = match width {
                Some(w) => names.cut(title, w),
                None => title.to_string(),
            };
            let _ = writeln!(out, "{}", paint(&title, Tone::Bold, color));
            for (k, v) in rows {
                let narrow = width.is_some_and(|w| w <= DETAIL_INDENT + 10);
                match width {
                    Some(w) if !narrow => {
                        let key = paint(&format!("{k:<14}"), Tone::Dim, color);
                        for (i, l) in wrap(v, w - DETAIL_INDENT, w - DETAIL_INDENT)
                            .iter()
                            .enumerate()
                        {
                            if i == 0 {
                                let _ = writeln!(out, "  {key}{l}");
                            } else {
                                let _ = writeln!(out, "{:w$}{l}", "", w = DETAIL_INDENT);
                            }
                        }
                    }
                    Some(w) => {
                        let text = format!("{k:<14}{v}");
                        for (i, l) in wrap(&text, w.saturating_sub(2), w).iter().enumerate() {
                            let _ = writeln!(out, "{}{l}", if i == 0 { "  " } else { "" });
                        }
                    }
                    None if color => {
                        let key = paint(&format!("{k:<14}"), Tone::Dim, color);
                        let _ = writeln!(out, "  {key}{v}");
                    }
                    None => {
                        let _ = writeln!(out, "  {k:<14}{v}");
                    }
                }
            }
        };
    let mut common = split.common().peekable();
    if common.peek().is_some() {
        group(&mut out, "all nodes", &mut common);
    }
    for (node, rows) in split.own() {
        let name = node.name.to_string();
        group(&mut out, names.show(&name), &mut rows.iter());
        if out.len() >= 32 * 1024 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())
}

/// The "Problems" section: findings most severe first, or one line saying
/// that none were found. Notes are listed apart from problems.
#[cfg(test)]
pub(crate) fn problems(findings: &[Finding], color: bool) -> String {
    problems_with(
        findings,
        &RenderOptions { color, width: None },
        &Names::default(),
    )
}

fn problems_with(findings: &[Finding], opts: &RenderOptions, names: &Names) -> String {
    let color = opts.color;
    let width = opts.width.map(usize::from);
    let mut out = String::new();
    let (crit, warn, _) = counts(findings);
    let title = if crit + warn == 0 {
        ("No problems found.".to_string(), Tone::Good)
    } else {
        (
            format!(
                "Problems ({}, {})",
                plural(crit, "critical", "critical"),
                plural(warn, "warning", "warnings")
            ),
            Tone::Bold,
        )
    };
    for line in fit(&title.0, width, 0) {
        let _ = writeln!(out, "{}", paint(&line, title.1, color));
    }
    // Findings carry the server's raw text: made safe here, at print time.
    let who: Vec<String> = findings
        .iter()
        .map(|f| names.show(&view::finding_subject(f)).to_string())
        .collect();
    let mut who_width = who.iter().map(|w| w.width()).max().unwrap_or(0);
    if let Some(w) = width {
        who_width = who_width.min((w / 3).max(10));
    }
    for (f, who) in findings.iter().zip(&who) {
        let (label, tone) = match f.severity {
            Severity::Critical => ("CRIT", Tone::Bad),
            Severity::Warning => ("WARN", Tone::Warn),
            Severity::Note => ("note", Tone::Dim),
        };
        let who = match width {
            Some(_) => names.cut(who, who_width),
            None => who.clone(),
        };
        let pad = who_width.saturating_sub(who.width());
        let text = format!("{} [{}]", f.message, f.code);
        // `  CRIT  who  `: the text starts after it, and wraps below it.
        let lead = 2 + 4 + 2 + who_width + 2;
        let narrow = width.is_some_and(|w| w < lead + 20);
        let lines = match width {
            Some(w) if narrow => wrap(&text, w.saturating_sub(4), w.saturating_sub(4)),
            Some(w) => wrap(&text, w - lead, w - lead),
            None => vec![text],
        };
        let indent = if narrow { 4 } else { lead };
        let first = format!("  {}  {who}", paint(label, tone, color));
        if narrow {
            let _ = writeln!(out, "{first}");
        }
        for (i, line) in lines.iter().enumerate() {
            if i == 0 && !narrow {
                let _ = writeln!(out, "{first}{}  {line}", " ".repeat(pad));
            } else {
                let _ = writeln!(out, "{}{line}", " ".repeat(indent));
            }
        }
        if let Some(hint) = crate::explain::hint(f.code.as_str()) {
            write_hint(&mut out, hint, width, narrow, color);
        }
    }
    out
}

/// Where a finding's hint starts: under the finding's label's end.
const HINT_INDENT: usize = 8;
/// What introduces a finding's hint.
const HINT_LEAD: &str = "→ next: ";

/// The fix hint under a finding: `        → next: …`, dimmed, wrapped to
/// the terminal with continued lines under its first word.
fn write_hint(out: &mut String, hint: &str, width: Option<usize>, narrow: bool, color: bool) {
    let indent = if narrow { 4 } else { HINT_INDENT };
    let text = format!("{HINT_LEAD}{}", crate::render::safe(hint));
    let lead = HINT_LEAD.width();
    let lines: Vec<(usize, String)> = match width {
        Some(w) => {
            let rest = if w > indent + lead + 20 { lead } else { 0 };
            wrap(
                &text,
                w.saturating_sub(indent),
                w.saturating_sub(indent + rest),
            )
            .into_iter()
            .enumerate()
            .map(|(i, l)| (if i == 0 { indent } else { indent + rest }, l))
            .collect()
        }
        None => vec![(indent, text)],
    };
    for (pad, line) in lines {
        let _ = writeln!(out, "{}{}", " ".repeat(pad), paint(&line, Tone::Dim, color));
    }
}

/// The note under a schema table with tied tables (their safe titles):
/// none of their values is marked, and this says why.
fn tie_note(tied: &[&str]) -> Option<String> {
    if tied.is_empty() {
        return None;
    }
    Some(format!(
        "{}: the nodes differ, and no value is held by most of them; none is marked",
        name_list(tied)
    ))
}

#[cfg(test)]
mod tests;
