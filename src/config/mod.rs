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
//! expect_nodes = 6      # fewer is critical, more a warning
//! expect_shards = 4     # shards 0-3 must each have an owner
//! ```
//!
//! Flags beat the environment, and the environment beats the profile.
//!
//! A profile's token belongs to the profile's server (scheme, host and
//! port): it is never sent to another URL. Files written here (saved tokens,
//! a profile added by `login --save`) are written atomically, mode 0600,
//! never through a symbolic link.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};

mod files;

pub use files::{MAX_TOKEN_FILE, read_token_file, token_file_text, write_private};

/// The variable naming the config file (its directory also holds the
/// saved tokens).
pub const CONFIG_VAR: &str = "WA_SUPPORT_CONFIG";

/// The config file named by [`CONFIG_VAR`], when it names one.
fn config_from_env() -> Option<PathBuf> {
    std::env::var_os(CONFIG_VAR)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// One named profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The web app's base URL.
    pub url: Option<String>,
    /// The token's file (default `<config dir>/<profile>.token`).
    pub token_file: Option<PathBuf>,
    /// A PEM certificate or CA to trust.
    pub cacert: Option<PathBuf>,
    /// Do not verify the server's certificate.
    pub insecure: Option<bool>,
    /// Seconds.
    pub timeout: Option<f64>,
    /// How many nodes the answer should list (`--expect-nodes`): fewer is
    /// critical, more a warning.
    #[serde(default, deserialize_with = "at_least_one")]
    pub expect_nodes: Option<u32>,
    /// How many regular shards (ids `0..N`) should each have an owner
    /// (`--expect-shards`).
    #[serde(default, deserialize_with = "at_least_one")]
    pub expect_shards: Option<u32>,
}

impl Profile {
    /// The keys a profile takes, in order, as the struct declares them
    /// (read from its `Deserialize`, so a new field is listed at once).
    pub fn keys() -> &'static [&'static str] {
        use serde::de::{self, Visitor};
        /// A deserializer that only notes the fields a struct asks for.
        struct Fields<'a>(&'a mut &'static [&'static str]);
        impl<'de> de::Deserializer<'de> for Fields<'_> {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(
                self,
                _: V,
            ) -> std::result::Result<V::Value, Self::Error> {
                Err(de::Error::custom("not a struct"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> std::result::Result<V::Value, Self::Error> {
                *self.0 = fields;
                Err(de::Error::custom("fields noted"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct newtype_struct seq tuple
                tuple_struct map enum identifier ignored_any
            }
        }
        let mut fields: &'static [&'static str] = &[];
        let _ = Profile::deserialize(Fields(&mut fields));
        fields
    }
}

/// A count of at least 1, for the `expect_*` keys.
fn at_least_one<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<u32>, D::Error> {
    let n = u32::deserialize(d)?;
    if n == 0 {
        return Err(serde::de::Error::custom(
            "expected a count of at least 1 (leave the key out to expect nothing)",
        ));
    }
    Ok(Some(n))
}

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when none is named.
    pub default_profile: Option<String>,
    /// The profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The directory of the config file and saved tokens.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(file) = config_from_env() {
        return file.parent().map(Path::to_path_buf);
    }
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("wa-support"));
    }
    if cfg!(windows)
        && let Some(a) = std::env::var_os("APPDATA")
    {
        return Some(PathBuf::from(a).join("wa-support"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".config").join("wa-support"))
}

/// The config file's path (it may not exist).
pub fn config_path() -> Option<PathBuf> {
    if let Some(file) = config_from_env() {
        return Some(file);
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

impl Profile {
    /// The node and shard counts the profile expects.
    pub fn expect(&self) -> crate::diagnose::Expect {
        crate::diagnose::Expect {
            nodes: self.expect_nodes,
            shards: self.expect_shards,
        }
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
            Error::new(ErrorKind::Usage, msg).hint(format!(
                "keys of a profile: {}; see README",
                Profile::keys().join(", ")
            ))
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

/// True when two URLs name the same server: scheme, host and port (the
/// scheme's default port when none is written).
pub fn same_server(a: &str, b: &str) -> bool {
    use crate::client::Target;
    match (Target::parse(a), Target::parse(b)) {
        (Ok(a), Ok(b)) => a.scheme == b.scheme && a.host_and_port() == b.host_and_port(),
        _ => false,
    }
}

impl ConfigFile {
    /// The first profile whose URL names the server of `url`.
    pub fn profile_for_url(&self, url: &str) -> Option<(&str, &Profile)> {
        self.profiles
            .iter()
            .find(|(_, p)| p.url.as_deref().is_some_and(|u| same_server(u, url)))
            .map(|(n, p)| (n.as_str(), p))
    }

    /// A name for a new profile of `url`: its host, then host-port, then
    /// with a number, whichever is free, skipping names `ok` refuses (e.g.
    /// whose token file another profile uses or exists).
    pub fn new_profile_name_where(&self, url: &str, ok: impl Fn(&str) -> bool) -> String {
        let t = crate::client::Target::parse(url).ok();
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
                .trim_matches('-')
                .to_string()
        };
        let host = t
            .as_ref()
            .map(|t| clean(&t.host))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "server".into());
        let hp = t
            .as_ref()
            .map(|t| clean(&t.host_and_port()))
            .unwrap_or_else(|| host.clone());
        [host.clone(), hp.clone()]
            .into_iter()
            .chain((2..).map(|i| format!("{hp}-{i}")))
            .take(10_000)
            .find(|n| !self.profiles.contains_key(n) && n != "default" && ok(n))
            .unwrap_or(host)
    }
}

/// `text` (a config file) with a profile `[profiles."name"]` for `url`
/// appended; the rest of the file, comments included, is kept as it was.
pub fn with_profile_added(text: &str, name: &str, url: &str) -> String {
    // A JSON string is a valid TOML basic string.
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "# added by wa-support login --save\n[profiles.{}]\nurl = {}\n",
        quote(name),
        quote(url)
    ));
    out
}

/// A warning when others than the owner can change `path` or its
/// directory (as ssh refuses such a config): they could point the tool at
/// their server, or swap the token file.
#[cfg(unix)]
pub fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let check = |p: &Path, what: &str| {
        let m = std::fs::metadata(p).ok()?;
        // A shared directory with the sticky bit (/tmp) only lets owners
        // replace their own files.
        let sticky = m.is_dir() && m.mode() & 0o1000 != 0;
        (m.mode() & 0o022 != 0 && !sticky).then(|| {
            format!(
                "the {what} {} can be changed by other users; run: chmod go-w {}",
                p.display(),
                p.display()
            )
        })
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    check(path, "config file")
        .or_else(|| check(dir?, "config directory"))
        .or_else(|| {
            // As ssh does: every directory above, up to the home directory
            // (or the root when the config lives elsewhere), since whoever
            // can write one can replace what is below it.
            let home = std::env::var_os("HOME").map(PathBuf::from);
            let mut above = dir?.parent();
            while let Some(d) = above.filter(|d| !d.as_os_str().is_empty()) {
                if let Some(w) = check(d, "directory above the config file") {
                    return Some(w);
                }
                if home.as_deref() == Some(d) {
                    break;
                }
                above = d.parent();
            }
            None
        })
}

/// Never a warning where modes do not exist.
#[cfg(not(unix))]
pub fn permission_warning(_path: &Path) -> Option<String> {
    None
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
mod tests;
