//! `login`: trades a user name and password for an API token, and prints
//! it or saves it (`--save`) into the profile of that server.
//!
//! The password comes from stdin (`--password-stdin`), the environment or
//! a prompt on the terminal; it is masked wherever an answer repeats it.
//! Where a token would be saved is decided, and links refused, before the
//! server is asked, so a token is never obtained only to be thrown away.
//! `--remember` also keeps the user name and password for commands to log
//! in again by themselves ([`crate::credentials`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{GlobalArgs, LoginArgs};
use crate::credentials::{Remembered, credentials_path, state_path, valid_expiry};
use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;
use crate::settings::{PASSWORD_VAR, Settings, TOKEN_VAR, display_url};
use crate::source::connect_sending;
use crate::term::{message, stdin_is_terminal, warn, write_out};

/// Runs `login`: prints the token, or saves it with `--save`.
pub fn login(g: &GlobalArgs, args: &LoginArgs, out: &mut dyn Write) -> Result<u8> {
    let mut s = Settings::resolve(g)?;
    let url = s.url.clone().ok_or_else(|| {
        Error::new(ErrorKind::Usage, "no server given to log in to")
            .hint("pass --url https://HOST:PORT (or set WA_SUPPORT_URL, or use a profile)")
    })?;
    // Where a token would be saved is decided before the server is asked,
    // so a token just obtained is never thrown away for a local reason.
    let dest = if args.save {
        let mut d = save_destination(&s, &url)?;
        if args.remember {
            d.credentials = Some(credentials_path(&d.profile).ok_or_else(no_place)?);
        }
        refuse_link(&d.token_file, "the token file")?;
        if let Some(added) = &d.new_profile {
            refuse_link(&added.config, "the config file")?;
        }
        if let Some(creds) = &d.credentials {
            refuse_link(creds, "the remembered login's file")?;
        }
        Some(d)
    } else {
        None
    };
    let password = read_password(args)?;
    s.know(&password);
    // Logging in sends the password, never a token.
    let client = connect_sending(&s, &url, None, Some("the password"))?;
    let (token, expires) = client
        .login(&args.user, &password)
        .map_err(|e| e.masked(&s.known_secrets()))?;
    if let Some(why) = token.token_problem() {
        return Err(Error::new(
            ErrorKind::Parse,
            format!("the server's login answer holds a token that is not usable: {why}; it was neither printed nor saved"),
        )
        .hint("check that the URL is the web app's base URL, not another service"));
    }
    let expires_raw = expires
        .map(|e| e.chars().take(64).collect::<String>())
        .filter(|e| !e.trim().is_empty());
    // Only a real timestamp is kept; anything else is shown escaped.
    let expires = expires_raw.as_deref().and_then(valid_expiry);
    let until = match (&expires, &expires_raw) {
        (Some(e), _) => format!(" (valid until {e})"),
        (None, Some(raw)) => format!(
            " (the server's expiry \"{}\" is not a time; not kept)",
            crate::render::safe(raw)
        ),
        _ => String::new(),
    };
    if let Some(SaveTo {
        profile: name,
        token_file: path,
        new_profile,
        credentials,
    }) = dest
    {
        crate::config::write_private(
            &path,
            crate::config::token_file_text(&token, expires.as_deref()).as_bytes(),
        )?;
        message(&format!(
            "token saved to {} for profile \"{}\"{until}",
            path.display(),
            crate::render::safe(&name)
        ));
        if let Some(NewProfile {
            config: cfg_path,
            text,
        }) = new_profile
        {
            crate::config::write_private(&cfg_path, text.as_bytes()).map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!(
                        "the token was saved to {}, but the profile \"{}\" could not be added to {}: {}",
                        path.display(),
                        crate::render::safe(&name),
                        cfg_path.display(),
                        e.message()
                    ),
                )
                .hint(format!(
                    "add to the config file: [profiles.\"{}\"] url = \"{}\" token_file = \"{}\"",
                    crate::render::safe(&name),
                    display_url(&url),
                    path.display()
                ))
            })?;
            message(&format!(
                "added profile \"{}\" for {} to {}",
                crate::render::safe(&name),
                display_url(&url),
                cfg_path.display()
            ));
        }
        if let Some(creds) = credentials {
            remember(&creds, &name, &url, &args.user, &password, &path)?;
        }
        if std::env::var_os(TOKEN_VAR).is_some_and(|v| !v.is_empty()) {
            warn(
                "WA_SUPPORT_TOKEN is set and overrides the saved token; unset it to use the saved one",
            );
        }
    } else {
        write_out(out, format!("{}\n", token.expose()).as_bytes())?;
        message(&format!("logged in{until}"));
    }
    Ok(0)
}

/// Refuses, before anything is sent, to save through a symbolic link.
fn refuse_link(path: &Path, what: &str) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::new(
            ErrorKind::Io,
            format!(
                "{what} {} is a symbolic link, and login --save does not write through links; nothing was sent to the server",
                path.display()
            ),
        )
        .hint("point WA_SUPPORT_CONFIG (or the profile's token_file) at the real file, or log in without --save and store the printed token yourself")),
        _ => Ok(()),
    }
}

/// Where `login --save` puts a token.
#[derive(Debug)]
struct SaveTo {
    /// The profile the token is saved for.
    profile: String,
    token_file: PathBuf,
    /// The profile to add to the config file, when it is a new one.
    new_profile: Option<NewProfile>,
    /// Where the login is remembered (`--remember`).
    credentials: Option<PathBuf>,
}

/// The error when there is no config directory to save into.
fn no_place() -> Error {
    Error::new(
        ErrorKind::Usage,
        "no place to save the token (HOME is not set)",
    )
    .hint("set WA_SUPPORT_CONFIG or XDG_CONFIG_HOME, or print the token without --save")
}

/// Keeps the user name and password for `profile` (`--remember`), after
/// the token was saved to `token_file`; a login refused before is
/// forgotten, since this one worked.
fn remember(
    creds: &Path,
    profile: &str,
    url: &str,
    user: &str,
    password: &Secret,
    token_file: &Path,
) -> Result<()> {
    let text = Remembered {
        url: url.to_string(),
        user: user.to_string(),
        password: password.clone(),
    }
    .text();
    crate::config::write_private(creds, text.as_bytes()).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!(
                "the token was saved to {}, but the login could not be remembered in {}: {}",
                token_file.display(),
                creds.display(),
                e.message()
            ),
        )
        .hint("commands will not log in again by themselves; fix the file's place and log in again with --remember")
    })?;
    if let Some(state) = state_path(profile) {
        let _ = std::fs::remove_file(state);
    }
    message(&format!(
        "login remembered in {} for {}: commands log in again by themselves when the token expires (delete the file to forget it)",
        creds.display(),
        display_url(url)
    ));
    Ok(())
}

/// A profile `login --save` adds to the config file.
#[derive(Debug)]
struct NewProfile {
    /// The config file.
    config: PathBuf,
    /// Its whole text with the profile added.
    text: String,
}

/// Where `login --save` puts the token of `url`: the selected profile when
/// it is that server's, else the profile whose URL is that server, else a
/// new profile named after the host (the config text to write comes back
/// with it). Another server's token file is never overwritten.
fn save_destination(s: &Settings, url: &str) -> Result<SaveTo> {
    use crate::config::{ConfigFile, same_server, token_file_of, with_profile_added};
    let path_of =
        |name: &str, p: &crate::config::Profile| token_file_of(name, p).ok_or_else(no_place);
    if s.profile
        .url
        .as_deref()
        .is_some_and(|u| same_server(u, url))
    {
        return Ok(SaveTo {
            profile: s.profile_name.clone(),
            token_file: path_of(&s.profile_name, &s.profile)?,
            new_profile: None,
            credentials: None,
        });
    }
    let (cfg_path, cfg) = match &s.config {
        Some((p, c)) => (p.clone(), c.clone()),
        None => (
            crate::config::config_path().ok_or_else(no_place)?,
            ConfigFile::default(),
        ),
    };
    if let Some((name, p)) = cfg.profile_for_url(url) {
        return Ok(SaveTo {
            profile: name.to_string(),
            token_file: path_of(name, p)?,
            new_profile: None,
            credentials: None,
        });
    }
    // A new profile's token file must be nobody's: not another profile's
    // (a `token_file` may name `<config dir>/<host>.token`), not a file
    // that is already there.
    let taken: Vec<PathBuf> = cfg
        .profiles
        .iter()
        .filter_map(|(n, p)| token_file_of(n, p))
        .collect();
    let name = cfg.new_profile_name_where(url, |n| {
        token_file_of(n, &crate::config::Profile::default())
            .is_some_and(|p| !taken.contains(&p) && std::fs::symlink_metadata(&p).is_err())
    });
    let text = match std::fs::read_to_string(&cfg_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Io,
                format!("cannot read the config file {}: {e}", cfg_path.display()),
            ));
        }
    };
    let profile = crate::config::Profile {
        url: Some(url.to_string()),
        ..Default::default()
    };
    let path = path_of(&name, &profile)?;
    let text = with_profile_added(&text, &name, url);
    Ok(SaveTo {
        profile: name,
        token_file: path,
        new_profile: Some(NewProfile {
            config: cfg_path,
            text,
        }),
        credentials: None,
    })
}

fn read_password(args: &LoginArgs) -> Result<Secret> {
    if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot read the password from stdin: {e}"),
            )
        })?;
        let p = Secret::new(line);
        if p.is_empty() {
            return Err(Error::new(
                ErrorKind::Usage,
                "the password read from stdin is empty",
            ));
        }
        return Ok(p);
    }
    if let Ok(p) = std::env::var(PASSWORD_VAR)
        && !p.is_empty()
    {
        return Ok(Secret::new(p));
    }
    if !stdin_is_terminal() {
        return Err(Error::new(
            ErrorKind::Usage,
            "no password given and no terminal to ask on",
        )
        .hint("use --password-stdin or WA_SUPPORT_PASSWORD"));
    }
    let p = rpassword::prompt_password(format!(
        "Password for {}: ",
        crate::render::safe(&args.user)
    ))
    .map_err(|e| Error::new(ErrorKind::Io, format!("cannot read the password: {e}")))?;
    Ok(Secret::new(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_is_refused_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.token");
        let link = dir.path().join("link.token");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let e = refuse_link(&link, "the token file").unwrap_err();
        assert!(e.to_string().contains("nothing was sent"), "{e}");
        assert!(refuse_link(&real, "the token file").is_ok());
    }
}
