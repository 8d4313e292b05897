//! The human output of `show`: a summary line, the nodes table, the schema
//! table, per-node details and the problems found.
//!
//! The layout for a terminal (fitting, cutting, wrapping) is in
//! [`layout`]; this module decides what is shown.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::diagnose::{Finding, Severity, counts, must_be_connected};
use crate::model::{
    Bytes, KNOWN_SCHEMA_TABLES, Node, Role, SchemaVersion, Shape, SocketState, SupportAnswer,
    format_shards,
};
use crate::render::{RenderOptions, Tone, paint, safe};
use crate::safe::ServerText;

mod layout;

use layout::{Grid, Names, layout, wrap};

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
    w.write_all(layout(&node_grid(answer, &names), opts.width, opts.color).as_bytes())?;
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

/// How node names are shown: whole, unless the nodes table is too wide
/// for the terminal, when the prefix all names share is left out.
fn names_for(answer: &SupportAnswer, opts: &RenderOptions) -> Names {
    let safe_names: Vec<String> = answer.nodes.iter().map(|n| n.name.to_string()).collect();
    let refs: Vec<&str> = safe_names.iter().map(String::as_str).collect();
    let whole = Names::whole(&refs);
    let Some(w) = opts.width else {
        return whole;
    };
    let natural = layout::widths(&node_grid(answer, &whole));
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Counts in first-seen order (linear: a map finds each key).
fn tally<T: Eq + std::hash::Hash + Clone>(items: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut index: HashMap<T, usize> = HashMap::new();
    let mut out: Vec<(T, usize)> = Vec::new();
    // Most items repeat the one before (every node on the same version):
    // those are counted without hashing.
    let mut last = usize::MAX;
    for i in items {
        if out.get(last).is_some_and(|(t, _)| *t == i) {
            out[last].1 += 1;
            continue;
        }
        match index.get(&i) {
            Some(at) => {
                out[*at].1 += 1;
                last = *at;
            }
            None => {
                index.insert(i.clone(), out.len());
                last = out.len();
                out.push((i, 1));
            }
        }
    }
    out
}

/// Free space for people; the "no limit reported" sentinel reads so.
pub fn free_text(b: &Bytes) -> String {
    if b.is_unlimited() {
        "no limit".to_string()
    } else {
        b.human()
    }
}

/// One line: nodes, by role, by socket state, build version(s).
pub fn summary_line(answer: &SupportAnswer, color: bool) -> String {
    paint(&summary_parts(answer).join(" · "), Tone::Bold, color)
}

/// The summary in lines that fit `width`, broken between its parts.
fn summary_lines(answer: &SupportAnswer, width: Option<usize>) -> Vec<String> {
    let parts = summary_parts(answer);
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

/// The parts of the summary line (safe text).
fn summary_parts(answer: &SupportAnswer) -> Vec<String> {
    let n = answer.nodes.len();
    let mut parts = vec![if answer.shape == Shape::Single {
        "1 node (single)".to_string()
    } else {
        plural(n, "node", "nodes")
    }];
    if answer.shape == Shape::MultiConnect {
        let roles = tally(
            answer
                .nodes
                .iter()
                .map(|n| match (&n.info.role, n.is_error()) {
                    (_, true) => "in error",
                    (Some(Role::PrimaryMaster), _) => "primary master",
                    (Some(Role::SecondaryMaster), _) => "secondary master",
                    (Some(Role::Coreapp), _) => "coreapp",
                    (Some(Role::Other(_)), _) => "other role",
                    (None, _) => "no role",
                }),
        );
        let text = roles
            .iter()
            .map(|(r, c)| match (*r, *c) {
                ("coreapp", c) => plural(c, "coreapp", "coreapps"),
                (r, c) => format!("{c} {r}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        parts[0] = format!("{} ({text})", parts[0]);
    }
    let states = tally(
        answer
            .nodes
            .iter()
            .filter(|n| !n.is_error())
            .map(|n| n.info.socket_conn.as_ref()),
    );
    if !states.is_empty() {
        parts.push(format!(
            "socket {}",
            states
                .iter()
                .map(|(s, c)| match s {
                    Some(s) => format!("{c} {s}"),
                    None => format!("{c} no state"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let builds = layout::distinct(
        answer
            .nodes
            .iter()
            .filter_map(|n| n.info.build_normalized()),
    );
    match builds.len() {
        0 => {}
        1 => parts.push(format!("build {}", builds[0])),
        _ => parts.push(format!(
            "builds {}",
            builds
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if let Some(meta) = &answer.meta {
        let mut m = String::from("API");
        if let Some(v) = &meta.version {
            let _ = write!(m, " {}", v.normalized());
        }
        if let Some(s) = &meta.api_status {
            let _ = write!(m, " ({s})");
        }
        if m != "API" {
            parts.push(m);
        }
    }
    parts
}

/// The tone of a socket state, given whether the node must be connected.
pub fn socket_tone(s: &SocketState, needed: bool) -> Tone {
    match s {
        SocketState::Up => Tone::Good,
        SocketState::UpReceivingOffline | SocketState::Connecting => Tone::Warn,
        SocketState::Down if needed => Tone::Bad,
        SocketState::Down | SocketState::Unknown | SocketState::Other(_) => Tone::Dim,
    }
}

/// A short expiry for the table: the date and time to the minute.
fn short_time(s: &ServerText) -> ServerText {
    s.map(|s| {
        let s = s.trim();
        match (s.get(..10), s.get(11..16)) {
            (Some(d), Some(t))
                if s.as_bytes()
                    .get(10)
                    .is_some_and(|b| *b == b'T' || *b == b' ') =>
            {
                format!("{d} {t}")
            }
            _ => s.to_string(),
        }
    })
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".to_string())
}

/// The nodes table's column titles.
pub const NODE_COLUMNS: [&str; 10] = [
    "NODE",
    "ROLE",
    "SHARDS",
    "SOCKET",
    "BUILD",
    "DATA",
    "LOGS",
    "MEDIA IN",
    "MEDIA OUT",
    "EXPIRES",
];

/// One node's row of the nodes table as safe text, each with its tone.
pub fn node_cells(answer: &SupportAnswer, node: &Node) -> Vec<(String, Tone)> {
    let plain = |s: String| (s, Tone::Plain);
    let mut row = vec![plain(node.name.to_string())];
    if node.is_error() {
        let codes = node
            .errors
            .iter()
            .map(|e| match (e.code, &e.title) {
                (Some(c), _) => format!("error {c}"),
                (None, Some(t)) => t.to_string(),
                (None, None) => "error".into(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        row.push(plain("—".into()));
        row.push(plain("—".into()));
        row.push((codes, Tone::Bad));
        row.extend((0..6).map(|_| plain("—".into())));
        return row;
    }
    let i = &node.info;
    let needed = must_be_connected(answer, node);
    row.push(plain(or_dash(i.role.as_ref().map(ToString::to_string))));
    row.push(plain(
        if answer.shape == Shape::Single && i.shards.is_none() {
            "—".to_string()
        } else {
            // Bounded: thousands of ranges must not make a line of megabytes.
            safe(&format_shards(i.shards.as_deref())).into_owned()
        },
    ));
    row.push(match &i.socket_conn {
        Some(s) => (s.to_string(), socket_tone(s, needed)),
        None => plain("—".into()),
    });
    row.push(plain(or_dash(i.build().map(ToString::to_string))));
    for free in i.free_space() {
        row.push(plain(or_dash(free.map(|b| free_text(&b)))));
    }
    row.push(plain(or_dash(
        i.expire_timestamp
            .as_ref()
            .map(|e| short_time(e).to_string()),
    )));
    row
}

/// The nodes table as a grid, names shown as `names` says.
fn node_grid<'a>(answer: &SupportAnswer, names: &'a Names) -> Grid<'a> {
    Grid {
        headers: NODE_COLUMNS.iter().map(|h| h.to_string()).collect(),
        rows: answer
            .nodes
            .iter()
            .map(|n| {
                let mut row = node_cells(answer, n);
                if !names.prefix.is_empty() {
                    row[0].0 = names.show(&row[0].0).to_string();
                }
                row
            })
            .collect(),
        // MEDIA OUT, MEDIA IN, LOGS, EXPIRES, BUILD, DATA, SHARDS: the
        // shards a node owns say most about it, so they go last.
        optional: vec![8, 7, 6, 9, 4, 5, 2],
        names,
    }
}

/// The nodes table, one row per node.
pub fn nodes_table(answer: &SupportAnswer, opts: &RenderOptions) -> String {
    let names = names_for(answer, opts);
    layout(&node_grid(answer, &names), opts.width, opts.color)
}

/// The schema grid: column titles (tables), and per node its name and the
/// values, each flagged when it differs from the most common value.
pub struct SchemaGrid {
    pub tables: Vec<String>,
    /// The table names upper-cased, then made safe: a header line's titles.
    pub headers: Vec<String>,
    /// Per node: its name and, per table, the value and whether it differs.
    pub rows: Vec<SchemaRow>,
    pub any_marked: bool,
    /// The tables (indices into `tables`) whose nodes differ with no value
    /// held by most of them: no value there is marked.
    pub tied: Vec<usize>,
}

/// One node's row of the schema grid.
pub type SchemaRow = (String, Vec<Option<(String, bool)>>);

/// Schema tables across all nodes: the spec's in its order, then any
/// others in first-seen order (linear in the cells).
fn schema_tables(nodes: &[&Node]) -> Vec<ServerText> {
    let mut known_seen = [false; KNOWN_SCHEMA_TABLES.len()];
    let mut seen: HashSet<&ServerText> = HashSet::new();
    let mut extra: Vec<&ServerText> = Vec::new();
    for n in nodes {
        for (k, _) in n.info.schema.as_deref().unwrap_or_default() {
            if let Some(i) = KNOWN_SCHEMA_TABLES.iter().position(|t| t == k) {
                known_seen[i] = true;
            } else if seen.insert(k) {
                extra.push(k);
            }
        }
    }
    KNOWN_SCHEMA_TABLES
        .iter()
        .zip(known_seen)
        .filter(|(_, seen)| *seen)
        .map(|(t, _)| ServerText::from(*t))
        .chain(extra.into_iter().cloned())
        .collect()
}

/// Builds the schema grid of the nodes that sent a schema.
pub fn schema_grid(answer: &SupportAnswer) -> SchemaGrid {
    let nodes: Vec<&Node> = answer
        .nodes
        .iter()
        .filter(|n| !n.is_error() && n.info.schema.is_some())
        .collect();
    let tables = schema_tables(&nodes);
    let column: HashMap<&ServerText, usize> =
        tables.iter().enumerate().map(|(i, t)| (t, i)).collect();
    // Per node, its values in table order: one map lookup per cell.
    let values: Vec<Vec<Option<&SchemaVersion>>> = nodes
        .iter()
        .map(|n| {
            let mut row: Vec<Option<&SchemaVersion>> = vec![None; tables.len()];
            for (k, v) in n.info.schema.as_deref().unwrap_or_default() {
                if let Some(i) = column.get(k) {
                    // The first of duplicate keys wins, as a lookup would.
                    if row[*i].is_none() {
                        row[*i] = Some(v);
                    }
                }
            }
            row
        })
        .collect();
    // Per table, the value most nodes hold, if one is held by more than
    // half of them; a tie has none, and nothing is marked there.
    let mut tied = Vec::new();
    let common: Vec<Option<&SchemaVersion>> = (0..tables.len())
        .map(|t| {
            let counts = tally(values.iter().filter_map(|row| row[t]));
            let total: usize = counts.iter().map(|(_, c)| c).sum();
            let most = counts.iter().find(|(_, c)| 2 * c > total).map(|(v, _)| *v);
            if most.is_none() && counts.len() > 1 {
                tied.push(t);
            }
            most
        })
        .collect();
    let mut any_marked = false;
    let rows = nodes
        .iter()
        .zip(&values)
        .map(|(n, row)| {
            let vals = row
                .iter()
                .zip(&common)
                .map(|(v, common)| {
                    v.map(|value| {
                        let odd = nodes.len() > 1 && matches!(common, Some(c) if *c != value);
                        any_marked |= odd;
                        (value.to_string(), odd)
                    })
                })
                .collect();
            (n.name.to_string(), vals)
        })
        .collect();
    SchemaGrid {
        tables: tables.iter().map(ToString::to_string).collect(),
        headers: tables
            .iter()
            .map(|t| t.map(str::to_uppercase).to_string())
            .collect(),
        rows,
        any_marked,
        tied,
    }
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
        .map(|(name, vals)| {
            let shown = if names.prefix.is_empty() {
                name
            } else {
                names.show(&name).to_string()
            };
            let mut row = Vec::with_capacity(vals.len() + 1);
            row.push((shown, Tone::Plain));
            row.extend(vals.into_iter().map(|v| match v {
                Some((mut text, true)) => {
                    text.push('*');
                    (text, Tone::Warn)
                }
                Some((text, false)) => (text, Tone::Plain),
                None => ("—".to_string(), Tone::Plain),
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
    if let Some(note) = layout::tie_note(&tied) {
        for line in fit(&note, opts.width.map(usize::from), 0) {
            s.push('\n');
            s.push_str(&line);
        }
    }
    s
}

/// Detail rows: `key`, `value` (already safe).
pub type DetailRows = Vec<(&'static str, String)>;

/// Per-node details split into what every node shares (in a multi-node
/// answer) and what each node has of its own; nodes with nothing of their
/// own are left out. Linear: rows are counted in a map.
pub fn detail_groups(answer: &SupportAnswer) -> (DetailRows, Vec<(String, DetailRows)>) {
    let split = DetailSplit::new(answer);
    let common = split.common().cloned().collect();
    let own = split
        .own()
        .map(|(node, rows)| (node.name.to_string(), rows.cloned().collect()))
        .collect();
    (common, own)
}

/// Every node's detail rows and which of them all healthy nodes share,
/// borrowed: the rows are built once and never copied.
struct DetailSplit<'a> {
    per_node: Vec<(&'a Node, DetailRows)>,
    /// Index of the first healthy node in `per_node`, whose rows hold the
    /// shared ones, and which of its rows every healthy node has.
    first: Option<usize>,
    common: Vec<usize>,
    /// The shared rows, for looking them up (a few, copied once).
    shared: HashSet<(&'static str, String)>,
}

impl<'a> DetailSplit<'a> {
    fn new(answer: &'a SupportAnswer) -> Self {
        let per_node: Vec<(&Node, DetailRows)> =
            answer.nodes.iter().map(|n| (n, node_details(n))).collect();
        let mut healthy = per_node
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| !n.is_error())
            .map(|(i, _)| i);
        let first = healthy.next();
        let mut common = Vec::new();
        let mut shared = HashSet::new();
        if let Some(f) = first {
            // Only the first healthy node's rows can be shared: count, for
            // each of them, the other healthy nodes that have it (a node's
            // repeated row counts once: `last` is the node that counted).
            let rows = &per_node[f].1;
            let mut index: HashMap<&(&'static str, String), usize> =
                HashMap::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                index.entry(row).or_insert(i);
            }
            let mut count = vec![0usize; rows.len()];
            let mut last = vec![usize::MAX; rows.len()];
            let mut others = 0;
            for h in healthy {
                others += 1;
                for row in &per_node[h].1 {
                    if let Some(&i) = index.get(row) {
                        if last[i] != h {
                            last[i] = h;
                            count[i] += 1;
                        }
                    }
                }
            }
            if others > 0 {
                common = (0..rows.len())
                    .filter(|i| count[index[&rows[*i]]] == others)
                    .collect();
                shared = common.iter().map(|i| rows[*i].clone()).collect();
            }
        }
        DetailSplit {
            per_node,
            first,
            common,
            shared,
        }
    }

    /// The rows every healthy node has (none with fewer than two).
    fn common(&self) -> impl Iterator<Item = &(&'static str, String)> {
        let rows = self
            .first
            .map(|f| &self.per_node[f].1[..])
            .unwrap_or_default();
        self.common.iter().map(move |i| &rows[*i])
    }

    /// Each node with the rows of its own (each row looked up once),
    /// nodes with none left out.
    fn own(
        &self,
    ) -> impl Iterator<
        Item = (
            &'a Node,
            std::iter::Peekable<impl Iterator<Item = &(&'static str, String)>>,
        ),
    > {
        let own = |r: &&(&'static str, String)| self.shared.is_empty() || !self.shared.contains(*r);
        self.per_node
            .iter()
            .map(move |(node, rows)| (*node, rows.iter().filter(own).peekable()))
            .filter_map(|(node, mut rows)| rows.peek().is_some().then_some((node, rows)))
    }
}

/// Per-node facts that do not fit a column, as aligned `key  value` lines.
/// In a multi-node answer, facts shared by every node are printed once
/// ("all nodes") and each node lists only what is its own.
pub fn details(answer: &SupportAnswer, color: bool) -> String {
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
    for (node, mut rows) in split.own() {
        let name = node.name.to_string();
        group(&mut out, names.show(&name), &mut rows);
        if out.len() >= 32 * 1024 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())
}

/// The detail lines of one node, values already made safe.
pub fn node_details(node: &Node) -> DetailRows {
    let mut rows: DetailRows = Vec::new();
    for e in &node.errors {
        rows.push(("error", e.to_string()));
    }
    let i = &node.info;
    let s = |v: &Option<ServerText>| v.as_ref().map(ToString::to_string);
    if let Some(d) = s(&i.debug_info) {
        rows.push(("phone", d));
    }
    if let Some(e2e) = &i.e2e {
        let mut parts = Vec::new();
        if let Some(r) = &e2e.registration_id {
            parts.push(format!("registration id {r}"));
        }
        if let Some(t) = e2e.identity_timestamp.as_ref().filter(|t| !t.is_empty()) {
            parts.push(format!("identity {t}"));
        }
        for (k, v) in &e2e.extra {
            parts.push(format!("{} {}", key(k), compact(v)));
        }
        if !parts.is_empty() {
            rows.push(("e2e", parts.join(", ")));
        }
    }
    let db = [
        s(&i.db_engine),
        i.db_info
            .as_ref()
            .map(|d| ServerText::join(d, ", ").to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    if !db.is_empty() {
        rows.push(("database", db.join(" · ")));
    }
    let os = [s(&i.os_name), s(&i.os_version)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    if !os.is_empty() {
        rows.push(("os", os.join(" ")));
    }
    if i.lc.is_some() || i.lg.is_some() {
        rows.push((
            "locale",
            format!(
                "{}_{}",
                s(&i.lc).unwrap_or_else(|| "?".into()),
                s(&i.lg).unwrap_or_else(|| "?".into())
            ),
        ));
    }
    if let Some(m) = i.multi_connect {
        rows.push(("multi-connect", if m { "yes" } else { "no" }.into()));
    }
    if let Some(d) = s(&i.device_iso8601) {
        rows.push(("device time", d));
    }
    if let Some(e) = s(&i.expire_timestamp) {
        rows.push(("expires", format!("{e} UTC")));
    }
    if let Some(d) = i
        .description
        .as_ref()
        .filter(|d| Some(*d) != i.version.as_ref().map(|v| &v.0))
    {
        rows.push(("description", d.to_string()));
    }
    if let Some(c) = s(&i.context) {
        rows.push(("context", c));
    }
    if let Some(env) = &i.env {
        rows.push((
            "env",
            format!(
                "{} (not shown; see --json)",
                plural(env.len(), "variable", "variables")
            ),
        ));
    }
    for (k, v) in &i.extra {
        match layout::env_count(k, v) {
            Some(n) => rows.push((
                "env",
                format!(
                    "{}: {} (not shown; see --json)",
                    key(k),
                    plural(n, "variable", "variables")
                ),
            )),
            None => rows.push((
                "other",
                format!("{}: {}", key(k), compact(&layout::hide_env(v))),
            )),
        }
    }
    rows
}

/// A JSON value from the answer on one short line, as server text.
fn compact(v: &serde_json::Value) -> ServerText {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    ServerText::new(crate::model::excerpt(&s, 120))
}

/// A key of a JSON object from the answer, as server text.
fn key(k: &str) -> ServerText {
    ServerText::from(k)
}

/// The "Problems" section: findings most severe first, or one line saying
/// that none were found. Notes are listed apart from problems.
pub fn problems(findings: &[Finding], color: bool) -> String {
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
        .map(|f| match &f.node {
            Some(n) => names.show(&n.to_string()).to_string(),
            None => "cluster".to_string(),
        })
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
    }
    out
}

#[cfg(test)]
mod tests;
