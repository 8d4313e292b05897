//! Snapshot tests of `show`'s text at a fixed width, colour off.

use super::*;
use crate::diagnose::{Thresholds, diagnose};

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
    for line in t.lines().filter(|l| !l.starts_with("(hidden")) {
        assert!(
            line.chars().count() <= 80,
            "{} > 80: {line}",
            line.chars().count()
        );
    }
    // One line per node, and a note of what was hidden.
    assert_eq!(t.lines().count(), 1 + a.nodes.len() + 1, "{t}");
    assert!(t.ends_with("(hidden to fit the terminal: MEDIA OUT, MEDIA IN, LOGS, EXPIRES, BUILD, SHARDS; widen it, or pipe the output to see them)"), "{t}");
    // Very narrow: long cells are cut with an ellipsis, still one line each.
    let t = nodes_table(
        &a,
        &RenderOptions {
            color: false,
            width: Some(50),
        },
    );
    assert_eq!(t.lines().count(), 1 + a.nodes.len() + 1, "{t}");
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
