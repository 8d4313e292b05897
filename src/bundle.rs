//! Support bundles: everything a ticket needs in one `.tar.gz`.
//!
//! A bundle holds the answers of a deployment's endpoints (`/v1/support`,
//! `/v1/health`, `/v1/stats/app`, `/v1/stats/db`, `/metrics`), the tool's
//! findings and report, and a `manifest.json` that says, per endpoint, its
//! HTTP status or error, how long it took, its size and its sha256, with
//! the tool's version, the time and what was redacted. This module writes
//! and reads the archive; it never touches the network, and it redacts
//! nothing itself: the caller hands it bytes already redacted.
//!
//! The archive is created 0600 (it may hold a deployment's details even
//! redacted), never over an existing file unless asked, and written with
//! the `tar` and `flate2` crates. Every file sits under one directory named
//! after the archive, so unpacking it never scatters files.
//!
//! Reading is for `--file bundle.tar.gz`: [`read_support`] returns the
//! `/v1/support` answer inside. An archive is untrusted input: the bytes
//! decompressed, the size of a file read, the number of entries and the
//! size of a header extension are all bounded, and names that climb out
//! of the archive (`../`, absolute paths) are refused.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};

/// The `format` field of a bundle's manifest.
pub const FORMAT: &str = "wa-support-bundle/1";

/// The manifest's name inside the bundle's directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The `/v1/support` answer's name inside the bundle's directory.
pub const SUPPORT_FILE: &str = "v1-support.json";

/// What `bundle` collects: each endpoint's path and its file in the bundle.
pub const ENDPOINTS: [(&str, &str); 5] = [
    ("/v1/support", SUPPORT_FILE),
    ("/v1/health", "v1-health.json"),
    ("/v1/stats/app", "v1-stats-app.json"),
    ("/v1/stats/db", "v1-stats-db.json"),
    ("/metrics", "metrics.txt"),
];

/// Largest file read out of a bundle: the client's own cap on an answer.
pub const MAX_ENTRY_SIZE: u64 = 32 * 1024 * 1024;

/// Largest manifest read out of a bundle.
pub const MAX_MANIFEST_SIZE: u64 = 1024 * 1024;

/// Most entries looked at in a bundle (one holds about ten).
pub const MAX_ENTRIES: usize = 1000;

/// Most bytes decompressed from a bundle (a gzip bomb stops here).
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Largest tar header extension (long name, pax record) accepted.
const MAX_EXTENSION: u64 = 64 * 1024;

/// Longest host alias kept in a bundle's file name.
const MAX_ALIAS: usize = 64;

/// How one endpoint was fetched. `error` must already be masked and
/// redacted like the files: it is written to the manifest as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// The endpoint's path (`/v1/support`).
    pub endpoint: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// Why it failed (no answer, a non-success status, a body over the
    /// size cap), when it did.
    pub error: Option<String>,
    /// From the request to the end of the body.
    pub duration: Duration,
}

/// One file of a bundle, or one endpoint that gave none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name inside the bundle's directory: `[A-Za-z0-9._-]` parts
    /// joined by `/`.
    pub name: String,
    /// The file's bytes; `None` when the endpoint gave nothing to keep
    /// (it is then listed in the manifest only).
    pub bytes: Option<Vec<u8>>,
    /// For an endpoint's answer: how it was fetched.
    pub fetch: Option<Fetch>,
}

impl Entry {
    /// A file the tool made (`findings.json`, `report.md`).
    pub fn file(name: impl Into<String>, bytes: Vec<u8>) -> Entry {
        Entry {
            name: name.into(),
            bytes: Some(bytes),
            fetch: None,
        }
    }

    /// An endpoint's answer (any status: an error body is kept too).
    pub fn answered(endpoint: &str, status: u16, bytes: Vec<u8>, duration: Duration) -> Entry {
        let error = (!(200..300).contains(&status)).then(|| format!("HTTP {status}"));
        Entry {
            name: endpoint_file_name(endpoint),
            bytes: Some(bytes),
            fetch: Some(Fetch {
                endpoint: endpoint.to_string(),
                status: Some(status),
                error,
                duration,
            }),
        }
    }

    /// An endpoint that failed: `error` says why (already masked);
    /// `status` and `bytes` are kept when the server answered at all.
    pub fn failed(
        endpoint: &str,
        error: impl Into<String>,
        status: Option<u16>,
        bytes: Option<Vec<u8>>,
        duration: Duration,
    ) -> Entry {
        Entry {
            name: endpoint_file_name(endpoint),
            bytes,
            fetch: Some(Fetch {
                endpoint: endpoint.to_string(),
                status,
                error: Some(error.into()),
                duration,
            }),
        }
    }
}

/// The file an endpoint's answer is kept in: the name in [`ENDPOINTS`],
/// else the path's characters made safe (`/v1/stats/x` → `v1-stats-x.json`).
pub fn endpoint_file_name(endpoint: &str) -> String {
    if let Some((_, f)) = ENDPOINTS.iter().find(|(p, _)| *p == endpoint) {
        return f.to_string();
    }
    let stem = sanitize(endpoint.trim_matches('/'), "endpoint").replace('.', "-");
    format!("{stem}.json")
}

/// What was redacted, for the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Redaction {
    /// False with `--no-redact`.
    pub applied: bool,
    /// Host names were replaced by aliases too.
    pub hosts: bool,
    /// One line (`Redacted: 1 phone number, 4 secrets`).
    pub summary: String,
}

impl Redaction {
    /// No redaction (`--no-redact`).
    pub fn none() -> Redaction {
        Redaction {
            applied: false,
            hosts: false,
            summary: "not redacted (--no-redact): the files hold phone numbers, secrets and host names as sent".to_string(),
        }
    }
}

/// How to write a bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    /// The time the bundle was made (the manifest's `created`); whole seconds.
    pub created: jiff::Timestamp,
    pub redaction: Redaction,
    /// More about the collection (target alias, options, finding counts),
    /// written under the manifest's `context`.
    pub context: Map<String, Value>,
    /// Replace an existing file (else writing one that exists fails).
    pub overwrite: bool,
}

impl WriteOptions {
    /// Now (the tool's clock, whole seconds), no context, no overwriting.
    pub fn new(redaction: Redaction) -> WriteOptions {
        WriteOptions {
            created: whole_seconds(crate::clock::now()),
            redaction,
            context: Map::new(),
            overwrite: false,
        }
    }
}

fn whole_seconds(t: jiff::Timestamp) -> jiff::Timestamp {
    jiff::Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// One line of the manifest's `files`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestFile {
    /// The file inside the bundle's directory; absent when nothing was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Lowercase hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A bundle's `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    pub format: &'static str,
    pub tool: &'static str,
    pub version: &'static str,
    /// RFC 3339, UTC (`2026-11-25T12:00:00Z`).
    pub created: String,
    pub redaction: Redaction,
    pub files: Vec<ManifestFile>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub context: Map<String, Value>,
}

/// The sha256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Makes the manifest of `entries` (checking their names). Pure.
pub fn manifest(entries: &[Entry], opts: &WriteOptions) -> Result<Manifest> {
    let mut seen = std::collections::HashSet::new();
    let mut files = Vec::with_capacity(entries.len());
    for e in entries {
        check_entry_name(&e.name)?;
        if e.name == MANIFEST_FILE || !seen.insert(e.name.as_str()) {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("the bundle would hold `{}` twice", e.name),
            ));
        }
        let fetch = e.fetch.as_ref();
        files.push(ManifestFile {
            name: e.bytes.as_ref().map(|_| e.name.clone()),
            endpoint: fetch.map(|f| f.endpoint.clone()),
            status: fetch.and_then(|f| f.status),
            error: fetch.and_then(|f| f.error.clone()),
            duration_ms: fetch.map(|f| u64::try_from(f.duration.as_millis()).unwrap_or(u64::MAX)),
            size: e.bytes.as_ref().map(|b| b.len() as u64),
            sha256: e.bytes.as_deref().map(sha256_hex),
        });
    }
    Ok(Manifest {
        format: FORMAT,
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        created: whole_seconds(opts.created).to_string(),
        redaction: opts.redaction.clone(),
        files,
        context: opts.context.clone(),
    })
}

fn check_entry_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 200
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        });
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::Usage,
            format!("`{name}` is not a usable name for a file in a bundle"),
        ))
    }
}

/// `alias` with every character outside `[A-Za-z0-9._-]` replaced by `-`,
/// without leading dots or dashes (no hidden file, no option), at most 64
/// characters; `fallback` when nothing is left.
fn sanitize(alias: &str, fallback: &str) -> String {
    let mapped: String = alias
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(MAX_ALIAS * 4)
        .collect();
    let trimmed: String = mapped
        .trim_start_matches(['.', '-'])
        .chars()
        .take(MAX_ALIAS)
        .collect();
    let trimmed = trimmed.trim_end_matches(['.', '-']);
    if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed.to_string()
    }
}

/// A host alias made safe for a file name: `[A-Za-z0-9._-]` only, no
/// leading dot or dash, at most 64 characters, `wa-support` when empty.
pub fn sanitize_alias(alias: &str) -> String {
    sanitize(alias, "wa-support")
}

/// The bundle's file name: `<host-alias>-<UTC time>.tar.gz`, e.g.
/// `wa1-20261125T120000Z.tar.gz`.
///
/// ```
/// let t: jiff::Timestamp = "2026-11-25T13:00:00+01:00".parse().unwrap();
/// assert_eq!(wa_support::bundle::file_name("prod/eu 1", t), "prod-eu-1-20261125T120000Z.tar.gz");
/// ```
pub fn file_name(alias: &str, at: jiff::Timestamp) -> String {
    format!(
        "{}-{}.tar.gz",
        sanitize_alias(alias),
        at.strftime("%Y%m%dT%H%M%SZ")
    )
}

/// The directory every file of the bundle at `path` sits under: the file
/// name without `.tar.gz` (or `.tgz`), made safe.
fn top_dir(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".tar.gz")
        .or_else(|| name.strip_suffix(".tgz"))
        .unwrap_or(&name);
    sanitize(stem, "wa-support-bundle")
}

fn io_error(what: &str, path: &Path, e: &io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!(
            "cannot {what} {}: {e}",
            crate::render::safe(&path.display().to_string())
        ),
    )
}

/// Creates a new file readable by its owner only; fails if it exists.
fn create_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Writes the bundle to `path` (mode 0600) and returns its manifest.
///
/// Without `opts.overwrite`, an existing file is left alone and an error
/// returned. With it, the bundle is written beside the file and renamed
/// over it, so a failure never leaves half a bundle in its place. Entries
/// with no bytes appear in the manifest only.
pub fn write(path: &Path, entries: &[Entry], opts: &WriteOptions) -> Result<Manifest> {
    let manifest = manifest(entries, opts)?;
    let dir = top_dir(path);
    let (file, temp) = if opts.overwrite {
        let (f, t) =
            create_temp_beside(path).map_err(|e| io_error("create a file beside", path, &e))?;
        (f, Some(t))
    } else {
        let f = create_private(path).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                Error::new(
                    ErrorKind::Usage,
                    format!(
                        "{} already exists; not overwritten",
                        crate::render::safe(&path.display().to_string())
                    ),
                )
                .hint("pass --force to replace it, or choose another file name")
            } else {
                io_error("create", path, &e)
            }
        })?;
        (f, None)
    };
    let written = write_archive(file, &dir, &manifest, entries, opts.created);
    let done = written.and_then(|()| match &temp {
        Some(t) => std::fs::rename(t, path),
        None => Ok(()),
    });
    if let Err(e) = done {
        let _ = std::fs::remove_file(temp.as_deref().unwrap_or(path));
        return Err(io_error("write", path, &e));
    }
    Ok(manifest)
}

/// A new private file in `path`'s directory, to be renamed over `path`.
fn create_temp_beside(path: &Path) -> io::Result<(File, PathBuf)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    let mut last = None;
    for n in 0..64 {
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match create_private(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

fn write_archive(
    file: File,
    dir: &str,
    manifest: &Manifest,
    entries: &[Entry],
    created: jiff::Timestamp,
) -> io::Result<()> {
    let mtime = u64::try_from(created.as_second()).unwrap_or(0);
    let gz = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let header = |size: u64, kind: tar::EntryType, mode: u32| {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(size);
        h.set_mode(mode);
        h.set_mtime(mtime);
        h.set_uid(0);
        h.set_gid(0);
        h
    };
    let mut h = header(0, tar::EntryType::Directory, 0o700);
    tar.append_data(&mut h, format!("{dir}/"), io::empty())?;
    let mut json = serde_json::to_vec_pretty(manifest).map_err(io::Error::other)?;
    json.push(b'\n');
    let mut h = header(json.len() as u64, tar::EntryType::Regular, 0o600);
    tar.append_data(&mut h, format!("{dir}/{MANIFEST_FILE}"), json.as_slice())?;
    for e in entries {
        if let Some(bytes) = &e.bytes {
            let mut h = header(bytes.len() as u64, tar::EntryType::Regular, 0o600);
            tar.append_data(&mut h, format!("{dir}/{}", e.name), bytes.as_slice())?;
        }
    }
    let gz = tar.into_inner()?;
    let buffered = gz.finish()?;
    let file = buffered.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

mod read;

#[cfg(test)]
use read::read_capped;
pub use read::{is_bundle, read_endpoint, read_support, read_support_from};

#[cfg(test)]
mod tests;
