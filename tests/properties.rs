//! Property tests: any JSON parses or errors without panicking; any model
//! renders in every form without panicking or printing raw control
//! characters; redaction never leaks a secret it was given.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use wa_support::diagnose::{Thresholds, diagnose};
use wa_support::model::SupportAnswer;
use wa_support::redact::{RedactOptions, redact};
use wa_support::render::RenderOptions;
use wa_support::render::check::render_check;
use wa_support::render::json::{SourceInfo, render_normalized};
use wa_support::render::report::{ReportContext, render_report};
use wa_support::render::text::render_show;

/// Strings with the characters that break things: controls, bidi,
/// zero-width, quotes,
/// Markdown and table syntax, digits, non-ASCII.
fn nasty_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just('\x1b'),
            Just('\x07'),
            Just('\r'),
            Just('\n'),
            Just('\u{8}'),
            Just('\u{9b}'),
            Just('\u{202e}'),
            Just('\u{200b}'),
            Just('\u{feff}'),
            Just('|'),
            Just('`'),
            Just('"'),
            Just(':'),
            Just('-'),
            Just('é'),
            Just('😀'),
            prop::char::range('0', '9'),
            prop::char::range('a', 'z'),
        ],
        0..24,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        nasty_string().prop_map(Value::String),
        prop_oneof![
            Just("UP"),
            Just("DN"),
            Just("SC"),
            Just("UNK"),
            Just("UP receiving offline"),
            Just("primary_master"),
            Just("coreapp"),
            Just("unregistered"),
            Just("2027-01-01T00:00:00"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Real field names most of the time, so parsing goes deep.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(wa_support::model::NODE_FIELDS.to_vec()).prop_map(str::to_string),
        1 => prop::sample::select(vec!["support", "meta", "axolotl", "message", "registration_id", "code", "title", "h1:c1", "10.0.0.1:wa-core-0"]).prop_map(str::to_string),
        1 => nasty_string(),
    ]
}

/// A node object with every field drawn from plausible and odd values.
fn node() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec![
            "UP",
            "DN",
            "SC",
            "UNK",
            "UP receiving offline",
            "weird",
        ]),
        prop::sample::select(vec![
            "primary_master",
            "secondary_master",
            "coreapp",
            "observer",
        ]),
        prop::collection::vec((-1i64..6, 0i64..3), 0..3),
        any::<u64>(),
        nasty_string(),
        prop::collection::vec((nasty_string(), 0i64..40), 0..9),
        any::<bool>(),
    )
        .prop_map(|(sock, role, shards, free, text, schema, mc)| {
            let shards: Vec<Value> = shards.into_iter().map(|(a, n)| json!([a, a + n])).collect();
            let schema: Map<String, Value> =
                schema.into_iter().map(|(k, v)| (k, json!(v))).collect();
            json!({
                "socket_conn": sock, "role": role, "shards": shards,
                "free_space_data": free, "free_space_logs": free / 3,
                "debug_info": text, "description": text, "os_name": text,
                "schema": schema, "multi_connect": mc,
                "expire_timestamp": "2026-12-01T00:00:00",
                "env": [format!("WA_X={text}")],
                text.clone(): text,
            })
        })
}

fn answer() -> impl Strategy<Value = Value> {
    prop_oneof![
        node().prop_map(|n| json!({ "support": n })),
        prop::collection::vec((nasty_string(), prop_oneof![4 => node(), 1 => Just(json!({"errors":[{"code":1011,"title":"Service not ready"}]}))]), 1..6)
            .prop_map(|nodes| {
                let m: Map<String, Value> = nodes.into_iter().enumerate().map(|(i, (k, v))| (format!("h{i}{k}:c"), v)).collect();
                json!({ "support": m })
            }),
    ]
}

const RAW: [char; 8] = [
    '\x1b', '\x07', '\r', '\u{8}', '\u{9b}', '\u{202e}', '\u{200b}', '\u{feff}',
];

fn render_all(a: &SupportAnswer, json: &Value) -> Vec<String> {
    let now = "2026-11-25T12:00:00Z".parse().unwrap();
    let t = Thresholds::default();
    let f = diagnose(a, &t, now);
    let src = SourceInfo {
        kind: "file",
        name: "p".into(),
        at: "now".into(),
    };
    let ctx = ReportContext {
        generated_at: "now".into(),
        target: "t".into(),
        redaction: String::new(),
    };
    vec![
        render_show(a, Some(&f), &RenderOptions::PLAIN),
        render_show(
            a,
            Some(&f),
            &RenderOptions {
                color: false,
                width: Some(50),
            },
        ),
        render_check(a, &f, &t, now).1,
        render_normalized(a, &f, &src),
        render_report(a, &f, json, &ctx),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_parse_or_error(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = SupportAnswer::from_slice(&bytes, "local");
    }

    #[test]
    fn any_json_parses_or_errors(v in any_json()) {
        let _ = SupportAnswer::from_value(v.clone(), "local");
        let _ = SupportAnswer::from_value(json!({ "support": v }), "local");
    }

    #[test]
    fn any_model_renders_safely(v in answer()) {
        if let Ok(a) = SupportAnswer::from_value(v.clone(), "local") {
            for out in render_all(&a, &v) {
                for c in RAW {
                    prop_assert!(!out.contains(c), "raw {:?}", c);
                }
            }
        }
    }

    #[test]
    fn redaction_never_leaks_a_secret(
        phone in "\\+[1-9][0-9]{9,13}",
        secret in "[A-Za-z0-9!#%&]{8,24}",
        hosts in any::<bool>(),
    ) {
        let mut v = json!({ "support": {
            "10.1.2.3:wa-coreapp-0": {
                "debug_info": phone, "role": "coreapp", "shards": [[0, 0]], "socket_conn": "UP",
                "env": [format!("WA_DB_PASSWORD={secret}"), {"name": "API_TOKEN", "value": secret}],
                "db_secret": secret,
                "note": format!("Authorization: Bearer {secret}"),
            }
        }});
        redact(&mut v, RedactOptions { hosts }, &[]);
        let a = SupportAnswer::from_value(v.clone(), "local").unwrap();
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        for out in render_all(&a, &v).iter().chain([&v.to_string()]) {
            prop_assert!(!out.contains(&secret));
            prop_assert!(!out.contains(&digits));
        }
    }
}

/// Status and node count as `check` sees them.
fn verdict(v: &Value) -> Option<(usize, String)> {
    let a = SupportAnswer::from_value(v.clone(), "local").ok()?;
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    Some((
        a.nodes.len(),
        wa_support::render::json::status_word(&f).to_string(),
    ))
}

/// A secret as people make them: letters, digits and punctuation that is
/// not a separator in any of the places it is put.
fn secret() -> impl Strategy<Value = String> {
    "s[A-Za-z0-9!%*+~_-]{6,22}[0-9]"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn anything_after_a_credential_word_never_panics(
        before in "\\PC{0,8}",
        word in prop::sample::select(vec!["Bearer ", "Basic ", "Apikey ", "bearer ", "token=", "token ", "password: ", "eyJ", "://", "@", "+49 ", "0049-", "AKIA"]),
        sep in prop::sample::select(vec!["", ",", ";", "\"", " ", ":"]),
        after in "\\PC{0,12}",
        hosts in any::<bool>(),
    ) {
        let text = format!("{before}{word}{sep}{after}");
        let _ = wa_support::redact::mask_tokens(&text);
        let mut v = json!({"support": {
            "h1:c0": {"role": "coreapp", "socket_conn": "UP", "shards": [[0, 0]], "note": text.clone(), "env": [text.clone()], text.clone(): [text.clone()]},
        }});
        redact(&mut v, RedactOptions { hosts }, &[text.as_str()]);
        let a = SupportAnswer::from_value(v.clone(), "local").unwrap();
        render_all(&a, &v);
    }

    #[test]
    fn a_secret_never_leaks_wherever_it_is_put(
        s in secret(),
        name in prop::sample::select(vec!["DB_PASSWORD", "api_key", "MAIL_CREDS", "x-auth-token", "Secret"]),
        around in "[a-z ]{0,10}",
        hosts in any::<bool>(),
    ) {
        let places = [
            json!({"env": [format!("{name}={s}")]}),
            json!({"args": [format!("--{name}={s}")]}),
            json!({"environment": [format!("{name}: {s}")]}),
            json!({"note": format!("{around} {name}={s} {around}")}),
            json!({"note": format!("{around}\"{name}\": \"{s}\"{around}")}),
            json!({"note": format!("{around} Authorization: Bearer {s}{around}")}),
            json!({"url": format!("{around} https://user:{s}@host.example:8080/x {around}")}),
            json!({"dsn": format!("DATABASE_URL=mysql://{s}:pw@db/wa")}),
            json!({"q": format!("https://b.s3.example/o?X-Amz-Credential={s}&X-Amz-Signature={s}")}),
            json!({"webhook": {"url": format!("http://hook:{s}@hooks.example")}}),
            json!({(name.to_string()): [s.clone(), {"v": s.clone()}]}),
            json!({"note": format!("{around} token {s}{s} {around}")}),
        ];
        for extra in places {
            let mut node = json!({"role": "coreapp", "socket_conn": "UP", "shards": [[0, 0]], "debug_info": "+4915112345678"});
            node.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            let mut v = json!({"support": {"10.0.0.1:wa-4915112345678-0": node}});
            let before = verdict(&v);
            redact(&mut v, RedactOptions { hosts }, &[]);
            prop_assert_eq!(verdict(&v), before);
            let a = SupportAnswer::from_value(v.clone(), "local").unwrap();
            for out in render_all(&a, &v).iter().chain([&v.to_string()]) {
                prop_assert!(!out.contains(&s), "{} leaked from {}:\n{}", s, extra, out);
                prop_assert!(!out.contains("15112345"), "phone leaked from {}", extra);
            }
        }
    }

    #[test]
    fn redaction_never_changes_the_verdict(v in answer(), hosts in any::<bool>()) {
        let before = verdict(&v);
        let mut r = v.clone();
        redact(&mut r, RedactOptions { hosts }, &["wa.example.com:9090"]);
        prop_assert_eq!(verdict(&r), before);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Secrets put in the fields diagnosis reads (and in wrong-typed ones)
    /// are masked, and the verdict is the same as before redaction.
    #[test]
    fn secrets_in_verdict_fields_never_leak_nor_change_the_verdict(
        s in secret(),
        field in prop::sample::select(vec!["role", "socket_conn", "version", "description", "db_engine",
            "expire_timestamp", "device_iso8601", "lc", "lg", "e2e", "free_space_logs", "multi_connect", "shards"]),
        shape in prop::sample::select(vec!["password={}", "Bearer {}", "token={}", "call +49 151 12345678 password={}", "coreapp password={}", "UP Bearer {}"]),
        wrap in 0..3u8,
        same in any::<bool>(),
        hosts in any::<bool>(),
    ) {
        let text = shape.replace("{}", &s);
        let value = match wrap {
            0 => json!(text),
            1 => json!([text]),
            _ => json!({"x": text}),
        };
        let other = if same { value.clone() } else { json!(format!("{text}x")) };
        let node = |v: &Value| {
            let mut n = json!({"role": "coreapp", "socket_conn": "UP", "shards": [[0, 0]], "version": "v2.51.3",
                "multi_connect": true, "expire_timestamp": "2027-01-01T00:00:00"});
            n[field] = v.clone();
            n
        };
        let mut v = json!({"support": {"h1:c0": node(&value), "h2:c1": node(&other)}});
        let before = verdict(&v);
        redact(&mut v, RedactOptions { hosts }, &[]);
        prop_assert_eq!(verdict(&v), before);
        let a = SupportAnswer::from_value(v.clone(), "local").unwrap();
        for out in render_all(&a, &v).iter().chain([&v.to_string()]) {
            prop_assert!(!out.contains(&s), "{} leaked from {}:\n{}", s, field, out);
            prop_assert!(!out.contains("12345678"), "phone leaked from {}:\n{}", field, out);
        }
    }
}
