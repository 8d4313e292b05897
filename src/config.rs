//! The config file and its named profiles.
//!
//! `~/.config/wa-support/config.toml` (or `$XDG_CONFIG_HOME/wa-support/…`,
//! or the file named by `WA_SUPPORT_CONFIG`) holds profiles:
//!
//! ```toml
//! default_profile = "prod"
//!
//! [profiles.prod]
//! url = "https://wa.example.com:9090"
//! token_file = "~/.config/wa-support/prod.token"
//! cacert = "/etc/wa-support/prod.pem"
//! insecure = false
//! timeout = 10
//! ```
//!
//! Flags beat the environment, and the environment beats the profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};

/// One named profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub url: Option<String>,
    pub token_file: Option<PathBuf>,
    pub cacert: Option<PathBuf>,
    pub insecure: Option<bool>,
    /// Seconds.
    pub timeout: Option<f64>,
}

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The directory of the config file and saved tokens.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("WA_SUPPORT_CONFIG").filter(|v| !v.is_empty()) {
        return PathBuf::from(file).parent().map(Path::to_path_buf);
    }
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("wa-support"));
    }
    if cfg!(windows) {
        if let Some(a) = std::env::var_os("APPDATA") {
            return Some(PathBuf::from(a).join("wa-support"));
        }
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".config").join("wa-support"))
}

/// The config file's path (it may not exist).
pub fn config_path() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("WA_SUPPORT_CONFIG").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(file));
    }
    config_dir().map(|d| d.join("config.toml"))
}

/// Expands a leading `~/`.
pub fn expand_home(p: &Path) -> PathBuf {
    match p.to_str().and_then(|s| s.strip_prefix("~/")) {
        Some(rest) => match std::env::var_os("HOME") {
            Some(h) => PathBuf::from(h).join(rest),
            None => p.to_path_buf(),
        },
        None => p.to_path_buf(),
    }
}

impl ConfigFile {
    /// Reads the config file; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<ConfigFile> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
            Err(e) => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("cannot read the config file {}: {e}", path.display()),
                ));
            }
        };
        ConfigFile::parse(&text, path)
    }

    /// Parses config text; errors name the file, the line and the key.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile> {
        toml::from_str(text).map_err(|e| {
            let (line, key) = match e.span() {
                Some(span) => {
                    let line_no = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    let line_text = text.lines().nth(line_no - 1).unwrap_or("");
                    let key = line_text
                        .split_once('=')
                        .map(|(k, _)| k.trim().to_string())
                        .filter(|k| !k.is_empty() && !k.starts_with('['));
                    (Some(line_no), key)
                }
                None => (None, None),
            };
            let mut msg = format!("bad config file {}", path.display());
            if let Some(l) = line {
                msg.push_str(&format!(", line {l}"));
            }
            if let Some(k) = key {
                msg.push_str(&format!(", key `{k}`"));
            }
            msg.push_str(&format!(": {}", e.message().trim()));
            Error::new(ErrorKind::Usage, msg)
                .hint("keys of a profile: url, token_file, cacert, insecure, timeout; see README")
        })
    }

    /// The profile `name`, or the default profile when `name` is `None`.
    /// Naming a profile that does not exist is an error.
    pub fn profile(&self, name: Option<&str>, path: &Path) -> Result<(String, Profile)> {
        match name.or(self.default_profile.as_deref()) {
            Some(n) => match self.profiles.get(n) {
                Some(p) => Ok((n.to_string(), p.clone())),
                None if name.is_none() && n == "default" => Ok((n.to_string(), Profile::default())),
                None => Err(Error::new(
                    ErrorKind::Usage,
                    format!("no profile named \"{n}\" in {}", path.display()),
                )
                .hint(if self.profiles.is_empty() {
                    "add a [profiles.NAME] section (see README)".to_string()
                } else {
                    format!(
                        "profiles there: {}",
                        self.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
                    )
                })),
            },
            None => Ok((
                "default".to_string(),
                self.profiles.get("default").cloned().unwrap_or_default(),
            )),
        }
    }
}

/// Where a profile keeps its token: its `token_file`, or
/// `<config dir>/<profile>.token`.
pub fn token_file_of(name: &str, profile: &Profile) -> Option<PathBuf> {
    match &profile.token_file {
        Some(p) => Some(expand_home(p)),
        None => config_dir().map(|d| d.join(format!("{name}.token"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_profiles() {
        let c = ConfigFile::parse(
            "default_profile = \"prod\"\n[profiles.prod]\nurl = \"https://wa:9090\"\ninsecure = true\ntimeout = 5\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let (n, p) = c.profile(None, Path::new("c.toml")).unwrap();
        assert_eq!(n, "prod");
        assert_eq!(p.url.as_deref(), Some("https://wa:9090"));
        assert_eq!(p.insecure, Some(true));
        assert_eq!(p.timeout, Some(5.0));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = ConfigFile::parse(
            "[profiles.prod]\nurl = \"https://wa\"\ntimeout = \"ten\"\n",
            Path::new("/x/config.toml"),
        )
        .unwrap_err();
        let s = e.to_string();
        assert!(s.contains("/x/config.toml, line 3, key `timeout`"), "{s}");
        let e =
            ConfigFile::parse("[profiles.prod]\nurl_typo = 1\n", Path::new("c.toml")).unwrap_err();
        assert!(e.to_string().contains("line 2, key `url_typo`"), "{e}");
        let e = ConfigFile::parse("[profiles.prod\n", Path::new("c.toml")).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    #[test]
    fn unknown_profile_lists_the_known_ones() {
        let c = ConfigFile::parse("[profiles.a]\n[profiles.b]\n", Path::new("c.toml")).unwrap();
        let e = c.profile(Some("zzz"), Path::new("c.toml")).unwrap_err();
        assert!(e.to_string().contains("profiles there: a, b"), "{e}");
        assert!(c.profile(None, Path::new("c.toml")).is_ok());
    }
}
