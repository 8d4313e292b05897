use super::*;

#[test]
fn definitions_are_consistent() {
    command().debug_assert();
}

fn words(s: &str) -> Vec<std::ffi::OsString> {
    s.split(' ').map(Into::into).collect()
}

#[test]
fn seconds_are_more_than_zero_and_at_most_a_day() {
    assert_eq!(seconds(" 2.5 "), Some(2.5));
    assert_eq!(seconds("86400"), Some(MAX_SECONDS));
    for bad in ["0", "-1", "86400.5", "NaN", "inf", "ten", ""] {
        assert_eq!(seconds(bad), None, "{bad}");
    }
    assert_eq!(
        parse_seconds("0").unwrap_err(),
        format!("`0` {SECONDS_RULE}")
    );
}

#[test]
fn insecure_flag_forms() {
    let g = |s: &str| parse_args(words(s)).unwrap().global.insecure_setting();
    assert_eq!(g("wa show"), None);
    assert_eq!(g("wa show -k"), Some(true));
    assert_eq!(g("wa show --insecure"), Some(true));
    assert_eq!(g("wa show --insecure=false"), Some(false));
    assert_eq!(g("wa show --insecure=0"), Some(false));
    assert_eq!(g("wa show --no-insecure"), Some(false));
    assert_eq!(g("wa show -k --no-insecure"), Some(false));
    assert!(parse_args(words("wa show --insecure=maybe")).is_err());
}
