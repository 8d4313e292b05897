//! Helpers shared by the redaction tests: the binary as a user runs it,
//! and the verdict of `check` and of `report` on the same answer.

use std::path::Path;

use crate::common::{stdout_of, wa};

/// The binary as a user runs it: WA_SUPPORT_* set and a config file with a
/// profile present, so redaction is tested with settings around it.
pub fn wa_real(home: &Path) -> assert_cmd::Command {
    let cfg = home.join("config.toml");
    std::fs::write(
        &cfg,
        "[profiles.default]\nurl = \"https://wa.example.com:9090\"\ntimeout = 5\n",
    )
    .unwrap();
    let mut c = wa(home);
    c.env("WA_SUPPORT_CONFIG", &cfg)
        .env("WA_SUPPORT_TIMEOUT", "5")
        .env("WA_SUPPORT_TOKEN", "tok-from-env-1234567890");
    c
}

/// Status word and node count of `check`.
pub fn check_status(home: &Path, f: &Path) -> (String, String) {
    let o = wa_real(home)
        .arg("check")
        .arg("--file")
        .arg(f)
        .output()
        .unwrap();
    let out = stdout_of(&o);
    let status = out.split_whitespace().nth(1).unwrap_or("").to_string();
    let nodes = out
        .split_whitespace()
        .find_map(|w| w.strip_prefix("nodes="))
        .and_then(|w| w.split(';').next())
        .unwrap_or("")
        .to_string();
    (status, nodes)
}

/// Status word and node count of `report`, and the report itself.
pub fn report_status(home: &Path, f: &Path, hosts: bool) -> (String, String, String) {
    let mut c = wa_real(home);
    c.arg("report").arg("--file").arg(f);
    if hosts {
        c.arg("--redact-hosts");
    }
    let out = stdout_of(&c.output().unwrap());
    let status = out
        .split("**Status: ")
        .nth(1)
        .and_then(|s| s.split("**").next())
        .unwrap_or("")
        .to_string();
    let nodes = out
        .lines()
        .find_map(|l| {
            let mut w = l.split_whitespace();
            let n = w.next()?;
            let is_count = n.bytes().all(|b| b.is_ascii_digit());
            (is_count && w.next()?.starts_with("node")).then_some(n)
        })
        .unwrap_or("")
        .to_string();
    (status, nodes, out)
}
