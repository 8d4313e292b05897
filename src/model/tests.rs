//! Model tests over the fixtures in `tests/fixtures/`, one file per
//! concern: whole answers ([`parse`]), field by field ([`read`]), and byte
//! decoding ([`decode`]).

use super::*;
use crate::error::ErrorKind;

mod decode;
mod parse;
mod read;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(name: &str) -> SupportAnswer {
    SupportAnswer::from_slice(&fixture(name), "local").unwrap()
}

fn parse_str(s: &str) -> Result<SupportAnswer> {
    SupportAnswer::from_slice(s.as_bytes(), "local")
}
