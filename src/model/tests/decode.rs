//! Bodies in other encodings than UTF-8, and invalid UTF-8.

use super::*;

// ---------- encoding ----------

#[test]
fn invalid_utf8_is_replaced_and_counted() {
    let a =
        SupportAnswer::from_slice(b"{\"support\":{\"os_name\":\"ubu\xff\xfentu\"}}", "l").unwrap();
    assert_eq!(
        a.nodes[0].info.os_name.as_ref().map(|t| t.raw()),
        Some("ubu\u{fffd}\u{fffd}ntu")
    );
    assert_eq!(a.decoding.replaced, 2);
}

#[test]
fn utf16_and_utf32_are_decoded() {
    let text = r#"{"support":{"socket_conn":"UP"}}"#;
    let mut le16 = vec![0xFF, 0xFE];
    le16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be16 = vec![0xFE, 0xFF];
    be16.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut le32 = vec![0xFF, 0xFE, 0, 0];
    le32.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
    let mut be32 = vec![0, 0, 0xFE, 0xFF];
    be32.extend(text.chars().flat_map(|c| (c as u32).to_be_bytes()));
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (what, body) in [
        ("le16", le16),
        ("be16", be16),
        ("le32", le32),
        ("be32", be32),
        ("no bom", no_bom),
    ] {
        let d = decode_body(&body);
        assert_eq!(std::str::from_utf8(&d.text).unwrap(), text, "{what}");
        let a = SupportAnswer::from_slice(&body, "l").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(a.nodes[0].info.socket_conn, Some(SocketState::Up), "{what}");
    }
}
