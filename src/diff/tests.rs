//! Tests of [`compare`]: the fixtures and lookups they share; the cases
//! by concern in `nodes`, `shards` and `answers`.

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

mod answers;
mod nodes;
mod shards;
