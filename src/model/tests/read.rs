//! Reading field by field: every field of the table is read, values the
//! model does not know are kept, and an odd value degrades its own field.

use super::*;

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
}

#[test]
fn huge_free_space_is_exact() {
    let a = parse_str(r#"{"support":{"free_space_data":18446744073709551615,"free_space_logs":"9223372036854775808"}}"#).unwrap();
    assert_eq!(a.nodes[0].info.free_space_data, Some(Bytes(u64::MAX)));
    assert_eq!(a.nodes[0].info.free_space_logs, Some(Bytes(1 << 63)));
}

#[test]
fn shard_variants_are_accepted() {
    let a = parse_str(r#"{"support":{"a:1":{"shards":[[0,3],[5],7,"9"]}}}"#).unwrap();
    let s = a.nodes[0].info.shards.as_deref().unwrap();
    assert_eq!(format_shards(Some(s)), "0-3, 5, 7, 9");
    assert_eq!(s[0].len(), 4);
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

// ---------- the field table ----------

#[test]
fn every_field_of_the_table_is_read_and_serialized_in_table_order() {
    use serde_json::json;
    let mut node = serde_json::Map::new();
    for name in NODE_FIELDS.iter().filter(|f| **f != "errors") {
        let value = match *name {
            "db_info" => json!(["a"]),
            "e2e" => json!({"registration_id": 1}),
            "env" => json!(["A=b"]),
            n if n.starts_with("free_space_") => json!(1024),
            "multi_connect" => json!(true),
            "role" => json!("coreapp"),
            "schema" => json!({"message": 31}),
            "shards" => json!([[0, 3]]),
            "socket_conn" => json!("UP"),
            _ => json!("x"),
        };
        node.insert(name.to_string(), value);
    }
    let body = json!({ "support": { "h:c": node } }).to_string();
    let a = parse_str(&body).unwrap();
    let n = &a.nodes[0];
    assert!(n.unreadable.is_empty(), "{:?}", n.unreadable);
    assert!(n.info.extra.is_empty(), "not read: {:?}", n.info.extra);
    // Serialized once each, in table order, after the name.
    let s = serde_json::to_string(n).unwrap();
    let mut at = s.find("\"name\":").unwrap();
    for name in NODE_FIELDS.iter().filter(|f| **f != "errors") {
        let key = format!("\"{name}\":");
        assert_eq!(s.matches(&key).count(), 1, "{name}: {s}");
        let here = s.find(&key).unwrap();
        assert!(here > at, "{name} out of order: {s}");
        at = here;
    }
}

#[test]
fn unreadable_values_are_listed_own_readers_first_then_in_table_order() {
    let a = parse_str(
        r#"{"support":{"lc":[1],"free_space_logs":"x","socket_conn":[1],"e2e":1,"schema":2}}"#,
    )
    .unwrap();
    let fields: Vec<&str> = a.nodes[0]
        .unreadable
        .iter()
        .map(|u| u.field.raw())
        .collect();
    assert_eq!(
        fields,
        ["e2e", "schema", "socket_conn", "free_space_logs", "lc"]
    );
}
