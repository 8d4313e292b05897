//! Man pages, generated from the clap definitions in [`crate::cli`] like
//! `--help` and the completions, so they cannot drift from the options.
//!
//! One page for `wa-support` and one per subcommand (`wa-support-show.1`,
//! ...): the main page lists the commands and points at their pages, and
//! each command page documents that command's own options and the global
//! ones. `wa-support man` prints the main page; `wa-support man --dir DIR`
//! writes every page into DIR (what the dist step packages).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// The man section of every page (user commands).
const SECTION: &str = "1";

/// Every page: its file name (`wa-support.1`, `wa-support-show.1`, ...) and
/// its roff text. The main page comes first, then the commands in the
/// order `--help` lists them. clap's `help` pseudo-command gets no page.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = crate::cli::command().disable_help_subcommand(true);
    // Building propagates the global options to the subcommands and names
    // them `wa-support-show`, which is what their pages are called.
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, &mut pages)?;
    Ok(pages)
}

fn collect(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let man = clap_mangen::Man::new(cmd.clone()).section(SECTION);
    let mut roff = Vec::new();
    render(&man, cmd, &mut roff).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot render the man page {}: {e}", man.get_filename()),
        )
    })?;
    pages.push((man.get_filename(), roff));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}

/// A page as clap_mangen renders it, except that the after-help text
/// becomes the sections its paragraphs name (`Exit codes:` is EXIT STATUS,
/// `Environment:` ENVIRONMENT, `Examples:` EXAMPLES) instead of one EXTRA.
fn render(man: &clap_mangen::Man, cmd: &clap::Command, w: &mut dyn Write) -> std::io::Result<()> {
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    if cmd.has_subcommands() {
        man.render_subcommands_section(w)?;
    }
    if let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        after_help_sections(&after.to_string(), w)?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(w)?;
    }
    Ok(())
}

/// The after-help paragraphs as man sections, their lines kept as written.
fn after_help_sections(text: &str, w: &mut dyn Write) -> std::io::Result<()> {
    use clap_mangen::roff::{Roff, roman};
    let mut roff = Roff::default();
    for block in text.split("\n\n") {
        let (first, rest) = block.split_once('\n').unwrap_or((block, ""));
        let named = |prefix: &str| first.starts_with(prefix);
        let title = if named("Exit codes") || named("Exit status") {
            "EXIT STATUS"
        } else if named("Environment") {
            "ENVIRONMENT"
        } else if named("Examples") {
            "EXAMPLES"
        } else {
            "NOTES"
        };
        roff.control("SH", [title]);
        roff.control("nf", []);
        // A heading alone on its line is the section's title; one that
        // goes on (`Exit codes (as diff(1)): 0 the same; ...`) is kept.
        let body = if title != "NOTES" && first.trim_end().ends_with(':') {
            rest
        } else {
            block
        };
        for line in body.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
    roff.to_writer(w)
}

/// The `man` command: the main page on `out`, or with `dir` every page
/// written into that directory (created if missing), one path per line on
/// `out`.
pub fn run(dir: Option<&Path>, out: &mut dyn Write) -> Result<u8> {
    let pages = pages()?;
    match dir {
        None => {
            let (_, main) = &pages[0];
            crate::term::write_out(out, main)?;
        }
        Some(dir) => {
            let written = write_dir(&pages, dir)?;
            let list: String = written
                .iter()
                .map(|p| format!("{}\n", p.display()))
                .collect();
            crate::term::write_out(out, list.as_bytes())?;
        }
    }
    Ok(0)
}

/// Writes `pages` into `dir`; returns the paths written.
fn write_dir(pages: &[(String, Vec<u8>)], dir: &Path) -> Result<Vec<PathBuf>> {
    let io_error = |what: &str, path: &Path, e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot {what} {}: {e}", path.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| io_error("create the directory", dir, e))?;
    let mut written = Vec::with_capacity(pages.len());
    for (name, roff) in pages {
        let path = dir.join(name);
        std::fs::write(&path, roff).map_err(|e| io_error("write", &path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The roff text with its escaped hyphens read as hyphens, so an
    /// option reads as on the command line (`--space-warn`).
    fn text(roff: &[u8]) -> String {
        String::from_utf8(roff.to_vec())
            .expect("roff is UTF-8")
            .replace("\\-", "-")
    }

    fn page(pages: &[(String, Vec<u8>)], name: &str) -> String {
        let (_, roff) = pages
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no page {name}"));
        text(roff)
    }

    #[test]
    fn every_command_has_a_page_naming_its_options() {
        let pages = pages().unwrap();
        let cmd = crate::cli::command();
        let global: Vec<&clap::Arg> = cmd.get_arguments().filter(|a| a.is_global_set()).collect();
        assert!(global.iter().any(|a| a.get_long() == Some("url")));
        let mut commands = 0;
        for sub in cmd.get_subcommands() {
            commands += 1;
            let name = format!("wa-support-{}.1", sub.get_name());
            let page = page(&pages, &name);
            assert!(
                page.starts_with(".ie")
                    && page.contains(&format!(".TH wa-support-{} 1", sub.get_name())),
                "{name} has no title line"
            );
            let own = sub.get_arguments().filter(|a| !a.is_hide_set());
            for arg in own.chain(global.iter().copied()) {
                if let Some(long) = arg.get_long() {
                    assert!(
                        page.contains(&format!("--{long}")),
                        "{name} does not name --{long}"
                    );
                } else {
                    // A positional, e.g. the shell of `completions`.
                    let value = arg.get_id().as_str().to_uppercase();
                    assert!(page.contains(&value), "{name} does not name {value}");
                }
            }
        }
        assert!(commands >= 6, "only {commands} commands");
        // The main page and one per command, nothing else (no `help`).
        assert_eq!(pages.len(), commands + 1);
        assert_eq!(pages[0].0, "wa-support.1");
        assert!(!pages.iter().any(|(n, _)| n.contains("help")));
    }

    #[test]
    fn threshold_and_command_options_are_on_their_own_pages() {
        let pages = pages().unwrap();
        let show = page(&pages, "wa-support-show.1");
        for opt in [
            "--space-warn",
            "--expiry-crit",
            "--redact-hosts",
            "--watch",
            "--url",
        ] {
            assert!(show.contains(opt), "show page lacks {opt}");
        }
        let check = page(&pages, "wa-support-check.1");
        assert!(check.contains("--json"));
        assert!(
            !check.contains("--redact-hosts"),
            "check has no --redact-hosts"
        );
        let login = page(&pages, "wa-support-login.1");
        assert!(login.contains("--password-stdin") && login.contains("--save"));
    }

    #[test]
    fn main_page_points_at_pages_that_exist() {
        let pages = pages().unwrap();
        let main = page(&pages, "wa-support.1");
        assert!(main.contains(".TH wa-support 1"));
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for sub in crate::cli::command().get_subcommands() {
            // clap_mangen writes `wa-support-show(1)` in the COMMANDS list.
            let reference = format!("wa-support-{}(1)", sub.get_name());
            assert!(main.contains(&reference), "main page lacks {reference}");
            assert!(names.contains(&format!("wa-support-{}.1", sub.get_name()).as_str()));
        }
        // What the README says the page carries: exit codes, environment.
        assert!(main.contains(".SH \"EXIT STATUS\"") && main.contains("WA_SUPPORT_TOKEN_FILE"));
    }

    /// The text of section `title` of a page.
    fn section<'a>(page: &'a str, title: &str) -> &'a str {
        let start = page
            .find(&format!(".SH {title}\n"))
            .unwrap_or_else(|| panic!("no section {title}"));
        let rest = &page[start + 4..];
        &rest[..rest.find(".SH ").unwrap_or(rest.len())]
    }

    #[test]
    fn exit_status_and_environment_have_their_own_sections() {
        let pages = pages().unwrap();
        let main = page(&pages, "wa-support.1");
        let exit = section(&main, "\"EXIT STATUS\"");
        for line in [
            "show, report, login, bundle:",
            "check:               0 OK; 1 WARNING; 2 CRITICAL; 3 UNKNOWN",
            "diff:                0 the same; 1 different; 2 trouble",
        ] {
            assert!(exit.contains(line), "{exit}");
        }
        assert!(!main.contains(".SH EXTRA"), "{main}");
        // Every variable the README's Environment table names.
        let env = section(&main, "ENVIRONMENT");
        let readme = include_str!("../README.md");
        let table = &readme[readme.find("## Environment").unwrap()..];
        let table = &table[..table[3..].find("\n## ").unwrap()];
        let mut named = 0;
        for word in table.split('`').filter(|w| w.starts_with("WA_SUPPORT_")) {
            named += 1;
            assert!(env.contains(word), "the ENVIRONMENT section lacks {word}");
        }
        assert!(named >= 11, "{named}");
        // The page a Nagios admin reads says what each code means.
        let check = page(&pages, "wa-support-check.1");
        let exit = section(&check, "\"EXIT STATUS\"");
        assert!(
            exit.contains("0 OK; 1 WARNING; 2 CRITICAL; 3 UNKNOWN"),
            "{exit}"
        );
        let diff = page(&pages, "wa-support-diff.1");
        let exit = section(&diff, "\"EXIT STATUS\"");
        assert!(
            exit.contains("0 the same; 1 different; 2 trouble"),
            "{exit}"
        );
    }

    #[test]
    fn dir_receives_every_page_and_stdout_the_main_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("man1");
        let mut out = Vec::new();
        assert_eq!(run(Some(&dir), &mut out).unwrap(), 0);
        let listed = String::from_utf8(out).unwrap();
        let pages = pages().unwrap();
        assert_eq!(listed.lines().count(), pages.len());
        for (name, roff) in &pages {
            assert_eq!(&std::fs::read(dir.join(name)).unwrap(), roff, "{name}");
        }
        let mut main = Vec::new();
        run(None, &mut main).unwrap();
        assert_eq!(main, pages[0].1);
    }

    #[test]
    fn unwritable_dir_is_an_error_not_a_panic() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("plain-file");
        std::fs::write(&file, b"x").unwrap();
        let err = run(Some(&file.join("man1")), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("man1"), "{err}");
    }
}
