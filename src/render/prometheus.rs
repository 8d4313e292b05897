//! `check -o prometheus`: the status as Prometheus text exposition (version
//! 0.0.4), for node_exporter's textfile collector or a scrape.
//!
//! Every family sits under the `wa_support_` prefix in base units (bytes,
//! seconds). One call renders one or many deployments; each family's
//! `HELP`/`TYPE` appears once with every deployment's samples after it, as
//! the format requires. Label values carry the server text as the terminal
//! renderers show it (control, bidi and invisible characters as visible
//! escapes), escaped as the format says (`\\`, `\"`, `\n`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::diagnose::expiry::{EARLIEST_EXPIRY, parse_time};
use crate::diagnose::{Finding, Severity};
use crate::model::{SPACE_DIRS, SocketState, SupportAnswer};

/// One deployment's outcome.
pub struct Scrape<'a> {
    /// The deployment's name (a profile), or `None` for a single target.
    pub deployment: Option<&'a str>,
    /// The answer and its findings, or why no answer was obtained.
    pub outcome: Result<(&'a SupportAnswer, &'a [Finding]), String>,
    /// How long obtaining the answer took.
    pub elapsed: Duration,
}

/// The states of the socket state set, as label values.
const SOCKET_STATES: [&str; 6] = ["UP", "DN", "SC", "UP receiving offline", "UNK", "other"];

/// The state-set label value of a socket state.
fn state_word(s: &SocketState) -> &'static str {
    match s {
        SocketState::Up => "UP",
        SocketState::Down => "DN",
        SocketState::Connecting => "SC",
        SocketState::UpReceivingOffline => "UP receiving offline",
        SocketState::Unknown => "UNK",
        SocketState::Other(_) => "other",
    }
}

/// Escapes a label value: first as every terminal renderer shows server
/// text (control, bidi and invisible characters as visible escapes such as
/// `\e` and `\u{202e}`, see [`crate::safe::escape`]), then as the format
/// says, so the parser reads back the visible escape text.
fn label(value: &str) -> String {
    let value = crate::safe::escape(value);
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// One metric family being written: its header once, then samples.
struct Family<'o> {
    out: &'o mut String,
}

impl<'o> Family<'o> {
    fn new(out: &'o mut String, name: &str, help: &str) -> Family<'o> {
        let _ = writeln!(out, "# HELP wa_support_{name} {help}");
        let _ = writeln!(out, "# TYPE wa_support_{name} gauge");
        Family { out }
    }

    fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl std::fmt::Display) {
        let _ = write!(self.out, "wa_support_{name}");
        if !labels.is_empty() {
            self.out.push('{');
            for (i, (k, v)) in labels.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                let _ = write!(self.out, "{k}=\"{}\"", label(v));
            }
            self.out.push('}');
        }
        let _ = writeln!(self.out, " {value}");
    }
}

/// The deployment label, when there is one, followed by `rest`.
fn with_deployment<'a>(s: &Scrape<'a>, rest: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = Vec::with_capacity(rest.len() + 1);
    if let Some(d) = s.deployment {
        v.push(("deployment", d));
    }
    v.extend_from_slice(rest);
    v
}

/// The answers that were obtained, with their scrape.
fn answered<'s, 'a>(
    scrapes: &'s [Scrape<'a>],
) -> impl Iterator<Item = (&'s Scrape<'a>, &'a SupportAnswer, &'a [Finding])> {
    scrapes
        .iter()
        .filter_map(|s| s.outcome.as_ref().ok().map(|(a, f)| (s, *a, *f)))
}

/// Renders the scrapes as Prometheus text exposition.
pub fn render_prometheus(scrapes: &[Scrape]) -> String {
    let mut out = String::new();
    {
        let name = "up";
        let mut f = Family::new(
            &mut out,
            name,
            "Whether the support answer was obtained (1) or not (0).",
        );
        for s in scrapes {
            f.sample(name, &with_deployment(s, &[]), u8::from(s.outcome.is_ok()));
        }
    }
    {
        let name = "scrape_duration_seconds";
        let mut f = Family::new(
            &mut out,
            name,
            "How long obtaining the support answer took.",
        );
        for s in scrapes {
            f.sample(name, &with_deployment(s, &[]), s.elapsed.as_secs_f64());
        }
    }
    {
        let name = "nodes";
        let mut f = Family::new(&mut out, name, "Nodes in the support answer.");
        for (s, a, _) in answered(scrapes) {
            f.sample(name, &with_deployment(s, &[]), a.nodes.len());
        }
    }
    {
        let name = "node_info";
        let mut f = Family::new(
            &mut out,
            name,
            "A node of the answer with its role and version; always 1.",
        );
        for (s, a, _) in answered(scrapes) {
            for n in &a.nodes {
                let role = n.info.role.as_ref().map_or("", |r| r.raw());
                let version = n.info.version.as_ref().map_or("", |v| v.0.raw());
                f.sample(
                    name,
                    &with_deployment(
                        s,
                        &[("node", n.name.raw()), ("role", role), ("version", version)],
                    ),
                    1,
                );
            }
        }
    }
    {
        let name = "node_error";
        let mut f = Family::new(
            &mut out,
            name,
            "Whether the node answered with errors instead of data (1) or not (0).",
        );
        for (s, a, _) in answered(scrapes) {
            for n in &a.nodes {
                f.sample(
                    name,
                    &with_deployment(s, &[("node", n.name.raw())]),
                    u8::from(n.is_error()),
                );
            }
        }
    }
    {
        let name = "node_socket_state";
        let mut f = Family::new(
            &mut out,
            name,
            "The node's connection to the WhatsApp servers (socket_conn) as a state set: 1 for the current state.",
        );
        for (s, a, _) in answered(scrapes) {
            for n in &a.nodes {
                let Some(state) = &n.info.socket_conn else {
                    continue;
                };
                let current = state_word(state);
                for word in SOCKET_STATES {
                    f.sample(
                        name,
                        &with_deployment(s, &[("node", n.name.raw()), ("state", word)]),
                        u8::from(word == current),
                    );
                }
            }
        }
    }
    {
        let name = "node_free_bytes";
        let mut f = Family::new(
            &mut out,
            name,
            "Free space per node and directory; a node that reports no limit has no sample.",
        );
        for (s, a, _) in answered(scrapes) {
            for n in &a.nodes {
                for (dir, free) in SPACE_DIRS.iter().zip(n.info.free_space()) {
                    let Some(b) = free.filter(|b| !b.is_unlimited()) else {
                        continue;
                    };
                    let directory = dir.perf.strip_prefix("free_").unwrap_or(dir.perf);
                    f.sample(
                        name,
                        &with_deployment(s, &[("node", n.name.raw()), ("directory", directory)]),
                        b.0,
                    );
                }
            }
        }
    }
    {
        let name = "node_build_expiry_timestamp_seconds";
        let mut f = Family::new(
            &mut out,
            name,
            "When the node's build expires, in Unix seconds.",
        );
        for (s, a, _) in answered(scrapes) {
            for n in &a.nodes {
                let expiry = n
                    .info
                    .expire_timestamp
                    .as_ref()
                    .and_then(|t| parse_time(t.raw()))
                    .filter(|t| t.as_second() >= EARLIEST_EXPIRY);
                if let Some(t) = expiry {
                    f.sample(
                        name,
                        &with_deployment(s, &[("node", n.name.raw())]),
                        t.as_second(),
                    );
                }
            }
        }
    }
    {
        let name = "findings";
        let mut f = Family::new(&mut out, name, "Findings of the diagnosis by severity.");
        for (s, _, findings) in answered(scrapes) {
            for (word, sev) in [
                ("critical", Severity::Critical),
                ("warning", Severity::Warning),
                ("note", Severity::Note),
            ] {
                let count = findings.iter().filter(|f| f.severity == sev).count();
                f.sample(name, &with_deployment(s, &[("severity", word)]), count);
            }
        }
    }
    out
}

/// Writes `text` to `path` for node_exporter's textfile collector: to a
/// temporary file in the same directory first, then renamed over `path`,
/// so the collector never reads half a file. The file is mode 0644.
pub fn write_textfile(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        // Readable by node_exporter whatever the umask; it holds no secret.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests;
