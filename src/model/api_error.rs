//! The API's error objects (`errors`), read whatever their shape, and the
//! one-line error, with a hint per API error code, for an answer whose
//! errors replaced its status. Both the client (an error answer) and the
//! model (a saved answer that holds only errors) use them.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::json::excerpt;
use super::read::raw_text;
use crate::error::{Error, ErrorKind};
use crate::safe::ServerText;

/// One error object of the API's `errors` list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ApiError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<ServerText>,
}

impl ApiError {
    /// The error in one line (`1005 Access denied: details`), as server
    /// text: for composing messages (`Display` shows it escaped).
    pub fn text(&self) -> ServerText {
        let mut parts = Vec::new();
        if let Some(c) = self.code {
            parts.push(format!("{c}"));
        }
        if let Some(t) = &self.title {
            parts.push(t.raw().to_string());
        }
        let head = parts.join(" ");
        ServerText::new(match (&self.details, head.is_empty()) {
            (Some(d), true) => d.raw().to_string(),
            (Some(d), false) => format!("{head}: {}", d.raw()),
            (None, false) => head,
            (None, true) => "unspecified error".to_string(),
        })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}

/// An `errors` value, read whatever its shape: a list, one error object,
/// a string (the message) or a number (the code). Never fails.
pub(crate) fn read_errors(v: Value) -> Vec<ApiError> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(a) => a
            .into_iter()
            .filter(|e| !e.is_null())
            .map(read_error)
            .collect(),
        other => vec![read_error(other)],
    }
}

fn read_error(v: Value) -> ApiError {
    let text = |v: Option<Value>| match v? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(raw_text(&other)),
    };
    match v {
        Value::Object(mut m) => ApiError {
            code: match m.remove("code") {
                Some(Value::Number(n)) => n.as_i64(),
                Some(Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            },
            title: text(m.remove("title")).map(ServerText::from),
            details: text(m.remove("details")).map(ServerText::from),
            href: text(m.remove("href")).map(ServerText::from),
        },
        Value::String(s) => ApiError {
            title: Some(s.into()),
            ..ApiError::default()
        },
        Value::Number(n) if n.as_i64().is_some() => ApiError {
            code: n.as_i64(),
            ..ApiError::default()
        },
        other => ApiError {
            title: Some(raw_text(&other).into()),
            ..ApiError::default()
        },
    }
}

/// Makes the error for an answer whose top-level `errors` replaced `support`.
pub fn api_errors_error(errors: &[ApiError], status: Option<u16>) -> Error {
    let text = errors
        .iter()
        .map(|e| excerpt(e.text().raw(), 200))
        .collect::<Vec<_>>()
        .join("; ");
    let prefix = match status {
        Some(s) => format!("the server answered {s} with error {text}"),
        None => format!("the server answered with error {text}"),
    };
    let hint = errors
        .iter()
        .find_map(|e| e.code.and_then(hint_for_code))
        .unwrap_or("check the web app's logs");
    let mut e = Error::new(ErrorKind::Http, prefix).hint(hint);
    if let Some(s) = status {
        e = e.with_status(s);
    }
    e
}

/// The `errors` list of an error answer, when the body is one.
pub fn error_list(body: &[u8]) -> Option<Vec<ApiError>> {
    if body.len() > 1 << 20 {
        return None;
    }
    let v: Value = serde_json::from_slice(body).ok()?;
    let e = v.as_object()?.get("errors")?.clone();
    matches!(e, Value::Array(_) | Value::Object(_)).then(|| read_errors(e))
}

/// What to try for the API error codes a support tool meets.
pub fn hint_for_code(code: i64) -> Option<&'static str> {
    Some(match code {
        1005 => {
            "access denied: check the token (wa-support login), the build's expiry and the certificate"
        }
        1011 => "the service is not ready yet; wait a minute and try again",
        1014 => "internal error in the web app; check its logs",
        1015 => "too many requests; wait and try again",
        1016 => "the system is overloaded; wait and try again",
        1017 => "this node is not the primary master; point --url at the primary master",
        _ => return None,
    })
}
