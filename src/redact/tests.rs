//! Redaction tests: over every fixture, no original secret survives. The
//! helpers they share are here; the cases by concern in `fixtures`,
//! `secrets`, `phones` and `hosts`.

use super::*;

fn fixtures() -> Vec<(String, Value)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            out.push((p.display().to_string(), v));
        }
    }
    assert!(out.len() >= 8);
    out
}

/// Every secret string of a document: phone numbers (their middle digits),
/// secret env values, tokens.
fn secrets_of(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if key == Some("debug_info") {
                let d: String = s.chars().filter(char::is_ascii_digit).collect();
                if d.len() >= 6 {
                    out.push(d);
                }
            }
            if let Some((name, val)) = s.split_once('=')
                && is_secret_name(name)
                && !val.is_empty()
            {
                out.push(val.to_string());
            }
            if key.is_some_and(is_secret_name) && !s.is_empty() {
                out.push(s.clone());
            }
        }
        Value::Array(a) => a.iter().for_each(|x| secrets_of(x, key, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| secrets_of(x, Some(k), out)),
        _ => {}
    }
}

fn redacted(v: Value, hosts: bool) -> (Value, Aliases) {
    let mut v = v;
    let a = redact(&mut v, RedactOptions { hosts }, &[]);
    (v, a)
}

/// Node count, status, and the findings' severities and codes.
type Verdict = (usize, String, Vec<(String, &'static str)>);

/// Status, node count and finding codes of an answer.
fn verdict(v: &Value) -> Option<Verdict> {
    use crate::diagnose::{Thresholds, diagnose};
    let a = crate::model::SupportAnswer::from_value(v.clone(), "local").ok()?;
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    let mut codes: Vec<_> = f
        .iter()
        .map(|f| (f.severity.to_string(), f.code.as_str()))
        .collect();
    codes.sort();
    Some((
        a.nodes.len(),
        crate::render::json::status_word(&f).to_string(),
        codes,
    ))
}

mod fixtures;
mod hosts;
mod phones;
mod secrets;
