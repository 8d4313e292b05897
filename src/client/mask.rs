//! Keeping secrets out of what the client prints: credentials inside URLs,
//! and the token or password it sends when a server echoes them back.

use crate::error::Error;

/// What replaces a secret.
pub const MASK: &str = "***";

/// A URL with its userinfo (`user:password@`) replaced by `***@`; works
/// with or without a scheme.
pub fn mask_url(url: &str) -> String {
    replace_userinfo(url, "***@")
}

/// A URL without its userinfo (`user:password@`).
pub fn strip_userinfo(url: &str) -> String {
    replace_userinfo(url, "")
}

fn replace_userinfo(url: &str, with: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}{with}{}{tail}", &authority[at + 1..]),
        None => url.to_string(),
    }
}

/// Masks the userinfo of every `scheme://user:pass@host` in free text.
pub fn mask_urls_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || "/?#\"'<>".contains(c))
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => {
                out.push_str(MASK);
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces every occurrence of each non-empty secret in `body`.
pub fn mask_bytes(body: &[u8], secrets: &[&str]) -> Vec<u8> {
    let mut out = body.to_vec();
    for s in secrets
        .iter()
        .map(|s| s.as_bytes())
        .filter(|s| !s.is_empty())
    {
        let mut masked = Vec::with_capacity(out.len());
        let mut i = 0;
        while i < out.len() {
            if out[i..].starts_with(s) {
                masked.extend_from_slice(MASK.as_bytes());
                i += s.len();
            } else {
                masked.push(out[i]);
                i += 1;
            }
        }
        out = masked;
    }
    out
}

/// Replaces every occurrence of each non-empty secret in `text`.
pub fn mask_text(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(s) {
            out = out.replace(s, MASK);
        }
    }
    out
}

/// The same error with secrets and URL credentials masked in its message
/// and hint.
pub fn mask_error(e: Error, secrets: &[&str]) -> Error {
    let clean = |s: &str| mask_urls_in(&mask_text(s, secrets));
    let message = clean(e.message());
    let hint = e.hint_text().map(clean);
    if message == e.message() && hint.as_deref() == e.hint_text() {
        return e;
    }
    let mut out = Error::new(e.kind(), message);
    if let Some(h) = hint {
        out = out.hint(h);
    }
    if let Some(s) = e.status() {
        out = out.with_status(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn url_credentials_are_masked() {
        assert_eq!(mask_url("https://u:p@h:1/x?y"), "https://***@h:1/x?y");
        assert_eq!(mask_url("u:p@h:1"), "***@h:1");
        assert_eq!(mask_url("https://h:1/a@b"), "https://h:1/a@b");
        assert_eq!(mask_url("https://a@b@h"), "https://***@h");
        assert_eq!(mask_url("h"), "h");
        assert_eq!(strip_userinfo("https://u:p@h:1/x"), "https://h:1/x");
        assert_eq!(strip_userinfo("https://h/***@"), "https://h/***@");
        assert_eq!(
            mask_urls_in("go to https://u:p@h/x, or http://h2 and socks5h://a:b@[::1]:1 now"),
            "go to https://***@h/x, or http://h2 and socks5h://***@[::1]:1 now"
        );
        assert_eq!(mask_urls_in("\"http://u:pw@h\""), "\"http://***@h\"");
        assert_eq!(mask_urls_in("no url"), "no url");
        assert_eq!(mask_urls_in("://"), "://");
        assert_eq!(mask_urls_in("x://@"), "x://***@");
        assert_eq!(mask_urls_in("http://u:pa,s;s@h."), "http://***@h.");
    }

    #[test]
    fn secrets_are_masked_in_bytes_and_errors() {
        assert_eq!(mask_bytes(b"a tok b tok", &["tok", ""]), b"a *** b ***");
        assert_eq!(mask_bytes(b"to", &["tok"]), b"to");
        assert_eq!(mask_bytes(b"tok", &["tok"]), b"***");
        assert_eq!(mask_bytes(b"tttok", &["ttok"]), b"t***");
        assert_eq!(
            mask_bytes("é tok é".as_bytes(), &["tok"]),
            "é *** é".as_bytes()
        );
        assert_eq!(mask_text("x pw y pw", &["pw", ""]), "x *** y ***");
        let e = Error::new(ErrorKind::Http, "echo: tok at https://u:p@h")
            .hint("tok again")
            .with_status(401);
        let m = mask_error(e, &["tok"]);
        assert_eq!(m.message(), "echo: *** at https://***@h");
        assert_eq!(m.hint_text(), Some("*** again"));
        assert_eq!(m.status(), Some(401));
        assert_eq!(m.kind(), ErrorKind::Http);
        let e = Error::new(ErrorKind::Usage, "clean");
        assert_eq!(mask_error(e, &["tok"]).hint_text(), None);
    }
}
