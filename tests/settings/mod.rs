//! CLI tests of settings, tokens and files, found by users and attackers, run as on a user's machine:
//! WA_SUPPORT_* variables set and a config file present.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common;
use crate::common::{
    Behavior, Server, certs, fixture, fixture_bytes, stderr_of, stdout_of, tempdir, wa,
};

mod files;
mod login;
mod precedence;
mod tokens;

pub(super) const PROD_TOKEN: &str = "prod-tok-0123456789abcdef";

pub(super) const PASSWORD: &str = "Secr3t-Pa55word";

/// A machine with a config: profile `prod` (the default, with a token
/// file), and `staging`; both point at the given URLs.
pub(super) struct Machine {
    home: tempfile::TempDir,
}

impl Machine {
    fn new(prod_url: &str, staging_url: &str, extra: &str) -> Machine {
        let home = tempdir();
        let prod_token = home.path().join("prod.token");
        std::fs::write(&prod_token, format!("{PROD_TOKEN}\n")).unwrap();
        set_mode(&prod_token, 0o600);
        std::fs::write(
            home.path().join("config.toml"),
            format!(
                "default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"{prod_url}\"\ntoken_file = \"{}\"\n{extra}\n[profiles.staging]\nurl = \"{staging_url}\"\n",
                prod_token.display()
            ),
        )
        .unwrap();
        set_mode(&home.path().join("config.toml"), 0o600);
        Machine { home }
    }

    fn path(&self) -> &Path {
        self.home.path()
    }

    fn file(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    /// The binary with the config and no other variable.
    fn wa(&self) -> assert_cmd::Command {
        wa(self.home.path())
    }
}

#[cfg(unix)]
pub(super) fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
pub(super) fn set_mode(_: &Path, _: u32) {}

pub(super) fn auth_headers(srv: &Server) -> Vec<String> {
    srv.requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or("-").to_string())
        .collect()
}

pub(super) fn healthy() -> Vec<u8> {
    fixture_bytes("single-registered.json")
}

pub(super) fn no_secret(out: &std::process::Output, secrets: &[&str]) {
    let all = format!("{}{}", stdout_of(out), stderr_of(out));
    for s in secrets {
        assert!(!all.contains(s), "{s} leaked: {all}");
    }
    assert!(!all.contains("panicked"), "{all}");
}

pub(super) fn login_answer(token: &str, expires: &str) -> Vec<u8> {
    serde_json::json!({"users":[{"token": token, "expires_after": expires}]})
        .to_string()
        .into_bytes()
}

pub(super) const TOKEN: &str = "PRODTOKEN_aaaaaaaaaaaaaaaa";

/// A home with a config file (profile `prod` pointing at `url`) and the
/// usual variables.
pub(super) fn machine(url: &str) -> (tempfile::TempDir, assert_cmd::Command) {
    let home = tempdir();
    let cfg = home.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("default_profile = \"prod\"\n[profiles.prod]\nurl = \"{url}\"\ntimeout = 20\n"),
    )
    .unwrap();
    set_mode(&cfg, 0o600);
    let c = wa(home.path());
    (home, c)
}

pub(super) fn single() -> String {
    String::from_utf8(fixture_bytes("single-registered.json")).unwrap()
}

pub(super) fn utf16le(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// Answers that hold the token in forms a byte search misses.
pub(super) fn echoing_answers() -> Vec<(&'static str, Vec<u8>)> {
    let s = single();
    let note = s.replacen(
        "\"context\": \"healthcheck\",",
        "\"context\": \"healthcheck\", \"note\": \"PRODTOKEN\\u005Faaaaaaaaaaaaaaaa\",",
        1,
    );
    let plain_note = s.replacen(
        "\"context\": \"healthcheck\",",
        &format!("\"context\": \"healthcheck\", \"note\": \"{TOKEN}\","),
        1,
    );
    let key = s.replacen(
        "\"context\": \"healthcheck\",",
        &format!("\"context\": \"healthcheck\", \"{TOKEN}\": 1,"),
        1,
    );
    let schema = s.replacen("\"axolotl\": 12", &format!("\"{TOKEN}\": 12"), 1);
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    let node = v["support"].clone();
    let multi = serde_json::json!({
        "meta": v["meta"],
        "support": {
            format!("10.0.0.1:{TOKEN}"): node,
            "10.0.0.2:wa-core-1": node,
        }
    })
    .to_string();
    vec![
        ("escaped", note.into_bytes()),
        ("utf16", utf16le(&plain_note)),
        ("key", key.into_bytes()),
        ("schema", schema.into_bytes()),
        ("node-name", multi.into_bytes()),
    ]
}
