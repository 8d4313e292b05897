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
        let roles = tally(answer.nodes.iter().map(|n| match (&n.info.role, n.is_error()) {
            (_, true) => "in error",
            (Some(Role::PrimaryMaster), _) => "primary master",
            (Some(Role::SecondaryMaster), _) => "secondary master",
            (Some(Role::Coreapp), _) => "coreapp",
            (Some(Role::Other(_)), _) => "other role",
            (None, _) => "no role",
        }));
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
            .map(|n| n.info.socket_conn.as_ref().map(SocketState::as_str).unwrap_or("no state")),
    );
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
            builds.iter().map(|b| safe(b).into_owned()).collect::<Vec<_>>().join(", ")
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

/// A table with our look: no borders, upper-case headers, fitted to the
/// width when there is one and never cut otherwise.
fn new_table(headers: &[&str], opts: &RenderOptions) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.force_no_tty();
    if opts.color {
        t.enforce_styling();
    }
    match opts.width {
        Some(w) => {
            t.set_width(w);
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t.set_header(headers.iter().map(|h| {
        let c = Cell::new(h);
        if opts.color {
            c.add_attribute(comfy_table::Attribute::Bold)
        } else {
            c
        }
    }));
    t
}

/// Renders a table's lines without the padding comfy-table leaves at the
/// ends of lines.
fn table_text(t: &mut Table) -> String {
    // No left padding, two spaces between columns, like kubectl.
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

fn socket_color(s: &SocketState, needed: bool) -> Option<Color> {
    Some(match s {
        SocketState::Up => Color::Green,
        SocketState::UpReceivingOffline | SocketState::Connecting => Color::Yellow,
        SocketState::Down if needed => Color::Red,
        SocketState::Down => Color::DarkGrey,
        SocketState::Unknown | SocketState::Other(_) => Color::DarkGrey,
    })
}

fn colored(text: String, color: Option<Color>, opts: &RenderOptions) -> Cell {
    let c = Cell::new(text);
    match (opts.color, color) {
        (true, Some(col)) => c.fg(col),
        _ => c,
    }
}

/// A short expiry for the table: the date and time to the minute.
fn short_time(s: &str) -> String {
    let s = s.trim();
    match (s.get(..10), s.get(11..16)) {
        (Some(d), Some(t)) if s.as_bytes().get(10).is_some_and(|b| *b == b'T' || *b == b' ') => {
            format!("{d} {t}")
        }
        _ => s.to_string(),
    }
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".to_string())
}

/// The nodes table, one row per node.
pub fn nodes_table(answer: &SupportAnswer, opts: &RenderOptions) -> String {
    let mut t = new_table(
        &[
            "NODE", "ROLE", "SHARDS", "SOCKET", "BUILD", "DATA", "LOGS", "MEDIA IN", "MEDIA OUT",
            "EXPIRES",
        ],
        opts,
    );
    for node in &answer.nodes {
        t.add_row(node_row(answer, node, opts));
    }
    table_text(&mut t)
}

fn node_row(answer: &SupportAnswer, node: &Node, opts: &RenderOptions) -> Vec<Cell> {
    let name = Cell::new(safe(&node.name));
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
        let mut row = vec![
            name,
            Cell::new("—"),
            Cell::new("—"),
            colored(codes, Some(Color::Red), opts),
        ];
        row.extend((0..6).map(|_| Cell::new("—")));
        return row;
    }
    let i = &node.info;
    let needed = must_be_connected(answer, node);
    let socket = match &i.socket_conn {
        Some(s) => colored(safe(s.as_str()).into_owned(), socket_color(s, needed), opts),
        None => Cell::new("—"),
    };
    let mut row = vec![
        name,
        Cell::new(or_dash(i.role.as_ref().map(|r| safe(r.as_str()).into_owned()))),
        Cell::new(if answer.shape == Shape::Single && i.shards.is_none() {
            "—".to_string()
        } else {
            format_shards(i.shards.as_deref())
        }),
        socket,
        Cell::new(or_dash(i.build().map(|b| safe(b).into_owned()))),
    ];
    for free in i.free_space() {
        row.push(Cell::new(or_dash(free.map(|b| b.human()))));
    }
    row.push(Cell::new(or_dash(
        i.expire_timestamp.as_deref().map(|e| safe(&short_time(e)).into_owned()),
    )));
    row
}

/// The schema table: a row per node, a column per table; a value that
/// differs from the most common one is marked with `*`.
pub fn schema_table(answer: &SupportAnswer, opts: &RenderOptions) -> String {
    let tables = answer.schema_tables();
    let mut headers: Vec<String> = vec!["NODE".into()];
    headers.extend(tables.iter().map(|t| safe(t).to_uppercase()));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut t = new_table(&header_refs, opts);
    let nodes: Vec<&Node> = answer
        .nodes
        .iter()
        .filter(|n| !n.is_error() && n.info.schema.is_some())
        .collect();
    // Most common value per table (first seen wins a tie).
    let common: Vec<Option<String>> = tables
        .iter()
        .map(|table| {
            let vals = tally(nodes.iter().filter_map(|n| {
                n.info.schema_version(table).map(|v| v.to_string())
            }));
            vals.into_iter()
                .fold(None::<(String, usize)>, |best, (v, c)| match best {
                    Some((bv, bc)) if bc >= c => Some((bv, bc)),
                    _ => Some((v, c)),
                })
                .map(|(v, _)| v)
        })
        .collect();
    let mut marked = false;
    for n in &nodes {
        let mut row = vec![Cell::new(safe(&n.name))];
        for (table, common) in tables.iter().zip(&common) {
            match n.info.schema_version(table) {
                Some(v) => {
                    let text = safe(&v.to_string()).into_owned();
                    if nodes.len() > 1 && common.as_deref() != Some(v.to_string().as_str()) {
                        marked = true;
                        row.push(colored(format!("{text}*"), Some(Color::Yellow), opts));
                    } else {
                        row.push(Cell::new(text));
                    }
                }
                None => row.push(Cell::new("—")),
            }
        }
        t.add_row(row);
    }
    let mut s = table_text(&mut t);
    if marked {
        s.push_str("\n* differs from the other nodes");
    }
    s
}

/// Per-node facts that do not fit a column, as aligned `key  value` lines.
/// In a multi-node answer, facts shared by every node are printed once
/// ("all nodes") and each node lists only what is its own.
pub fn details(answer: &SupportAnswer, color: bool) -> String {
    let mut out = String::new();
    let per_node: Vec<(&Node, Vec<(&'static str, String)>)> =
        answer.nodes.iter().map(|n| (n, node_details(n))).collect();
    let healthy: Vec<&Vec<(&'static str, String)>> = per_node
        .iter()
        .filter(|(n, _)| !n.is_error())
        .map(|(_, rows)| rows)
        .collect();
    let common: Vec<(&'static str, String)> = if healthy.len() > 1 {
        healthy[0]
            .iter()
            .filter(|row| healthy[1..].iter().all(|other| other.contains(row)))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let write_rows = |out: &mut String, rows: &[(&'static str, String)]| {
        for (k, v) in rows {
            let _ = writeln!(out, "  {:<14}{}", paint(k, Tone::Dim, color), v);
        }
    };
    if !common.is_empty() {
        let _ = writeln!(out, "{}", paint("all nodes", Tone::Bold, color));
        write_rows(&mut out, &common);
    }
    for (node, rows) in &per_node {
        let own: Vec<(&'static str, String)> =
            rows.iter().filter(|r| !common.contains(r)).cloned().collect();
        if own.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", paint(&safe(&node.name), Tone::Bold, color));
        write_rows(&mut out, &own);
    }
    out
}

/// The detail lines of one node, values already made safe.
pub fn node_details(node: &Node) -> Vec<(&'static str, String)> {
    let mut rows: Vec<(&'static str, String)> = Vec::new();
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
    let db = [s(&i.db_engine), i.db_info.as_ref().map(|d| safe(&d.join(", ")).into_owned())]
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
    if let Some(d) = s(&i.description).filter(|d| Some(d.as_str()) != i.version.as_ref().map(|v| v.0.as_str())) {
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
        let who = f.node.as_deref().unwrap_or("cluster");
        let _ = writeln!(
            out,
            "  {}  {:<width$}  {} [{}]",
            paint(label, tone, color),
            who,
            f.message,
            f.code
        );
    }
    out
}

#[cfg(test)]
mod tests;
