//! The commands, wired together: settings are resolved once (flags, then
//! the environment, then the profile), the answer is obtained once, and
//! each command renders it. Output goes to the writers it is given, so the
//! whole flow can be tested without a terminal.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, GlobalArgs, LoginArgs, OutputFormat, ReportArgs, ShowArgs,
};
use crate::client::{Client, ClientOptions, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, Target};
use crate::config::{ConfigFile, Profile, config_path, expand_home, token_file_of};
use crate::diagnose::diagnose;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{SupportAnswer, check_json_text, decode_body, parse_body, parse_text};
use crate::redact::{RedactOptions, redact};
use crate::render::RenderOptions;
use crate::render::check::{CheckState, render_check, render_check_json, render_unknown};
use crate::render::json::{SourceInfo, render_normalized};
use crate::render::report::{ReportContext, render_report};
use crate::render::text::render_show;
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

/// Everything needed to reach the server or read the file.
#[derive(Debug, Clone)]
pub struct Settings {
    pub url: Option<String>,
    pub file: Option<PathBuf>,
    pub token: Option<Secret>,
    pub cacert: Option<PathBuf>,
    pub insecure: bool,
    pub timeout: Duration,
    pub verbose: bool,
    pub profile_name: String,
    pub profile: Profile,
}

/// Resolves flags, environment (through clap) and the profile.
pub fn resolve_settings(g: &GlobalArgs) -> Result<Settings> {
    let (profile_name, profile) = match config_path() {
        Some(path) => {
            let cfg = ConfigFile::load(&path)?;
            cfg.profile(g.profile.as_deref(), &path)?
        }
        None => ("default".to_string(), Profile::default()),
    };
    let token = match (&g.token, &g.token_file) {
        (Some(t), _) if !t.trim().is_empty() => Some(Secret::new(t.clone())),
        (_, Some(path)) => Some(read_token_file(path, true)?),
        _ => match token_file_of(&profile_name, &profile) {
            Some(path) if profile.token_file.is_some() => Some(read_token_file(&path, true)?),
            Some(path) if path.exists() => Some(read_token_file(&path, false)?),
            _ => None,
        },
    };
    let timeout = g
        .timeout
        .or(profile.timeout.filter(|t| *t > 0.0 && *t <= 86_400.0))
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_TIMEOUT);
    Ok(Settings {
        url: g
            .url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .or(profile.url.clone()),
        file: g.file.clone(),
        token,
        cacert: g
            .cacert
            .clone()
            .or(profile.cacert.as_deref().map(expand_home)),
        insecure: g.insecure || profile.insecure.unwrap_or(false),
        timeout,
        verbose: g.verbose,
        profile_name,
        profile,
    })
}

/// Reads a token file's first line; warns when others may read it.
fn read_token_file(path: &Path, required: bool) -> Result<Secret> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            ErrorKind::Usage,
            format!("cannot read the token file {}: {e}", path.display()),
        )
        .hint(if required {
            "check --token-file / token_file, or get a token with: wa-support login --save"
        } else {
            "get a token with: wa-support login --save"
        })
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(path) {
            if m.permissions().mode() & 0o077 != 0 {
                warn(&format!(
                    "the token file {} can be read by other users; run: chmod 600 {}",
                    path.display(),
                    path.display()
                ));
            }
        }
    }
    let first = text.lines().next().unwrap_or("").trim().to_string();
    if first.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("the token file {} is empty", path.display()),
        )
        .hint("get a token with: wa-support login --save"));
    }
    Ok(Secret::new(first))
}

/// Prints a warning on stderr.
pub fn warn(msg: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "wa-support: warning: {}",
        crate::render::safe(msg)
    );
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
    /// The body parsed (and redacted, when asked); kept only when the
    /// command prints it, since it doubles the memory of a large answer.
    pub json: Option<Value>,
    pub answer: SupportAnswer,
    pub source: SourceInfo,
    /// Host of the target (aliased when hosts are redacted).
    pub target: String,
}

fn now_rfc3339() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn client_for(s: &Settings, url: &str) -> Result<Client> {
    if s.insecure {
        warn(
            "--insecure: the server's certificate is not verified; anyone on the path can read the token",
        );
    }
    Client::new(ClientOptions {
        base_url: url.to_string(),
        token: s.token.clone(),
        cacert: s.cacert.clone(),
        insecure: s.insecure,
        timeout: s.timeout,
        max_body: DEFAULT_MAX_BODY,
        verbose: s.verbose,
    })
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
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut buf))
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
        let got = c.fetch_support()?;
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
    let (mut json, decoding) = parse_body(&raw)?;
    let raw = if keep.raw { raw } else { Vec::new() };
    let mut target = source.name.clone();
    let mut single_name = single_name;
    if let Some(opts) = redaction {
        let extra: Vec<&str> = if source.kind == "url" {
            vec![target.as_str()]
        } else {
            vec![]
        };
        let aliases = redact(&mut json, opts, &extra);
        if opts.hosts {
            target = aliases.apply(&target);
            single_name = aliases.apply(&single_name);
        }
    }
    let (mut answer, json) = if keep.json {
        (
            SupportAnswer::from_value(json.clone(), &single_name)?,
            Some(json),
        )
    } else {
        (SupportAnswer::from_value(json, &single_name)?, None)
    };
    answer.decoding = decoding;
    let mut source = source;
    source.name = target.clone();
    Ok(Loaded {
        raw,
        json,
        answer,
        source,
        target,
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
        (None, Some(url)) => client_for(s, url).map(Some),
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
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(crate::cli::command())
                .render(&mut buf)
                .map_err(|e| {
                    Error::new(ErrorKind::Io, format!("cannot render the man page: {e}"))
                })?;
            write_out(out, &buf)?;
            Ok(0)
        }
        Command::Show(args) => show(&cli.global, args, &ui, out),
        Command::Check(args) => Ok(check(&cli.global, args, out)),
        Command::Report(args) => report(&cli.global, args, out),
        Command::Login(args) => login(&cli.global, args, out),
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
pub fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(broken_pipe()),
        Err(e) => Err(Error::new(
            ErrorKind::Io,
            format!("cannot write the output: {e}"),
        )),
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
    let findings = diagnose(&loaded.answer, &t, jiff::Timestamp::now());
    let text = match args.output {
        OutputFormat::Json => render_normalized(&loaded.answer, &findings, &loaded.source),
        OutputFormat::Table => render_show(&loaded.answer, Some(&findings), &ui.stdout),
    };
    write_out(out, text.as_bytes())?;
    Ok(0)
}

fn check(g: &GlobalArgs, args: &CheckArgs, out: &mut dyn Write) -> u8 {
    let t = args.thresholds.thresholds();
    let result = resolve_settings(g)
        .and_then(|s| {
            let client = make_client(&s)?;
            load(&s, client.as_ref(), None, Keep::default())
        })
        .map(|loaded| {
            let now = jiff::Timestamp::now();
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
    let now = jiff::Timestamp::now();
    let findings = diagnose(&loaded.answer, &args.thresholds.thresholds(), now);
    let target = match (&s.file, &client) {
        (Some(_), _) => format!("file {}", loaded.target),
        (None, Some(c)) => {
            let t: &Target = c.target();
            let hp = t.host_and_port();
            if args.redact_hosts && redaction.is_some() {
                loaded.target.clone()
            } else {
                hp
            }
        }
        _ => loaded.target.clone(),
    };
    let ctx = ReportContext {
        generated_at: now_rfc3339(),
        target,
        redaction: match redaction {
            None => String::new(),
            Some(o) if o.hosts => "phone numbers, secrets, tokens, hosts".into(),
            Some(_) => "phone numbers, secrets, tokens".into(),
        },
    };
    let json = loaded.json.clone().unwrap_or_default();
    let text = render_report(&loaded.answer, &findings, &json, &ctx);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text.as_bytes()).map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
            let _ = writeln!(
                std::io::stderr(),
                "wa-support: report written to {}",
                path.display()
            );
        }
        None => write_out(out, text.as_bytes())?,
    }
    Ok(0)
}

fn login(g: &GlobalArgs, args: &LoginArgs, out: &mut dyn Write) -> Result<u8> {
    let s = resolve_settings(g)?;
    let url = s.url.clone().ok_or_else(|| {
        Error::new(ErrorKind::Usage, "no server given to log in to")
            .hint("pass --url https://HOST:PORT (or set WA_SUPPORT_URL, or use a profile)")
    })?;
    let password = read_password(args)?;
    let client = client_for(
        &Settings {
            token: None,
            ..s.clone()
        },
        &url,
    )?;
    let (token, expires) = client.login(&args.user, &password)?;
    let until = expires
        .map(|e| format!(" (valid until {})", crate::render::safe(&e)))
        .unwrap_or_default();
    if args.save {
        let path = token_file_of(&s.profile_name, &s.profile).ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                "no place to save the token (HOME is not set)",
            )
            .hint("set token_file in the profile, or use --token-file")
        })?;
        save_token(&path, &token)?;
        let _ = writeln!(
            std::io::stderr(),
            "wa-support: token saved to {}{until}",
            path.display()
        );
    } else {
        write_out(out, format!("{}\n", token.expose()).as_bytes())?;
        let _ = writeln!(std::io::stderr(), "wa-support: logged in{until}");
    }
    Ok(0)
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

/// Writes a token file readable by its owner only.
pub fn save_token(path: &Path, token: &Secret) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = f.set_permissions(std::fs::Permissions::from_mode(0o600));
    }
    f.write_all(format!("{}\n", token.expose()).as_bytes())
        .map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
    Ok(())
}
