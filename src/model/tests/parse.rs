//! Whole answers: both shapes, node order, nodes in error, top-level
//! errors, bodies that are no answer, and the normalized node.

use super::*;

#[test]
fn single_registered_node() {
    let a = parse("single-registered.json");
    assert_eq!(a.shape, Shape::Single);
    assert_eq!(a.nodes.len(), 1);
    let n = &a.nodes[0].info;
    assert_eq!(a.nodes[0].name, "local");
    assert_eq!(n.debug_info.as_ref().map(|t| t.raw()), Some("+15550001111"));
    assert_eq!(n.socket_conn, Some(SocketState::Up));
    assert_eq!(n.free_space_data, Some(Bytes(9223372036853727000)));
    assert_eq!(n.free_space_logs, Some(Bytes(14269902848)));
    assert_eq!(n.multi_connect, Some(false));
    assert_eq!(
        n.e2e.as_ref().unwrap().registration_id,
        Some(RegistrationId::Number(1852207341))
    );
    assert_eq!(
        n.schema_version("message"),
        Some(&SchemaVersion::Number(31))
    );
    assert_eq!(n.version.as_ref().unwrap().normalized(), "2.51.3");
    assert_eq!(
        a.meta
            .as_ref()
            .unwrap()
            .api_status
            .as_ref()
            .map(|t| t.raw()),
        Some("stable")
    );
    assert!(n.extra.is_empty());
}

#[test]
fn single_unregistered_node_with_string_registration() {
    let a = parse("single-unregistered.json");
    let n = &a.nodes[0].info;
    assert_eq!(n.debug_info.as_ref().map(|t| t.raw()), Some("unregistered"));
    assert_eq!(n.socket_conn, Some(SocketState::Down));
    assert_eq!(
        n.e2e.as_ref().unwrap().registration_id,
        Some(RegistrationId::Text("0".into()))
    );
    assert_eq!(n.db_engine.as_ref().map(|t| t.raw()), Some("PGSQL"));
}

#[test]
fn multiconnect_nodes_sorted_by_role_then_name() {
    let a = parse("multiconnect.json");
    assert_eq!(a.shape, Shape::MultiConnect);
    let names: Vec<_> = a.nodes.iter().map(|n| n.name.raw()).collect();
    assert_eq!(
        names,
        [
            "10.210.71.84:wa-master-97145031111-0",
            "10.210.71.85:wa-master-97145031111-1",
            "10.210.71.90:wa-coreapp-97145031111-0",
            "10.210.71.91:wa-coreapp-97145031111-1",
            "10.210.71.92:wa-coreapp-97145031111-2",
            "10.210.71.93:wa-coreapp-97145031111-3",
        ]
    );
    assert_eq!(a.nodes[0].info.role, Some(Role::PrimaryMaster));
    assert_eq!(
        a.nodes[0].info.shards.as_deref(),
        Some(
            &[ShardRange {
                first: -1,
                last: -1
            }][..]
        )
    );
    assert_eq!(a.nodes[1].info.shards.as_deref(), Some(&[][..]));
    assert_eq!(
        a.nodes[3].info.socket_conn,
        Some(SocketState::UpReceivingOffline)
    );
    assert_eq!(a.nodes[5].info.socket_conn, Some(SocketState::Connecting));
}

#[test]
fn high_availability_coreapp_owns_master_and_zero() {
    let a = parse("high-availability.json");
    let owner = a
        .nodes
        .iter()
        .find(|n| n.name == "wa-core-1:7f3c2a9b1d0e")
        .unwrap();
    assert_eq!(format_shards(owner.info.shards.as_deref()), "-1, 0");
    assert_eq!(a.nodes[0].info.role, Some(Role::PrimaryMaster));
}

#[test]
fn node_in_error_is_kept_beside_healthy_nodes() {
    let a = parse("node-error.json");
    assert_eq!(a.nodes.len(), 3);
    let bad: Vec<_> = a.nodes.iter().filter(|n| n.is_error()).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].errors[0].code, Some(1011));
    assert_eq!(
        bad[0].errors[0].title.as_ref().map(|t| t.raw()),
        Some("Service not ready")
    );
    // An error node has no role: it sorts last.
    assert_eq!(a.nodes[2].name, bad[0].name);
}

#[test]
fn multi_connect_of_one_node_is_multi() {
    let a = parse("multi-one-node.json");
    assert_eq!(a.shape, Shape::MultiConnect);
    assert_eq!(a.nodes[0].name, "10.0.0.5:wa-coreapp-55501-0");
}

#[test]
fn single_node_with_only_object_fields_is_single() {
    let a = parse("single-objects-only.json");
    assert_eq!(a.shape, Shape::Single);
    assert_eq!(
        a.nodes[0].info.schema_version("message"),
        Some(&SchemaVersion::Number(31))
    );
}

#[test]
fn versions_with_and_without_v_compare_equal() {
    let a = parse_str(r#"{"support":{"a:1":{"version":"v2.1"},"b:2":{"version":"2.1"}}}"#).unwrap();
    assert_eq!(a.builds(), vec!["2.1".to_string()]);
}

#[test]
fn top_level_errors_become_an_error_with_code_and_title() {
    let e = parse_str(
        r#"{"errors":[{"code":1005,"title":"Access denied","details":"Invalid credentials"}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Http);
    let s = e.to_string();
    assert!(s.contains("1005 Access denied: Invalid credentials"), "{s}");
    assert!(s.contains("login"), "{s}");
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let cases: &[(&str, &str)] = &[
        ("", "empty"),
        ("   \n", "empty"),
        (
            "<html><head><title>502 Bad Gateway</title></head></html>",
            "HTML page titled \"502 Bad Gateway\"",
        ),
        (r#"{"support":{"socket_conn":"UP""#, "cut short"),
        ("[1,2]", "a list"),
        (r#"{"support": null}"#, "null"),
        (r#"{"support": []}"#, "`support` should be an object"),
        (r#"{"support": {}}"#, "empty"),
        (r#"{"nodes": {}}"#, "no `support`"),
        ("null", "null"),
        ("42", "a number"),
        ("{\"support\":{\"a\":1} trailing", "not valid JSON"),
    ];
    for (input, needle) in cases {
        let e = parse_str(input).expect_err(input);
        assert_eq!(e.kind(), ErrorKind::Parse, "{input}");
        let s = e.to_string();
        assert!(s.contains(needle), "{input:?}: {s}");
        assert!(!s.contains('\n'), "{input:?}: {s}");
    }
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let deep = format!(
        "{{\"support\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = parse_str(&deep).unwrap_err();
    assert!(e.to_string().contains("nests deeper"), "{e}");
}

// ---------- shape ----------

#[test]
fn host_container_keys_are_nodes_whatever_their_values() {
    for (body, errors) in [
        (r#"{"support":{"a:1":{"role":"coreapp"},"b:2":null}}"#, 1),
        (
            r#"{"support":{"a:1":{"role":"coreapp"},"b:2":"node unreachable"}}"#,
            1,
        ),
        (
            r#"{"support":{"a:1":{"role":"coreapp"},"b:2":[{"code":1011,"title":"Service not ready"}]}}"#,
            1,
        ),
        (
            r#"{"support":{"a:1":{"role":"coreapp"},"b:2":{"role":"coreapp"},"note":5}}"#,
            0,
        ),
        (r#"{"support":{"a:1":null,"b:2":null}}"#, 2),
    ] {
        let a = parse_str(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(a.shape, Shape::MultiConnect, "{body}");
        assert!(a.nodes.iter().all(|n| n.name != "local"), "{body}");
        assert_eq!(
            a.nodes.iter().filter(|n| n.is_error()).count(),
            errors,
            "{body}"
        );
    }
    let a =
        parse_str(r#"{"support":{"a:1":{"role":"coreapp"},"b:2":"node unreachable"}}"#).unwrap();
    let b = a.nodes.iter().find(|n| n.name == "b:2").unwrap();
    assert!(b.errors[0].to_string().contains("node unreachable"));
    let a = parse_str(r#"{"support":{"a:1":{"role":"coreapp"},"note":5}}"#).unwrap();
    assert_eq!(a.nodes.len(), 1);
    assert_eq!(a.unreadable[0].path, "support.note");
}

#[test]
fn real_single_answers_stay_single() {
    for name in [
        "single-registered.json",
        "single-unregistered.json",
        "single-objects-only.json",
        "sparse-single.json",
    ] {
        let a = parse(name);
        assert_eq!(a.shape, Shape::Single, "{name}");
        assert_eq!(a.nodes[0].name, "local");
    }
    let a =
        parse_str(r#"{"support":{"e2e":{"registration_id":1},"schema":{"message":3}}}"#).unwrap();
    assert_eq!(a.shape, Shape::Single);
}

#[test]
fn top_level_errors_beside_support_are_kept() {
    let a = parse_str(
        r#"{"support":{"socket_conn":"UP"},"errors":[{"code":1016,"title":"System overloaded"}]}"#,
    )
    .unwrap();
    assert_eq!(a.errors[0].code, Some(1016));
}

#[test]
fn a_node_errors_string_is_the_nodes_error() {
    let a = parse_str(r#"{"support":{"h:c":{"errors":"boom"}}}"#).unwrap();
    assert!(a.nodes[0].is_error());
    assert_eq!(a.nodes[0].errors[0].to_string(), "boom");
}

// ---------- the normalized node ----------

#[test]
fn a_server_field_called_name_does_not_duplicate_the_key() {
    let a = parse_str(r#"{"support":{"h:c":{"name":"core-7","role":"coreapp"}}}"#).unwrap();
    let s = serde_json::to_string(&a.nodes[0]).unwrap();
    assert_eq!(s.matches("\"name\"").count(), 2, "{s}"); // ours, and the server's under server_fields
    let v: Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["name"], "h:c");
    assert_eq!(v["server_fields"]["name"], "core-7");
}

// ---------- cost ----------
