//! `explain`: runbooks by code, the index, and unknown codes.

use crate::common::{stderr_of, stdout_of, tempdir, wa};

#[test]
fn a_finding_code_prints_its_runbook() {
    let home = tempdir();
    let out = wa(home.path())
        .args(["explain", "socket-down"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.starts_with("socket-down: "), "{text}");
    for part in [
        "Next step:",
        "Check:",
        "  1. ",
        "Attach to a ticket:",
        "5222",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert!(stderr_of(&out).is_empty());
}

#[test]
fn an_api_error_code_prints_its_runbook() {
    let home = tempdir();
    let text = stdout_of(&wa(home.path()).args(["explain", "1016"]).output().unwrap());
    assert!(text.contains("callback_queue_size"), "{text}");
    assert!(text.contains("webhook"), "{text}");
}

#[test]
fn no_code_lists_every_code_and_an_unknown_one_is_a_usage_error() {
    let home = tempdir();
    let index = stdout_of(&wa(home.path()).arg("explain").output().unwrap());
    for code in [
        "node-error",
        "shard-overlap",
        "build-expired",
        "1005",
        "1018",
    ] {
        assert!(
            index.lines().any(|l| l.trim_start().starts_with(code)),
            "{code} missing: {index}"
        );
    }
    let out = wa(home.path())
        .args(["explain", "no-such-\u{1b}[2Jcode"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("wa-support explain"), "{err}");
    assert!(!err.contains('\u{1b}'), "the code is escaped: {err}");
    assert!(stdout_of(&out).is_empty());
}
