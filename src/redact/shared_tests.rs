//! One redaction state over several documents (`redact_all`).

use super::*;
use serde_json::json;

fn fixtures() -> Vec<Value> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            out.push(serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap());
        }
    }
    assert!(out.len() >= 8);
    out
}

#[test]
fn one_document_is_redacted_exactly_as_redact_does() {
    for hosts in [false, true] {
        let opts = RedactOptions { hosts };
        for v in fixtures() {
            let (mut a, mut b) = (v.clone(), v.clone());
            let x = redact(&mut a, opts, &["wa.example.com:9090"]);
            let y = redact_all(&mut [&mut b], opts, &["wa.example.com:9090"]);
            assert_eq!(a, b);
            assert_eq!(x.summary(), y.summary());
        }
    }
}

fn cluster() -> (Value, Value) {
    let support = json!({"support": {
        "10.1.0.7:wa-coreapp-97145031111-0": {"role": "coreapp", "socket_conn": "UP",
            "debug_info": "+4915112345678", "env": ["WA_DB_PASSWORD=hunter2-Secret!"]},
        "10.1.0.8:wa-master-97145031111-0": {"role": "primary_master", "socket_conn": "DN"}
    }});
    let health = json!({"health": {
        "10.1.0.7:wa-coreapp-97145031111-0": {"gateway_status": "connected", "role": "coreapp"},
        "10.1.0.8:wa-master-97145031111-0": {"gateway_status": "disconnected", "role": "primary_master"},
        "10.1.0.9:wa-spare-4915112345678": {"errors": [{"code": 1011, "title": "not ready on 10.1.0.9"}]}
    }});
    (support, health)
}

#[test]
fn the_same_node_gets_the_same_pseudonym_under_support_and_health() {
    for hosts in [false, true] {
        let (mut support, mut health) = cluster();
        let a = redact_all(
            &mut [&mut support, &mut health],
            RedactOptions { hosts },
            &["wa.example.com:9090"],
        );
        let s: Vec<&String> = support["support"].as_object().unwrap().keys().collect();
        let h: Vec<&String> = health["health"].as_object().unwrap().keys().collect();
        assert_eq!(h.len(), 3);
        for k in &s {
            assert!(h.contains(k), "{k} not in {h:?}");
        }
        let both = format!("{support}{health}");
        for clear in ["15112345678", "97145031111", "hunter2"] {
            assert!(!both.contains(clear), "{clear} in {both}");
        }
        assert_eq!(both.contains("10.1.0."), !hosts, "{both}");
        if hosts {
            // The node only /v1/health names is aliased too, and in its error.
            assert!(
                health.to_string().contains("not ready on node-3"),
                "{health}"
            );
        }
        // What health reads is kept.
        let node = &health["health"][s[0].as_str()];
        assert!(node["gateway_status"].is_string() && node["role"].is_string());
        // The business number and the one in the container names.
        assert_eq!(a.counts().phones, 2);
    }
}

#[test]
fn plain_text_takes_the_shared_pseudonyms_and_counts_its_secrets() {
    let (mut support, mut health) = cluster();
    let mut a = redact_all(
        &mut [&mut support, &mut health],
        RedactOptions { hosts: true },
        &[],
    );
    let before = a.counts().secrets;
    let metrics = "wa_up{host=\"10.1.0.7\",phone=\"4915112345678\"} 1\nwa_ms 1732524000123\nAuthorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789\n";
    let out = a.redact_text(metrics);
    assert!(out.contains("host=\"node-1\""), "{out}");
    assert!(
        !out.contains("15112345678") && !out.contains("abcdefghijklmnop"),
        "{out}"
    );
    // A long number that is no known phone stays.
    assert!(out.contains("1732524000123"), "{out}");
    assert!(a.counts().secrets > before);
    // Without host redaction hosts stay.
    let mut b = redact_all(&mut [&mut cluster().0], RedactOptions::default(), &[]);
    assert!(b.redact_text("10.1.0.7 up").contains("10.1.0.7"));
}

#[test]
fn a_document_redacted_later_takes_the_same_pseudonyms() {
    for hosts in [false, true] {
        let opts = RedactOptions { hosts };
        let (mut s1, mut h1) = cluster();
        redact_all(&mut [&mut s1, &mut h1], opts, &[]);
        let (mut s2, mut h2) = cluster();
        let mut a = redact_all(&mut [&mut s2], opts, &[]);
        a.redact_more(&mut h2);
        assert_eq!(s1, s2);
        let keys = |v: &Value| -> Vec<String> {
            v["health"].as_object().unwrap().keys().cloned().collect()
        };
        // The two nodes /v1/support knows are named alike.
        let (k1, k2) = (keys(&h1), keys(&h2));
        assert_eq!((k1.len(), k2.len()), (3, 3));
        let support: Vec<&String> = s2["support"].as_object().unwrap().keys().collect();
        for k in support {
            assert!(k2.contains(k), "{k} not in {k2:?}");
        }
        assert!(!h2.to_string().contains("15112345678"), "{h2}");
    }
}
