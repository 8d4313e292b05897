//! Tests of drift: build, description and schema versions, strict
//! majorities, nodes that do not report, and bounded lists.

use super::*;
use crate::diagnose::test_support::*;

fn drift_answer(values: &[Option<&str>]) -> SupportAnswer {
    let nodes: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let version = v
                .map(|v| format!(r#","version":"{v}""#))
                .unwrap_or_default();
            let (role, shards) = if i == 0 {
                ("primary_master", "[[-1,-1]]".to_string())
            } else {
                ("coreapp", format!("[[{0},{0}]]", i - 1))
            };
            format!(
                r#""n{i:03}:1":{{"socket_conn":"UP","role":"{role}","shards":{shards}{version}}}"#
            )
        })
        .collect();
    answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")))
}

fn schema_pair(a_tables: &[(&str, u32)], b_tables: &[(&str, u32)]) -> SupportAnswer {
    let obj = |t: &[(&str, u32)]| {
        t.iter()
            .map(|(k, v)| format!(r#""{k}":{v}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"UP","schema":{{{}}}}},"b:1":{{"socket_conn":"UP","schema":{{{}}}}}}}}}"#,
        obj(a_tables),
        obj(b_tables)
    ))
}

#[test]
fn drift_names_the_odd_node() {
    let a = answer(
        r#"{"support":{
        "a:1":{"role":"primary_master","shards":[[-1,-1]],"version":"v2.51.3","db_engine":"MYSQL","schema":{"message":31},"multi_connect":true,"socket_conn":"UP"},
        "b:1":{"role":"coreapp","shards":[[0,0]],"version":"2.51.3","db_engine":"MYSQL","schema":{"message":31},"multi_connect":true,"socket_conn":"UP"},
        "c:1":{"role":"coreapp","shards":[[1,1]],"version":"2.49.0","db_engine":"PGSQL","schema":{"message":30},"multi_connect":false,"socket_conn":"UP"}
    }}"#,
    );
    let f = run(&a);
    for code in [
        "build-drift",
        "db-engine-drift",
        "schema-drift",
        "multi-connect-drift",
    ] {
        let x = f
            .iter()
            .find(|x| x.code.as_str() == code)
            .unwrap_or_else(|| panic!("{code}: {f:?}"));
        assert!(x.message.contains("on c:1"), "{}", x.message);
        assert!(!x.message.contains("a:1"), "{}", x.message);
    }
}

#[test]
fn drift_in_a_two_node_cluster_lists_both() {
    let f = run(&drift_answer(&[Some("2.51.3"), Some("2.49.0")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
    assert!(m.contains("2.51.3 on n000:1"), "{m}");
    assert!(m.contains("2.49.0 on n001:1"), "{m}");
    assert!(codes(&f).contains(&("build-drift", Severity::Warning, None)));
}

#[test]
fn a_node_that_does_not_report_does_not_drift() {
    let f = run(&drift_answer(&[Some("2.51.3"), Some("2.51.3"), None]));
    assert!(!has(&f, "build-drift", Severity::Warning), "{f:#?}");
    let f = run(&drift_answer(&[Some("2.51.3"), None, Some("2.49.0")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
    assert!(!m.contains("n001:1"), "{m}");
}

#[test]
fn most_only_with_a_strict_majority() {
    let f = run(&drift_answer(&[Some("1"), Some("1"), Some("2"), Some("2")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
    assert!(m.contains("1 on n000:1 and n001:1"), "{m}");
    let f = run(&drift_answer(&[Some("1"), Some("1"), Some("2")]));
    let m = only(&f, "build-drift");
    assert!(m.contains("most have 1, but 2 on n002:1"), "{m}");
    assert!(!m.contains("n000"), "{m}");
    let f = run(&drift_answer(&[Some("1"), Some("1"), Some("2"), Some("3")]));
    let m = only(&f, "build-drift");
    assert!(!m.contains("most"), "{m}");
}

#[test]
fn drift_lists_are_bounded() {
    let values: Vec<String> = (0..50).map(|i| format!("2.{i}.0")).collect();
    let f = run(&drift_answer(
        &values.iter().map(|v| Some(v.as_str())).collect::<Vec<_>>(),
    ));
    let m = only(&f, "build-drift");
    assert!(m.contains("and 42 more"), "{m}");
    assert!(m.len() < 600, "{m}");
    let mut values = vec![Some("1"); 40];
    values.push(Some("2"));
    values.push(Some("2"));
    values.extend(vec![Some("3"); 20]);
    let m = only(&run(&drift_answer(&values)), "build-drift");
    assert!(m.contains("most have 1"), "{m}");
    assert!(m.contains("3 on n042:1, n043:1"), "{m}");
    assert!(m.contains("and 12 more"), "{m}");
}

#[test]
fn drift_values_at_the_list_limit() {
    let eight: Vec<String> = (0..8).map(|i| format!("2.{i}.0")).collect();
    let m = only(
        &run(&drift_answer(
            &eight.iter().map(|v| Some(v.as_str())).collect::<Vec<_>>(),
        )),
        "build-drift",
    );
    assert!(!m.contains("more"), "{m}");
    assert!(m.contains("2.7.0 on n007:1"), "{m}");
    let nine: Vec<String> = (0..9).map(|i| format!("2.{i}.0")).collect();
    let m = only(
        &run(&drift_answer(
            &nine.iter().map(|v| Some(v.as_str())).collect::<Vec<_>>(),
        )),
        "build-drift",
    );
    assert!(m.ends_with("; and 1 more values"), "{m}");
}

#[test]
fn schema_drift_is_one_finding_per_table_and_bounded() {
    let mut a = String::from(r#"{"support":{"a:1":{"socket_conn":"UP","schema":{"#);
    let tables: Vec<String> = (0..100).map(|i| format!(r#""t{i:03}":1"#)).collect();
    a.push_str(&tables.join(","));
    a.push_str(r#"}},"b:1":{"socket_conn":"UP","schema":{"#);
    let tables: Vec<String> = (0..100).map(|i| format!(r#""t{i:03}":2"#)).collect();
    a.push_str(&tables.join(","));
    a.push_str("}}}}");
    let f = run(&answer(&a));
    let drift = msgs(&f, "schema-drift");
    assert!(drift.len() <= 21, "{}", drift.len());
    assert!(drift[0].contains("`t000`"), "{drift:?}");
    assert!(drift.iter().any(|m| m.contains("and 72 more")), "{drift:?}");
}

#[test]
fn schema_drift_at_the_table_limit() {
    let names: Vec<String> = (0..21).map(|i| format!("t{i:02}")).collect();
    let mk = |n: usize| {
        let a: Vec<(&str, u32)> = names[..n].iter().map(|t| (t.as_str(), 1)).collect();
        let b: Vec<(&str, u32)> = names[..n].iter().map(|t| (t.as_str(), 2)).collect();
        schema_pair(&a, &b)
    };
    let f = run(&mk(20));
    assert_eq!(msgs(&f, "schema-drift").len(), 20);
    assert!(!msgs(&f, "schema-drift").iter().any(|m| m.contains("more")));
    let f = run(&mk(21));
    let m = msgs(&f, "schema-drift");
    assert_eq!(m.len(), 21);
    assert!(m[20].contains("in 1 more table(s): t20"), "{}", m[20]);
}

#[test]
fn schema_drift_follows_the_spec_order_of_tables() {
    let f = run(&schema_pair(
        &[("zzz", 1), ("message", 1), ("axolotl", 1)],
        &[("zzz", 2), ("message", 2), ("axolotl", 2)],
    ));
    let m = msgs(&f, "schema-drift");
    assert!(m[0].contains("`axolotl`"), "{m:?}");
    assert!(m[1].contains("`message`"), "{m:?}");
    assert!(m[2].contains("`zzz`"), "{m:?}");
}

#[test]
fn description_drift_is_build_drift_when_versions_agree() {
    let f = run_json(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.49.1"}}}"#,
    );
    let d = one(&f, "build-drift");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("description"), "{}", d.message);
    assert!(d.message.contains("2.49.1 on b:1"), "{}", d.message);
}

#[test]
fn description_spelled_differently_does_not_drift() {
    let f = run_json(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.51.3","description":" 2.51.3 "}}}"#,
    );
    assert!(with_code(&f, "build-drift").is_empty(), "{f:#?}");
}

#[test]
fn version_drift_is_reported_once_even_when_descriptions_differ_too() {
    let f = run_json(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.49.1","description":"v2.49.1"}}}"#,
    );
    let d = one(&f, "build-drift");
    assert!(d.message.starts_with("build version"), "{}", d.message);
}

#[test]
fn a_node_without_description_does_not_drift() {
    let f = run_json(
        r#"{"support":{"a:1":{"socket_conn":"UP","version":"2.51.3","description":"v2.51.3"},
            "b:1":{"socket_conn":"UP","version":"2.51.3"}}}"#,
    );
    assert!(with_code(&f, "build-drift").is_empty(), "{f:#?}");
}
