use super::*;
use crate::diagnose::Severity;
use crate::error::ErrorKind;
use crate::model::SupportAnswer;

fn health(body: &str) -> HealthAnswer {
    HealthAnswer::from_slice(body.as_bytes(), "wa1").expect("health answer")
}

fn support(body: &str) -> SupportAnswer {
    SupportAnswer::from_slice(body.as_bytes(), "wa1").expect("support answer")
}

fn codes(f: &[HealthFinding]) -> Vec<(&'static str, Severity, Option<&str>)> {
    f.iter()
        .map(|f| (f.code, f.severity, f.node.as_ref().map(ServerText::raw)))
        .collect()
}

const MULTI: &str = r#"{
  "meta": {"api_status": "stable", "version": "2.45.1"},
  "health": {
    "wa1:master": {"gateway_status": "connected", "role": "primary_master"},
    "wa2:core1": {"gateway_status": "disconnected", "role": "primary_coreapp"},
    "wa3:core2": {"errors": [{"code": 1011, "title": "Service not ready", "details": "Wacore is not instantiated."}]}
  }
}"#;

#[test]
fn reads_the_single_shape() {
    let h = health(r#"{"health":{"gateway_status":"connected"},"meta":{"version":"v2.45.1"}}"#);
    assert_eq!(h.shape, Shape::Single);
    assert_eq!(h.nodes.len(), 1);
    assert_eq!(h.nodes[0].name, "wa1");
    assert_eq!(h.nodes[0].gateway_status, Some(GatewayStatus::Connected));
    assert_eq!(
        h.meta
            .as_ref()
            .and_then(|m| m.version.as_ref())
            .map(|v| v.0.raw()),
        Some("v2.45.1")
    );
    assert!(h.errors.is_empty() && h.unreadable.is_empty());
}

#[test]
fn reads_the_multi_connect_shape_with_roles_and_node_errors() {
    let h = health(MULTI);
    assert_eq!(h.shape, Shape::MultiConnect);
    assert_eq!(h.nodes.len(), 3);
    let m = h.node("wa1:master").unwrap();
    assert_eq!(m.gateway_status, Some(GatewayStatus::Connected));
    assert_eq!(m.role.as_ref().map(ServerText::raw), Some("primary_master"));
    let c = h.node("wa2:core1").unwrap();
    assert_eq!(c.gateway_status, Some(GatewayStatus::Disconnected));
    assert_eq!(
        c.role.as_ref().map(ServerText::raw),
        Some("primary_coreapp")
    );
    let e = h.node("wa3:core2").unwrap();
    assert!(e.is_error());
    assert_eq!(e.errors[0].code, Some(1011));
    assert_eq!(e.gateway_status, None);
    assert_eq!(e.status_text(), "error 1011");
    assert_eq!(
        h.meta.as_ref().unwrap().api_status.as_ref().unwrap(),
        "stable"
    );
}

#[test]
fn every_known_status_and_unknown_ones_kept_raw() {
    for (sent, want) in [
        ("connected", GatewayStatus::Connected),
        (" Connecting ", GatewayStatus::Connecting),
        ("DISCONNECTED", GatewayStatus::Disconnected),
        ("uninitialized", GatewayStatus::Uninitialized),
        ("unregistered", GatewayStatus::Unregistered),
    ] {
        assert_eq!(GatewayStatus::parse(sent), want, "{sent}");
    }
    let other = GatewayStatus::parse("half-open");
    assert_eq!(other, GatewayStatus::Other("half-open".into()));
    assert_eq!(other.raw(), "half-open");
    let h = health(r#"{"health":{"gateway_status":"half-open","uptime":12}}"#);
    assert_eq!(h.nodes[0].status_text(), "half-open");
    assert_eq!(h.nodes[0].extra.get("uptime"), Some(&serde_json::json!(12)));
}

#[test]
fn an_odd_gateway_status_degrades_only_that_field() {
    let h = health(
        r#"{"health":{"h1:c":{"gateway_status":7,"role":"coreapp"},"h2:c":{"gateway_status":"connected"}}}"#,
    );
    let n = h.node("h1:c").unwrap();
    assert_eq!(n.gateway_status, None);
    assert_eq!(n.role.as_ref().unwrap(), "coreapp");
    assert_eq!(n.unreadable.len(), 1);
    assert_eq!(n.unreadable[0].field, "gateway_status");
    assert_eq!(n.unreadable[0].path, "health.h1:c.gateway_status");
    assert_eq!(n.unreadable[0].raw, "7");
    assert_eq!(n.status_text(), "?");
    assert_eq!(
        h.node("h2:c").unwrap().gateway_status,
        Some(GatewayStatus::Connected)
    );
    // An object as the role: unreadable too, and cut short when long.
    let long = "x".repeat(5000);
    let body = format!(r#"{{"health":{{"gateway_status":"connected","role":{{"a":"{long}"}}}}}}"#);
    let h = health(&body);
    assert_eq!(h.nodes[0].gateway_status, Some(GatewayStatus::Connected));
    assert_eq!(h.nodes[0].unreadable[0].field, "role");
    assert!(h.nodes[0].unreadable[0].raw.raw().chars().count() <= RAW_MAX + 1);
}

#[test]
fn nodes_sent_as_null_string_list_or_number_are_nodes_in_error() {
    let h = health(
        r#"{"health":{"a:1":null,"b:2":"wacore down","c:3":[{"code":1014,"title":"Internal error"}],"d:4":5,"e:5":{"errors":[]},"f:6":{"gateway_status":"connected"}}}"#,
    );
    assert_eq!(h.shape, Shape::MultiConnect);
    assert_eq!(h.nodes.len(), 6);
    for name in ["a:1", "b:2", "c:3", "d:4", "e:5"] {
        let n = h.node(name).unwrap();
        assert!(n.is_error(), "{name}");
        assert_eq!(n.gateway_status, None, "{name}");
    }
    assert_eq!(
        h.node("b:2").unwrap().errors[0].title.as_ref().unwrap(),
        "wacore down"
    );
    assert_eq!(h.node("c:3").unwrap().errors[0].code, Some(1014));
    assert!(!h.node("f:6").unwrap().is_error());
}

#[test]
fn a_top_level_errors_envelope_is_kept_and_meta_may_be_odd() {
    let h = health(r#"{"meta":"v2","errors":[{"code":1005,"title":"Access denied"}]}"#);
    assert!(h.nodes.is_empty());
    assert_eq!(h.errors[0].code, Some(1005));
    assert_eq!(h.unreadable[0].field, "meta");
    let h = health(r#"{"health":null,"errors":{"code":"1011","title":"Service not ready"}}"#);
    assert_eq!(h.errors[0].code, Some(1011));
}

#[test]
fn bodies_that_are_no_health_answer_are_errors_not_panics() {
    for body in [
        "",
        "   ",
        "<html><title>Bad gateway</title></html>",
        "[1,2]",
        "null",
        "{}",
        r#"{"health":{}}"#,
        r#"{"health":"up"}"#,
        r#"{"health":{"gateway_status":"connected""#,
        r#"{"support":{"socket_conn":"UP"}}"#,
    ] {
        let e = HealthAnswer::from_slice(body.as_bytes(), "x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "{body}");
    }
    // Arbitrary bytes never panic.
    for body in [
        &b"\xff\xfe\x00"[..],
        b"{\"health\":{\"a:b\":\xff}}",
        b"\x00\x00\x00{",
    ] {
        let _ = HealthAnswer::from_slice(body, "x");
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let body = format!(
        r#"{{"health":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(HealthAnswer::from_slice(body.as_bytes(), "x").is_err());
}

#[test]
fn a_large_answer_parses_in_linear_time() {
    let n = 20_000;
    let mut body = String::from(r#"{"health":{"#);
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#""h{i}:c":{{"gateway_status":"connected","role":"coreapp"}}"#
        ));
    }
    body.push_str("}}");
    let start = std::time::Instant::now();
    let h = health(&body);
    assert_eq!(h.nodes.len(), n);
    let s = support(
        &body
            .replace("health", "support")
            .replace("gateway_status\":\"connected", "socket_conn\":\"UP"),
    );
    let f = cross_check(&s, &h);
    assert!(f.is_empty(), "{f:?}");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

// --- cross-check -------------------------------------------------------

const SUPPORT_MULTI: &str = r#"{"support":{
  "wa1:master":{"role":"primary_master","socket_conn":"UP","debug_info":"+15550001111"},
  "wa2:core1":{"role":"coreapp","socket_conn":"UP","shards":[[0,0]],"debug_info":"+15550001111"},
  "wa3:core2":{"role":"coreapp","socket_conn":"DN","shards":[]}
}}"#;

#[test]
fn agreeing_answers_give_no_finding() {
    let s = support(SUPPORT_MULTI);
    let h = health(
        r#"{"health":{"wa1:master":{"gateway_status":"connected"},"wa2:core1":{"gateway_status":"connected"},"wa3:core2":{"gateway_status":"disconnected"}}}"#,
    );
    assert_eq!(cross_check(&s, &h), Vec::new());
    let s = support(
        r#"{"support":{"socket_conn":"UP receiving offline","debug_info":"+15550001111"}}"#,
    );
    let h = health(r#"{"health":{"gateway_status":"connected"}}"#);
    assert_eq!(cross_check(&s, &h), Vec::new());
}

#[test]
fn a_disagreement_names_both_values() {
    let s = support(SUPPORT_MULTI);
    let h = health(MULTI);
    let f = cross_check(&s, &h);
    // wa2:core1: gateway disconnected, socket UP; wa3:core2: node in error.
    assert_eq!(
        codes(&f),
        vec![
            ("health-mismatch", Severity::Warning, Some("wa2:core1")),
            ("health-node-error", Severity::Warning, Some("wa3:core2")),
        ]
    );
    let m = f[0].message.raw();
    assert!(
        m.contains("gateway_status disconnected") && m.contains("socket_conn UP"),
        "{m}"
    );
    let e = f[1].message.raw();
    assert!(
        e.contains("1011 Service not ready") && e.contains("socket_conn DN"),
        "{e}"
    );
}

#[test]
fn gateway_connected_but_socket_down_is_a_mismatch_in_a_single_node_answer() {
    // Single-node answers pair their one node whatever the names.
    let s = SupportAnswer::from_slice(br#"{"support":{"socket_conn":"DN"}}"#, "host-a").unwrap();
    let h =
        HealthAnswer::from_slice(br#"{"health":{"gateway_status":"connected"}}"#, "other").unwrap();
    let f = cross_check(&s, &h);
    assert_eq!(
        codes(&f),
        vec![("health-mismatch", Severity::Warning, Some("host-a"))]
    );
    assert!(f[0].message.contains("gateway_status connected"));
    assert!(f[0].message.contains("socket_conn DN"));
}

#[test]
fn connecting_against_a_settled_state_is_only_a_note() {
    let s = support(r#"{"support":{"socket_conn":"SC"}}"#);
    let h = health(r#"{"health":{"gateway_status":"connected"}}"#);
    assert_eq!(
        codes(&cross_check(&s, &h)),
        vec![("health-mismatch", Severity::Note, Some("wa1"))]
    );
    let s = support(r#"{"support":{"socket_conn":"SC"}}"#);
    let h = health(r#"{"health":{"gateway_status":"connecting"}}"#);
    assert!(cross_check(&s, &h).is_empty());
    // An unknown socket state or gateway status is not judged.
    let s = support(r#"{"support":{"socket_conn":"UNK"}}"#);
    let h = health(r#"{"health":{"gateway_status":"disconnected"}}"#);
    assert!(cross_check(&s, &h).is_empty());
    let s = support(r#"{"support":{"socket_conn":"UP"}}"#);
    let h = health(r#"{"health":{"gateway_status":"half-open"}}"#);
    assert!(cross_check(&s, &h).is_empty());
}

#[test]
fn uninitialized_says_a_schema_upgrade_may_be_running() {
    let s = support(r#"{"support":{"socket_conn":"DN"}}"#);
    let h = health(r#"{"health":{"gateway_status":"uninitialized"}}"#);
    let f = cross_check(&s, &h);
    assert_eq!(
        codes(&f),
        vec![("health-uninitialized", Severity::Warning, Some("wa1"))]
    );
    assert!(f[0].message.contains("schema upgrade"));
}

#[test]
fn unregistered_is_a_warning_only_on_a_node_with_a_phone_number() {
    let h = health(r#"{"health":{"gateway_status":"unregistered"}}"#);
    let s = support(r#"{"support":{"socket_conn":"DN","debug_info":"+49 151 12345678"}}"#);
    let f = cross_check(&s, &h);
    assert_eq!(
        codes(&f),
        vec![("health-unregistered", Severity::Warning, Some("wa1"))]
    );
    assert!(
        !f[0].message.contains("12345678"),
        "no phone number in the message"
    );
    let s = support(r#"{"support":{"socket_conn":"DN","debug_info":"unregistered"}}"#);
    assert!(cross_check(&s, &h).is_empty());
    let s = support(r#"{"support":{"socket_conn":"DN"}}"#);
    assert!(cross_check(&s, &h).is_empty());
}

#[test]
fn a_node_in_one_answer_only_is_a_note() {
    let s = support(SUPPORT_MULTI);
    let h = health(
        r#"{"health":{"wa1:master":{"gateway_status":"connected"},"wa2:core1":{"gateway_status":"connected"},"wa9:new":{"gateway_status":"uninitialized"}}}"#,
    );
    let f = cross_check(&s, &h);
    assert_eq!(
        codes(&f),
        vec![
            ("health-missing-node", Severity::Note, Some("wa3:core2")),
            ("health-missing-node", Severity::Note, Some("wa9:new")),
            ("health-uninitialized", Severity::Warning, Some("wa9:new")),
        ]
    );
    assert!(f[0].message.contains("not in /v1/health"));
    assert!(f[1].message.contains("not in /v1/support"));
}

#[test]
fn an_errors_envelope_is_one_warning() {
    let s = support(SUPPORT_MULTI);
    let h = health(r#"{"errors":[{"code":1005,"title":"Access denied"}]}"#);
    let f = cross_check(&s, &h);
    assert_eq!(codes(&f), vec![("health-error", Severity::Warning, None)]);
    assert!(f[0].message.contains("1005 Access denied"));
}

#[test]
fn a_nameless_node_against_a_cluster_is_not_paired() {
    let s = support(SUPPORT_MULTI);
    let h = health(r#"{"health":{"gateway_status":"uninitialized"}}"#);
    let f = cross_check(&s, &h);
    assert_eq!(
        codes(&f),
        vec![
            ("health-unmatched", Severity::Note, None),
            ("health-uninitialized", Severity::Warning, None),
        ]
    );
}

#[test]
fn gateway_statuses_follow_the_support_nodes() {
    let s = support(SUPPORT_MULTI);
    let h = health(MULTI);
    let col = gateway_statuses(&s, &h);
    // Support nodes are sorted: primary master first, then coreapps by name.
    let names: Vec<&str> = s.nodes.iter().map(|n| n.name.raw()).collect();
    assert_eq!(names, ["wa1:master", "wa2:core1", "wa3:core2"]);
    assert_eq!(
        col,
        vec![
            Some(&GatewayStatus::Connected),
            Some(&GatewayStatus::Disconnected),
            None
        ]
    );
    let cells: Vec<String> = match_nodes(&s, &h)
        .iter()
        .map(|n| n.map_or("—".to_string(), |n| n.status_text().into_raw()))
        .collect();
    assert_eq!(cells, ["connected", "disconnected", "error 1011"]);
}

#[test]
fn every_code_given_is_listed() {
    let s = support(SUPPORT_MULTI);
    let cases = [
        MULTI,
        r#"{"errors":[{"code":1005}]}"#,
        r#"{"health":{"gateway_status":"uninitialized"}}"#,
        r#"{"health":{"wa1:master":{"gateway_status":"unregistered"},"x:y":{}}}"#,
    ];
    for c in cases {
        for f in cross_check(&s, &health(c)) {
            assert!(FINDING_CODES.contains(&f.code), "{}", f.code);
        }
    }
}

#[test]
fn every_health_finding_code_has_an_explain_page() {
    for code in FINDING_CODES {
        let page = crate::explain::page(code).unwrap_or_else(|| panic!("{code} has no page"));
        assert!(!page.hint.is_empty());
    }
}
