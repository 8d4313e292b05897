//! `bundle`: everything a ticket needs from a live deployment in one
//! `.tar.gz` — the answers of `/v1/support`, `/v1/health`,
//! `/v1/stats/app`, `/v1/stats/db` and `/metrics` (each best effort), the
//! findings (with the `/v1/health` cross-check) and the Markdown report,
//! with a manifest. Redacted by default with one state for every file, so
//! a node has the same pseudonym in each.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::bundle::{ENDPOINTS, Entry, Redaction, WriteOptions, endpoint_file_name};
use crate::cli::{BundleArgs, GlobalArgs};
use crate::client::{Client, Fetched, Target};
use crate::diagnose::{Finding, Severity, diagnose};
use crate::error::{Error, ErrorKind, Result};
use crate::health::{HealthAnswer, cross_check};
use crate::model::SupportAnswer;
use crate::redact::{Aliases, RedactOptions, redact_all};
use crate::render::report::{ReportContext, write_report};
use crate::settings::Settings;
use crate::term::{message, warn, write_out};

/// The findings file inside a bundle.
pub const FINDINGS_FILE: &str = "findings.json";

/// The report inside a bundle.
pub const REPORT_FILE: &str = "report.md";

/// The `format` of `findings.json`.
pub const FINDINGS_FORMAT: &str = "wa-support-findings/1";

/// One endpoint's outcome.
struct Got {
    endpoint: &'static str,
    result: Result<Fetched>,
    duration: Duration,
}

/// A body as it goes into the bundle: a JSON document (redacted as one
/// with the others) or text.
enum Body {
    Json(Value),
    Text(Vec<u8>),
}

/// Runs `bundle`; 0 when the bundle was written.
pub fn bundle(g: &GlobalArgs, args: &BundleArgs, out: &mut dyn Write) -> Result<u8> {
    let s = Settings::resolve(g)?;
    if s.file.is_some() {
        return Err(Error::new(
            ErrorKind::Usage,
            "bundle collects from a live server; --file is not accepted",
        )
        .hint(
            "give --url (or a profile); to read a bundle: wa-support show --file BUNDLE.tar.gz",
        ));
    }
    let Some(url) = s.url.clone() else {
        return Err(Error::new(ErrorKind::Usage, "no server given")
            .hint("pass --url https://HOST:PORT (or set WA_SUPPORT_URL, or use a profile)"));
    };
    let target = Target::parse(&url)?;
    let redaction = (!args.no_redact).then_some(RedactOptions {
        hosts: args.redact_hosts,
    });
    let created = whole_seconds(crate::clock::now());
    let alias = alias(&s, &target, args.redact_hosts);
    let path = output_path(
        args.output.as_deref(),
        &redacted_alias(&alias, args.redact_hosts, &target, None),
        created,
    );
    if args.dry_run {
        let text = dry_run(&s, &target, redaction, &path, args.force);
        write_out(out, text.as_bytes())?;
        return Ok(0);
    }
    let token = s.read_token(&url)?;
    let client = crate::source::connect(&s, &url, token)?;
    let got = collect(&s, &client);
    if got.iter().all(|g| g.result.is_err()) {
        // Nothing answered: the first failure (`/v1/support`'s) says why.
        let mut got = got;
        return Err(got
            .remove(0)
            .result
            .err()
            .unwrap_or_else(|| Error::new(ErrorKind::Network, "no endpoint answered")));
    }
    let mut known = s.known_secrets();
    let renewed = crate::credentials::renewed(&s);
    known.extend(renewed.as_ref().map(|(_, t)| t));

    // Bodies, known secrets masked; JSON ones parsed for redaction.
    let mut bodies: Vec<Option<(u16, Body)>> = Vec::with_capacity(got.len());
    for g in &got {
        bodies.push(g.result.as_ref().ok().map(|f| {
            let raw = crate::secret::mask_known(f.body.clone(), &known);
            let body = match (g.endpoint, crate::model::parse_body(&raw)) {
                ("/metrics", _) | (_, Err(_)) => Body::Text(raw),
                (_, Ok((v, _))) if redaction.is_some() => Body::Json(v),
                // Not redacted: kept byte for byte as sent.
                _ => Body::Text(raw),
            };
            (f.status, body)
        }));
    }
    let host = target.host_port();
    let mut aliases: Option<Aliases> = redaction.map(|opts| {
        let mut docs: Vec<&mut Value> = bodies
            .iter_mut()
            .filter_map(|b| match b {
                Some((_, Body::Json(v))) => Some(v),
                _ => None,
            })
            .collect();
        let mut a = redact_all(&mut docs, opts, &[host.as_str()]);
        // Numbers and hosts named in any text (the metrics, an error) are
        // known before the first text is redacted.
        for (g, b) in got.iter().zip(&bodies) {
            match (b, &g.result) {
                (Some((_, Body::Text(raw))), _) => a.learn_text(&String::from_utf8_lossy(raw)),
                (_, Err(e)) => a.learn_text(&e.to_string()),
                _ => {}
            }
        }
        a
    });
    let mut entries = Vec::with_capacity(ENDPOINTS.len() + 2);
    let mut texts: Vec<Option<Vec<u8>>> = Vec::with_capacity(got.len());
    for (g, b) in got.iter().zip(bodies) {
        let bytes = b.map(|(_, body)| match body {
            Body::Json(v) => {
                let mut t = serde_json::to_vec_pretty(&v).unwrap_or_default();
                t.push(b'\n');
                t
            }
            Body::Text(raw) => match &mut aliases {
                Some(a) => a.redact_text(&String::from_utf8_lossy(&raw)).into_bytes(),
                None => raw,
            },
        });
        match &g.result {
            Ok(f) => entries.push(Entry::answered(
                g.endpoint,
                f.status,
                bytes.clone().unwrap_or_default(),
                g.duration,
            )),
            Err(e) => {
                let why = match &mut aliases {
                    Some(a) => a.redact_text(&e.to_string()),
                    None => e.to_string(),
                };
                warn(&format!(
                    "{}: {}; recorded in the manifest",
                    g.endpoint,
                    crate::render::safe(&why)
                ));
                entries.push(Entry::failed(g.endpoint, why, e.status(), None, g.duration));
            }
        }
        texts.push(bytes);
    }
    let name = match &aliases {
        Some(a) if a.options().hosts => a.apply(&host),
        _ => host.clone(),
    };
    // The name can only now be the redaction's pseudonym for the host.
    let path = match &aliases {
        Some(a) if args.redact_hosts && args.output.as_deref().is_none_or(Path::is_dir) => {
            output_path(
                args.output.as_deref(),
                &redacted_alias(&alias, true, &target, Some(a)),
                created,
            )
        }
        _ => path,
    };
    let thresholds = args.thresholds.thresholds().or_expected(s.expect);
    let now = crate::clock::now();
    let support = texts[0].as_deref().and_then(|t| {
        SupportAnswer::from_text(t, &name)
            .map_err(|e| {
                warn(&format!(
                    "/v1/support: the answer could not be read ({}); no findings or report in the bundle",
                    crate::render::safe(&e.to_string())
                ))
            })
            .ok()
    });
    let mut health_compared = false;
    let mut findings: Vec<Finding> = Vec::new();
    if let Some(answer) = &support {
        findings = diagnose(answer, &thresholds, now);
        if let Some(h) = texts[1].as_deref() {
            match HealthAnswer::from_slice(h, &name) {
                Ok(h) => {
                    health_compared = true;
                    findings.extend(
                        cross_check(answer, &h)
                            .into_iter()
                            .filter_map(super::health::to_finding),
                    );
                }
                Err(e) => warn(&format!(
                    "/v1/health: the answer could not be read ({}); not compared",
                    crate::render::safe(&e.to_string())
                )),
            }
        }
    }
    let summary = aliases.as_ref().map(Aliases::summary);
    if let Some(answer) = &support {
        let generated_at = crate::clock::now_rfc3339();
        entries.push(Entry::file(
            FINDINGS_FILE,
            findings_json(&findings, &name, &generated_at),
        ));
        let json = crate::safe::json_safe(
            String::from_utf8_lossy(texts[0].as_deref().unwrap_or_default()).trim_end(),
        );
        let ctx = ReportContext {
            generated_at,
            target: name.clone(),
            redaction: summary.clone().unwrap_or_default(),
        };
        let mut report = Vec::new();
        let _ = write_report(&mut report, answer, &findings, &json, &ctx);
        entries.push(Entry::file(REPORT_FILE, report));
    }
    let redaction_record = match (&summary, redaction) {
        (Some(summary), Some(opts)) => Redaction {
            applied: true,
            hosts: opts.hosts,
            summary: summary.clone(),
        },
        _ => Redaction::none(),
    };
    let mut context = Map::new();
    context.insert("target".into(), json!(name));
    context.insert("health_compared".into(), json!(health_compared));
    context.insert("findings".into(), counts(&findings));
    let opts = WriteOptions {
        created,
        redaction: redaction_record,
        context,
        overwrite: args.force,
    };
    crate::bundle::write(&path, &entries, &opts)?;
    if redaction.is_none() {
        warn(&format!(
            "{} holds phone numbers, secrets and tokens in clear (--no-redact); do not attach it to a ticket as is",
            crate::render::safe(&path.display().to_string())
        ));
    }
    message(&format!(
        "bundle written to {}",
        crate::render::safe(&path.display().to_string())
    ));
    Ok(0)
}

/// GETs every endpoint once, best effort: `/v1/support` (logging in again
/// when the profile remembers a login), then the others with the same
/// (or the renewed) token.
fn collect(s: &Settings, client: &Client) -> Vec<Got> {
    let mut got = Vec::with_capacity(ENDPOINTS.len());
    let start = Instant::now();
    let support = crate::credentials::fetch_support(client, s);
    got.push(Got {
        endpoint: ENDPOINTS[0].0,
        result: support,
        duration: start.elapsed(),
    });
    let renewed = crate::credentials::renewed(s);
    let c = renewed.as_ref().map_or(client, |(c, _)| c);
    for (endpoint, _) in &ENDPOINTS[1..] {
        let start = Instant::now();
        let result = c.fetch(endpoint).map_err(|e| s.explain(e));
        got.push(Got {
            endpoint,
            result,
            duration: start.elapsed(),
        });
    }
    got
}

/// The host alias a bundle is named after: the profile's name when the
/// URL is the profile's, else the URL's host; with `--redact-hosts` and no
/// profile, `wa-support` (the file name would give the host away).
fn alias(s: &Settings, target: &Target, redact_hosts: bool) -> String {
    let from_profile = s.profile.url.is_some() && s.profile.url == s.url;
    match (from_profile, redact_hosts) {
        (true, _) => s.profile_name.clone(),
        (false, true) => "wa-support".to_string(),
        (false, false) => target.host.clone(),
    }
}

/// With `--redact-hosts`, an alias that gives a host away becomes
/// `wa-support`: one that is or holds an address or a host name (a
/// profile `login --save` named after the host), the target's host, or a
/// host the redaction knows (`aliases`, once the answers are read).
fn redacted_alias(
    alias: &str,
    redact_hosts: bool,
    target: &Target,
    aliases: Option<&Aliases>,
) -> String {
    let host = target.host.trim_start_matches('[').trim_end_matches(']');
    let gives_away = crate::redact::looks_like_host(alias)
        || alias
            .split(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
            .any(|w| w.eq_ignore_ascii_case(host))
        || aliases.is_some_and(|a| a.apply(alias) != alias);
    if redact_hosts && gives_away {
        "wa-support".to_string()
    } else {
        alias.to_string()
    }
}

/// `-O`: a directory gets the bundle's own name inside it; no `-O` is the
/// current directory.
fn output_path(output: Option<&Path>, alias: &str, created: jiff::Timestamp) -> PathBuf {
    let name = crate::bundle::file_name(alias, created);
    match output {
        Some(p) if p.is_dir() => p.join(name),
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(name),
    }
}

fn whole_seconds(t: jiff::Timestamp) -> jiff::Timestamp {
    jiff::Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// What `--dry-run` prints: what would be asked, from where, and where
/// the bundle would go.
fn dry_run(
    s: &Settings,
    target: &Target,
    redaction: Option<RedactOptions>,
    path: &Path,
    force: bool,
) -> String {
    use std::fmt::Write as _;
    let mut t = String::new();
    let base = crate::client::mask::mask_url(&target.url(""));
    let _ = writeln!(
        t,
        "Dry run: nothing is sent and no token is read.\n\nWould collect from {}:",
        crate::render::safe(&base)
    );
    for (endpoint, _) in ENDPOINTS {
        let _ = writeln!(
            t,
            "  GET {endpoint:<14} -> {}",
            endpoint_file_name(endpoint)
        );
    }
    let _ = writeln!(
        t,
        "and add {FINDINGS_FILE} (findings with the /v1/health cross-check), {REPORT_FILE} and {}.",
        crate::bundle::MANIFEST_FILE
    );
    let _ = writeln!(
        t,
        "\nRedaction: {}",
        match redaction {
            Some(RedactOptions { hosts: true }) => "phone numbers, secrets, tokens and host names",
            Some(_) => "phone numbers, secrets and tokens",
            None => "none (--no-redact): the files would hold them in clear",
        }
    );
    let shown = crate::render::safe(&path.display().to_string()).into_owned();
    let exists = if path.exists() && !force {
        " (exists: it would not be replaced without --force)"
    } else {
        ""
    };
    let _ = writeln!(t, "Would write: {shown}, mode 0600{exists}");
    if s.verbose {
        let _ = writeln!(t, "Timeout per request: {} s", s.timeout.as_secs_f64());
    }
    t
}

/// `findings.json`: every finding with its fix hint.
fn findings_json(findings: &[Finding], target: &str, generated_at: &str) -> Vec<u8> {
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "severity": f.severity,
                "code": f.code,
                "node": f.node,
                "message": f.message,
                "hint": crate::explain::hint(f.code.as_str()),
            })
        })
        .collect();
    let doc = json!({
        "format": FINDINGS_FORMAT,
        "target": target,
        "generated_at": generated_at,
        "counts": counts(findings),
        "findings": list,
    });
    let mut t = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    t.push(b'\n');
    t
}

fn counts(findings: &[Finding]) -> Value {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    json!({
        "critical": n(Severity::Critical),
        "warning": n(Severity::Warning),
        "note": n(Severity::Note),
    })
}
