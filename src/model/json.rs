//! From decoded text to JSON, with a precise one-line error when a body is
//! not what it should be (empty, cut short, an HTML page from a proxy, too
//! deep, too many nodes).

use std::fmt;

use serde_json::Value;

use super::MAX_DEPTH;
use super::decode::{Decoding, decode_body};
use super::stream::{self, DuplicateKey, MAX_NODES};
use crate::error::{Error, ErrorKind, Result};

pub(super) fn parse_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Parse, msg)
}

/// A short, safe description of a JSON value's type for error messages.
pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(super) fn wrong_type(path: impl fmt::Display + Copy, expected: &str, v: &Value) -> Error {
    parse_error(format!(
        "`{path}` should be {expected}, but the answer has {}",
        type_name(v)
    ))
    .hint("the answer does not match the /v1/support format; check the client's version or save it with --json and report it")
}

/// Describes the start of a body that is not JSON (an HTML page from a
/// proxy, say) in a few safe words.
pub fn describe_non_json(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let trimmed = text.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    if trimmed.is_empty() {
        return "an empty body".to_string();
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        let title = lower
            .find("<title>")
            .and_then(|start| {
                let rest = &trimmed[start + 7..];
                rest.to_ascii_lowercase()
                    .find("</title>")
                    .map(|end| rest[..end].trim().to_string())
            })
            .filter(|t| !t.is_empty());
        return match title {
            Some(t) => format!("an HTML page titled \"{}\"", excerpt(&t, 80)),
            None => "an HTML page".to_string(),
        };
    }
    format!("text starting \"{}\"", excerpt(trimmed, 60))
}

/// The first `max` characters of `s` on one line; control characters are
/// kept for the printer to escape (never dropped silently).
pub fn excerpt(s: &str, max: usize) -> String {
    let flat: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// Parses a body into JSON, with a precise one-line error when it is not.
pub fn parse_json(body: &[u8]) -> Result<Value> {
    parse_body(body).map(|(v, _)| v)
}

/// Parses a body into JSON and says how its text was decoded.
pub fn parse_body(body: &[u8]) -> Result<(Value, Decoding)> {
    let decoded = decode_body(body);
    let value = parse_text(&decoded.text)?;
    Ok((value, decoded.decoding))
}

/// Like [`parse_body`], but a node sent twice is kept (the second under
/// `name (2)`) and every key sent twice is listed, to be put in the
/// model's `duplicate_keys` (a plain JSON tree keeps only the last).
pub fn parse_body_keeping_duplicates(body: &[u8]) -> Result<(Value, Decoding, Vec<DuplicateKey>)> {
    let decoded = decode_body(body);
    let text: &[u8] = &decoded.text;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty_error());
    }
    if stream::count_ok(text).is_err() {
        return Err(too_many_nodes());
    }
    let (value, dups) = match stream::read_value(text) {
        Ok(v) => v,
        Err(e) if is_out_of_range(&e) => {
            let quoted = stream::quote_huge_numbers(text);
            stream::read_value(&quoted).map_err(|e| json_error(&quoted, e))?
        }
        Err(e) => return Err(json_error(text, e)),
    };
    Ok((value, decoded.decoding, dups))
}

/// Checks that decoded text is JSON without building it (for printing a
/// body as it came), with the same errors as [`parse_json`].
pub fn check_json_text(text: &[u8]) -> Result<()> {
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty_error());
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| json_error(text, e))
}

pub(super) fn empty_error() -> Error {
    parse_error("the answer is empty")
        .hint("the server sent no body; check the URL and that the web app is healthy")
}

/// Parses UTF-8 text into JSON, with a precise one-line error when it is not.
/// An answer with more than [`MAX_NODES`] entries under `support` is
/// refused before the tree is built.
pub fn parse_text(body: &[u8]) -> Result<Value> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty_error());
    }
    if stream::count_ok(body).is_err() {
        return Err(too_many_nodes());
    }
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(e) if is_out_of_range(&e) => {
            let quoted = stream::quote_huge_numbers(body);
            serde_json::from_slice(&quoted).map_err(|e| json_error(&quoted, e))
        }
        Err(e) => Err(json_error(body, e)),
    }
}

/// True for serde_json's error on a number beyond the float range
/// (`1e400`), which jq reads: such numbers are then read as strings.
pub(super) fn is_out_of_range(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("number out of range")
}

pub(super) fn not_an_object(kind: &str) -> Error {
    parse_error(format!(
        "the answer is {kind}, not an object with a `support` field"
    ))
    .hint("is this the output of GET /v1/support?")
}

pub(super) fn too_many_nodes() -> Error {
    parse_error(format!(
        "the answer has more than {MAX_NODES} entries under `support`; refused"
    ))
    .hint("real deployments have at most a few thousand nodes; this is not a /v1/support answer")
}

pub(super) fn json_error(body: &[u8], e: serde_json::Error) -> Error {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => parse_error(format!(
            "the answer is cut short: the JSON ends early (line {}, column {})",
            e.line(),
            e.column()
        ))
        .hint("the transfer was interrupted or the file is incomplete; fetch it again"),
        _ if e.to_string().starts_with(stream::TOO_MANY) => too_many_nodes(),
        _ if e.to_string().starts_with("recursion limit exceeded") => {
            parse_error(format!("the answer nests deeper than {MAX_DEPTH} levels"))
                .hint("this is not a /v1/support answer")
        }
        _ if !looks_like_json(body) => parse_error(format!(
            "the answer is not JSON but {}",
            describe_non_json(body)
        ))
        .hint("a proxy or load balancer may have answered instead of the web app; check the URL"),
        _ => parse_error(format!(
            "the answer is not valid JSON: {}",
            excerpt(&e.to_string(), 120)
        ))
        .hint("save the answer with --json and check it with jq"),
    }
}

fn looks_like_json(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    matches!(start.map(|i| body[i]), Some(b'{') | Some(b'['))
}
