//! `diff`: a [`Diff`] for a terminal (`+`, `-`, `~`, coloured when asked),
//! as JSON (`-o json`) and as Markdown for a ticket.
//!
//! Server text (node names, values, the summary lines that quote them) is
//! a [`crate::diff::Text`], printed only through its `Display`, which
//! escapes it; field labels, which can quote a schema table's name, go
//! through [`safe`]. Lists are bounded where the model bounds them (owners
//! of a shard run, ranges of a node), so the output grows with the nodes
//! that changed, never with the shard ids they span.

use std::fmt::Display;
use std::io::{self, Write};

use crate::diagnose::and_list;
use crate::diff::{Change, Diff, NodeBrief, Reading, ShardMove, Text, format_ranges};
use crate::model::{Bytes, SPACE_DIRS};
use crate::render::report::md;
use crate::render::{RenderOptions, Tone, paint, safe};
use crate::safe::json_safe;

/// The label of a changed field, for people (raw: escape before printing).
pub fn field_label(field: &str) -> String {
    if let Some(dir) = SPACE_DIRS.iter().find(|d| d.field == field) {
        return format!("free space ({})", dir.label);
    }
    if let Some(table) = field.strip_prefix("schema.") {
        return format!("schema {table}");
    }
    match field {
        "socket_conn" => "socket".into(),
        "expire_timestamp" => "expiry".into(),
        "meta.version" => "API version".into(),
        other => other.into(),
    }
}

/// A reading for people; `errors` that are not reported read "none".
fn reading_text(field: &str, r: &Reading) -> String {
    match r {
        Reading::NotReported if field == "errors" => "none".into(),
        Reading::NotReported => "not reported".into(),
        Reading::Text(t) => t.to_string(),
        Reading::Bytes(b) if Bytes(*b).is_unlimited() => "no limit".into(),
        Reading::Bytes(b) => Bytes(*b).human(),
        Reading::Shards(s) => format_ranges(s),
        Reading::Unreadable(t) => format!("unreadable: {t}"),
    }
}

/// ` (+1.50 GiB)`, ` (-4 GiB)`, or nothing.
fn delta_text(c: &Change) -> String {
    match c.delta {
        Some(d) => {
            let sign = if d < 0 { '-' } else { '+' };
            format!(" ({sign}{})", Bytes(d.unsigned_abs()).human())
        }
        None => String::new(),
    }
}

/// `coreapp, UP, v2.51.3` (what is known of a node added or removed).
fn brief_text(b: &NodeBrief) -> String {
    let mut parts: Vec<String> = Vec::new();
    if b.in_error {
        parts.push("in error".into());
    }
    for t in [&b.role, &b.socket_conn, &b.build].into_iter().flatten() {
        parts.push(t.to_string());
    }
    parts.join(", ")
}

fn owners(names: &[Text], count: usize) -> String {
    if count == 0 {
        "no owner reported".into()
    } else {
        and_list(names.iter(), count)
    }
}

fn run_label(m: &ShardMove) -> String {
    if m.is_master() {
        "master shard".into()
    } else if m.first == m.last {
        format!("shard {}", m.range())
    } else {
        format!("shards {}", m.range())
    }
}

fn sources_line(which: &str, name: &Text, nodes: usize) -> String {
    let n = if nodes == 1 { "node" } else { "nodes" };
    format!("{which} {name} ({nodes} {n})")
}

/// The diff for a terminal, as one string (see [`write_text`]).
pub fn render_text(d: &Diff, opts: &RenderOptions) -> String {
    let mut out = Vec::new();
    let _ = write_text(&mut out, d, opts);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the diff for a terminal: the two sources, the summary lines,
/// then `-` removed nodes, `+` added nodes, `~` changed nodes with one
/// indented line per field, and the shard runs that changed owner.
pub fn write_text(out: &mut dyn Write, d: &Diff, opts: &RenderOptions) -> io::Result<()> {
    let c = opts.color;
    let mark = |m: &str, tone: Tone| paint(m, tone, c);
    writeln!(
        out,
        "{}",
        paint(
            &sources_line("---", &d.sources.old, d.nodes.old),
            Tone::Bold,
            c
        )
    )?;
    writeln!(
        out,
        "{}",
        paint(
            &sources_line("+++", &d.sources.new, d.nodes.new),
            Tone::Bold,
            c
        )
    )?;
    if d.is_empty() {
        writeln!(out, "\nNo differences.")?;
        return Ok(());
    }
    if !d.summary.is_empty() {
        writeln!(out)?;
        for h in &d.summary {
            writeln!(out, "{}", paint(&h.message.to_string(), Tone::Bold, c))?;
        }
    }
    let change_line = |out: &mut dyn Write, ch: &Change| -> io::Result<()> {
        let old = reading_text(&ch.field, &ch.old);
        let new = reading_text(&ch.field, &ch.new);
        let dim_if_absent = |s: String, r: &Reading| match r {
            Reading::NotReported => paint(&s, Tone::Dim, c),
            _ => s,
        };
        writeln!(
            out,
            "    {}: {} → {}{}",
            safe(&field_label(&ch.field)),
            dim_if_absent(old, &ch.old),
            dim_if_absent(new, &ch.new),
            delta_text(ch)
        )
    };
    if !d.answer.is_empty() {
        writeln!(out, "\n{} answer", mark("~", Tone::Warn))?;
        for ch in &d.answer {
            change_line(out, ch)?;
        }
    }
    if !(d.removed.is_empty() && d.added.is_empty() && d.changed.is_empty()) {
        writeln!(out)?;
    }
    for (list, m, tone, word) in [
        (&d.removed, "-", Tone::Bad, "removed"),
        (&d.added, "+", Tone::Good, "added"),
    ] {
        for b in list {
            let what = brief_text(b);
            let what = if what.is_empty() {
                word.to_string()
            } else {
                format!("{word}: {what}")
            };
            writeln!(
                out,
                "{} {}  {}",
                mark(m, tone),
                b.name,
                paint(&what, Tone::Dim, c)
            )?;
        }
    }
    for nd in &d.changed {
        match &nd.old_name {
            Some(o) => writeln!(out, "{} {} (was {o})", mark("~", Tone::Warn), nd.name)?,
            None => writeln!(out, "{} {}", mark("~", Tone::Warn), nd.name)?,
        }
        for ch in &nd.changes {
            change_line(out, ch)?;
        }
    }
    if !d.shard_moves.is_empty() {
        writeln!(out, "\nShards whose owners changed:")?;
        for m in &d.shard_moves {
            writeln!(
                out,
                "{} {}: {} → {}",
                mark("~", Tone::Warn),
                run_label(m),
                owners(&m.from, m.from_count),
                owners(&m.to, m.to_count)
            )?;
        }
    }
    Ok(())
}

/// The diff as JSON (`-o json`): the [`Diff`] itself, pretty-printed, made
/// safe for a terminal without changing its values, with a final newline.
pub fn render_json(d: &Diff) -> String {
    let mut s = json_safe(&serde_json::to_string_pretty(d).unwrap_or_else(|_| "{}".into()));
    s.push('\n');
    s
}

/// Escapes server text (through its `Display`) for Markdown.
fn m(t: impl Display) -> String {
    md(&t.to_string())
}

/// The diff as Markdown for a ticket, as one string (see [`write_markdown`]).
pub fn render_markdown(d: &Diff) -> String {
    let mut out = Vec::new();
    let _ = write_markdown(&mut out, d);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the diff as Markdown: the sources, the summary as a list, then
/// tables of nodes removed and added, of changed fields and of shard runs.
pub fn write_markdown(out: &mut dyn Write, d: &Diff) -> io::Result<()> {
    writeln!(out, "# WhatsApp Business API client: what changed\n")?;
    writeln!(
        out,
        "- Before: {} ({} nodes)",
        m(&d.sources.old),
        d.nodes.old
    )?;
    writeln!(
        out,
        "- After: {} ({} nodes)",
        m(&d.sources.new),
        d.nodes.new
    )?;
    writeln!(
        out,
        "- Free space changes reported beyond {}",
        Bytes(d.space_delta).human()
    )?;
    writeln!(out, "\n## Summary\n")?;
    if d.is_empty() {
        writeln!(out, "No differences.")?;
        return Ok(());
    }
    for h in &d.summary {
        writeln!(out, "- {}", m(&h.message))?;
    }
    let row = |out: &mut dyn Write, cells: &[String]| writeln!(out, "| {} |", cells.join(" | "));
    let head = |out: &mut dyn Write, cells: &[&str]| -> io::Result<()> {
        writeln!(out, "| {} |", cells.join(" | "))?;
        writeln!(out, "|{}|", vec!["---"; cells.len()].join("|"))
    };
    if !d.answer.is_empty() {
        writeln!(out, "\n## Answer\n")?;
        head(out, &["Field", "Before", "After"])?;
        for ch in &d.answer {
            row(
                out,
                &[
                    m(field_label(&ch.field)),
                    m(reading_text(&ch.field, &ch.old)),
                    m(reading_text(&ch.field, &ch.new)),
                ],
            )?;
        }
    }
    if !(d.removed.is_empty() && d.added.is_empty()) {
        writeln!(out, "\n## Nodes added and removed\n")?;
        head(out, &["", "Node", "Role", "Socket", "Build"])?;
        for (list, sign) in [(&d.removed, "removed"), (&d.added, "added")] {
            for b in list {
                let opt = |t: &Option<Text>| t.as_ref().map(m).unwrap_or_else(|| "—".into());
                row(
                    out,
                    &[
                        sign.into(),
                        m(&b.name),
                        opt(&b.role),
                        if b.in_error {
                            "in error".into()
                        } else {
                            opt(&b.socket_conn)
                        },
                        opt(&b.build),
                    ],
                )?;
            }
        }
    }
    if !d.changed.is_empty() {
        writeln!(out, "\n## Changed nodes\n")?;
        head(out, &["Node", "Field", "Before", "After"])?;
        for nd in &d.changed {
            let name = match &nd.old_name {
                Some(o) => format!("{} (was {})", m(&nd.name), m(o)),
                None => m(&nd.name),
            };
            for ch in &nd.changes {
                row(
                    out,
                    &[
                        name.clone(),
                        m(field_label(&ch.field)),
                        m(reading_text(&ch.field, &ch.old)),
                        format!("{}{}", m(reading_text(&ch.field, &ch.new)), delta_text(ch)),
                    ],
                )?;
            }
        }
    }
    if !d.shard_moves.is_empty() {
        writeln!(out, "\n## Shards whose owners changed\n")?;
        head(out, &["Shards", "Before", "After"])?;
        for mv in &d.shard_moves {
            row(
                out,
                &[
                    m(run_label(mv)),
                    m(owners(&mv.from, mv.from_count)),
                    m(owners(&mv.to, mv.to_count)),
                ],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
