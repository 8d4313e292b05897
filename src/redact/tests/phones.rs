//! Phone numbers: the country code and last digits kept, a known number
//! found however it is written, other digit runs left alone.

use super::*;

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

#[test]
fn customer_numbers_named_by_their_context_are_masked_everywhere() {
    let mut v = serde_json::json!({"support": {"10.0.0.1:c1": {
        "debug_info": "+4915112345678",
        "last_error": "msg to 4917699998888@s.whatsapp.net failed; see https://wa.me/4917699998888 and 4917699998888",
        "contacts": {"4917611112222": {"wa_id": "4917611112222", "name": "Alice"}},
        "recipient_id": 4917644443333u64,
        "group": "4917655554444-1612345678@g.us",
        "link": "https://api.whatsapp.com/send?phone=4917633332222",
        "note": "later: 4917611112222, 4917633332222 and 4917655554444",
        "request_id": "17325240001234",
        "ts": 1732524000123u64,
    }, "10.0.0.2:c2": {"debug_info": "+4915112345678"}}});
    let a = redact(&mut v, RedactOptions::default(), &[]);
    let s = v.to_string();
    for clear in [
        "4917699998888",
        "4917611112222",
        "4917644443333",
        "4917655554444",
        "4917633332222",
        "99998888",
    ] {
        assert!(!s.contains(clear), "{clear}: {s}");
    }
    assert!(s.contains("49•••••••••88@s.whatsapp.net"), "{s}");
    assert!(s.contains("wa.me/49•••••••••88"), "{s}");
    // Distinct numbers that mask alike stay distinct.
    assert!(
        s.contains("49•••••••••22") && s.contains("49•••••••••22~2"),
        "{s}"
    );
    // Long ids and counters outside those contexts stay.
    assert!(
        s.contains("17325240001234") && s.contains("1732524000123"),
        "{s}"
    );
    assert_eq!(a.counts().phones, 6, "{s}");
}

#[test]
fn text_learns_customer_numbers_from_labels_and_masks_them_before_and_after() {
    let mut a = redact(&mut serde_json::json!({}), RedactOptions::default(), &[]);
    a.learn_text("wa_x{wa_id=\"4917799998888\"} 1");
    let out = a.redact_text("cannot send to 4917799998888; total 1732524000123");
    assert_eq!(out, "cannot send to 49•••••••••88; total 1732524000123");
    // A text that names the number masks it in itself too.
    let mut b = redact(&mut serde_json::json!({}), RedactOptions::default(), &[]);
    let out = b.redact_text("x 4917799998888 msisdn: +4917799998888 y");
    assert!(
        !out.contains("4917799998888") && !out.contains("99998888"),
        "{out}"
    );
}

#[test]
fn customer_numbers_are_masked_alike_on_the_streamed_path() {
    let mut nodes = serde_json::Map::new();
    for i in 0..40 {
        nodes.insert(
            format!("10.0.0.{i}:wa-core-{i}"),
            serde_json::json!({"role": "coreapp", "multi_connect": true, "debug_info": "+4915112345678",
                "contacts": {"4917611112222": {"wa_id": "4917611112222"}},
                "last_error": format!("to 49176999988{i:02}@c.us")}),
        );
    }
    let raw = serde_json::to_vec(&serde_json::json!({"support": nodes})).unwrap();
    for hosts in [false, true] {
        let r = read_answer(raw.clone(), Some(RedactOptions { hosts }), &[], "x").unwrap();
        let mut tree: Value = serde_json::from_slice(&raw).unwrap();
        redact(&mut tree, RedactOptions { hosts }, &[]);
        let mut t = Vec::new();
        crate::render::json::write_safe_pretty(&mut t, &tree, 0).unwrap();
        assert_eq!(r.text, String::from_utf8(t).unwrap());
        assert!(!r.text.contains("4917611112222") && !r.text.contains("49176999988"));
    }
}

#[test]
fn device_suffixed_jids_and_contacts_keys_are_customer_numbers() {
    let mut v = serde_json::json!({"support": {"h:c": {
        "role": "coreapp",
        "last_error": "to 4917633330003:7@s.whatsapp.net and 4917655554443.0:3@s.whatsapp.net",
        "contacts": {"4917633330001": {"name": "Bob"}},
    }}});
    redact(&mut v, RedactOptions::default(), &[]);
    let s = v.to_string();
    for n in ["4917633330003", "4917655554443", "4917633330001"] {
        assert!(!s.contains(n), "{n}: {s}");
    }
    assert!(s.contains(":7@s.whatsapp.net"), "{s}");
    // A counter that is not in such a place stays.
    let mut v =
        serde_json::json!({"support": {"h:c": {"role": "coreapp", "uptime_ms": "17325240001234"}}});
    redact(&mut v, RedactOptions::default(), &[]);
    assert!(v.to_string().contains("17325240001234"));
}
