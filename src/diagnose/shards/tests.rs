//! Tests of the shard sweep: gaps, overlaps and the master shard, runs
//! not ids, owners deduplicated, limits and cost.

use crate::diagnose::test_support::*;

#[test]
fn shard_gap_overlap_and_master_checks() {
    let a = answer(
        r#"{"support":{
        "a:1":{"role":"primary_master","shards":[[-1,-1]],"socket_conn":"UP"},
        "b:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},
        "c:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},
        "d:1":{"role":"coreapp","shards":[[3,3]],"socket_conn":"DN"},
        "e:1":{"role":"primary_master","shards":[],"socket_conn":"UP"},
        "f:1":{"shards":[],"socket_conn":"UP"},
        "g:1":{"role":"coreapp","shards":[[4,5]],"socket_conn":"UP"}
    }}"#,
    );
    let f = run(&a);
    let msg = |code: &str| {
        f.iter()
            .filter(|x| x.code.as_str() == code)
            .map(|x| x.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        msg("shard-unowned")[0].contains("shard(s) 1-2 of 0-5"),
        "{f:?}"
    );
    assert!(msg("shard-overlap")[0].contains("shard 0 claimed by b:1 and c:1"));
    assert!(msg("primary-master-duplicate")[0].contains("a:1 and e:1"));
    assert!(codes(&f).contains(&("socket-down", Severity::Critical, Some("d:1"))));
    assert!(codes(&f).contains(&("role-missing", Severity::Warning, Some("f:1"))));
    assert!(codes(&f).contains(&("coreapp-multiple-shards", Severity::Warning, Some("g:1"))));
}

#[test]
fn missing_master_shard_mentions_nodes_in_error() {
    let a = answer(
        r#"{"support":{
        "b:1":{"role":"coreapp","shards":[[0,0]],"socket_conn":"UP"},
        "x:1":{"errors":[{"code":1011,"title":"Service not ready"}]}
    }}"#,
    );
    let f = run(&a);
    let m = f
        .iter()
        .find(|x| x.code.as_str() == "master-shard-unowned")
        .unwrap();
    assert!(m.message.contains("x:1"), "{}", m.message);
    assert!(codes(&f).contains(&("node-error", Severity::Critical, Some("x:1"))));
    assert!(has(&f, "primary-master-missing", Severity::Critical));
}

#[test]
fn implausible_shard_range_is_not_walked() {
    let a = answer(
        r#"{"support":{"a:1":{"role":"primary_master","shards":[[-1,-1],[0,9000000000000000000]],"socket_conn":"UP"}}}"#,
    );
    let f = run(&a);
    assert!(has(&f, "shard-implausible", Severity::Warning));
}

#[test]
fn unreadable_or_absent_shards_everywhere_skip_the_shard_rules() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master"},
        "b:1":{"socket_conn":"UP","role":"coreapp"}
    }}"#,
    );
    let f = run(&a);
    assert!(has(&f, "shards-unknown", Severity::Note));
    assert!(
        !f.iter()
            .any(|x| x.code.as_str().starts_with("shard-")
                || x.code.as_str() == "master-shard-unowned"),
        "{f:#?}"
    );
    assert_eq!(counts(&f).0 + counts(&f).1, 0, "{f:#?}");
}

#[test]
fn two_nodes_claiming_the_same_run_give_one_finding() {
    let a = answer(
        r#"{"support":{
        "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "a:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,4000]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,4000]]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-overlap");
    assert!(m.contains("shards 0-4000 claimed by a:1 and b:1"), "{m}");
    let total: usize = f.iter().map(|x| x.message.len()).sum();
    assert!(total < 2_000, "{total} bytes of findings");
    assert!(!has(&f, "shard-unowned", Severity::Critical), "{f:#?}");
}

#[test]
fn a_node_overlapping_itself_is_not_several_owners() {
    let a = answer(
        r#"{"support":{
        "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,3],[2,5],[1,1]]},
        "c:1":{"socket_conn":"UP","role":"coreapp","shards":[[6,6]]}
    }}"#,
    );
    let f = run(&a);
    assert!(
        !f.iter().any(|x| x.code.as_str() == "shard-overlap"),
        "{f:#?}"
    );
    // Owners are deduplicated when the node also overlaps another one.
    let a = answer(
        r#"{"support":{
        "m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,0],[0,0]]},
        "c:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,0]]}
    }}"#,
    );
    let m = only(&run(&a), "shard-overlap");
    assert!(m.contains("shard 0 claimed by b:1 and c:1"), "{m}");
    assert!(!m.contains("b:1, b:1"), "{m}");
}

#[test]
fn master_shard_claimed_twice_is_named() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,0]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[-1,-1],[1,1]]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-overlap");
    assert!(
        m.contains("master shard (-1) claimed by a:1 and b:1"),
        "{m}"
    );
    assert!(!m.contains("shard 0"), "{m}");
    assert!(!has(&f, "master-shard-unowned", Severity::Critical));
}

#[test]
fn shard_lists_are_bounded() {
    // a owns 0..=1000 and 100 other nodes each claim one even shard:
    // 100 overlap runs, listed up to the bound.
    let mut nodes = vec![
        r#""m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]}"#.to_string(),
        r#""a:1":{"socket_conn":"UP","role":"coreapp","shards":[[0,1000]]}"#.to_string(),
    ];
    for i in 0..100 {
        nodes.push(format!(
            r#""x{i:03}:1":{{"socket_conn":"UP","role":"coreapp","shards":[[{0},{0}]]}}"#,
            i * 2
        ));
    }
    let a = answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")));
    let f = run(&a);
    let m = only(&f, "shard-overlap");
    assert!(m.contains("and 92 more"), "{m}");
    assert!(m.len() < 1_000, "{m}");
    // Every other shard unowned: one finding, bounded.
    let ranges: Vec<String> = (0..500).map(|i| format!("[{0},{0}]", i * 2)).collect();
    let a = answer(&format!(
        r#"{{"support":{{"m:1":{{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],{}]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":[]}}}}}}"#,
        ranges.join(",")
    ));
    let f = run(&a);
    let m = only(&f, "shard-unowned");
    assert!(m.starts_with("shard(s) 1, 3, 5"), "{m}");
    assert!(m.contains("of 0-998"), "{m}");
    assert!(m.contains("and 491 more"), "{m}");
    // Many owners of one run: listed up to the bound.
    let nodes: Vec<String> = (0..30)
        .map(|i| format!(r#""n{i:02}:1":{{"socket_conn":"UP","role":"coreapp","shards":[[0,9]]}}"#))
        .collect();
    let a = answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")));
    let m = only(&run(&a), "shard-overlap");
    assert!(m.contains("shards 0-9 claimed by n00:1, n01:1"), "{m}");
    assert!(m.contains("and 22 more"), "{m}");
}

#[test]
fn twenty_thousand_full_ranges_are_cheap() {
    let one = "[-1,4096]";
    let list = vec![one; 20_000].join(",");
    let a = answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[{list}]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":[{list}]}}}}}}"#
    ));
    let start = std::time::Instant::now();
    let f = run(&a);
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    let total: usize = f.iter().map(|x| x.message.len()).sum();
    assert!(total < 4_000, "{total}: {f:#?}");
    let m = only(&f, "shard-overlap");
    assert!(
        m.contains("master shard (-1) claimed by a:1 and b:1"),
        "{m}"
    );
    assert!(m.contains("shards 0-4096 claimed by a:1 and b:1"), "{m}");
    // The socket-down text of an owner is bounded too.
    let a = answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"DN","role":"primary_master","shards":[{}]}}}}}}"#,
        (0..5000)
            .map(|i| format!("[{0},{0}]", i * 2 - 1))
            .take(2000)
            .collect::<Vec<_>>()
            .join(",")
    ));
    let f = run(&a);
    let m = f.iter().find(|x| x.code.as_str() == "socket-down").unwrap();
    assert!(m.message.len() < 400, "{}", m.message);
}

#[test]
fn shard_ids_at_the_plausible_limit() {
    let mk = |last: i64, first: i64| {
        answer(&format!(
            r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]}},"b:1":{{"socket_conn":"UP","role":"coreapp","shards":[[{first},{last}]]}}}}}}"#
        ))
    };
    let f = run(&mk(4096, 0));
    assert!(!has(&f, "shard-implausible", Severity::Warning), "{f:#?}");
    assert!(has(&f, "coreapp-multiple-shards", Severity::Warning));
    let f = run(&mk(4097, 0));
    assert!(codes(&f).contains(&("shard-implausible", Severity::Warning, Some("b:1"))));
    let f = run(&mk(0, -1));
    assert!(!has(&f, "shard-implausible", Severity::Warning), "{f:#?}");
    let f = run(&mk(0, -2));
    assert!(has(&f, "shard-implausible", Severity::Warning), "{f:#?}");
    // Many implausible ranges on one node: one bounded finding.
    let list = (0..500)
        .map(|i| format!("[0,{}]", 5000 + i))
        .collect::<Vec<_>>()
        .join(",");
    let a = answer(&format!(
        r#"{{"support":{{"a:1":{{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],{list}]}}}}}}"#
    ));
    let m = only(&run(&a), "shard-implausible");
    assert!(m.contains("and 492 more"), "{m}");
}

#[test]
fn gaps_name_nodes_that_may_hold_them() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,0]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[2,2]]},
        "c:1":{"socket_conn":"UP","role":"coreapp"},
        "x:1":{"errors":[{"code":1011,"title":"Service not ready"}]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-unowned");
    assert!(m.contains("shard(s) 1 of 0-2"), "{m}");
    assert!(m.contains("x:1") && m.contains("c:1"), "{m}");
    assert!(!has(&f, "shards-unknown", Severity::Note));
    // Gap at the start.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[[3,4]]}
    }}"#,
    );
    let f = run(&a);
    let m = only(&f, "shard-unowned");
    assert!(m.starts_with("shard(s) 0-2 of 0-4 have no owner"), "{m}");
    // Only the master shard: no regular shard, no gap.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert_eq!(counts(&f).0, 0, "{f:#?}");
}

#[test]
fn gaps_before_the_first_range_without_a_master() {
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[[2,3]]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert!(has(&f, "master-shard-unowned", Severity::Critical));
    assert_eq!(
        only(&f, "shard-unowned"),
        "shard(s) 0-1 of 0-3 have no owner"
    );
    // Nobody owns anything: the master shard is unowned, no regular gap.
    let a = answer(
        r#"{"support":{
        "a:1":{"socket_conn":"UP","role":"primary_master","shards":[]},
        "b:1":{"socket_conn":"UP","role":"coreapp","shards":[]}
    }}"#,
    );
    let f = run(&a);
    assert_eq!(
        only(&f, "master-shard-unowned"),
        "no node owns the master shard (-1)"
    );
    assert!(msgs(&f, "shard-unowned").is_empty(), "{f:#?}");
}

#[test]
fn overlap_runs_at_the_list_limit() {
    let mk = |runs: usize| {
        let mut nodes = vec![
            r#""m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,100]]}"#
                .to_string(),
        ];
        for i in 0..runs {
            nodes.push(format!(
                r#""x{i:02}:1":{{"socket_conn":"UP","role":"coreapp","shards":[[{0},{0}]]}}"#,
                i * 2
            ));
        }
        answer(&format!(r#"{{"support":{{{}}}}}"#, nodes.join(",")))
    };
    let m = only(&run(&mk(8)), "shard-overlap");
    assert!(!m.contains("more"), "{m}");
    assert!(m.ends_with("shard 14 claimed by m:1 and x07:1"), "{m}");
    let m = only(&run(&mk(9)), "shard-overlap");
    assert!(m.ends_with("; and 1 more overlapping run(s)"), "{m}");
}

#[test]
fn negative_ranges_print_unambiguously() {
    let f = run_json(
        r#"{"support":{"m:1":{"socket_conn":"UP","role":"primary_master","shards":[[-1,-1],[0,3]]},
            "c:1":{"socket_conn":"UP","role":"coreapp","shards":[[-7,-2]]}}}"#,
    );
    let i = one(&f, "shard-implausible");
    assert!(i.message.contains("range(s) -7..-2;"), "{}", i.message);
    let r = |first, last| crate::model::ShardRange { first, last }.to_string();
    assert_eq!(r(-1, 3), "-1..3");
    assert_eq!(r(-7, -2), "-7..-2");
    assert_eq!(r(0, 3), "0-3");
    assert_eq!(r(-1, -1), "-1");
    assert_eq!(r(5, 5), "5");
}
