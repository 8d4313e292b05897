//! `wa-support explain`: a short runbook per finding code and per API error
//! code, and the one-line fix hint shown after each finding.

mod pages;

use std::fmt::Write as _;

pub use pages::PAGES;

/// One runbook page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runbook {
    /// A finding code (`socket-down`) or an API error code (`1016`).
    pub code: &'static str,
    /// One line: what happened.
    pub title: &'static str,
    /// One line: the next step; shown after the finding in `show` and `report`.
    pub hint: &'static str,
    /// What it means and why it happens.
    pub meaning: &'static str,
    /// What to check, first to last, with the commands to run.
    pub check: &'static [&'static str],
    /// What to attach to a support ticket.
    pub attach: &'static str,
}

/// The page of `code` (a finding code, or an API error code as digits);
/// case and surrounding space do not matter.
pub fn page(code: &str) -> Option<&'static Runbook> {
    let code = code.trim();
    PAGES.iter().find(|p| p.code.eq_ignore_ascii_case(code))
}

/// The one-line fix hint of a finding or API error code.
pub fn hint(code: &str) -> Option<&'static str> {
    page(code).map(|p| p.hint)
}

/// Wraps `text` at `width` columns, each line after the first indented by
/// `indent`; the first line starts after `used` columns already printed.
fn wrap(text: &str, width: usize, used: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = used;
    let mut fresh = true;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if !fresh && line + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            line = indent.len();
        } else if !fresh {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
        fresh = false;
    }
    out
}

/// The page as text for a terminal, wrapped at `width` columns.
pub fn render_page(p: &Runbook, width: usize) -> String {
    let width = width.clamp(40, 100);
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", p.code, p.title);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", wrap(p.meaning, width, 0, ""));
    let _ = writeln!(out);
    let _ = writeln!(out, "Next step: {}", wrap(p.hint, width, 11, "  "));
    let _ = writeln!(out);
    let _ = writeln!(out, "Check:");
    for (i, step) in p.check.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, wrap(step, width, 5, "     "));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Attach to a ticket: {}",
        wrap(p.attach, width, 20, "  ")
    );
    out
}

/// The page as Markdown, for the report's explanations section.
pub fn render_markdown(p: &Runbook) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "#### `{}`: {}", p.code, p.title);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", p.meaning);
    let _ = writeln!(out);
    let _ = writeln!(out, "**Next step:** {}", p.hint);
    let _ = writeln!(out);
    for (i, step) in p.check.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, step);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "*Attach to a ticket:* {}", p.attach);
    out
}

/// Every code with its title, one per line: `explain` with no argument.
pub fn render_index() -> String {
    let wide = PAGES.iter().map(|p| p.code.len()).max().unwrap_or(0);
    let mut out = String::from("Finding codes:\n");
    let (api, findings): (Vec<&Runbook>, Vec<&Runbook>) = PAGES
        .iter()
        .partition(|p| p.code.bytes().all(|b| b.is_ascii_digit()));
    for p in findings {
        let _ = writeln!(out, "  {:wide$}  {}", p.code, p.title);
    }
    out.push_str("\nAPI error codes:\n");
    for p in api {
        let _ = writeln!(out, "  {:wide$}  {}", p.code, p.title);
    }
    out.push_str("\nwa-support explain CODE prints one page.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_lookup_ignores_case_and_space() {
        let mut seen = HashSet::new();
        for p in PAGES {
            assert!(seen.insert(p.code), "{} twice", p.code);
        }
        assert_eq!(page(" Socket-Down ").map(|p| p.code), Some("socket-down"));
        assert_eq!(page("1016").map(|p| p.code), Some("1016"));
        assert!(page("no-such-code").is_none());
        assert!(hint("1016").unwrap().contains("callback_queue_size"));
    }

    #[test]
    fn every_page_fits_a_screen_and_every_hint_one_line() {
        for p in PAGES {
            let text = render_page(p, 80);
            let lines = text.lines().count();
            assert!(lines <= 24, "{}: {lines} lines", p.code);
            assert!(text.lines().all(|l| l.chars().count() <= 80), "{}", p.code);
            assert!(!p.hint.contains('\n') && p.hint.len() <= 140, "{}", p.code);
            assert!(!p.check.is_empty() && !p.meaning.is_empty(), "{}", p.code);
        }
    }

    /// The finding codes named in README's findings table.
    fn readme_codes() -> Vec<String> {
        let readme = include_str!("../README.md");
        let section = readme
            .split("\n## Findings")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("README has a Findings section");
        let mut codes = Vec::new();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let first = line.split('|').nth(1).unwrap_or("");
            for part in first.split('`').skip(1).step_by(2) {
                codes.push(part.to_string());
            }
        }
        codes
    }

    #[test]
    fn readme_findings_table_and_pages_agree() {
        let documented = readme_codes();
        assert!(documented.len() >= 30, "{documented:?}");
        for code in &documented {
            assert!(
                page(code).is_some(),
                "README names `{code}` but it has no page"
            );
        }
        for p in PAGES
            .iter()
            .filter(|p| !p.code.bytes().all(|b| b.is_ascii_digit()))
        {
            assert!(
                documented.iter().any(|c| c == p.code),
                "page `{}` is not in README's findings table",
                p.code
            );
        }
    }

    #[test]
    fn every_finding_code_has_a_page_and_every_finding_page_a_code() {
        use crate::diagnose::FindingCode;
        for code in FindingCode::ALL {
            assert!(
                page(code.as_str()).is_some(),
                "`{code}` has no explain page"
            );
        }
        let is_api = |c: &str| c.bytes().all(|b| b.is_ascii_digit());
        for p in PAGES.iter().filter(|p| !is_api(p.code)) {
            assert!(
                FindingCode::ALL.iter().any(|c| c.as_str() == p.code),
                "page `{}` names no finding code",
                p.code
            );
        }
    }

    #[test]
    fn every_health_code_is_a_finding_code() {
        for code in crate::health::FINDING_CODES {
            assert!(
                crate::diagnose::FindingCode::from_code(code).is_some(),
                "{code}"
            );
        }
    }

    #[test]
    fn the_index_lists_every_code_once() {
        let index = render_index();
        for p in PAGES {
            let n = index
                .lines()
                .filter(|l| l.split_whitespace().next() == Some(p.code))
                .count();
            assert_eq!(n, 1, "{}", p.code);
        }
    }

    #[test]
    fn markdown_names_the_code_and_the_next_step() {
        let md = render_markdown(page("shard-unowned").unwrap());
        assert!(md.starts_with("#### `shard-unowned`"));
        assert!(md.contains("**Next step:**"));
        assert!(md.contains("1. "));
    }

    #[test]
    fn wrapping_keeps_every_word_and_the_width() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let w = wrap(text, 20, 0, "  ");
        assert!(w.lines().all(|l| l.chars().count() <= 20), "{w}");
        assert_eq!(
            w.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        // Words on a continued line keep their spaces.
        let w = wrap(text, 24, 20, "  ");
        assert!(
            w.lines()
                .skip(1)
                .all(|l| l.starts_with("  ") && !l.trim().contains("  "))
        );
        assert_eq!(w.replace("\n  ", " "), text);
    }
}
