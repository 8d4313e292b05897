//! How findings word things: server text quoted in a message is clipped,
//! values are quoted as the JSON they were sent as, and lists are bounded
//! ("a, b and 3 more"), so every message stays short whatever the answer.

use std::fmt;

/// Most items a finding lists (nodes, shard runs, values) before "and N more".
pub(super) const MAX_LISTED: usize = 8;

/// Longest piece of server text (a name, a value) quoted inside a message;
/// the finding's `node` field is never cut.
const MAX_QUOTED: usize = 100;

/// Cuts server text quoted inside a message to [`MAX_QUOTED`] characters.
pub(super) fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_QUOTED) {
        None => std::borrow::Cow::Borrowed(s),
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..i])),
    }
}

/// A value quoted in a message as the JSON it was sent as: a number bare,
/// anything else as a JSON string; clipped.
pub(super) fn as_sent(raw: &str) -> String {
    let clipped = clip(raw.trim());
    if serde_json::from_str::<serde_json::Number>(&clipped).is_ok() {
        clipped.into_owned()
    } else {
        serde_json::to_string(&clipped).unwrap_or_default()
    }
}

/// `a`, `a and b`, `a, b and c`; past [`MAX_LISTED`] items,
/// `a, b, …, h and N more`. `total` is the number of items in `items`.
pub fn and_list<T: fmt::Display>(items: impl IntoIterator<Item = T>, total: usize) -> String {
    let shown: Vec<String> = items
        .into_iter()
        .take(MAX_LISTED)
        .map(|x| x.to_string())
        .collect();
    let rest = total.saturating_sub(shown.len());
    match (shown.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), rest) => format!("{} and {rest} more", shown.join(", ")),
    }
}

/// Node names for a message: clipped, bounded.
pub(super) fn names<'a>(list: impl IntoIterator<Item = &'a str>, total: usize) -> String {
    and_list(list.into_iter().map(clip), total)
}
