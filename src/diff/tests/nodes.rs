//! What `compare` says of one node on both sides: role, socket, build,
//! schema, expiry, free space, unreadable and missing fields, errors; and
//! the summary lines those changes make.

use serde_json::json;

use super::*;

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
