//! Remembered logins (`login --save --remember`) and logging in again by
//! itself when a profile's saved token runs out.
//!
//! The user name and password are kept in a file of their own,
//! `<config dir>/<profile>.credentials` (mode 0600, written atomically and
//! never through a symbolic link, like token files), with the URL they
//! were given for: they are used only for that server (scheme, host and
//! port), and only when the token sent is that profile's saved token (an
//! explicit `--token`, `--token-file`, `WA_SUPPORT_TOKEN` or
//! `WA_SUPPORT_TOKEN_FILE` is the user's choice and is never replaced).
//!
//! A command logs in again when the saved token expires within a day, or
//! when the server refuses it (401): once per run (a `--watch` at most once
//! a minute), then saves the new token with its expiry and retries the
//! request once. A refused login is recorded in
//! `<config dir>/<profile>.login-state`; no login is tried for the next
//! [`BACKOFF_SECS`] seconds, so a monitor running every minute cannot lock
//! the account.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::client::{Client, Fetched};
use crate::config::{
    MAX_TOKEN_FILE, config_dir, read_token_file, same_server, token_file_text, write_private,
};
use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;
use crate::settings::{Settings, TokenSource, display_url};
use crate::term::warn;

/// Seconds during which no login is tried after one was refused.
pub const BACKOFF_SECS: i64 = 60;

/// A saved token expiring within this many seconds is renewed first.
pub const RENEW_WITHIN_SECS: i64 = 24 * 3600;

/// Where the remembered login of `profile` is kept.
pub fn credentials_path(profile: &str) -> Option<PathBuf> {
    config_dir().map(|d| d.join(format!("{profile}.credentials")))
}

/// Where the time of the last refused login of `profile` is kept.
pub fn state_path(profile: &str) -> Option<PathBuf> {
    config_dir().map(|d| d.join(format!("{profile}.login-state")))
}

/// A remembered login: the server it is for, the user and the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// The URL logged in to.
    pub url: String,
    /// The user name.
    pub user: String,
    /// The password.
    pub password: Secret,
}

impl Remembered {
    /// The file's text (JSON).
    pub fn text(&self) -> String {
        let v = serde_json::json!({
            "note": "remembered by wa-support login --save --remember; delete this file to forget it",
            "url": self.url,
            "user": self.user,
            "password": self.password.expose(),
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a remembered login: `Ok(None)` when there is none, an error
    /// (never quoting the file) when it cannot be used.
    pub fn read(path: &Path) -> std::result::Result<Option<Remembered>, String> {
        use std::io::Read;
        let f = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot be read: {e}")),
        };
        let mut buf = Vec::new();
        f.take(MAX_TOKEN_FILE + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot be read: {e}"))?;
        if buf.len() as u64 > MAX_TOKEN_FILE {
            return Err("is too large to be a remembered login".into());
        }
        let v: serde_json::Value =
            serde_json::from_slice(&buf).map_err(|_| "is not a remembered login".to_string())?;
        let field = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .ok_or_else(|| format!("has no {k}"))
        };
        Ok(Some(Remembered {
            url: field("url")?,
            user: field("user")?,
            password: Secret::new(field("password")?),
        }))
    }
}

/// The secrets of the logins remembered for the selected profile and for
/// the profile whose token is sent: each password and its Basic credential
/// (`base64(user:password)`), to mask wherever an answer repeats them. A
/// file that cannot be read adds nothing (a re-login says why).
pub fn remembered_secrets(s: &Settings) -> Vec<Secret> {
    use base64::Engine as _;
    let mut names = vec![s.profile_name.as_str()];
    if let Some(TokenSource::Profile { name, .. }) = &s.token {
        names.push(name);
    }
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        let Some(Ok(Some(login))) = credentials_path(name).map(|p| Remembered::read(&p)) else {
            continue;
        };
        let basic = format!("{}:{}", login.user, login.password.expose());
        out.push(Secret::new(
            base64::engine::general_purpose::STANDARD.encode(basic.as_bytes()),
        ));
        out.push(login.password);
    }
    out
}

/// A login answer's `expires_after` when it is a time (as the web app
/// writes it, `2026-12-02 12:00:00+00:00`, or RFC 3339), else `None`.
pub fn valid_expiry(e: &str) -> Option<String> {
    let t = e.trim();
    let ok = t.len() <= 40
        && t.chars().all(|c| c.is_ascii_graphic() || c == ' ')
        && parse_time(t).is_some();
    ok.then(|| t.to_string())
}

fn parse_time(t: &str) -> Option<jiff::Timestamp> {
    t.trim()
        .replacen(' ', "T", 1)
        .parse::<jiff::Timestamp>()
        .ok()
}

/// True when a saved expiry is within [`RENEW_WITHIN_SECS`] of `now` (or
/// past). An expiry that is not a time says nothing.
pub fn expires_soon(expires_after: &str, now: jiff::Timestamp) -> bool {
    parse_time(expires_after)
        .is_some_and(|t| t.as_second().saturating_sub(now.as_second()) < RENEW_WITHIN_SECS)
}

/// Until when no login is tried, after one refused at `refused`. A time
/// ahead of `now` (the clock was set back) does not hold anything back.
pub fn backoff_until(refused: jiff::Timestamp, now: jiff::Timestamp) -> Option<jiff::Timestamp> {
    let until = jiff::Timestamp::from_second(refused.as_second() + BACKOFF_SECS).ok()?;
    (refused <= now && now < until).then_some(until)
}

fn state_text(refused: jiff::Timestamp) -> String {
    format!(
        "{}\n",
        serde_json::json!({ "login_refused_at": rfc3339(refused) })
    )
}

fn read_refused_at(path: &Path) -> Option<jiff::Timestamp> {
    let text = std::fs::read(path).ok().filter(|b| b.len() < 4096)?;
    let v: serde_json::Value = serde_json::from_slice(&text).ok()?;
    v.get("login_refused_at")?.as_str()?.parse().ok()
}

fn rfc3339(t: jiff::Timestamp) -> String {
    t.round(jiff::Unit::Second).unwrap_or(t).to_string()
}

/// True when a login error means the credentials were refused (401, or
/// the API's 1005 Access denied), not that the server was out of reach.
fn is_refusal(e: &Error) -> bool {
    e.status() == Some(401) || e.message().contains("error 1005")
}

/// What this run has done (one process: `--watch` polls many times).
#[derive(Default)]
struct Run {
    /// A renewal before the first request was considered.
    renewed_early: bool,
    /// When this run last logged in.
    last_login: Option<Instant>,
    /// The token obtained, which replaces the one the client was built with.
    fresh: Option<Secret>,
}

static RUN: Mutex<Option<Run>> = Mutex::new(None);

fn with_run<T>(f: impl FnOnce(&mut Run) -> T) -> T {
    let mut g = RUN.lock().unwrap_or_else(|p| p.into_inner());
    f(g.get_or_insert_with(Run::default))
}

/// What a re-login needs: the profile whose saved token is sent, its
/// files, and the login remembered for this server.
struct Relogin<'a> {
    s: &'a Settings,
    url: &'a str,
    profile: String,
    token_file: PathBuf,
    state: PathBuf,
    login: Remembered,
}

impl<'a> Relogin<'a> {
    /// `Some` when the token sent is a profile's saved token and a login is
    /// remembered for this very server.
    fn of(s: &'a Settings) -> Option<Relogin<'a>> {
        let url = s.url.as_deref()?;
        let Some(TokenSource::Profile { name, path }) = &s.token else {
            return None;
        };
        let creds = credentials_path(name)?;
        let login = match Remembered::read(&creds) {
            Ok(Some(l)) => l,
            Ok(None) => return None,
            Err(why) => {
                warn(&format!(
                    "the remembered login {} {why}; not used (log in again with: wa-support login --user admin --save --remember)",
                    creds.display()
                ));
                return None;
            }
        };
        if !same_server(&login.url, url) {
            return None;
        }
        warn_if_readable(&creds);
        Some(Relogin {
            s,
            url,
            profile: name.clone(),
            token_file: path.clone(),
            state: state_path(name)?,
            login,
        })
    }

    /// Logs in with the remembered credentials, unless one was refused
    /// less than a minute ago; saves the token and returns a client that
    /// sends it. `why` says, for `-v`, what made it log in.
    fn login(&self, why: &str) -> Result<(Client, Secret)> {
        let now = crate::clock::now();
        if let Some(refused) = read_refused_at(&self.state)
            && let Some(until) = backoff_until(refused, now)
        {
            return Err(Error::new(
                ErrorKind::Http,
                format!(
                    "the remembered login of profile \"{}\" was refused at {}; it is not tried again before {} (so that repeated runs cannot lock the account)",
                    self.profile,
                    rfc3339(refused),
                    rfc3339(until)
                ),
            ));
        }
        let recent = with_run(|r| {
            let recent = r
                .last_login
                .is_some_and(|t| t.elapsed() < Duration::from_secs(BACKOFF_SECS as u64));
            if !recent {
                r.last_login = Some(Instant::now());
            }
            recent
        });
        if recent {
            return Err(Error::new(
                ErrorKind::Http,
                format!(
                    "this run logged in again less than {BACKOFF_SECS} seconds ago; it does not log in again so soon"
                ),
            ));
        }
        let anon = client_for(self.s, self.url, None)?;
        let (token, expires) = match anon.login(&self.login.user, &self.login.password) {
            Ok(got) => got,
            Err(e) => {
                let e = e.masked(&[&self.login.password]);
                if !is_refusal(&e) {
                    return Err(e.context(format!(
                        "logging in again with the remembered login of profile \"{}\" failed",
                        self.profile
                    )));
                }
                let until = jiff::Timestamp::from_second(now.as_second() + BACKOFF_SECS)
                    .map(rfc3339)
                    .unwrap_or_default();
                if let Err(w) = write_private(&self.state, state_text(now).as_bytes()) {
                    warn(&format!("the refused login could not be recorded: {w}"));
                }
                return Err(Error::new(
                    ErrorKind::Http,
                    format!(
                        "the remembered login of profile \"{}\" (user {}) was refused ({}); it is not tried again before {until}",
                        self.profile,
                        crate::render::safe(&self.login.user),
                        e.message()
                    ),
                )
                .with_status(401));
            }
        };
        if let Some(why) = token.token_problem() {
            return Err(Error::new(
                ErrorKind::Parse,
                format!(
                    "logging in again gave a token that is not usable: {why}; it was neither used nor saved"
                ),
            ));
        }
        let _ = std::fs::remove_file(&self.state);
        let expires = expires.as_deref().and_then(valid_expiry);
        let saved = write_private(
            &self.token_file,
            token_file_text(&token, expires.as_deref()).as_bytes(),
        );
        if self.s.verbose {
            let until = expires
                .as_deref()
                .map(|e| format!(", valid until {e}"))
                .unwrap_or_default();
            crate::term::message(&format!(
                "logged in again as {} to {} ({why}); the new token is {}{until}",
                crate::render::safe(&self.login.user),
                display_url(self.url),
                match &saved {
                    Ok(()) => format!("saved to {}", self.token_file.display()),
                    Err(_) => "used for this run only".to_string(),
                }
            ));
        }
        if let Err(e) = saved {
            warn(&format!(
                "logged in again, but the new token could not be saved: {}",
                e.message()
            ));
        }
        with_run(|r| r.fresh = Some(token.clone()));
        Ok((client_for(self.s, self.url, Some(token.clone()))?, token))
    }

    /// Masks the new token and the password wherever the answer repeats them.
    fn masked(&self, mut f: Fetched, token: Option<&Secret>) -> Fetched {
        let mut secrets = vec![&self.login.password];
        secrets.extend(token);
        f.body = crate::secret::mask_known(f.body, &secrets);
        f
    }
}

/// A client as `source::connect` makes it, without its warning (it was
/// given when the first client was made).
fn client_for(s: &Settings, url: &str, token: Option<Secret>) -> Result<Client> {
    Client::new(s.client_options(url, token))
}

#[cfg(unix)]
fn warn_if_readable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(m) = std::fs::metadata(path)
        && m.permissions().mode() & 0o077 != 0
    {
        warn(&format!(
            "the remembered login {} can be read by other users; run: chmod 600 {}",
            path.display(),
            path.display()
        ));
    }
}

#[cfg(not(unix))]
fn warn_if_readable(_path: &Path) {}

/// The client and token of a login made again earlier in this run by
/// [`fetch_support`], for more requests to the same server (`bundle`,
/// `--health`); `None` when the token sent first still holds.
pub fn renewed(s: &Settings) -> Option<(Client, Secret)> {
    let t = with_run(|run| run.fresh.clone())?;
    let url = s.url.as_deref()?;
    client_for(s, url, Some(t.clone())).ok().map(|c| (c, t))
}

/// `GET /v1/support` with `c`, logging in again with the remembered login
/// when the profile's saved token expires within a day (before the
/// request) or is refused (then the request is made once more).
pub fn fetch_support(c: &Client, s: &Settings) -> Result<Fetched> {
    let Some(r) = Relogin::of(s) else {
        return c.fetch_support().map_err(|e| s.explain(e));
    };
    // A token renewed earlier in this run (a watch) replaces the saved one.
    let mut current = match with_run(|run| run.fresh.clone()) {
        Some(t) => Some((client_for(s, r.url, Some(t.clone()))?, t)),
        None => None,
    };
    let mut tried = None;
    let first_time = with_run(|run| !std::mem::replace(&mut run.renewed_early, true));
    if current.is_none() && first_time {
        let expiry = read_token_file(&r.token_file)
            .ok()
            .and_then(|f| f.expires_after)
            .filter(|e| expires_soon(e, crate::clock::now()));
        if let Some(at) = expiry {
            match r.login(&format!("the saved token expires at {at}")) {
                Ok(got) => current = Some(got),
                // The saved token may still work: it is tried.
                Err(e) => tried = Some(e),
            }
        }
    }
    let client = current.as_ref().map_or(c, |(c, _)| c);
    let token = current.as_ref().map(|(_, t)| t);
    let refused = match client.fetch_support() {
        Ok(f) => return Ok(r.masked(f, token)),
        Err(e) if e.status() == Some(401) => s.explain(e),
        Err(e) => return Err(s.explain(e)),
    };
    let failure = match tried {
        Some(e) => e,
        None => match r.login(&format!(
            "the token of profile \"{}\" was refused",
            r.profile
        )) {
            Ok((client, t)) => {
                return client
                    .fetch_support()
                    .map(|f| r.masked(f, Some(&t)))
                    .map_err(|e| s.explain(e.masked(&[&t])));
            }
            Err(e) => e,
        },
    };
    Err(Error::new(
        refused.kind(),
        format!("{}; {}", refused.message(), failure.message()),
    )
    .with_status(401)
    .hint(format!(
        "check the user and password, then: wa-support login --user {} --save --remember --url {}",
        crate::render::safe(&r.login.user),
        display_url(r.url)
    )))
}

#[cfg(test)]
mod tests;
