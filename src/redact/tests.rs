//! Redaction tests: over every fixture, no original secret survives.

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
            if let Some((name, val)) = s.split_once('=') {
                if is_secret_name(name) && !val.is_empty() {
                    out.push(val.to_string());
                }
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

#[test]
fn no_secret_survives_in_any_fixture() {
    for (name, original) in fixtures() {
        let mut secrets = Vec::new();
        secrets_of(&original, None, &mut secrets);
        let mut v = original.clone();
        redact(&mut v, RedactOptions { hosts: true }, &["wa.example.com"]);
        let text = serde_json::to_string(&v).unwrap();
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{name}: {s} survived");
        }
        // Hosts are gone too.
        assert!(!text.contains("10.210.71."), "{name}");
    }
}

#[test]
fn no_secret_survives_in_any_rendered_form() {
    use crate::diagnose::{Thresholds, diagnose};
    use crate::model::SupportAnswer;
    use crate::render::report::{ReportContext, render_report};
    use crate::render::{RenderOptions, text::render_show};
    for (name, original) in fixtures() {
        let mut secrets = Vec::new();
        secrets_of(&original, None, &mut secrets);
        let mut v = original.clone();
        redact(&mut v, RedactOptions::default(), &[]);
        let a = SupportAnswer::from_value(v.clone(), "local").unwrap();
        let f = diagnose(&a, &Thresholds::default(), jiff::Timestamp::UNIX_EPOCH);
        let ctx = ReportContext {
            generated_at: "now".into(),
            target: "t".into(),
            redaction: "on".into(),
        };
        let outputs = [
            render_report(&a, &f, &v, &ctx),
            render_show(&a, Some(&f), &RenderOptions::PLAIN),
            crate::render::json::render_normalized(
                &a,
                &f,
                &crate::render::json::SourceInfo {
                    kind: "file",
                    name: name.clone(),
                    at: "now".into(),
                },
            ),
        ];
        for out in &outputs {
            for s in &secrets {
                assert!(!out.contains(s.as_str()), "{name}: {s} survived");
            }
        }
    }
}

#[test]
fn phone_keeps_country_code_and_last_two() {
    assert_eq!(mask_phone("+4915112345678"), "+49•••••••••78");
    assert_eq!(mask_phone("+15550001111"), "+1••••••••11");
    assert_eq!(mask_phone("97145031111"), "971••••••11");
    assert_eq!(mask_phone("unregistered"), "unregistered");
}

#[test]
fn phone_digits_are_masked_in_container_names() {
    let mut v: Value = serde_json::from_str(
        r#"{"support":{"10.0.0.1:wa-master-97145031111-0":{"debug_info":"+97145031111","role":"primary_master"}}}"#,
    )
    .unwrap();
    redact(&mut v, RedactOptions::default(), &[]);
    let s = v.to_string();
    assert!(s.contains("10.0.0.1:wa-master-971••••••11-0"), "{s}");
    assert!(s.contains("+971••••••11"), "{s}");
}

#[test]
fn env_names_kept_values_masked() {
    let mut v: Value = serde_json::from_str(
        r#"{"support":{"env":["WA_DB_PASSWORD=hunter2","WA_DB_HOSTNAME=db","api_key=abc","PLAIN=ok",{"name":"DB_SECRET","value":"x1"},{"MY_TOKEN":"t0k"}]}}"#,
    )
    .unwrap();
    redact(&mut v, RedactOptions::default(), &[]);
    assert_eq!(
        v["support"]["env"],
        serde_json::json!(["WA_DB_PASSWORD=REDACTED","WA_DB_HOSTNAME=db","api_key=REDACTED","PLAIN=ok",{"name":"DB_SECRET","value":"REDACTED"},{"MY_TOKEN":"REDACTED"}])
    );
}

#[test]
fn tokens_are_masked_in_text() {
    assert_eq!(
        mask_tokens("Authorization: Bearer abc.def-123"),
        "Authorization: Bearer REDACTED"
    );
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl";
    assert_eq!(
        mask_tokens(&format!("token {jwt} end")),
        "token REDACTED end"
    );
    assert_eq!(
        mask_tokens("Q2xpZW50VG9rZW4tOTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"),
        "REDACTED"
    );
    // Container ids (hex) are not tokens.
    let hex = "7f3c2a9b1d0e7f3c2a9b1d0e7f3c2a9b1d0e7f3c2a9b1d0e7f3c2a9b1d0e1234";
    assert_eq!(mask_tokens(hex), hex);
}

#[test]
fn host_aliases_are_stable_everywhere() {
    let mut v: Value = serde_json::from_str(
        r#"{"support":{"10.0.0.1:c1":{"debug_info":"x","other":"peer 10.0.0.2 and 10.0.0.1"},"10.0.0.2:c2":{}}}"#,
    )
    .unwrap();
    let aliases = redact(
        &mut v,
        RedactOptions { hosts: true },
        &["wa.example.com:9090"],
    );
    let s = v.to_string();
    assert!(s.contains("\"node-1:c1\""), "{s}");
    assert!(s.contains("\"node-2:c2\""), "{s}");
    assert!(s.contains("peer node-2 and node-1"), "{s}");
    assert_eq!(aliases.get("wa.example.com"), Some("node-3"));
}

#[test]
fn structure_is_kept() {
    for (name, original) in fixtures() {
        let mut v = original.clone();
        redact(&mut v, RedactOptions::default(), &[]);
        fn shape(v: &Value) -> String {
            match v {
                Value::Object(m) => format!(
                    "{{{}}}",
                    m.values().map(shape).collect::<Vec<_>>().join(",")
                ),
                Value::Array(a) => {
                    format!("[{}]", a.iter().map(shape).collect::<Vec<_>>().join(","))
                }
                Value::String(_) => "s".into(),
                Value::Number(_) => "n".into(),
                Value::Bool(_) => "b".into(),
                Value::Null => "0".into(),
            }
        }
        assert_eq!(shape(&v), shape(&original), "{name}");
    }
}
