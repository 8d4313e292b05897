//! What `show` prints for answers that used to mislead: node names that
//! differ only in their middle, a schema tie, sizes just below a unit,
//! escapes in schema table names, environment lists under other names. The
//! real binary, on a real pseudo-terminal where the width matters, in a
//! realistic environment.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{stdout_of, tempdir, wa};

/// A realistic environment: a config file with a profile, and the tool's
/// variables set, as an operator's shell has them.
fn realistic(home: &Path) -> Vec<(String, String)> {
    let config = home.join("config.toml");
    std::fs::write(
        &config,
        "[profiles.prod]\nurl = \"https://wa.example.invalid:9090\"\ntimeout = 5\n",
    )
    .unwrap();
    vec![
        ("WA_SUPPORT_CONFIG".into(), config.display().to_string()),
        ("WA_SUPPORT_TIMEOUT".into(), "7".into()),
        ("WA_SUPPORT_TOKEN".into(), "tok-rendering2-SECRET".into()),
        ("WA_SUPPORT_PROFILE".into(), "prod".into()),
        ("TERM".into(), "xterm-256color".into()),
        ("NO_COLOR".into(), "1".into()),
    ]
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Runs the binary on a pseudo-terminal `columns` wide and returns what it
/// printed, with the pty's `\r\n` made `\n`.
fn on_pty(home: &Path, columns: u16, args: &[&str]) -> String {
    let bin = assert_cmd::cargo::cargo_bin("wa-support");
    let mut line = quote(&bin.display().to_string());
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("WA_SUPPORT_NOW", common::NOW)
        .envs(realistic(home))
        .env("COLUMNS", columns.to_string())
        .output()
        .expect("util-linux `script` runs");
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

/// One node's fields, as a server sends them.
fn node(role: &str, shards: serde_json::Value, socket: &str) -> serde_json::Value {
    serde_json::json!({
        "multi_connect": true, "role": role, "shards": shards, "socket_conn": socket,
        "version": "2.51.3", "expire_timestamp": "2027-02-12T10:22:41",
        "free_space_data": 412316860416u64, "free_space_logs": 40802189312u64,
        "schema": {"axolotl": 12, "message": 31},
        "env": ["WA_DB_ENGINE=MYSQL"],
    })
}

fn write(home: &Path, doc: &serde_json::Value) -> PathBuf {
    let path = home.join("answer.json");
    std::fs::write(&path, serde_json::to_vec_pretty(doc).unwrap()).unwrap();
    path
}

/// The NODE cells of the first table in `out`.
fn node_column(out: &str) -> Vec<String> {
    out.lines()
        .skip_while(|l| !l.starts_with("NODE"))
        .skip(1)
        .take_while(|l| !l.is_empty() && !l.starts_with('('))
        .map(|l| l.split("  ").next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn coreapps_whose_names_differ_in_the_middle_stay_apart_on_a_terminal() {
    let home = tempdir();
    let (mid, end) = ("a".repeat(34), "a".repeat(30));
    let up = format!("10.210.71.90:wa-coreapp-{mid}X{end}-0");
    let down = format!("10.210.71.90:wa-coreapp-{mid}Y{end}-0");
    let mut support = serde_json::Map::new();
    support.insert(
        "10.210.71.84:wa-master-97145031111-0".into(),
        node("primary_master", serde_json::json!([[-1, -1]]), "UP"),
    );
    support.insert(up, node("coreapp", serde_json::json!([[0, 0]]), "UP"));
    support.insert(down, node("coreapp", serde_json::json!([[1, 1]]), "DN"));
    let file = write(home.path(), &serde_json::json!({ "support": support }));
    let file = file.display().to_string();
    for columns in [40u16, 60, 80, 120] {
        let out = on_pty(home.path(), columns, &["show", "--file", &file]);
        let cells = node_column(&out);
        assert_eq!(cells.len(), 3, "at {columns}:\n{out}");
        assert_ne!(cells[1], cells[2], "at {columns}:\n{out}");
        // The problem names the DN node, not a name both coreapps share.
        let crit = out
            .lines()
            .find(|l| l.starts_with("  CRIT"))
            .unwrap_or_else(|| panic!("at {columns}:\n{out}"));
        let who = crit[8..].split("  ").next().unwrap().trim();
        assert!(!who.is_empty(), "{crit}");
        assert_ne!(who, cells[1], "at {columns}: {crit}\n{out}");
        for line in out.lines() {
            assert!(line.chars().count() <= usize::from(columns), "{line}");
        }
    }
}

#[test]
fn a_size_just_below_a_gibibyte_reads_below_it() {
    let home = tempdir();
    let file = write(
        home.path(),
        &serde_json::json!({"support": {"free_space_logs": 1073741823u64, "socket_conn": "UP"}}),
    );
    let file = file.display().to_string();
    let out = on_pty(home.path(), 200, &["show", "--file", &file]);
    assert!(out.contains("only 1023.99 MiB free"), "{out}");
    assert!(!out.contains("1024.00"), "{out}");
    let out = wa(home.path())
        .args(["check", "--file", &file])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(!text.contains("1024.00"), "{text}");
}

#[test]
fn a_schema_tie_marks_neither_node() {
    let home = tempdir();
    let mut a = node("primary_master", serde_json::json!([[-1, -1]]), "UP");
    a["schema"]["message"] = 30.into();
    let b = node("coreapp", serde_json::json!([[0, 0]]), "UP");
    let file = write(
        home.path(),
        &serde_json::json!({"support": {"h0:a": a, "h1:b": b}}),
    );
    let file = file.display().to_string();
    let out = stdout_of(
        &wa(home.path())
            .args(["show", "-f", &file])
            .output()
            .unwrap(),
    );
    assert!(!out.contains("31*") && !out.contains("30*"), "{out}");
    assert!(!out.contains("differs from the other nodes"), "{out}");
    assert!(out.contains("no value is held by most of them"), "{out}");
}

#[test]
fn schema_table_names_keep_their_escapes_as_escapes() {
    let home = tempdir();
    let mut a = node("primary_master", serde_json::json!([[-1, -1]]), "UP");
    a["schema"]["tbl\u{1b}]0;PWNED\u{7}\u{1b}[2J\rOVER\u{202e}"] = 1.into();
    let file = write(home.path(), &serde_json::json!({"support": {"h0:a": a}}));
    let file = file.display().to_string();
    let out = on_pty(home.path(), 200, &["show", "-f", &file]);
    assert!(
        out.contains("TBL\\e]0;PWNED\\a\\e[2J\\rOVER\\u{202e}"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out}"
    );
}

#[test]
fn an_environment_under_another_name_is_counted_not_printed() {
    let home = tempdir();
    let mut a = node("primary_master", serde_json::json!([[-1, -1]]), "UP");
    a["environment"] = serde_json::json!(["WA_DB_PASSWORD=hunter2", "WA_DB_USERNAME=root"]);
    a["env_vars"] = serde_json::json!({"WA_DB_PASSWORD": "hunter3"});
    let file = write(home.path(), &serde_json::json!({"support": {"h0:a": a}}));
    let file = file.display().to_string();
    let piped = stdout_of(
        &wa(home.path())
            .args(["show", "-f", &file])
            .output()
            .unwrap(),
    );
    let tty = on_pty(home.path(), 80, &["show", "-f", &file]);
    for out in [&piped, &tty] {
        assert!(!out.contains("hunter"), "{out}");
        assert!(!out.contains("WA_DB_PASSWORD"), "{out}");
        assert!(
            out.contains("environment: 2 variables (not shown; see --json)"),
            "{out}"
        );
    }
    // --json still has them, as sent.
    let json = stdout_of(
        &wa(home.path())
            .args(["show", "--json", "-f", &file])
            .output()
            .unwrap(),
    );
    assert!(json.contains("WA_DB_PASSWORD=hunter2"), "{json}");
}
