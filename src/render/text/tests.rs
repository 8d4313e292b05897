//! Snapshot tests of `show`'s text at a fixed width, colour off.

use super::*;
use crate::diagnose::{Finding, Severity, Thresholds, diagnose};
use unicode_width::UnicodeWidthStr;

fn fixture(name: &str) -> SupportAnswer {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    SupportAnswer::from_slice(&std::fs::read(path).unwrap(), "wa.example.com").unwrap()
}

fn show(name: &str, opts: RenderOptions) -> String {
    let a = fixture(name);
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    let f = diagnose(&a, &Thresholds::default(), now);
    render_show(&a, Some(&f), &opts)
}

#[test]
fn snapshot_multiconnect_plain() {
    insta::assert_snapshot!(show("multiconnect.json", RenderOptions::PLAIN));
}

#[test]
fn snapshot_single_unregistered_plain() {
    insta::assert_snapshot!(show("single-unregistered.json", RenderOptions::PLAIN));
}

#[test]
fn snapshot_node_error_plain() {
    insta::assert_snapshot!(show("node-error.json", RenderOptions::PLAIN));
}

#[test]
fn snapshot_unknown_fields_plain() {
    insta::assert_snapshot!(show("unknown-fields.json", RenderOptions::PLAIN));
}

#[test]
fn narrow_width_fits_the_table() {
    let opts = RenderOptions {
        color: false,
        width: Some(80),
    };
    let a = fixture("multiconnect.json");
    let t = nodes_table(&a, &opts);
    // Every line fits, the note of what was hidden included.
    for line in t.lines() {
        assert!(line.width() <= 80, "{} > 80: {line}", line.width());
    }
    // One line per node, then a note of what was hidden (wrapped).
    let rows = t.lines().take_while(|l| !l.starts_with("(hidden")).count();
    assert_eq!(rows, 1 + a.nodes.len(), "{t}");
    let note = t.lines().skip(rows).collect::<Vec<_>>().join(" ");
    assert_eq!(
        note,
        "(hidden to fit the terminal: LOGS, MEDIA IN, MEDIA OUT, EXPIRES; widen it, or pipe the output to see them)",
        "{t}"
    );
    // Very narrow: long cells are cut with an ellipsis, still one line each.
    let t = nodes_table(
        &a,
        &RenderOptions {
            color: false,
            width: Some(50),
        },
    );
    let rows = t.lines().take_while(|l| !l.starts_with("(hidden")).count();
    assert_eq!(rows, 1 + a.nodes.len(), "{t}");
    assert!(t.lines().all(|l| l.width() <= 50), "{t}");
    assert!(t.contains('…'), "{t}");
    // Piped (no width): nothing is cut or wrapped, one line per node.
    let t = nodes_table(&a, &RenderOptions::PLAIN);
    assert_eq!(t.lines().count(), 1 + a.nodes.len());
    assert!(t.lines().any(|l| l.len() > 80));
}

#[test]
fn colour_only_when_asked() {
    let plain = show("multiconnect.json", RenderOptions::PLAIN);
    assert!(!plain.contains('\x1b'));
    let coloured = show(
        "multiconnect.json",
        RenderOptions {
            color: true,
            width: None,
        },
    );
    // UP in green, SC in yellow.
    assert!(
        coloured.contains("\x1b[38;5;10mUP")
            || coloured.contains("\x1b[32mUP")
            || coloured.contains("UP\x1b"),
        "{coloured}"
    );
    assert!(coloured.contains('\x1b'));
}

#[test]
fn hostile_strings_never_reach_the_terminal_raw() {
    let a = SupportAnswer::from_slice(
        "{\"support\":{\"x\\u001b[2J:1\":{\"role\":\"coreapp\\u0007\",\"socket_conn\":\"UP\\r\\u202eevil\",\"debug_info\":\"\\u001b]0;title\\u0007\",\"version\":\"\\b\\b2.0\",\"schema\":{\"t\\u001b\":1},\"odd\\u001b\":\"\\u009b31m\"}}}".as_bytes(),
        "local",
    )
    .unwrap();
    let f = diagnose(&a, &Thresholds::default(), jiff::Timestamp::UNIX_EPOCH);
    let out = render_show(&a, Some(&f), &RenderOptions::PLAIN);
    for bad in ['\x1b', '\x07', '\r', '\u{8}', '\u{202e}', '\u{9b}'] {
        assert!(!out.contains(bad), "{bad:?} in {out}");
    }
    assert!(out.contains("x\\e[2J:1"), "{out}");
}

#[test]
fn summary_counts_roles_states_builds() {
    let a = fixture("multiconnect.json");
    let s = summary_line(&a, false);
    assert_eq!(
        s,
        "6 nodes (1 primary master, 1 secondary master, 4 coreapps) · socket 3 UP, 1 DN, 1 UP receiving offline, 1 SC · build 2.51.3 · API 2.51.3 (stable)"
    );
}

#[test]
fn fitted_and_aligned_layouts_agree_when_wide_enough() {
    let a = fixture("multiconnect.json");
    let wide = RenderOptions {
        color: false,
        width: Some(400),
    };
    assert_eq!(
        nodes_table(&a, &wide),
        nodes_table(&a, &RenderOptions::PLAIN)
    );
    assert_eq!(
        schema_table(&a, &wide),
        schema_table(&a, &RenderOptions::PLAIN)
    );
}

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

#[test]
fn shards_are_hidden_last_after_data() {
    let a = fixture("multiconnect.json");
    for width in [40u16, 60] {
        let t = nodes_table(
            &a,
            &RenderOptions {
                color: false,
                width: Some(width),
            },
        );
        let header = t.lines().next().unwrap();
        assert!(header.contains("SHARDS"), "{t}");
        assert!(!header.contains("DATA"), "{t}");
        assert!(t.contains("DATA"), "the note names DATA: {t}");
    }
}

#[test]
fn the_no_limit_sentinel_never_reads_as_exbibytes() {
    let a = fixture("multiconnect.json");
    let out = render_show(&a, None, &RenderOptions::PLAIN);
    assert!(!out.contains("EiB"), "{out}");
    let cells = node_cells(&a, &a.nodes[0]);
    assert_eq!(cells[7].0, "no limit");
    assert_eq!(cells[8].0, "no limit");
    assert_eq!(cells[5].0, "384 GiB");
}

#[test]
fn raw_server_text_in_findings_is_escaped_at_print_time() {
    let a = fixture("multiconnect.json");
    let f = vec![Finding {
        severity: Severity::Critical,
        code: crate::diagnose::FindingCode::SocketDown,
        node: Some("evil\x1b]0;pwned\x07\r\u{202e}node".into()),
        message: "msg\x1b[2J\x07\r\n\u{202e}\u{2066}end".into(),
    }];
    for width in [None, Some(60)] {
        let out = render_show(
            &a,
            Some(&f),
            &RenderOptions {
                color: false,
                width,
            },
        );
        for bad in ['\x1b', '\x07', '\r', '\u{202e}', '\u{2066}'] {
            assert!(!out.contains(bad), "{bad:?} in {out}");
        }
    }
    let p = problems(&f, false);
    assert!(p.contains("evil\\e]0;pwned\\a\\r\\u{202e}node"), "{p}");
    assert!(p.contains("msg\\e[2J\\a\\r\\n\\u{202e}\\u{2066}end"), "{p}");
}

#[test]
fn many_schema_tables_fit_a_terminal() {
    let mut schema = serde_json::Map::new();
    for t in 0..60 {
        schema.insert(format!("table_{t}"), serde_json::json!(t));
    }
    let doc = serde_json::json!({"support": {"h:a": {"schema": schema.clone()}, "h:b": {"schema": schema}}});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let out = render_show(
        &a,
        None,
        &RenderOptions {
            color: false,
            width: Some(80),
        },
    );
    for line in out.lines() {
        assert!(line.width() <= 80, "{line}");
    }
    assert!(out.contains("TABLE_0"), "{out}");
    assert!(out.contains("more; widen it"), "{out}");
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

#[test]
fn schema_headers_upper_case_the_name_not_its_escapes() {
    let doc = serde_json::json!({"support": {
        "h:a": {"schema": {"tbl\u{1b}]0;PWNED\u{7}\u{1b}[2J\rOVER\u{202e}": 1}},
        "h:b": {"schema": {"tbl\u{1b}]0;PWNED\u{7}\u{1b}[2J\rOVER\u{202e}": 1}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    for width in [None, Some(200)] {
        let t = schema_table(
            &a,
            &RenderOptions {
                color: false,
                width,
            },
        );
        let header = t.lines().next().unwrap();
        assert!(
            header.contains("TBL\\e]0;PWNED\\a\\e[2J\\rOVER\\u{202e}"),
            "{header}"
        );
        assert!(
            !header.contains("\\E") && !header.contains("\\U{"),
            "{header}"
        );
    }
}

#[test]
fn a_value_just_below_a_unit_never_reads_as_the_unit() {
    let doc = serde_json::json!({"support": {"free_space_logs": 1073741823u64,
        "free_space_data": 1048575u64, "free_space_media_incoming": 1610612735u64}});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let cells = node_cells(&a, &a.nodes[0]);
    assert_eq!(cells[6].0, "1023.99 MiB");
    assert_eq!(cells[5].0, "1023.99 KiB");
    assert_eq!(cells[7].0, "1.49 GiB");
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    let p = problems(&f, false);
    assert!(p.contains("only 1023.99 MiB free"), "{p}");
    assert!(!p.contains("1024.00"), "{p}");
}

#[test]
fn a_schema_tie_marks_no_node() {
    let doc = serde_json::json!({"support": {
        "h0:a": {"schema": {"axolotl": 12, "message": 30}},
        "h1:b": {"schema": {"axolotl": 12, "message": 31}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let t = schema_table(&a, &RenderOptions::PLAIN);
    assert!(!t.contains('*'), "{t}");
    assert!(
        t.contains("MESSAGE: the nodes differ, and no value is held by most of them"),
        "{t}"
    );
    // A strict majority still marks the odd one out.
    let doc = serde_json::json!({"support": {
        "h0:a": {"schema": {"message": 30}},
        "h1:b": {"schema": {"message": 31}},
        "h2:c": {"schema": {"message": 31}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let t = schema_table(&a, &RenderOptions::PLAIN);
    assert!(
        t.lines()
            .any(|l| l.starts_with("h0:a") && l.contains("30*")),
        "{t}"
    );
    assert_eq!(t.matches('*').count(), 2, "{t}");
    assert!(!t.contains("no value is held"), "{t}");
    // Two against one against one: no strict majority, nothing marked.
    let doc = serde_json::json!({"support": {
        "h0:a": {"schema": {"message": 30}},
        "h1:b": {"schema": {"message": 31}},
        "h2:c": {"schema": {"message": 31}},
        "h3:d": {"schema": {"message": 32}}
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let t = schema_table(&a, &RenderOptions::PLAIN);
    assert!(!t.contains('*'), "{t}");
    assert!(t.contains("no value is held by most"), "{t}");
}

#[test]
fn env_like_fields_are_counted_never_printed() {
    let doc = serde_json::json!({"support": {
        "environment": ["WA_DB_PASSWORD=hunter2", "WA_DB_USERNAME=root"],
        "ENV_VARS": {"WA_DB_PASSWORD": "hunter3"},
        "environ": "WA_DB_PASSWORD=hunter4",
        "launch": ["API_KEY=hunter5"],
        "container": {"name": "core", "envs": ["A=hunter6"], "environment": ["B=hunter7"]},
        "args": ["--verbose", "-x"],
        "gateway_region": "eu-central"
    }});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    for width in [None, Some(80)] {
        let out = render_show(
            &a,
            None,
            &RenderOptions {
                color: false,
                width,
            },
        );
        for secret in ["hunter", "WA_DB_PASSWORD", "API_KEY", "B="] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(
            out.contains("environment: 2 variables (not shown; see --json)"),
            "{out}"
        );
        assert!(
            out.contains("ENV_VARS: 1 variable (not shown; see --json)"),
            "{out}"
        );
        assert!(
            out.contains("launch: 1 variable (not shown; see --json)"),
            "{out}"
        );
        // What is not environment is still shown.
        assert!(out.contains("args: [\"--verbose\",\"-x\"]"), "{out}");
        assert!(out.contains("gateway_region: eu-central"), "{out}");
        assert!(out.contains("\"name\":\"core\""), "{out}");
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

#[test]
fn tally_counts_runs_and_returns_in_first_seen_order() {
    let got = tally(["a", "a", "b", "a", "b", "c", "c"].into_iter());
    assert_eq!(got, vec![("a", 3), ("b", 2), ("c", 2)]);
}

#[test]
fn details_group_only_rows_every_node_has() {
    // Three nodes share the OS; the context is shared by two of three, so
    // it stays with each node, as the phones do.
    let a = SupportAnswer::from_slice(
        br#"{"support":{
            "h:c0":{"role":"coreapp","context":"x","os_name":"linux","debug_info":"+1"},
            "h:c1":{"role":"coreapp","context":"x","os_name":"linux","debug_info":"+2"},
            "h:c2":{"role":"coreapp","context":"y","os_name":"linux","debug_info":"+3"}}}"#,
        "local",
    )
    .unwrap();
    let (common, own) = detail_groups(&a);
    assert_eq!(common, vec![("os", "linux".to_string())]);
    assert_eq!(own.len(), 3);
    assert!(
        own.iter()
            .all(|(_, rows)| rows.iter().all(|(k, _)| *k != "os"))
    );
    // The streamed text says the same as the groups.
    let text = details(&a, false);
    assert_eq!(text.matches("linux").count(), 1, "{text}");
    assert!(text.starts_with("all nodes\n"), "{text}");
    for (name, _) in &own {
        assert!(text.contains(&format!("{name}\n")), "{text}");
    }
}
