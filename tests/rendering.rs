//! What reaches the terminal: the real binary on a real pseudo-terminal
//! (util-linux `script`), at several widths, with and without `NO_COLOR`,
//! in a realistic environment; and the renderers fed raw server text.

mod common;

use std::path::Path;
use std::process::Command;

use common::{fixture, stdout_of, tempdir, wa};
use wa_support::diagnose::{Finding, Severity, Thresholds, diagnose};
use wa_support::model::SupportAnswer;
use wa_support::render::RenderOptions;
use wa_support::render::report::{ReportContext, render_report};
use wa_support::render::text::render_show;

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
