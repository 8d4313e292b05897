//! Usage errors as a monitor sees them: which subcommand a command line
//! names when clap refused it, and the one line that says why. Only
//! `check` answers its usage errors in the plugin protocol.

use super::command;

/// True when a command line runs `check`, found without parsing it fully
/// (a usage error of `check` is reported in the plugin protocol): the
/// subcommand is `check`, not merely some argument spelled so.
pub fn names_check(args: &[std::ffi::OsString]) -> bool {
    // Clap names `Command::Check` "check".
    subcommand_name(args).as_deref() == Some("check")
}

/// The subcommand a command line names, found without parsing it fully
/// (for usage errors): the first word that is not an option or an
/// option's value. `show --profile check --bogus` is `show`.
pub fn subcommand_name(args: &[std::ffi::OsString]) -> Option<String> {
    let cmd = command();
    let takes_value = |a: &clap::Arg| {
        a.get_action().takes_values() && a.get_num_args().is_none_or(|n| n.min_values() > 0)
    };
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            return it.next().map(str::to_string);
        }
        if let Some(long) = a.strip_prefix("--") {
            if long.contains('=') {
                continue;
            }
            let arg = cmd.get_arguments().find(|x| x.get_long() == Some(long));
            if arg.is_some_and(takes_value) {
                it.next();
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-p NAME`, `-pNAME`, `-vk`: a value-taking short consumes the
            // rest of the word, or the next word when it ends the word.
            for (i, c) in shorts.char_indices() {
                let arg = cmd.get_arguments().find(|x| x.get_short() == Some(c));
                if arg.is_some_and(takes_value) {
                    if i + c.len_utf8() == shorts.len() {
                        it.next();
                    }
                    break;
                }
            }
        } else {
            return Some(a.to_string());
        }
    }
    None
}

/// The first line of a clap error without its `error: ` prefix: what a
/// monitor shows of a usage error.
pub fn first_error_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("usage error");
    line.trim().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<std::ffi::OsString> {
        s.split(' ').map(Into::into).collect()
    }

    #[test]
    fn subcommand_is_the_first_word_that_is_no_option_value() {
        let sub = |s: &str| subcommand_name(&words(s));
        assert_eq!(
            sub("wa show --profile check --bogus").as_deref(),
            Some("show")
        );
        assert_eq!(sub("wa --profile check show").as_deref(), Some("show"));
        assert_eq!(sub("wa -p check show").as_deref(), Some("show"));
        assert_eq!(sub("wa -pcheck show").as_deref(), Some("show"));
        assert_eq!(sub("wa -v -k check --bogus").as_deref(), Some("check"));
        assert_eq!(sub("wa --url=check check").as_deref(), Some("check"));
        assert_eq!(sub("wa --insecure check").as_deref(), Some("check"));
        assert_eq!(sub("wa --color never report").as_deref(), Some("report"));
        assert_eq!(sub("wa --url").as_deref(), None);
    }

    #[test]
    fn only_the_check_subcommand_is_check() {
        assert!(names_check(&words("wa check --bogus")));
        assert!(names_check(&words("wa -p prod check --bogus")));
        assert!(!names_check(&words("wa show --profile check --bogus")));
        assert!(!names_check(&words("wa --url check show")));
        assert!(!names_check(&words("wa report check")));
        assert!(!names_check(&words("wa")));
    }
}
