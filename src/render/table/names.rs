//! How node names are shown in a narrow terminal: without the prefix
//! they all share, and cut where they are alike, never where they differ.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use unicode_width::UnicodeWidthStr;

use super::{ELLIPSIS, cut_end, cw, head, tail, width_of};

/// How node names are shown: without the prefix they all share (when the
/// terminal is too narrow for them) and, if still too long, cut where the
/// names are alike, never where they differ. At any width, two distinct
/// names never look the same: when a cut would make them alike, the part
/// that tells a name apart is kept, and when the width cannot hold that
/// part either, the name ends with `#N`, N its place in the answer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    /// The common prefix left out (safe text), empty when none.
    pub prefix: String,
    /// Chars at the start of every shown name that are the same in all.
    alike_head: usize,
    /// Chars at the end of every shown name that are the same in all.
    alike_tail: usize,
    /// Each distinct shown name and its place (first seen) in the answer.
    place: HashMap<String, usize>,
    /// The shown names cut to a width, per width asked (a table's column,
    /// the problems' column, a line): each set is made once, in one pass.
    forms: RefCell<HashMap<usize, Rc<HashMap<String, String>>>>,
}

/// Chars `s` and `t` share at the start.
fn common_head(s: &str, t: &str) -> usize {
    s.chars().zip(t.chars()).take_while(|(a, b)| a == b).count()
}

/// Chars `s` and `t` share at the end.
fn common_tail(s: &str, t: &str) -> usize {
    s.chars()
        .rev()
        .zip(t.chars().rev())
        .take_while(|(a, b)| a == b)
        .count()
}

/// Per name, the most chars it shares with any other name at its start and
/// at its end (`n log n` comparisons: only sorted neighbours can share most).
fn nearest(names: &[&str]) -> HashMap<String, (usize, usize)> {
    let mut out: HashMap<String, (usize, usize)> =
        names.iter().map(|n| (n.to_string(), (0, 0))).collect();
    let mut sorted: Vec<&str> = names.to_vec();
    sorted.sort_unstable();
    for pair in sorted.windows(2) {
        let h = common_head(pair[0], pair[1]);
        for n in pair {
            let e = out.get_mut(*n).expect("every name is in the map");
            e.0 = e.0.max(h);
        }
    }
    let mut reversed: Vec<(Vec<char>, &str)> = names
        .iter()
        .map(|n| (n.chars().rev().collect(), *n))
        .collect();
    reversed.sort_unstable();
    for pair in reversed.windows(2) {
        let t = common_tail(pair[0].1, pair[1].1);
        for (_, n) in pair {
            let e = out.get_mut(*n).expect("every name is in the map");
            e.1 = e.1.max(t);
        }
    }
    out
}

/// Forms seen more than once among `forms` (a name's form counted once).
fn clashes(forms: &HashMap<String, String>) -> HashSet<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut twice = HashSet::new();
    for f in forms.values() {
        if !seen.insert(f) {
            twice.insert(f.clone());
        }
    }
    twice
}

/// `chars` cut to `w` columns around `at`, the char that tells it apart:
/// when the chars up to `at` fit, the start is kept up to it and the end
/// fills the rest (`wa-core-aaaX…-0`); when the chars from `at` on fit, the
/// end is kept from it (`wa-…Xaaa-0`); else a window around it is kept
/// between the start and the end (`wa-cor…aaXaa…aa-0`).
fn cut_around(chars: &[char], w: usize, at: Option<usize>, from_end: Option<usize>) -> String {
    let n = chars.len();
    let budget = w.saturating_sub(1);
    if let Some(at) = at.filter(|a| *a < n) {
        let keep = width_of(&chars[..=at]);
        if keep <= budget {
            let mut s: String = chars[..=at].iter().collect();
            s.push(ELLIPSIS);
            s.push_str(&tail(&chars[at + 1..], budget - keep));
            return s;
        }
    }
    if let Some(from) = from_end.filter(|r| *r < n).map(|r| n - 1 - r) {
        let keep = width_of(&chars[from..]);
        if keep <= budget {
            let mut s = head(&chars[..from], budget - keep);
            s.push(ELLIPSIS);
            s.extend(&chars[from..]);
            return s;
        }
    }
    let Some(anchor) = at
        .filter(|a| *a < n)
        .or_else(|| from_end.filter(|r| *r < n).map(|r| n - 1 - r))
    else {
        return cut_end(&chars.iter().collect::<String>(), w);
    };
    if w < 3 {
        return cut_end(&chars.iter().collect::<String>(), w);
    }
    // Two ellipses: start…window…end, the window a third of the room.
    let room = w.saturating_sub(2);
    let win = (room / 3).max(1);
    let left = win.saturating_sub(cw(chars[anchor])) / 2;
    let mut x = anchor;
    let mut used = cw(chars[anchor]);
    while x > 0 && used + cw(chars[x - 1]) <= cw(chars[anchor]) + left {
        x -= 1;
        used += cw(chars[x]);
    }
    let mut y = anchor + 1;
    while y < n && used + cw(chars[y]) <= win {
        used += cw(chars[y]);
        y += 1;
    }
    let start = head(&chars[..x], (room.saturating_sub(used)) / 2);
    let mut s = start.clone();
    s.push(ELLIPSIS);
    s.extend(&chars[x..y]);
    if y < n {
        s.push(ELLIPSIS);
        s.push_str(&tail(
            &chars[y..],
            room.saturating_sub(used + start.width()),
        ));
    }
    s
}

impl Names {
    /// Names shown whole.
    pub(crate) fn whole(names: &[&str]) -> Names {
        Names::with_prefix(names, String::new())
    }

    /// Names shown without a prefix they all share, cut only where it
    /// cannot mislead: the whole host part of `host:container` names (up to
    /// and including the last `:`, when all nodes are on one host), or, for
    /// names without a host part, after a `-`. Never inside a host: with
    /// hosts `10.42.0.11` and `10.42.1.21`, `0.11:…` would read as another
    /// address. `None` when there is no such prefix worth a note.
    pub(crate) fn without_common_prefix(names: &[&str]) -> Option<Names> {
        let (first, rest) = names.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let mut chars = first.chars().count();
        for n in rest {
            chars = chars.min(common_head(first, n));
        }
        let shared: String = first.chars().take(chars).collect();
        let host_end = |n: &str| n.rfind(':').map(|i| i + 1);
        let cut = match shared.rfind(':') {
            // Every name's host part is this one, whole.
            Some(i) if names.iter().all(|n| host_end(n) == Some(i + 1)) => i + 1,
            Some(_) => return None,
            None if names.iter().all(|n| !n.contains(':')) => shared.rfind('-')? + 1,
            // The names share only part of their hosts.
            None => return None,
        };
        let prefix = &shared[..cut];
        // Worth a note only when it saves room, and every name keeps a part.
        if prefix.chars().count() < 4 || names.iter().any(|n| n.len() <= prefix.len()) {
            return None;
        }
        let shown: Vec<&str> = names.iter().map(|n| &n[prefix.len()..]).collect();
        Some(Names::with_prefix(&shown, prefix.to_string()))
    }

    fn with_prefix(shown: &[&str], prefix: String) -> Names {
        let mut names = Names {
            prefix,
            ..Names::default()
        };
        for (i, s) in shown.iter().enumerate() {
            names.place.entry(s.to_string()).or_insert(i);
        }
        if let Some((first, rest)) = shown.split_first().filter(|(_, r)| !r.is_empty()) {
            let min_len = shown.iter().map(|s| s.chars().count()).min().unwrap_or(0);
            let mut h = min_len;
            let mut t = min_len;
            for n in rest {
                h = h.min(common_head(first, n));
                t = t.min(common_tail(first, n));
            }
            names.alike_head = h;
            names.alike_tail = t.min(min_len - h);
        }
        names
    }

    /// A node name as shown (safe text in, safe text out), uncut.
    pub(crate) fn show<'a>(&self, safe_name: &'a str) -> &'a str {
        if self.prefix.is_empty() {
            return safe_name;
        }
        match safe_name.strip_prefix(self.prefix.as_str()) {
            Some(rest) if !rest.is_empty() => rest,
            _ => safe_name,
        }
    }

    /// A shown name cut to `w` columns. Two distinct names of the answer
    /// never come out the same (see [`Names`]); any other text is cut as
    /// [`Names::cut_alike`] does.
    pub(crate) fn cut(&self, shown: &str, w: usize) -> String {
        if self.place.contains_key(shown)
            && let Some(f) = self.forms_at(w).get(shown)
        {
            return f.clone();
        }
        self.cut_alike(shown, w)
    }

    /// Every shown name cut to `w` columns, pairwise distinct.
    fn forms_at(&self, w: usize) -> Rc<HashMap<String, String>> {
        if let Some(f) = self.forms.borrow().get(&w) {
            return Rc::clone(f);
        }
        let f = Rc::new(self.make_forms(w));
        self.forms.borrow_mut().insert(w, Rc::clone(&f));
        f
    }

    fn make_forms(&self, w: usize) -> HashMap<String, String> {
        // As the names are alike; then, for the names that came out the
        // same, around what tells each apart; then with their place.
        let mut forms: HashMap<String, String> = self
            .place
            .keys()
            .map(|n| (n.clone(), self.cut_alike(n, w)))
            .collect();
        let mut twice = clashes(&forms);
        if twice.is_empty() {
            return forms;
        }
        let names: Vec<&str> = self.place.keys().map(String::as_str).collect();
        let near = nearest(&names);
        for (name, form) in forms.iter_mut() {
            if twice.contains(form.as_str()) && name.width() > w {
                let (h, t) = near[name];
                let chars: Vec<char> = name.chars().collect();
                *form = cut_around(&chars, w, Some(h), Some(t));
            }
        }
        twice = clashes(&forms);
        let mut all = false;
        for _ in 0..2 {
            if twice.is_empty() {
                break;
            }
            for (name, form) in forms.iter_mut() {
                if all || (twice.contains(form.as_str()) && name.width() > w) {
                    *form = self.tagged(name, w);
                }
            }
            twice = clashes(&forms);
            // Names shown whole keep their form, unless a tag meets a name
            // that ends like one: then all are tagged, and forms that end in
            // distinct `#N` differ.
            all = true;
        }
        forms
    }

    /// `name` cut to end in `#N`, N its place in the answer (from 1).
    fn tagged(&self, name: &str, w: usize) -> String {
        let tag = format!("#{}", self.place.get(name).map_or(0, |p| p + 1));
        let room = w.saturating_sub(tag.width());
        let mut s = if name.width() + tag.width() <= w {
            name.to_string()
        } else {
            self.cut_alike(name, room)
        };
        s.push_str(&tag);
        s
    }

    /// A shown name cut to `w` columns, keeping the part where names differ:
    /// the alike start is shortened first, then the alike end, and only then
    /// the differing middle (keeping both of its ends).
    fn cut_alike(&self, shown: &str, w: usize) -> String {
        if shown.width() <= w {
            return shown.to_string();
        }
        if w <= 1 {
            return cut_end(shown, w);
        }
        let chars: Vec<char> = shown.chars().collect();
        let n = chars.len();
        let h = self.alike_head.min(n);
        let t = self.alike_tail.min(n - h);
        let (alike_start, differ, alike_end) = (&chars[..h], &chars[h..n - t], &chars[n - t..]);
        let budget = w - 1;
        let (wd, we) = (width_of(differ), width_of(alike_end));
        if wd + we <= budget {
            // `wa-cor…41`: shorten the alike start.
            let mut s = head(alike_start, budget - wd - we);
            s.push(ELLIPSIS);
            s.extend(differ);
            s.extend(alike_end);
            return s;
        }
        if wd < budget && !alike_start.is_empty() {
            // `…41.dc1.exa…`: drop the alike start, shorten the alike end.
            let mut s = String::from(ELLIPSIS);
            s.extend(differ);
            s.push_str(&head(alike_end, budget - 1 - wd));
            s.push(ELLIPSIS);
            return s;
        }
        if wd < w && alike_start.is_empty() {
            let mut s: String = differ.iter().collect();
            s.push_str(&head(alike_end, budget - wd));
            s.push(ELLIPSIS);
            return s;
        }
        // The differing part itself is too long: keep both of its ends,
        // marking the alike start left out (`…1.21:wa…` is no address).
        let mut s = String::new();
        let mut room = budget;
        if !alike_start.is_empty() && room > 2 {
            s.push(ELLIPSIS);
            room -= 1;
        }
        let front = head(differ, room.div_ceil(2));
        let back = tail(differ, room - front.width());
        s.push_str(&front);
        s.push(ELLIPSIS);
        s.push_str(&back);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_ends_at_a_separator() {
        let names = ["h.example:wa-core-41", "h.example:wa-core-42"];
        let n = Names::without_common_prefix(&names).unwrap();
        assert_eq!(n.prefix, "h.example:");
        assert_eq!(n.show(names[0]), "wa-core-41");
        let n = Names::without_common_prefix(&["wa-node-1", "wa-node-2"]).unwrap();
        assert_eq!(n.prefix, "wa-node-");
        assert!(Names::without_common_prefix(&["a:1", "a:2"]).is_none());
        assert!(Names::without_common_prefix(&["only:one"]).is_none());
        assert!(Names::without_common_prefix(&["abc:1", "abc:"]).is_none());
        assert!(Names::without_common_prefix(&["alpha1", "alpha2"]).is_none());
    }

    #[test]
    fn common_prefix_never_ends_inside_a_host() {
        // Hosts that share `10.42.`: `0.11:…` would read as another address.
        let names = [
            "10.42.0.11:wa-master-0",
            "10.42.0.12:wa-master-1",
            "10.42.1.21:wa-coreapp-7f9c6d5b8-2xkqz",
            "10.42.2.31:wa-coreapp-7f9c6d5b8-tz5ln",
        ];
        assert!(Names::without_common_prefix(&names).is_none());
        assert!(Names::without_common_prefix(&names[2..]).is_none());
        // Host names alike up to a `-` or `.`: still inside the host.
        let names = ["wa-prod-01.dc1:core", "wa-prod-02.dc1:core"];
        assert!(Names::without_common_prefix(&names).is_none());
        // IPv6 hosts share `fe80::`, which is no whole host.
        assert!(Names::without_common_prefix(&["fe80::1:wa-a", "fe80::2:wa-b"]).is_none());
        // Bare addresses without a container part have no `-` to cut at.
        assert!(Names::without_common_prefix(&["10.42.0.11", "10.42.0.12"]).is_none());
        // One host for all: the whole host part goes, up to its `:`.
        let names = ["10.42.1.21:wa-coreapp-a", "10.42.1.21:wa-coreapp-b"];
        let n = Names::without_common_prefix(&names).unwrap();
        assert_eq!(n.prefix, "10.42.1.21:");
        assert_eq!(n.show(names[1]), "wa-coreapp-b");
        let names = ["fe80::1:wa-a", "fe80::1:wa-b"];
        let n = Names::without_common_prefix(&names).unwrap();
        assert_eq!(n.prefix, "fe80::1:");
    }

    #[test]
    fn cut_keeps_what_differs() {
        let names = [
            "wa-prod-01.dc1.example.internal:core",
            "wa-prod-02.dc1.example.internal:core",
        ];
        let n = Names::whole(&names);
        let a = n.cut(names[0], 14);
        let b = n.cut(names[1], 14);
        assert_ne!(a, b);
        assert!(a.contains('1') && b.contains('2'), "{a} {b}");
        assert!(a.width() <= 14, "{a}");
        let names = ["x:wa-coreapp-1", "x:wa-coreapp-2"];
        let n = Names::whole(&names);
        assert_eq!(n.cut(names[0], 6), "x:wa…1");
        assert_eq!(n.cut(names[0], 2), "…1");
        // A lone name is cut in its middle.
        let n = Names::whole(&["abcdefghij"]);
        assert_eq!(n.cut("abcdefghij", 5), "ab…ij");
    }

    #[test]
    fn names_alike_but_in_the_middle_keep_what_differs() {
        let (mid, end) = ("a".repeat(34), "a".repeat(30));
        let x = format!("90:wa-coreapp-{mid}X{end}-0");
        let y = format!("90:wa-coreapp-{mid}Y{end}-0");
        let names = ["84:wa-master-97145031111-0", x.as_str(), y.as_str()];
        let n = Names::whole(&names);
        for w in [10, 28, 40, 60] {
            let (a, b) = (n.cut(&x, w), n.cut(&y, w));
            assert!(a.contains('X') && b.contains('Y'), "{w}: {a} {b}");
            assert!(a.width() <= w && b.width() <= w, "{w}: {a} {b}");
        }
        // At 28 the start, the window around the difference and the end.
        assert_eq!(n.cut(&x, 28), "90:wa-cor…aaaXaaaa…aaaaaaa-0");
        // The difference near the start: kept with the start.
        let names = [
            "wa-1-core-aaaaaaaaaaaaaaaaaaaa",
            "wa-2-core-aaaaaaaaaaaaaaaaaaaa",
            "x",
        ];
        let n = Names::whole(&names);
        assert!(n.cut(names[0], 10).starts_with("wa-1"));
        assert!(n.cut(names[1], 10).starts_with("wa-2"));
        // Text that is no node name is cut as before.
        assert_eq!(n.cut("all nodes here", 6).width(), 6);
    }

    #[test]
    fn too_narrow_for_what_differs_a_place_tells_them_apart() {
        let (mid, end) = ("a".repeat(34), "a".repeat(30));
        let x = format!("90:{mid}X{end}");
        let y = format!("90:{mid}Y{end}");
        let n = Names::whole(&[x.as_str(), y.as_str()]);
        assert_eq!(n.cut(&x, 3), "…X…");
        // A third name that reads as the first one cut: it takes a place.
        let first = Names::whole(&["84:wa-master-0", &x, &y]).cut(&x, 11);
        assert!(first.contains('X'), "{first}");
        let n = Names::whole(&["84:wa-master-0", &x, &y, &first]);
        let forms: HashSet<String> = [&x, &y, &first].iter().map(|s| n.cut(s, 11)).collect();
        assert_eq!(forms.len(), 3, "{forms:?}");
        assert!(n.cut(&x, 11).ends_with("#2"), "{forms:?}");
        assert_eq!(n.cut(&first, 11), first);
        // Even a name that reads as a tagged one.
        let tagged = n.cut(&x, 11);
        let n = Names::whole(&["84:wa-master-0", &x, &y, &first, &tagged]);
        let forms: HashSet<String> = [&x, &y, &first, &tagged]
            .iter()
            .map(|s| n.cut(s, 11))
            .collect();
        assert_eq!(forms.len(), 4, "{forms:?}");
        // A name that itself looks like a cut form does not merge with one.
        let names = ["abcdefghij#2", "abcdefghijk", "abcdefghijl"];
        let n = Names::whole(&names);
        let forms: HashSet<String> = names.iter().map(|s| n.cut(s, 12)).collect();
        assert_eq!(forms.len(), 3, "{forms:?}");
    }

    /// A name made from `base` by one change anywhere (a char replaced,
    /// added or removed), with maybe more at its start or end.
    fn variant() -> impl proptest::strategy::Strategy<Value = (usize, u8, char, String, String)> {
        use proptest::prelude::*;
        (
            any::<usize>(),
            0u8..3,
            prop::sample::select(vec!['X', 'Y', 'é', '中', '…', '#', '1', '-']),
            "[a#1…]{0,3}",
            "[a#2…]{0,3}",
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn shown_names_are_distinct_and_fit_at_every_width(
            base in "[a-c:.-]{0,4}[a]{20,90}(中|é)?[a]{0,40}",
            edits in proptest::collection::vec(variant(), 1..8),
        ) {
            let base: Vec<char> = base.chars().collect();
            let mut names: Vec<String> = vec![base.iter().collect()];
            for (at, how, c, pre, post) in edits {
                let mut n = base.clone();
                let at = at % (n.len() + 1);
                match how {
                    0 if at < n.len() => n[at] = c,
                    1 if at < n.len() => { n.remove(at); }
                    _ => n.insert(at, c),
                }
                names.push(format!("{pre}{}{post}", n.iter().collect::<String>()));
            }
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let distinct: HashSet<&str> = refs.iter().copied().collect();
            let all = [Some(Names::whole(&refs)), Names::without_common_prefix(&refs)];
            for n in all.iter().flatten() {
                for w in 10..=200 {
                    let forms: HashSet<String> = distinct
                        .iter()
                        .map(|s| {
                            let f = n.cut(n.show(s), w);
                            assert!(f.width() <= w, "{w}: {f} from {s}");
                            f
                        })
                        .collect();
                    proptest::prop_assert_eq!(forms.len(), distinct.len(), "at {}: {:?}", w, names);
                }
            }
        }
    }
}
