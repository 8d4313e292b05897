//! `report`, `show` and `check` with fix hints: each finding is followed by
//! its next step where there is room for it, and the report explains every
//! finding and API error code it shows.

use crate::common::{fixture, stderr_of, stdout_of, tempdir, wa};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let home = tempdir();
    let out = wa(home.path()).args(args).output().unwrap();
    (out.status.code(), stdout_of(&out), stderr_of(&out))
}

#[test]
fn the_report_links_each_finding_to_its_explanation() {
    let file = fixture("node-error.json");
    let (code, report, err) = run(&["report", "--file", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let row = report
        .lines()
        .find(|l| l.starts_with("| **critical** |"))
        .expect("the finding's row");
    assert!(row.contains("[`node-error`](#explain-node-error)"), "{row}");
    assert!(row.contains("wacore) container logs |"), "{row}");
    let sections: Vec<&str> = report.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        [
            "## Summary",
            "## Problems",
            "## Nodes",
            "## Schema versions",
            "## Details",
            "## Explanations",
            "## Answer (JSON, redacted)"
        ]
    );
    for anchor in ["explain-node-error", "explain-1011"] {
        assert_eq!(
            report.matches(&format!("<a id=\"{anchor}\"></a>")).count(),
            1,
            "{anchor}"
        );
    }
    assert!(report.contains("#### `1011`: "), "{report}");
}

#[test]
fn show_prints_the_next_step_after_each_finding_and_check_does_not() {
    let file = fixture("single-unregistered.json");
    let file = file.to_str().unwrap();
    let (_, show, _) = run(&["show", "--file", file]);
    let problems = show.split("\nProblems").nth(1).expect("a problems section");
    let findings = problems.lines().filter(|l| l.contains(" [")).count();
    let hints: Vec<&str> = problems
        .lines()
        .filter(|l| l.starts_with("        → next: "))
        .collect();
    assert!(findings >= 5, "{show}");
    assert_eq!(hints.len(), findings, "{show}");
    assert!(!show.contains('\x1b'), "piped output is plain: {show}");
    let (code, check, _) = run(&["check", "--file", file]);
    assert_eq!(code, Some(2), "{check}");
    assert!(!check.contains("next:"), "{check}");
    assert!(!check.contains('→'), "{check}");
}
