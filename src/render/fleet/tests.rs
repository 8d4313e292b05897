//! A fleet's outputs on fixtures: the worst state first, UNKNOWN above
//! WARNING, one plugin line per deployment, JSON with `deployments`, the
//! fleet table.

use super::*;
use crate::diagnose::diagnose;
use crate::render::testing::{NOW, fixture_from};

fn now() -> jiff::Timestamp {
    NOW.parse().unwrap()
}

fn healthy() -> SupportAnswer {
    fixture_from("single-registered.json", "wa")
}

fn down() -> SupportAnswer {
    fixture_from("single-unregistered.json", "wa")
}

fn source() -> SourceInfo {
    SourceInfo {
        kind: "url",
        name: "h:9090".into(),
        at: NOW.into(),
    }
}

struct Owned {
    name: &'static str,
    read: Result<(SupportAnswer, Vec<Finding>), String>,
}

fn owned(name: &'static str, a: Result<SupportAnswer, &str>) -> Owned {
    Owned {
        name,
        read: a
            .map(|a| {
                let f = diagnose(&a, &Thresholds::default(), now());
                (a, f)
            })
            .map_err(String::from),
    }
}

fn entries(o: &[Owned]) -> Vec<Entry<'_>> {
    o.iter()
        .map(|o| Entry {
            deployment: o.name,
            outcome: match &o.read {
                Ok((a, f)) => Ok(Answered {
                    answer: a,
                    findings: f,
                    source: source(),
                }),
                Err(e) => Err(e.clone()),
            },
        })
        .collect()
}

fn check(o: &[Owned]) -> (CheckState, String) {
    render_fleet_check(&entries(o), &Thresholds::default(), now())
}

#[test]
fn the_worst_state_wins_critical_over_unknown_over_warning() {
    let ok = || owned("ok", Ok(healthy()));
    let crit = || owned("crit", Ok(down()));
    let unk = || owned("unk", Err("connection refused"));
    assert_eq!(check(&[ok(), ok()]).0, CheckState::Ok);
    assert_eq!(check(&[ok(), unk()]).0, CheckState::Unknown);
    assert_eq!(check(&[unk(), crit(), ok()]).0, CheckState::Critical);
    assert_eq!(worst(&[]), CheckState::Unknown);
    let w = [
        CheckState::Ok,
        CheckState::Warning,
        CheckState::Unknown,
        CheckState::Critical,
    ];
    assert!(w.windows(2).all(|p| rank(p[0]) < rank(p[1])));
}

#[test]
fn the_first_line_names_the_worst_and_one_line_follows_per_deployment() {
    let o = [
        owned("prod-us", Ok(healthy())),
        owned("prod-eu", Ok(down())),
        owned("staging", Err("timed out | after 10 s\nreally")),
    ];
    let (state, out) = check(&o);
    assert_eq!(state, CheckState::Critical);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("WA-SUPPORT CRITICAL - 1 of 3 deployments critical: prod-eu: 4 critical, 1 warning(s) on 1 node(s): wa: "),
        "{out}"
    );
    assert!(
        lines[0].contains("; 1 UNKNOWN, 1 OK | deployments=3;;;0 deployments_ok=1;;;0;3"),
        "{out}"
    );
    assert!(lines[0].ends_with("deployments_unknown=1;;;0;3"), "{out}");
    assert!(
        lines[1].starts_with("OK: prod-us: 1 node(s), 1 connected"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("CRITICAL: prod-eu: 4 critical"),
        "{out}"
    );
    assert_eq!(
        lines[3],
        "UNKNOWN: staging: timed out / after 10 s\\nreally"
    );
    assert_eq!(out.matches('|').count(), 1, "{out}");
}

#[test]
fn the_first_line_stays_bounded_with_many_deployments() {
    let names: Vec<&'static str> = (0..200)
        .map(|i| &*Box::leak(format!("deployment-with-a-long-name-{i}").into_boxed_str()))
        .collect();
    let o: Vec<Owned> = names.iter().map(|n| owned(n, Ok(down()))).collect();
    let (state, out) = check(&o);
    assert_eq!(state, CheckState::Critical);
    let first = out.lines().next().unwrap();
    let (text, _) = first.split_once(" | ").unwrap();
    assert!(
        text.chars().count() <= 2 * MAX_SUMMARY + 20,
        "{}",
        text.len()
    );
    assert!(text.contains("200 of 200 deployments critical"), "{text}");
    assert!(text.contains("more"), "{text}");
    assert_eq!(out.lines().count(), 201);
}

#[test]
fn all_ok_says_so() {
    let o = [owned("a", Ok(healthy())), owned("b", Ok(healthy()))];
    let (state, out) = check(&o);
    assert_eq!(state, CheckState::Ok);
    assert!(
        out.starts_with("WA-SUPPORT OK - 2 of 2 deployments OK | "),
        "{out}"
    );
}

#[test]
fn json_documents_name_each_deployment_in_order() {
    let o = [owned("b\u{202e}", Ok(down())), owned("a", Err("refused"))];
    let e = entries(&o);
    let v: serde_json::Value = serde_json::from_str(&render_fleet_check_json(&e)).unwrap();
    assert_eq!(v["status"], "CRITICAL");
    assert_eq!(v["exit_code"], 2);
    assert_eq!(v["deployments"][0]["deployment"], "b\u{202e}");
    assert_eq!(v["deployments"][0]["status"], "CRITICAL");
    assert_eq!(v["deployments"][1]["deployment"], "a");
    assert_eq!(v["deployments"][1]["error"], "refused");
    assert_eq!(v["deployments"][1]["exit_code"], 3);
    let text = render_fleet_json(&e);
    assert!(!text.contains('\u{202e}'));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], 1);
    let d = v["deployments"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0]["deployment"], "b\u{202e}");
    assert_eq!(d[0]["summary"]["status"], "CRITICAL");
    assert_eq!(d[0]["nodes"][0]["name"], "wa");
    assert_eq!(d[1]["deployment"], "a");
    assert_eq!(d[1]["summary"]["status"], "UNKNOWN");
    assert_eq!(d[1]["error"], "refused");
    // Empty: still one document.
    let v: serde_json::Value = serde_json::from_str(&render_fleet_json(&[])).unwrap();
    assert_eq!(v["deployments"].as_array().unwrap().len(), 0);
}

#[test]
fn the_fleet_table_has_a_row_per_deployment_with_escaped_server_text() {
    let mut evil = owned("prod-eu", Ok(healthy()));
    if let Ok((_, f)) = &mut evil.read {
        f.insert(
            0,
            Finding {
                severity: Severity::Critical,
                code: crate::diagnose::FindingCode::SocketDown,
                node: Some("h\u{1b}]0;x\u{7}:a".into()),
                message: "down\r\n".into(),
            },
        );
    }
    let o = [
        owned("prod-us", Ok(healthy())),
        evil,
        owned("staging", Err("connection refused\u{1b}[2J")),
    ];
    let text = fleet_table(&entries(&o), &RenderOptions::PLAIN);
    for bad in ['\x1b', '\x07'] {
        assert!(!text.contains(bad), "{text}");
    }
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Fleet: 3 deployments (1 CRITICAL, 1 UNKNOWN, 1 OK)"
    );
    assert!(
        lines[1].starts_with("DEPLOYMENT  STATUS    NODES UP  BUILD   WORST FINDING"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("prod-us     OK        1/1       2.51.3  —"),
        "{text}"
    );
    assert!(
        lines[3].starts_with(
            "prod-eu     CRITICAL  1/1       2.51.3  h\\e]0;x\\a:a: down\\r\\n [socket-down]"
        ),
        "{text}"
    );
    assert!(
        lines[4].starts_with(
            "staging     UNKNOWN   —         —       not read: connection refused\\e[2J"
        ),
        "{text}"
    );
}
