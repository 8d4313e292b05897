//! The answer as a whole: node pairing across shapes and redaction, the
//! JSON document round trip, and the cost on ten thousand nodes.

use serde_json::json;

use super::*;

#[test]
fn single_node_answers_match_their_one_node_whatever_its_name() {
    let old = answer(&fixture("examples/single-node.json"));
    let mut v = fixture("examples/single-node.json");
    v["support"]["socket_conn"] = json!("DN");
    let new = SupportAnswer::from_value(v, "wa.example.com:9090").unwrap();
    let d = compare(&old, &new, &DiffOptions::default());
    assert!(d.added.is_empty() && d.removed.is_empty(), "{d:#?}");
    assert_eq!(d.changed.len(), 1);
    assert_eq!(d.changed[0].name.raw(), "wa.example.com:9090");
    assert_eq!(d.changed[0].old_name, Some(Text::new("local")));
    assert_eq!(
        change(&d, "wa.example.com:9090", "socket_conn").new,
        t("DN")
    );
}

#[test]
fn a_change_of_shape_is_an_answer_level_change() {
    let old = fixture("examples/single-node.json");
    let mut node = old["support"].clone();
    node["role"] = json!("primary_master");
    let new = json!({"support": {"local:1": node}});
    let d = diff(&old, &new);
    assert_eq!(d.answer[0].field, "shape");
    assert_eq!(
        headline(&d, "shape-changed"),
        "the answer changed from one node to multi-connect"
    );
    // One node each: still the same node.
    assert_eq!(d.changed.len(), 1, "{d:#?}");
    assert_eq!(change(&d, "local:1", "role").old, Reading::NotReported);
}

#[test]
fn json_round_trips_and_is_stable() {
    let old = multi();
    let mut new = old.clone();
    node(&mut new, MASTER)["role"] = json!("secondary_master");
    node(&mut new, SECONDARY)["role"] = json!("primary_master");
    node(&mut new, CORE0)["free_space_data"] = json!(1_u64 << 30);
    node(&mut new, CORE0)["free_space_logs"] = json!("bad");
    new["support"].as_object_mut().unwrap().remove(CORE1);
    let mut d = diff(&old, &new);
    d.sources = Sources {
        old: Text::new("before.json"),
        new: Text::new("wa1\u{1b}]0;x\u{7}:9090"),
    };
    let text = serde_json::to_string_pretty(&d).unwrap();
    let back: Diff = serde_json::from_str(&text).unwrap();
    assert_eq!(back, d);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "wa-support-diff/1");
    assert_eq!(v["sources"]["new"], "wa1\u{1b}]0;x\u{7}:9090");
    assert_eq!(v["removed"][0]["name"], CORE1);
    // Readings are tagged the same way whatever their kind.
    let core0 = v["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == CORE0)
        .unwrap();
    let data = core0["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "free_space_data")
        .unwrap();
    assert_eq!(
        data["old"],
        json!({"kind": "bytes", "value": 412_316_860_416_u64})
    );
    assert_eq!(data["delta"], json!((1_i64 << 30) - 412_316_860_416));
    let logs = core0["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "free_space_logs")
        .unwrap();
    assert_eq!(
        logs["new"],
        json!({"kind": "unreadable", "value": "\"bad\""})
    );
    // The same inputs give the same document.
    assert_eq!(serde_json::to_string(&diff(&old, &new)).unwrap(), {
        let mut again = diff(&old, &new);
        again.sources = Sources::default();
        serde_json::to_string(&again).unwrap()
    });
}

/// `count` nodes; `owner(i)` gives node i's shards, `role(i)` its role.
fn cluster(
    names: impl Iterator<Item = usize>,
    owner: impl Fn(usize) -> Value,
    role: impl Fn(usize) -> &'static str,
    socket: impl Fn(usize) -> &'static str,
) -> Value {
    let mut support = serde_json::Map::new();
    for i in names {
        support.insert(
            format!("host-{i}:wa-{i}"),
            json!({
                "role": role(i),
                "shards": owner(i),
                "socket_conn": socket(i),
                "version": "v2.51.3",
                "free_space_data": 100_u64 << 30,
            }),
        );
    }
    json!({"support": support})
}

#[test]
fn ten_thousand_nodes_each_side_stay_fast_and_bounded() {
    // Four nodes own 1024 shards each; the others stand by.
    let old = cluster(
        0..10_000,
        |i| match i {
            0 => json!([[-1, -1]]),
            1..=4 => json!([[(i as i64 - 1) * 1024, i as i64 * 1024 - 1]]),
            _ => json!([]),
        },
        |i| if i == 0 { "primary_master" } else { "coreapp" },
        |_| "UP",
    );
    // 50 nodes gone, 50 new; the master and every block moved one node
    // along; every other node went down.
    let new = cluster(
        50..10_050,
        |i| match i {
            51 => json!([[-1, -1]]),
            52..=55 => json!([[(i as i64 - 52) * 1024, (i as i64 - 51) * 1024 - 1]]),
            _ => json!([]),
        },
        |i| if i == 51 { "primary_master" } else { "coreapp" },
        |i| if i % 2 == 0 { "DN" } else { "UP" },
    );
    let (old, new) = (answer(&old), answer(&new));
    let start = std::time::Instant::now();
    let d = compare(&old, &new, &DiffOptions::default());
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    assert_eq!((d.added.len(), d.removed.len()), (50, 50));
    // One run per block and the master shard, not one per shard id.
    assert_eq!(d.shard_moves.len(), 5, "{:#?}", d.shard_moves);
    assert_eq!(
        headline(&d, "primary-master-moved"),
        "primary master moved from host-0:wa-0 to host-51:wa-51"
    );
    assert_eq!(
        headline(&d, "shards-moved"),
        "4096 shards changed owner, in 4 runs"
    );
    // Summary lines list a few names, then how many more.
    let down = headline(&d, "nodes-down");
    assert!(down.ends_with("and 4967 more"), "{down}");
    assert!(down.len() < 300, "{down}");
    let text = crate::render::diff::render_text(&d, &crate::render::RenderOptions::PLAIN);
    let json = serde_json::to_string(&d).unwrap();
    // Output grows with the nodes that changed, a few lines each.
    let lines = text.lines().count();
    assert!(lines < 4 * d.changed.len() + 200, "{lines} lines");
    assert!(
        json.len() < 400 * (d.changed.len() + 100),
        "{} bytes",
        json.len()
    );
}

#[test]
fn both_sides_redacted_alike_still_pair_their_nodes() {
    use crate::redact::{RedactOptions, redact};
    let old = multi();
    let mut new = old.clone();
    node(&mut new, CORE0)["socket_conn"] = json!("DN");
    for hosts in [false, true] {
        let opts = RedactOptions { hosts };
        let (mut ro, mut rn) = (old.clone(), new.clone());
        redact(&mut ro, opts, &[]);
        redact(&mut rn, opts, &[]);
        let d = diff(&ro, &rn);
        // The same node set: each side gives the same pseudonyms.
        assert!(d.added.is_empty() && d.removed.is_empty(), "{d:#?}");
        assert_eq!(d.changed.len(), 1, "{d:#?}");
        let name = d.changed[0].name.raw();
        assert!(!name.contains("97145031111"), "{name}");
        assert_eq!(name.starts_with("node-"), hosts, "{name}");
        assert_eq!(d.changed[0].changes[0].new, t("DN"));
    }
}
