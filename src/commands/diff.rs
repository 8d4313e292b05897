//! `diff OLD [NEW]`: what changed between two answers, as diff(1) does it
//! for text: 0 the same, 1 different, 2 trouble.
//!
//! OLD and NEW are saved answers (a path, or `-` for stdin, on one side
//! only); without NEW, the live answer of `--url`, the profile or the
//! environment, read through the same [`Source`] as `show`. Both bodies get
//! their known secrets masked as they are read; unless `--no-redact`, both
//! parsed answers are redacted (by [`redact_sides`], the one place that
//! does it) before their models are built, so the clear answers are never
//! held longer than it takes to parse them.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::cli::{DiffArgs, DiffFormat, GlobalArgs};
use crate::diff::{DiffOptions, Sources, Text, compare};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bytes, SupportAnswer, parse_body_keeping_duplicates};
use crate::redact::{Aliases, RedactOptions, redact_all};
use crate::render::diff::{render_json, write_markdown, write_text};
use crate::settings::Settings;
use crate::source::Source;
use crate::term::{Ui, is_broken_pipe, message, warn, write_error, write_out};

/// Runs `diff`; the exit code is 0 when the answers are the same, 1 when
/// they differ. Every error (usage included) is 2 in the binary.
pub fn diff(g: &GlobalArgs, args: &DiffArgs, ui: &Ui, out: &mut dyn Write) -> Result<u8> {
    check_usage(g, args)?;
    let s = settings(g, args)?;
    // The server is opened (and its token read) before either side is
    // read, so a token the saved answer repeats is masked there too.
    let new_source = match &args.new {
        Some(path) => saved(path),
        None => live(&s)?,
    };
    let old_source = saved(&args.old);
    let mut old = Side::read(&old_source, &s, "OLD")?;
    let mut new = Side::read(&new_source, &s, "NEW")?;

    let redaction = (!args.no_redact).then_some(RedactOptions {
        hosts: args.redact_hosts,
    });
    let summary = match redaction {
        Some(opts) => Some(redact_sides(&mut old, &mut new, opts)),
        None => {
            warn(
                "the diff holds phone numbers, secrets and tokens in clear (--no-redact); do not attach it to a ticket as is",
            );
            None
        }
    };

    let sources = Sources {
        old: Text::new(old.name.clone()),
        new: Text::new(new.name.clone()),
    };
    let (old, new) = (old.answer()?, new.answer()?);
    let opts = DiffOptions {
        space_delta: Bytes(args.space_delta),
    };
    let mut d = compare(&old, &new, &opts);
    drop((old, new));
    d.sources = sources;
    let code = u8::from(!d.is_empty());

    let written = match (args.markdown, args.output) {
        (true, _) => write_markdown_with(out, &d, summary.as_deref()),
        (false, DiffFormat::Json) => write_out(out, render_json(&d).as_bytes()),
        (false, DiffFormat::Text) => {
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
            let res = write_text(&mut w, &d, &ui.stdout).and_then(|()| w.flush());
            drop(w);
            res.map_err(write_error)
        }
    };
    match written {
        // A closed pipe (`| head`) does not change the answer to "do they differ".
        Err(e) if is_broken_pipe(&e) => return Ok(code),
        other => other?,
    }
    if let (Some(summary), false) = (&summary, args.markdown) {
        message(&crate::render::safe(summary));
    }
    Ok(code)
}

/// Refuses what `diff` cannot do, before anything is read.
fn check_usage(g: &GlobalArgs, args: &DiffArgs) -> Result<()> {
    if g.file.is_some() {
        return Err(Error::new(
            ErrorKind::Usage,
            "--file does not apply to diff: give the saved answers as OLD and NEW",
        )
        .hint("wa-support diff OLD.json NEW.json, or diff OLD.json alone for the live answer"));
    }
    if is_stdin(&args.old) && args.new.as_deref().is_some_and(is_stdin) {
        return Err(
            Error::new(ErrorKind::Usage, "OLD and NEW cannot both be - (stdin)")
                .hint("save one of the answers to a file first"),
        );
    }
    if args.markdown && args.output == DiffFormat::Json {
        return Err(Error::new(
            ErrorKind::Usage,
            "--markdown and -o json cannot be used together",
        ));
    }
    Ok(())
}

fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// The settings: with NEW given, those of a saved answer (no config, no
/// token file, no network, whatever the environment says); without it,
/// those of the live answer, resolved as for `show`.
fn settings(g: &GlobalArgs, args: &DiffArgs) -> Result<Settings> {
    if args.new.is_none() {
        return Settings::resolve(g);
    }
    if g.url.is_some() && !g.from_env.url {
        warn("--url is not used: OLD and NEW are both saved answers");
    }
    let mut saved = g.clone();
    saved.file = Some(args.old.clone());
    Settings::resolve(&saved)
}

/// A saved answer's source (`-` is stdin).
fn saved(path: &Path) -> Source {
    if is_stdin(path) {
        Source::Stdin
    } else {
        Source::File(path.to_path_buf())
    }
}

/// The live answer's source; its token is read now.
fn live(s: &Settings) -> Result<Source> {
    if s.url.is_none() {
        return Err(Error::new(ErrorKind::Usage, "no NEW answer and no server given").hint(
            "pass NEW (a file, or - for stdin), or --url https://HOST:PORT (or WA_SUPPORT_URL, or a profile) for the live answer",
        ));
    }
    Source::open(s)
}

/// One side of the diff: its answer parsed (not yet a model), and what to
/// call it.
struct Side {
    /// `OLD` or `NEW`, for errors.
    which: &'static str,
    value: Value,
    /// The file (`-` for stdin) or the server's host, as shown.
    name: String,
    /// The name of the one node of a single-node answer (which names none).
    single_name: String,
    /// The server's host, aliased with the answer's hosts.
    host: Option<String>,
}

impl Side {
    /// Reads (or fetches) and parses one side; the known secrets are
    /// masked in the body before it is parsed.
    fn read(source: &Source, s: &Settings, which: &'static str) -> Result<Side> {
        let (name, single_name, host) = match source {
            Source::Stdin => ("-".to_string(), "local".to_string(), None),
            Source::File(path) => (path.display().to_string(), "local".to_string(), None),
            Source::Server(c) => {
                let host = c.target().host_port();
                (host.clone(), host.clone(), Some(host))
            }
        };
        let body = source
            .load_json(s, None)
            .map_err(|e| side_error(e, which, source))?;
        let (value, _, _) = parse_body_keeping_duplicates(&body)
            .map_err(|e| side_error(s.explain(e), which, source))?;
        drop(body);
        Ok(Side {
            which,
            value,
            name,
            single_name,
            host,
        })
    }

    /// The model of the (maybe redacted) answer.
    fn answer(self) -> Result<SupportAnswer> {
        let which = self.which;
        SupportAnswer::from_value(self.value, &self.single_name).map_err(|e| e.context(which))
    }

    /// Node names of a multi-node answer, in the order sent.
    #[cfg(test)]
    fn node_names(&self) -> Vec<&str> {
        match self.value.get("support") {
            Some(Value::Object(support)) if crate::model::is_multi_connect(support) => {
                support.keys().map(String::as_str).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Redacts the side's names as its answer was.
    fn rename(&mut self, aliases: &Aliases, opts: RedactOptions) {
        self.name = aliases.apply(&self.name);
        if opts.hosts {
            self.single_name = aliases.apply(&self.single_name);
        }
    }
}

/// Says which side an error is about; a file's error points at the path
/// given, not at `--file`.
fn side_error(e: Error, which: &str, source: &Source) -> Error {
    let e = e.context(which);
    match (source, e.hint_text()) {
        (Source::Stdin | Source::File(_), Some(h)) if h.contains("--file") => {
            Error::new(e.kind(), e.message().to_string())
                .hint(format!("check the path given as {which}"))
        }
        _ => e,
    }
}

/// Redacts both answers, and the names they are shown by; returns the
/// summary line (`Redacted: …`).
///
/// Today [`redact`] gives out pseudonyms per call, so the two sides have a
/// table each: a phone number or host is masked on both, but with
/// `--redact-hosts` the aliases of nodes are numbered per side, which only
/// matches when both answers list the same nodes. A shared table replaces
/// the two calls below with one (`let a = redact_all(&mut [&mut old.value,
/// &mut new.value], opts); let aliases = [a.clone(), a];`) and makes the
/// warning moot.
fn redact_sides(old: &mut Side, new: &mut Side, opts: RedactOptions) -> String {
    // One redaction state for both answers: a node, number or host gets
    // the same pseudonym on both sides, whatever nodes each lists.
    let hosts: Vec<&str> = old
        .host
        .iter()
        .chain(new.host.iter())
        .map(String::as_str)
        .collect();
    let aliases = redact_all(&mut [&mut old.value, &mut new.value], opts, &hosts);
    old.rename(&aliases, opts);
    new.rename(&aliases, opts);
    aliases.summary()
}

/// The Markdown diff, closed by the line saying what was masked (or that
/// nothing was).
fn write_markdown_with(
    out: &mut dyn Write,
    d: &crate::diff::Diff,
    summary: Option<&str>,
) -> Result<()> {
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
    let res = write_markdown(&mut w, d)
        .and_then(|()| match summary {
            Some(s) => writeln!(w, "\n{}", crate::render::report::md(s)),
            None => writeln!(
                w,
                "\nNot redacted: phone numbers, secrets and host names are in clear."
            ),
        })
        .and_then(|()| w.flush());
    drop(w);
    res.map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn side(which: &'static str, value: Value) -> Side {
        Side {
            which,
            value,
            name: format!("ticket-4915112345678-{which}.json"),
            single_name: "local".into(),
            host: None,
        }
    }

    fn answer(phone: &str) -> Value {
        json!({ "support": {
            "wa1:core-0": { "role": "primary_master", "debug_info": phone, "shards": [[-1, -1]] },
            "wa2:core-1": { "role": "coreapp", "debug_info": phone, "shards": [[0, 0]] },
        }})
    }

    #[test]
    fn both_sides_and_their_names_are_redacted_in_one_place() {
        let (mut old, mut new) = (
            side("OLD", answer("+4915112345678")),
            side("NEW", answer("+4915112345678")),
        );
        let summary = redact_sides(&mut old, &mut new, RedactOptions { hosts: true });
        assert_eq!(summary, "Redacted: 1 phone number, 0 secrets, 2 hosts");
        for s in [&old, &new] {
            let text = s.value.to_string();
            assert!(
                !text.contains("15112345678") && !text.contains("wa1"),
                "{text}"
            );
            assert!(!s.name.contains("15112345678"), "{}", s.name);
        }
        // The same nodes: the same aliases on both sides.
        assert_eq!(old.node_names(), new.node_names());
        assert!(old.node_names().iter().all(|n| n.starts_with("node-")));
    }

    #[test]
    fn sides_share_one_redaction_state_and_one_summary() {
        let mut old = side("OLD", answer("+4915112345678"));
        let mut new = side(
            "NEW",
            json!({ "support": { "wa1:core-0": { "role": "primary_master" } } }),
        );
        let summary = redact_sides(&mut old, &mut new, RedactOptions { hosts: false });
        assert_eq!(summary, "Redacted: 1 phone number, 0 secrets");
        assert_eq!(new.node_names(), vec!["wa1:core-0"]);
        // With host aliases, a node on both sides keeps its alias even when
        // the other side lists more nodes.
        let mut old = side(
            "OLD",
            json!({ "support": {
                "wa1:core-0": { "role": "primary_master" },
                "wa2:core-1": { "role": "coreapp" } } }),
        );
        let mut new = side(
            "NEW",
            json!({ "support": { "wa2:core-1": { "role": "coreapp" } } }),
        );
        redact_sides(&mut old, &mut new, RedactOptions { hosts: true });
        let [kept] = new.node_names()[..] else {
            panic!("{:?}", new.node_names())
        };
        assert!(old.node_names().contains(&kept), "{kept}");
        assert!(!kept.contains("wa2"), "{kept}");
    }

    #[test]
    fn a_file_error_points_at_the_argument_not_at_file() {
        let e = Error::new(ErrorKind::Io, "cannot read x.json: gone")
            .hint("check the path given to --file");
        let e = side_error(e, "NEW", &Source::File("x.json".into()));
        assert_eq!(
            e.to_string(),
            "NEW: cannot read x.json: gone (hint: check the path given as NEW)"
        );
        let e = Error::new(ErrorKind::Usage, "bad").hint("other");
        assert_eq!(
            side_error(e, "OLD", &Source::Stdin).to_string(),
            "OLD: bad (hint: other)"
        );
    }
}
