use super::*;

fn t(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

#[test]
fn a_remembered_login_reads_back_and_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("prod.credentials");
    assert_eq!(Remembered::read(&p), Ok(None));
    let r = Remembered {
        url: "https://wa:9090".into(),
        user: "admin".into(),
        password: Secret::new("p\"w\\d\n x"),
    };
    std::fs::write(&p, r.text()).unwrap();
    assert_eq!(Remembered::read(&p), Ok(Some(r)));
    std::fs::write(&p, r#"{"url":"https://wa:9090","user":"admin"}"#).unwrap();
    assert_eq!(Remembered::read(&p), Err("has no password".into()));
    std::fs::write(&p, "admin:secret").unwrap();
    let e = Remembered::read(&p).unwrap_err();
    assert!(!e.contains("secret"), "{e}");
    std::fs::write(&p, vec![b' '; MAX_TOKEN_FILE as usize + 1]).unwrap();
    assert!(Remembered::read(&p).unwrap_err().contains("too large"));
}

#[test]
fn a_token_is_renewed_within_a_day_of_its_expiry() {
    let now = t("2026-11-25T12:00:00Z");
    assert!(expires_soon("2026-11-26 11:59:59+00:00", now));
    assert!(expires_soon("2026-11-20T00:00:00Z", now));
    assert!(!expires_soon("2026-11-26 12:00:00+00:00", now));
    assert!(!expires_soon("2026-12-02 12:00:00+00:00", now));
    assert!(!expires_soon("soon", now));
}

#[test]
fn a_refused_login_holds_the_next_back_for_a_minute() {
    let refused = t("2026-11-25T12:00:00Z");
    assert_eq!(
        backoff_until(refused, refused),
        Some(t("2026-11-25T12:01:00Z"))
    );
    assert!(backoff_until(refused, t("2026-11-25T12:00:59Z")).is_some());
    assert_eq!(backoff_until(refused, t("2026-11-25T12:01:00Z")), None);
    // The clock set back: nothing held back.
    assert_eq!(backoff_until(refused, t("2026-11-25T11:00:00Z")), None);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("prod.login-state");
    assert_eq!(read_refused_at(&p), None);
    std::fs::write(&p, state_text(refused)).unwrap();
    assert_eq!(read_refused_at(&p), Some(refused));
    std::fs::write(&p, "garbage").unwrap();
    assert_eq!(read_refused_at(&p), None);
}

#[test]
fn only_a_refusal_counts_as_refused() {
    let e = |status: Option<u16>, msg: &str| {
        let e = Error::new(ErrorKind::Http, msg);
        match status {
            Some(s) => e.with_status(s),
            None => e,
        }
    };
    assert!(is_refusal(&e(Some(401), "401 Unauthorized")));
    assert!(is_refusal(&e(
        Some(403),
        "the server answered 403 with error 1005 Access denied"
    )));
    assert!(!is_refusal(&e(Some(503), "the server answered 503")));
    assert!(!is_refusal(&e(None, "connection refused")));
}

#[test]
fn only_a_real_time_is_kept_as_the_expiry() {
    assert_eq!(
        valid_expiry(" 2026-12-02 12:00:00+00:00 ").as_deref(),
        Some("2026-12-02 12:00:00+00:00")
    );
    assert_eq!(
        valid_expiry("2026-12-02T12:00:00Z").as_deref(),
        Some("2026-12-02T12:00:00Z")
    );
    for bad in ["soon", "", "2026-12-02 12:00:00+00:00\x1b[2J", "2026-13-45"] {
        assert_eq!(valid_expiry(bad), None, "{bad:?}");
    }
}
