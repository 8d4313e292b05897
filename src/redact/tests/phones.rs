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
