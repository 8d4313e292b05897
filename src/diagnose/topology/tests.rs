use super::super::test_support::*;
use crate::plugin_range::PluginRange;

fn r(s: &str) -> Option<PluginRange> {
    Some(s.parse().unwrap())
}

/// A primary master owning shard -1 and one coreapp per shard list given
/// (`"[[0,0]]"`, `"errors"` for a node in error, `"none"` for no list).
fn cluster(coreapps: &[&str]) -> SupportAnswer {
    let mut nodes = vec![
        r#""h:master": {"role": "primary_master", "shards": [[-1, -1]], "socket_conn": "UP"}"#
            .to_string(),
    ];
    for (i, s) in coreapps.iter().enumerate() {
        nodes.push(match *s {
            "errors" => format!(r#""h:core-{i}": {{"errors": [{{"code": 1011, "title": "x"}}]}}"#),
            "none" => format!(r#""h:core-{i}": {{"role": "coreapp", "socket_conn": "DN"}}"#),
            s => format!(
                r#""h:core-{i}": {{"role": "coreapp", "shards": {s}, "socket_conn": "UP"}}"#
            ),
        });
    }
    answer(&format!(r#"{{"support": {{{}}}}}"#, nodes.join(",")))
}

fn with(f: impl FnOnce(&mut Thresholds)) -> Thresholds {
    let mut t = Thresholds::default();
    f(&mut t);
    t
}

fn diag(a: &SupportAnswer, t: &Thresholds) -> Vec<Finding> {
    diagnose(a, t, now())
}

#[test]
fn without_expectations_a_vanished_node_leaves_no_trace() {
    // The owner of shard 2 is gone: the answer alone looks healthy.
    let a = cluster(&["[[0,0]]", "[[1,1]]"]);
    assert_eq!(Status::of(&run(&a)), Status::Ok, "{:#?}", run(&a));
}

#[test]
fn fewer_nodes_than_expected_is_critical_and_more_a_warning() {
    let a = cluster(&["[[0,0]]", "[[1,1]]"]); // 3 nodes
    let f = diag(&a, &with(|t| t.expect.nodes = Some(4)));
    assert!(has(&f, "nodes-missing", Severity::Critical), "{f:#?}");
    let m = only(&f, "nodes-missing");
    assert!(
        m.starts_with("1 of the 4 expected node(s) missing: the answer lists 3"),
        "{m}"
    );
    assert_eq!(Status::of(&f), Status::Critical);
    let m = only(
        &diag(&a, &with(|t| t.expect.nodes = Some(6))),
        "nodes-missing",
    );
    assert!(m.starts_with("3 of the 6 expected"), "{m}");
    // At the limit: nothing.
    let f = diag(&a, &with(|t| t.expect.nodes = Some(3)));
    assert!(with_code(&f, "nodes-missing").is_empty() && with_code(&f, "nodes-extra").is_empty());
    assert_eq!(Status::of(&f), Status::Ok);
    let f = diag(&a, &with(|t| t.expect.nodes = Some(2)));
    assert!(has(&f, "nodes-extra", Severity::Warning), "{f:#?}");
    assert!(
        only(&f, "nodes-extra")
            .starts_with("1 node(s) more than the 2 expected: the answer lists 3")
    );
    assert_eq!(Status::of(&f), Status::Warning);
    // A node in error is in the answer: it is not missing.
    let a = cluster(&["[[0,0]]", "errors"]);
    let f = diag(&a, &with(|t| t.expect.nodes = Some(3)));
    assert!(with_code(&f, "nodes-missing").is_empty(), "{f:#?}");
    // A single-node answer counts one node.
    let a = answer(r#"{"support": {"socket_conn": "UP"}}"#);
    assert!(has(
        &diag(&a, &with(|t| t.expect.nodes = Some(2))),
        "nodes-missing",
        Severity::Critical
    ));
    assert!(diag(&a, &with(|t| t.expect.nodes = Some(1))).is_empty());
}

#[test]
fn an_expected_shard_whose_owner_vanished_is_unowned() {
    let a = cluster(&["[[0,0]]", "[[1,1]]"]);
    let f = diag(&a, &with(|t| t.expect.shards = Some(3)));
    let found = one(&f, "shard-unowned");
    assert_eq!(found.severity, Severity::Critical);
    assert!(
        found.message.raw()
            == "shard 2 (of 3 expected) has no owner; no node reports it: a node may have vanished from the answer",
        "{}",
        found.message.raw()
    );
    let m = only(
        &diag(&a, &with(|t| t.expect.shards = Some(5))),
        "shard-unowned",
    );
    assert_eq!(
        m,
        "shards 2-4 (of 5 expected) have no owner; no node reports them: a node may have vanished from the answer"
    );
    // Exactly the count owned: nothing.
    let f = diag(&a, &with(|t| t.expect.shards = Some(2)));
    assert_eq!(Status::of(&f), Status::Ok, "{f:#?}");
    // Fewer expected than owned: the counts disagree.
    let f = diag(&a, &with(|t| t.expect.shards = Some(1)));
    let m = one(&f, "shard-count-mismatch");
    assert_eq!(m.severity, Severity::Warning);
    assert!(
        m.message
            .raw()
            .starts_with("shards up to 1 are owned (2 shards), 1 expected"),
        "{}",
        m.message.raw()
    );
    assert!(with_code(&f, "shard-unowned").is_empty());
    // Nobody owns a regular shard: all expected ones are unowned, and a
    // node without a shard list is named as a possible holder.
    let a = cluster(&["none"]);
    let m = only(
        &diag(&a, &with(|t| t.expect.shards = Some(2))),
        "shard-unowned",
    );
    assert_eq!(
        m,
        "shards 0-1 (of 2 expected) have no owner; node h:core-0 (no shard list) may hold them"
    );
    // A node in error is named with its error code.
    let a = cluster(&["[[0,1]]", "errors"]);
    let m = only(
        &diag(&a, &with(|t| t.expect.shards = Some(3))),
        "shard-unowned",
    );
    assert_eq!(
        m,
        "shard 2 (of 3 expected) has no owner; node h:core-1 (error 1011) may hold it"
    );
    let a = cluster(&["[[0,0]]", "errors", "none"]);
    let m = only(
        &diag(&a, &with(|t| t.expect.shards = Some(3))),
        "shard-unowned",
    );
    assert_eq!(
        m,
        "shards 1-2 (of 3 expected) have no owner; nodes h:core-2 (no shard list) and h:core-1 (error 1011) may hold them"
    );
}

#[test]
fn shard_expectations_need_known_ownership() {
    // Nobody lists shards: unknown, not unowned.
    let a = answer(
        r#"{"support": {"h:a": {"role": "coreapp", "socket_conn": "UP"}, "h:b": {"role": "coreapp", "socket_conn": "UP"}}}"#,
    );
    let f = diag(&a, &with(|t| t.expect.shards = Some(2)));
    assert!(with_code(&f, "shard-unowned").is_empty(), "{f:#?}");
    let a = answer(r#"{"support": {"socket_conn": "UP", "shards": [[0, 0]]}}"#);
    assert!(diag(&a, &with(|t| t.expect.shards = Some(4))).is_empty());
}

#[test]
fn coverage_counts_gaps_once_whatever_the_overlaps() {
    let cov = |a: &SupportAnswer| unowned_shards(a, None);
    assert_eq!(cov(&cluster(&["[[0,0]]", "[[1,1]]"])), Some(0));
    // A range ending where the last one ended adds nothing.
    assert_eq!(cov(&cluster(&["[[0,2]]", "[[2,2]]", "[[5,5]]"])), Some(2));
    assert_eq!(cov(&cluster(&["[[0,0]]", "[[3,3]]"])), Some(2));
    assert_eq!(
        cov(&cluster(&["[[0,4]]", "[[2,3]]", "[[4,6]]", "[[9,9]]"])),
        Some(2)
    );
    // A node in error does not own what it lists; implausible ranges are out.
    assert_eq!(cov(&cluster(&["[[0,0]]", "errors", "[[2,2]]"])), Some(1));
    assert_eq!(cov(&cluster(&["[[0,0]]", "[[9000,9001]]"])), Some(0));
    // The expected count adds the run on top, and only that.
    assert_eq!(
        unowned_shards(&cluster(&["[[0,0]]", "[[3,3]]"]), Some(6)),
        Some(4)
    );
    assert_eq!(
        unowned_shards(&cluster(&["[[0,0]]", "[[3,3]]"]), Some(2)),
        Some(2)
    );
    assert_eq!(unowned_shards(&cluster(&["none"]), Some(3)), Some(3));
    assert_eq!(
        unowned_shards(&answer(r#"{"support": {"socket_conn": "UP"}}"#), Some(3)),
        None
    );
    assert_eq!(
        nodes_in_error(&cluster(&["errors", "errors", "[[0,0]]"])),
        2
    );
}

#[test]
fn counted_figures_alert_at_their_limits() {
    let a = cluster(&["[[0,0]]", "[[1,1]]", "errors"]); // 3 up, 1 in error
    let judge = |t: Thresholds| -> Vec<(Severity, String)> {
        diag(&a, &t)
            .into_iter()
            .filter(|f| f.code.as_str() == "count-out-of-range")
            .map(|f| (f.severity, f.message.raw().to_string()))
            .collect()
    };
    // nodes up = 3: `3:` is fine at the limit, `4:` alerts.
    assert!(judge(with(|t| t.counted.nodes_up.crit = r("3:"))).is_empty());
    assert_eq!(
        judge(with(|t| t.counted.nodes_up.crit = r("4:"))),
        [(
            Severity::Critical,
            "3 node(s) connected, below 4 (--nodes-up-crit 4:)".to_string()
        )]
    );
    assert_eq!(
        judge(with(|t| {
            t.counted.nodes_up.warn = r("4:");
            t.counted.nodes_up.crit = r("2:");
        })),
        [(
            Severity::Warning,
            "3 node(s) connected, below 4 (--nodes-up-warn 4:)".to_string()
        )]
    );
    // nodes in error = 1: bare `1` (0:1) is fine, `0` alerts above 0.
    assert!(judge(with(|t| t.counted.nodes_error.warn = r("1"))).is_empty());
    assert_eq!(
        judge(with(|t| t.counted.nodes_error.warn = r("0"))),
        [(
            Severity::Warning,
            "1 node(s) in error, above 0 (--nodes-error-warn 0)".to_string()
        )]
    );
    // Inverted: `@1:1` alerts on exactly 1, `@2:5` does not.
    assert_eq!(
        judge(with(|t| t.counted.nodes_error.crit = r("@1:1"))).len(),
        1
    );
    assert!(judge(with(|t| t.counted.nodes_error.crit = r("@2:5"))).is_empty());
    // unowned shards = 0 here; with 4 expected, 2.
    assert!(judge(with(|t| t.counted.unowned_shards.crit = r("0"))).is_empty());
    let got = judge(with(|t| {
        t.counted.unowned_shards.crit = r("~:1");
        t.expect.shards = Some(4);
    }));
    assert_eq!(
        got,
        [(
            Severity::Critical,
            "2 unowned shard(s), above 1 (--unowned-shards-crit ~:1)".to_string()
        )]
    );
    assert!(
        judge(with(|t| {
            t.counted.unowned_shards.crit = r("~:2");
            t.expect.shards = Some(4);
        }))
        .is_empty()
    );
}
