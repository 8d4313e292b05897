//! Thresholds in the plugin range syntax, the expected topology and the
//! perfdata, through the real binary: flags, `WA_SUPPORT_*` variables and
//! a config file with `expect_*` keys, against files and a loopback server.

use std::path::Path;

use crate::common::{Behavior, Server, fixture, stderr_of, stdout_of, tempdir, wa};

/// The multi-connect fixture without the node that owned shard 3: the
/// answer alone looks healthy (5 nodes, 4 up, shards -1..2 owned).
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

fn write(home: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = home.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[cfg(unix)]
fn private(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[cfg(not(unix))]
fn private(_: &Path) {}

/// `check` on a file with extra arguments: (exit code, stdout, stderr).
fn check_file(file: &Path, args: &[&str]) -> (i32, String, String) {
    let home = tempdir();
    let out = wa(home.path())
        .arg("check")
        .args(args)
        .arg("--file")
        .arg(file)
        .output()
        .unwrap();
    (out.status.code().unwrap(), stdout_of(&out), stderr_of(&out))
}

/// One perfdata figure as the guidelines' grammar reads it.
#[derive(Debug)]
struct Figure {
    label: String,
    value: f64,
    uom: String,
    /// warn, crit, min, max (missing trailing fields are empty).
    fields: [String; 4],
}

/// Reads the perfdata of a first line: `'label'=value[UOM];warn;crit;min;max`
/// figures separated by spaces; a quoted label may hold spaces, `=`, and
/// `''` for a quote. Panics on anything the grammar does not allow.
fn parse_perfdata(first_line: &str) -> Vec<Figure> {
    assert_eq!(first_line.matches('|').count(), 1, "{first_line}");
    let perf = first_line.split_once('|').unwrap().1.trim();
    let mut out = Vec::new();
    let b: Vec<char> = perf.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i] == ' ' {
            i += 1;
            continue;
        }
        let mut label = String::new();
        if b[i] == '\'' {
            i += 1;
            loop {
                assert!(i < b.len(), "unclosed quote in {perf}");
                if b[i] == '\'' && b.get(i + 1) == Some(&'\'') {
                    label.push('\'');
                    i += 2;
                } else if b[i] == '\'' {
                    i += 1;
                    break;
                } else {
                    label.push(b[i]);
                    i += 1;
                }
            }
        } else {
            while b[i] != '=' {
                assert!(b[i] != ' ' && b[i] != '\'', "bad unquoted label in {perf}");
                label.push(b[i]);
                i += 1;
            }
        }
        assert_eq!(b.get(i), Some(&'='), "{label} in {perf}");
        i += 1;
        let start = i;
        while i < b.len() && b[i] != ' ' {
            i += 1;
        }
        let data: String = b[start..i].iter().collect();
        let parts: Vec<&str> = data.split(';').collect();
        assert!((1..=5).contains(&parts.len()), "{data}");
        let cut = parts[0]
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(parts[0].len());
        let (value, uom) = parts[0].split_at(cut);
        assert!(
            ["", "s", "ms", "us", "%", "B", "KB", "MB", "TB", "c"].contains(&uom),
            "unit {uom} in {data}"
        );
        let mut fields: [String; 4] = Default::default();
        for (k, f) in parts[1..].iter().enumerate() {
            fields[k] = f.to_string();
        }
        for range in &fields[..2] {
            assert!(
                range.is_empty() || valid_range(range),
                "{range} is not a range in {data}"
            );
        }
        for bound in &fields[2..] {
            assert!(bound.is_empty() || bound.parse::<f64>().is_ok(), "{data}");
        }
        out.push(Figure {
            label,
            value: value.parse().unwrap_or_else(|_| panic!("{data}")),
            uom: uom.to_string(),
            fields,
        });
    }
    out
}

/// `[@]start:end` with `~`, an empty end, or a bare number.
fn valid_range(r: &str) -> bool {
    let r = r.strip_prefix('@').unwrap_or(r);
    let num = |s: &str| s.parse::<f64>().is_ok();
    match r.split_once(':') {
        None => num(r),
        Some((a, b)) => (a == "~" || a.is_empty() || num(a)) && (b.is_empty() || num(b)),
    }
}

fn figure<'a>(perf: &'a [Figure], label: &str) -> &'a Figure {
    perf.iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("no {label} in {perf:?}"))
}

#[test]
fn a_vanished_node_and_shard_owner_are_critical_only_when_expected() {
    let home = tempdir();
    let file = write(home.path(), "vanished.json", &vanished());
    let (code, out, _) = check_file(&file, &[]);
    assert_eq!(code, 0, "the answer alone looks healthy: {out}");
    let (code, out, _) = check_file(&file, &["--expect-nodes", "6", "--expect-shards", "4"]);
    assert_eq!(code, 2, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("WA-SUPPORT CRITICAL - 2 critical, 0 warning(s) on 5 node(s): "),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "CRITICAL: cluster: 1 of the 6 expected node(s) missing: the answer lists 5"
        ) && l.ends_with("[nodes-missing]")),
        "{out}"
    );
    assert!(
        lines.contains(&"CRITICAL: cluster: shard 3 (of 4 expected) has no owner; no node reports it: a node may have vanished from the answer [shard-unowned]"),
        "{out}"
    );
    let perf = parse_perfdata(lines[0]);
    assert_eq!(figure(&perf, "nodes").fields[..3], ["~:6", "6:", "0"]);
    assert_eq!(figure(&perf, "unowned_shards").value, 1.0);
    // Exactly what the answer holds: OK at the limit.
    let (code, out, _) = check_file(&file, &["--expect-nodes", "5", "--expect-shards", "3"]);
    assert_eq!(code, 0, "{out}");
    // More than expected: warnings.
    let (code, out, _) = check_file(&file, &["--expect-nodes", "4", "--expect-shards", "2"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("[nodes-extra]") && out.contains("[shard-count-mismatch]"),
        "{out}"
    );
}

#[test]
fn flag_beats_variable_beats_profile_in_a_realistic_environment() {
    let srv = Server::start(vec![Behavior::ok(&vanished())]);
    let home = tempdir();
    let tok = write(home.path(), "prod.token", b"tok-prod-0123456789\n");
    private(&tok);
    let cfg = write(
        home.path(),
        "config.toml",
        format!(
            "default_profile = \"prod\"\n[profiles.prod]\nurl = \"{}\"\ntoken_file = \"{}\"\ntimeout = 5\nexpect_nodes = 6\nexpect_shards = 4\n",
            srv.url(),
            tok.display()
        )
        .as_bytes(),
    );
    private(&cfg);
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut c = wa(home.path());
        c.env("WA_SUPPORT_TIMEOUT", "5")
            .env("WA_SUPPORT_INSECURE", "0")
            .env("WA_SUPPORT_PROFILE", "prod");
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.arg("check").args(args).output().unwrap();
        (out.status.code().unwrap(), stdout_of(&out), stderr_of(&out))
    };
    // The profile's keys.
    let (code, out, err) = run(&[], &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("[nodes-missing]") && out.contains("[shard-unowned]"),
        "{out}"
    );
    // The variables beat the profile.
    let (code, out, _) = run(
        &[
            ("WA_SUPPORT_EXPECT_NODES", "5"),
            ("WA_SUPPORT_EXPECT_SHARDS", "3"),
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}");
    // An empty variable is no value: the profile counts.
    let (code, out, _) = run(
        &[("WA_SUPPORT_EXPECT_NODES", "")],
        &["--expect-shards", "3"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("[nodes-missing]") && !out.contains("[shard-unowned]"),
        "{out}"
    );
    // The flag beats the variable.
    let (code, out, _) = run(
        &[("WA_SUPPORT_EXPECT_NODES", "9")],
        &["--expect-nodes", "5", "--expect-shards", "3"],
    );
    assert_eq!(code, 0, "{out}");
    // show and report say the same.
    let out = wa(home.path())
        .env("WA_SUPPORT_PROFILE", "prod")
        .args(["show", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout_of(&out).contains("1 of the 6 expected node(s) missing"),
        "{}",
        stdout_of(&out)
    );
    let out = wa(home.path())
        .env("WA_SUPPORT_PROFILE", "prod")
        .args(["report"])
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).contains("shard 3 (of 4 expected) has no owner"),
        "{}",
        stdout_of(&out)
    );
    // A bad variable is a usage error, UNKNOWN for check.
    let (code, out, _) = run(&[("WA_SUPPORT_EXPECT_NODES", "0")], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.starts_with("WA-SUPPORT UNKNOWN - usage error: WA_SUPPORT_EXPECT_NODES: \"0\" is not a count of at least 1"), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    // ... unless a flag makes it unneeded.
    let (code, out, _) = run(
        &[("WA_SUPPORT_EXPECT_NODES", "x")],
        &["--expect-nodes", "5", "--expect-shards", "3"],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn each_deployment_of_a_fleet_takes_its_own_expectations() {
    let srv = Server::start(vec![Behavior::ok(&vanished())]);
    let home = tempdir();
    let mut text = String::new();
    for (name, nodes) in [("eu", 6), ("us", 5)] {
        let tok = write(home.path(), &format!("{name}.token"), b"tok-0123456789\n");
        private(&tok);
        text.push_str(&format!(
            "[profiles.{name}]\nurl = \"{}\"\ntoken_file = \"{}\"\nexpect_nodes = {nodes}\n",
            srv.url(),
            tok.display()
        ));
    }
    let cfg = write(home.path(), "config.toml", text.as_bytes());
    private(&cfg);
    let out = wa(home.path())
        .args(["check", "--all-profiles"])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("CRITICAL: eu: ")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("OK: us: ")), "{text}");
}

#[test]
fn each_range_form_moves_the_state_at_its_limit() {
    // multiconnect: 6 nodes, 4 up (UP, UP receiving offline), 0 in error,
    // shards 0-3 owned, the soonest build expires in 79 days; 1 warning (SC).
    let file = fixture("multiconnect.json");
    for (args, want) in [
        (&["--nodes-up-crit", "4:"][..], 1),
        (&["--nodes-up-crit", "5:"], 2),
        (&["--nodes-up-crit", "~:4"], 1),
        (&["--nodes-up-crit", "~:3"], 2),
        (&["--nodes-up-crit", "4:6"], 1),
        (&["--nodes-up-crit", "@4:6"], 2),
        (&["--nodes-up-crit", "@5:6"], 1),
        (&["--nodes-up-crit", "@0:4"], 2),
        (&["--nodes-up-crit", "@0:3"], 1),
        (&["--nodes-up-crit", "4"], 1),
        (&["--nodes-up-crit", "3"], 2),
        (&["--nodes-error-crit", "0"], 1),
        (&["--nodes-error-crit", "@0:0"], 2),
        (&["--unowned-shards-crit", "0"], 1),
        (&["--expiry-warn", "79:"], 1),
        (&["--expiry-crit", "79:", "--expiry-warn", "80:"], 1),
        (&["--expiry-crit", "80:", "--expiry-warn", "80:"], 2),
        (&["--expiry-crit", "@79:79", "--expiry-warn", "@0:100"], 2),
        (&["--expiry-crit", "@80:90", "--expiry-warn", "@0:100"], 1),
    ] {
        let (code, out, err) = check_file(&file, args);
        assert_eq!(code, want, "{args:?}: {out}{err}");
    }
    // The warning range alone, at its limit.
    let (code, out, _) = check_file(&file, &["--nodes-up-warn", "5:"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("WARNING: cluster: 4 node(s) connected, below 5 (--nodes-up-warn 5:) [count-out-of-range]"),
        "{out}"
    );
    let (code, out, _) = check_file(&file, &["--nodes-up-crit", "@0:4"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("CRITICAL: cluster: 4 node(s) connected, inside @0:4 (--nodes-up-crit @0:4) [count-out-of-range]"),
        "{out}"
    );
    // Unowned shards: 1 with 5 expected (already a critical shard-unowned);
    // the range adds a finding at its limit.
    for (range, alerts) in [("0", true), ("1", false), ("@1:1", true), ("2:", true)] {
        let (code, out, _) = check_file(
            &file,
            &["--unowned-shards-crit", range, "--expect-shards", "5"],
        );
        assert_eq!(code, 2);
        assert_eq!(out.contains("unowned shard(s)"), alerts, "{range}: {out}");
    }
    // Nodes in error: the node-error fixture.
    let (code, out, _) = check_file(
        &fixture("node-error.json"),
        &["--json", "--nodes-error-warn", "0"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(code >= 1);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "count-out-of-range"
                && f["message"].as_str().unwrap().contains("in error, above 0")),
        "{out}"
    );
}

#[test]
fn a_critical_range_looser_than_its_warning_is_unknown_on_one_line() {
    let file = fixture("multiconnect.json");
    for (args, names) in [
        (
            &["--nodes-up-warn", "3:", "--nodes-up-crit", "4:"][..],
            "--nodes-up-crit (4:) is looser than --nodes-up-warn (3:)",
        ),
        (
            &["--nodes-error-warn", "@2:5", "--nodes-error-crit", "1"],
            "--nodes-error-crit (1) is looser than --nodes-error-warn (@2:5)",
        ),
        (
            &["--unowned-shards-warn", "2", "--unowned-shards-crit", "1"],
            "--unowned-shards-crit (1) is looser than --unowned-shards-warn (2)",
        ),
        (
            &["--expiry-crit", "31:"],
            "--expiry-crit (31:) is looser than --expiry-warn (30:)",
        ),
    ] {
        let (code, out, _) = check_file(&file, args);
        assert_eq!(code, 3, "{args:?}: {out}");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.starts_with("WA-SUPPORT UNKNOWN - usage error: "),
            "{out}"
        );
        assert!(out.contains(names), "{args:?}: {out}");
        // show says the same with exit 2.
        let home = tempdir();
        let o = wa(home.path())
            .arg("show")
            .args(args)
            .arg("-f")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr_of(&o).contains(names), "{}", stderr_of(&o));
    }
}

#[test]
fn a_bare_expiry_number_keeps_its_meaning_with_a_deprecation_warning() {
    let file = fixture("multiconnect.json");
    let (code, out, err) = check_file(&file, &["--expiry-warn", "80", "--expiry-crit", "7"]);
    let (code2, out2, err2) = check_file(&file, &["--expiry-warn", "80:", "--expiry-crit", "7:"]);
    assert_eq!(
        (code, out.as_str()),
        (code2, out2.as_str()),
        "the same verdict and output"
    );
    assert!(out.contains("expiry_days=79;80:;7:"), "{out}");
    assert!(
        err.contains("--expiry-warn 80: a bare number is deprecated; it is read as 80: (fewer than 80 days), as before; write --expiry-warn 80:"),
        "{err}"
    );
    assert!(
        err.contains("--expiry-crit 7: a bare number is deprecated"),
        "{err}"
    );
    assert!(err2.is_empty(), "{err2}");
    assert!(!out.contains("deprecated"), "stdout stays the plugin's");
}

#[test]
fn perfdata_reads_back_by_the_guidelines_grammar() {
    let (code, out, _) = check_file(
        &fixture("multiconnect.json"),
        &[
            "--nodes-up-warn",
            "5:",
            "--nodes-up-crit",
            "@0:2",
            "--space-warn",
            "50GiB",
        ],
    );
    assert_eq!(code, 1, "{out}");
    let perf = parse_perfdata(out.lines().next().unwrap());
    let labels: Vec<&str> = perf.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "nodes",
            "nodes_up",
            "free_data",
            "free_logs",
            "expiry_days",
            "nodes_error",
            "unowned_shards"
        ]
    );
    let up = figure(&perf, "nodes_up");
    assert_eq!((up.value, up.uom.as_str()), (4.0, ""));
    assert_eq!(up.fields, ["5:", "@0:2", "0", "6"].map(String::from));
    let data = figure(&perf, "free_data");
    assert_eq!(data.uom, "B");
    assert_eq!(data.fields[..3], ["53687091200:", "1073741824:", "0"]);
    assert_eq!(figure(&perf, "expiry_days").value, 79.0);
    assert_eq!(figure(&perf, "expiry_days").fields[..2], ["30:", "7:"]);
    // No "no limit" value anywhere.
    assert!(!out.contains("9223372036853727000"), "{out}");
}

#[test]
fn per_node_perfdata_names_each_node_and_is_bounded() {
    let (code, out, _) = check_file(&fixture("multiconnect.json"), &["--perfdata", "per-node"]);
    assert_eq!(code, 1);
    let perf = parse_perfdata(out.lines().next().unwrap());
    let data: Vec<&Figure> = perf
        .iter()
        .filter(|f| f.label.starts_with("free_data "))
        .collect();
    assert_eq!(data.len(), 6, "{out}");
    assert_eq!(
        data[0].label,
        "free_data 10.210.71.84:wa-master-97145031111-0"
    );
    assert!(
        out.contains(" 'free_data 10.210.71.84:wa-master-97145031111-0'="),
        "{out}"
    );
    assert!(!perf.iter().any(|f| f.label == "free_data"));
    // 150 nodes with two directories each: 300 figures, bounded to 200.
    let mut nodes = serde_json::Map::new();
    for i in 0..150 {
        nodes.insert(
            format!("10.0.{}.{}:wa-coreapp-it's = {i}", i / 100, i % 100),
            serde_json::json!({"role": "coreapp", "shards": [[i, i]], "socket_conn": "UP",
                "free_space_data": 20u64 << 30, "free_space_logs": 20u64 << 30}),
        );
    }
    let home = tempdir();
    let file = write(
        home.path(),
        "big.json",
        &serde_json::to_vec(&serde_json::json!({ "support": nodes })).unwrap(),
    );
    let (code, out, _) = check_file(&file, &["--perfdata", "per-node"]);
    assert_eq!(code, 2, "no primary master, nobody owns -1: {out}");
    let perf = parse_perfdata(out.lines().next().unwrap());
    assert_eq!(perf.len(), 200);
    assert!(
        perf.iter()
            .any(|f| f.label == "free_data 10.0.0.0:wa-coreapp-it's = 0"),
        "{out}"
    );
    assert_eq!(
        out.lines().last().unwrap(),
        "perfdata: 104 per-node figure(s) left out (at most 200 figures; without --perfdata per-node, the worst node per directory)"
    );
    let (_, out, _) = check_file(&file, &[]);
    assert_eq!(parse_perfdata(out.lines().next().unwrap()).len(), 6);
    assert!(!out.contains("left out"), "{out}");
}
