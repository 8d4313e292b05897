//! Model tests over the fixtures in `tests/fixtures/`.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(name: &str) -> SupportAnswer {
    SupportAnswer::from_slice(&fixture(name), "local").unwrap()
}

fn parse_str(s: &str) -> Result<SupportAnswer> {
    SupportAnswer::from_slice(s.as_bytes(), "local")
}

#[test]
fn single_registered_node() {
    let a = parse("single-registered.json");
    assert_eq!(a.shape, Shape::Single);
    assert_eq!(a.nodes.len(), 1);
    let n = &a.nodes[0].info;
    assert_eq!(a.nodes[0].name, "local");
    assert_eq!(n.debug_info.as_deref(), Some("+15550001111"));
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
        a.meta.as_ref().unwrap().api_status.as_deref(),
        Some("stable")
    );
    assert!(n.extra.is_empty());
}

#[test]
fn single_unregistered_node_with_string_registration() {
    let a = parse("single-unregistered.json");
    let n = &a.nodes[0].info;
    assert_eq!(n.debug_info.as_deref(), Some("unregistered"));
    assert_eq!(n.socket_conn, Some(SocketState::Down));
    assert_eq!(
        n.e2e.as_ref().unwrap().registration_id,
        Some(RegistrationId::Text("0".into()))
    );
    assert_eq!(n.db_engine.as_deref(), Some("PGSQL"));
}

#[test]
fn multiconnect_nodes_sorted_by_role_then_name() {
    let a = parse("multiconnect.json");
    assert_eq!(a.shape, Shape::MultiConnect);
    let names: Vec<_> = a.nodes.iter().map(|n| n.name.as_str()).collect();
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
    assert_eq!(bad[0].errors[0].title.as_deref(), Some("Service not ready"));
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
fn missing_fields_are_none() {
    let a = parse("sparse-single.json");
    let n = &a.nodes[0].info;
    assert_eq!(n.free_space_data, None);
    assert_eq!(n.role, None);
    assert_eq!(n.build(), None);
    assert_eq!(n.socket_conn, Some(SocketState::Up));
}

#[test]
fn unknown_values_fields_and_tables_are_kept() {
    let a = parse("unknown-fields.json");
    let n = a.nodes.iter().find(|n| n.name == "h1:c1").unwrap();
    assert_eq!(n.info.role, Some(Role::Other("observer".into())));
    assert_eq!(
        n.info.socket_conn,
        Some(SocketState::Other("UP-ish".into()))
    );
    assert_eq!(
        n.info.schema_version("billing"),
        Some(&SchemaVersion::Number(1))
    );
    assert_eq!(n.info.extra["gateway_region"], "eu-central");
    assert_eq!(n.info.extra["db_pool"]["size"], 20);
    assert_eq!(
        n.info.e2e.as_ref().unwrap().registration_id,
        Some(RegistrationId::Text("reg-00a7f3".into()))
    );
    assert_eq!(a.extra["trace_id"], "AbC123");
    let tables = a.schema_tables();
    assert_eq!(tables.last().map(String::as_str), Some("billing"));
    assert_eq!(tables[0], "axolotl");
}

#[test]
fn huge_free_space_is_exact() {
    let a = parse_str(r#"{"support":{"free_space_data":18446744073709551615,"free_space_logs":"9223372036854775808"}}"#).unwrap();
    assert_eq!(a.nodes[0].info.free_space_data, Some(Bytes(u64::MAX)));
    assert_eq!(a.nodes[0].info.free_space_logs, Some(Bytes(1 << 63)));
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
fn shard_variants_are_accepted() {
    let a = parse_str(r#"{"support":{"a:1":{"shards":[[0,3],[5],7,"9"]}}}"#).unwrap();
    let s = a.nodes[0].info.shards.as_deref().unwrap();
    assert_eq!(format_shards(Some(s)), "0-3, 5, 7, 9");
    assert_eq!(s[0].len(), 4);
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
        (
            r#"{"support":{"free_space_data":"lots"}}"#,
            "free_space_data",
        ),
        (r#"{"support":{"free_space_data":-5}}"#, "byte count"),
        (
            r#"{"support":{"socket_conn":["UP"]}}"#,
            "support.socket_conn",
        ),
        (
            r#"{"support":{"a:1":{"shards":[[3,1]]}}}"#,
            "end comes before",
        ),
        (r#"{"support":{"a:1":{"shards":"all"}}}"#, "shards"),
        (
            r#"{"support":{"a:1":{"schema":{"message":[1]}}}}"#,
            "schema.message",
        ),
        (r#"{"support":{"multi_connect":"maybe"}}"#, "true or false"),
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

#[test]
fn serializes_bytes_exactly() {
    let a = parse("single-registered.json");
    let v = serde_json::to_string(&a.nodes[0]).unwrap();
    assert!(v.contains("\"free_space_data\":9223372036853727000"), "{v}");
    assert!(v.contains("\"schema\":{\"axolotl\":12"), "{v}");
}
