//! What the view says: the nodes table's columns and cells, rows of nodes
//! in error, the summary's counts and the shared details.

use super::*;
use crate::render::testing::{findings, fixture};
use crate::render::text::{details, problems, render_show};
use crate::render::{RenderOptions, Tone};

fn row(answer: &SupportAnswer, at: usize) -> NodeRow {
    NodeRow::new(answer, &answer.nodes[at])
}

#[test]
fn columns_headers_and_hiding_order_are_the_tables() {
    assert_eq!(
        NodeColumn::ALL.map(NodeColumn::header),
        [
            "NODE",
            "ROLE",
            "SHARDS",
            "SOCKET",
            "BUILD",
            "DATA",
            "LOGS",
            "MEDIA IN",
            "MEDIA OUT",
            "EXPIRES"
        ]
    );
    for (i, c) in NodeColumn::ALL.into_iter().enumerate() {
        assert_eq!(c.index(), i);
    }
    // Media and logs give way first, the shards last; the node, its role
    // and its socket never.
    use NodeColumn::*;
    assert_eq!(
        NodeColumn::hiding_order(),
        [MediaOut, MediaIn, Logs, Expires, Build, Data, Shards]
    );
    for c in [Node, Role, Socket] {
        assert_eq!(c.hide_rank(), None);
    }
}

#[test]
fn a_row_has_each_columns_cell_in_column_order() {
    let a = fixture("multiconnect.json");
    for n in &a.nodes {
        let row = NodeRow::new(&a, n);
        let columns: Vec<NodeColumn> = row.iter().map(|(c, _)| c).collect();
        assert_eq!(columns, NodeColumn::ALL);
        for (c, cell) in row.iter() {
            assert_eq!(*cell, c.cell(&a, n), "{c:?}");
        }
        assert_eq!(row.into_cells().len(), NodeColumn::COUNT);
    }
    let r = row(&a, 0);
    assert_eq!(r[NodeColumn::Node].text, a.nodes[0].name.to_string());
    assert_eq!(r[NodeColumn::Socket].tone, Tone::Good);
}

#[test]
fn a_node_in_error_says_so_under_socket_and_nothing_else() {
    let a = fixture("node-error.json");
    let at = a.nodes.iter().position(|n| n.is_error()).unwrap();
    let r = row(&a, at);
    for (c, cell) in r.iter() {
        match c {
            NodeColumn::Node => assert_eq!(cell.text, a.nodes[at].name.to_string()),
            NodeColumn::Socket => {
                assert_eq!(cell.text, "error 1011");
                assert_eq!(cell.tone, Tone::Bad);
            }
            _ => assert_eq!(*cell, Cell::dash(), "{c:?}"),
        }
    }
}

#[test]
fn changes_between_polls_name_the_column_and_skip_the_name() {
    let answer = |socket: &str, name: &str| {
        SupportAnswer::from_value(
            serde_json::json!({"support": {name: {"role": "coreapp", "shards": [[0, 0]],
                "socket_conn": socket, "version": "v2.51.3"}}}),
            "x",
        )
        .unwrap()
    };
    let (before, after) = (answer("UP", "h:a"), answer("DN", "h:a"));
    let (was, now) = (row(&before, 0), row(&after, 0));
    let changes: Vec<_> = now.changes_since(&was).collect();
    assert_eq!(changes, [(NodeColumn::Socket, "UP", "DN")]);
    assert_eq!(now.changes_since(&now).count(), 0);
    // Another name alone is no change of a column.
    let renamed = row(&answer("UP", "h:b"), 0);
    assert_eq!(renamed.changes_since(&was).count(), 0);
}

#[test]
fn the_no_limit_sentinel_never_reads_as_exbibytes() {
    let a = fixture("multiconnect.json");
    let out = render_show(&a, None, &RenderOptions::PLAIN);
    assert!(!out.contains("EiB"), "{out}");
    let r = row(&a, 0);
    assert_eq!(r[NodeColumn::MediaIn].text, "no limit");
    assert_eq!(r[NodeColumn::MediaOut].text, "no limit");
    assert_eq!(r[NodeColumn::Data].text, "384 GiB");
}

#[test]
fn a_value_just_below_a_unit_never_reads_as_the_unit() {
    let doc = serde_json::json!({"support": {"free_space_logs": 1073741823u64,
        "free_space_data": 1048575u64, "free_space_media_incoming": 1610612735u64}});
    let a = SupportAnswer::from_value(doc, "x").unwrap();
    let r = row(&a, 0);
    assert_eq!(r[NodeColumn::Logs].text, "1023.99 MiB");
    assert_eq!(r[NodeColumn::Data].text, "1023.99 KiB");
    assert_eq!(r[NodeColumn::MediaIn].text, "1.49 GiB");
    let p = problems(&findings(&a), false);
    assert!(p.contains("only 1023.99 MiB free"), "{p}");
    assert!(!p.contains("1024.00"), "{p}");
}

#[test]
fn summary_counts_roles_in_words() {
    let a = fixture("node-error.json");
    assert_eq!(
        summary(&a),
        "3 nodes (1 primary master, 1 coreapp, 1 in error) · socket 2 UP · build 2.51.3"
    );
    assert_eq!(RoleGroup::Coreapp.count(1), "1 coreapp");
    assert_eq!(RoleGroup::Coreapp.count(3), "3 coreapps");
    assert_eq!(RoleGroup::NoRole.count(2), "2 no role");
}

#[test]
fn builds_are_distinct_in_first_seen_order() {
    let a = SupportAnswer::from_value(
        serde_json::json!({"support": {
            "h:a": {"version": "v2.53.1"}, "h:b": {"version": "2.51.3"},
            "h:c": {"version": "V2.53.1"}, "h:d": {}}}),
        "x",
    )
    .unwrap();
    let b: Vec<String> = builds(&a).iter().map(ToString::to_string).collect();
    assert_eq!(b, ["2.53.1", "2.51.3"]);
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
    let split = DetailSplit::new(&a);
    let common: Vec<_> = split.common().cloned().collect();
    let own: Vec<_> = split.own().collect();
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
    for (node, _) in &own {
        assert!(text.contains(&format!("{}\n", node.name)), "{text}");
    }
}
