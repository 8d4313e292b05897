//! Settings, resolved once: every setting comes from its flag, else its
//! environment variable, else the profile (`insecure` included).
//!
//! `--file` never needs the config: a saved answer is read without opening
//! the config file or any token file. A token is read from its file only
//! when a request is about to be made, and it goes only where it belongs:
//! a token given explicitly (`--token`, `--token-file`, `WA_SUPPORT_TOKEN`,
//! `WA_SUPPORT_TOKEN_FILE`) goes to the URL given; a profile's token (or one
//! saved by `login --save`) only to that profile's scheme, host and port.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::client::{DEFAULT_TIMEOUT, Target};
use crate::config::{
    ConfigFile, Profile, config_path, expand_home, permission_warning, read_token_file,
    same_server, token_file_of,
};
use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;

/// Where a token comes from; its description names that place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `--token`.
    Flag(Secret),
    /// `WA_SUPPORT_TOKEN`.
    Env(Secret),
    /// `--token-file` (`env` when from `WA_SUPPORT_TOKEN_FILE`).
    File { path: PathBuf, env: bool },
    /// A profile's token file.
    Profile { name: String, path: PathBuf },
}

impl TokenSource {
    /// Where the token comes from, for messages (never the value).
    pub fn describe(&self) -> String {
        match self {
            TokenSource::Flag(_) => "--token".into(),
            TokenSource::Env(_) => "WA_SUPPORT_TOKEN".into(),
            TokenSource::File { path, env: false } => format!("--token-file {}", path.display()),
            TokenSource::File { path, env: true } => {
                format!("WA_SUPPORT_TOKEN_FILE ({})", path.display())
            }
            TokenSource::Profile { name, path } => {
                format!("the token file of profile \"{name}\" ({})", path.display())
            }
        }
    }

    /// The value when it is known without reading a file.
    fn inline(&self) -> Option<&Secret> {
        match self {
            TokenSource::Flag(s) | TokenSource::Env(s) => Some(s),
            _ => None,
        }
    }

    /// Reads the token (a file only now) and checks that it can go into
    /// an HTTP header; errors name the source.
    pub fn read(&self) -> Result<(Secret, Option<String>)> {
        let (token, expires) = match self {
            TokenSource::Flag(s) | TokenSource::Env(s) => (Secret::token(s.expose()), None),
            TokenSource::File { path, .. } | TokenSource::Profile { path, .. } => {
                let f = read_token_file(path).map_err(|why| {
                    Error::new(
                        ErrorKind::Usage,
                        format!("the token file {} {why}", path.display()),
                    )
                    .hint(match self {
                        TokenSource::Profile { .. } => {
                            "get a token with: wa-support login --user admin --save"
                        }
                        _ => "check --token-file / WA_SUPPORT_TOKEN_FILE",
                    })
                })?;
                warn_if_readable(path);
                (f.token, f.expires_after)
            }
        };
        if let Some(why) = token.token_problem() {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("the token from {} is not usable: {why}", self.describe()),
            )
            .hint("a token is one line of printable ASCII; get a new one with: wa-support login"));
        }
        Ok((token, expires))
    }
}

#[cfg(unix)]
fn warn_if_readable(path: &Path) {
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

#[cfg(not(unix))]
fn warn_if_readable(_path: &Path) {}

/// A profile's token not sent because the URL is another server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBack {
    pub profile: String,
    /// The profile's URL, or `None` when it has none.
    pub belongs_to: Option<String>,
}

impl HeldBack {
    /// One sentence saying which token was held back and how to pass one.
    pub fn describe(&self, url: &str) -> String {
        let whose = match &self.belongs_to {
            Some(u) => format!("belongs to {}", display_url(u)),
            None => "has no url in its profile".to_string(),
        };
        format!(
            "the token of profile \"{}\" {whose} and is not sent to {}; pass a token for that server with --token-file FILE or WA_SUPPORT_TOKEN, or save one with: wa-support login --user admin --save --url {}",
            self.profile,
            display_url(url),
            display_url(url)
        )
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
    pub url: Option<String>,
    pub file: Option<PathBuf>,
    /// Where the token comes from; read only by [`Settings::read_token`].
    pub token: Option<TokenSource>,
    /// A profile's token not sent to this URL.
    pub held_back: Option<HeldBack>,
    pub cacert: Option<PathBuf>,
    pub insecure: bool,
    /// What decided `insecure` (`--insecure`, `WA_SUPPORT_INSECURE`,
    /// `profile "prod"`), for the warning.
    pub insecure_source: String,
    pub timeout: Duration,
    pub verbose: bool,
    pub profile_name: String,
    pub profile: Profile,
    /// The config file and its content, when it was read.
    pub config: Option<(PathBuf, ConfigFile)>,
    /// Secrets the tool knows, masked wherever an answer repeats them.
    known: Vec<Secret>,
    sent: OnceLock<Option<Sent>>,
}

/// Prints a warning on stderr.
pub fn warn(msg: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "wa-support: warning: {}",
        crate::render::safe(msg)
    );
}

/// A URL for messages: any `user:password@` is masked.
pub fn display_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (format!("{s}://"), r),
        None => (String::new(), url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}***@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// Refuses a URL with credentials in it, without repeating them.
fn check_no_credentials(url: &str, origin: &str) -> Result<()> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if rest[..end].contains('@') {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "the URL from {origin} ({}) carries credentials; they are neither sent nor shown",
                display_url(url)
            ),
        )
        .hint("remove user:password@ from it; use --token-file, WA_SUPPORT_TOKEN or wa-support login --save"));
    }
    Ok(())
}

/// True when `host` is this machine, however it is spelled: `localhost`,
/// any 127/8 address (also as the resolver reads `127.1`, `0x7f000001`,
/// `2130706433` or `0177.0.0.1`), `::1`, and `::ffff:127.x.x.x`.
fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    let h = h.strip_suffix('.').unwrap_or(h);
    if h.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match h.parse::<std::net::Ipv6Addr>() {
        Ok(ip) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        Err(_) => parse_ipv4_loose(h).is_some_and(|v4| v4.is_loopback()),
    }
}

/// An IPv4 address as `inet_aton` (and so the system's resolver) reads
/// it: one to four parts, each decimal, octal (`0` prefix) or hex (`0x`).
fn parse_ipv4_loose(h: &str) -> Option<std::net::Ipv4Addr> {
    let parts: Vec<u64> = h
        .split('.')
        .map(|p| {
            let (digits, radix) =
                if let Some(x) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
                    (x, 16)
                } else if p.len() > 1 && p.starts_with('0') {
                    (&p[1..], 8)
                } else {
                    (p, 10)
                };
            if digits.is_empty() && radix != 8 {
                return None;
            }
            if digits.is_empty() {
                return Some(0);
            }
            u64::from_str_radix(digits, radix).ok()
        })
        .collect::<Option<_>>()?;
    let (last, head) = parts.split_last()?;
    if parts.len() > 4 || head.iter().any(|p| *p > 255) {
        return None;
    }
    let rest_bits = 8 * (4 - head.len() as u32);
    if rest_bits < 64 && *last >= 1u64 << rest_bits {
        return None;
    }
    let value = head
        .iter()
        .enumerate()
        .fold(*last, |acc, (i, p)| acc | (p << (24 - 8 * i as u32)));
    Some(std::net::Ipv4Addr::from(u32::try_from(value).ok()?))
}

/// Reads the config file, warning when others could change it.
fn load_config() -> Result<Option<(PathBuf, ConfigFile)>> {
    let Some(path) = config_path() else {
        return Ok(None);
    };
    let cfg = ConfigFile::load(&path)?;
    if path.exists() {
        if let Some(w) = permission_warning(&path) {
            warn(&w);
        }
    }
    Ok(Some((path, cfg)))
}

/// A profile's own token file, when it has one (configured, or saved).
fn own_token(name: &str, p: &Profile) -> Option<TokenSource> {
    let path = token_file_of(name, p)?;
    (p.token_file.is_some() || path.exists()).then(|| TokenSource::Profile {
        name: name.to_string(),
        path,
    })
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
        crate::cli::parse_seconds(v)
            .map_err(|_| "is not a number of seconds (more than 0, at most 86400)".to_string())
    })
}

fn env_insecure() -> std::result::Result<Option<bool>, Error> {
    env_setting("WA_SUPPORT_INSECURE", "--insecure or --no-insecure", |v| {
        crate::cli::parse_bool_word(v)
            .ok_or_else(|| "is not a yes/no value (1, true, yes, on; 0, false, no, off)".into())
    })
}

impl Settings {
    /// Resolves flags, environment and the profile.
    pub fn resolve(g: &GlobalArgs) -> Result<Settings> {
        let explicit = explicit_token(g);
        let mut known: Vec<Secret> = explicit
            .iter()
            .filter_map(|t| t.inline().cloned())
            .collect();
        if let Some(p) = std::env::var("WA_SUPPORT_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty())
        {
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
                insecure: false,
                insecure_source: String::new(),
                timeout: g
                    .timeout
                    .map(Duration::from_secs_f64)
                    .unwrap_or(DEFAULT_TIMEOUT),
                verbose: g.verbose,
                profile_name: "default".into(),
                profile: Profile::default(),
                config: None,
                known,
                sent: OnceLock::new(),
            });
        }
        let config = load_config()?;
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
                .filter(|t| *t > 0.0 && *t <= 86_400.0)
                .map(Duration::from_secs_f64))
            .unwrap_or(DEFAULT_TIMEOUT);
        let (insecure, insecure_source) = match g.insecure_setting() {
            Some(v) => (v, "--insecure".to_string()),
            None => match env_insecure()? {
                Some(v) => (v, "WA_SUPPORT_INSECURE".to_string()),
                None => (
                    profile.insecure.unwrap_or(false),
                    format!("profile \"{profile_name}\" (insecure = true)"),
                ),
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
            insecure_source,
            timeout,
            verbose: g.verbose,
            profile_name,
            profile,
            config,
            known,
            sent: OnceLock::new(),
        })
    }

    /// The token to send to `url`, read now; warns when it travels
    /// unencrypted to another machine, and when a profile's token is held
    /// back.
    pub fn read_token(&self, url: &str) -> Result<Option<Secret>> {
        let got = match &self.token {
            Some(src) => {
                let (t, expires) = src.read()?;
                if let Ok(target) = Target::parse(url) {
                    if target.scheme == "http" && !is_loopback(&target.host) {
                        warn(&format!(
                            "the token is sent unencrypted over http:// to {}; anyone on the path can read it (use https://)",
                            target.host_and_port()
                        ));
                    }
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
    /// the login password from the environment).
    pub fn known_secrets(&self) -> Vec<&Secret> {
        let sent = self.sent.get().and_then(|s| s.as_ref()).map(|s| &s.token);
        self.known.iter().chain(sent).collect()
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

/// True when `when` (as `login` answers it, e.g. `2026-12-02 12:00:00+00:00`)
/// is in the past.
fn is_past(when: &str) -> bool {
    let t = when.trim().replacen(' ', "T", 1);
    t.parse::<jiff::Timestamp>()
        .is_ok_and(|t| t < crate::clock::now())
}

/// A token given by flag beats one given by the environment.
fn explicit_token(g: &GlobalArgs) -> Option<TokenSource> {
    let token = g
        .token
        .as_ref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Secret::new(t.clone()));
    let file = g.token_file.as_ref().filter(|p| !p.as_os_str().is_empty());
    let flag_token = token.clone().filter(|_| !g.from_env.token);
    let flag_file = file.filter(|_| !g.from_env.token_file);
    let env_token = token.filter(|_| g.from_env.token);
    let env_file = file.filter(|_| g.from_env.token_file);
    flag_token
        .map(TokenSource::Flag)
        .or(flag_file.map(|p| TokenSource::File {
            path: p.clone(),
            env: false,
        }))
        .or(env_token.map(TokenSource::Env))
        .or(env_file.map(|p| TokenSource::File {
            path: p.clone(),
            env: true,
        }))
}

/// The profile token for the URL: the selected profile's when the URL is
/// its server; when no profile was named, the token of the profile whose
/// URL is that server; otherwise none, and the selected one's is held back.
fn profile_token(
    config: &Option<(PathBuf, ConfigFile)>,
    named: bool,
    name: &str,
    profile: &Profile,
    given_url: Option<&str>,
) -> (Option<TokenSource>, Option<HeldBack>) {
    let own = own_token(name, profile);
    let Some(url) = given_url else {
        // The profile's own URL: its token belongs there.
        return (own.filter(|_| profile.url.is_some()), None);
    };
    if profile.url.as_deref().is_some_and(|u| same_server(u, url)) {
        return (own, None);
    }
    if !named {
        if let Some((n, p)) = config.as_ref().and_then(|(_, c)| c.profile_for_url(url)) {
            if let Some(t) = own_token(n, p) {
                return (Some(t), None);
            }
        }
    }
    let held = own.map(|_| HeldBack {
        profile: name.to_string(),
        belongs_to: profile.url.clone(),
    });
    (None, held)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_credentials() {
        assert_eq!(display_url("https://u:p@h:1/x@y"), "https://***@h:1/x@y");
        assert_eq!(display_url("u:p@h"), "***@h");
        assert_eq!(display_url("https://h/a@b"), "https://h/a@b");
        let e = check_no_credentials("https://admin:hunter22@h", "--url").unwrap_err();
        assert!(!e.to_string().contains("hunter22"), "{e}");
        assert!(e.to_string().contains("https://***@h"), "{e}");
        assert!(check_no_credentials("https://h/a@b", "--url").is_ok());
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "127.0.0.1",
            "127.3.2.1",
            "[::1]",
            "localhost",
            "LOCALHOST",
            "localhost.",
            "[::ffff:127.0.0.1]",
            "127.1",
            "0x7f000001",
            "2130706433",
            "0177.0.0.1",
            "127.0.1",
        ] {
            assert!(is_loopback(h), "{h}");
        }
        for h in [
            "10.0.0.1",
            "wa.example.com",
            "[::2]",
            "localhost.evil",
            "[::ffff:10.0.0.1]",
            "128.1",
            "0x7f",
            "127.256.0.0.1",
            "127.0.0.256",
            "1.2.3.4.5",
            "127.",
            "0x",
            "4294967296",
        ] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn past_dates() {
        assert!(is_past("2001-01-01 00:00:00+00:00"));
        assert!(!is_past("2999-01-01 00:00:00+00:00"));
        assert!(!is_past("soon"));
    }

    fn cfg(text: &str) -> Option<(PathBuf, ConfigFile)> {
        Some((
            PathBuf::from("c.toml"),
            ConfigFile::parse(text, Path::new("c.toml")).unwrap(),
        ))
    }

    #[test]
    fn profile_tokens_stay_with_their_server() {
        let c = cfg(
            "[profiles.prod]\nurl = \"https://prod:9090\"\ntoken_file = \"/p.token\"\n[profiles.stage]\nurl = \"https://stage:9090\"\ntoken_file = \"/s.token\"\n",
        );
        let (_, cf) = c.as_ref().unwrap();
        let prod = &cf.profiles["prod"];
        let path = |t: Option<TokenSource>| match t {
            Some(TokenSource::Profile { path, .. }) => Some(path),
            _ => None,
        };
        // The profile's own URL.
        let (t, h) = profile_token(&c, true, "prod", prod, None);
        assert_eq!(path(t), Some(PathBuf::from("/p.token")));
        assert_eq!(h, None);
        // The same server written differently.
        let (t, _) = profile_token(&c, true, "prod", prod, Some("prod:9090"));
        assert_eq!(path(t), Some(PathBuf::from("/p.token")));
        // Another server: held back, or the matching profile's when no
        // profile was named.
        let (t, h) = profile_token(&c, true, "prod", prod, Some("http://other:1"));
        assert!(t.is_none());
        assert_eq!(h.unwrap().belongs_to.as_deref(), Some("https://prod:9090"));
        let (t, h) = profile_token(&c, false, "prod", prod, Some("https://stage:9090"));
        assert_eq!(path(t), Some(PathBuf::from("/s.token")));
        assert_eq!(h, None);
        let (t, h) = profile_token(&c, true, "prod", prod, Some("https://stage:9090"));
        assert!(t.is_none() && h.is_some());
        // http:// is another server than https://.
        let (t, _) = profile_token(&c, true, "prod", prod, Some("http://prod:9090"));
        assert!(t.is_none());
    }

    #[test]
    fn held_back_names_profile_and_how_to_pass_one() {
        let h = HeldBack {
            profile: "prod".into(),
            belongs_to: Some("https://prod:9090".into()),
        };
        let s = h.describe("http://other:1");
        assert!(
            s.contains("profile \"prod\" belongs to https://prod:9090"),
            "{s}"
        );
        assert!(s.contains("not sent to http://other:1"), "{s}");
        assert!(
            s.contains("--token-file") && s.contains("WA_SUPPORT_TOKEN"),
            "{s}"
        );
    }
}
