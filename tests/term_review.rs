//! Hostile servers against every output path: a remembered login's
//! password echoed back is masked everywhere (bundles, errors, stderr,
//! `-v`), Prometheus label values never carry raw terminal controls, and
//! `show --json` never prints a raw bidi or C1 character.

use std::io::Read;
use std::path::Path;

use crate::common::{Behavior, Server, fixture_bytes, stderr_of, stdout_of, tempdir, wa};

const USER: &str = "admin";
const PASSWORD: &str = "Sup3rS3cretPass!";
/// `base64("admin:Sup3rS3cretPass!")`, the login's Basic credential.
const BASIC: &str = "YWRtaW46U3VwM3JTM2NyZXRQYXNzIQ==";
const TOKEN: &str = "saved-token-0123456789";

/// A home with profile `prod` at `url`, its saved token (valid for long)
/// and a remembered login for the same server.
fn home_with_remembered(url: &str) -> tempfile::TempDir {
    let home = tempdir();
    let p = home.path();
    std::fs::write(
        p.join("config.toml"),
        format!("default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"{url}\"\n"),
    )
    .unwrap();
    std::fs::write(
        p.join("prod.token"),
        format!("{TOKEN}\n# expires_after: 2099-01-01 00:00:00+00:00\n"),
    )
    .unwrap();
    let creds = serde_json::json!({"url": url, "user": USER, "password": PASSWORD});
    std::fs::write(p.join("prod.credentials"), creds.to_string()).unwrap();
    #[cfg(unix)]
    for f in ["config.toml", "prod.token", "prod.credentials"] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p.join(f), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    home
}

fn json(status: u16, v: serde_json::Value) -> Behavior {
    Behavior::status(status, v.to_string().as_bytes())
}

/// A server that echoes the password, and its Basic form, from every
/// endpoint but `/v1/support`; `/v1/stats/db` is a 500 quoting them.
fn echoing_server() -> Server {
    let echo = format!("pw={PASSWORD} basic=Basic {BASIC}");
    let health = serde_json::json!({"health": {"wa-core:1": {"gateway_status": "connected",
        "role": "primary_master", "note": echo}}});
    let app = serde_json::json!({"stats": {"last_login_pw": PASSWORD, "x": echo}});
    let db = serde_json::json!({"errors": [{"code": 1000, "title": format!("db error {echo}")}]});
    let metrics =
        format!("# HELP wa_up x\nwa_up{{password=\"{PASSWORD}\",basic=\"{BASIC}\"}} 1\n# {echo}\n");
    Server::start_routes(vec![
        (
            "/v1/support".into(),
            Behavior::ok(&fixture_bytes("single-registered.json")),
        ),
        ("/v1/health".into(), json(200, health)),
        ("/v1/stats/app".into(), json(200, app)),
        ("/v1/stats/db".into(), json(500, db)),
        (
            "/metrics".into(),
            Behavior::Respond {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: metrics.into_bytes(),
            },
        ),
    ])
}

fn assert_no_password(what: &str, text: &str) {
    for s in [PASSWORD, BASIC] {
        assert!(!text.contains(s), "{what} holds {s}:\n{text}");
    }
}

fn bundle_files(bundle: &Path) -> Vec<(String, String)> {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(bundle).unwrap());
    let mut archive = tar::Archive::new(gz);
    let mut out = Vec::new();
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let mut b = Vec::new();
        e.read_to_end(&mut b).unwrap();
        out.push((path, String::from_utf8_lossy(&b).into_owned()));
    }
    out
}

#[test]
fn a_remembered_password_echoed_back_is_masked_in_every_bundle_file() {
    let srv = echoing_server();
    let home = home_with_remembered(&srv.url());
    let path = home.path().join("b.tar.gz");
    let out = wa(home.path())
        .args(["-v", "bundle", "--no-redact", "-O"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_no_password("stdout", &stdout_of(&out));
    assert_no_password("stderr", &stderr_of(&out));
    let files = bundle_files(&path);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for want in [
        "v1-health.json",
        "v1-stats-app.json",
        "metrics.txt",
        "manifest.json",
    ] {
        assert!(names.iter().any(|n| n.ends_with(want)), "{names:?}");
    }
    for (name, text) in &files {
        assert_no_password(name, text);
    }
    // Masked, not dropped: the server's echo is still there.
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("pw=***"), "{all}");
    // The request itself used the saved token: no login was needed.
    assert!(srv.requests().iter().all(|r| r.method == "GET"));
}

#[test]
fn a_remembered_password_echoed_back_is_masked_by_check_and_health() {
    let srv = echoing_server();
    let home = home_with_remembered(&srv.url());
    for args in [
        &["-v", "show", "--health"][..],
        &["-v", "report", "--health"],
        &["-v", "check"],
    ] {
        let out = wa(home.path()).args(args).output().unwrap();
        assert_no_password(&format!("{args:?} stdout"), &stdout_of(&out));
        assert_no_password(&format!("{args:?} stderr"), &stderr_of(&out));
        assert!(!stderr_of(&out).contains("panicked"));
    }
}

/// The characters a hostile server uses against a terminal.
const HOSTILE: &str = "\u{1b}]0;T\u{7}\u{1b}[31m\u{202e}\u{2066}\u{9b}2J\u{200b}\u{feff}\r\u{8}\u{85}\u{2028}\u{E0041}\u{180e}\u{115f}\u{3164}\u{ffa0}\u{34f}\u{61c}\u{ad}";

fn has_raw_unsafe(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}'
                | '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{e0000}'..='\u{e0fff}' | '\u{180e}'
                | '\u{115f}' | '\u{3164}' | '\u{ffa0}' | '\u{34f}' | '\u{61c}' | '\u{ad}')
    })
}

fn hostile_answer() -> Vec<u8> {
    let mut v: serde_json::Value =
        serde_json::from_slice(&fixture_bytes("multiconnect.json")).unwrap();
    let support = v["support"].as_object_mut().unwrap();
    let (name, mut node) = support
        .iter()
        .next()
        .map(|(k, n)| (k.clone(), n.clone()))
        .unwrap();
    support.remove(&name);
    node["role"] = format!("primary_master{HOSTILE}").into();
    node["version"] = format!("v2.51.3{HOSTILE}").into();
    support.insert(format!("10.0.0.9{HOSTILE}:wa-x"), node);
    v.to_string().into_bytes()
}

#[test]
fn prometheus_output_and_textfile_carry_no_raw_terminal_controls() {
    let dir = tempdir();
    let file = dir.path().join("a.json");
    std::fs::write(&file, hostile_answer()).unwrap();
    let prom = dir.path().join("wa.prom");
    let out = wa(dir.path())
        .arg("--file")
        .arg(&file)
        .args(["check", "-o", "prometheus", "--textfile"])
        .arg(&prom)
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(text.contains("wa_support_node_info{"), "{text}");
    assert_eq!(has_raw_unsafe(&text), None, "{text:?}");
    let written = std::fs::read_to_string(&prom).unwrap();
    assert_eq!(has_raw_unsafe(&written), None, "{written:?}");
    // The visible escapes are there.
    assert!(text.contains("\\\\u{202e}"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&prom).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
}

#[cfg(unix)]
#[test]
fn the_textfile_is_0644_whatever_the_umask() {
    let dir = tempdir();
    let prom = dir.path().join("wa.prom");
    let bin = assert_cmd::cargo::cargo_bin("wa-support");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$@\"")
        .arg("sh")
        .arg(bin)
        .arg("--file")
        .arg(crate::common::fixture("single-registered.json"))
        .args(["check", "--textfile"])
        .arg(&prom)
        .env_clear()
        .env("HOME", dir.path())
        .env("WA_SUPPORT_NOW", crate::common::NOW)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("WA_SUPPORT_CONFIG", dir.path().join("config.toml"))
        .output()
        .unwrap();
    assert!(prom.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&prom).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn show_json_escapes_raw_bidi_and_c1_characters_and_keeps_the_value() {
    let dir = tempdir();
    // Written raw as UTF-8 inside JSON strings, as a hostile server does.
    let body = "{\"support\":{\"a:1\":{\"os_name\":\"ubuntu\u{202e}\u{85}\u{9b}2J\u{9d}0;PWN\u{9c}\u{2028}\",\"tag\":\"x\u{E0041}\u{7f}\"}},\n \"meta\":{\"version\":\"v2\"}}\n";
    let file = dir.path().join("a.json");
    std::fs::write(&file, body).unwrap();
    let out = wa(dir.path())
        .arg("--file")
        .arg(&file)
        .args(["show", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_eq!(has_raw_unsafe(&text), None, "{text:?}");
    assert!(text.contains("ubuntu\\u202e\\u0085\\u009b2J"), "{text}");
    assert!(text.contains("x\\udb40\\udc41\\u007f"), "{text}");
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    let want: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(back, want);
    // Spacing kept: only the characters were replaced.
    assert!(text.contains("}},\n \"meta\""), "{text}");

    // Nothing to escape: byte for byte.
    let plain = "{ \"support\" : {\"a:1\":{\"os_name\":\"ubuntu é 😀\"}} }\n";
    std::fs::write(&file, plain).unwrap();
    let out = wa(dir.path())
        .arg("--file")
        .arg(&file)
        .args(["show", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, plain.as_bytes());
}
