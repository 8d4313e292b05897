//! Findings about reading the answer itself: values that could not be read
//! (each left out of its node, which is otherwise diagnosed), errors the
//! server sent beside the status, and bytes that were not valid text.
//!
//! Findings are made the way every other rule makes them (`push` names the
//! node; server text in a message goes through [`shown`]), so they follow
//! one convention when escaping moves to the terminal renderers. The raw
//! values themselves stay exact in the model's `unreadable` lists.

use std::borrow::Cow;

use super::{Finding, FindingCode, Severity, push};
use crate::model::{Node, SupportAnswer, Unreadable};
use crate::safe::ServerText;

/// Server text inside a finding's message: kept as sent, since the
/// terminal renderers escape findings when they print them and JSON
/// carries the raw text.
fn shown(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

/// Most `field-unreadable` findings for one node (or for the top of the
/// answer); the rest are counted in one more finding.
const MAX_PER_NODE: usize = 10;

/// Most server errors quoted in the `server-error` finding.
const MAX_ERRORS_QUOTED: usize = 5;

/// Appends the reading findings of `answer` to `out`.
pub(super) fn reading_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    let d = answer.decoding;
    if d.replaced > 0 {
        push(
            out,
            Severity::Warning,
            FindingCode::EncodingReplaced,
            None,
            format!(
                "the answer is not valid {}: {} invalid byte sequence(s) were replaced by U+FFFD; \
                 values holding them may be wrong",
                d.charset.name(),
                d.replaced
            ),
        );
    }

    if !answer.errors.is_empty() {
        // Critical when no node gave its status, a warning beside a status.
        let none_answered = answer.nodes.iter().all(Node::is_error);
        let mut text = answer
            .errors
            .iter()
            .take(MAX_ERRORS_QUOTED)
            .map(|e| shown(e.text().raw()).into_owned())
            .collect::<Vec<_>>()
            .join("; ");
        if answer.errors.len() > MAX_ERRORS_QUOTED {
            text.push_str(&format!(
                "; and {} more",
                answer.errors.len() - MAX_ERRORS_QUOTED
            ));
        }
        let severity = if none_answered {
            Severity::Critical
        } else {
            Severity::Warning
        };
        push(
            out,
            severity,
            FindingCode::ServerError,
            None,
            format!("the server reported an error beside the status: {text}"),
        );
    }

    duplicate_findings(answer, out);

    unreadable_findings(None, &answer.unreadable, out);
    for node in &answer.nodes {
        unreadable_findings(Some(&node.name), &node.unreadable, out);
    }
}

/// One warning per key sent twice (a JSON tree would keep only the last
/// silently); the first [`MAX_PER_NODE`], then a count.
fn duplicate_findings(answer: &SupportAnswer, out: &mut Vec<Finding>) {
    let list = &answer.duplicate_keys;
    for d in list.iter().take(MAX_PER_NODE) {
        let path = d.path();
        let message = match (&d.renamed, &d.node) {
            (Some(renamed), Some(node)) => format!(
                "the answer sends the node `{}` twice: both are judged, the second shown as `{}`",
                shown(node.raw()),
                shown(renamed.raw())
            ),
            _ => format!(
                "the answer sends the key `{}` twice: only its last value is read",
                shown(&path)
            ),
        };
        push(
            out,
            Severity::Warning,
            FindingCode::DuplicateKey,
            None,
            message,
        );
    }
    if list.len() > MAX_PER_NODE {
        push(
            out,
            Severity::Warning,
            FindingCode::DuplicateKey,
            None,
            format!(
                "and {} more key(s) sent twice (listed under `duplicate_keys` in -o json)",
                list.len() - MAX_PER_NODE
            ),
        );
    }
}

fn unreadable_findings(node: Option<&ServerText>, list: &[Unreadable], out: &mut Vec<Finding>) {
    for u in list.iter().take(MAX_PER_NODE) {
        let on = node
            .map(|n| format!(" on node {}", shown(n.raw())))
            .unwrap_or_default();
        let consequence = match u.field.raw() {
            "socket_conn" => "; the connection state counts as unknown",
            "shards" => "; the node's shard ownership is unknown",
            _ => "; the field is ignored",
        };
        push(
            out,
            Severity::Warning,
            FindingCode::FieldUnreadable,
            node,
            format!(
                "cannot read `{}`{on}: expected {}, but the answer has {}{consequence}",
                shown(u.path.raw()),
                u.expected,
                shown(u.raw.raw())
            ),
        );
    }
    if list.len() > MAX_PER_NODE {
        push(
            out,
            Severity::Warning,
            FindingCode::FieldUnreadable,
            node,
            format!(
                "and {} more unreadable field(s) (listed under `unreadable` in -o json)",
                list.len() - MAX_PER_NODE
            ),
        );
    }
}

#[cfg(test)]
mod duplicate_tests;

#[cfg(test)]
mod tests {
    use crate::diagnose::{Finding, Severity, Thresholds, diagnose};
    use crate::model::SupportAnswer;

    fn findings(body: &[u8]) -> Vec<Finding> {
        let a = SupportAnswer::from_slice(body, "local").unwrap();
        diagnose(
            &a,
            &Thresholds::default(),
            "2026-11-25T12:00:00Z".parse().unwrap(),
        )
    }

    fn with_code<'a>(f: &'a [Finding], code: &str) -> Vec<&'a Finding> {
        f.iter().filter(|f| f.code.as_str() == code).collect()
    }

    #[test]
    fn one_warning_per_unreadable_field_naming_node_path_raw_and_expected() {
        let f = findings(
            br#"{"support":{"h:c":{"role":"coreapp","lc":["en"],"free_space_logs":-1,"socket_conn":"UP"}}}"#,
        );
        let u = with_code(&f, "field-unreadable");
        assert_eq!(u.len(), 2, "{f:?}");
        assert!(u.iter().all(|f| f.severity == Severity::Warning));
        assert!(
            u.iter()
                .all(|f| f.node.as_ref().map(|t| t.raw()) == Some("h:c"))
        );
        let lc = u.iter().find(|f| f.message.contains(".lc`")).unwrap();
        assert!(lc.message.contains("`support.h:c.lc`"), "{}", lc.message);
        assert!(lc.message.contains("[\"en\"]"), "{}", lc.message);
        assert!(lc.message.contains("expected a string"), "{}", lc.message);
        assert!(lc.message.contains("on node h:c"), "{}", lc.message);
        let fs = u
            .iter()
            .find(|f| f.message.contains("free_space_logs"))
            .unwrap();
        assert!(fs.message.contains("has -1"), "{}", fs.message);
        assert!(fs.message.contains("byte count"), "{}", fs.message);
    }

    #[test]
    fn server_text_in_the_message_is_kept_raw_for_the_renderers_to_escape() {
        // JSON carries the raw text; the terminal renderers escape it
        // (tests/rendering.rs checks every one of them).
        let f = findings(br#"{"support":{"h\u001b]0;x\u0007:c":{"lc":["\u001b[2J"]}}}"#);
        let u = with_code(&f, "field-unreadable");
        assert_eq!(u.len(), 1, "{f:?}");
        assert_eq!(u[0].node.as_ref().map(|t| t.raw()), Some("h\x1b]0;x\x07:c"));
        assert!(
            u[0].message.contains("on node h\x1b]0;x\x07:c"),
            "{}",
            u[0].message
        );
    }

    #[test]
    fn limits_are_exact() {
        // Ten unreadable fields: ten findings, no count.
        let mut schema = serde_json::Map::new();
        for i in 0..10 {
            schema.insert(format!("t{i}"), serde_json::json!([i]));
        }
        let body = serde_json::json!({"support": {"socket_conn": "UP", "schema": schema}});
        let u = findings(body.to_string().as_bytes());
        let u = with_code(&u, "field-unreadable");
        assert_eq!(u.len(), 10);
        assert!(u.iter().all(|f| !f.message.contains("more")));
        // Five server errors: all quoted, no count.
        let errors: Vec<_> = (0..5)
            .map(|i| serde_json::json!({"code": 1000 + i}))
            .collect();
        let body = serde_json::json!({"support": {"socket_conn": "UP"}, "errors": errors});
        let f = findings(body.to_string().as_bytes());
        let e = with_code(&f, "server-error");
        assert!(e[0].message.ends_with("1004"), "{}", e[0].message);
    }

    #[test]
    fn unreadable_shards_say_ownership_is_unknown() {
        let f = findings(br#"{"support":{"a:1":{"role":"coreapp","shards":[[3,0]]}}}"#);
        let u = with_code(&f, "field-unreadable");
        assert!(
            u[0].message.contains("ownership is unknown"),
            "{}",
            u[0].message
        );
        assert!(u[0].message.contains("[[3,0]]"), "{}", u[0].message);
    }

    #[test]
    fn unreadable_socket_state_is_judged_unknown() {
        let f = findings(br#"{"support":{"socket_conn":{"state":"UP"}}}"#);
        assert_eq!(with_code(&f, "socket-unknown").len(), 1, "{f:?}");
        let u = with_code(&f, "field-unreadable");
        assert_eq!(u.len(), 1);
        assert!(
            u[0].message.contains("counts as unknown"),
            "{}",
            u[0].message
        );
    }

    #[test]
    fn top_level_unreadable_has_no_node() {
        let f = findings(br#"{"meta":"stable","support":{"socket_conn":"UP"}}"#);
        let u = with_code(&f, "field-unreadable");
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].node, None);
        assert!(u[0].message.contains("`meta`"), "{}", u[0].message);
        assert!(u[0].message.contains("\"stable\""), "{}", u[0].message);
    }

    #[test]
    fn many_unreadable_fields_are_bounded() {
        let mut schema = serde_json::Map::new();
        for i in 0..100 {
            schema.insert(format!("t{i}"), serde_json::json!([i]));
        }
        let body = serde_json::json!({"support": {"socket_conn": "UP", "schema": schema}});
        let f = findings(body.to_string().as_bytes());
        let u = with_code(&f, "field-unreadable");
        assert_eq!(u.len(), 11);
        assert!(u.iter().any(|f| f.message.contains("and 90 more")));
    }

    #[test]
    fn server_errors_beside_the_status_are_findings() {
        let f = findings(
            br#"{"support":{"socket_conn":"UP"},"errors":[{"code":1016,"title":"System overloaded"}]}"#,
        );
        let e = with_code(&f, "server-error");
        assert_eq!(e.len(), 1, "{f:?}");
        assert_eq!(e[0].severity, Severity::Warning);
        assert!(
            e[0].message.contains("1016 System overloaded"),
            "{}",
            e[0].message
        );
        // Critical when no node gave its status.
        let f = findings(
            br#"{"support":{"a:1":null,"b:2":"down"},"errors":[{"code":1016,"title":"System overloaded"}]}"#,
        );
        assert_eq!(
            with_code(&f, "server-error")[0].severity,
            Severity::Critical
        );
    }

    #[test]
    fn server_errors_quoted_are_bounded() {
        let errors: Vec<_> = (0..50)
            .map(|i| serde_json::json!({"code": 1000 + i}))
            .collect();
        let body = serde_json::json!({"support": {"socket_conn": "UP"}, "errors": errors});
        let f = findings(body.to_string().as_bytes());
        let e = with_code(&f, "server-error");
        assert!(
            e[0].message.contains("1004; and 45 more"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn replaced_bytes_are_a_warning() {
        let f = findings(b"{\"support\":{\"socket_conn\":\"UP\",\"os_name\":\"a\xffb\"}}");
        let e = with_code(&f, "encoding-replaced");
        assert_eq!(e.len(), 1, "{f:?}");
        assert_eq!(e[0].severity, Severity::Warning);
        assert!(
            e[0].message.contains("UTF-8: 1 invalid"),
            "{}",
            e[0].message
        );
        assert!(
            with_code(
                &findings(br#"{"support":{"socket_conn":"UP"}}"#),
                "encoding-replaced"
            )
            .is_empty()
        );
    }

    #[test]
    fn null_and_string_nodes_are_nodes_in_error() {
        let f = findings(
            br#"{"support":{"a:1":{"role":"primary_master","shards":[[-1,0]],"socket_conn":"UP"},"b:2":null,"c:3":"unreachable"}}"#,
        );
        let e = with_code(&f, "node-error");
        assert_eq!(e.len(), 2, "{f:?}");
        assert!(e.iter().any(|f| f.message.contains("unreachable")));
        assert!(e.iter().any(|f| f.message.contains("null")));
    }
}
