//! Node names in `show` at every terminal width: each row, schema row and
//! problem names its node apart from the others, the common prefix is left
//! out once and said, and every line fits.

use super::*;

/// A multi-connect answer with these node names: the first a primary
/// master owning the master shard, the rest coreapps owning one shard each;
/// the node at `down` is disconnected (and so must stand out).
fn cluster(names: &[String], down: usize) -> SupportAnswer {
    let mut m = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        let (role, shards) = if i == 0 {
            ("primary_master", serde_json::json!([[-1, -1]]))
        } else {
            ("coreapp", serde_json::json!([[i - 1, i - 1]]))
        };
        m.insert(
            name.clone(),
            serde_json::json!({
                "role": role, "shards": shards, "multi_connect": true,
                "socket_conn": if i == down { "DN" } else { "UP" },
                "version": "v2.51.3", "expire_timestamp": "2027-02-12T10:22:41",
                "free_space_data": 412316860416u64, "free_space_logs": 40802189312u64,
                "free_space_media_incoming": 9223372036853727000u64,
                "free_space_media_outgoing": 9223372036853727000u64,
                "schema": {"axolotl": 12, "callback": 4, "message": 31},
                "os_name": "ubuntu-x86_64", "debug_info": format!("+49151123456{i:02}"),
            }),
        );
    }
    let doc =
        serde_json::json!({"meta": {"api_status": "stable", "version": "v2.51.3"}, "support": m});
    SupportAnswer::from_value(doc, "local").unwrap()
}

/// Realistic clusters whose names are long in different ways.
fn long_named_clusters() -> Vec<(&'static str, Vec<String>)> {
    vec![
        (
            "one long host, six containers",
            (1..=6)
                .map(|i| format!("wa-prod-01.dc1.example.internal:wa-core-4{i}"))
                .collect(),
        ),
        (
            "hosts differing in the middle",
            (1..=6)
                .map(|i| format!("wa-prod-0{i}.dc1.example.internal:wa-coreapp"))
                .collect(),
        ),
        (
            "long containers, numbers in the middle",
            (1..=6)
                .map(|i| format!("10.210.71.84:wa-coreapp-{i}-97145031111-production-eu-west"))
                .collect(),
        ),
        (
            "distinct hosts and containers",
            (1..=6)
                .map(|i| format!("node-{i}.k8s-cluster-prod.example.internal:whatsapp-coreapp-{i}"))
                .collect(),
        ),
    ]
}

/// The NODE cells of the nodes table in `show`'s output.
fn node_column(out: &str) -> Vec<String> {
    out.lines()
        .skip_while(|l| !l.starts_with("NODE"))
        .skip(1)
        .take_while(|l| !l.is_empty() && !l.starts_with('('))
        .map(|l| l.split("  ").next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_row_says_which_node_it_is_at_every_width() {
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    for (what, names) in long_named_clusters() {
        let a = cluster(&names, 3);
        let f = diagnose(&a, &Thresholds::default(), now);
        for width in [60u16, 80, 120] {
            let out = render_show(
                &a,
                Some(&f),
                &RenderOptions {
                    color: false,
                    width: Some(width),
                },
            );
            for line in out.lines() {
                assert!(
                    line.width() <= usize::from(width),
                    "{what} at {width}: {} columns: {line}\n{out}",
                    line.width()
                );
            }
            let cells = node_column(&out);
            assert_eq!(cells.len(), names.len(), "{what} at {width}:\n{out}");
            let distinct: std::collections::HashSet<&String> = cells.iter().collect();
            assert_eq!(distinct.len(), cells.len(), "{what} at {width}:\n{out}");
            // The disconnected node's row can be told apart.
            let header = out.lines().find(|l| l.starts_with("NODE")).unwrap();
            assert!(header.contains("SHARDS"), "{what} at {width}: {header}");
            let down_row = out
                .lines()
                .find(|l| l.contains("  DN"))
                .unwrap_or_else(|| panic!("{what} at {width}:\n{out}"));
            let down_cell = down_row.split("  ").next().unwrap();
            assert_eq!(cells.iter().filter(|c| *c == down_cell).count(), 1);
            // Problems name the nodes distinctly too.
            let problem_lines: Vec<&str> = out
                .lines()
                .skip_while(|l| !l.starts_with("Problems"))
                .filter(|l| l.starts_with("  CRIT") || l.starts_with("  WARN"))
                .collect();
            assert!(!problem_lines.is_empty(), "{what} at {width}:\n{out}");
        }
    }
}

#[test]
fn the_common_prefix_is_left_out_once_and_said() {
    let names: Vec<String> = (1..=6)
        .map(|i| format!("wa-prod-01.dc1.example.internal:wa-core-4{i}"))
        .collect();
    let a = cluster(&names, 3);
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    let at = |w| {
        render_show(
            &a,
            Some(&f),
            &RenderOptions {
                color: false,
                width: Some(w),
            },
        )
    };
    let out = at(80);
    let note = "node names without their common prefix `wa-prod-01.dc1.example.internal:`";
    assert_eq!(out.matches(note).count(), 1, "{out}");
    assert_eq!(out.matches("common prefix").count(), 1, "{out}");
    assert_eq!(
        node_column(&out),
        (1..=6).map(|i| format!("wa-core-4{i}")).collect::<Vec<_>>()
    );
    // The problems use the same short names.
    assert!(
        out.lines().any(|l| l.starts_with("  CRIT  wa-core-44  ")),
        "{out}"
    );
    // Wide enough for the whole names: they are shown whole, no note.
    let wide = at(400);
    assert!(!wide.contains("common prefix"), "{wide}");
    assert!(node_column(&wide).contains(&names[0]));
    // Piped: whole names.
    let piped = render_show(&a, Some(&f), &RenderOptions::PLAIN);
    assert!(!piped.contains("common prefix"));
}

/// The nodes of `names` as `show` prints them at `width`: the NODE cells of
/// the nodes table and the names in the Problems lines.
fn shown_names(out: &str) -> (Vec<String>, Vec<String>) {
    let problems = out
        .lines()
        .skip_while(|l| !l.starts_with("Problems"))
        .filter(|l| l.starts_with("  CRIT") || l.starts_with("  WARN"))
        .map(|l| l[8..].split("  ").next().unwrap_or("").to_string())
        .collect();
    (node_column(out), problems)
}

#[test]
fn names_differing_in_the_middle_stay_apart() {
    let mid = "a".repeat(34);
    let end = "a".repeat(30);
    let names: Vec<String> = [
        "10.210.71.84:wa-master-97145031111-0".to_string(),
        format!("10.210.71.90:wa-coreapp-{mid}X{end}-0"),
        format!("10.210.71.90:wa-coreapp-{mid}Y{end}-0"),
    ]
    .into();
    let a = cluster(&names, 2);
    // One problem per node.
    let f: Vec<Finding> = names
        .iter()
        .map(|n| Finding {
            severity: Severity::Warning,
            code: crate::diagnose::FindingCode::SocketDown,
            node: Some(n.as_str().into()),
            message: "msg".into(),
        })
        .collect();
    for width in 40u16..=200 {
        let out = render_show(
            &a,
            Some(&f),
            &RenderOptions {
                color: false,
                width: Some(width),
            },
        );
        let (cells, problems) = shown_names(&out);
        assert_eq!(cells.len(), 3, "at {width}:\n{out}");
        assert_ne!(cells[1], cells[2], "at {width}:\n{out}");
        // The schema table names them apart too.
        let schema: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("Schema versions"))
            .skip(2)
            .take(3)
            .map(|l| l.split("  ").next().unwrap())
            .collect();
        assert_ne!(schema[1], schema[2], "at {width}:\n{out}");
        // Every node's problem names it apart from the others.
        assert_eq!(problems.len(), 3, "at {width}:\n{out}");
        let apart: std::collections::HashSet<&String> = problems.iter().collect();
        assert_eq!(apart.len(), 3, "at {width}: {problems:?}\n{out}");
        for line in out.lines() {
            assert!(line.width() <= usize::from(width), "at {width}: {line}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Names sharing long starts and ends, differing anywhere: at any
    /// terminal width, every table row, schema row and problem names its
    /// node apart from the others, and every line fits.
    #[test]
    fn every_node_is_named_apart_at_any_width(
        stem in "[a-z0-9.:-]{0,6}[a]{10,70}[:.-]?[a]{0,40}",
        diffs in proptest::collection::btree_set((0usize..200, "[X-Z0-9]"), 2..6),
        width in 40u16..=200,
    ) {
        let stem: Vec<char> = stem.chars().collect();
        let mut names: Vec<String> = diffs
            .iter()
            .map(|(at, c)| {
                let mut n = stem.clone();
                n.insert(at % (n.len() + 1), c.chars().next().unwrap());
                n.into_iter().collect()
            })
            .collect();
        names.sort();
        names.dedup();
        proptest::prop_assume!(names.len() >= 2);
        let a = cluster(&names, 1);
        let f: Vec<Finding> = names
            .iter()
            .map(|n| Finding {
                severity: Severity::Warning,
                code: crate::diagnose::FindingCode::SocketDown,
                node: Some(n.as_str().into()),
                message: "msg".into(),
            })
            .collect();
        let out = render_show(&a, Some(&f), &RenderOptions { color: false, width: Some(width) });
        for line in out.lines() {
            proptest::prop_assert!(line.width() <= usize::from(width), "{}\n{}", line, out);
        }
        let (cells, problems) = shown_names(&out);
        proptest::prop_assert_eq!(cells.len(), names.len(), "{}", out);
        proptest::prop_assert_eq!(problems.len(), names.len(), "{}", out);
        let schema: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("Schema versions"))
            .skip(2)
            .take(names.len())
            .map(|l| l.split("  ").next().unwrap())
            .collect();
        for shown in [cells.iter().map(String::as_str).collect::<Vec<_>>(), problems.iter().map(String::as_str).collect(), schema] {
            let apart: std::collections::HashSet<&str> = shown.iter().copied().collect();
            proptest::prop_assert_eq!(apart.len(), names.len(), "{:?}\n{}", shown, out);
        }
    }
}
