//! Keys sent twice: one warning each, the first ten, then a count.

use crate::diagnose::{Finding, FindingCode, Severity, Thresholds, diagnose};
use crate::model::SupportAnswer;

fn duplicates(body: &str) -> Vec<Finding> {
    let a = SupportAnswer::from_slice(body.as_bytes(), "local").unwrap();
    diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    )
    .into_iter()
    .filter(|f| f.code == FindingCode::DuplicateKey)
    .collect()
}

/// A node whose `role` is sent `n` extra times under distinct paths:
/// `n` nodes, each with one key twice.
fn nodes_with_a_key_twice(n: usize) -> String {
    let nodes: Vec<String> = (0..n)
        .map(|i| format!(r#""h{i}:c":{{"role":"coreapp","role":"coreapp","socket_conn":"UP"}}"#))
        .collect();
    format!(r#"{{"support":{{{}}}}}"#, nodes.join(","))
}

#[test]
fn a_field_sent_twice_is_one_warning_naming_its_path() {
    let f = duplicates(&nodes_with_a_key_twice(1));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(
        f[0].message.contains("`support.h0:c.role`"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].message.contains("only its last value"),
        "{}",
        f[0].message
    );
}

#[test]
fn a_node_sent_twice_names_both_and_the_second_name() {
    let f = duplicates(
        r#"{"support":{"h:c":{"role":"coreapp","socket_conn":"UP"},"h:c":{"role":"coreapp","socket_conn":"DN"}}}"#,
    );
    assert_eq!(f.len(), 1, "{f:?}");
    let m = f[0].message.to_string();
    assert!(m.contains("sends the node `h:c` twice"), "{m}");
    assert!(m.contains("both are judged"), "{m}");
    assert!(m.contains("`h:c (2)`"), "{m}");
}

#[test]
fn ten_are_listed_then_a_count() {
    // Exactly ten: ten warnings, no count.
    let f = duplicates(&nodes_with_a_key_twice(10));
    assert_eq!(f.len(), 10, "{f:?}");
    assert!(f.iter().all(|f| !f.message.contains("more key")));
    // Eleven: ten warnings and one line counting the rest.
    let f = duplicates(&nodes_with_a_key_twice(11));
    assert_eq!(f.len(), 11, "{f:?}");
    assert!(
        f[10].message.contains("and 1 more key(s)"),
        "{}",
        f[10].message
    );
    // Thirteen: still ten and a count of three.
    let f = duplicates(&nodes_with_a_key_twice(13));
    assert_eq!(f.len(), 11);
    assert!(
        f[10].message.contains("and 3 more key(s)"),
        "{}",
        f[10].message
    );
}
