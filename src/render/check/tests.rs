use super::*;
use crate::render::testing::{NOW, findings, fixture_from};

fn check(name: &str) -> (CheckState, String) {
    let a = fixture_from(name, "wa");
    run(&a, &findings(&a))
}

#[test]
fn ok_line_and_perfdata() {
    let (s, out) = check("single-registered.json");
    assert_eq!(s, CheckState::Ok);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("WA-SUPPORT OK - 1 node(s), 1 connected, build 2.51.3 | nodes=1;;;0 nodes_up=1;;;0;1 free_logs=14269902848B;10737418240:;1073741824:;0 expiry_days=79;30:;7:"), "{first}");
    // The data directory reports no limit: no figure for it.
    assert!(!first.contains("free_data"), "{first}");
    assert!(first.contains("expiry_days=79;30:;7:"), "{first}");
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn critical_names_the_worst_finding() {
    let (s, out) = check("single-unregistered.json");
    assert_eq!(s, CheckState::Critical);
    assert_eq!(s.code(), 2);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("WA-SUPPORT CRITICAL - 4 critical, 1 warning(s) on 1 node(s): wa: "),
        "{first}"
    );
    assert!(
        out.lines().any(
            |l| l == "CRITICAL: wa: the business phone number is not registered [unregistered]"
        ),
        "{out}"
    );
}

#[test]
fn warning_state() {
    let (s, out) = check("multiconnect.json");
    assert_eq!(s, CheckState::Warning);
    assert!(out.starts_with("WA-SUPPORT WARNING - 0 critical, 1 warning(s) on 6 node(s): 10.210.71.93:wa-coreapp-97145031111-3: still connecting"), "{out}");
}

#[test]
fn unknown_keeps_one_line_without_pipes() {
    assert_eq!(
        render_unknown("a | b\nc"),
        "WA-SUPPORT UNKNOWN - a / b\\nc\n"
    );
    assert_eq!(render_unknown("a  b\tc"), "WA-SUPPORT UNKNOWN - a b\\tc\n");
    let u = render_unknown("x\u{1b}]0;pwned\u{7}\u{202e}");
    assert_eq!(u, "WA-SUPPORT UNKNOWN - x\\e]0;pwned\\a\\u{202e}\n");
}

fn answer(json: serde_json::Value) -> SupportAnswer {
    SupportAnswer::from_value(json, "wa").unwrap()
}

fn finding(severity: Severity, node: Option<&str>, message: &str) -> Finding {
    Finding {
        severity,
        code: crate::diagnose::FindingCode::SocketDown,
        node: node.map(Into::into),
        message: message.into(),
    }
}

fn run(a: &SupportAnswer, f: &[Finding]) -> (CheckState, String) {
    render_check(a, f, &Thresholds::default(), NOW.parse().unwrap())
}

/// Three nodes whose worst figures are neither first nor last.
fn three_nodes() -> SupportAnswer {
    let gib = 1u64 << 30;
    answer(serde_json::json!({"support": {
        "h:a": {"role": "coreapp", "shards": [[0, 0]], "socket_conn": "UP", "version": "v2.51.3",
                "free_space_data": 20 * gib, "free_space_logs": 9223372036853727000u64,
                "free_space_media_incoming": 9223372036853727000u64,
                "expire_timestamp": "2027-01-30T12:00:00"},
        "h:b": {"role": "coreapp", "shards": [[1, 1]], "socket_conn": "DN", "version": "v2.51.3",
                "free_space_data": 2 * gib, "free_space_logs": 7 * gib,
                "free_space_media_incoming": 9223372036853727000u64,
                "expire_timestamp": "2026-12-05T12:00:00"},
        "h:c": {"role": "coreapp", "shards": [[2, 2]], "socket_conn": "UP", "version": "2.53.1",
                "free_space_data": 30 * gib, "free_space_logs": 9 * gib,
                "free_space_media_incoming": 9223372036853727000u64,
                "expire_timestamp": "2027-03-01T12:00:00"},
    }}))
}

#[test]
fn perfdata_takes_the_worst_node_and_leaves_out_no_limit() {
    let a = three_nodes();
    let (state, out) = run(&a, &[]);
    assert_eq!(state, CheckState::Ok);
    let (text, perf) = out.trim_end().split_once(" | ").unwrap();
    assert_eq!(
        text,
        "WA-SUPPORT OK - 3 node(s), 2 connected, build 2.51.3, 2.53.1"
    );
    assert_eq!(
        perf,
        "nodes=3;;;0 nodes_up=2;;;0;3 free_data=2147483648B;10737418240:;1073741824:;0 \
             free_logs=7516192768B;10737418240:;1073741824:;0 expiry_days=10;30:;7: \
             nodes_error=0;;;0;3 unowned_shards=0;;;0"
    );
    // The "no limit" figure is in no perfdata, not even as a minimum.
    assert!(!out.contains("9223372036853727000"), "{out}");
    assert!(!out.contains("free_media"), "{out}");
}

#[test]
fn exactly_one_pipe_whatever_the_server_sends() {
    let a = answer(serde_json::json!({"support": {
        "h|1:a": {"role": "coreapp", "shards": [[0, 0]], "socket_conn": "DN",
                  "version": "v2|\u{1b}]0;pwned\u{7}"},
    }}));
    let f = [
        finding(
            Severity::Critical,
            Some("h|1:a"),
            "down | really\r\n\u{1b}[2J",
        ),
        finding(Severity::Warning, Some("x\u{202e}y"), "m\u{7}"),
    ];
    let (state, out) = run(&a, &f);
    assert_eq!(state, CheckState::Critical);
    assert_eq!(out.matches('|').count(), 1, "{out}");
    for bad in ['\x1b', '\x07', '\r', '\u{202e}'] {
        assert!(!out.contains(bad), "{bad:?} in {out}");
    }
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
            lines[0].starts_with(
                "WA-SUPPORT CRITICAL - 1 critical, 1 warning(s) on 1 node(s): h/1:a: down / really\\r\\n\\e[2J | nodes=1;;;0 nodes_up=0;;;0;1"
            ),
            "{out}"
        );
    assert_eq!(
        lines[1],
        "CRITICAL: h/1:a: down / really\\r\\n\\e[2J [socket-down]"
    );
    assert_eq!(lines[2], "WARNING: x\\u{202e}y: m\\a [socket-down]");
    // A healthy answer: the version in the summary is escaped too.
    let (_, ok) = run(&a, &[]);
    assert!(
        ok.starts_with("WA-SUPPORT OK - 1 node(s), 0 connected, build 2/\\e]0;pwned\\a | "),
        "{ok}"
    );
    assert_eq!(ok.matches('|').count(), 1, "{ok}");
}

#[test]
fn the_long_text_is_bounded() {
    let a = three_nodes();
    let many: Vec<Finding> = (0..120)
        .map(|i| finding(Severity::Note, None, &format!("note {i}")))
        .collect();
    let (state, out) = run(&a, &many);
    assert_eq!(state, CheckState::Ok);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + MAX_FINDING_LINES + 1, "{out}");
    assert_eq!(lines[1], "NOTE: cluster: note 0 [socket-down]");
    assert_eq!(
        lines[MAX_FINDING_LINES],
        "NOTE: cluster: note 49 [socket-down]"
    );
    assert_eq!(lines[MAX_FINDING_LINES + 1], "... and 70 more (see --json)");
    // Exactly the bound: no "more" line.
    let (_, out) = run(&a, &many[..MAX_FINDING_LINES]);
    assert_eq!(out.lines().count(), 1 + MAX_FINDING_LINES, "{out}");
    assert!(!out.contains("more"), "{out}");
}

#[test]
fn states_words_and_codes() {
    let all = [
        (CheckState::Ok, "OK", 0),
        (CheckState::Warning, "WARNING", 1),
        (CheckState::Critical, "CRITICAL", 2),
        (CheckState::Unknown, "UNKNOWN", 3),
    ];
    for (s, w, c) in all {
        assert_eq!(s.word(), w);
        assert_eq!(s.code(), c);
    }
    assert_eq!(CheckState::of(&[]), CheckState::Ok);
    let note = finding(Severity::Note, None, "n");
    let warn = finding(Severity::Warning, None, "w");
    let crit = finding(Severity::Critical, None, "c");
    assert_eq!(CheckState::of(std::slice::from_ref(&note)), CheckState::Ok);
    assert_eq!(
        CheckState::of(&[note.clone(), warn.clone()]),
        CheckState::Warning
    );
    assert_eq!(CheckState::of(&[warn, crit, note]), CheckState::Critical);
    // The JSON's status word says the same.
    for f in [&[][..], &[finding(Severity::Warning, None, "w")]] {
        assert_eq!(
            CheckState::of(f).word(),
            crate::render::json::status_word(f)
        );
    }
}

#[test]
fn a_warning_alone_is_named_in_the_summary() {
    let a = three_nodes();
    let f = [finding(Severity::Warning, None, "cluster-wide thing")];
    let (state, out) = run(&a, &f);
    assert_eq!(state, CheckState::Warning);
    assert!(
        out.starts_with(
            "WA-SUPPORT WARNING - 0 critical, 1 warning(s) on 3 node(s): cluster-wide thing | "
        ),
        "{out}"
    );
    assert_eq!(
        out.lines().nth(1),
        Some("WARNING: cluster: cluster-wide thing [socket-down]")
    );
}

#[test]
fn check_json_has_state_code_and_error() {
    let f = [finding(Severity::Warning, Some("n\u{202e}"), "m")];
    let j = render_check_json(CheckState::Warning, &f, None);
    assert!(!j.contains('\u{202e}'));
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(v["status"], "WARNING");
    assert_eq!(v["exit_code"], 1);
    assert!(v.get("error").is_none());
    assert_eq!(v["findings"][0]["node"], "n\u{202e}");
    let j = render_check_json(CheckState::Unknown, &[], Some("boom"));
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(v["status"], "UNKNOWN");
    assert_eq!(v["exit_code"], 3);
    assert_eq!(v["error"], "boom");
    assert!(j.ends_with("}\n"));
}

/// One figure read back by the guidelines' grammar:
/// `'label'=value[UOM];[warn];[crit];[min];[max]`.
#[derive(Debug, PartialEq)]
struct Parsed {
    label: String,
    value: f64,
    uom: String,
    rest: Vec<String>,
}

/// Splits perfdata on spaces outside quotes and reads each figure;
/// a quoted label may hold spaces and `''` for a quote.
fn parse_perf(perf: &str) -> Vec<Parsed> {
    let mut out = Vec::new();
    let mut chars = perf.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.peek().is_none() {
            return out;
        }
        let mut label = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next().expect("an unclosed quote") {
                    '\'' if chars.peek() == Some(&'\'') => {
                        chars.next();
                        label.push('\'');
                    }
                    '\'' => break,
                    c => label.push(c),
                }
            }
            assert_eq!(chars.next(), Some('='), "after {label}");
        } else {
            for c in chars.by_ref() {
                if c == '=' {
                    break;
                }
                assert!(c != ' ' && c != '\'', "unquoted label with {c:?}: {label}");
                label.push(c);
            }
        }
        let mut data = String::new();
        while let Some(&c) = chars.peek() {
            if c == ' ' {
                break;
            }
            data.push(c);
            chars.next();
        }
        let fields: Vec<&str> = data.split(';').collect();
        assert!((1..=5).contains(&fields.len()), "{data}");
        let num_end = fields[0]
            .find(|c: char| !(c.is_ascii_digit() || "-.".contains(c)))
            .unwrap_or(fields[0].len());
        let (value, uom) = fields[0].split_at(num_end);
        assert!(
            ["", "s", "ms", "us", "%", "B", "KB", "MB", "TB", "c"].contains(&uom),
            "UOM {uom}"
        );
        for range in &fields[1..3.min(fields.len())] {
            if !range.is_empty() {
                range.parse::<PluginRange>().unwrap();
            }
        }
        for bound in fields.iter().skip(3) {
            assert!(bound.is_empty() || bound.parse::<f64>().is_ok(), "{bound}");
        }
        out.push(Parsed {
            label,
            value: value.parse().unwrap(),
            uom: uom.to_string(),
            rest: fields[1..].iter().map(ToString::to_string).collect(),
        });
    }
}

fn perf_of(out: &str) -> Vec<Parsed> {
    let first = out.lines().next().unwrap();
    assert_eq!(first.matches('|').count(), 1, "{first}");
    parse_perf(first.split_once(" | ").unwrap().1)
}

#[test]
fn labels_are_quoted_where_needed_and_read_back() {
    assert_eq!(perf_label("free_data"), "free_data");
    assert_eq!(perf_label("free_data h:a/b-1.2"), "'free_data h:a/b-1.2'");
    assert_eq!(perf_label("a=b"), "'a=b'");
    assert_eq!(perf_label("it's"), "'it''s'");
    assert_eq!(perf_label("x|y"), "x/y");
    assert_eq!(perf_label(""), "''");
    assert_eq!(perf_label("a\u{1b}[2J"), "'a\\e[2J'");
    assert_eq!(perf_label(&"n".repeat(500)).chars().count(), MAX_LABEL + 2);
    // At the limit a label is kept whole; one more is cut.
    assert_eq!(perf_label(&"n".repeat(MAX_LABEL)), "n".repeat(MAX_LABEL));
    let cut = perf_label(&"n".repeat(MAX_LABEL + 1));
    assert_eq!(cut, format!("'{}…'", "n".repeat(MAX_LABEL - 1)));
    let parsed = parse_perf("'it''s a=b'=5B;1:;;0 plain=3");
    assert_eq!(parsed[0].label, "it's a=b");
    assert_eq!((parsed[0].value, parsed[0].uom.as_str()), (5.0, "B"));
    assert_eq!(parsed[0].rest, ["1:", "", "0"]);
    assert_eq!(parsed[1].label, "plain");
}

#[test]
fn thresholds_are_written_as_ranges() {
    let a = three_nodes();
    let mut t = Thresholds::default();
    t.counted.nodes_up.warn = Some("3:".parse().unwrap());
    t.counted.nodes_up.crit = Some("@0:1".parse().unwrap());
    t.counted.nodes_error.crit = Some("0".parse().unwrap());
    t.counted.unowned_shards.warn = Some("~:0".parse().unwrap());
    t.expiry_warn = "@10:20".parse().unwrap();
    t.expect.nodes = Some(4);
    let (_, out) = render_check(&a, &[], &t, NOW.parse().unwrap());
    let perf = perf_of(&out);
    let get = |l: &str| perf.iter().find(|p| p.label == l).unwrap();
    assert_eq!(get("nodes").rest, ["~:4", "4:", "0"]);
    assert_eq!(get("nodes_up").rest, ["3:", "@0:1", "0", "3"]);
    assert_eq!(get("nodes_error").rest, ["", "0", "0", "3"]);
    assert_eq!(get("unowned_shards").rest, ["~:0", "", "0"]);
    assert_eq!(get("expiry_days").rest, ["@10:20", "7:"]);
    assert_eq!(get("expiry_days").uom, "");
    assert_eq!(get("free_data").uom, "B");
    assert_eq!(get("free_data").value, 2147483648.0);
    // Counts carry no unit; every figure has the 5-field grammar.
    for p in &perf {
        assert!(p.uom.is_empty() || p.label.starts_with("free_"), "{p:?}");
    }
}

#[test]
fn per_node_perfdata_gives_each_node_and_directory() {
    let a = three_nodes();
    let t = Thresholds::default();
    let (_, out) = render_check_with(&a, &[], &t, NOW.parse().unwrap(), PerfMode::PerNode);
    let labels: Vec<String> = perf_of(&out).into_iter().map(|p| p.label).collect();
    assert_eq!(
        labels,
        [
            "nodes",
            "nodes_up",
            "free_data h:a",
            "free_data h:b",
            "free_data h:c",
            "free_logs h:b",
            "free_logs h:c",
            "expiry_days",
            "nodes_error",
            "unowned_shards"
        ]
    );
    assert!(
        out.contains(" 'free_data h:b'=2147483648B;10737418240:;1073741824:;0 "),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn per_node_perfdata_is_bounded_and_says_so() {
    let gib = 1u64 << 30;
    let make = |count: usize| {
        let mut nodes = serde_json::Map::new();
        for i in 0..count {
            nodes.insert(
                format!("h:{i:03}"),
                serde_json::json!({"role": "coreapp", "shards": [[i, i]], "socket_conn": "UP",
                        "free_space_data": 20 * gib, "free_space_logs": 20 * gib}),
            );
        }
        answer(serde_json::json!({ "support": nodes }))
    };
    let t = Thresholds::default();
    // 4 fixed figures (nodes, nodes_up, nodes_error, unowned_shards):
    // room for 196 per-node ones, 2 per node.
    let (_, out) = render_check_with(&make(98), &[], &t, NOW.parse().unwrap(), PerfMode::PerNode);
    assert_eq!(perf_of(&out).len(), MAX_PERF_FIGURES);
    assert_eq!(out.lines().count(), 1, "{out}");
    let (_, out) = render_check_with(&make(99), &[], &t, NOW.parse().unwrap(), PerfMode::PerNode);
    let perf = perf_of(&out);
    assert_eq!(perf.len(), MAX_PERF_FIGURES);
    assert_eq!(
        perf.last().unwrap().label,
        "unowned_shards",
        "fixed figures stay"
    );
    // With a fifth fixed figure (the days to expiry) the room shrinks by
    // one and the total is still the bound.
    let mut with_expiry = make(99);
    for n in &mut with_expiry.nodes {
        n.info.expire_timestamp = Some("2027-06-01T00:00:00Z".into());
    }
    let (_, out2) = render_check_with(
        &with_expiry,
        &[],
        &t,
        NOW.parse().unwrap(),
        PerfMode::PerNode,
    );
    let perf2 = perf_of(&out2);
    assert_eq!(perf2.len(), MAX_PERF_FIGURES, "{out2}");
    assert!(perf2.iter().any(|f| f.label == "expiry_days"), "{out2}");
    assert_eq!(
        out.lines().last().unwrap(),
        "perfdata: 2 per-node figure(s) left out (at most 200 figures; without --perfdata per-node, the worst node per directory)"
    );
    let (_, out) = render_check(&make(99), &[], &t, NOW.parse().unwrap());
    assert_eq!(perf_of(&out).len(), 6);
}
