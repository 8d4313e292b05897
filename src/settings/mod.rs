//! Settings, resolved once: every setting comes from its flag, else its
//! environment variable, else the profile (`insecure` included).
//!
//! `--file` never needs the config: a saved answer is read without opening
//! the config file or any token file. A token is read from its file only
//! when a request is about to be made, and it goes only where it belongs
//! (see [`token`]).

mod token;
mod url;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::client::{ClientOptions, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, Target};
use crate::config::{
    ConfigFile, Profile, config_path, expand_home, permission_warning, same_server,
};
use crate::diagnose::Expect;
use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;
use crate::term::warn;

pub use token::{HeldBack, TokenSource};
pub use url::display_url;

use token::{explicit_token, profile_token};
use url::{check_no_credentials, is_loopback};

/// The variable holding an explicit token; it beats saved tokens.
pub const TOKEN_VAR: &str = "WA_SUPPORT_TOKEN";

/// The variable holding the `login` password; also a secret to mask.
pub const PASSWORD_VAR: &str = "WA_SUPPORT_PASSWORD";

/// Who said not to verify the server's certificate, for the warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsecureBy {
    /// `--insecure`.
    Flag,
    /// `WA_SUPPORT_INSECURE`.
    Env,
    /// The named profile's `insecure = true`.
    Profile(String),
}

impl std::fmt::Display for InsecureBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InsecureBy::Flag => f.write_str("--insecure"),
            InsecureBy::Env => f.write_str("WA_SUPPORT_INSECURE"),
            InsecureBy::Profile(name) => write!(f, "profile \"{name}\" (insecure = true)"),
        }
    }
}

impl InsecureBy {
    /// The warning for a request whose server's certificate is not
    /// verified, by what it sends: `sends` names the secret (`the token`),
    /// `None` when it sends none.
    pub fn warning(&self, sends: Option<&str>) -> String {
        let risk = match sends {
            Some(secret) => {
                format!("anyone on the path can pose as the server and read {secret}")
            }
            None => "no token is sent, but anyone on the path can pose as the server and read or change its answer".to_string(),
        };
        format!("{self}: the server's certificate is not verified; {risk}")
    }
}

/// What was sent with the request, for explaining a 401.
#[derive(Debug, Clone)]
struct Sent {
    token: Secret,
    source: String,
    expires_after: Option<String>,
    from_env: bool,
}

/// Everything needed to reach the server or read the file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The server's base URL (flag, environment or profile).
    pub url: Option<String>,
    /// A saved answer to read instead (`-` is stdin).
    pub file: Option<PathBuf>,
    /// Where the token comes from; read only by [`Settings::read_token`].
    pub token: Option<TokenSource>,
    /// A profile's token not sent to this URL.
    pub held_back: Option<HeldBack>,
    /// A PEM certificate or CA to trust.
    pub cacert: Option<PathBuf>,
    /// `Some` when the server's certificate is not verified, saying who
    /// asked for that.
    pub insecure: Option<InsecureBy>,
    /// Bound of the whole request.
    pub timeout: Duration,
    /// Trace the request on stderr.
    pub verbose: bool,
    /// The selected profile's name (`default` when none).
    pub profile_name: String,
    /// The selected profile (empty when none).
    pub profile: Profile,
    /// The expected topology a profile gives the URL in use; empty for
    /// another deployment's URL and for `--file`.
    pub expect: Expect,
    /// The config file and its content, when it was read.
    pub config: Option<(PathBuf, ConfigFile)>,
    /// Secrets the tool knows, masked wherever an answer repeats them.
    known: Vec<Secret>,
    sent: OnceLock<Option<Sent>>,
    /// The remembered login's password and Basic credential, read once.
    remembered: OnceLock<Vec<Secret>>,
}

/// Reads the config file, warning when others could change it.
pub(crate) fn load_config() -> Result<Option<(PathBuf, ConfigFile)>> {
    let Some(path) = config_path() else {
        return Ok(None);
    };
    let cfg = ConfigFile::load(&path)?;
    if path.exists()
        && let Some(w) = permission_warning(&path)
    {
        warn(&w);
    }
    Ok(Some((path, cfg)))
}

/// A setting read from the environment (not through clap, so that a bad
/// value matters only when a request is made): `Ok(None)` when unset or
/// empty; the error names the variable and says what to do.
fn env_setting<T>(
    var: &str,
    flag: &str,
    parse: impl Fn(&str) -> std::result::Result<T, String>,
) -> std::result::Result<Option<T>, Error> {
    let Some(v) = std::env::var_os(var) else {
        return Ok(None);
    };
    let v = v.to_string_lossy();
    if v.trim().is_empty() {
        return Ok(None);
    }
    parse(&v).map(Some).map_err(|why| {
        Error::new(ErrorKind::Usage, format!("{var}: \"{v}\" {why}"))
            .hint(format!("fix or unset {var}, or pass {flag}"))
    })
}

fn env_timeout() -> std::result::Result<Option<f64>, Error> {
    env_setting("WA_SUPPORT_TIMEOUT", "--timeout SECS", |v| {
        crate::cli::seconds(v).ok_or_else(|| crate::cli::SECONDS_RULE.to_string())
    })
}

fn env_insecure() -> std::result::Result<Option<bool>, Error> {
    env_setting("WA_SUPPORT_INSECURE", "--insecure or --no-insecure", |v| {
        crate::cli::parse_bool_word(v)
            .ok_or_else(|| "is not a yes/no value (1, true, yes, on; 0, false, no, off)".into())
    })
}

impl Settings {
    /// The options of a client for `url` with these settings (the body
    /// bound is the default one).
    pub fn client_options(&self, url: &str, token: Option<Secret>) -> ClientOptions {
        ClientOptions {
            base_url: url.to_string(),
            token,
            cacert: self.cacert.clone(),
            insecure: self.insecure.is_some(),
            timeout: self.timeout,
            max_body: DEFAULT_MAX_BODY,
            verbose: self.verbose,
        }
    }

    /// Resolves flags, environment and the profile.
    pub fn resolve(g: &GlobalArgs) -> Result<Settings> {
        Settings::resolve_with(g, None)
    }

    /// As [`Settings::resolve`], with the config file already read when
    /// `config` is `Some` (a fleet reads it once for all its profiles).
    pub fn resolve_with(
        g: &GlobalArgs,
        config: Option<Option<(PathBuf, ConfigFile)>>,
    ) -> Result<Settings> {
        let explicit = explicit_token(g);
        let mut known: Vec<Secret> = explicit
            .iter()
            .filter_map(|t| t.inline().cloned())
            .collect();
        if let Some(p) = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty()) {
            known.push(Secret::new(p));
        }
        if let Some(file) = &g.file {
            // A saved answer: no network, so no config and no token file,
            // and connection settings from the environment do not apply.
            for bad in [env_timeout().err(), env_insecure().err()]
                .into_iter()
                .flatten()
            {
                warn(&format!(
                    "{}; ignored, since --file makes no request",
                    bad.message()
                ));
            }
            return Ok(Settings {
                url: None,
                file: Some(file.clone()),
                token: explicit,
                held_back: None,
                cacert: g.cacert.clone(),
                insecure: None,
                timeout: g
                    .timeout
                    .map(Duration::from_secs_f64)
                    .unwrap_or(DEFAULT_TIMEOUT),
                verbose: g.verbose,
                profile_name: "default".into(),
                profile: Profile::default(),
                expect: Expect::default(),
                config: None,
                known,
                sent: OnceLock::new(),
                remembered: OnceLock::new(),
            });
        }
        let config = match config {
            Some(c) => c,
            None => load_config()?,
        };
        // An empty name (`WA_SUPPORT_PROFILE=`) is no name, as for the
        // proxy variables.
        let profile_given = g.profile.as_deref().filter(|p| !p.trim().is_empty());
        let (profile_name, profile) = match &config {
            Some((path, cfg)) => cfg.profile(profile_given, path)?,
            None => ("default".to_string(), Profile::default()),
        };
        let given_url = g.url.clone().filter(|u| !u.trim().is_empty());
        if let Some(u) = &given_url {
            let origin = if g.from_env.url {
                "WA_SUPPORT_URL"
            } else {
                "--url"
            };
            check_no_credentials(u, origin)?;
        } else if let Some(u) = &profile.url {
            check_no_credentials(u, &format!("profile \"{profile_name}\""))?;
        }
        let url = given_url.clone().or(profile.url.clone());
        let expect = expectations(
            &config,
            profile_given.is_some(),
            &profile,
            given_url.as_deref(),
        );
        let (token, held_back) = match explicit {
            Some(t) => (Some(t), None),
            None => {
                let named = profile_given.is_some();
                profile_token(
                    &config,
                    named,
                    &profile_name,
                    &profile,
                    given_url.as_deref(),
                )
            }
        };
        let timeout = match g.timeout {
            Some(t) => Some(t),
            None => env_timeout()?,
        };
        let timeout = timeout
            .map(Duration::from_secs_f64)
            .or(profile
                .timeout
                .filter(|t| crate::cli::is_seconds(*t))
                .map(Duration::from_secs_f64))
            .unwrap_or(DEFAULT_TIMEOUT);
        let insecure = match g.insecure_setting() {
            Some(v) => v.then_some(InsecureBy::Flag),
            None => match env_insecure()? {
                Some(v) => v.then_some(InsecureBy::Env),
                None => profile
                    .insecure
                    .unwrap_or(false)
                    .then(|| InsecureBy::Profile(profile_name.clone())),
            },
        };
        Ok(Settings {
            url,
            file: None,
            token,
            held_back,
            cacert: g
                .cacert
                .clone()
                .or(profile.cacert.as_deref().map(expand_home)),
            insecure,
            timeout,
            verbose: g.verbose,
            profile_name,
            profile,
            expect,
            config,
            known,
            sent: OnceLock::new(),
            remembered: OnceLock::new(),
        })
    }

    /// The token to send to `url`, read now; warns when it travels
    /// unencrypted to another machine, and when a profile's token is held
    /// back.
    pub fn read_token(&self, url: &str) -> Result<Option<Secret>> {
        let got = match &self.token {
            Some(src) => {
                let (t, expires) = src.read()?;
                if let Ok(target) = Target::parse(url)
                    && target.scheme == "http"
                    && !is_loopback(&target.host)
                {
                    warn(&format!(
                        "the token is sent unencrypted over http:// to {}; anyone on the path can read it (use https://)",
                        target.host_and_port()
                    ));
                }
                let _ = self.sent.set(Some(Sent {
                    token: t.clone(),
                    source: src.describe(),
                    expires_after: expires,
                    from_env: matches!(src, TokenSource::Env(_)),
                }));
                Some(t)
            }
            None => {
                if let Some(h) = &self.held_back {
                    warn(&h.describe(url));
                }
                let _ = self.sent.set(None);
                None
            }
        };
        Ok(got)
    }

    /// The secrets this run knows (its token once read, explicit tokens,
    /// the login password from the environment, and, when a request is
    /// made, the profile's remembered login: its password and its Basic
    /// credential, whether or not it is used to log in again).
    pub fn known_secrets(&self) -> Vec<&Secret> {
        let sent = self.sent.get().and_then(|s| s.as_ref()).map(|s| &s.token);
        let remembered = self.remembered.get_or_init(|| match self.file {
            Some(_) => Vec::new(),
            None => crate::credentials::remembered_secrets(self),
        });
        self.known.iter().chain(sent).chain(remembered).collect()
    }

    /// Adds a secret to mask in answers (a token read from a file, the
    /// password typed at the prompt).
    pub fn know(&mut self, s: &Secret) {
        if !self.known.contains(s) {
            self.known.push(s.clone());
        }
    }

    /// Masks the known secrets in an error, and says for a 401 whether the
    /// token was missing, refused or has expired, and what to do.
    pub fn explain(&self, e: Error) -> Error {
        let e = e.masked(&self.known_secrets());
        if e.status() != Some(401) {
            return e;
        }
        let url = self.url.as_deref().map(display_url).unwrap_or_default();
        let login = format!("wa-support login --user admin --save --url {url}");
        let hint = match self.sent.get().cloned().flatten() {
            None => match &self.held_back {
                Some(h) => format!("no token was sent: {}", h.describe(&url)),
                None => format!(
                    "no token was sent; log in with: {login} (or pass --token-file FILE or WA_SUPPORT_TOKEN)"
                ),
            },
            Some(sent) => {
                let expired_at = sent.expires_after.as_deref().filter(|e| is_past(e));
                let says_expired = e.message().to_ascii_lowercase().contains("expired");
                let what = match (expired_at, says_expired) {
                    (Some(at), _) => format!("the token from {} expired at {at}", sent.source),
                    (None, true) => format!("the token from {} has expired", sent.source),
                    (None, false) => format!(
                        "the server refused the token from {} (another server's, revoked, or expired)",
                        sent.source
                    ),
                };
                if sent.from_env {
                    format!(
                        "{what}; WA_SUPPORT_TOKEN overrides saved tokens: set it to a fresh token (wa-support login --user admin prints one) or unset it"
                    )
                } else {
                    format!("{what}; get a new one with: {login}")
                }
            }
        };
        e.hint(hint)
    }
}

/// The expected topology (`expect_nodes`, `expect_shards`) for the URL in
/// use, by the rule that keeps a profile's token with its server: the
/// selected profile's when the URL is its own (none given, or the same
/// scheme, host and port); when no profile was named, that of the profile
/// whose URL is that server; otherwise none. An ad-hoc URL never inherits
/// another deployment's topology, even with `--profile`.
fn expectations(
    config: &Option<(PathBuf, ConfigFile)>,
    named: bool,
    profile: &Profile,
    given_url: Option<&str>,
) -> Expect {
    let of = |p: &Profile| Expect {
        nodes: p.expect_nodes,
        shards: p.expect_shards,
    };
    let Some(url) = given_url else {
        return of(profile);
    };
    if profile.url.as_deref().is_some_and(|u| same_server(u, url)) {
        return of(profile);
    }
    match config.as_ref().filter(|_| !named) {
        Some((_, c)) => c
            .profile_for_url(url)
            .map(|(_, p)| of(p))
            .unwrap_or_default(),
        None => Expect::default(),
    }
}

/// True when `when` (as `login` answers it, e.g. `2026-12-02 12:00:00+00:00`)
/// is in the past.
fn is_past(when: &str) -> bool {
    let t = when.trim().replacen(' ', "T", 1);
    t.parse::<jiff::Timestamp>()
        .is_ok_and(|t| t < crate::clock::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_insecure_warning_names_what_is_sent() {
        let by = InsecureBy::Profile("lab".into());
        let w = by.warning(Some("the token"));
        assert_eq!(
            w,
            "profile \"lab\" (insecure = true): the server's certificate is not verified; anyone on the path can pose as the server and read the token"
        );
        let w = InsecureBy::Flag.warning(None);
        assert!(w.starts_with("--insecure: "), "{w}");
        assert!(
            w.contains("no token is sent") && !w.contains("read the token"),
            "{w}"
        );
        assert!(
            InsecureBy::Env
                .warning(Some("the password"))
                .ends_with("read the password")
        );
    }

    #[test]
    fn past_dates() {
        assert!(is_past("2001-01-01 00:00:00+00:00"));
        assert!(!is_past("2999-01-01 00:00:00+00:00"));
        assert!(!is_past("soon"));
    }
}
