//! Shard moves: runs of shards that changed owner, found by one sweep
//! whatever the ids span.

use super::*;

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
