//! The files `login --save` writes and the tool reads back: token files
//! (the token on the first line, its expiry on a comment line), read
//! bounded, and every write private (mode 0600), atomic and never through
//! a symbolic link.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// Largest token file read; a token is a few hundred bytes.
pub const MAX_TOKEN_FILE: u64 = 16 * 1024;

/// A token file's content: the token (first line, without a byte-order
/// mark or surrounding space) and its expiry when `login --save` wrote it.
#[derive(Debug, Clone)]
pub struct TokenFile {
    /// The token.
    pub token: crate::secret::Secret,
    /// Its expiry as the server wrote it, when saved with one.
    pub expires_after: Option<String>,
}

const EXPIRES_PREFIX: &str = "# expires_after: ";

/// Reads a token file, at most [`MAX_TOKEN_FILE`] bytes (`/dev/zero` or a
/// log file named by mistake is refused, not read whole).
pub fn read_token_file(path: &Path) -> std::result::Result<TokenFile, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let mut buf = Vec::new();
    f.take(MAX_TOKEN_FILE + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if buf.len() as u64 > MAX_TOKEN_FILE {
        return Err(format!(
            "is larger than {} KiB; it is not a token file",
            MAX_TOKEN_FILE / 1024
        ));
    }
    let text = String::from_utf8_lossy(&buf);
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let token = crate::secret::Secret::token(lines.next().unwrap_or(""));
    if token.is_empty() {
        return Err("is empty".into());
    }
    let expires_after = lines
        .find_map(|l| l.strip_prefix(EXPIRES_PREFIX))
        .map(|e| e.trim().to_string());
    Ok(TokenFile {
        token,
        expires_after,
    })
}

/// The text `login --save` writes to a token file.
pub fn token_file_text(token: &crate::secret::Secret, expires_after: Option<&str>) -> String {
    let mut s = format!("{}\n", token.expose());
    if let Some(e) = expires_after {
        let e: String = e.chars().filter(|c| !c.is_control()).collect();
        s.push_str(&format!("{EXPIRES_PREFIX}{e}\n"));
    }
    s
}

/// Writes `bytes` to `path` readable by its owner only: into a new file
/// in the same directory, then renamed over `path`, so a reader never sees
/// half a file. A symbolic link at `path` is refused, never followed.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |what: &str, p: &Path, e: std::io::Error| {
        Error::new(ErrorKind::Io, format!("cannot {what} {}: {e}", p.display()))
    };
    if let Ok(m) = std::fs::symlink_metadata(path)
        && m.file_type().is_symlink()
    {
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "{} is a symbolic link; not written through it",
                path.display()
            ),
        )
        .hint("remove the link, or set token_file in the profile to the real path"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&dir).map_err(|e| io("create", &dir, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    for attempt in 0..16u32 {
        let tmp = dir.join(format!(
            ".{file_name}.{}.{nanos:x}{attempt}.tmp",
            std::process::id()
        ));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = match opts.open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io("write", &tmp, e)),
        };
        let written = f.write_all(bytes).and_then(|_| f.sync_all());
        drop(f);
        if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io("write", path, e));
        }
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Io,
        format!("cannot create a temporary file in {}", dir.display()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_file_is_bounded_and_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t");
        std::fs::write(
            &p,
            "\u{feff}  tok-1  \r\n# expires_after: 2030-01-01 00:00:00+00:00\n",
        )
        .unwrap();
        let t = read_token_file(&p).unwrap();
        assert_eq!(t.token.expose(), "tok-1");
        assert_eq!(
            t.expires_after.as_deref(),
            Some("2030-01-01 00:00:00+00:00")
        );
        std::fs::write(&p, vec![b'a'; MAX_TOKEN_FILE as usize + 1]).unwrap();
        assert!(
            read_token_file(&p)
                .unwrap_err()
                .contains("larger than 16 KiB")
        );
        std::fs::write(&p, " \n").unwrap();
        assert_eq!(read_token_file(&p).unwrap_err(), "is empty");
        let text = token_file_text(&crate::secret::Secret::new("tok-2"), Some("2030\x1b"));
        std::fs::write(&p, text).unwrap();
        let t = read_token_file(&p).unwrap();
        assert_eq!(
            (t.token.expose(), t.expires_after.as_deref()),
            ("tok-2", Some("2030"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn private_write_is_atomic_0600_and_refuses_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("t.token");
        write_private(&p, b"one").unwrap();
        write_private(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
        let target = dir.path().join("victim");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link.token");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = write_private(&link, b"x").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
    }
}
