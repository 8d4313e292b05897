//! Over every fixture and every rendered form, no original secret
//! survives, the structure is kept and the diagnosis is unchanged.

use super::*;

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

#[test]
fn redaction_never_changes_the_diagnosis_of_any_fixture() {
    let root = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<(String, Value)> = fixtures();
    let expected = std::fs::read_to_string(format!("{root}/bad/EXPECTED.tsv")).unwrap();
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(1) == Some(&"ok") {
            let bytes = std::fs::read(format!("{root}/bad/{}", cols[0])).unwrap();
            docs.push((
                cols[0].to_string(),
                crate::model::parse_json(&bytes).unwrap(),
            ));
        }
    }
    for (name, doc) in docs {
        let before = verdict(&doc).unwrap_or_else(|| panic!("{name}"));
        for hosts in [false, true] {
            let (v, _) = redacted(doc.clone(), hosts);
            assert_eq!(
                verdict(&v).as_ref(),
                Some(&before),
                "{name} (hosts {hosts})"
            );
        }
    }
}
