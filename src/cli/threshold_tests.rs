use super::*;

fn words(s: &str) -> Vec<std::ffi::OsString> {
    s.split(' ').map(Into::into).collect()
}

fn parsed(s: &str) -> Result<ThresholdArgs, String> {
    match parse_args(words(s)) {
        Ok(Cli {
            command: Command::Check(a),
            ..
        }) => Ok(a.thresholds),
        Ok(_) => unreachable!("a check command line"),
        Err(e) => Err(first_error_line(&e)),
    }
}

#[test]
fn defaults_are_the_old_thresholds_and_no_counted_limits() {
    let t = parsed("wa check").unwrap().thresholds();
    assert_eq!(t, crate::diagnose::Thresholds::default());
    assert!(parsed("wa check").unwrap().deprecations().is_empty());
}

#[test]
fn expiry_takes_ranges_and_a_bare_number_keeps_its_meaning() {
    let a = parsed("wa check --expiry-warn 20: --expiry-crit @0:3").unwrap();
    assert_eq!(a.expiry_warn.range, "20:".parse().unwrap());
    assert_eq!(a.expiry_crit.range, "@0:3".parse().unwrap());
    assert!(a.deprecations().is_empty());
    let a = parsed("wa check --expiry-warn 30 --expiry-crit 7").unwrap();
    assert_eq!(a.expiry_warn.range, "30:".parse().unwrap());
    assert_eq!(a.expiry_crit.range, "7:".parse().unwrap());
    let notes = a.deprecations();
    assert_eq!(notes.len(), 2);
    assert!(
        notes[0].starts_with("--expiry-warn 30: a bare number is deprecated"),
        "{}",
        notes[0]
    );
    assert!(notes[0].contains("write --expiry-warn 30:"), "{}", notes[0]);
    assert!(
        notes[1].starts_with("--expiry-crit 7: a bare"),
        "{}",
        notes[1]
    );
    assert!(
        parsed("wa check --expiry-warn ~:x")
            .unwrap_err()
            .contains("not a number")
    );
}

#[test]
fn a_critical_range_looser_than_its_warning_is_refused() {
    for (line, option) in [
        (
            "wa check --nodes-up-warn 3: --nodes-up-crit 4:",
            "--nodes-up",
        ),
        (
            "wa check --nodes-error-warn 2 --nodes-error-crit 1",
            "--nodes-error",
        ),
        (
            "wa check --unowned-shards-warn @2:5 --unowned-shards-crit @1:5",
            "--unowned-shards",
        ),
        ("wa check --expiry-warn 5: --expiry-crit 6:", "--expiry"),
        ("wa check --expiry-crit 31:", "--expiry"),
    ] {
        let e = parsed(line).unwrap_err();
        assert!(
            e.contains(&format!("{option}-crit ("))
                && e.contains(&format!("is looser than {option}-warn (")),
            "{line}: {e}"
        );
    }
    // Equal, stricter, and one side only are fine.
    for line in [
        "wa check --nodes-up-warn 4: --nodes-up-crit 4:",
        "wa check --nodes-up-warn 4: --nodes-up-crit 2:",
        "wa check --nodes-error-warn 0 --nodes-error-crit @2:",
        "wa check --nodes-up-crit 9:",
        "wa check --unowned-shards-warn 0",
        "wa check --expiry-warn 7: --expiry-crit 7:",
    ] {
        assert!(parsed(line).is_ok(), "{line}: {:?}", parsed(line).err());
    }
    assert!(
        parsed("wa check --nodes-up-warn 5:2")
            .unwrap_err()
            .contains("start is above the end")
    );
}

#[test]
fn counted_ranges_and_expectations_reach_the_thresholds() {
    let t = parsed(
            "wa check --nodes-up-warn 4: --nodes-up-crit 2: --nodes-error-crit 0 --unowned-shards-warn ~:0 --expect-nodes 6 --expect-shards 4",
        )
        .unwrap()
        .thresholds();
    assert_eq!(t.counted.nodes_up.warn, Some("4:".parse().unwrap()));
    assert_eq!(t.counted.nodes_up.crit, Some("2:".parse().unwrap()));
    assert_eq!(t.counted.nodes_error.crit, Some("0".parse().unwrap()));
    assert_eq!(t.counted.nodes_error.warn, None);
    assert_eq!(t.counted.unowned_shards.warn, Some("~:0".parse().unwrap()));
    assert_eq!((t.expect.nodes, t.expect.shards), (Some(6), Some(4)));
    assert!(parsed("wa check --expect-nodes 0").is_err());
    assert!(parsed("wa check --expect-shards x").is_err());
}
