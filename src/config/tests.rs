use super::*;

#[test]
fn parses_profiles() {
    let c = ConfigFile::parse(
            "default_profile = \"prod\"\n[profiles.prod]\nurl = \"https://wa:9090\"\ninsecure = true\ntimeout = 5\n",
            Path::new("c.toml"),
        )
        .unwrap();
    let (n, p) = c.profile(None, Path::new("c.toml")).unwrap();
    assert_eq!(n, "prod");
    assert_eq!(p.url.as_deref(), Some("https://wa:9090"));
    assert_eq!(p.insecure, Some(true));
    assert_eq!(p.timeout, Some(5.0));
}

#[test]
fn expected_topology_keys_are_counts_of_at_least_one() {
    let c = ConfigFile::parse(
        "[profiles.prod]\nexpect_nodes = 6\nexpect_shards = 4\n[profiles.lab]\n",
        Path::new("c.toml"),
    )
    .unwrap();
    let (_, p) = c.profile(Some("prod"), Path::new("c.toml")).unwrap();
    assert_eq!((p.expect_nodes, p.expect_shards), (Some(6), Some(4)));
    let (_, p) = c.profile(Some("lab"), Path::new("c.toml")).unwrap();
    assert_eq!((p.expect_nodes, p.expect_shards), (None, None));
    for bad in [
        "expect_nodes = 0",
        "expect_shards = -1",
        "expect_nodes = \"six\"",
    ] {
        let e = ConfigFile::parse(&format!("[profiles.p]\n{bad}\n"), Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{bad}: {e}");
        assert!(e.contains(bad.split(' ').next().unwrap()), "{bad}: {e}");
    }
}

#[test]
fn errors_name_file_line_and_key() {
    let e = ConfigFile::parse(
        "[profiles.prod]\nurl = \"https://wa\"\ntimeout = \"ten\"\n",
        Path::new("/x/config.toml"),
    )
    .unwrap_err();
    let s = e.to_string();
    assert!(s.contains("/x/config.toml, line 3, key `timeout`"), "{s}");
    let e = ConfigFile::parse("[profiles.prod]\nurl_typo = 1\n", Path::new("c.toml")).unwrap_err();
    assert!(e.to_string().contains("line 2, key `url_typo`"), "{e}");
    let e = ConfigFile::parse("[profiles.prod\n", Path::new("c.toml")).unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");
}

#[test]
fn the_hint_lists_every_key_of_a_profile() {
    assert_eq!(
        Profile::keys(),
        [
            "url",
            "token_file",
            "cacert",
            "insecure",
            "timeout",
            "expect_nodes",
            "expect_shards"
        ]
    );
    // Every key listed is one a profile takes.
    for k in Profile::keys() {
        let value = match *k {
            "insecure" => "true",
            "timeout" | "expect_nodes" | "expect_shards" => "2",
            _ => "\"x\"",
        };
        let text = format!("[profiles.p]\n{k} = {value}\n");
        assert!(ConfigFile::parse(&text, Path::new("c.toml")).is_ok(), "{k}");
    }
    let e =
        ConfigFile::parse("[profiles.prod]\nexpect_node = 6\n", Path::new("c.toml")).unwrap_err();
    let hint = e.hint_text().unwrap_or_default();
    assert!(
        hint.contains("timeout, expect_nodes, expect_shards; see README"),
        "{hint}"
    );
}

#[test]
fn servers_match_by_scheme_host_and_port() {
    assert!(same_server("https://wa:443", "https://WA/"));
    assert!(same_server("wa:9090", "https://wa:9090/prefix"));
    assert!(!same_server("https://wa:9090", "http://wa:9090"));
    assert!(!same_server("https://wa:9090", "https://wa:9091"));
    assert!(!same_server("https://wa", "https://wa.evil"));
    assert!(!same_server("https://wa", "not a url at all"));
}

#[test]
fn profile_for_url_and_new_names() {
    let c = ConfigFile::parse(
            "[profiles.prod]\nurl = \"https://prod:9090\"\n[profiles.staging]\nurl = \"https://stage:9090\"\n[profiles.stage]\n",
            Path::new("c.toml"),
        )
        .unwrap();
    assert_eq!(
        c.profile_for_url("https://stage:9090").unwrap().0,
        "staging"
    );
    assert!(c.profile_for_url("https://stage:9091").is_none());
    assert_eq!(
        c.new_profile_name_where("https://other:9090", |_| true),
        "other"
    );
    assert_eq!(
        c.new_profile_name_where("https://stage:9091", |_| true),
        "stage-9091"
    );
    assert_eq!(c.new_profile_name_where("http://[::1]:8080", |_| true), "1");
}

#[test]
fn added_profile_keeps_the_file_and_parses() {
    let text = "# mine\ndefault_profile = \"prod\"\n[profiles.prod]\nurl = \"https://p\"";
    let out = with_profile_added(text, "10.0.0.1", "https://10.0.0.1:9090");
    assert!(out.starts_with(text), "{out}");
    let c = ConfigFile::parse(&out, Path::new("c.toml")).unwrap();
    assert_eq!(
        c.profiles["10.0.0.1"].url.as_deref(),
        Some("https://10.0.0.1:9090")
    );
    assert_eq!(c.profiles["prod"].url.as_deref(), Some("https://p"));
}

#[cfg(unix)]
#[test]
fn writable_by_others_draws_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(&p, "").unwrap();
    let set =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    set(&p, 0o600);
    set(dir.path(), 0o700);
    assert_eq!(permission_warning(&p), None);
    set(&p, 0o666);
    assert!(permission_warning(&p).unwrap().contains("config file"));
    set(&p, 0o644);
    set(dir.path(), 0o777);
    assert!(permission_warning(&p).unwrap().contains("config directory"));
    set(dir.path(), 0o1777);
    assert_eq!(permission_warning(&p), None);
    set(dir.path(), 0o700);
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    let c = ConfigFile::parse("[profiles.a]\n[profiles.b]\n", Path::new("c.toml")).unwrap();
    let e = c.profile(Some("zzz"), Path::new("c.toml")).unwrap_err();
    assert!(e.to_string().contains("profiles there: a, b"), "{e}");
    assert!(c.profile(None, Path::new("c.toml")).is_ok());
}
