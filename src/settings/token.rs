//! Where the token comes from, and which server it may go to.
//!
//! A token given explicitly (`--token`, `--token-file`, `WA_SUPPORT_TOKEN`,
//! `WA_SUPPORT_TOKEN_FILE`; a flag beats the environment) goes to the URL
//! given. A profile's token (configured, or saved by `login --save`) goes
//! only to that profile's scheme, host and port; when it is kept from
//! another URL, a [`HeldBack`] says so. Token files are read only when a
//! request is about to be made.

use std::path::{Path, PathBuf};

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, Profile, read_token_file, same_server, token_file_of};
use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;
use crate::term::warn;

use super::display_url;

/// Where a token comes from; its description names that place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `--token`.
    Flag(Secret),
    /// `WA_SUPPORT_TOKEN`.
    Env(Secret),
    /// `--token-file` (`env` when from `WA_SUPPORT_TOKEN_FILE`).
    File {
        /// The file.
        path: PathBuf,
        /// Named by the environment, not a flag.
        env: bool,
    },
    /// A profile's token file.
    Profile {
        /// The profile.
        name: String,
        /// Its token file.
        path: PathBuf,
    },
}

impl TokenSource {
    /// Where the token comes from, for messages (never the value).
    pub fn describe(&self) -> String {
        match self {
            TokenSource::Flag(_) => "--token".into(),
            TokenSource::Env(_) => super::TOKEN_VAR.into(),
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
    pub(super) fn inline(&self) -> Option<&Secret> {
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
    if let Ok(m) = std::fs::metadata(path)
        && m.permissions().mode() & 0o077 != 0
    {
        warn(&format!(
            "the token file {} can be read by other users; run: chmod 600 {}",
            path.display(),
            path.display()
        ));
    }
}

#[cfg(not(unix))]
fn warn_if_readable(_path: &Path) {}

/// A profile's token not sent because the URL is another server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBack {
    /// The profile whose token was kept back.
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

/// A profile's own token file, when it has one (configured, or saved).
fn own_token(name: &str, p: &Profile) -> Option<TokenSource> {
    let path = token_file_of(name, p)?;
    (p.token_file.is_some() || path.exists()).then(|| TokenSource::Profile {
        name: name.to_string(),
        path,
    })
}

/// A token given by flag beats one given by the environment.
pub(super) fn explicit_token(g: &GlobalArgs) -> Option<TokenSource> {
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
pub(super) fn profile_token(
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
    if !named
        && let Some((n, p)) = config.as_ref().and_then(|(_, c)| c.profile_for_url(url))
        && let Some(t) = own_token(n, p)
    {
        return (Some(t), None);
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
