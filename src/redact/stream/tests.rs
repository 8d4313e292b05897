//! The node-by-node path gives the tree path's text, pseudonyms and
//! duplicates, on every fixture and on large answers.

use super::*;

/// The tree path's text, aliases summary and duplicates.
fn by_tree(body: &[u8], opts: RedactOptions, extra: &[&str]) -> (String, String, String) {
    let (text, _, dups, a) = tree(body.to_vec(), Some(opts), extra).unwrap();
    let a = a.unwrap();
    (text, a.summary(), format!("{:?}", dups.len()))
}

/// The node-by-node text, or `None` when the answer takes the tree path.
fn by_stream(body: &[u8], opts: RedactOptions, extra: &[&str]) -> Option<(String, String, String)> {
    let s = streamed(body, opts, extra)?;
    let summary = s.aliases.summary();
    let dups = format!("{:?}", s.duplicates.len());
    Some((assemble(s.top, s.nodes), summary, dups))
}

fn same(name: &str, body: &[u8]) -> bool {
    let mut streamed_any = false;
    for hosts in [false, true] {
        let opts = RedactOptions { hosts };
        for extra in [&[][..], &["wa.example.com:443"][..]] {
            let want = by_tree(body, opts, extra);
            if let Some(got) = by_stream(body, opts, extra) {
                streamed_any = true;
                assert_eq!(got.0, want.0, "{name}: text (hosts: {hosts})");
                assert_eq!(got.1, want.1, "{name}: summary (hosts: {hosts})");
                assert_eq!(got.2, want.2, "{name}: duplicates");
            }
        }
    }
    streamed_any
}

#[test]
fn node_by_node_gives_the_tree_redaction_on_every_fixture() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut streamed = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            streamed += usize::from(same(&p.display().to_string(), &std::fs::read(&p).unwrap()));
        }
    }
    // The multi-connect fixtures took the node-by-node path.
    assert!(streamed >= 3, "{streamed}");
}

/// A cluster built to make order matter: pseudonyms given out in the
/// tree walk's order (keys sorted, not as sent), names that redact to
/// the same text (`~2`), phones first met in free text, verdict
/// values with secrets (`REDACTED-n`), hosts everywhere, a node sent
/// twice and a field sent twice, unicode and bidi characters.
fn hostile(n: usize) -> String {
    let mut nodes = Vec::new();
    for i in (0..n).rev() {
        let host = if i % 3 == 0 {
            format!("10.0.{}.{}", i / 250, i % 250)
        } else {
            format!("wa{}.corp.example", i % 7)
        };
        nodes.push(format!(
            r#""{host}:c-+4915112345{i:03}-{j}":{{"role":"{role}","socket_conn":"{sock}","debug_info":"+49 151 123{i:05}","version":"v2.{v}","env":["WA_DB_PASSWORD=s3cr{i}","WA_DB_HOSTNAME=db{k}.corp.example","X=call 0049 151 99{i:05} now"],"db_info":["mysql://u:p@db{k}.corp.example:3306 \u202e{i}"],"shards":[[{i},{i}]],"x":{{"api_key":{i},"note":"Bearer abc{i}def and ::1 and [fe80::{k}]"}},"x":1,"schema":{{"t{k}":"{i}"}}}}"#,
            role = if i == 0 { "primary_master" } else { "coreapp" },
            sock = if i % 5 == 0 { "DN +4915112345678" } else { "UP" },
            v = if i % 4 == 0 { "51.3 token=zz".to_string() } else { format!("5{}", i % 2) },
            j = i % 2,
            k = i % 5,
        ));
    }
    // A node sent twice, and another spelled like one renamed.
    nodes.push(r#""10.0.0.0:c-+4915112345000-0":{"socket_conn":"SC"}"#.into());
    nodes.push(r#""10.0.0.0:c-+4915112345000-0 (2)":"boom""#.into());
    format!(
        r#"{{"support":{{{}}},"meta":{{"version":"v2.51.3","api_status":"stable","host":"wa.example.com"}},"errors":[{{"code":1005,"title":"see https://user:pw@wa.example.com/x"}}],"z_extra":{{"debug_info":"+33 6 12 34 56 78"}}}}"#,
        nodes.join(",")
    )
}

#[test]
fn node_by_node_gives_the_tree_redaction_on_a_hostile_answer() {
    let body = hostile(60);
    assert!(same("hostile", body.as_bytes()), "took the tree path");
    let (text, ..) = by_stream(body.as_bytes(), RedactOptions { hosts: true }, &[]).unwrap();
    assert!(!text.contains("s3cr1"), "{text}");
    assert!(!text.contains('\u{202e}'));
    assert!(text.contains("~2"), "no name redacted alike: {text}");
}

#[test]
fn unusual_answers_take_the_tree_path_with_its_errors() {
    let opts = RedactOptions { hosts: true };
    for body in [
        &br#"{"support":{"socket_conn":"UP","debug_info":"+4915112345678"}}"#[..],
        br#"{"support":{"a:b":{}},"support":{"c:d":{}}}"#,
        br#"{"support":{"a:b":{"x":1e400}}}"#,
        br#"[1,2]"#,
        br#"{"support":{"a:b":{}}"#,
    ] {
        assert!(
            by_stream(body, opts, &[]).is_none(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    let e = read_answer(
        br#"{"support":{"a:b":{}}"#.to_vec(),
        Some(opts),
        &[],
        "local",
    )
    .unwrap_err();
    assert!(e.to_string().contains("cut short"), "{e}");
    // Nesting deeper than the node-by-node path reads takes the tree
    // path (and its depth error).
    let deep = format!(
        r#"{{"support":{{"a:b":{{"x":{}1{}}}}}}}"#,
        "[".repeat(130),
        "]".repeat(130)
    );
    assert!(by_stream(deep.as_bytes(), opts, &[]).is_none());
    assert!(read_answer(deep.into_bytes(), Some(opts), &[], "local").is_err());
}

#[test]
fn read_answer_gives_the_model_of_its_text() {
    let body = hostile(12);
    let r = read_answer(
        body.clone().into_bytes(),
        Some(RedactOptions::default()),
        &[],
        "local",
    )
    .unwrap();
    let again = SupportAnswer::from_text(r.text.as_bytes(), "local").unwrap();
    assert_eq!(r.answer.nodes, again.nodes);
    // The twelve nodes; the copy of one sent twice was renamed `… (2)`,
    // and the stray entry of that very name took its place.
    assert_eq!(r.answer.nodes.len(), 12);
    // The node sent twice is listed, its names redacted.
    assert!(r.answer.duplicate_keys.iter().any(|d| d.renamed.is_some()));
    for d in &r.answer.duplicate_keys {
        let n = d.node.as_ref().unwrap().raw();
        assert!(!n.contains("4915112345000"), "{n}");
    }
    assert!(r.aliases.unwrap().summary().starts_with("Redacted: "));
    // Without redaction: the answer as sent, pretty.
    let r = read_answer(body.into_bytes(), None, &[], "local").unwrap();
    assert!(r.aliases.is_none());
    assert!(r.text.contains("s3cr1"));
}
