//! The human output of `show`: a summary line, the nodes table, the schema
//! table, per-node details and the problems found.

use std::fmt::Write as _;

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use crate::diagnose::{Finding, Severity, counts, must_be_connected};
use crate::model::{Node, Role, Shape, SocketState, SupportAnswer, format_shards};
use crate::render::{RenderOptions, Tone, paint, safe};

/// Everything `show` prints, as one string.
pub fn render_show(
    answer: &SupportAnswer,
    findings: Option<&[Finding]>,
    opts: &RenderOptions,
) -> String {
    let mut out = String::new();
    out.push_str(&summary_line(answer, opts.color));
    out.push_str("\n\n");
    out.push_str(&nodes_table(answer, opts));
    out.push('\n');
    if answer.nodes.iter().any(|n| n.info.schema.is_some()) {
        out.push('\n');
        out.push_str(&paint("Schema versions", Tone::Bold, opts.color));
        out.push('\n');
        out.push_str(&schema_table(answer, opts));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&paint("Details", Tone::Bold, opts.color));
    out.push('\n');
    out.push_str(&details(answer, opts.color));
    if let Some(f) = findings {
        out.push('\n');
        out.push_str(&problems(f, opts.color));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Counts in first-seen order.
fn tally<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut out: Vec<(T, usize)> = Vec::new();
    for i in items {
        match out.iter_mut().find(|(k, _)| *k == i) {
            Some((_, c)) => *c += 1,
            None => out.push((i, 1)),
        }
    }
    out
}

/// One line: nodes, by role, by socket state, build version(s).
pub fn summary_line(answer: &SupportAnswer, color: bool) -> String {
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
    let states = tally(answer.nodes.iter().filter(|n| !n.is_error()).map(|n| {
        n.info
            .socket_conn
            .as_ref()
            .map(SocketState::as_str)
            .unwrap_or("no state")
    }));
    if !states.is_empty() {
        parts.push(format!(
            "socket {}",
            states
                .iter()
                .map(|(s, c)| format!("{c} {}", safe(s)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let builds = answer.builds();
    match builds.len() {
        0 => {}
        1 => parts.push(format!("build {}", safe(&builds[0]))),
        _ => parts.push(format!(
            "builds {}",
            builds
                .iter()
                .map(|b| safe(b).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if let Some(meta) = &answer.meta {
        let mut m = String::from("API");
        if let Some(v) = &meta.version {
            let _ = write!(m, " {}", safe(v.normalized()));
        }
        if let Some(s) = &meta.api_status {
            let _ = write!(m, " ({})", safe(s));
        }
        if m != "API" {
            parts.push(m);
        }
    }
    paint(&parts.join(" · "), Tone::Bold, color)
}

/// A table's content: column titles and rows of toned cells (safe text).
struct Grid {
    headers: Vec<String>,
    rows: Vec<Vec<(String, Tone)>>,
    /// Columns that may be hidden to fit a terminal, first to go first.
    optional: Vec<usize>,
}

impl Grid {
    /// Display width of each column (header included).
    fn widths(&self) -> Vec<usize> {
        use unicode_width::UnicodeWidthStr;
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, (text, _)) in widths.iter_mut().zip(row) {
                *w = (*w).max(text.width());
            }
        }
        widths
    }

    /// The grid without the columns in `hidden`.
    fn without(&self, hidden: &[usize]) -> Grid {
        let keep = |i: &usize| !hidden.contains(i);
        let pick = |cells: Vec<(usize, (String, Tone))>| -> Vec<(String, Tone)> {
            cells
                .into_iter()
                .filter(|(i, _)| keep(i))
                .map(|(_, c)| c)
                .collect()
        };
        Grid {
            headers: self
                .headers
                .iter()
                .enumerate()
                .filter(|(i, _)| keep(i))
                .map(|(_, h)| h.clone())
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|r| pick(r.iter().cloned().enumerate().collect()))
                .collect(),
            optional: Vec::new(),
        }
    }
}

/// Total width of columns laid out two spaces apart.
fn total_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)
}

/// Lays a grid out with our look: no borders, upper-case headers, two
/// spaces between columns, one line per row, like kubectl. Without a width
/// (piped), nothing is cut. On a terminal too narrow for it, the optional
/// columns are hidden first (a note says which), then comfy-table fits what
/// is left, cutting long cells with `…`.
fn layout(grid: &Grid, opts: &RenderOptions) -> String {
    let Some(width) = opts.width else {
        return aligned(grid, opts.color);
    };
    let widths = grid.widths();
    if total_width(&widths) <= usize::from(width) {
        return aligned(grid, opts.color);
    }
    let mut hidden: Vec<usize> = Vec::new();
    for &col in &grid.optional {
        let visible: Vec<usize> = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden.contains(i))
            .map(|(_, w)| *w)
            .collect();
        if total_width(&visible) <= usize::from(width) {
            break;
        }
        hidden.push(col);
    }
    let shown = grid.without(&hidden);
    let shown_widths = shown.widths();
    let mut out = if total_width(&shown_widths) <= usize::from(width) {
        aligned(&shown, opts.color)
    } else {
        fitted(&shown, width, opts.color)
    };
    if !hidden.is_empty() {
        let names: Vec<&str> = hidden.iter().map(|i| grid.headers[*i].as_str()).collect();
        out.push('\n');
        out.push_str(&paint(
            &format!(
                "(hidden to fit the terminal: {}; widen it, or pipe the output to see them)",
                names.join(", ")
            ),
            Tone::Dim,
            opts.color,
        ));
    }
    out
}

fn aligned(grid: &Grid, color: bool) -> String {
    use unicode_width::UnicodeWidthStr;
    let cols = grid.headers.len();
    let widths = grid.widths();
    let mut out = String::with_capacity((grid.rows.len() + 1) * (total_width(&widths) + 1));
    let mut line = |cells: &mut dyn Iterator<Item = (&str, Tone)>| {
        let start = out.len();
        for (i, (text, tone)) in cells.enumerate() {
            let pad = widths[i].saturating_sub(text.width());
            out.push_str(&paint(text, tone, color));
            if i + 1 < cols {
                out.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        let trimmed = out[start..].trim_end().len();
        out.truncate(start + trimmed);
        out.push('\n');
    };
    line(&mut grid.headers.iter().map(|h| (h.as_str(), Tone::Bold)));
    for row in &grid.rows {
        line(&mut row.iter().map(|(t, tone)| (t.as_str(), *tone)));
    }
    out.pop();
    out
}

fn fitted(grid: &Grid, width: u16, color: bool) -> String {
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.force_no_tty();
    if color {
        t.enforce_styling();
    }
    t.set_width(width);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_truncation_indicator("…");
    t.set_header(grid.headers.iter().map(|h| {
        let c = Cell::new(h);
        if color {
            c.add_attribute(comfy_table::Attribute::Bold)
        } else {
            c
        }
    }));
    for row in &grid.rows {
        t.add_row(row.iter().map(|(text, tone)| {
            let c = Cell::new(text);
            match (color, tone_color(*tone)) {
                (true, Some(col)) => c.fg(col),
                _ => c,
            }
        }));
    }
    for r in t.row_iter_mut() {
        r.max_height(1);
    }
    for c in t.column_iter_mut() {
        c.set_padding((0, 2));
    }
    let mut s = String::new();
    for line in t.lines() {
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s.pop();
    s
}

fn tone_color(tone: Tone) -> Option<Color> {
    match tone {
        Tone::Good => Some(Color::Green),
        Tone::Warn => Some(Color::Yellow),
        Tone::Bad => Some(Color::Red),
        Tone::Dim => Some(Color::DarkGrey),
        Tone::Bold | Tone::Plain => None,
    }
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
fn short_time(s: &str) -> String {
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
    let mut row = vec![plain(safe(&node.name).into_owned())];
    if node.is_error() {
        let codes = node
            .errors
            .iter()
            .map(|e| match (e.code, &e.title) {
                (Some(c), _) => format!("error {c}"),
                (None, Some(t)) => safe(t).into_owned(),
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
    row.push(plain(or_dash(
        i.role.as_ref().map(|r| safe(r.as_str()).into_owned()),
    )));
    row.push(plain(
        if answer.shape == Shape::Single && i.shards.is_none() {
            "—".to_string()
        } else {
            format_shards(i.shards.as_deref())
        },
    ));
    row.push(match &i.socket_conn {
        Some(s) => (safe(s.as_str()).into_owned(), socket_tone(s, needed)),
        None => plain("—".into()),
    });
    row.push(plain(or_dash(i.build().map(|b| safe(b).into_owned()))));
    for free in i.free_space() {
        row.push(plain(or_dash(free.map(|b| b.human()))));
    }
    row.push(plain(or_dash(
        i.expire_timestamp
            .as_deref()
            .map(|e| safe(&short_time(e)).into_owned()),
    )));
    row
}

/// The nodes table, one row per node.
pub fn nodes_table(answer: &SupportAnswer, opts: &RenderOptions) -> String {
    let grid = Grid {
        headers: NODE_COLUMNS.iter().map(|h| h.to_string()).collect(),
        rows: answer.nodes.iter().map(|n| node_cells(answer, n)).collect(),
        // MEDIA OUT, MEDIA IN, LOGS, EXPIRES, BUILD, SHARDS.
        optional: vec![8, 7, 6, 9, 4, 2],
    };
    layout(&grid, opts)
}

/// The schema grid: column titles (tables), and per node its name and the
/// values, each flagged when it differs from the most common value.
pub struct SchemaGrid {
    pub tables: Vec<String>,
    /// Per node: its name and, per table, the value and whether it differs.
    pub rows: Vec<SchemaRow>,
    pub any_marked: bool,
}

/// One node's row of the schema grid.
pub type SchemaRow = (String, Vec<Option<(String, bool)>>);

/// Builds the schema grid of the nodes that sent a schema.
pub fn schema_grid(answer: &SupportAnswer) -> SchemaGrid {
    let tables = answer.schema_tables();
    let nodes: Vec<&Node> = answer
        .nodes
        .iter()
        .filter(|n| !n.is_error() && n.info.schema.is_some())
        .collect();
    // Most common value per table (first seen wins a tie).
    let common: Vec<Option<String>> = tables
        .iter()
        .map(|table| {
            tally(
                nodes
                    .iter()
                    .filter_map(|n| n.info.schema_version(table).map(|v| v.to_string())),
            )
            .into_iter()
            .fold(None::<(String, usize)>, |best, (v, c)| match best {
                Some((bv, bc)) if bc >= c => Some((bv, bc)),
                _ => Some((v, c)),
            })
            .map(|(v, _)| v)
        })
        .collect();
    let mut any_marked = false;
    let rows = nodes
        .iter()
        .map(|n| {
            let vals = tables
                .iter()
                .zip(&common)
                .map(|(table, common)| {
                    n.info.schema_version(table).map(|v| {
                        let text = v.to_string();
                        let odd = nodes.len() > 1 && common.as_deref() != Some(text.as_str());
                        any_marked |= odd;
                        (safe(&text).into_owned(), odd)
                    })
                })
                .collect();
            (safe(&n.name).into_owned(), vals)
        })
        .collect();
    SchemaGrid {
        tables: tables.iter().map(|t| safe(t).into_owned()).collect(),
        rows,
        any_marked,
    }
}

/// The schema table: a row per node, a column per table; a value that
/// differs from the most common one is marked with `*`.
pub fn schema_table(answer: &SupportAnswer, opts: &RenderOptions) -> String {
    let grid = schema_grid(answer);
    let mut headers: Vec<String> = vec!["NODE".into()];
    headers.extend(grid.tables.iter().map(|t| t.to_uppercase()));
    let rows = grid
        .rows
        .iter()
        .map(|(name, vals)| {
            let mut row = vec![(name.clone(), Tone::Plain)];
            row.extend(vals.iter().map(|v| match v {
                Some((text, true)) => (format!("{text}*"), Tone::Warn),
                Some((text, false)) => (text.clone(), Tone::Plain),
                None => ("—".to_string(), Tone::Plain),
            }));
            row
        })
        .collect();
    let mut s = layout(
        &Grid {
            headers,
            rows,
            optional: Vec::new(),
        },
        opts,
    );
    if grid.any_marked {
        s.push_str("\n* differs from the other nodes");
    }
    s
}

/// Detail rows: `key`, `value` (already safe).
pub type DetailRows = Vec<(&'static str, String)>;

/// Per-node details split into what every node shares (in a multi-node
/// answer) and what each node has of its own; nodes with nothing of their
/// own are left out.
pub fn detail_groups(answer: &SupportAnswer) -> (DetailRows, Vec<(String, DetailRows)>) {
    let per_node: Vec<(&Node, DetailRows)> =
        answer.nodes.iter().map(|n| (n, node_details(n))).collect();
    let healthy: Vec<&DetailRows> = per_node
        .iter()
        .filter(|(n, _)| !n.is_error())
        .map(|(_, rows)| rows)
        .collect();
    let common: DetailRows = if healthy.len() > 1 {
        healthy[0]
            .iter()
            .filter(|row| healthy[1..].iter().all(|other| other.contains(row)))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let own = per_node
        .into_iter()
        .map(|(node, rows)| {
            let own: DetailRows = rows.into_iter().filter(|r| !common.contains(r)).collect();
            (safe(&node.name).into_owned(), own)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    (common, own)
}

/// Per-node facts that do not fit a column, as aligned `key  value` lines.
/// In a multi-node answer, facts shared by every node are printed once
/// ("all nodes") and each node lists only what is its own.
pub fn details(answer: &SupportAnswer, color: bool) -> String {
    let mut out = String::new();
    let (common, own) = detail_groups(answer);
    let mut group = |title: &str, rows: &DetailRows| {
        let _ = writeln!(out, "{}", paint(title, Tone::Bold, color));
        for (k, v) in rows {
            let _ = writeln!(
                out,
                "  {}{}",
                paint(&format!("{k:<14}"), Tone::Dim, color),
                v
            );
        }
    };
    if !common.is_empty() {
        group("all nodes", &common);
    }
    for (name, rows) in &own {
        group(name, rows);
    }
    out
}

/// The detail lines of one node, values already made safe.
pub fn node_details(node: &Node) -> DetailRows {
    let mut rows: DetailRows = Vec::new();
    for e in &node.errors {
        rows.push(("error", safe(&e.to_string()).into_owned()));
    }
    let i = &node.info;
    let s = |v: &Option<String>| v.as_deref().map(|x| safe(x).into_owned());
    if let Some(d) = s(&i.debug_info) {
        rows.push(("phone", d));
    }
    if let Some(e2e) = &i.e2e {
        let mut parts = Vec::new();
        if let Some(r) = &e2e.registration_id {
            parts.push(format!("registration id {}", safe(&r.to_string())));
        }
        if let Some(t) = e2e.identity_timestamp.as_deref().filter(|t| !t.is_empty()) {
            parts.push(format!("identity {}", safe(t)));
        }
        for (k, v) in &e2e.extra {
            parts.push(format!("{} {}", safe(k), safe(&compact(v))));
        }
        if !parts.is_empty() {
            rows.push(("e2e", parts.join(", ")));
        }
    }
    let db = [
        s(&i.db_engine),
        i.db_info.as_ref().map(|d| safe(&d.join(", ")).into_owned()),
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
    if let Some(d) =
        s(&i.description).filter(|d| Some(d.as_str()) != i.version.as_ref().map(|v| v.0.as_str()))
    {
        rows.push(("description", d));
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
        rows.push(("other", format!("{}: {}", safe(k), safe(&compact(v)))));
    }
    rows
}

/// A JSON value on one short line.
fn compact(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    crate::model::excerpt(&s, 120)
}

/// The "Problems" section: findings most severe first, or one line saying
/// that none were found. Notes are listed apart from problems.
pub fn problems(findings: &[Finding], color: bool) -> String {
    let mut out = String::new();
    let (crit, warn, _) = counts(findings);
    if crit + warn == 0 {
        let _ = writeln!(out, "{}", paint("No problems found.", Tone::Good, color));
    } else {
        let _ = writeln!(
            out,
            "{}",
            paint(
                &format!(
                    "Problems ({}, {})",
                    plural(crit, "critical", "critical"),
                    plural(warn, "warning", "warnings")
                ),
                Tone::Bold,
                color
            )
        );
    }
    let width = findings
        .iter()
        .map(|f| f.node.as_deref().unwrap_or("cluster").chars().count())
        .max()
        .unwrap_or(0);
    for f in findings {
        let (label, tone) = match f.severity {
            Severity::Critical => ("CRIT", Tone::Bad),
            Severity::Warning => ("WARN", Tone::Warn),
            Severity::Note => ("note", Tone::Dim),
        };
        let who = safe(f.node.as_deref().unwrap_or("cluster"));
        let _ = writeln!(
            out,
            "  {}  {:<width$}  {} [{}]",
            paint(label, tone, color),
            who,
            safe(&f.message),
            f.code
        );
    }
    out
}

#[cfg(test)]
mod tests;
