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
    assert_eq!(tables.last().map(|t| t.raw()), Some("billing"));
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
fn odd_values_that_were_errors_are_now_unreadable_fields() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"support":{"free_space_data":"lots"}}"#,
            "support.free_space_data",
        ),
        (
            r#"{"support":{"free_space_data":-5}}"#,
            "support.free_space_data",
        ),
        (
            r#"{"support":{"socket_conn":["UP"]}}"#,
            "support.socket_conn",
        ),
        (
            r#"{"support":{"a:1":{"shards":[[3,1]]}}}"#,
            "support.a:1.shards",
        ),
        (
            r#"{"support":{"a:1":{"shards":"all"}}}"#,
            "support.a:1.shards",
        ),
        (
            r#"{"support":{"a:1":{"shards":[[0,1,2]]}}}"#,
            "support.a:1.shards",
        ),
        (
            r#"{"support":{"a:1":{"schema":{"message":[1]}}}}"#,
            "support.a:1.schema.message",
        ),
        (
            r#"{"support":{"multi_connect":"maybe"}}"#,
            "support.multi_connect",
        ),
        (
            r#"{"support":{"e2e":{"registration_id":{"id":1}}}}"#,
            "support.e2e.registration_id",
        ),
        (r#"{"support":{"lc":"de","meta":1},"meta":[1]}"#, "meta"),
    ];
    for (input, path) in cases {
        let a = parse_str(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        let all: Vec<&Unreadable> = a
            .unreadable
            .iter()
            .chain(a.nodes.iter().flat_map(|n| &n.unreadable))
            .collect();
        assert_eq!(all.len(), 1, "{input}: {all:?}");
        assert_eq!(all[0].path, *path, "{input}");
        assert!(!all[0].expected.is_empty());
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

// ---------- lenient reading: degrade a field, not a node ----------

/// The six-node fixture with one field of one node replaced.
fn six_with(node: &str, field: &str, value: Value) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&fixture("multiconnect.json")).unwrap();
    v["support"][node][field] = value;
    serde_json::to_vec(&v).unwrap()
}

const CORE0: &str = "10.210.71.90:wa-coreapp-97145031111-0";

#[test]
fn a_field_of_the_wrong_type_degrades_only_that_field() {
    use serde_json::json;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("lc", json!(["en"]), "a string"),
        ("free_space_logs", json!(-1), "a byte count"),
        ("free_space_logs", json!("unlimited"), "a byte count"),
        ("free_space_logs", json!(1.5), "a byte count"),
        (
            "free_space_logs",
            json!(1.8446744073709552e19),
            "a byte count",
        ),
        ("shards", json!([[3, 0]]), "[first, last]"),
        ("multi_connect", json!("yes"), "true or false"),
        ("e2e", json!("n/a"), "an object"),
        ("env", json!(42), "a list"),
        ("schema", json!([1, 2]), "table versions"),
        ("socket_conn", json!({"state": "UP"}), "a string"),
    ];
    for (field, value, expected) in cases {
        let raw = serde_json::to_string(&value).unwrap();
        let body = six_with(CORE0, field, value);
        let a = SupportAnswer::from_slice(&body, "local")
            .unwrap_or_else(|e| panic!("{field}={raw}: {e}"));
        assert_eq!(a.nodes.len(), 6, "{field}");
        let n = a.nodes.iter().find(|n| n.name == CORE0).unwrap();
        assert!(!n.is_error(), "{field}");
        assert_eq!(n.unreadable.len(), 1, "{field}: {:?}", n.unreadable);
        let u = &n.unreadable[0];
        assert_eq!(u.field, field);
        assert_eq!(u.path, format!("support.{CORE0}.{field}"));
        assert_eq!(u.raw, raw, "{field}");
        assert!(u.expected.contains(expected), "{field}: {}", u.expected);
        // The rest of the node is read.
        assert_eq!(n.info.role, Some(Role::Coreapp), "{field}");
        assert_eq!(
            n.info.db_engine.as_ref().map(|t| t.raw()),
            Some("MYSQL"),
            "{field}"
        );
        // The other nodes are untouched.
        assert!(
            a.nodes
                .iter()
                .filter(|m| m.name != CORE0)
                .all(|m| m.unreadable.is_empty())
        );
    }
}

#[test]
fn unreadable_values_leave_the_verdict_inputs_unknown() {
    let a = SupportAnswer::from_slice(&six_with(CORE0, "shards", serde_json::json!([[3, 0]])), "l")
        .unwrap();
    let n = a.nodes.iter().find(|n| n.name == CORE0).unwrap();
    assert_eq!(n.info.shards, None, "ownership unknown");
    let a = SupportAnswer::from_slice(
        &six_with(CORE0, "socket_conn", serde_json::json!(["UP"])),
        "l",
    )
    .unwrap();
    let n = a.nodes.iter().find(|n| n.name == CORE0).unwrap();
    assert_eq!(n.info.socket_conn, Some(SocketState::Unknown));
    let a = SupportAnswer::from_slice(
        &six_with(CORE0, "free_space_logs", serde_json::json!(-1)),
        "l",
    )
    .unwrap();
    let n = a.nodes.iter().find(|n| n.name == CORE0).unwrap();
    assert_eq!(n.info.free_space_logs, None);
    assert_eq!(n.info.free_space_data, Some(Bytes(412316860416)));
}

#[test]
fn one_bad_schema_table_keeps_the_others() {
    let a = parse_str(r#"{"support":{"schema":{"message":{"v":1},"axolotl":12}}}"#).unwrap();
    let n = &a.nodes[0];
    assert_eq!(
        n.info.schema_version("axolotl"),
        Some(&SchemaVersion::Number(12))
    );
    assert_eq!(n.info.schema_version("message"), None);
    assert_eq!(n.unreadable[0].path, "support.schema.message");
    assert_eq!(n.unreadable[0].raw, r#"{"v":1}"#);
}

#[test]
fn meta_of_the_wrong_type_is_unreadable_at_the_top() {
    let mut v: Value = serde_json::from_slice(&fixture("multiconnect.json")).unwrap();
    v["meta"] = Value::String("stable".into());
    let a = SupportAnswer::from_value(v, "local").unwrap();
    assert_eq!(a.nodes.len(), 6);
    assert_eq!(a.meta, None);
    assert_eq!(a.unreadable.len(), 1);
    assert_eq!(a.unreadable[0].path, "meta");
    assert_eq!(a.unreadable[0].raw, "\"stable\"");
}

#[test]
fn raw_text_is_bounded_and_not_escaped() {
    let long = "é\u{1b}".repeat(500);
    let body = serde_json::json!({"support": {"lc": [long]}}).to_string();
    let a = parse_str(&body).unwrap();
    let u = &a.nodes[0].unreadable[0];
    assert!(u.raw.raw().chars().count() <= 201, "{}", u.raw.len());
    assert!(u.raw.ends_with("…"));
    assert!(u.raw.starts_with("[\"é"), "{}", u.raw);
}

#[test]
fn unreadable_fields_are_listed_in_the_normalized_node() {
    let a = parse_str(r#"{"support":{"socket_conn":"UP","lc":["en"]}}"#).unwrap();
    let v = serde_json::to_value(&a.nodes[0]).unwrap();
    assert_eq!(v["unreadable"][0]["field"], "lc");
    assert_eq!(v["unreadable"][0]["raw"], "[\"en\"]");
    assert!(v.get("lc").is_none());
    let a = parse_str(r#"{"support":{"socket_conn":"UP"}}"#).unwrap();
    let v = serde_json::to_value(&a.nodes[0]).unwrap();
    assert!(v.get("unreadable").is_none(), "skipped when empty");
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

// ---------- encoding ----------

#[test]
fn invalid_utf8_is_replaced_and_counted() {
    let a =
        SupportAnswer::from_slice(b"{\"support\":{\"os_name\":\"ubu\xff\xfentu\"}}", "l").unwrap();
    assert_eq!(
        a.nodes[0].info.os_name.as_ref().map(|t| t.raw()),
        Some("ubu\u{fffd}\u{fffd}ntu")
    );
    assert_eq!(a.decoding.replaced, 2);
}

#[test]
fn utf16_and_utf32_are_decoded() {
    let text = r#"{"support":{"socket_conn":"UP"}}"#;
    let mut le16 = vec![0xFF, 0xFE];
    le16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be16 = vec![0xFE, 0xFF];
    be16.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut le32 = vec![0xFF, 0xFE, 0, 0];
    le32.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
    let mut be32 = vec![0, 0, 0xFE, 0xFF];
    be32.extend(text.chars().flat_map(|c| (c as u32).to_be_bytes()));
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (what, body) in [
        ("le16", le16),
        ("be16", be16),
        ("le32", le32),
        ("be32", be32),
        ("no bom", no_bom),
    ] {
        let d = decode_body(&body);
        assert_eq!(std::str::from_utf8(&d.text).unwrap(), text, "{what}");
        let a = SupportAnswer::from_slice(&body, "l").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up), "{what}");
    }
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

#[test]
fn schema_tables_and_columns_are_linear_and_complete() {
    let mut nodes = serde_json::Map::new();
    for i in 0..200 {
        let mut schema = serde_json::Map::new();
        for t in 0..300 {
            schema.insert(format!("t{t}"), Value::from(t + i % 2));
        }
        schema.insert("message".into(), Value::from(31));
        nodes.insert(format!("h{i}:c"), serde_json::json!({ "schema": schema }));
    }
    let body = serde_json::json!({ "support": nodes }).to_string();
    let a = parse_str(&body).unwrap();
    let start = std::time::Instant::now();
    let grid = a.schema_grid();
    assert_eq!(grid.tables.len(), 301);
    assert_eq!(grid.tables[0], "message");
    assert_eq!(grid.columns.len(), 301);
    assert!(grid.columns.iter().all(|c| c.len() == 200));
    assert_eq!(a.schema_tables(), grid.tables);
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
}
