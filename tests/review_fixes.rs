//! An operator's findings, each pinned: a profile's expected topology
//! stays with its own server, `bundle` applies it as `report` does, the
//! config hint and the man pages list everything, the `shard-unowned`
//! wording, and the insecure warning says what is actually sent.

use std::path::Path;

use crate::common::{Behavior, Server, five_endpoints, fixture, stderr_of, stdout_of, tempdir, wa};

/// The multi-connect fixture without the node that owned shard 3 (5
/// nodes, shards -1..2 owned): healthy unless 6 nodes or 4 shards are
/// expected.
fn vanished() -> Vec<u8> {
    let text = std::fs::read_to_string(fixture("multiconnect.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let support = v["support"].as_object_mut().unwrap();
    assert!(
        support
            .remove("10.210.71.93:wa-coreapp-97145031111-3")
            .is_some()
    );
    serde_json::to_vec(&v).unwrap()
}

fn config(home: &Path, text: &str) {
    std::fs::write(home.join("config.toml"), text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            home.join("config.toml"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
    }
}

/// `check` in `home` with extra variables: (exit code, stdout).
fn check(home: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let mut c = wa(home);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.arg("check").args(args).output().unwrap();
    (out.status.code().unwrap(), stdout_of(&out))
}

#[test]
fn an_ad_hoc_url_does_not_inherit_the_default_profiles_topology() {
    let prod = Server::start(vec![Behavior::ok(&vanished())]);
    let other = Server::start(vec![Behavior::ok(&vanished())]);
    let stage = Server::start(vec![Behavior::ok(&vanished())]);
    let home = tempdir();
    config(
        home.path(),
        &format!(
            "default_profile = \"prod\"\n[profiles.prod]\nurl = \"{}\"\nexpect_nodes = 8\nexpect_shards = 4\n[profiles.stage]\nurl = \"{}\"\nexpect_nodes = 6\n",
            prod.url(),
            stage.url()
        ),
    );
    // The profile's own server: its expectations.
    let (code, out) = check(home.path(), &[], &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("3 of the 8 expected node(s) missing"), "{out}");
    let (code, out) = check(home.path(), &[], &["--url", &prod.url_with("127.0.0.1")]);
    assert_eq!(code, 2, "{out}");
    // Another server, by variable or flag, even with the profile named:
    // none of prod's expectations.
    let url = other.url();
    for (env, args) in [
        (&[("WA_SUPPORT_URL", url.as_str())][..], &[][..]),
        (&[], &["--url", url.as_str()][..]),
        (&[], &["--profile", "prod", "--url", url.as_str()]),
        (
            &[
                ("WA_SUPPORT_PROFILE", "prod"),
                ("WA_SUPPORT_URL", url.as_str()),
            ],
            &[],
        ),
    ] {
        let (code, out) = check(home.path(), env, args);
        assert_eq!(code, 0, "{env:?} {args:?}: {out}");
        assert!(
            !out.contains("expected node") && !out.contains("shard-unowned"),
            "{out}"
        );
        // A flag still applies.
        let mut with = args.to_vec();
        with.extend(["--expect-nodes", "7"]);
        let (code, out) = check(home.path(), env, &with);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("2 of the 7 expected node(s) missing"), "{out}");
    }
    // No profile named, the URL of another profile's server: that
    // profile's expectations, as its token would be.
    let (code, out) = check(home.path(), &[("WA_SUPPORT_URL", &stage.url())], &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("1 of the 6 expected node(s) missing"), "{out}");
    // show and report follow the same rule.
    for cmd in [&["show", "--color", "never"][..], &["report"]] {
        let out = wa(home.path())
            .args(cmd)
            .args(["--url", &url])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        assert!(!stdout_of(&out).contains("expected node(s) missing"));
    }
}

#[test]
fn bundle_applies_the_profiles_expected_topology_like_report() {
    let srv = Server::start_routes(five_endpoints(&vanished(), br#"{"health": {}}"#, "echo"));
    let home = tempdir();
    config(
        home.path(),
        &format!(
            "[profiles.prod]\nurl = \"{}\"\nexpect_nodes = 6\nexpect_shards = 4\n",
            srv.url()
        ),
    );
    let report = wa(home.path())
        .args(["report", "--profile", "prod"])
        .output()
        .unwrap();
    let report = stdout_of(&report);
    assert!(
        report.contains("shard-unowned") && report.contains("nodes-missing"),
        "{report}"
    );
    let found = bundle_files(home.path(), &[]);
    for file in ["findings.json", "report.md"] {
        let text = &found[file];
        assert!(
            text.contains("shard-unowned") && text.contains("nodes-missing"),
            "{file}: {text}"
        );
    }
    // A flag beats the profile, as for report.
    let found = bundle_files(home.path(), &["--expect-shards", "3"]);
    let text = &found["findings.json"];
    assert!(
        !text.contains("shard-unowned") && text.contains("nodes-missing"),
        "{text}"
    );
}

/// `bundle --profile prod ARGS` in a fresh directory: its files by name.
fn bundle_files(home: &Path, args: &[&str]) -> std::collections::BTreeMap<String, String> {
    let dir = tempdir();
    let out = wa(home)
        .args(["bundle", "--profile", "prod"])
        .args(args)
        .arg("-O")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let bundle = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(&bundle).unwrap());
    let mut found = std::collections::BTreeMap::new();
    for e in tar::Archive::new(gz).entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut text = String::new();
        if e.header().entry_type().is_file() {
            std::io::Read::read_to_string(&mut e, &mut text).unwrap();
            found.insert(name.rsplit('/').next().unwrap().to_string(), text);
        }
    }
    found
}

#[test]
fn a_bad_config_key_hint_lists_every_key_of_a_profile() {
    let home = tempdir();
    config(
        home.path(),
        "[profiles.prod]\nurl = \"http://127.0.0.1:1\"\nexpect_node = 6\n",
    );
    let out = wa(home.path()).args(["show"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "keys of a profile: url, token_file, cacert, insecure, timeout, expect_nodes, expect_shards"
        ),
        "{err}"
    );
}

#[test]
fn the_insecure_warning_says_what_is_actually_sent() {
    use crate::common::certs;
    let srv = Server::start_tls(
        vec![Behavior::ok(&vanished())],
        certs::ca_signed(&["wa.example.com"]).tls,
    );
    let home = tempdir();
    config(
        home.path(),
        &format!("[profiles.lab]\nurl = \"{}\"\ninsecure = true\n", srv.url()),
    );
    // No token file: nothing secret is sent.
    let out = wa(home.path())
        .args(["check", "--profile", "lab"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("profile \"lab\" (insecure = true): the server's certificate is not verified; no token is sent"),
        "{err}"
    );
    assert!(!err.contains("read the token"), "{err}");
    // With a token, the warning names it.
    let out = wa(home.path())
        .env("WA_SUPPORT_TOKEN", "tok-lab-0123456789")
        .args(["check", "--profile", "lab"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("anyone on the path can pose as the server and read the token"),
        "{err}"
    );
    assert!(!err.contains("tok-lab-0123456789"), "{err}");
}
