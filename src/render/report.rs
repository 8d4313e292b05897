//! `report`: one Markdown document to attach to a support ticket.
//!
//! Tables are GitHub-flavoured Markdown tables, which GitHub, Jira and
//! Zendesk-style viewers render and which still read well as plain text.
//! Every server string is made safe for a terminal and escaped for
//! Markdown; the answer's JSON closes the report in a fence longer than any
//! run of backticks inside it.

use std::io::{self, Write};
use std::path::Path;

use crate::diagnose::{Finding, Severity, counts};
use crate::error::{Error, ErrorKind, Result};
use crate::explain;
use crate::model::SupportAnswer;
use crate::render::check::CheckState;
use crate::render::view::{self, DetailSplit, NodeColumn, NodeRow, schema_grid};
use crate::render::{DASH, safe};
use crate::safe::json_safe;

/// What the report header says about its making.
#[derive(Debug, Clone)]
pub struct ReportContext {
    /// RFC 3339 time of generation.
    pub generated_at: String,
    /// `host:port` of the target, or `file NAME`.
    pub target: String,
    /// The redaction summary (`Redacted: 1 phone number, 4 secrets`);
    /// empty when the report is not redacted.
    pub redaction: String,
}

/// Whether and what the report's answer has redacted, read once from
/// [`ReportContext::redaction`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Redaction<'a> {
    /// Everything in clear.
    Off,
    /// Redacted, as `summary` says; host names too when `hosts`.
    On { summary: &'a str, hosts: bool },
}

impl ReportContext {
    fn redaction(&self) -> Redaction<'_> {
        match self.redaction.as_str() {
            "" => Redaction::Off,
            summary => Redaction::On {
                summary,
                hosts: summary.contains(" host"),
            },
        }
    }
}

/// Escapes text for a Markdown table cell or line.
pub fn md(s: &str) -> String {
    let s = safe(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A table whose rows are made one at a time, as they are written.
fn table_rows(
    out: &mut dyn Write,
    headers: &[String],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(
        out,
        "|{}|",
        headers.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    )?;
    for r in rows {
        writeln!(out, "| {} |", r.join(" | "))?;
    }
    Ok(())
}

/// The whole report, as one string (see [`write_report`]).
pub fn render_report(
    answer: &SupportAnswer,
    findings: &[Finding],
    json: &serde_json::Value,
    ctx: &ReportContext,
) -> String {
    let text = json_safe(&serde_json::to_string_pretty(json).unwrap_or_default());
    let mut out = Vec::new();
    let _ = write_report(&mut out, answer, findings, &text, ctx);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report as it is made, section by section and row by row;
/// `json` is the answer's JSON text, already made safe (`json_safe`),
/// pretty or compact ([`compact_json`]): it closes the report, pretty.
pub fn write_report(
    out: &mut dyn Write,
    answer: &SupportAnswer,
    findings: &[Finding],
    json: &str,
    ctx: &ReportContext,
) -> io::Result<()> {
    let redaction = ctx.redaction();
    writeln!(out, "# WhatsApp Business API client: support report\n")?;
    match redaction {
        Redaction::Off => writeln!(
            out,
            "Not redacted: phone numbers, secrets and host names are in clear.\n"
        )?,
        Redaction::On { summary, .. } => writeln!(out, "{}\n", md(summary))?,
    }
    writeln!(
        out,
        "- Generated: {} by wa-support {}",
        md(&ctx.generated_at),
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "- Target: {}", md(&ctx.target))?;
    writeln!(
        out,
        "- Redaction: {}",
        match redaction {
            Redaction::Off => "off",
            Redaction::On { hosts: true, .. } => "phone numbers, secrets, tokens, hosts",
            Redaction::On { hosts: false, .. } => "phone numbers, secrets, tokens",
        }
    )?;

    let (crit, warn, _) = counts(findings);
    writeln!(out, "\n## Summary\n")?;
    writeln!(out, "{}\n", md(&view::summary(answer)))?;
    writeln!(
        out,
        "**Status: {}** ({crit} critical, {warn} warning(s))",
        CheckState::of(findings).word()
    )?;

    writeln!(out, "\n## Problems\n")?;
    if findings.is_empty() {
        writeln!(out, "No problems found.")?;
    } else {
        let rows = findings.iter().map(|f| {
            vec![
                match f.severity {
                    Severity::Critical => "**critical**".into(),
                    s => s.to_string(),
                },
                md(&view::finding_subject(f)),
                md(&f.message.to_string()),
                match explain::page(f.code.as_str()) {
                    Some(p) => format!("[`{}`](#{})", p.code, anchor(p.code)),
                    None => format!("`{}`", md(f.code.as_str())),
                },
                explain::hint(f.code.as_str()).map_or_else(|| DASH.into(), runbook_cell),
            ]
        });
        table_rows(
            out,
            &["Severity", "Node", "Problem", "Code", "Next step"].map(String::from),
            rows,
        )?;
    }

    writeln!(out, "\n## Nodes\n")?;
    let headers: Vec<String> = NodeColumn::ALL
        .iter()
        .map(|c| capitalize(c.header()))
        .collect();
    let rows = answer.nodes.iter().map(|n| {
        NodeRow::new(answer, n)
            .iter()
            .map(|(_, cell)| md(&cell.text))
            .collect()
    });
    table_rows(out, &headers, rows)?;

    let grid = schema_grid(answer);
    if !grid.rows.is_empty() {
        writeln!(out, "\n## Schema versions\n")?;
        let mut headers = vec!["Node".to_string()];
        headers.extend(grid.tables.iter().map(|t| md(t)));
        let rows = grid.rows.iter().map(|row| {
            let mut r = vec![md(&row.node)];
            r.extend(row.values.iter().map(|v| match v {
                Some(v) if v.differs => format!("**{}** (differs)", md(&v.text)),
                Some(v) => md(&v.text),
                None => DASH.into(),
            }));
            r
        });
        table_rows(out, &headers, rows)?;
    }

    writeln!(out, "\n## Details\n")?;
    let split = DetailSplit::new(answer);
    let group = |out: &mut dyn Write,
                 title: &str,
                 rows: &mut dyn Iterator<Item = &(&'static str, String)>|
     -> io::Result<()> {
        writeln!(out, "### {}\n", md(title))?;
        let rows = rows.map(|(k, v)| vec![k.to_string(), md(v)]);
        table_rows(out, &["Field".into(), "Value".into()], rows)?;
        writeln!(out)
    };
    let mut common = split.common().peekable();
    if common.peek().is_some() {
        group(out, "All nodes", &mut common)?;
    }
    for (node, rows) in split.own() {
        group(out, &node.name.to_string(), &mut rows.iter())?;
    }

    let pages = explained(answer, findings);
    if !pages.is_empty() {
        writeln!(out, "## Explanations\n")?;
        for p in pages {
            writeln!(out, "<a id=\"{}\"></a>\n", anchor(p.code))?;
            // Our own Markdown, made safe line by line like all output.
            for line in explain::render_markdown(p).lines() {
                writeln!(out, "{}", safe(line))?;
            }
            writeln!(out)?;
        }
    }

    writeln!(
        out,
        "## Answer (JSON{})\n",
        match redaction {
            Redaction::Off => "",
            Redaction::On { .. } => ", redacted",
        }
    )?;
    // Backticks only occur inside strings, which keep their text: the
    // compact and the pretty form have the same longest run.
    let longest = longest_backtick_run(json);
    let fence = "`".repeat(longest.max(2) + 1);
    writeln!(out, "{fence}json")?;
    write_pretty(out, json)?;
    writeln!(out, "\n{fence}")
}

/// JSON text (made safe, in serde_json's compact or pretty layout) without
/// the spaces and line breaks between its tokens, made in place: the
/// report holds this smaller form and writes it pretty at the end
/// ([`write_pretty`] gives the pretty text back byte for byte).
pub fn compact_json(text: String) -> String {
    let mut bytes = text.into_bytes();
    let (mut w, mut in_string, mut escaped) = (0, false, false);
    for r in 0..bytes.len() {
        let b = bytes[r];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            continue;
        } else if b == b'"' {
            in_string = true;
        }
        bytes[w] = b;
        w += 1;
    }
    bytes.truncate(w);
    bytes.shrink_to_fit();
    // Only ASCII white space outside strings was taken out.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes JSON text in serde_json's pretty layout (two spaces a level, as
/// the answer is printed everywhere), whatever the white space between its
/// tokens; strings are copied as they are. Streamed through a small
/// buffer: the pretty text is never held whole.
fn write_pretty(out: &mut dyn Write, json: &str) -> io::Result<()> {
    const CHUNK: usize = 64 * 1024;
    let bytes = json.as_bytes();
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + 256);
    let mut depth = 0usize;
    let newline = |buf: &mut Vec<u8>, depth: usize| {
        buf.push(b'\n');
        buf.resize(buf.len() + 2 * depth, b' ');
    };
    let next_token = |from: usize| {
        bytes[from..]
            .iter()
            .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            .map(|i| from + i)
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                // A string, escapes and all, up to its closing quote.
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(bytes.len());
                buf.extend_from_slice(&bytes[i..end]);
                i = end;
                if buf.len() >= CHUNK {
                    out.write_all(&buf)?;
                    buf.clear();
                }
                continue;
            }
            b' ' | b'\n' | b'\r' | b'\t' => {}
            b'{' | b'[' => {
                buf.push(b);
                let close = if b == b'{' { b'}' } else { b']' };
                match next_token(i + 1) {
                    Some(j) if bytes[j] == close => {
                        buf.push(close);
                        i = j;
                    }
                    _ => {
                        depth += 1;
                        newline(&mut buf, depth);
                    }
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut buf, depth);
                buf.push(b);
            }
            b',' => {
                buf.push(b',');
                newline(&mut buf, depth);
            }
            b':' => buf.extend_from_slice(b": "),
            _ => buf.push(b),
        }
        i += 1;
        if buf.len() >= CHUNK {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// The in-document anchor of a code's explanation.
fn anchor(code: &str) -> String {
    format!("explain-{code}")
}

/// A line of a runbook (our own Markdown) in a table cell.
fn runbook_cell(text: &str) -> String {
    safe(text).replace('|', "\\|")
}

/// The runbooks the report explains: each finding code present, in the
/// order first found, then the API error codes the answer and its nodes
/// sent, by number; each once, and only those with a page.
fn explained(answer: &SupportAnswer, findings: &[Finding]) -> Vec<&'static explain::Runbook> {
    let mut pages: Vec<&'static explain::Runbook> = Vec::new();
    for f in findings {
        if let Some(p) = explain::page(f.code.as_str())
            && !pages.iter().any(|q| q.code == p.code)
        {
            pages.push(p);
        }
    }
    let mut api: Vec<i64> = answer
        .errors
        .iter()
        .chain(answer.nodes.iter().flat_map(|n| &n.errors))
        .filter_map(|e| e.code)
        .collect();
    api.sort_unstable();
    api.dedup();
    for code in api {
        if let Some(p) = explain::page(&code.to_string()) {
            pages.push(p);
        }
    }
    pages
}

/// Writes a report file readable by its owner only (0600). An existing
/// path is refused unless `force`; with `force` the report is written to a
/// new file beside it and renamed over it. A symlink at `path` is never
/// followed: it is refused, or with `force` replaced itself.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", safe(&path.display().to_string())),
        )
    };
    if !force {
        let mut f = open_new(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::new(
                    ErrorKind::Usage,
                    format!(
                        "{} already exists; not overwritten",
                        safe(&path.display().to_string())
                    ),
                )
                .hint("pass --force to replace it, or choose another file name")
            } else {
                failed(e)
            }
        })?;
        return f
            .write_all(bytes)
            .and_then(|_| f.sync_all())
            .map_err(failed);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let mut last = None;
    for n in 0..64 {
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match open_new(&tmp) {
            Ok(mut f) => {
                let done = f
                    .write_all(bytes)
                    .and_then(|_| f.sync_all())
                    .and_then(|_| std::fs::rename(&tmp, path));
                if let Err(e) = done {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(failed(e));
                }
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(failed(e)),
        }
    }
    Err(failed(last.unwrap_or_else(|| {
        std::io::Error::other("no free temporary name")
    })))
}

/// Creates a new file, 0600, failing on any existing path (O_EXCL: a
/// symlink is not followed).
fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

fn capitalize(h: &str) -> String {
    let lower = h.to_ascii_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        if c == '`' {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests;
