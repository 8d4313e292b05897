//! What the renderers' unit tests share: the project's fixtures, read and
//! diagnosed at one fixed time.

use crate::diagnose::{Finding, Thresholds, diagnose};
use crate::model::SupportAnswer;

/// The time every renderer test judges at.
pub(crate) const NOW: &str = "2026-11-25T12:00:00Z";

/// `tests/fixtures/NAME` read as an answer from `host`.
pub(crate) fn fixture_from(name: &str, host: &str) -> SupportAnswer {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    SupportAnswer::from_slice(&std::fs::read(path).unwrap(), host).unwrap()
}

/// `tests/fixtures/NAME` read as an answer from `wa.example.com`.
pub(crate) fn fixture(name: &str) -> SupportAnswer {
    fixture_from(name, "wa.example.com")
}

/// The findings for `answer` at [`NOW`] with the default thresholds.
pub(crate) fn findings(answer: &SupportAnswer) -> Vec<Finding> {
    diagnose(answer, &Thresholds::default(), NOW.parse().unwrap())
}
