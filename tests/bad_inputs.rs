//! The bad-input corpus (`tests/fixtures/bad/`): every malformed or hostile
//! answer gives the error class listed in `EXPECTED.tsv` (the class is
//! checked, and the message holds the listed text), or — for the answers
//! that can be read, odd values and all — gives the listed verdict, node
//! count and findings, and is printed safely. Nothing panics or hangs, in
//! the library or the binary.

use std::path::PathBuf;
use std::time::Duration;

use crate::common::{stderr_of, stdout_of, tempdir, wa};
use wa_support::diagnose::{Thresholds, diagnose};
use wa_support::error::{Error, ErrorKind};
use wa_support::model::SupportAnswer;
use wa_support::render::RenderOptions;
use wa_support::render::check::render_check;
use wa_support::render::json::{SourceInfo, render_normalized, status_word};
use wa_support::render::report::{ReportContext, render_report};
use wa_support::render::text::render_show;

struct Case {
    file: String,
    class: String,
    needle: String,
}

fn corpus() -> (PathBuf, Vec<Case>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let text = std::fs::read_to_string(dir.join("EXPECTED.tsv")).unwrap();
    let cases: Vec<Case> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            Case {
                file: parts.next().unwrap().to_string(),
                class: parts.next().unwrap().to_string(),
                needle: parts.next().unwrap_or("").to_string(),
            }
        })
        .collect();
    assert!(cases.len() >= 25, "the corpus needs at least 25 inputs");
    // Every file is listed, and every listed file exists.
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "EXPECTED.tsv")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = cases.iter().map(|c| c.file.clone()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    (dir, cases)
}

/// The class of a reading error, from the words that define it.
fn class_of(e: &Error) -> &'static str {
    if e.kind() == ErrorKind::Http {
        return "api-error";
    }
    assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
    const CLASSES: [(&str, &str); 10] = [
        ("the answer is empty", "empty"),
        ("the answer is not JSON but", "not-json"),
        ("the answer is cut short", "truncated"),
        ("nests deeper than", "too-deep"),
        ("the answer is not valid JSON", "syntax"),
        ("not an object with a `support` field", "not-object"),
        ("has no `support` field", "no-support"),
        ("`support` is null", "support-null"),
        ("`support` object is empty", "support-empty"),
        ("`support` should be", "wrong-type"),
    ];
    let m = e.message();
    let found: Vec<&str> = CLASSES
        .iter()
        .filter(|(words, _)| m.contains(words))
        .map(|(_, class)| *class)
        .collect();
    assert_eq!(found.len(), 1, "no single class for: {m}");
    found[0]
}

/// For an `ok` row: `STATUS NODES [code ...]`.
struct Verdict {
    status: String,
    nodes: usize,
    codes: Vec<String>,
}

fn verdict(c: &Case) -> Verdict {
    let mut words = c.needle.split_whitespace();
    let status = words.next().unwrap_or_default().to_string();
    assert!(
        ["OK", "WARNING", "CRITICAL"].contains(&status.as_str()),
        "{}: an ok row needs STATUS NODES [codes], got {:?}",
        c.file,
        c.needle
    );
    let nodes = words
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}: no node count", c.file));
    Verdict {
        status,
        nodes,
        codes: words.map(str::to_string).collect(),
    }
}

const RAW: [char; 8] = [
    '\x1b', '\x07', '\r', '\u{8}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}',
];

fn assert_printable(what: &str, s: &str) {
    for c in RAW {
        assert!(!s.contains(c), "{what}: raw {c:?}");
    }
}

#[test]
fn library_gives_each_input_its_class() {
    let (dir, cases) = corpus();
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    for c in &cases {
        let body = std::fs::read(dir.join(&c.file)).unwrap();
        let result = SupportAnswer::from_slice(&body, "local");
        match (c.class.as_str(), result) {
            ("ok", Ok(a)) => {
                let t = Thresholds::default();
                let f = diagnose(&a, &t, now);
                let want = verdict(c);
                let codes: Vec<&str> = f.iter().map(|f| f.code.as_str()).collect();
                assert_eq!(status_word(&f), want.status, "{}: {f:#?}", c.file);
                assert_eq!(a.nodes.len(), want.nodes, "{}", c.file);
                for code in &want.codes {
                    assert!(
                        codes.contains(&code.as_str()),
                        "{}: no {code} in {codes:?}",
                        c.file
                    );
                }
                // The check line tells the same verdict.
                let (_, line) = render_check(&a, &f, &t, now);
                assert!(
                    line.starts_with(&format!("WA-SUPPORT {}", want.status)),
                    "{}: {line}",
                    c.file
                );
                let src = SourceInfo {
                    kind: "file",
                    name: c.file.clone(),
                    at: "now".into(),
                };
                let ctx = ReportContext {
                    generated_at: "now".into(),
                    target: "file".into(),
                    redaction: String::new(),
                };
                let json = wa_support::model::parse_json(&body).unwrap();
                for (form, out) in [
                    ("show", render_show(&a, Some(&f), &RenderOptions::PLAIN)),
                    (
                        "show-color",
                        render_show(
                            &a,
                            Some(&f),
                            &RenderOptions {
                                color: true,
                                width: Some(60),
                            },
                        ),
                    ),
                    ("check", render_check(&a, &f, &t, now).1),
                    ("json", render_normalized(&a, &f, &src)),
                    ("report", render_report(&a, &f, &json, &ctx)),
                ] {
                    if form == "show-color" {
                        // Colour codes are ours; server text must still be escaped.
                        assert!(!out.contains("\x1b]"), "{}: {form}", c.file);
                        assert!(!out.contains('\u{202e}'), "{}: {form}", c.file);
                    } else {
                        assert_printable(&format!("{}: {form}", c.file), &out);
                    }
                }
            }
            ("ok", Err(e)) => panic!("{}: expected to be read, got: {e}", c.file),
            (class, Ok(_)) => panic!("{}: expected {class}, but it was read", c.file),
            (class, Err(e)) => {
                assert_eq!(class_of(&e), class, "{}: {e}", c.file);
                let msg = e.to_string();
                assert!(msg.contains(&c.needle), "{} ({class}): {msg}", c.file);
                assert!(!msg.contains('\n'), "{}: {msg}", c.file);
                assert_printable(&c.file, &msg);
            }
        }
    }
}

#[test]
fn binary_never_panics_or_hangs_on_the_corpus() {
    let (dir, cases) = corpus();
    let home = tempdir();
    for c in &cases {
        let path = dir.join(&c.file);
        let out = wa(home.path())
            .args(["show", "-f"])
            .arg(&path)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert!(!err.contains("panicked"), "{}: {err}", c.file);
        if c.class == "ok" {
            assert_eq!(out.status.code(), Some(0), "{}: {err}", c.file);
            let s = stdout_of(&out);
            assert_printable(&c.file, &s);
            let nodes = verdict(c).nodes;
            let head = if nodes == 1 {
                "1 node".to_string()
            } else {
                format!("{nodes} nodes")
            };
            assert!(s.starts_with(&head), "{}: {s}", c.file);
        } else {
            assert_eq!(out.status.code(), Some(1), "{}: {err}", c.file);
            assert_eq!(err.lines().count(), 1, "{}: {err}", c.file);
            assert!(err.contains(&c.needle), "{}: {err}", c.file);
            assert_printable(&c.file, &err);
        }
        let check = wa(home.path())
            .args(["check", "-f"])
            .arg(&path)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        if c.class != "ok" {
            assert_eq!(check.status.code(), Some(3), "{}", c.file);
        } else {
            // Read: a verdict, never UNKNOWN (the clock is real here, so
            // the exact verdict is asserted by the library test).
            let code = check.status.code();
            assert!(matches!(code, Some(0..=2)), "{}: {code:?}", c.file);
        }
        assert_printable(&c.file, &stdout_of(&check));
    }
}
