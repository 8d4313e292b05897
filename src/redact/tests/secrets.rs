//! Secrets in values and free text: credential schemes, tokens, secret
//! assignments and secret-named fields, masked without cutting a character.

use super::*;

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
