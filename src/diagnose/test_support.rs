//! What the diagnosis tests share: reading an answer, the fixed clock,
//! running the rules, and picking findings out by code.

pub use crate::diagnose::node::is_connected;
pub use crate::diagnose::*;
pub use crate::model::{Bytes, SupportAnswer};
pub use crate::safe::ServerText;

/// An answer from JSON text.
pub fn answer(json: &str) -> SupportAnswer {
    SupportAnswer::from_slice(json.as_bytes(), "local").unwrap()
}

/// An answer from `tests/fixtures/`.
pub fn fixture(name: &str) -> SupportAnswer {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    SupportAnswer::from_slice(&std::fs::read(path).unwrap(), "local").unwrap()
}

/// The one clock of these tests.
pub fn now() -> jiff::Timestamp {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

/// The findings of `a` with the default thresholds.
pub fn run(a: &SupportAnswer) -> Vec<Finding> {
    diagnose(a, &Thresholds::default(), now())
}

/// The findings of the answer in `json` with the default thresholds.
pub fn run_json(json: &str) -> Vec<Finding> {
    run(&answer(json))
}

/// (code, severity, node) of each finding.
pub fn codes(f: &[Finding]) -> Vec<(&'static str, Severity, Option<&str>)> {
    f.iter()
        .map(|f| {
            (
                f.code.as_str(),
                f.severity,
                f.node.as_ref().map(|t| t.raw()),
            )
        })
        .collect()
}

/// Whether a finding has this code and severity.
pub fn has(f: &[Finding], code: &str, sev: Severity) -> bool {
    f.iter()
        .any(|x| x.code.as_str() == code && x.severity == sev)
}

/// The messages of the findings with this code.
pub fn msgs<'a>(f: &'a [Finding], code: &str) -> Vec<&'a str> {
    f.iter()
        .filter(|x| x.code.as_str() == code)
        .map(|x| x.message.raw())
        .collect()
}

/// The message of the one finding with this code.
pub fn only(f: &[Finding], code: &str) -> String {
    let m = msgs(f, code);
    assert_eq!(m.len(), 1, "{code}: {f:#?}");
    m[0].to_string()
}

/// The findings with this code.
pub fn with_code<'a>(f: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.code.as_str() == code).collect()
}

/// The one finding with this code.
pub fn one<'a>(f: &'a [Finding], code: &str) -> &'a Finding {
    let found = with_code(f, code);
    assert_eq!(found.len(), 1, "{code} in {f:#?}");
    found[0]
}

/// The finding's node name, raw.
pub fn node_of(f: &Finding) -> Option<&str> {
    f.node.as_ref().map(ServerText::raw)
}

/// The worst severity among the findings.
pub fn worst(f: &[Finding]) -> Option<Severity> {
    f.iter().map(|x| x.severity).max()
}
