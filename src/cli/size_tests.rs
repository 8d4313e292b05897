use super::values::parse_size;
use crate::model::Bytes;

#[test]
fn sizes_parse_with_units() {
    assert_eq!(parse_size("10GiB"), Ok(Bytes(10 << 30)));
    assert_eq!(parse_size("10g"), Ok(Bytes(10 << 30)));
    assert_eq!(parse_size("500 MB"), Ok(Bytes(500_000_000)));
    assert_eq!(parse_size("1.5KiB"), Ok(Bytes(1536)));
    assert_eq!(parse_size("42"), Ok(Bytes(42)));
    assert!(parse_size("ten").is_err());
    assert!(parse_size("5 parsecs").is_err());
    assert!(parse_size("99999999999TB").is_err());
}
