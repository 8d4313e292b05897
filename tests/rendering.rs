//! What reaches the terminal: the real binary on a real pseudo-terminal
//! (util-linux `script`), at several widths, with and without `NO_COLOR`,
//! in a realistic environment; and the renderers fed raw server text.
//!
//! Also what `show` prints for answers that used to mislead: node names that
//! differ only in their middle, a schema tie, sizes just below a unit,
//! escapes in schema table names, environment lists under other names. The
//! real binary, on a real pseudo-terminal where the width matters, in a
//! realistic environment.

use std::path::{Path, PathBuf};
use std::process::Command;
use wa_support::diagnose::{Finding, Severity, Thresholds, diagnose};
use wa_support::model::SupportAnswer;
use wa_support::render::RenderOptions;
use wa_support::render::report::{ReportContext, render_report};
use wa_support::render::text::render_show;

use crate::common;
use crate::common::{fixture, stdout_of, tempdir, wa};

/// Characters that must never reach a terminal raw.
const RAW: [char; 7] = [
    '\x1b', '\x07', '\r', '\u{8}', '\u{202e}', '\u{2066}', '\u{9b}',
];

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
        ("WA_SUPPORT_TOKEN".into(), "tok-rendering-SECRET".into()),
        ("WA_SUPPORT_PROFILE".into(), "prod".into()),
        ("TERM".into(), "xterm-256color".into()),
    ]
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Runs the binary on a pseudo-terminal (stdout is a tty, not a pipe) and
/// returns what it printed, with the pty's `\r\n` made `\n`.
fn on_pty(home: &Path, env: &[(String, String)], args: &[&str]) -> String {
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
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("util-linux `script` runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

fn script_available() -> bool {
    Command::new("script").arg("--version").output().is_ok()
}

#[test]
fn no_color_on_a_real_terminal() {
    assert!(script_available(), "util-linux `script` is needed");
    let home = tempdir();
    let f = fixture("multiconnect.json");
    let file = f.display().to_string();
    let mut env = realistic(home.path());
    env.push(("COLUMNS".into(), "200".into()));
    // On a terminal, `auto` colours ...
    let coloured = on_pty(home.path(), &env, &["show", "-f", &file]);
    assert!(coloured.contains('\x1b'), "no colour on a tty: {coloured}");
    assert!(coloured.contains("UP"), "{coloured}");
    // ... unless NO_COLOR is set (non-empty) ...
    let mut no_color = env.clone();
    no_color.push(("NO_COLOR".into(), "1".into()));
    let plain = on_pty(home.path(), &no_color, &["show", "-f", &file]);
    assert!(!plain.contains('\x1b'), "colour despite NO_COLOR: {plain}");
    assert!(plain.contains("UP"), "{plain}");
    // ... an empty NO_COLOR does not count ...
    let mut empty = env.clone();
    empty.push(("NO_COLOR".into(), String::new()));
    let out = on_pty(home.path(), &empty, &["show", "-f", &file]);
    assert!(out.contains('\x1b'), "{out}");
    // ... and --color always wins over it.
    let out = on_pty(
        home.path(),
        &no_color,
        &["show", "--color", "always", "-f", &file],
    );
    assert!(out.contains('\x1b'), "{out}");
}

/// A multi-connect answer: six containers on one long host, the fourth
/// disconnected though it owns a shard.
fn long_host_cluster() -> String {
    let mut m = serde_json::Map::new();
    for i in 1..=6 {
        m.insert(
            format!("wa-prod-01.dc1.example.internal:wa-core-4{i}"),
            serde_json::json!({
                "role": if i == 1 { "primary_master" } else { "coreapp" },
                "shards": if i == 1 { serde_json::json!([[-1, -1]]) } else { serde_json::json!([[i - 2, i - 2]]) },
                "socket_conn": if i == 4 { "DN" } else { "UP" },
                "version": "v2.51.3", "free_space_data": 412316860416u64,
                "free_space_logs": 9223372036853727000u64,
            }),
        );
    }
    serde_json::to_string(&serde_json::json!({"support": m})).unwrap()
}

#[test]
fn every_line_fits_a_narrow_terminal_and_rows_stay_distinct() {
    assert!(script_available(), "util-linux `script` is needed");
    let home = tempdir();
    let file = home.path().join("cluster.json");
    std::fs::write(&file, long_host_cluster()).unwrap();
    let file = file.display().to_string();
    for width in [60usize, 80, 120] {
        let mut env = realistic(home.path());
        env.push(("COLUMNS".into(), width.to_string()));
        env.push(("NO_COLOR".into(), "1".into()));
        let out = on_pty(home.path(), &env, &["show", "-f", &file]);
        for line in out.lines() {
            assert!(
                line.chars().count() <= width,
                "{width}: {} columns: {line}\n{out}",
                line.chars().count()
            );
        }
        let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
        let stripped = words.contains("common prefix `wa-prod-01.dc1.example.internal:`");
        assert!(stripped || width >= 120, "{out}");
        let rows: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("NODE"))
            .skip(1)
            .take(6)
            .map(|l| l.split("  ").next().unwrap())
            .collect();
        let prefix = if stripped {
            ""
        } else {
            "wa-prod-01.dc1.example.internal:"
        };
        let expected: Vec<String> = (1..=6).map(|i| format!("{prefix}wa-core-4{i}")).collect();
        assert_eq!(rows, expected, "{out}");
        assert!(!out.contains("EiB"), "{out}");
        assert!(out.contains("no limit") || width < 80, "{out}");
        assert!(!out.contains("tok-rendering-SECRET"));
    }
    // Piped: whole names, no note, no cut.
    let out = wa(home.path())
        .args(["show", "-f", &file])
        .output()
        .unwrap();
    let s = stdout_of(&out);
    assert!(
        s.contains("wa-prod-01.dc1.example.internal:wa-core-44"),
        "{s}"
    );
    assert!(!s.contains("common prefix"), "{s}");
}

#[test]
fn check_prints_one_pipe_and_no_raw_server_text() {
    let home = tempdir();
    let file = home.path().join("hostile.json");
    std::fs::write(
        &file,
        r#"{"support": {"h|1:a\u001b]0;x\u0007": {"role": "coreapp", "shards": [[0,0]], "socket_conn": "DN", "version": "\u001b]0;pwned\u0007"},
                        "h|2:b": {"role": "primary_master", "shards": [[-1,-1]], "socket_conn": "UP", "version": "\u001b]0;pwned\u0007"}}}"#,
    )
    .unwrap();
    let out = wa(home.path())
        .args(["check", "-f"])
        .arg(&file)
        .output()
        .unwrap();
    let s = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{s}");
    assert_eq!(s.matches('|').count(), 1, "{s}");
    for bad in RAW {
        assert!(!s.contains(bad), "{bad:?} in {s}");
    }
    // Healthy apart from the hostile version: the summary names the build.
    let ok = home.path().join("ok.json");
    std::fs::write(
        &ok,
        r#"{"support": {"version": "\u001b]0;pwned\u0007", "socket_conn": "UP", "lc": "de", "lg": "DE"}}"#,
    )
    .unwrap();
    let out = wa(home.path())
        .args(["check", "-f"])
        .arg(&ok)
        .output()
        .unwrap();
    let s = stdout_of(&out);
    assert!(s.contains("\\e]0;pwned\\a"), "{s}");
    for bad in RAW {
        assert!(!s.contains(bad), "{bad:?} in {s}");
    }
}

/// A finding as the diagnosis now makes it: the server's raw text.
fn raw_finding() -> Finding {
    Finding {
        severity: Severity::Critical,
        code: wa_support::diagnose::FindingCode::SocketDown,
        node: Some("n\x1b]0;pwned\x07\r\u{202e}\u{2066}\u{9b}31m\u{8}".into()),
        message: "down\x1b[2J\x07\r\n\u{202e}evil\u{2066}\u{9b}\u{8}".into(),
    }
}

#[test]
fn every_renderer_escapes_raw_finding_text() {
    let body = std::fs::read(fixture("multiconnect.json")).unwrap();
    let a = SupportAnswer::from_slice(&body, "wa").unwrap();
    let f = vec![raw_finding()];
    for opts in [
        RenderOptions::PLAIN,
        RenderOptions {
            color: true,
            width: Some(60),
        },
    ] {
        let show = render_show(&a, Some(&f), &opts);
        for bad in RAW {
            assert!(
                !show.contains(bad) || (bad == '\x1b' && opts.color),
                "{bad:?}"
            );
        }
        if !opts.color {
            assert!(show.contains("n\\e]0;pwned\\a\\r\\u{202e}"), "{show}");
        }
    }
    let (_, check) = wa_support::render::check::render_check(
        &a,
        &f,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    for bad in RAW {
        assert!(!check.contains(bad), "{bad:?} in {check}");
    }
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let ctx = ReportContext {
        generated_at: "2026-11-25T12:00:00Z".into(),
        target: "wa:9090".into(),
        redaction: String::new(),
    };
    let report = render_report(&a, &f, &json, &ctx);
    for bad in RAW {
        assert!(!report.contains(bad), "{bad:?} in report");
    }
    assert!(report.contains("down\\\\e\\[2J"), "{report}");
}

#[test]
fn coloured_output_has_no_raw_server_escape() {
    // With colour on, the only ESC bytes are our own SGR sequences.
    let body = std::fs::read(fixture("multiconnect.json")).unwrap();
    let a = SupportAnswer::from_slice(&body, "wa").unwrap();
    let f = vec![raw_finding()];
    let out = render_show(
        &a,
        Some(&f),
        &RenderOptions {
            color: true,
            width: None,
        },
    );
    for (i, _) in out.match_indices('\x1b') {
        assert_eq!(&out[i + 1..i + 2], "[", "non-SGR escape at {i}");
        let end = out[i..].find('m').unwrap();
        assert!(
            out[i + 2..i + end]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ';'),
            "{:?}",
            &out[i..i + end + 1]
        );
    }
    let _ = diagnose(&a, &Thresholds::default(), jiff::Timestamp::UNIX_EPOCH);
}

/// Runs the binary on a pseudo-terminal `columns` wide, in the realistic
/// environment with `NO_COLOR` set; returns what it printed.
fn on_pty_wide(home: &Path, columns: u16, args: &[&str]) -> String {
    let mut env = realistic(home);
    env.push(("NO_COLOR".into(), "1".into()));
    env.push(("COLUMNS".into(), columns.to_string()));
    on_pty(home, &env, args)
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
        let out = on_pty_wide(home.path(), columns, &["show", "--file", &file]);
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
    let out = on_pty_wide(home.path(), 200, &["show", "--file", &file]);
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
    let out = on_pty_wide(home.path(), 200, &["show", "-f", &file]);
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
    let tty = on_pty_wide(home.path(), 80, &["show", "-f", &file]);
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
