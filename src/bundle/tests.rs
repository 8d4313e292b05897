use super::*;
use std::io::Read;
use std::io::Write;

const SUPPORT: &[u8] = br#"{"support":{"socket_conn":"UP","debug_info":"+1555****11"}}"#;

fn at() -> jiff::Timestamp {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

fn opts() -> WriteOptions {
    let mut o = WriteOptions::new(Redaction {
        applied: true,
        hosts: false,
        summary: "Redacted: 1 phone number, 0 secrets".into(),
    });
    o.created = at();
    o
}

fn entries() -> Vec<Entry> {
    let ms = Duration::from_millis;
    vec![
        Entry::answered("/v1/support", 200, SUPPORT.to_vec(), ms(12)),
        Entry::answered(
            "/v1/health",
            200,
            br#"{"health":{"gateway_status":"connected"}}"#.to_vec(),
            ms(5),
        ),
        Entry::failed(
            "/v1/stats/app",
            "timed out after 10 s",
            None,
            None,
            ms(10_000),
        ),
        Entry::answered("/metrics", 404, Vec::new(), ms(3)),
        Entry::file("findings.json", b"[]".to_vec()),
        Entry::file("report.md", b"# Report\n".to_vec()),
    ]
}

/// Every (path, bytes, mode) of a .tar.gz, read with the tar crate.
fn unpack(path: &Path) -> Vec<(String, Vec<u8>, u32)> {
    let f = File::open(path).unwrap();
    let mut a = tar::Archive::new(flate2::read::GzDecoder::new(f));
    a.entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let name = e.path().unwrap().to_string_lossy().into_owned();
            let mode = e.header().mode().unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (name, b, mode)
        })
        .collect()
}

fn gz(tar_bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(tar_bytes).unwrap();
    e.finish().unwrap()
}

/// A tar of (raw name, declared size, data), headers written by hand so
/// names the tar crate refuses to write (`../x`) can be made.
fn raw_tar(items: &[(&[u8], u64, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, size, data) in items {
        let mut h = tar::Header::new_gnu();
        h.as_old_mut().name[..name.len()].copy_from_slice(name);
        h.set_size(*size);
        h.set_mode(0o600);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(data);
        let pad = (512 - data.len() % 512) % 512;
        out.extend(std::iter::repeat_n(0u8, pad));
    }
    out.extend([0u8; 1024]);
    out
}

#[test]
fn file_names_carry_a_safe_alias_and_the_utc_time() {
    let t: jiff::Timestamp = "2026-11-25T14:00:00+02:00".parse().unwrap();
    assert_eq!(file_name("wa1", t), "wa1-20261125T120000Z.tar.gz");
    assert_eq!(
        file_name("../../etc/passwd", t),
        "etc-passwd-20261125T120000Z.tar.gz"
    );
    assert_eq!(file_name("", t), "wa-support-20261125T120000Z.tar.gz");
    assert_eq!(file_name("-rf", t), "rf-20261125T120000Z.tar.gz");
    assert_eq!(
        file_name("prod:9090 [eu]", t),
        "prod-9090--eu-20261125T120000Z.tar.gz"
    );
    assert_eq!(sanitize_alias("ünï.code_ok-1"), "n-.code_ok-1");
    assert_eq!(sanitize_alias(&"a".repeat(500)).len(), 64);
    for alias in ["a/b", "x\0y", "\u{202e}evil", "C:\\x"] {
        let s = sanitize_alias(alias);
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)),
            "{s}"
        );
    }
}

#[test]
fn endpoint_files_are_named_after_their_paths() {
    assert_eq!(endpoint_file_name("/v1/support"), "v1-support.json");
    assert_eq!(endpoint_file_name("/metrics"), "metrics.txt");
    assert_eq!(endpoint_file_name("/v1/stats/x.y"), "v1-stats-x-y.json");
}

#[test]
fn a_bundle_round_trips_and_its_manifest_matches_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name("wa1", at()));
    let m = write(&path, &entries(), &opts()).unwrap();
    assert_eq!(read_support(&path).unwrap(), SUPPORT);
    assert_eq!(
        read_endpoint(&path, "/v1/health").unwrap(),
        br#"{"health":{"gateway_status":"connected"}}"#
    );
    assert!(
        read_endpoint(&path, "/metrics")
            .unwrap_err()
            .message()
            .contains("HTTP 404")
    );

    let files = unpack(&path);
    let names: Vec<&str> = files.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "wa1-20261125T120000Z/",
            "wa1-20261125T120000Z/manifest.json",
            "wa1-20261125T120000Z/v1-support.json",
            "wa1-20261125T120000Z/v1-health.json",
            "wa1-20261125T120000Z/metrics.txt",
            "wa1-20261125T120000Z/findings.json",
            "wa1-20261125T120000Z/report.md",
        ]
    );
    assert!(files.iter().skip(1).all(|(_, _, mode)| *mode == 0o600));

    let manifest: Value = serde_json::from_slice(&files[1].1).unwrap();
    assert_eq!(manifest, serde_json::to_value(&m).unwrap());
    assert_eq!(manifest["format"], FORMAT);
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["created"], "2026-11-25T12:00:00Z");
    assert_eq!(manifest["redaction"]["applied"], true);
    assert_eq!(
        manifest["redaction"]["summary"],
        "Redacted: 1 phone number, 0 secrets"
    );
    let f = manifest["files"].as_array().unwrap();
    assert_eq!(f[0]["endpoint"], "/v1/support");
    assert_eq!(f[0]["status"], 200);
    assert_eq!(f[0]["duration_ms"], 12);
    assert_eq!(f[0]["size"], SUPPORT.len());
    // The sha256 is of the bytes stored, computed independently here.
    let stored = &files[2].1;
    assert_eq!(stored, SUPPORT);
    assert_eq!(f[0]["sha256"], format!("{:x}", Sha256::digest(stored)));
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // A failed endpoint: its error, no file.
    assert_eq!(f[2]["endpoint"], "/v1/stats/app");
    assert_eq!(f[2]["error"], "timed out after 10 s");
    assert!(f[2].get("name").is_none() && f[2].get("sha256").is_none());
    // An error status keeps its (empty) body and says so.
    assert_eq!(f[3]["status"], 404);
    assert_eq!(f[3]["error"], "HTTP 404");
    assert_eq!(f[3]["size"], 0);
    // Files the tool made: no endpoint.
    assert_eq!(f[4]["name"], "findings.json");
    assert!(f[4].get("endpoint").is_none());
}

#[cfg(unix)]
#[test]
fn the_archive_is_created_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.tar.gz");
    write(&path, &entries(), &opts()).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // Replacing a file that was readable by all makes it private too.
    let other = dir.path().join("c.tar.gz");
    std::fs::write(&other, b"old").unwrap();
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut o = opts();
    o.overwrite = true;
    write(&other, &entries(), &o).unwrap();
    let mode = std::fs::metadata(&other).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn an_existing_file_is_not_replaced_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.tar.gz");
    std::fs::write(&path, b"keep me").unwrap();
    let e = write(&path, &entries(), &opts()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage);
    assert!(e.message().contains("already exists"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    let mut o = opts();
    o.overwrite = true;
    write(&path, &entries(), &o).unwrap();
    assert_eq!(read_support(&path).unwrap(), SUPPORT);
    // No partial file is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_way_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, b"precious").unwrap();
    let link = dir.path().join("b.tar.gz");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    assert!(write(&link, &entries(), &opts()).is_err());
    let mut o = opts();
    o.overwrite = true;
    write(&link, &entries(), &o).unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert!(
        !std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read_support(&link).unwrap(), SUPPORT);
}

#[test]
fn bad_entry_names_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.tar.gz");
    for name in ["../x", "/etc/x", "a//b", "", "a b", "manifest.json", "./a"] {
        let e = write(&path, &[Entry::file(name, vec![1])], &opts()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage, "{name}");
        assert!(!path.exists());
    }
    let twice = [Entry::file("a.txt", vec![1]), Entry::file("a.txt", vec![2])];
    assert!(write(&path, &twice, &opts()).is_err());
    assert!(!path.exists());
}

#[test]
fn a_bundle_whose_support_failed_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.tar.gz");
    let list = [Entry::failed(
        "/v1/support",
        "connection refused",
        None,
        None,
        Duration::ZERO,
    )];
    write(&path, &list, &opts()).unwrap();
    let e = read_support(&path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert!(
        e.message()
            .contains("collecting it failed: connection refused"),
        "{e}"
    );

    let path = dir.path().join("c.tar.gz");
    let list = [Entry::answered(
        "/v1/support",
        401,
        b"".to_vec(),
        Duration::ZERO,
    )];
    write(&path, &list, &opts()).unwrap();
    let e = read_support(&path).unwrap_err();
    assert!(e.message().contains("HTTP 401"), "{e}");
    let e = read_endpoint(&path, "/v1/health").unwrap_err();
    assert!(e.message().contains("no /v1/health answer"), "{e}");

    let path = dir.path().join("d.tar.gz");
    write(&path, &[Entry::file("report.md", b"x".to_vec())], &opts()).unwrap();
    let e = read_support(&path).unwrap_err();
    assert!(
        e.message().contains("no /v1/support answer") && e.message().contains("report.md"),
        "{e}"
    );
}

#[test]
fn a_changed_support_answer_fails_its_checksum() {
    let mut m = serde_json::to_vec(&manifest(&entries(), &opts()).unwrap()).unwrap();
    m.push(b'\n');
    let tampered = br#"{"support":{"socket_conn":"DN"}}"#;
    let t = raw_tar(&[
        (b"b/manifest.json", m.len() as u64, &m),
        (b"b/v1-support.json", tampered.len() as u64, tampered),
    ]);
    let e = read_support_from(gz(&t).as_slice()).unwrap_err();
    assert!(e.message().contains("sha256"), "{e}");
}

#[test]
fn a_bundle_without_manifest_still_gives_its_support_answer() {
    let t = raw_tar(&[(b"x/v1-support.json", SUPPORT.len() as u64, SUPPORT)]);
    assert_eq!(read_support_from(gz(&t).as_slice()).unwrap(), SUPPORT);
}

#[test]
fn hostile_archives_give_errors_not_panics() {
    let check = |bytes: &[u8], want: &str| {
        let e = read_support_from(bytes).unwrap_err();
        assert!(e.message().contains(want), "want {want:?}, got {e}");
    };
    // Not gzip at all: a JSON answer, nothing, a plain tar.
    check(SUPPORT, "not gzip");
    check(b"", "not gzip");
    check(&raw_tar(&[(b"v1-support.json", 2, b"{}")]), "not gzip");
    // Gzip magic, then garbage.
    check(b"\x1f\x8b\x08\x00garbage", "damaged");
    // Gzip of something that is not a tar.
    check(&gz(&[7u8; 2000]), "damaged");
    // An entry declaring a terabyte, with no data behind it.
    check(
        &gz(&raw_tar(&[(b"b/v1-support.json", 1 << 40, b"")])),
        "1099511627776 bytes",
    );
    // The support answer over its cap (declared, not sent).
    check(
        &gz(&raw_tar(&[(b"b/v1-support.json", MAX_ENTRY_SIZE + 1, b"")])),
        "over the",
    );
    // Names that climb out.
    for name in [
        &b"../v1-support.json"[..],
        b"b/../../x",
        b"/etc/passwd",
        b"C:\\x",
        b"b\\..\\x",
    ] {
        check(&gz(&raw_tar(&[(name, 2, b"{}")])), "outside its directory");
    }
    // Too many entries.
    let many: Vec<(&[u8], u64, &[u8])> = (0..MAX_ENTRIES + 1)
        .map(|_| (&b"b/x"[..], 0, &b""[..]))
        .collect();
    check(&gz(&raw_tar(&many)), "more than");
    // A GNU long name larger than any real one.
    let mut h = tar::Header::new_gnu();
    h.as_old_mut().name[..13].copy_from_slice(b"././@LongLink");
    h.set_entry_type(tar::EntryType::GNULongName);
    h.set_size(1 << 30);
    h.set_cksum();
    check(&gz(h.as_bytes()), "header extension");
    // Cut short.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.tar.gz");
    write(&path, &entries(), &opts()).unwrap();
    let whole = std::fs::read(&path).unwrap();
    for cut in [3, 20, 60] {
        assert!(read_support_from(&whole[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn a_gzip_bomb_stops_at_the_cap() {
    // Files skipped still count against the cap on bytes decompressed: a
    // tar of many files, far larger unpacked than packed, is read only up
    // to the cap (1 MiB here, 256 MiB in use), then refused.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![0u8; 256 << 10];
    for i in 0..8 {
        let mut h = tar::Header::new_gnu();
        let name = format!("b/f{i}");
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_size(chunk.len() as u64);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        enc.write_all(h.as_bytes()).unwrap();
        enc.write_all(&chunk).unwrap();
    }
    let bytes = enc.finish().unwrap();
    assert!(bytes.len() < 64 << 10, "{}", bytes.len());
    let e = read_capped(bytes.as_slice(), "/v1/support", 1 << 20).unwrap_err();
    assert!(e.message().contains("damaged"), "{e}");
    // Under a larger cap the same archive is read through.
    let e = read_capped(bytes.as_slice(), "/v1/support", 4 << 20).unwrap_err();
    assert!(e.message().contains("no /v1/support answer"), "{e}");
    // A file declared larger than the cap is refused before it is read.
    let e = read_capped(bytes.as_slice(), "/v1/support", 100 << 10).unwrap_err();
    assert!(e.message().contains("declares an entry"), "{e}");
}

#[test]
fn long_names_written_by_tar_are_read() {
    // A deep directory name makes the tar crate write a GNU long name.
    let dir = "d".repeat(150);
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(SUPPORT.len() as u64);
    h.set_mode(0o600);
    b.append_data(&mut h, format!("{dir}/v1-support.json"), SUPPORT)
        .unwrap();
    let t = b.into_inner().unwrap();
    assert_eq!(read_support_from(gz(&t).as_slice()).unwrap(), SUPPORT);
}

#[test]
fn is_bundle_tells_gzip_from_json() {
    assert!(is_bundle(b"\x1f\x8b\x08"));
    assert!(!is_bundle(b"{\"support\""));
    assert!(!is_bundle(b""));
}
