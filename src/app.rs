//! The commands, wired together: settings are resolved once (flags, then
//! the environment, then the profile), the answer is obtained once, and
//! each command renders it. Output goes to the writers it is given, so the
//! whole flow can be tested without a terminal.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, GlobalArgs, LoginArgs, OutputFormat, ReportArgs, ShowArgs,
};
use crate::client::{Client, ClientOptions, DEFAULT_MAX_BODY, Target};
use crate::diagnose::diagnose;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    SupportAnswer, check_json_text, decode_body, parse_body_keeping_duplicates, parse_text,
};
use crate::redact::{RedactOptions, redact};
use crate::render::RenderOptions;
use crate::render::check::{CheckState, render_check, render_check_json, render_unknown};
use crate::render::json::{SourceInfo, render_normalized};
use crate::render::report::{ReportContext, write_report};
use crate::render::text::write_show;
use crate::safe::ServerText;
use crate::secret::Secret;

/// How output looks, decided once at the top.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub stdout: RenderOptions,
    /// Colour on stderr (warnings).
    pub stderr_color: bool,
}

impl Ui {
    /// Decides colour and width from `--color`, `NO_COLOR`, `TERM` and
    /// whether stdout and stderr are terminals.
    pub fn detect(choice: ColorChoice) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let out_tty = std::io::stdout().is_terminal();
        let err_tty = std::io::stderr().is_terminal();
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !dumb,
        };
        let width = if out_tty {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<u16>().ok())
                .or_else(|| comfy_table::Table::new().width())
                .filter(|w| *w >= 20)
        } else {
            None
        };
        Ui {
            stdout: RenderOptions {
                color: decide(out_tty),
                width,
            },
            stderr_color: decide(err_tty),
        }
    }
}

pub use crate::settings::{Settings, warn};

/// Resolves flags, environment and the profile (see [`Settings::resolve`]).
pub fn resolve_settings(g: &GlobalArgs) -> Result<Settings> {
    Settings::resolve(g)
}

/// What a command prints besides the model; the rest is dropped as soon
/// as it is parsed, since a large answer held twice costs memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// The body exactly as received (`show --json`).
    pub raw: bool,
    /// The parsed, maybe redacted, JSON (reports, `--json --redact`).
    pub json: bool,
}

/// A status read from a server or a file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The body exactly as received (empty unless kept).
    pub raw: Vec<u8>,
    /// The body parsed (and redacted, when asked) as pretty JSON text made
    /// safe for a terminal; kept only when the command prints it.
    pub json: Option<String>,
    pub answer: SupportAnswer,
    pub source: SourceInfo,
    /// Host of the target (aliased when hosts are redacted).
    pub target: String,
    /// What redaction masked, one line (`Redacted: 1 phone number, …`).
    pub redaction_summary: Option<String>,
}

fn now_rfc3339() -> String {
    crate::clock::now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// The client for `url`; the token is read here, just before it is needed.
fn client_for(s: &Settings, url: &str, token: Option<Secret>) -> Result<Client> {
    let client = Client::new(ClientOptions {
        base_url: url.to_string(),
        token,
        cacert: s.cacert.clone(),
        insecure: s.insecure,
        timeout: s.timeout,
        max_body: DEFAULT_MAX_BODY,
        verbose: s.verbose,
    })?;
    // Plain http has no certificate to skip: no warning about one.
    if s.insecure && client.target().scheme == "https" {
        warn(&format!(
            "{}: the server's certificate is not verified; anyone on the path can read the token",
            s.insecure_source
        ));
    }
    Ok(client)
}

fn no_source() -> Error {
    Error::new(ErrorKind::Usage, "no server or file given")
        .hint("pass --url https://HOST:PORT (or set WA_SUPPORT_URL, or use a profile), or --file PATH for a saved answer")
}

/// Reads a saved answer (`-` is stdin), bounded like a server's answer.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let limit = DEFAULT_MAX_BODY + 1;
    let res = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| {
            // Sized once: growing by doubling would hold up to twice the answer.
            let len = f.metadata().map(|m| m.len()).unwrap_or(0).min(limit);
            buf.reserve_exact(len as usize + 1);
            f.take(limit).read_to_end(&mut buf)
        })
    };
    res.map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot read {}: {e}", path.display()),
        )
        .hint("check the path given to --file")
    })?;
    if buf.len() as u64 > DEFAULT_MAX_BODY {
        return Err(Error::new(
            ErrorKind::Parse,
            format!("{} is larger than 32 MiB; refused", path.display()),
        )
        .hint("this is not a /v1/support answer"));
    }
    Ok(buf)
}

/// Fetches or reads the body once: the body, where it came from, and the
/// name of a single-node answer's node.
fn obtain(s: &Settings, client: Option<&Client>) -> Result<(Vec<u8>, SourceInfo, String)> {
    if let Some(path) = &s.file {
        let raw = read_file(path)?;
        let name = if path.as_os_str() == "-" {
            "-".to_string()
        } else {
            path.display().to_string()
        };
        Ok((
            raw,
            SourceInfo {
                kind: "file",
                name,
                at: now_rfc3339(),
            },
            "local".to_string(),
        ))
    } else if let Some(c) = client {
        let got = c.fetch_support().map_err(|e| s.explain(e))?;
        let host = got.host.clone();
        Ok((
            got.body,
            SourceInfo {
                kind: "url",
                name: host.clone(),
                at: now_rfc3339(),
            },
            host,
        ))
    } else {
        Err(no_source())
    }
}

/// Fetches or reads the answer once, redacting when asked; `keep` says
/// what to hold on to besides the model. The text is decoded first
/// (UTF-16/32 converted, invalid bytes replaced and counted in
/// `answer.decoding`); odd values degrade a field or a node, and only an
/// answer with no node to show is an error.
pub fn load(
    s: &Settings,
    client: Option<&Client>,
    redaction: Option<RedactOptions>,
    keep: Keep,
) -> Result<Loaded> {
    let (raw, source, single_name) = obtain(s, client)?;
    let raw = crate::secret::mask_known(raw, &s.known_secrets());
    if redaction.is_none() && !keep.json {
        // Node by node: no JSON tree of the whole answer.
        let decoded = decode_body(&raw);
        let mut answer =
            SupportAnswer::from_text(&decoded.text, &single_name).map_err(|e| s.explain(e))?;
        answer.decoding = decoded.decoding;
        drop(decoded);
        let target = source.name.clone();
        return Ok(Loaded {
            raw: if keep.raw { raw } else { Vec::new() },
            json: None,
            answer,
            source,
            target,
            redaction_summary: None,
        });
    }
    let (mut json, decoding, mut duplicates) =
        parse_body_keeping_duplicates(&raw).map_err(|e| s.explain(e))?;
    let raw = if keep.raw { raw } else { Vec::new() };
    let mut target = source.name.clone();
    let mut single_name = single_name;
    let mut redaction_summary = None;
    if let Some(opts) = redaction {
        let extra: Vec<&str> = if source.kind == "url" {
            vec![target.as_str()]
        } else {
            vec![]
        };
        let aliases = redact(&mut json, opts, &extra);
        // The target (a file name often carries the number and the host)
        // is redacted like the answer.
        target = aliases.apply(&target);
        if opts.hosts {
            single_name = aliases.apply(&single_name);
        }
        redaction_summary = Some(aliases.summary());
        let apply = |t: &Option<ServerText>| t.as_ref().map(|t| aliases.apply(t.raw()).into());
        for d in &mut duplicates {
            d.node = apply(&d.node);
            d.field = apply(&d.field);
            d.renamed = apply(&d.renamed);
        }
    }
    let (mut answer, json) = if keep.json {
        // The text is what the command prints; the tree is dropped before
        // the model is read back from the text, node by node, so the two
        // are never held together.
        let pretty = serde_json::to_string_pretty(&json).unwrap_or_default();
        drop(json);
        let text = crate::render::json_safe(&pretty);
        drop(pretty);
        (
            SupportAnswer::from_text(text.as_bytes(), &single_name)?,
            Some(text),
        )
    } else {
        (SupportAnswer::from_value(json, &single_name)?, None)
    };
    answer.decoding = decoding;
    answer.duplicate_keys.extend(duplicates);
    let mut source = source;
    source.name = target.clone();
    Ok(Loaded {
        raw,
        json,
        answer,
        source,
        target,
        redaction_summary,
    })
}

/// The body for `show --json`: any JSON body, whether or not it is an
/// answer the model can read (so "save it with --json" always works).
/// Printed as received, except that UTF-16/32 is converted to UTF-8; with
/// redaction, parsed, redacted and pretty-printed. Only a body that is not
/// JSON is an error. The body is not parsed into a tree unless redacted.
pub fn load_json(
    s: &Settings,
    client: Option<&Client>,
    redaction: Option<RedactOptions>,
) -> Result<Vec<u8>> {
    let (raw, source, _) = obtain(s, client)?;
    let raw = crate::secret::mask_known(raw, &s.known_secrets());
    let decoded = decode_body(&raw);
    let Some(opts) = redaction else {
        check_json_text(&decoded.text)?;
        return Ok(if decoded.decoding.charset.is_converted() {
            decoded.text.into_owned()
        } else {
            drop(decoded);
            raw
        });
    };
    let mut json = parse_text(&decoded.text)?;
    drop(decoded);
    drop(raw);
    let extra: Vec<&str> = if source.kind == "url" {
        vec![source.name.as_str()]
    } else {
        vec![]
    };
    redact(&mut json, opts, &extra);
    let mut text =
        crate::render::json_safe(&serde_json::to_string_pretty(&json).unwrap_or_default());
    text.push('\n');
    Ok(text.into_bytes())
}

fn make_client(s: &Settings) -> Result<Option<Client>> {
    match (&s.file, &s.url) {
        (Some(_), _) => Ok(None),
        (None, Some(url)) => client_for(s, url, s.read_token(url)?).map(Some),
        (None, None) => Err(no_source()),
    }
}

/// Runs one parsed command line; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8> {
    let ui = Ui::detect(cli.global.color);
    match &cli.command {
        Command::Completions { shell } => {
            let mut cmd = crate::cli::command();
            clap_complete::generate(*shell, &mut cmd, "wa-support", out);
            Ok(0)
        }
        Command::Man { dir } => crate::man::run(dir.as_deref(), out),
        Command::Show(args) => show(&cli.global, args, &ui, out),
        Command::Check(args) => Ok(check(&cli.global, args, out)),
        Command::Report(args) => report(&cli.global, args, out),
        Command::Login(args) => login(&cli.global, args, out),
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
pub fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(write_error)
}

/// The error for a failed write to stdout: a closed pipe is [`broken_pipe`].
fn write_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        broken_pipe()
    } else {
        Error::new(ErrorKind::Io, format!("cannot write the output: {e}"))
    }
}

/// The marker error for a closed stdout; the binary exits 0 on it.
pub fn broken_pipe() -> Error {
    Error::new(ErrorKind::Io, "broken pipe")
}

/// True for the marker error of a closed stdout.
pub fn is_broken_pipe(e: &Error) -> bool {
    e.kind() == ErrorKind::Io && e.message() == "broken pipe"
}

fn show(g: &GlobalArgs, args: &ShowArgs, ui: &Ui, out: &mut dyn Write) -> Result<u8> {
    let s = resolve_settings(g)?;
    let client = make_client(&s)?;
    let redaction = (args.redact || args.redact_hosts).then_some(RedactOptions {
        hosts: args.redact_hosts,
    });
    let t = args.thresholds.thresholds();
    if let Some(secs) = args.watch {
        return crate::watch::watch(
            &s,
            client.as_ref(),
            redaction,
            &t,
            Duration::from_secs_f64(secs),
            ui,
            out,
        );
    }
    if args.json {
        let body = load_json(&s, client.as_ref(), redaction)?;
        write_out(out, &body)?;
        return Ok(0);
    }
    let loaded = load(&s, client.as_ref(), redaction, Keep::default())?;
    let findings = diagnose(&loaded.answer, &t, crate::clock::now());
    match args.output {
        OutputFormat::Json => {
            let text = render_normalized(&loaded.answer, &findings, &loaded.source);
            write_out(out, text.as_bytes())?;
        }
        OutputFormat::Table => {
            // Streamed: the table output is never held whole.
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
            let res = write_show(&loaded.answer, Some(&findings), &ui.stdout, &mut w)
                .and_then(|()| w.flush());
            drop(w);
            res.map_err(write_error)?;
        }
    }
    discard(loaded);
    Ok(0)
}

/// Lets go of a model at the end of a command without freeing it string
/// by string: that would only cost time (up to a tenth of a large
/// answer's), and the end of the process frees it at once.
fn discard(loaded: Loaded) {
    std::mem::forget(loaded);
}

fn check(g: &GlobalArgs, args: &CheckArgs, out: &mut dyn Write) -> u8 {
    let t = args.thresholds.thresholds();
    let result = resolve_settings(g)
        .and_then(|s| {
            let client = make_client(&s)?;
            load(&s, client.as_ref(), None, Keep::default())
        })
        .map(|loaded| {
            let now = crate::clock::now();
            let f = diagnose(&loaded.answer, &t, now);
            (loaded, f, now)
        });
    let (state, text) = match &result {
        Ok((loaded, f, now)) => {
            let (state, text) = render_check(&loaded.answer, f, &t, *now);
            if args.json {
                (state, render_check_json(state, f, None))
            } else {
                (state, text)
            }
        }
        Err(e) => {
            let msg = e.to_string();
            if args.json {
                (
                    CheckState::Unknown,
                    render_check_json(CheckState::Unknown, &[], Some(&msg)),
                )
            } else {
                (CheckState::Unknown, render_unknown(&msg))
            }
        }
    };
    if let Ok((loaded, _, _)) = result {
        discard(loaded);
    }
    match write_out(out, text.as_bytes()) {
        Ok(()) => state.code(),
        Err(_) => state.code(),
    }
}

fn report(g: &GlobalArgs, args: &ReportArgs, out: &mut dyn Write) -> Result<u8> {
    let s = resolve_settings(g)?;
    let client = make_client(&s)?;
    let redaction = (!args.no_redact).then_some(RedactOptions {
        hosts: args.redact_hosts,
    });
    let loaded = load(
        &s,
        client.as_ref(),
        redaction,
        Keep {
            raw: false,
            json: true,
        },
    )?;
    let now = crate::clock::now();
    let findings = diagnose(&loaded.answer, &args.thresholds.thresholds(), now);
    let target = match (&s.file, &client) {
        (Some(_), _) => format!("file {}", loaded.target),
        (None, Some(c)) if redaction.is_none() => {
            let t: &Target = c.target();
            t.host_and_port()
        }
        _ => loaded.target.clone(),
    };
    let ctx = ReportContext {
        generated_at: now_rfc3339(),
        target,
        redaction: loaded.redaction_summary.clone().unwrap_or_default(),
    };
    let json = loaded.json.as_deref().unwrap_or_default();
    // `-O -` is stdout, as `--file -` is stdin.
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let mut text = Vec::new();
            let _ = write_report(&mut text, &loaded.answer, &findings, json, &ctx);
            crate::render::report::write_private(path, &text, args.force)?;
            if redaction.is_none() {
                warn(&format!(
                    "{} holds phone numbers, secrets and tokens in clear (--no-redact); do not attach it to a ticket as is",
                    path.display()
                ));
            }
            let _ = writeln!(
                std::io::stderr(),
                "wa-support: report written to {}",
                crate::render::safe(&path.display().to_string())
            );
        }
        None => {
            // Written as it is made, through a buffer: no copy of the whole report.
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
            let done =
                write_report(&mut w, &loaded.answer, &findings, json, &ctx).and_then(|_| w.flush());
            drop(w);
            match done {
                Ok(()) => write_out(out, b"")?,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    return Err(broken_pipe());
                }
                Err(e) => {
                    return Err(Error::new(
                        ErrorKind::Io,
                        format!("cannot write the output: {e}"),
                    ));
                }
            }
        }
    }
    Ok(0)
}

fn login(g: &GlobalArgs, args: &LoginArgs, out: &mut dyn Write) -> Result<u8> {
    let mut s = resolve_settings(g)?;
    let url = s.url.clone().ok_or_else(|| {
        Error::new(ErrorKind::Usage, "no server given to log in to")
            .hint("pass --url https://HOST:PORT (or set WA_SUPPORT_URL, or use a profile)")
    })?;
    // Where a token would be saved is decided before the server is asked,
    // so a token just obtained is never thrown away for a local reason.
    let dest = if args.save {
        let d = save_destination(&s, &url)?;
        refuse_link(&d.1, "the token file")?;
        if let Some((cfg_path, _)) = &d.2 {
            refuse_link(cfg_path, "the config file")?;
        }
        Some(d)
    } else {
        None
    };
    let password = read_password(args)?;
    s.know(&password);
    // Logging in sends the password, never a token.
    let client = client_for(&s, &url, None)?;
    let (token, expires) = client
        .login(&args.user, &password)
        .map_err(|e| e.masked(&s.known_secrets()))?;
    if let Some(why) = token.token_problem() {
        return Err(Error::new(
            ErrorKind::Parse,
            format!("the server's login answer holds a token that is not usable: {why}; it was neither printed nor saved"),
        )
        .hint("check that the URL is the web app's base URL, not another service"));
    }
    let expires_raw = expires
        .map(|e| e.chars().take(64).collect::<String>())
        .filter(|e| !e.trim().is_empty());
    // Only a real timestamp is kept; anything else is shown escaped.
    let expires = expires_raw.as_deref().and_then(valid_expiry);
    let until = match (&expires, &expires_raw) {
        (Some(e), _) => format!(" (valid until {e})"),
        (None, Some(raw)) => format!(
            " (the server's expiry \"{}\" is not a time; not kept)",
            crate::render::safe(raw)
        ),
        _ => String::new(),
    };
    if let Some((name, path, added)) = dest {
        crate::config::write_private(
            &path,
            crate::config::token_file_text(&token, expires.as_deref()).as_bytes(),
        )?;
        let _ = writeln!(
            std::io::stderr(),
            "wa-support: token saved to {} for profile \"{}\"{until}",
            path.display(),
            crate::render::safe(&name)
        );
        if let Some((cfg_path, text)) = added {
            crate::config::write_private(&cfg_path, text.as_bytes()).map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!(
                        "the token was saved to {}, but the profile \"{}\" could not be added to {}: {}",
                        path.display(),
                        crate::render::safe(&name),
                        cfg_path.display(),
                        e.message()
                    ),
                )
                .hint(format!(
                    "add to the config file: [profiles.\"{}\"] url = \"{}\" token_file = \"{}\"",
                    crate::render::safe(&name),
                    crate::settings::display_url(&url),
                    path.display()
                ))
            })?;
            let _ = writeln!(
                std::io::stderr(),
                "wa-support: added profile \"{}\" for {} to {}",
                crate::render::safe(&name),
                crate::settings::display_url(&url),
                cfg_path.display()
            );
        }
        if std::env::var_os("WA_SUPPORT_TOKEN").is_some_and(|v| !v.is_empty()) {
            warn(
                "WA_SUPPORT_TOKEN is set and overrides the saved token; unset it to use the saved one",
            );
        }
    } else {
        write_out(out, format!("{}\n", token.expose()).as_bytes())?;
        let _ = writeln!(std::io::stderr(), "wa-support: logged in{until}");
    }
    Ok(0)
}

/// A login answer's `expires_after` when it is a time (as the web app
/// writes it, `2026-12-02 12:00:00+00:00`, or RFC 3339), else `None`.
fn valid_expiry(e: &str) -> Option<String> {
    let t = e.trim();
    let ok = t.len() <= 40
        && t.chars().all(|c| c.is_ascii_graphic() || c == ' ')
        && t.replacen(' ', "T", 1).parse::<jiff::Timestamp>().is_ok();
    ok.then(|| t.to_string())
}

/// Refuses, before anything is sent, to save through a symbolic link.
fn refuse_link(path: &Path, what: &str) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::new(
            ErrorKind::Io,
            format!(
                "{what} {} is a symbolic link, and login --save does not write through links; nothing was sent to the server",
                path.display()
            ),
        )
        .hint("point WA_SUPPORT_CONFIG (or the profile's token_file) at the real file, or log in without --save and store the printed token yourself")),
        _ => Ok(()),
    }
}

/// Where `login --save` puts the token of `url`: the selected profile when
/// it is that server's, else the profile whose URL is that server, else a
/// new profile named after the host (the config text to write comes back
/// with it). Another server's token file is never overwritten.
#[allow(clippy::type_complexity)]
fn save_destination(
    s: &Settings,
    url: &str,
) -> Result<(String, PathBuf, Option<(PathBuf, String)>)> {
    use crate::config::{ConfigFile, same_server, token_file_of, with_profile_added};
    let no_place = || {
        Error::new(
            ErrorKind::Usage,
            "no place to save the token (HOME is not set)",
        )
        .hint("set WA_SUPPORT_CONFIG or XDG_CONFIG_HOME, or print the token without --save")
    };
    let path_of =
        |name: &str, p: &crate::config::Profile| token_file_of(name, p).ok_or_else(no_place);
    if s.profile
        .url
        .as_deref()
        .is_some_and(|u| same_server(u, url))
    {
        return Ok((
            s.profile_name.clone(),
            path_of(&s.profile_name, &s.profile)?,
            None,
        ));
    }
    let (cfg_path, cfg) = match &s.config {
        Some((p, c)) => (p.clone(), c.clone()),
        None => (
            crate::config::config_path().ok_or_else(no_place)?,
            ConfigFile::default(),
        ),
    };
    if let Some((name, p)) = cfg.profile_for_url(url) {
        return Ok((name.to_string(), path_of(name, p)?, None));
    }
    // A new profile's token file must be nobody's: not another profile's
    // (a `token_file` may name `<config dir>/<host>.token`), not a file
    // that is already there.
    let taken: Vec<PathBuf> = cfg
        .profiles
        .iter()
        .filter_map(|(n, p)| token_file_of(n, p))
        .collect();
    let name = cfg.new_profile_name_where(url, |n| {
        token_file_of(n, &crate::config::Profile::default())
            .is_some_and(|p| !taken.contains(&p) && std::fs::symlink_metadata(&p).is_err())
    });
    let text = match std::fs::read_to_string(&cfg_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Io,
                format!("cannot read the config file {}: {e}", cfg_path.display()),
            ));
        }
    };
    let profile = crate::config::Profile {
        url: Some(url.to_string()),
        ..Default::default()
    };
    let path = path_of(&name, &profile)?;
    let text = with_profile_added(&text, &name, url);
    Ok((name, path, Some((cfg_path, text))))
}

fn read_password(args: &LoginArgs) -> Result<Secret> {
    if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot read the password from stdin: {e}"),
            )
        })?;
        let p = Secret::new(line);
        if p.is_empty() {
            return Err(Error::new(
                ErrorKind::Usage,
                "the password read from stdin is empty",
            ));
        }
        return Ok(p);
    }
    if let Ok(p) = std::env::var("WA_SUPPORT_PASSWORD") {
        if !p.is_empty() {
            return Ok(Secret::new(p));
        }
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::new(
            ErrorKind::Usage,
            "no password given and no terminal to ask on",
        )
        .hint("use --password-stdin or WA_SUPPORT_PASSWORD"));
    }
    let p = rpassword::prompt_password(format!(
        "Password for {}: ",
        crate::render::safe(&args.user)
    ))
    .map_err(|e| Error::new(ErrorKind::Io, format!("cannot read the password: {e}")))?;
    Ok(Secret::new(p))
}
