//! Parse + diagnose + render, at 1, 34 and 1,000 nodes, so a regression
//! shows up in numbers: `cargo bench`.

use divan::Bencher;
use serde_json::{Value, json};
use wa_support::diagnose::{Thresholds, diagnose};
use wa_support::model::SupportAnswer;
use wa_support::render::RenderOptions;
use wa_support::render::report::{ReportContext, render_report};
use wa_support::render::text::render_show;

fn main() {
    divan::main();
}

fn node(i: usize, role: Option<&str>, shards: Value) -> Value {
    let mut n = json!({
        "context": "healthcheck", "db_engine": "MYSQL", "db_info": ["mysql-connector 8.0.33"],
        "debug_info": "+4915112345678", "description": "v2.51.3",
        "device_iso8601": "2026-11-25T09:14:03.100Z",
        "e2e": {"identity_timestamp": "1732524000", "registration_id": 1_000_000 + i},
        "env": ["WA_DB_ENGINE=MYSQL", "WA_DB_HOSTNAME=mysql.wa.svc", format!("WA_DB_PASSWORD={i:016x}")],
        "expire_timestamp": "2027-02-12T10:22:41",
        "free_space_data": 412_316_860_416u64 + i as u64, "free_space_logs": 40_802_189_312u64,
        "free_space_media_incoming": 9_223_372_036_853_727_000u64,
        "free_space_media_outgoing": 9_223_372_036_853_727_000u64,
        "lc": "de", "lg": "DE", "os_name": "ubuntu-x86_64", "os_version": "20.04",
        "schema": {"axolotl": 12, "callback": 4, "cluster": 3, "config": 9, "contact": 15, "jobqueue": 2, "message": 31},
        "socket_conn": if i % 17 == 5 { "SC" } else { "UP" }, "version": "v2.51.3",
        "multi_connect": role.is_some(),
    });
    if let Some(r) = role {
        n["role"] = json!(r);
        n["shards"] = shards;
    }
    n
}

fn answer(nodes: usize) -> Vec<u8> {
    let doc = if nodes == 1 {
        json!({"support": node(0, None, Value::Null)})
    } else {
        let mut m = serde_json::Map::new();
        m.insert(
            "10.210.0.1:wa-master-0".into(),
            node(0, Some("primary_master"), json!([[-1, -1]])),
        );
        m.insert(
            "10.210.0.2:wa-master-1".into(),
            node(1, Some("secondary_master"), json!([])),
        );
        for i in 0..nodes - 2 {
            m.insert(
                format!("10.210.{}.{}:wa-coreapp-{i}", 1 + i / 250, 10 + i % 240),
                node(i + 2, Some("coreapp"), json!([[i, i]])),
            );
        }
        json!({"meta": {"api_status": "stable", "version": "v2.51.3"}, "support": m})
    };
    serde_json::to_vec_pretty(&doc).unwrap()
}

const SIZES: [usize; 3] = [1, 34, 1000];

#[divan::bench(args = SIZES)]
fn parse(b: Bencher, nodes: usize) {
    let body = answer(nodes);
    b.bench(|| SupportAnswer::from_slice(divan::black_box(&body), "local").unwrap());
}

#[divan::bench(args = SIZES)]
fn show_tables(b: Bencher, nodes: usize) {
    let body = answer(nodes);
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    b.bench(|| {
        let a = SupportAnswer::from_slice(divan::black_box(&body), "local").unwrap();
        let f = diagnose(&a, &Thresholds::default(), now);
        render_show(&a, Some(&f), &RenderOptions::PLAIN)
    });
}

#[divan::bench(args = SIZES)]
fn report(b: Bencher, nodes: usize) {
    let body = answer(nodes);
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    let ctx = ReportContext {
        generated_at: "now".into(),
        target: "t".into(),
        redaction: String::new(),
    };
    b.bench(|| {
        let v = wa_support::model::parse_json(divan::black_box(&body)).unwrap();
        let a = SupportAnswer::from_value(v.clone(), "local").unwrap();
        let f = diagnose(&a, &Thresholds::default(), now);
        render_report(&a, &f, &v, &ctx)
    });
}

#[divan::bench(args = SIZES)]
fn diagnose_only(b: Bencher, nodes: usize) {
    let a = SupportAnswer::from_slice(&answer(nodes), "local").unwrap();
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    b.bench(|| diagnose(divan::black_box(&a), &Thresholds::default(), now));
}

#[divan::bench(args = SIZES)]
fn render_tables_only(b: Bencher, nodes: usize) {
    let a = SupportAnswer::from_slice(&answer(nodes), "local").unwrap();
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    b.bench(|| render_show(divan::black_box(&a), Some(&f), &RenderOptions::PLAIN));
}

/// The model read node by node (what `show` and `check` do), against the
/// JSON tree plus the model of the same answer.
#[divan::bench(args = SIZES)]
fn model_streamed(b: Bencher, nodes: usize) {
    let body = answer(nodes);
    b.bench(|| SupportAnswer::from_slice(divan::black_box(&body), "local").unwrap());
}

#[divan::bench(args = SIZES)]
fn model_from_tree(b: Bencher, nodes: usize) {
    let body = answer(nodes);
    b.bench(|| {
        let v = wa_support::model::parse_json(divan::black_box(&body)).unwrap();
        SupportAnswer::from_value(v, "local").unwrap()
    });
}

#[divan::bench(args = SIZES)]
fn json_value_only(b: Bencher, nodes: usize) {
    let body = answer(nodes);
    b.bench(|| wa_support::model::parse_json(divan::black_box(&body)).unwrap());
}

/// An answer with `nodes` nodes of `tables` schema tables each: 60,000
/// cells as one node of 60,000 tables, or 1,000 nodes of 60.
fn schema_answer(nodes: usize, tables: usize) -> SupportAnswer {
    let mut m = serde_json::Map::new();
    for i in 0..nodes {
        let schema: serde_json::Map<String, Value> = (0..tables)
            .map(|t| (format!("table_{t}"), json!(t + i % 3)))
            .collect();
        m.insert(
            format!("10.210.{}.{}:wa-coreapp-{i}", i / 250, i % 250),
            json!({"role": "coreapp", "shards": [[i, i]], "socket_conn": "UP", "schema": schema}),
        );
    }
    SupportAnswer::from_value(json!({ "support": m }), "local").unwrap()
}

/// Rendering is linear in the cells: the time per cell stays flat from
/// 6,000 to 60,000 cells, whatever their shape.
#[divan::bench(args = [(1, 6_000), (1, 60_000), (100, 60), (1000, 60)])]
fn schema_cells(b: Bencher, (nodes, tables): (usize, usize)) {
    let a = schema_answer(nodes, tables);
    let narrow = RenderOptions {
        color: false,
        width: Some(80),
    };
    b.bench(|| {
        (
            wa_support::render::text::schema_table(divan::black_box(&a), &RenderOptions::PLAIN),
            wa_support::render::text::schema_table(divan::black_box(&a), &narrow),
        )
    });
}

/// `show` on a terminal at 1,000 and 10,000 nodes: the ratio is the cost
/// per node (at most about 10x for 10x the nodes).
#[divan::bench(args = [1000, 10_000])]
fn render_narrow(b: Bencher, nodes: usize) {
    let a = SupportAnswer::from_slice(&answer(nodes), "local").unwrap();
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    let narrow = RenderOptions {
        color: false,
        width: Some(80),
    };
    b.bench(|| render_show(divan::black_box(&a), Some(&f), &narrow));
}
