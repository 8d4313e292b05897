//! Phone numbers in free text: digit groups as people write them (spaces,
//! dots, dashes, brackets, a leading `+` or `00`), North American numbers
//! included, bounded in length so a long id is never taken for one.

use super::run;

/// A phone number found in text: byte range and its digits (without a
/// leading `00`).
pub(in crate::redact) struct PhoneAt {
    pub start: usize,
    pub end: usize,
}

/// Finds the phone-like spans of `s`: international numbers written with
/// `+` or `00` and spaces, dashes, dots or brackets between digit groups
/// (`+49 151 12345678`, `0049-151-12345678`, `+1 (555) 000-2222`), North
/// American numbers in brackets (`(555) 000-1111`), digit groups that
/// `grouped(digits)` says are a known number (`0151 12345678`,
/// `49 151 12345678`), and bare digit runs for which `bare(digits)` says yes.
pub(in crate::redact) fn phones(
    s: &str,
    bare: impl Fn(&str) -> bool,
    grouped: impl Fn(&str) -> bool,
) -> Vec<PhoneAt> {
    let b = s.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'+');
        let intl = boundary
            && ((b[i] == b'+' && b.get(i + 1).is_some_and(|c| (b'1'..=b'9').contains(c)))
                || (b[i..].starts_with(b"00")
                    && b.get(i + 2).is_some_and(|c| (b'1'..=b'9').contains(c))));
        if intl {
            let from = if b[i] == b'+' { i + 1 } else { i + 2 };
            // The longest run of groups with 8 to 15 digits.
            let mut best = None;
            digit_groups(b, from, |d, end| {
                let after_ok = end == b.len() || !b[end].is_ascii_alphanumeric();
                // Zone 1 (North America): always ten digits after the 1.
                let zone1 = d.starts_with('1');
                if (8..=15).contains(&d.len()) && (!zone1 || d.len() == 11) && after_ok {
                    best = Some(end);
                }
            });
            if let Some(end) = best {
                found.push(PhoneAt { start: i, end });
                i = end;
                continue;
            }
        }
        if boundary
            && b[i] == b'('
            && let Some(end) = nanp_at(b, i)
        {
            found.push(PhoneAt { start: i, end });
            i = end;
            continue;
        }
        if b[i].is_ascii_digit() {
            let run_end = run(b, i, |c| c.is_ascii_digit());
            if boundary {
                // The longest run of groups that is a known number.
                let mut best = None;
                digit_groups(b, i, |d, end| {
                    let after_ok = end == b.len() || !b[end].is_ascii_alphanumeric();
                    if end > run_end && after_ok && grouped(d) {
                        best = Some(end);
                    }
                });
                if let Some(end) = best {
                    found.push(PhoneAt { start: i, end });
                    i = end;
                    continue;
                }
            }
            if bare(&s[i..run_end]) {
                found.push(PhoneAt {
                    start: i,
                    end: run_end,
                });
            }
            i = run_end;
            continue;
        }
        i += 1;
    }
    found
}

/// Most digits looked at in one number.
const PHONE_MAX: usize = 20;

/// Digit groups from `i`, separated by up to three of ` -./()`:
/// `each(digits so far, end)` is called after every group.
fn digit_groups(b: &[u8], i: usize, mut each: impl FnMut(&str, usize)) {
    let mut digits = String::new();
    let mut j = i;
    while j < b.len() && digits.len() <= PHONE_MAX {
        if b[j].is_ascii_digit() {
            let e = run(b, j, |c| c.is_ascii_digit());
            digits.extend(b[j..e].iter().map(|&c| c as char));
            j = e;
            each(&digits, e);
            continue;
        }
        let sep = run(b, j, |c| b" -./()".contains(&c));
        let next_digit = b.get(sep).is_some_and(u8::is_ascii_digit);
        if sep > j && sep - j <= 3 && next_digit && (!digits.is_empty() || b[j] == b'(') {
            j = sep;
        } else {
            break;
        }
    }
}

/// `(555) 000-1111` or `(555)000-1111` from `i` (at the bracket): its end.
fn nanp_at(b: &[u8], i: usize) -> Option<usize> {
    let digits = |from: usize, n: usize| {
        (from + n <= b.len() && b[from..from + n].iter().all(u8::is_ascii_digit))
            .then_some(from + n)
    };
    let j = digits(i + 1, 3)?;
    if b.get(j) != Some(&b')') {
        return None;
    }
    let j = if b.get(j + 1) == Some(&b' ') {
        j + 2
    } else {
        j + 1
    };
    let j = digits(j, 3)?;
    if !matches!(b.get(j), Some(b'-' | b'.' | b' ')) {
        return None;
    }
    let end = digits(j + 1, 4)?;
    (end == b.len() || !b[end].is_ascii_alphanumeric()).then_some(end)
}

/// Digits that are not ASCII (full-width, Arabic-Indic, the full-width
/// plus) as ASCII, when `s` has any; phone numbers are looked for in that.
pub(in crate::redact) fn ascii_digits(s: &str) -> Option<String> {
    let map = |c: char| match c {
        '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xff10 + '0' as u32),
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
        '\u{06f0}'..='\u{06f9}' => char::from_u32(c as u32 - 0x06f0 + '0' as u32),
        '\u{ff0b}' => Some('+'),
        _ => None,
    };
    if !s.chars().any(|c| map(c).is_some()) {
        return None;
    }
    Some(s.chars().map(|c| map(c).unwrap_or(c)).collect())
}

/// WhatsApp ids (phone numbers) that the text around them names as such:
/// `<digits>@s.whatsapp.net`, `@c.us`, `@g.us` (a group id, or the
/// creator's number in `<number>-<time>@g.us`), `wa.me/<digits>`, and the
/// value of a label that `is_name` accepts (`wa_id="…"`, `phone=…`,
/// `"msisdn": "+…"`). Only runs of 8 to 15 digits (20 for a group id)
/// bounded by no letter or digit.
pub(in crate::redact) fn wa_ids(s: &str, is_name: impl Fn(&str) -> bool) -> Vec<&str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = run(b, i, |c| c.is_ascii_digit());
        let bounded = (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && (end == b.len() || !b[end].is_ascii_alphanumeric());
        let n = end - i;
        if bounded && (8..=20).contains(&n) {
            let after = &s[end..];
            // A device suffix may follow the number (`<n>:7@…`, `<n>.0:3@…`).
            let mut dev = end;
            while dev < b.len() && (b[dev] == b':' || b[dev] == b'.') {
                let next = run(b, dev + 1, |c| c.is_ascii_digit());
                if next == dev + 1 {
                    break;
                }
                dev = next;
            }
            let jid = ["@s.whatsapp.net", "@c.us"].iter().any(|d| {
                starts_with_ignore_case(after, d) || starts_with_ignore_case(&s[dev..], d)
            });
            let group = starts_with_ignore_case(after, "@g.us");
            // `<number>-<time>@g.us`: the number is the creator's.
            let creator = after.starts_with('-') && {
                let t = run(b, end + 1, |c| c.is_ascii_digit());
                t > end + 1 && starts_with_ignore_case(&s[t..], "@g.us")
            };
            let named =
                n <= 15 && (jid || creator || wa_me_before(s, i) || label_before(s, i, &is_name));
            // Not the time of `<number>-<time>@g.us`.
            let time = i >= 2 && b[i - 1] == b'-' && b[i - 2].is_ascii_digit();
            if named || (group && !time) {
                out.push(&s[i..end]);
            }
        }
        i = end;
    }
    out
}

fn starts_with_ignore_case(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

/// `wa.me/` (or `wa.me/+`) right before byte `i`.
fn wa_me_before(s: &str, i: usize) -> bool {
    let head = s[..i].strip_suffix('+').unwrap_or(&s[..i]);
    let h = head.as_bytes();
    h.len() >= 6 && h[h.len() - 6..].eq_ignore_ascii_case(b"wa.me/")
}

/// A label whose name `is_name` accepts right before byte `i`: `NAME=`,
/// `NAME="`, `NAME: `, `"NAME": "`, with an optional `+`.
fn label_before(s: &str, i: usize, is_name: &impl Fn(&str) -> bool) -> bool {
    let b = s.as_bytes();
    let mut j = i;
    let skip = |j: &mut usize, set: &[u8]| {
        let mut k = 0;
        while *j > 0 && set.contains(&b[*j - 1]) && k < 4 {
            *j -= 1;
            k += 1;
        }
    };
    skip(&mut j, b"+");
    skip(&mut j, b"\"' ");
    if j == 0 || !matches!(b[j - 1], b'=' | b':') {
        return false;
    }
    j -= 1;
    skip(&mut j, b"\"' ");
    let mut start = j;
    while start > 0
        && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_')
        && j - start < 40
    {
        start -= 1;
    }
    start < j && is_name(&s[start..j])
}
