//! Redaction tests: over every fixture, no original secret survives.

use super::*;

fn fixtures() -> Vec<(String, Value)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            out.push((p.display().to_string(), v));
        }
    }
    assert!(out.len() >= 8);
    out
}

/// Every secret string of a document: phone numbers (their middle digits),
/// secret env values, tokens.
fn secrets_of(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if key == Some("debug_info") {
                let d: String = s.chars().filter(char::is_ascii_digit).collect();
                if d.len() >= 6 {
                    out.push(d);
                }
            }
            if let Some((name, val)) = s.split_once('=') {
                if is_secret_name(name) && !val.is_empty() {
                    out.push(val.to_string());
                }
            }
            if key.is_some_and(is_secret_name) && !s.is_empty() {
                out.push(s.clone());
            }
        }
        Value::Array(a) => a.iter().for_each(|x| secrets_of(x, key, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| secrets_of(x, Some(k), out)),
        _ => {}
    }
}

#[test]
fn no_secret_survives_in_any_fixture() {
    for (name, original) in fixtures() {
        let mut secrets = Vec::new();
        secrets_of(&original, None, &mut secrets);
        let mut v = original.clone();
        redact(&mut v, RedactOptions { hosts: true }, &["wa.example.com"]);
        let text = serde_json::to_string(&v).unwrap();
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{name}: {s} survived");
        }
        // Hosts are gone too.
        assert!(!text.contains("10.210.71."), "{name}");
    }
}

#[test]
fn no_secret_survives_in_any_rendered_form() {
    use crate::diagnose::{Thresholds, diagnose};
    use crate::model::SupportAnswer;
    use crate::render::report::{ReportContext, render_report};
    use crate::render::{RenderOptions, text::render_show};
    for (name, original) in fixtures() {
        let mut secrets = Vec::new();
        secrets_of(&original, None, &mut secrets);
        let mut v = original.clone();
        redact(&mut v, RedactOptions::default(), &[]);
        let a = SupportAnswer::from_value(v.clone(), "local").unwrap();
        let f = diagnose(&a, &Thresholds::default(), jiff::Timestamp::UNIX_EPOCH);
        let ctx = ReportContext {
            generated_at: "now".into(),
            target: "t".into(),
            redaction: "on".into(),
        };
        let outputs = [
            render_report(&a, &f, &v, &ctx),
            render_show(&a, Some(&f), &RenderOptions::PLAIN),
            crate::render::json::render_normalized(
                &a,
                &f,
                &crate::render::json::SourceInfo {
                    kind: "file",
                    name: name.clone(),
                    at: "now".into(),
                },
            ),
        ];
        for out in &outputs {
            for s in &secrets {
                assert!(!out.contains(s.as_str()), "{name}: {s} survived");
            }
        }
    }
}

#[test]
fn phone_keeps_country_code_and_last_two() {
    assert_eq!(mask_phone("+4915112345678"), "+49•••••••••78");
    assert_eq!(mask_phone("+15550001111"), "+1••••••••11");
    assert_eq!(mask_phone("97145031111"), "971••••••11");
    assert_eq!(mask_phone("unregistered"), "unregistered");
}

#[test]
fn phone_digits_are_masked_in_container_names() {
    let mut v: Value = serde_json::from_str(
        r#"{"support":{"10.0.0.1:wa-master-97145031111-0":{"debug_info":"+97145031111","role":"primary_master"}}}"#,
    )
    .unwrap();
    redact(&mut v, RedactOptions::default(), &[]);
    let s = v.to_string();
    assert!(s.contains("10.0.0.1:wa-master-971••••••11-0"), "{s}");
    assert!(s.contains("+971••••••11"), "{s}");
}

#[test]
fn env_names_kept_values_masked() {
    let mut v: Value = serde_json::from_str(
        r#"{"support":{"env":["WA_DB_PASSWORD=hunter2","WA_DB_HOSTNAME=db","api_key=abc","PLAIN=ok",{"name":"DB_SECRET","value":"x1"},{"MY_TOKEN":"t0k"}]}}"#,
    )
    .unwrap();
    redact(&mut v, RedactOptions::default(), &[]);
    assert_eq!(
        v["support"]["env"],
        serde_json::json!(["WA_DB_PASSWORD=REDACTED","WA_DB_HOSTNAME=db","api_key=REDACTED","PLAIN=ok",{"name":"DB_SECRET","value":"REDACTED"},{"MY_TOKEN":"REDACTED"}])
    );
}

#[test]
fn tokens_are_masked_in_text() {
    assert_eq!(
        mask_tokens("Authorization: Bearer abc.def-123"),
        "Authorization: Bearer REDACTED"
    );
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl";
    assert_eq!(
        mask_tokens(&format!("token {jwt} end")),
        "token REDACTED end"
    );
    assert_eq!(
        mask_tokens("Q2xpZW50VG9rZW4tOTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"),
        "REDACTED"
    );
    // Container ids (hex) are not tokens.
    let hex = "7f3c2a9b1d0e7f3c2a9b1d0e7f3c2a9b1d0e7f3c2a9b1d0e7f3c2a9b1d0e1234";
    assert_eq!(mask_tokens(hex), hex);
}

#[test]
fn host_aliases_are_stable_everywhere() {
    let mut v: Value = serde_json::from_str(
        r#"{"support":{"10.0.0.1:c1":{"debug_info":"x","other":"peer 10.0.0.2 and 10.0.0.1"},"10.0.0.2:c2":{}}}"#,
    )
    .unwrap();
    let aliases = redact(
        &mut v,
        RedactOptions { hosts: true },
        &["wa.example.com:9090"],
    );
    let s = v.to_string();
    assert!(s.contains("\"node-1:c1\""), "{s}");
    assert!(s.contains("\"node-2:c2\""), "{s}");
    assert!(s.contains("peer node-2 and node-1"), "{s}");
    assert_eq!(aliases.get("wa.example.com"), Some("node-3"));
}

#[test]
fn structure_is_kept() {
    for (name, original) in fixtures() {
        let mut v = original.clone();
        redact(&mut v, RedactOptions::default(), &[]);
        fn shape(v: &Value) -> String {
            match v {
                Value::Object(m) => format!(
                    "{{{}}}",
                    m.values().map(shape).collect::<Vec<_>>().join(",")
                ),
                Value::Array(a) => {
                    format!("[{}]", a.iter().map(shape).collect::<Vec<_>>().join(","))
                }
                Value::String(_) => "s".into(),
                Value::Number(_) => "n".into(),
                Value::Bool(_) => "b".into(),
                Value::Null => "0".into(),
            }
        }
        assert_eq!(shape(&v), shape(&original), "{name}");
    }
}

fn redacted(v: Value, hosts: bool) -> (Value, Aliases) {
    let mut v = v;
    let a = redact(&mut v, RedactOptions { hosts }, &[]);
    (v, a)
}

#[test]
fn credential_schemes_never_cut_inside_a_character() {
    for scheme in ["Bearer", "Basic", "Apikey", "bearer", "BASIC", "Digest"] {
        for tail in [",ééééé", " ,ééééé", ";€", "\"😀", "", " ", "\u{e9}x"] {
            let s = format!("{scheme} {tail}");
            let out = mask_tokens(&s);
            assert!(out.starts_with(scheme), "{s:?} -> {out:?}");
        }
    }
    assert_eq!(mask_tokens("password: ৈg𐠀"), "password: REDACTED");
    assert_eq!(mask_tokens("token ৈ𐠀ৈ𐠀ৈ𐠀x"), "token REDACTED");
    assert_eq!(mask_tokens("Bearer "), "Bearer ");
    assert_eq!(mask_tokens("x Bearer"), "x Bearer");
    assert_eq!(mask_tokens("eyJ"), "eyJ");
    assert_eq!(mask_tokens("eyJé.é.é"), "eyJé.é.é");
    assert_eq!(mask_tokens("eyJabc.def"), "eyJabc.def");
    assert_eq!(mask_tokens("eyJ.a.b"), "eyJ.a.b");
    assert_eq!(mask_tokens("ééé://é@é"), "ééé://REDACTED@é");
}

#[test]
fn a_bearer_credential_ends_at_space_quote_or_separator() {
    assert_eq!(mask_tokens("Bearer abc def"), "Bearer REDACTED def");
    assert_eq!(mask_tokens("Bearer abc,def"), "Bearer REDACTED,def");
    assert_eq!(mask_tokens("Bearer abc;def"), "Bearer REDACTED;def");
    assert_eq!(mask_tokens("\"Bearer abc\" x"), "\"Bearer REDACTED\" x");
    assert_eq!(mask_tokens("Bearer   abcé z"), "Bearer   REDACTED z");
    assert_eq!(mask_tokens("Bearer REDACTED"), "Bearer REDACTED");
    assert_eq!(mask_tokens("Bearerabc x"), "Bearerabc x");
    assert_eq!(mask_tokens("xBearer abc"), "xBearer abc");
    assert_eq!(scan::secrets("Basic dXNlcjpwdw== ok").1, 1);
    assert_eq!(scan::secrets("Basic REDACTED").1, 0);
}

#[test]
fn secret_pairs_in_free_text() {
    for (input, want) in [
        ("DB_PASSWORD: hunter2 rest", "DB_PASSWORD: REDACTED rest"),
        ("db_password=hunter2&x=1", "db_password=REDACTED&x=1"),
        (
            "{\"password\": \"a b c\", \"n\": 1}",
            "{\"password\": \"REDACTED\", \"n\": 1}",
        ),
        ("'token':'abc'", "'token':'REDACTED'"),
        ("MAIL_CREDS=x1", "MAIL_CREDS=REDACTED"),
        (
            "Authorization: Bearer abc",
            "Authorization: Bearer REDACTED",
        ),
        ("password is short", "password is short"),
        ("password=", "password="),
        ("password= REDACTED", "password= REDACTED"),
        ("api_key:https://x", "api_key:REDACTED"),
        ("mysql://u:pw@db/wa", "mysql://REDACTED@db/wa"),
        ("see http://host/a@b", "see http://host/a@b"),
        ("http://@h", "http://@h"),
        ("id AKIAABCDEFGHIJKLMNOP.", "id REDACTED."),
        ("id AKIAABCDEFGHIJKLMNO", "id AKIAABCDEFGHIJKLMNO"),
        ("ASIAABCDEFGHIJKLMNOP", "REDACTED"),
        ("AKIBABCDEFGHIJKLMNOP", "AKIBABCDEFGHIJKLMNOP"),
        ("AKIAABCDEFGHIJKLMNOPx", "AKIAABCDEFGHIJKLMNOPx"),
        ("token abcdefghij0123456789 issued", "token REDACTED issued"),
        ("token abcdefghij012345", "token REDACTED"),
        ("token abcdefghij01234", "token abcdefghij01234"),
        ("token expired", "token expired"),
        ("tokenabcdefghij0123456789", "tokenabcdefghij0123456789"),
    ] {
        assert_eq!(mask_tokens(input), want, "{input}");
    }
    assert_eq!(scan::secrets("a password=x b token=y").1, 2);
    assert_eq!(scan::secrets("mysql://u:pw@db").1, 1);
}

#[test]
fn whole_secret_assignments_keep_their_name() {
    assert_eq!(scan::secret_assignment("--db-password=a b"), Some(14));
    assert_eq!(scan::secret_assignment("API_KEY=x"), Some(8));
    assert_eq!(scan::secret_assignment("PLAIN=x"), None);
    assert_eq!(scan::secret_assignment("API_KEY="), None);
    assert_eq!(scan::secret_assignment("API_KEY=REDACTED"), None);
    assert_eq!(scan::secret_assignment("my key=x"), None);
    assert_eq!(scan::secret_assignment("=x"), None);
    let (v, a) = redacted(
        serde_json::json!({"support": {"args": ["--db-password=a b", "-v"], "environment": ["ADMIN_PASSWORD=p w"]}}),
        false,
    );
    assert_eq!(v["support"]["args"][0], "--db-password=REDACTED");
    assert_eq!(v["support"]["args"][1], "-v");
    assert_eq!(v["support"]["environment"][0], "ADMIN_PASSWORD=REDACTED");
    assert_eq!(a.counts().secrets, 2);
}

#[test]
fn secret_named_fields_are_masked_whatever_their_type() {
    let (v, a) = redacted(
        serde_json::json!({"support": {"db_password": 123456, "use_secret": true, "api_tokens": ["a", {"x": 1}, null, ""],
            "pair": {"key": "API_KEY", "value": 7}, "plain": {"name": "PLAIN", "value": "ok"}, "n": 5}}),
        false,
    );
    let s = &v["support"];
    assert_eq!(s["db_password"], MASK);
    assert_eq!(s["use_secret"], MASK);
    assert_eq!(
        s["api_tokens"],
        serde_json::json!([MASK, {"x": MASK}, null, ""])
    );
    assert_eq!(
        s["pair"],
        serde_json::json!({"key": "API_KEY", "value": MASK})
    );
    assert_eq!(
        s["plain"],
        serde_json::json!({"name": "PLAIN", "value": "ok"})
    );
    assert_eq!(s["n"], 5);
    assert_eq!(a.counts().secrets, 5);
}

#[test]
fn phone_numbers_are_masked_wherever_they_appear() {
    let (v, a) = redacted(
        serde_json::json!({"support": {"debug_info": "+4915112345678", "note": "number 4915112345678 and x4915112345678",
            "other": "+49 151 98765432, 0049-151-87654321, (+1) 555 0100 at 2024-01-01 12:00:00+00:00 id 20240101"}}),
        false,
    );
    let s = &v["support"];
    assert_eq!(s["debug_info"], "+49•••••••••78");
    assert_eq!(s["note"], "number 49•••••••••78 and x49•••••••••78");
    assert_eq!(
        s["other"],
        "+49 ••• ••••••32, 0049-•••-••••••21, (+1) 555 0100 at 2024-01-01 12:00:00+00:00 id 20240101"
    );
    assert_eq!(a.counts().phones, 3);
    assert_eq!(a.summary(), "Redacted: 3 phone numbers, 0 secrets");
}

#[test]
fn node_names_never_merge() {
    let (v, _) = redacted(
        serde_json::json!({"support": {
            "h:wa-20240101-0": {"role": "coreapp"}, "h:wa-20240301-0": {"role": "coreapp"},
            "h:wa-4915112345678-0": {"debug_info": "+4915112345678"}, "h:wa-4915199999978-0": {},
            "h:wa-491••••••••••78-0": {}, "h:c": {}, "h:c~2": {}}}),
        false,
    );
    let keys: Vec<&String> = v["support"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 7, "{keys:?}");
    assert!(keys.iter().any(|k| *k == "h:wa-20240101-0"));
    assert!(
        keys.iter().any(|k| *k == "h:wa-49•••••••••78-0"),
        "{keys:?}"
    );
    assert!(
        keys.iter().any(|k| *k == "h:wa-49•••••••••78~2-0"),
        "{keys:?}"
    );
}

#[test]
fn same_pseudonym_for_the_same_input() {
    let mut a = Aliases::default();
    assert_eq!(a.phone("+4915112345678", true), "+49•••••••••78");
    assert_eq!(a.phone("+4915199999978", true), "+49•••••••••78~2");
    assert_eq!(
        a.phone("0049 151 12345678", true),
        "0049 •••-••••••78".replace('-', " ")
    );
    assert_eq!(a.phone("+4915199999978", true), "+49•••••••••78~2");
    assert_eq!(a.phone("+4915100000078", false), "+49•••••••••78");
    assert_eq!(a.counts().phones, 2);
    assert_eq!(
        unique("role".into(), |c| crate::model::NODE_FIELDS.contains(&c)),
        "role~2"
    );
    assert_eq!(unique("a".into(), |c| c == "a" || c == "a~2"), "a~3");
    assert_eq!(unique("a".into(), |_| false), "a");
}

#[test]
fn whole_host_names_only_and_the_verdict_fields_untouched() {
    let (v, a) = redacted(
        serde_json::json!({"support": {
            "master:wa-0": {"role": "primary_master", "socket_conn": "UP", "note": "master, core; primary_master core.x coreapp",
                "env": ["WA_DB_HOSTNAME=db1.internal", "X=postgres://u@db2.internal:5432/wa", "Y=http://[fd00::2]:80"],
                "db_host": "db3.internal", "peers": "10.0.0.9 fe80::1 and 10.0.0.9.",
                "errors": [{"code": 1011, "title": "on master"}]},
            "core:wa-1": {"role": "coreapp", "description": "core"}}}),
        true,
    );
    let n = &v["support"]["node-2:wa-0"];
    assert_eq!(n["role"], "primary_master");
    assert_eq!(n["note"], "node-2, node-1; primary_master core.x coreapp");
    // A verdict value that equals a host name stays: aliasing it on one
    // node and not on another (`2.51.3` vs `v2.51.3`) would invent a drift.
    assert_eq!(v["support"]["node-1:wa-1"]["description"], "core");
    assert_eq!(v["support"]["node-1:wa-1"]["role"], "coreapp");
    let text = v.to_string();
    for h in [
        "db1.internal",
        "db2.internal",
        "db3.internal",
        "fd00::2",
        "fe80::1",
        "10.0.0.9",
    ] {
        assert!(!text.contains(h), "{h}: {text}");
    }
    assert_eq!(n["errors"][0]["code"], 1011);
    assert_eq!(n["errors"][0]["title"], "on node-2");
    assert!(n["peers"].as_str().unwrap().starts_with("host-"), "{n}");
    assert_eq!(a.counts().hosts, 8);
    assert!(a.summary().ends_with(", 8 hosts"), "{}", a.summary());
    assert_eq!(
        a.get("10.0.0.9").map(|s| s.starts_with("host-")),
        Some(true)
    );
    assert_eq!(a.get("master"), Some("node-2"));
    assert_eq!(a.get("nope"), None);
}

#[test]
fn the_target_is_redacted_like_the_answer() {
    let (_, a) = redacted(
        serde_json::json!({"support": {"wa-prod-01:c": {"debug_info": "+4915112345678"}, "db:c": {}}}),
        true,
    );
    assert_eq!(
        a.apply("/tmp/t-4915112345678-wa-prod-01.json password=x"),
        "/tmp/t-49•••••••••78-node-2.json password=REDACTED"
    );
    assert_eq!(
        a.apply("xwa-prod-01 wa-prod-012 db"),
        "xwa-prod-01 wa-prod-012 node-1"
    );
    let (_, plain) = redacted(serde_json::json!({"support": {"wa1:c": {}}}), false);
    assert_eq!(
        plain.apply("wa1-71234567890123.json"),
        "wa1-7•••••••••••23.json"
    );
}

#[test]
fn ipv6_and_url_hosts_are_found() {
    assert_eq!(scan::ipv6_at(b"fe80::1 x", 0), Some(7));
    assert_eq!(scan::ipv6_at(b"fe80::1:wa", 0), Some(7));
    assert_eq!(scan::ipv6_at(b"12:00:00", 0), None);
    assert_eq!(scan::ipv6_at(b"::", 0), None);
    assert_eq!(scan::ipv6_at(b"fe80::1x", 0), None);
    assert_eq!(
        scan::url_hosts("a https://u:p@h1.x:1/p http://[::1]:2 ftp:// s3://b"),
        vec!["h1.x", "::1", "b"]
    );
    assert!(scan::is_ipv4("10.0.0.1"));
    assert!(!scan::is_ipv4("10.0.0"));
    assert!(!scan::is_ipv4("10.0.0.256"));
    assert!(!scan::is_ipv4("1..0.1"));
}

/// Node count, status, and the findings' severities and codes.
type Verdict = (usize, String, Vec<(String, &'static str)>);

/// Status, node count and finding codes of an answer.
fn verdict(v: &Value) -> Option<Verdict> {
    use crate::diagnose::{Thresholds, diagnose};
    let a = crate::model::SupportAnswer::from_value(v.clone(), "local").ok()?;
    let f = diagnose(
        &a,
        &Thresholds::default(),
        "2026-11-25T12:00:00Z".parse().unwrap(),
    );
    let mut codes: Vec<_> = f
        .iter()
        .map(|f| (f.severity.to_string(), f.code.as_str()))
        .collect();
    codes.sort();
    Some((
        a.nodes.len(),
        crate::render::json::status_word(&f).to_string(),
        codes,
    ))
}

#[test]
fn redaction_never_changes_the_diagnosis_of_any_fixture() {
    let root = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<(String, Value)> = fixtures();
    let expected = std::fs::read_to_string(format!("{root}/bad/EXPECTED.tsv")).unwrap();
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(1) == Some(&"ok") {
            let bytes = std::fs::read(format!("{root}/bad/{}", cols[0])).unwrap();
            docs.push((
                cols[0].to_string(),
                crate::model::parse_json(&bytes).unwrap(),
            ));
        }
    }
    for (name, doc) in docs {
        let before = verdict(&doc).unwrap_or_else(|| panic!("{name}"));
        for hosts in [false, true] {
            let (v, _) = redacted(doc.clone(), hosts);
            assert_eq!(
                verdict(&v).as_ref(),
                Some(&before),
                "{name} (hosts {hosts})"
            );
        }
    }
}

#[test]
fn a_bracketed_ipv6_node_host_is_aliased_bare_too() {
    let (v, a) = redacted(
        serde_json::json!({"support": {"[fd00::1]:wa-0": {"note": "peer fd00::1 up"}, "h2:wa-1": {}}}),
        true,
    );
    assert_eq!(a.get("[fd00::1]"), Some("node-1"));
    assert_eq!(a.get("fd00::1"), Some("node-1"));
    assert_eq!(v["support"]["node-1:wa-0"]["note"], "peer node-1 up");
    assert_eq!(a.counts().hosts, 2);
}

#[test]
fn known_digits_inside_a_longer_run_are_masked_but_other_runs_are_not() {
    let (v, a) = redacted(
        serde_json::json!({"support": {"debug_info": "+4915112345678",
            "n": "x04915112345678 port 8443 id 20240101 run 123456789012"}}),
        false,
    );
    assert_eq!(
        v["support"]["n"],
        "x049•••••••••78 port 8443 id 20240101 run 123456789012"
    );
    assert_eq!(a.counts().phones, 2);
    // With more than eight known numbers, only whole runs are matched.
    let mut a = Aliases::default();
    for k in 0..9 {
        a.know(format!("491511234567{k}"));
    }
    assert_eq!(
        a.phones_in("x4915112345670", false, false),
        "x49•••••••••70"
    );
    assert_eq!(
        a.phones_in("x04915112345670", false, false),
        "x04915112345670"
    );
}

#[test]
fn a_known_number_is_found_however_it_is_written() {
    let mut a = Aliases::default();
    a.know("4915112345678".into());
    for (s, want) in [
        ("0151 12345678", "015• ••••••78"),
        ("015112345678", "015•••••••78"),
        ("49 151 12345678", "49 ••• ••••••78"),
        ("15112345678", "1••••••••78"),
        ("tbl_4915112345678", "tbl_49•••••••••78"),
        ("+４９１５１１２３４５６７８", "+49•••••••••78"),
        ("+49 ١٥١ ١٢٣٤٥٦٧٨", "+49 ••• ••••••78"),
        ("+4915112345678 room ４５", "+49•••••••••78 room ４５"),
        ("room ４５", "room ４５"),
        ("0151 1234 and 2024-01-01", "0151 1234 and 2024-01-01"),
        ("(555) 000-1111", "(55•) •••-••11"),
        ("(555)000-1111.", "(55•)•••-••11."),
        ("(555) 000-111", "(555) 000-111"),
        ("(555) 000-11112", "(555) 000-11112"),
        ("(55) 000-1111", "(55) 000-1111"),
        ("+1 (555) 000-2222", "+1 (•••) •••-••22"),
        ("+1 555 0100", "+1 555 0100"),
        ("+49 151 12345678 2024", "+49 ••• ••••••78 2024"),
    ] {
        assert_eq!(a.phones_in(s, false, false), want, "{s}");
    }
}

#[test]
fn short_numbers_are_starred_from_five_digits_masked() {
    assert_eq!(mask_phone("1234"), "****");
    assert_eq!(mask_phone("12345"), "1••45");
    assert_eq!(mask_phone("+4915112345678"), "+49•••••••••78");
    assert_eq!(mask_phone("+3801234567"), "+380•••••67");
}

#[test]
fn host_names_inside_words_never_overlap() {
    let mut a = Aliases {
        opts: RedactOptions { hosts: true },
        ..Aliases::default()
    };
    a.alias("db.internal", false);
    a.alias("internal-x", false);
    a.alias("ab", false);
    // Overlapping: the longer wins; twice: both replaced; short: left.
    assert_eq!(
        a.hosts_inside_words("t-db.internal-x.json db.internal ab"),
        "t-host-1-x.json host-1 ab"
    );
    assert_eq!(
        a.hosts_inside_words("t-db.internal-x.json"),
        "t-host-1-x.json"
    );
    // Touching spans are both replaced.
    let mut a = Aliases {
        opts: RedactOptions { hosts: true },
        ..Aliases::default()
    };
    a.alias("-defg", true);
    a.alias("ab-", true);
    assert_eq!(a.hosts_inside_words("ab--defg"), "node-2node-1");
    let mut a = Aliases {
        opts: RedactOptions { hosts: true },
        ..Aliases::default()
    };
    a.alias("abcd-", true);
    a.alias("-ef", true);
    assert_eq!(a.hosts_inside_words("abcd--ef"), "node-1node-2");
}

#[test]
fn verdict_values_are_kept_when_known_and_masked_injectively_otherwise() {
    let (v, a) = redacted(
        serde_json::json!({"meta": {"api_status": "stable", "version": "v2.51.3 +4915112345678"},
          "support": {
            "h:1": {"role": "Primary_Master ", "socket_conn": "up  receiving offline", "version": "v2.51.3",
                "expire_timestamp": "1732524000", "device_iso8601": "2026-11-25", "lc": "ZZ",
                "free_space_data": "412316860416", "free_space_logs": "password=x", "multi_connect": "true",
                "shards": [["0", "password=y"]], "e2e": {"identity_timestamp": "1732524000", "registration_id": "token=abc"},
                "schema": {"tbl_4915112345678": "12", "t": "password=z"}},
            "h:2": {"role": "coreapp password=a", "socket_conn": 4915112345678u64, "version": "REDACTED-1",
                "expire_timestamp": "secret=b", "description": "coreapp password=a", "db_engine": 5,
                "e2e": "Bearer e2etoken", "lc": ["token=c"]},
            "h:3": {"role": "coreapp password=b", "socket_conn": true, "free_space_data": 1, "version": "2.51.3 ab"}}}),
        false,
    );
    let s = &v["support"];
    assert_eq!(s["h:1"]["role"], "Primary_Master ");
    assert_eq!(s["h:1"]["socket_conn"], "up  receiving offline");
    assert_eq!(s["h:1"]["version"], "v2.51.3");
    assert_eq!(s["h:1"]["expire_timestamp"], "1732524000");
    assert_eq!(s["h:1"]["device_iso8601"], "2026-11-25");
    assert_eq!(s["h:1"]["lc"], "ZZ");
    assert_eq!(s["h:1"]["free_space_data"], "412316860416");
    assert_eq!(s["h:1"]["free_space_logs"], "password=REDACTED");
    assert_eq!(s["h:1"]["multi_connect"], "true");
    assert_eq!(
        s["h:1"]["shards"],
        serde_json::json!([["0", "password=REDACTED"]])
    );
    assert_eq!(s["h:1"]["e2e"]["identity_timestamp"], "1732524000");
    assert_eq!(s["h:1"]["e2e"]["registration_id"], "REDACTED-2");
    assert_eq!(s["h:1"]["schema"]["tbl_49•••••••••78"], "12");
    assert_eq!(s["h:1"]["schema"]["t"], "password=REDACTED");
    assert_eq!(v["meta"]["api_status"], "stable");
    assert_eq!(v["meta"]["version"], "REDACTED-1");
    // Equal values share a mask, different ones do not; a value that
    // looks like a mask is masked too, so no two values merge.
    assert_eq!(s["h:2"]["role"], "REDACTED-3");
    assert_eq!(s["h:2"]["description"], "REDACTED-3");
    assert_eq!(s["h:3"]["role"], "REDACTED-7");
    assert_eq!(s["h:2"]["socket_conn"], "REDACTED-5");
    assert_eq!(s["h:2"]["version"], "REDACTED-6");
    assert_eq!(s["h:2"]["expire_timestamp"], "REDACTED-4");
    assert_eq!(s["h:2"]["db_engine"], 5);
    assert_eq!(s["h:2"]["e2e"], "Bearer REDACTED");
    assert_eq!(s["h:2"]["lc"], serde_json::json!(["token=REDACTED"]));
    assert_eq!(s["h:3"]["socket_conn"], true);
    assert_eq!(s["h:3"]["free_space_data"], 1);
    assert_eq!(s["h:3"]["version"], "2.51.3 ab");
    assert!(a.counts().secrets >= 6, "{:?}", a.counts());
}

#[test]
fn node_names_are_split_at_the_first_colon_or_after_an_ipv6_address() {
    assert_eq!(split_node("h:c:"), ("h", Some("c:")));
    assert_eq!(split_node("h:a:b"), ("h", Some("a:b")));
    assert_eq!(split_node("h"), ("h", None));
    assert_eq!(split_node("[fd00::1]:wa-0"), ("[fd00::1]", Some("wa-0")));
    assert_eq!(split_node("fe80::1:wa-0"), ("fe80::1", Some("wa-0")));
    assert_eq!(split_node("fe80::1"), ("fe80", Some(":1")));
    assert_eq!(split_node("dead:beef:c"), ("dead", Some("beef:c")));
    assert!(node_like("a:b") && !node_like(":b") && !node_like("a:") && !node_like("a: b"));
    assert!(!node_like("ab"));
    let (v, _) = redacted(
        serde_json::json!({"support": {"h:c:": {}, "h:a:b": {}, "h:password=x": {}, "g:password=\"a b\"": "",
            "fe80::1:wa-0": {}, "version": {}}}),
        true,
    );
    let keys: Vec<&String> = v["support"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "REDACTED-1",
            "node-1:wa-0",
            "node-3:a:b",
            "node-3:c:",
            "node-3:password=REDACTED",
            "version"
        ]
    );
    let (v, _) = redacted(
        serde_json::json!({"support": {"h:password=\"ab\"": {}, "password=x:y": {}, "http://u:pw@h:c": {}}}),
        false,
    );
    let keys: Vec<&String> = v["support"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "REDACTED:REDACTED-1",
            "h:password=\"REDACTED\"",
            "http://REDACTED@h:c"
        ]
    );
}

#[test]
fn the_business_number_is_known_before_the_walk() {
    // Keys before `debug_info`, nested in a node object and in a list.
    let (v, _) = redacted(
        serde_json::json!({"support": {
            "a:1": {"a_note": "id 4915112345678", "debug_info": "+4915112345678", "port": "port 123456"},
            "b:1": {"z_list": [{"debug_info": "+4915187654321"}], "a_note": "id 4915187654321"}}}),
        false,
    );
    let s = &v["support"];
    assert_eq!(s["a:1"]["a_note"], "id 49•••••••••78");
    assert_eq!(s["a:1"]["port"], "port 123456");
    assert_eq!(s["b:1"]["a_note"], "id 49•••••••••21");
}

#[test]
fn only_host_like_values_of_host_fields_are_aliased() {
    let (v, a) = redacted(
        serde_json::json!({"support": {"h:1": {
            "db_host": "db9.internal", "host_a": "localhost", "host_b": "x", "host_c": "two words",
            "host_d": "12345", "host_e": "db\u{e9}", "host_f": "a:b"}}}),
        true,
    );
    let n = &v["support"]["node-1:1"];
    assert!(n["db_host"].as_str().unwrap().starts_with("host-"), "{n}");
    for (k, want) in [
        ("host_a", "localhost"),
        ("host_b", "x"),
        ("host_c", "two words"),
        ("host_d", "12345"),
        ("host_e", "db\u{e9}"),
    ] {
        assert_eq!(n[k], want, "{k}");
    }
    assert_eq!(a.get("a:b").map(|s| s.starts_with("host-")), Some(true));
    assert_eq!(a.counts().hosts, 3);
}

#[test]
fn recognised_verdict_values_stay_even_when_they_look_like_a_host_or_a_number() {
    // Hosts named like a role, a state or a boolean; a business number
    // whose digits are a time or a byte count.
    let (v, _) = redacted(
        serde_json::json!({"support": {
            "coreapp:1": {"role": "coreapp", "socket_conn": "UP", "multi_connect": "false",
                "debug_info": "+1732524000", "expire_timestamp": "1732524000"},
            "UP:1": {"role": "coreapp", "socket_conn": "UP", "multi_connect": "true",
                "debug_info": "+18446744073709551615", "free_space_data": "18446744073709551615"},
            "false:1": {"role": "coreapp", "multi_connect": "false"},
            "true:1": {"role": "coreapp", "multi_connect": "true"}}}),
        true,
    );
    let nodes: Vec<&Value> = v["support"].as_object().unwrap().values().collect();
    assert_eq!(nodes.len(), 4);
    for n in &nodes {
        assert_eq!(n["role"], "coreapp", "{n}");
        let m = n["multi_connect"].as_str().unwrap();
        assert!(m == "true" || m == "false", "{n}");
    }
    let text = v.to_string();
    assert!(text.contains(r#""socket_conn":"UP""#), "{text}");
    assert!(
        text.contains(r#""expire_timestamp":"1732524000""#),
        "{text}"
    );
    assert!(
        text.contains(r#""free_space_data":"18446744073709551615""#),
        "{text}"
    );
}

#[test]
fn a_number_is_recognised_only_in_a_field_that_holds_numbers() {
    // The business number sent as a version is masked, not kept.
    let (v, _) = redacted(
        serde_json::json!({"support": {"debug_info": "+4915112345678", "version": "4915112345678",
            "free_space_data": "4915112345678"}}),
        false,
    );
    assert_eq!(v["support"]["version"], "REDACTED-1");
    assert_eq!(v["support"]["free_space_data"], "4915112345678");
}
