//! Lenient reading through the real binary: an odd field degrades that
//! field, an odd node that node, never the answer; `--json` prints any
//! JSON body; encodings are read and written as UTF-8.

use std::path::Path;

use crate::common::{Behavior, Server, fixture_bytes, stderr_of, stdout_of, tempdir, wa};
use serde_json::{Value, json};

const TOKEN: &str = "tok-reading-77aa55-SECRET";
const CORE0: &str = "10.210.71.90:wa-coreapp-97145031111-0";

/// The binary in a realistic environment: a token and a timeout in the
/// environment, and a config file with a default profile.
fn wa_env(home: &Path) -> assert_cmd::Command {
    let cfg = home.join("config.toml");
    std::fs::write(
        &cfg,
        "default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"https://127.0.0.1:9\"\ntimeout = 5\n",
    )
    .unwrap();
    let mut c = wa(home);
    c.env("WA_SUPPORT_CONFIG", &cfg)
        .env("WA_SUPPORT_TOKEN", TOKEN)
        .env("WA_SUPPORT_TIMEOUT", "5");
    c
}

/// Both environments: the cleared one and the realistic one.
fn both(home: &Path) -> [assert_cmd::Command; 2] {
    [wa(home), wa_env(home)]
}

fn six_with(field: &str, value: Value) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&fixture_bytes("multiconnect.json")).unwrap();
    v["support"][CORE0][field] = value;
    serde_json::to_vec_pretty(&v).unwrap()
}

fn write(home: &Path, name: &str, body: &[u8]) -> std::path::PathBuf {
    let p = home.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn one_odd_field_on_one_of_six_nodes_does_not_sink_the_answer() {
    let home = tempdir();
    let cases = [
        ("lc", json!(["en"])),
        ("free_space_logs", json!(-1)),
        ("free_space_logs", json!("unlimited")),
        ("free_space_logs", json!(1.5)),
        ("free_space_logs", json!(18446744073709551616.0)),
        ("multi_connect", json!("yes")),
        ("e2e", json!("n/a")),
        ("env", json!(42)),
        ("schema", json!("31")),
    ];
    for (field, value) in cases {
        let f = write(home.path(), "six.json", &six_with(field, value.clone()));
        for mut cmd in both(home.path()) {
            let out = cmd.args(["check", "-f"]).arg(&f).output().unwrap();
            let s = stdout_of(&out);
            assert_eq!(out.status.code(), Some(1), "{field}={value}: {s}");
            assert!(s.starts_with("WA-SUPPORT WARNING"), "{field}: {s}");
            assert!(!s.contains(TOKEN));
        }
        for mut cmd in both(home.path()) {
            let out = cmd.args(["show", "-f"]).arg(&f).output().unwrap();
            let s = stdout_of(&out);
            assert!(out.status.success(), "{field}: {}", stderr_of(&out));
            assert!(s.starts_with("6 nodes"), "{field}: {s}");
            assert!(
                s.contains("field-unreadable") || s.contains(field),
                "{field}: {s}"
            );
        }
        let out = wa_env(home.path())
            .args(["show", "-o", "json", "-f"])
            .arg(&f)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["summary"]["nodes"], 6);
        let node = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == CORE0)
            .unwrap();
        assert_eq!(node["unreadable"][0]["field"], field);
        assert_eq!(
            node["unreadable"][0]["path"],
            format!("support.{CORE0}.{field}")
        );
        assert_eq!(node["unreadable"][0]["raw"], value.to_string());
        assert!(node.get(field).is_none(), "{field} left out of the node");
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "field-unreadable")
            .unwrap();
        assert_eq!(f["node"], CORE0);
        assert_eq!(f["severity"], "warning");
    }
}

#[test]
fn unreadable_shards_and_socket_are_unknown_not_fatal() {
    let home = tempdir();
    let f = write(home.path(), "s.json", &six_with("shards", json!([[3, 0]])));
    let out = wa_env(home.path())
        .args(["show", "-o", "json", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let node = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == CORE0)
        .unwrap();
    assert!(node.get("shards").is_none());
    assert_eq!(node["unreadable"][0]["raw"], "[[3,0]]");
    let f = write(
        home.path(),
        "s.json",
        &six_with("socket_conn", json!({"state": "UP"})),
    );
    let out = wa_env(home.path())
        .args(["check", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(3), "{}", stdout_of(&out));
    assert!(stdout_of(&out).contains("unknown"), "{}", stdout_of(&out));
}

#[test]
fn meta_string_and_top_level_errors_stay_in_the_normalized_json() {
    let home = tempdir();
    let mut v: Value = serde_json::from_slice(&fixture_bytes("multiconnect.json")).unwrap();
    v["meta"] = json!("stable");
    v["errors"] = json!([{"code": 1016, "title": "System overloaded"}]);
    let f = write(home.path(), "m.json", &serde_json::to_vec(&v).unwrap());
    for mut cmd in both(home.path()) {
        let out = cmd
            .args(["show", "-o", "json", "-f"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let d: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(d["summary"]["nodes"], 6);
        assert_eq!(d["errors"][0]["code"], 1016);
        assert_eq!(d["unreadable"][0]["path"], "meta");
        assert_eq!(d["unreadable"][0]["raw"], "\"stable\"");
        let codes: Vec<&str> = d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"server-error"), "{codes:?}");
        assert!(codes.contains(&"field-unreadable"), "{codes:?}");
    }
    let out = wa_env(home.path())
        .args(["check", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(stdout_of(&out).contains("1016"), "{}", stdout_of(&out));
}

#[test]
fn a_cluster_with_odd_node_values_keeps_its_nodes() {
    let home = tempdir();
    let mut v: Value = serde_json::from_slice(&fixture_bytes("multiconnect.json")).unwrap();
    v["support"]["10.210.71.94:wa-coreapp-97145031111-4"] = Value::Null;
    v["support"]["10.210.71.95:wa-coreapp-97145031111-5"] = json!("connection refused");
    v["support"]["10.210.71.96:wa-coreapp-97145031111-6"] =
        json!([{"code": 1011, "title": "Service not ready"}]);
    v["support"]["stray"] = json!(5);
    let f = write(home.path(), "c.json", &serde_json::to_vec(&v).unwrap());
    let out = wa_env(home.path())
        .args(["show", "-o", "json", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["shape"], "multi_connect");
    assert_eq!(d["summary"]["nodes"], 9);
    assert_eq!(d["summary"]["nodes_in_error"], 3);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"local\""));
    let out = wa_env(home.path())
        .args(["check", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    let s = stdout_of(&out);
    assert!(s.contains("connection refused"), "{s}");
    assert!(s.starts_with("WA-SUPPORT CRITICAL"), "{s}");
}

#[test]
fn json_prints_any_json_body_as_received() {
    let home = tempdir();
    for body in [
        &b"[1,2,3]"[..],
        b"{\"nodes\":{}}",
        b"{\"support\":[]}",
        b"{\"support\":null}",
        b"{\"errors\":[{\"code\":1005,\"title\":\"Access denied\"}]}",
        b"  {\"support\" : {\"lc\":[\"en\"]}}\n",
    ] {
        for mut cmd in both(home.path()) {
            let out = cmd
                .args(["show", "--json", "-f", "-"])
                .write_stdin(body)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", stderr_of(&out));
            assert_eq!(out.stdout, body);
        }
    }
    // Through a server too.
    let srv = Server::start(vec![Behavior::ok(b"{\"status\":\"weird\"}")]);
    let out = wa_env(home.path())
        .args(["show", "--json", "--url"])
        .arg(srv.url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, b"{\"status\":\"weird\"}");
    // Redacted, it is still printed.
    let out = wa(home.path())
        .args(["show", "--json", "--redact", "-f", "-"])
        .write_stdin("{\"nodes\":{\"debug_info\":\"+4915112345678\"}}")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["nodes"].is_object());
    assert!(!stdout_of(&out).contains("4915112345678"));
}

#[test]
fn json_of_a_body_that_is_not_json_is_an_error() {
    let home = tempdir();
    for (body, needle) in [
        (
            &b"<html><title>502 Bad Gateway</title></html>"[..],
            "HTML page",
        ),
        (b"", "empty"),
        (b"{\"support\":", "cut short"),
    ] {
        let out = wa_env(home.path())
            .args(["show", "--json", "-f", "-"])
            .write_stdin(body)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        assert!(stderr_of(&out).contains(needle), "{}", stderr_of(&out));
    }
}

#[test]
fn utf16_and_utf32_files_are_written_as_utf8_by_json() {
    let home = tempdir();
    let text = "{\"support\":{\"socket_conn\":\"UP\",\"os_name\":\"ubuntü\"}}";
    let mut le16 = vec![0xFF, 0xFE];
    le16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be32 = vec![0, 0, 0xFE, 0xFF];
    be32.extend(text.chars().flat_map(|c| (c as u32).to_be_bytes()));
    for body in [le16, be32] {
        let f = write(home.path(), "w.json", &body);
        let out = wa_env(home.path())
            .args(["show", "--json", "-f"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert_eq!(out.stdout, text.as_bytes());
        let out = wa_env(home.path())
            .args(["show", "-f"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(stdout_of(&out).contains("ubuntü"), "{}", stdout_of(&out));
    }
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let home = tempdir();
    let f = write(
        home.path(),
        "bad.json",
        b"{\"support\":{\"socket_conn\":\"UP\",\"os_name\":\"ubu\xff\xfentu\"}}",
    );
    let out = wa_env(home.path())
        .args(["show", "-o", "json", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["nodes"][0]["os_name"], "ubu\u{fffd}\u{fffd}ntu");
    assert_eq!(d["findings"][0]["code"], "encoding-replaced");
    let out = wa_env(home.path())
        .args(["check", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
}

#[test]
fn a_server_field_called_name_is_kept_without_a_duplicate_key() {
    let home = tempdir();
    let f = write(
        home.path(),
        "n.json",
        br#"{"support":{"h:c":{"name":"core-7","role":"coreapp","socket_conn":"UP"}}}"#,
    );
    let out = wa_env(home.path())
        .args(["show", "-o", "json", "-f"])
        .arg(&f)
        .output()
        .unwrap();
    let s = stdout_of(&out);
    // Each object has its keys once: count `"name":` inside the nodes array.
    let nodes = &s[s.find("\"nodes\"").unwrap()..s.find("\"findings\"").unwrap()];
    assert_eq!(nodes.matches("\"name\":").count(), 2, "{nodes}");
    let d: Value = serde_json::from_str(&s).unwrap();
    assert_eq!(d["nodes"][0]["name"], "h:c");
    assert_eq!(d["nodes"][0]["server_fields"]["name"], "core-7");
}
