//! The nodes table on a real terminal: whole columns give way before any
//! cell is cut, and node names keep their addresses whole.

use std::path::Path;
use std::process::Command;

use unicode_width::UnicodeWidthStr;

use crate::common::{self, fixture, tempdir};

/// `show` on a pseudo-terminal `columns` wide (util-linux `script`), no
/// colour; what it printed, with the pty's `\r\n` made `\n`.
fn show_on_pty(home: &Path, columns: u16, file: &Path) -> String {
    let bin = assert_cmd::cargo::cargo_bin("wa-support");
    let line = format!("'{}' show --file '{}'", bin.display(), file.display());
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("WA_SUPPORT_NOW", common::NOW)
        .env("WA_SUPPORT_CONFIG", home.join("config.toml"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns.to_string())
        .output()
        .expect("util-linux `script` runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn eight_nodes_at_120_columns_hide_columns_and_cut_no_cell() {
    let home = tempdir();
    let out = show_on_pty(home.path(), 120, &fixture("multiconnect-8-nodes.json"));
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("NODE"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(table.len(), 1 + 8 + 1, "{out}");
    for line in &table {
        assert!(line.width() <= 120, "{line}\n{out}");
        assert!(!line.contains('…'), "a cell is cut: {line}\n{out}");
    }
    let text = table.join("\n");
    for whole in [
        "10.42.0.11:wa-master-0",
        "10.42.1.24:wa-coreapp-7f9c6d5b8-qj8rd",
        "primary_master",
        "secondary_master",
        "UP receiving offline",
        "error 1011",
    ] {
        assert!(text.contains(whole), "no {whole}:\n{out}");
    }
    assert!(
        table[9].starts_with("(hidden to fit the terminal: LOGS, MEDIA IN"),
        "{out}"
    );
    // No prefix is left out inside an address.
    assert!(!out.contains("common prefix"), "{out}");
}
