//! Reading a bundle for `--file bundle.tar.gz`: the archive is untrusted,
//! so the bytes decompressed, each file's size, the number of entries and
//! the header extensions are bounded, and names that climb out are refused.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};

use super::*;

/// True when `prefix` starts like a gzip stream (what a bundle is): for
/// `--file` to tell a bundle from a saved JSON answer.
pub fn is_bundle(prefix: &[u8]) -> bool {
    prefix.starts_with(&[0x1f, 0x8b])
}

fn bad_bundle(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Parse, msg)
        .hint("is this a bundle written by wa-support bundle? list it with tar -tzf")
}

/// The `/v1/support` answer inside the bundle at `path`.
pub fn read_support(path: &Path) -> Result<Vec<u8>> {
    read_endpoint(path, "/v1/support")
}

/// The answer of `endpoint` (one of [`ENDPOINTS`], e.g. `/v1/health`)
/// inside the bundle at `path`, with the same checks as [`read_support`].
pub fn read_endpoint(path: &Path, endpoint: &str) -> Result<Vec<u8>> {
    let file = File::open(path).map_err(|e| io_error("open", path, &e))?;
    read_capped(io::BufReader::new(file), endpoint, MAX_UNPACKED)
}

/// What the manifest says of the endpoint's answer.
#[derive(Debug, Default)]
struct SupportRecord {
    name: Option<String>,
    sha256: Option<String>,
    status: Option<u64>,
    error: Option<String>,
}

fn support_record(manifest: &[u8], endpoint: &str) -> Option<SupportRecord> {
    let v: Value = serde_json::from_slice(manifest).ok()?;
    let files = v.get("files")?.as_array()?;
    let f = files
        .iter()
        .find(|f| f.get("endpoint").and_then(Value::as_str) == Some(endpoint))?;
    let text = |k: &str| f.get(k).and_then(Value::as_str).map(str::to_string);
    Some(SupportRecord {
        name: text("name"),
        sha256: text("sha256"),
        status: f.get("status").and_then(Value::as_u64),
        error: text("error"),
    })
}

/// A name that climbs out of the archive: absolute, with a `..` part, or
/// with a drive letter.
fn is_traversal(name: &[u8]) -> bool {
    name.first().is_some_and(|b| *b == b'/' || *b == b'\\')
        || name.get(1) == Some(&b':')
        || name
            .split(|b| *b == b'/' || *b == b'\\')
            .any(|p| p == b"..")
}

/// The name inside the bundle's directory (the first part dropped).
fn inner_name(name: &[u8]) -> &[u8] {
    let name = name.strip_prefix(b"./").unwrap_or(name);
    match name.iter().position(|b| *b == b'/') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn read_bounded(r: &mut impl Read, cap: u64, what: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(cap + 1)
        .read_to_end(&mut buf)
        .map_err(|e| bad_bundle(format!("the bundle is damaged: {e}")))?;
    if buf.len() as u64 > cap {
        return Err(bad_bundle(format!(
            "the bundle's {what} is larger than {cap} bytes; refused"
        )));
    }
    Ok(buf)
}

/// The `/v1/support` answer inside a bundle read from `r` (see
/// [`read_support`]). Checks it against the manifest's sha256 when the
/// manifest has one.
pub fn read_support_from(r: impl Read) -> Result<Vec<u8>> {
    read_capped(r, "/v1/support", MAX_UNPACKED)
}

/// The answer of `endpoint` in a bundle read from `r`, with at most
/// `max_unpacked` bytes decompressed.
pub(super) fn read_capped(mut r: impl Read, endpoint: &str, max_unpacked: u64) -> Result<Vec<u8>> {
    let default_name = endpoint_file_name(endpoint);
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match r.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("cannot read the bundle: {e}"),
                ));
            }
        }
    }
    if !is_bundle(&magic[..got]) {
        return Err(bad_bundle(
            "the file is not a .tar.gz bundle (it is not gzip-compressed)",
        ));
    }
    let gz = flate2::read::GzDecoder::new(io::Cursor::new(magic).chain(r)).take(max_unpacked);
    let mut archive = tar::Archive::new(gz);
    let damaged =
        |e: io::Error| bad_bundle(format!("the bundle is damaged or not a tar archive: {e}"));
    let entries = archive.entries().map_err(damaged)?.raw(true);
    let mut record: Option<SupportRecord> = None;
    let mut support: Option<Vec<u8>> = None;
    let mut seen: Vec<String> = Vec::new();
    // A GNU long name or pax `path` names the entry after it.
    let mut next_name: Option<Vec<u8>> = None;
    for (i, entry) in entries.enumerate() {
        if i >= MAX_ENTRIES {
            return Err(bad_bundle(format!(
                "the bundle has more than {MAX_ENTRIES} entries; refused"
            )));
        }
        let mut entry = entry.map_err(damaged)?;
        let kind = entry.header().entry_type();
        let size = entry.size();
        if kind.is_gnu_longname()
            || kind.is_gnu_longlink()
            || kind.is_pax_local_extensions()
            || kind.is_pax_global_extensions()
        {
            if size > MAX_EXTENSION {
                return Err(bad_bundle(format!(
                    "the bundle has a header extension of {size} bytes; refused"
                )));
            }
            let data = read_bounded(&mut entry, MAX_EXTENSION, "header extension")?;
            if kind.is_gnu_longname() {
                let name = data.strip_suffix(b"\0").unwrap_or(&data).to_vec();
                next_name = Some(name);
            } else if kind.is_pax_local_extensions() {
                for ext in tar::PaxExtensions::new(&data) {
                    let ext = ext.map_err(damaged)?;
                    match ext.key_bytes() {
                        b"path" => next_name = Some(ext.value_bytes().to_vec()),
                        b"size" => {
                            return Err(bad_bundle(
                                "the bundle sizes a file in a pax record; not supported",
                            ));
                        }
                        _ => {}
                    }
                }
            }
            continue;
        }
        let name = next_name
            .take()
            .unwrap_or_else(|| entry.path_bytes().into_owned());
        if is_traversal(&name) {
            return Err(bad_bundle(format!(
                "the bundle has an entry named `{}` outside its directory; refused",
                String::from_utf8_lossy(&name)
            )));
        }
        if size > max_unpacked {
            return Err(bad_bundle(format!(
                "the bundle declares an entry of {size} bytes; refused"
            )));
        }
        if !kind.is_file() {
            continue;
        }
        let inner = inner_name(&name);
        if seen.len() < 20 {
            seen.push(String::from_utf8_lossy(inner).into_owned());
        }
        if inner == MANIFEST_FILE.as_bytes() && record.is_none() {
            if size > MAX_MANIFEST_SIZE {
                return Err(bad_bundle(format!(
                    "the bundle's manifest is {size} bytes; refused"
                )));
            }
            let data = read_bounded(&mut entry, MAX_MANIFEST_SIZE, "manifest")?;
            record = Some(support_record(&data, endpoint).unwrap_or_default());
        } else {
            let wanted = record
                .as_ref()
                .and_then(|r| r.name.as_deref())
                .unwrap_or(&default_name);
            if inner == wanted.as_bytes() {
                if support.is_some() {
                    return Err(bad_bundle(format!(
                        "the bundle holds two {endpoint} answers"
                    )));
                }
                if size > MAX_ENTRY_SIZE {
                    return Err(bad_bundle(format!(
                        "the bundle's {endpoint} answer is {size} bytes, over the {MAX_ENTRY_SIZE}-byte cap; refused"
                    )));
                }
                support = Some(read_bounded(
                    &mut entry,
                    MAX_ENTRY_SIZE,
                    &format!("{endpoint} answer"),
                )?);
            }
        }
        if record.is_some() && support.is_some() {
            break;
        }
    }
    let record = record.unwrap_or_default();
    let Some(bytes) = support else {
        if let Some(err) = &record.error {
            return Err(bad_bundle(format!(
                "the bundle has no {endpoint} answer: collecting it failed: {err}"
            )));
        }
        return Err(bad_bundle(if seen.is_empty() {
            format!("the bundle has no {endpoint} answer (it holds no file)")
        } else {
            format!(
                "the bundle has no {endpoint} answer (it holds {})",
                seen.join(", ")
            )
        }));
    };
    if let Some(status) = record.status.filter(|s| !(200..300).contains(s)) {
        return Err(bad_bundle(format!(
            "the bundle's {endpoint} answer is an HTTP {status} error, not a status"
        )));
    }
    if let Some(want) = &record.sha256
        && !want.eq_ignore_ascii_case(&sha256_hex(&bytes))
    {
        return Err(bad_bundle(format!(
            "the bundle's {endpoint} answer does not match the sha256 in its manifest: the archive was changed or damaged"
        )));
    }
    Ok(bytes)
}
