use super::*;
use crate::diagnose::{Thresholds, diagnose};
use std::collections::HashMap;

fn now() -> jiff::Timestamp {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

fn answer(body: &str) -> SupportAnswer {
    SupportAnswer::from_slice(body.as_bytes(), "local").unwrap()
}

fn multiconnect() -> SupportAnswer {
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/multiconnect.json"
    ))
    .unwrap();
    SupportAnswer::from_slice(&body, "local").unwrap()
}

/// One parsed sample: its labels and value.
#[derive(Debug)]
struct Sample {
    labels: HashMap<String, String>,
    value: f64,
}

impl Sample {
    fn label(&self, name: &str) -> Option<&str> {
        self.labels.get(name).map(String::as_str)
    }
}

/// Parses the text with a real parser of the format (openmetrics-parser,
/// Prometheus mode); returns the samples keyed by family name.
fn parse(text: &str) -> HashMap<String, Vec<Sample>> {
    use openmetrics_parser::{MetricNumber, PrometheusType, PrometheusValue};
    let exposition = openmetrics_parser::prometheus::parse_prometheus(text)
        .unwrap_or_else(|e| panic!("not valid exposition: {e:?}\n{text}"));
    let mut by_name = HashMap::new();
    for (name, family) in exposition.families {
        assert_eq!(family.family_type, PrometheusType::Gauge, "{name}");
        assert!(!family.help.is_empty(), "{name} has no HELP");
        let samples = family
            .iter_samples()
            .map(|s| {
                let labels = s
                    .get_labelset()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let value = match &s.value {
                    PrometheusValue::Gauge(n) | PrometheusValue::Unknown(n) => match n {
                        MetricNumber::Float(f) => *f,
                        MetricNumber::Int(i) => *i as f64,
                    },
                    other => panic!("{name}: not a gauge: {other:?}"),
                };
                Sample { labels, value }
            })
            .collect();
        by_name.insert(name, samples);
    }
    by_name
}

fn gauge(s: &Sample) -> f64 {
    s.value
}

fn render_one(a: &SupportAnswer, deployment: Option<&str>) -> String {
    let findings = diagnose(a, &Thresholds::default(), now());
    render_prometheus(&[Scrape {
        deployment,
        outcome: Ok((a, &findings)),
        elapsed: Duration::from_millis(250),
    }])
}

#[test]
fn a_multiconnect_answer_parses_with_one_sample_per_node() {
    let a = multiconnect();
    let m = parse(&render_one(&a, None));
    assert_eq!(gauge(&m["wa_support_up"][0]), 1.0);
    assert_eq!(gauge(&m["wa_support_scrape_duration_seconds"][0]), 0.25);
    assert_eq!(gauge(&m["wa_support_nodes"][0]), a.nodes.len() as f64);
    let info = &m["wa_support_node_info"];
    assert_eq!(info.len(), a.nodes.len());
    for (sample, node) in info.iter().zip(&a.nodes) {
        assert_eq!(sample.label("node"), Some(node.name.raw()));
        assert_eq!(gauge(sample), 1.0);
    }
    // The socket state set has exactly one 1 per node that reports one.
    let states = &m["wa_support_node_socket_state"];
    for node in a.nodes.iter().filter(|n| n.info.socket_conn.is_some()) {
        let ones: Vec<_> = states
            .iter()
            .filter(|s| s.label("node") == Some(node.name.raw()) && gauge(s) == 1.0)
            .collect();
        assert_eq!(ones.len(), 1, "{}", node.name.raw());
        assert_eq!(
            ones[0].label("state"),
            node.info.socket_conn.as_ref().map(|s| s.raw())
        );
    }
}

#[test]
fn free_bytes_are_exact_and_the_no_limit_value_is_left_out() {
    let a = answer(
        r#"{"support":{"a:1":{"free_space_data":123456789,"free_space_logs":9223372036853727000,"socket_conn":"UP"}}}"#,
    );
    let m = parse(&render_one(&a, None));
    let free = &m["wa_support_node_free_bytes"];
    assert_eq!(free.len(), 1, "{free:?}");
    assert_eq!(free[0].label("directory"), Some("data"));
    assert_eq!(gauge(&free[0]), 123_456_789.0);
}

#[test]
fn expiry_is_a_unix_timestamp_and_placeholders_are_left_out() {
    let a = answer(
        r#"{"support":{"a:1":{"expire_timestamp":"2026-12-01T00:00:00Z"},"b:1":{"expire_timestamp":"0"}}}"#,
    );
    let m = parse(&render_one(&a, None));
    let e = &m["wa_support_node_build_expiry_timestamp_seconds"];
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].label("node"), Some("a:1"));
    assert_eq!(gauge(&e[0]), 1_796_083_200.0);
}

#[test]
fn findings_are_counted_by_severity() {
    let a = answer(r#"{"support":{"a:1":{"socket_conn":"DN","shards":[[0,4095]]}}}"#);
    let findings = diagnose(&a, &Thresholds::default(), now());
    let m = parse(&render_one(&a, None));
    for s in &m["wa_support_findings"] {
        let sev = match s.label("severity") {
            Some("critical") => Severity::Critical,
            Some("warning") => Severity::Warning,
            Some("note") => Severity::Note,
            other => panic!("{other:?}"),
        };
        let want = findings.iter().filter(|f| f.severity == sev).count();
        assert_eq!(gauge(s) as usize, want);
    }
    assert!(gauge(&m["wa_support_findings"][0]) >= 1.0);
}

#[test]
fn hostile_label_values_are_escaped_and_still_parse() {
    let a = answer(
        r#"{"support":{"evil\"} 1\nwa_support_up 0\\:1":{"socket_conn":"UP","role":"x\"y"}}}"#,
    );
    let text = render_one(&a, None);
    let m = parse(&text);
    // Still one `up` sample, and it is 1: the name did not inject one.
    assert_eq!(m["wa_support_up"].len(), 1);
    assert_eq!(gauge(&m["wa_support_up"][0]), 1.0);
    // The parser hands label values back as written (escaped): the
    // whole name is one value.
    let name = "evil\"} 1\nwa_support_up 0\\:1";
    assert_eq!(
        m["wa_support_node_info"][0].label("node"),
        Some(label(name).as_str())
    );
    // The newline is shown as the visible `\n` first (as every
    // terminal renderer shows it), then escaped for the format.
    assert_eq!(label(name), "evil\\\"} 1\\\\nwa_support_up 0\\\\:1");
    // Every sample line is one line.
    assert!(
        text.lines()
            .all(|l| l.starts_with('#') || l.starts_with("wa_support_"))
    );
}

#[test]
fn terminal_controls_in_label_values_are_shown_escaped_and_still_parse() {
    let hostile = "\u{1b}]0;T\u{7}\u{1b}[31m\u{202e}\u{2066}\u{9b}2J\u{200b}\u{feff}\r\u{8}\u{85}\u{2028}\u{E0041}\u{180e}\u{115f}\u{3164}\u{ffa0}\u{34f}\u{61c}\u{ad}";
    let body = serde_json::json!({"support": {format!("n{hostile}:1"): {
            "socket_conn": "UP", "role": format!("r{hostile}"), "version": format!("v{hostile}")}}});
    let a = answer(&body.to_string());
    let text = render_one(&a, Some(hostile));
    let raw = text
        .chars()
        .find(|&c| c != '\n' && crate::safe::is_unsafe(c));
    assert_eq!(raw, None, "{text:?}");
    let m = parse(&text);
    let info = &m["wa_support_node_info"][0];
    // The parser reads back the visible escape text.
    let shown = crate::safe::escape(hostile).into_owned();
    assert!(shown.starts_with("\\e]0;T\\a\\e[31m\\u{202e}"), "{shown}");
    assert_eq!(
        info.label("role"),
        Some(label(&format!("r{hostile}")).as_str())
    );
    assert_eq!(info.label("deployment"), Some(label(hostile).as_str()));
    assert_eq!(label(hostile), shown.replace('\\', "\\\\"));
    assert_eq!(m["wa_support_up"].len(), 1);
}

#[test]
fn a_fleet_carries_a_deployment_label_and_one_header_per_family() {
    let a = multiconnect();
    let f = diagnose(&a, &Thresholds::default(), now());
    let text = render_prometheus(&[
        Scrape {
            deployment: Some("prod-eu"),
            outcome: Ok((&a, &f)),
            elapsed: Duration::from_secs(1),
        },
        Scrape {
            deployment: Some("prod-us"),
            outcome: Err("connection refused".into()),
            elapsed: Duration::from_millis(5),
        },
    ]);
    assert_eq!(text.matches("# TYPE wa_support_up gauge").count(), 1);
    let m = parse(&text);
    let up: HashMap<_, _> = m["wa_support_up"]
        .iter()
        .map(|s| (s.label("deployment").unwrap().to_string(), gauge(s)))
        .collect();
    assert_eq!(up["prod-eu"], 1.0);
    assert_eq!(up["prod-us"], 0.0);
    assert!(
        m["wa_support_node_info"]
            .iter()
            .all(|s| s.label("deployment") == Some("prod-eu"))
    );
}

#[test]
fn the_textfile_is_replaced_whole_and_no_temporary_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wa_support.prom");
    std::fs::write(&path, "old").unwrap();
    write_textfile(&path, "wa_support_up 1\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "wa_support_up 1\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let missing = dir.path().join("no-such-dir").join("x.prom");
    assert!(write_textfile(&missing, "x").is_err());
}
