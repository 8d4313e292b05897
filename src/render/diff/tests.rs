use serde_json::{Value, json};

use super::*;
use crate::diff::{DiffOptions, Sources, compare};
use crate::model::SupportAnswer;

const MASTER: &str = "10.210.71.84:wa-master-97145031111-0";
const SECONDARY: &str = "10.210.71.85:wa-master-97145031111-1";
const CORE0: &str = "10.210.71.90:wa-coreapp-97145031111-0";
const CORE1: &str = "10.210.71.91:wa-coreapp-97145031111-1";
const EVIL: &str = "ev\u{1b}]0;owned\u{7}\u{202e}il|*x*:1";

fn multi() -> Value {
    let path = format!("{}/examples/multiconnect.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn diff_of(old: &Value, new: &Value) -> Diff {
    let a = |v: &Value| SupportAnswer::from_value(v.clone(), "local").unwrap();
    let mut d = compare(&a(old), &a(new), &DiffOptions::default());
    d.sources = Sources {
        old: Text::new("before.json"),
        new: Text::new("after.json"),
    };
    d
}

/// A failover: roles and the master shard swap, a coreapp goes down and
/// loses 3 GiB, one node leaves and a node with a hostile name arrives.
fn failover() -> Diff {
    let old = multi();
    let mut new = old.clone();
    let s = new["support"].as_object_mut().unwrap();
    s[MASTER]["role"] = json!("secondary_master");
    s[MASTER]["shards"] = json!([]);
    s[SECONDARY]["role"] = json!("primary_master");
    s[SECONDARY]["shards"] = json!([[-1, -1]]);
    s[CORE0]["socket_conn"] = json!("DN");
    s[CORE0]["free_space_data"] = json!(412_316_860_416_u64 - (3 << 30));
    let mut evil = s.remove(CORE1).unwrap();
    evil["version"] = json!("v2.51.3\u{1b}[2J");
    s.insert(EVIL.to_string(), evil);
    diff_of(&old, &new)
}

#[test]
fn text_marks_removed_added_and_changed_nodes() {
    let out = render_text(&failover(), &RenderOptions::PLAIN);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "--- before.json (6 nodes)");
    assert_eq!(lines[1], "+++ after.json (6 nodes)");
    assert!(
        out.contains(&format!(
            "primary master moved from {MASTER} to {SECONDARY}\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "- {CORE1}  removed: coreapp, UP receiving offline, v2.51.3\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "~ {SECONDARY}\n    role: secondary_master → primary_master\n"
        )),
        "{out}"
    );
    assert!(out.contains("    socket: UP → DN\n"), "{out}");
    assert!(
        out.contains("    free space (data): 384 GiB → 381 GiB (-3 GiB)\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("~ master shard: {MASTER} → {SECONDARY}\n")),
        "{out}"
    );
    assert!(out.contains("    shards: -1 → none\n"), "{out}");
    // Removed before added before changed, like diff(1).
    let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} in {out}"));
    assert!(at("\n- ") < at("\n+ ") && at("\n+ ") < at("\n~ "), "{out}");
}

#[test]
fn hostile_text_is_escaped_on_a_terminal() {
    let d = failover();
    for color in [false, true] {
        let out = render_text(
            &d,
            &RenderOptions {
                color,
                width: Some(80),
            },
        );
        for c in ['\u{7}', '\u{202e}'] {
            assert!(!out.contains(c), "{c:?} in {out}");
        }
        assert!(out.contains(r" ev\e]0;owned\a\u{202e}il|*x*:1  "), "{out}");
        assert!(out.contains(r"v2.51.3\e[2J"), "{out}");
        if !color {
            assert!(!out.contains('\u{1b}'), "{out}");
        } else {
            // The only escapes are our colours.
            let stripped = out
                .split('\u{1b}')
                .skip(1)
                .all(|rest| rest.starts_with('[') && rest[1..].find('m').is_some_and(|i| i <= 6));
            assert!(stripped, "{out:?}");
            assert!(out.contains("\u{1b}[32m+\u{1b}[39m"), "{out:?}");
        }
    }
    // A schema table's name is the server's too.
    let old = multi();
    let mut new = old.clone();
    new["support"][CORE0]["schema"]["t\u{1b}[31mable"] = json!(1);
    let out = render_text(&diff_of(&old, &new), &RenderOptions::PLAIN);
    assert!(
        out.contains(r"    schema t\e[31mable: not reported → 1"),
        "{out}"
    );
}

#[test]
fn no_differences_is_said() {
    let v = multi();
    let out = render_text(&diff_of(&v, &v), &RenderOptions::PLAIN);
    assert!(out.ends_with("\nNo differences.\n"), "{out}");
    assert!(render_markdown(&diff_of(&v, &v)).ends_with("## Summary\n\nNo differences.\n"));
}

#[test]
fn json_is_the_diff_safe_for_a_terminal_and_reads_back() {
    let d = failover();
    let out = render_json(&d);
    assert!(out.ends_with("}\n"));
    for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!out.contains(c), "{c:?} in {out}");
    }
    let back: Diff = serde_json::from_str(&out).unwrap();
    assert_eq!(back, d);
    assert!(back.added.iter().any(|b| b.name.raw() == EVIL));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "wa-support-diff/1");
    assert_eq!(v["summary"][0]["code"], "primary-master-moved");
}

#[test]
fn markdown_for_a_ticket() {
    let out = render_markdown(&failover());
    assert!(out.starts_with("# WhatsApp Business API client: what changed\n"));
    assert!(out.contains("- Before: before.json (6 nodes)\n"), "{out}");
    assert!(
        out.contains("- Free space changes reported beyond 1 GiB\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "- primary master moved from {MASTER} to {SECONDARY}\n"
        )),
        "{out}"
    );
    assert!(
        out.contains("| Node | Field | Before | After |\n|---|---|---|---|\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "| {CORE0} | free space (data) | 384 GiB | 381 GiB (-3 GiB) |"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("| master shard | {MASTER} | {SECONDARY} |")),
        "{out}"
    );
    // Hostile text is escaped for the terminal and for Markdown: the pipe
    // cannot add a column, the stars cannot make emphasis.
    assert!(
        out.contains(r"| added | ev\\e\]0;owned\\a\\u{202e}il\|\*x\*:1 | coreapp |"),
        "{out}"
    );
    for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!out.contains(c), "{c:?} in {out}");
    }
}

#[test]
fn labels_for_people() {
    assert_eq!(
        field_label("free_space_media_incoming"),
        "free space (media in)"
    );
    assert_eq!(field_label("schema.message"), "schema message");
    assert_eq!(field_label("expire_timestamp"), "expiry");
    assert_eq!(field_label("meta.version"), "API version");
    assert_eq!(field_label("role"), "role");
}
