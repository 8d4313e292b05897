//! Reading node by node gives what a whole tree gives: the shape, the
//! nodes, nodes and fields sent twice, huge numbers, the node bound.

use super::super::*;

fn read(s: &str) -> Result<SupportAnswer> {
    SupportAnswer::from_slice(s.as_bytes(), "local")
}

fn node<'a>(a: &'a SupportAnswer, name: &str) -> &'a Node {
    a.nodes.iter().find(|n| n.name == name).unwrap()
}

#[test]
fn a_node_sent_twice_is_kept_twice_and_listed() {
    for (first, second) in [("DN", "UP"), ("UP", "DN")] {
        let a = read(&format!(
            r#"{{"support":{{"h0:m":{{"role":"primary_master"}},"h2:c":{{"socket_conn":"{first}"}},"h2:c":{{"socket_conn":"{second}"}}}}}}"#
        ))
        .unwrap();
        assert_eq!(a.shape, Shape::MultiConnect);
        assert_eq!(a.nodes.len(), 3);
        assert_eq!(
            node(&a, "h2:c").info.socket_conn.as_ref().unwrap().raw(),
            first
        );
        assert_eq!(
            node(&a, "h2:c (2)")
                .info
                .socket_conn
                .as_ref()
                .unwrap()
                .raw(),
            second
        );
        assert_eq!(a.duplicate_keys.len(), 1);
        assert_eq!(a.duplicate_keys[0].path(), "support.h2:c");
        assert_eq!(a.duplicate_keys[0].renamed.as_ref().unwrap(), "h2:c (2)");
    }
}

#[test]
fn a_field_sent_twice_reads_the_last_and_is_listed() {
    let a = read(r#"{"support":{"a:b":{"socket_conn":"DN","socket_conn":"UP"}}}"#).unwrap();
    assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up));
    assert_eq!(a.duplicate_keys[0].path(), "support.a:b.socket_conn");
    assert!(a.duplicate_keys[0].renamed.is_none());
    // In a single-node answer too.
    let a = read(r#"{"support":{"socket_conn":"DN","socket_conn":"UP"}}"#).unwrap();
    assert_eq!(a.shape, Shape::Single);
    assert_eq!(a.nodes.len(), 1);
    assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up));
    assert_eq!(a.duplicate_keys[0].path(), "support.socket_conn");
    // The tree kept for redaction keeps both nodes as well.
    let (v, _, d) = parse_body_keeping_duplicates(
        br#"{"support":{"h:c":{"socket_conn":"DN"},"h:c":{"socket_conn":"UP"}}}"#,
    )
    .unwrap();
    assert_eq!(v["support"]["h:c (2)"]["socket_conn"], "UP");
    assert_eq!(d[0].renamed.as_ref().unwrap(), "h:c (2)");
}

#[test]
fn shape_is_decided_as_from_a_whole_tree() {
    let cases = [
        r#"{"support":{"socket_conn":"UP","role":"coreapp"}}"#,
        r#"{"support":{"a":{"x":1},"b":{"y":2}}}"#,
        r#"{"support":{"a":{"x":1},"socket_conn":"UP"}}"#,
        r#"{"support":{"h:1":null,"h:2":"boom","h:3":{"role":"coreapp"}}}"#,
        r#"{"support":{"h:1":{},"socket_conn":"UP"}}"#,
        r#"{"support":{"h:1":{},"h:2":{},"socket_conn":"UP"}}"#,
    ];
    for c in cases {
        let streamed = read(c).unwrap();
        let v: Value = serde_json::from_str(c).unwrap();
        let whole = SupportAnswer::from_value(v, "local").unwrap();
        assert_eq!(streamed.shape, whole.shape, "{c}");
        assert_eq!(streamed.nodes, whole.nodes, "{c}");
        assert_eq!(streamed.unreadable, whole.unreadable, "{c}");
    }
    // Past the point where the shape is certain, nodes are read at once;
    // a stray field beside them is still listed.
    let mut body = String::from(r#"{"support":{"socket_conn":"UP""#);
    for i in 0..40 {
        body.push_str(&format!(r#","h{i}:c":{{"role":"coreapp"}}"#));
    }
    body.push_str("}}");
    let a = read(&body).unwrap();
    assert_eq!(a.shape, Shape::MultiConnect);
    assert_eq!(a.nodes.len(), 40);
    assert_eq!(a.unreadable.len(), 1);
}

#[test]
fn a_number_beyond_floats_degrades_its_field_only() {
    let a = read(r#"{"support":{"socket_conn":"UP","x_unknown":1e400}}"#).unwrap();
    assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up));
    assert_eq!(a.nodes[0].info.extra["x_unknown"], "1e400");
    let a =
        read(r#"{"support":{"socket_conn":"UP","free_space_data":-1E+400,"s":"1e400"}}"#).unwrap();
    assert_eq!(a.nodes[0].unreadable[0].field, "free_space_data");
    assert_eq!(a.nodes[0].info.extra["s"], "1e400");
    assert!(parse_text(br#"{"a":[1e999, 2.5, "x\"1e999"]}"#).is_ok());
    assert_eq!(
        stream::quote_huge_numbers(br#"{"a":[1e999,2.5,"x\"1e999",-1e400]}"#),
        br#"{"a":["1e999",2.5,"x\"1e999","-1e400"]}"#.to_vec()
    );
}

#[test]
fn more_than_max_nodes_is_refused_in_one_line() {
    let mut body = String::from(r#"{"support":{"#);
    for i in 0..MAX_NODES + 100 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#""h{i}:c":{{"socket_conn":"DN"}}"#));
    }
    body.push_str("}}");
    for e in [
        read(&body).unwrap_err(),
        parse_body_keeping_duplicates(body.as_bytes()).unwrap_err(),
        parse_text(body.as_bytes()).unwrap_err(),
    ] {
        let msg = e.to_string();
        assert!(msg.contains("more than 20000 entries"), "{msg}");
        assert!(!msg.contains('\n'));
    }
    // Exactly the limit is read.
    let at = body.find(r#","h20000:c""#).unwrap();
    let ok = format!("{}}}}}", &body[..at]);
    assert_eq!(read(&ok).unwrap().nodes.len(), MAX_NODES);
}
