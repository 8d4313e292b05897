use serde_json::{Value, json};

use super::*;

const MASTER: &str = "10.210.71.84:wa-master-97145031111-0";
const SECONDARY: &str = "10.210.71.85:wa-master-97145031111-1";
const CORE0: &str = "10.210.71.90:wa-coreapp-97145031111-0";
const CORE1: &str = "10.210.71.91:wa-coreapp-97145031111-1";

fn fixture(path: &str) -> Value {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn multi() -> Value {
    fixture("examples/multiconnect.json")
}

fn answer(v: &Value) -> SupportAnswer {
    SupportAnswer::from_value(v.clone(), "local").unwrap()
}

fn diff(old: &Value, new: &Value) -> Diff {
    compare(&answer(old), &answer(new), &DiffOptions::default())
}

fn node<'a>(v: &'a mut Value, name: &str) -> &'a mut Value {
    &mut v["support"][name]
}

fn changes<'a>(d: &'a Diff, name: &str) -> &'a [Change] {
    &d.changed
        .iter()
        .find(|n| n.name.raw() == name)
        .unwrap_or_else(|| panic!("{name} not changed in {d:#?}"))
        .changes
}

fn change<'a>(d: &'a Diff, name: &str, field: &str) -> &'a Change {
    changes(d, name)
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("no {field} change on {name} in {d:#?}"))
}

fn codes(d: &Diff) -> Vec<&str> {
    d.summary.iter().map(|h| h.code.as_str()).collect()
}

fn headline<'a>(d: &'a Diff, code: &str) -> &'a str {
    d.summary
        .iter()
        .find(|h| h.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(d)))
        .message
        .raw()
}

fn t(s: &str) -> Reading {
    Reading::Text(Text::new(s))
}

#[test]
fn the_same_answer_is_no_difference() {
    for f in [
        "examples/multiconnect.json",
        "examples/single-node.json",
        "tests/fixtures/high-availability.json",
        "tests/fixtures/node-error.json",
        "tests/fixtures/unknown-fields.json",
    ] {
        let v = fixture(f);
        let d = diff(&v, &v);
        assert!(d.is_empty(), "{f}: {d:#?}");
        assert!(d.summary.is_empty(), "{f}: {:?}", d.summary);
        assert_eq!(d.format, "wa-support-diff/1");
    }
}

#[test]
fn primary_master_moved_says_so_and_moves_the_master_shard() {
    let old = multi();
    let mut new = old.clone();
    node(&mut new, MASTER)["role"] = json!("secondary_master");
    node(&mut new, MASTER)["shards"] = json!([]);
    node(&mut new, SECONDARY)["role"] = json!("primary_master");
    node(&mut new, SECONDARY)["shards"] = json!([[-1, -1]]);
    let d = diff(&old, &new);
    assert_eq!(
        headline(&d, "primary-master-moved"),
        format!("primary master moved from {MASTER} to {SECONDARY}")
    );
    assert_eq!(
        headline(&d, "secondary-master-moved"),
        format!("secondary master moved from {SECONDARY} to {MASTER}")
    );
    assert_eq!(
        headline(&d, "master-shard-moved"),
        format!("master shard moved from {MASTER} to {SECONDARY}")
    );
    // The most telling line comes first.
    assert_eq!(codes(&d)[0], "primary-master-moved");
    let c = change(&d, SECONDARY, "role");
    assert_eq!(
        (&c.old, &c.new),
        (&t("secondary_master"), &t("primary_master"))
    );
    assert_eq!(change(&d, MASTER, "shards").new, Reading::Shards(vec![]));
    assert_eq!(d.shard_moves.len(), 1);
    assert!(d.shard_moves[0].is_master());
    // The primary master, first in NEW, is listed first.
    assert_eq!(d.changed[0].name.raw(), SECONDARY);
    assert!(!d.is_empty());
}

#[test]
fn no_primary_master_any_more_is_said_plainly() {
    let old = multi();
    let mut new = old.clone();
    node(&mut new, MASTER)["role"] = json!("coreapp");
    let d = diff(&old, &new);
    assert_eq!(
        headline(&d, "primary-master-moved"),
        format!("no node is primary master now (was {MASTER})")
    );
    let d = diff(&new, &old);
    assert_eq!(
        headline(&d, "primary-master-moved"),
        format!("{MASTER} is now primary master (no node was before)")
    );
}

#[test]
fn nodes_added_and_removed() {
    let old = multi();
    let mut new = old.clone();
    let gone = new["support"]
        .as_object_mut()
        .unwrap()
        .remove(CORE1)
        .unwrap();
    new["support"]["10.210.71.99:wa-coreapp-new"] = gone.clone();
    let d = diff(&old, &new);
    assert_eq!(d.removed.len(), 1);
    assert_eq!(d.removed[0].name.raw(), CORE1);
    assert_eq!(d.removed[0].role, Some(Text::new("coreapp")));
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.added[0].name.raw(), "10.210.71.99:wa-coreapp-new");
    assert_eq!(
        d.added[0].socket_conn,
        Some(Text::new("UP receiving offline"))
    );
    assert_eq!(
        headline(&d, "nodes-added"),
        "1 node added: 10.210.71.99:wa-coreapp-new"
    );
    assert_eq!(
        headline(&d, "nodes-removed"),
        format!("1 node removed: {CORE1}")
    );
    // Shard 1 changed hands with the node.
    assert_eq!(d.shard_moves.len(), 1);
    let m = &d.shard_moves[0];
    assert_eq!((m.first, m.last), (1, 1));
    assert_eq!(m.from, vec![Text::new(CORE1)]);
    assert_eq!(m.to, vec![Text::new("10.210.71.99:wa-coreapp-new")]);
    assert!(d.changed.is_empty(), "{:#?}", d.changed);
    assert_eq!(d.nodes, NodeCounts { old: 6, new: 6 });
}

#[test]
fn socket_state_changes_and_who_is_no_longer_connected() {
    let old = multi();
    let mut new = old.clone();
    node(&mut new, CORE1)["socket_conn"] = json!("DN");
    node(&mut new, SECONDARY)["socket_conn"] = json!("UP");
    let d = diff(&old, &new);
    let c = change(&d, CORE1, "socket_conn");
    assert_eq!((&c.old, &c.new), (&t("UP receiving offline"), &t("DN")));
    assert_eq!(
        headline(&d, "nodes-down"),
        format!("no longer connected: {CORE1}")
    );
    assert_eq!(
        headline(&d, "nodes-up"),
        format!("now connected: {SECONDARY}")
    );
    // The same state spelled differently is no change.
    let mut same = old.clone();
    node(&mut same, CORE0)["socket_conn"] = json!(" up ");
    assert!(diff(&old, &same).is_empty());
}

#[test]
fn build_and_schema_versions() {
    let old = multi();
    let mut new = old.clone();
    for (_, n) in new["support"].as_object_mut().unwrap() {
        n["version"] = json!("v2.53.2");
        n["description"] = json!("v2.53.2");
    }
    node(&mut new, CORE0)["schema"]["message"] = json!(32);
    node(&mut new, CORE0)["schema"]["reactions"] = json!(1);
    let d = diff(&old, &new);
    let c = change(&d, MASTER, "build");
    assert_eq!((&c.old, &c.new), (&t("v2.51.3"), &t("v2.53.2")));
    assert_eq!(
        headline(&d, "builds-changed"),
        "builds changed from 2.51.3 to 2.53.2"
    );
    let c = change(&d, CORE0, "schema.message");
    assert_eq!((&c.old, &c.new), (&t("31"), &t("32")));
    let c = change(&d, CORE0, "schema.reactions");
    assert_eq!((&c.old, &c.new), (&Reading::NotReported, &t("1")));
    assert_eq!(
        headline(&d, "schema-changed"),
        "schema versions changed on 1 node"
    );

    // `v2.51.3` and `2.51.3` are the same build.
    let mut same = old.clone();
    node(&mut same, CORE0)["version"] = json!("2.51.3");
    assert!(diff(&old, &same).is_empty());
}

#[test]
fn api_version_of_the_answer() {
    let old = multi();
    let mut new = old.clone();
    new["meta"]["version"] = json!("v2.53.2");
    let d = diff(&old, &new);
    assert_eq!(d.answer[0].field, "meta.version");
    assert_eq!(
        headline(&d, "api-version-changed"),
        "the API version changed from v2.51.3 to v2.53.2"
    );
}

#[test]
fn expiry_changes_but_not_the_same_instant_written_otherwise() {
    let old = multi();
    let mut new = old.clone();
    node(&mut new, CORE0)["expire_timestamp"] = json!("2027-05-12T10:22:41");
    let d = diff(&old, &new);
    let c = change(&d, CORE0, "expire_timestamp");
    assert_eq!(c.new, t("2027-05-12T10:22:41"));
    assert_eq!(
        headline(&d, "expiry-changed"),
        "build expiry changed on 1 node"
    );

    let mut same = old.clone();
    node(&mut same, CORE0)["expire_timestamp"] = json!("2027-02-12T10:22:41Z");
    node(&mut same, CORE1)["expire_timestamp"] = json!(1_802_427_761);
    assert!(diff(&old, &same).is_empty(), "{:#?}", diff(&old, &same));
}

#[test]
fn free_space_beyond_the_threshold_only() {
    let old = multi();
    let mut new = old.clone();
    let was = 412_316_860_416_i64;
    node(&mut new, CORE0)["free_space_data"] = json!(was - (3 << 30)); // 3 GiB less
    node(&mut new, CORE1)["free_space_data"] = json!(was + (512 << 20)); // 0.5 GiB more
    let d = diff(&old, &new);
    let c = change(&d, CORE0, "free_space_data");
    assert_eq!(c.delta, Some(-(3 << 30)));
    assert_eq!(c.old, Reading::Bytes(was as u64));
    assert!(d.changed.iter().all(|n| n.name.raw() != CORE1), "{d:#?}");
    assert_eq!(
        headline(&d, "space-changed"),
        "free space changed by more than 1 GiB on 1 node"
    );
    // A smaller threshold sees the half GiB.
    let small = DiffOptions {
        space_delta: Bytes(100 << 20),
    };
    let d = compare(&answer(&old), &answer(&new), &small);
    assert_eq!(change(&d, CORE1, "free_space_data").delta, Some(512 << 20));
    assert_eq!(d.space_delta, 100 << 20);
}

#[test]
fn the_no_limit_sentinel_is_no_figure() {
    let old = multi();
    let mut new = old.clone();
    // Both "no limit reported", sent as different numbers near 2^63.
    node(&mut new, CORE0)["free_space_media_incoming"] = json!(9_223_372_036_854_775_807_u64);
    node(&mut new, CORE1)["free_space_media_outgoing"] = json!(4_611_686_018_427_387_904_u64);
    assert!(diff(&old, &new).is_empty(), "{:#?}", diff(&old, &new));
    // A limit appearing is a change, but no delta of 2^63 bytes.
    node(&mut new, CORE0)["free_space_media_incoming"] = json!(10_u64 << 30);
    let d = diff(&old, &new);
    let c = change(&d, CORE0, "free_space_media_incoming");
    assert_eq!(c.delta, None);
    assert_eq!(c.new, Reading::Bytes(10 << 30));
}

#[test]
fn a_field_not_reported_is_not_an_empty_value() {
    let old = multi();
    let mut new = old.clone();
    node(&mut new, CORE0)
        .as_object_mut()
        .unwrap()
        .remove("socket_conn");
    node(&mut new, CORE0)
        .as_object_mut()
        .unwrap()
        .remove("free_space_logs");
    let d = diff(&old, &new);
    let c = change(&d, CORE0, "socket_conn");
    assert_eq!((&c.old, &c.new), (&t("UP"), &Reading::NotReported));
    let c = change(&d, CORE0, "free_space_logs");
    assert_eq!(c.new, Reading::NotReported);
    // Not "no longer connected": the state is unknown, not down.
    assert_eq!(codes(&d), ["fields-one-sided"]);
    assert_eq!(
        headline(&d, "fields-one-sided"),
        "fields reported on one side only on 1 node"
    );
}

#[test]
fn unreadable_fields_are_compared_as_their_raw_text() {
    let mut old = multi();
    node(&mut old, CORE0)["free_space_logs"] = json!("unlimited");
    node(&mut old, CORE0)["shards"] = json!("zero");
    let mut new = old.clone();
    assert!(diff(&old, &new).is_empty());
    node(&mut new, CORE0)["free_space_logs"] = json!("plenty");
    node(&mut new, CORE0)["shards"] = json!([[0, 0]]);
    let d = diff(&old, &new);
    let c = change(&d, CORE0, "free_space_logs");
    assert_eq!(
        (&c.old, &c.new),
        (
            &Reading::Unreadable(Text::new("\"unlimited\"")),
            &Reading::Unreadable(Text::new("\"plenty\""))
        )
    );
    let c = change(&d, CORE0, "shards");
    assert_eq!(c.old, Reading::Unreadable(Text::new("\"zero\"")));
    assert_eq!(c.new, Reading::Shards(vec![[0, 0]]));
}

#[test]
fn a_node_in_error_lists_its_errors_not_every_missing_field() {
    let old = multi();
    let mut new = old.clone();
    new["support"][CORE0] = json!({"errors": [{"code": 1014, "title": "Internal error"}]});
    let d = diff(&old, &new);
    let ch = changes(&d, CORE0);
    assert_eq!(ch.len(), 1, "{ch:#?}");
    assert_eq!(ch[0].field, "errors");
    assert_eq!(ch[0].new, t("1014 Internal error"));
    assert_eq!(ch[0].old, Reading::NotReported);
    assert!(codes(&d).contains(&"errors-changed"));
    // Shard 0 is now owned by no node that reports its shards.
    let m = &d.shard_moves[0];
    assert_eq!((m.first, m.last, m.to_count), (0, 0, 0));
}

fn two_owners(a: &[[i64; 2]], b: &[[i64; 2]]) -> Value {
    json!({"support": {
        "a:1": {"role": "coreapp", "shards": a, "socket_conn": "UP"},
        "b:1": {"role": "coreapp", "shards": b, "socket_conn": "UP"},
        "m:1": {"role": "primary_master", "shards": [[-1, -1]], "socket_conn": "UP"}
    }})
}

#[test]
fn shards_that_moved_are_runs_not_ids() {
    let old = two_owners(&[[0, 999], [1000, 1999]], &[[2000, 4095]]);
    let new = two_owners(&[], &[[0, 4095]]);
    let d = diff(&old, &new);
    assert_eq!(d.shard_moves.len(), 1, "{:#?}", d.shard_moves);
    let m = &d.shard_moves[0];
    assert_eq!((m.first, m.last), (0, 1999));
    assert_eq!(
        (m.from.clone(), m.to.clone()),
        (vec![Text::new("a:1")], vec![Text::new("b:1")])
    );
    assert_eq!(
        headline(&d, "shards-moved"),
        "2000 shards changed owner, in 1 run"
    );
    // The per-node lines show merged ranges.
    let c = change(&d, "a:1", "shards");
    assert_eq!(c.old, Reading::Shards(vec![[0, 1999]]));
    // Ranges written differently but owning the same shards: no change.
    let same = two_owners(&[[0, 1999]], &[[2000, 3000], [3001, 4095]]);
    assert!(diff(&old, &same).is_empty(), "{:#?}", diff(&old, &same));
}

#[test]
fn overlaps_and_partial_moves_split_into_their_runs() {
    let old = two_owners(&[[0, 99]], &[[100, 199]]);
    // b takes 50-99 as well; a keeps 0-99: 50-99 is now owned by both.
    let new = two_owners(&[[0, 99]], &[[50, 199]]);
    let d = diff(&old, &new);
    assert_eq!(d.shard_moves.len(), 1);
    let m = &d.shard_moves[0];
    assert_eq!((m.first, m.last, m.from_count, m.to_count), (50, 99, 1, 2));
    assert_eq!(m.to, vec![Text::new("a:1"), Text::new("b:1")]);
}

#[test]
fn a_huge_range_costs_no_more_than_a_small_one() {
    let big = 4_000_000_000_000_000_i64;
    let old = two_owners(&[[0, big]], &[[big + 1, i64::MAX]]);
    let new = two_owners(&[[big + 1, i64::MAX]], &[[0, big]]);
    let start = std::time::Instant::now();
    let d = diff(&old, &new);
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(d.shard_moves.len(), 2);
    assert_eq!(
        (d.shard_moves[1].first, d.shard_moves[1].last),
        (big + 1, i64::MAX)
    );
    assert!(headline(&d, "shards-moved").starts_with("9223372036854775808 shards changed owner"));
}

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
