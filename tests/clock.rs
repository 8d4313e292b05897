//! `WA_SUPPORT_NOW`: a saved answer is judged as of the time it names.

use crate::common::{fixture, stdout_of, tempdir, wa};

#[test]
fn a_fixed_clock_judges_expiry_as_of_that_time() {
    let home = tempdir();
    // The fixture's build expires 2027-02-12 and its node clock reads
    // 2026-11-25: on that day it is fine, a week before expiry it is not.
    let ok = wa(home.path())
        .args(["check", "--file"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert!(
        !stdout_of(&ok).contains("build-expir"),
        "{}",
        stdout_of(&ok)
    );
    let late = wa(home.path())
        .env("WA_SUPPORT_NOW", "2027-02-08T10:00:00Z")
        .args(["check", "--file"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    let out = stdout_of(&late);
    assert_eq!(late.status.code(), Some(2), "{out}");
    assert!(out.contains("[build-expiring]"), "{out}");
    // The node clock is now far from "now": judged by the fixed clock.
    assert!(out.contains("[clock-skew]"), "{out}");
}

#[test]
fn an_unreadable_clock_is_warned_about_and_ignored() {
    let home = tempdir();
    let o = wa(home.path())
        .env("WA_SUPPORT_NOW", "yesterday\u{1b}[2J")
        .args(["show", "--file"])
        .arg(fixture("multiconnect.json"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("WA_SUPPORT_NOW"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
}
