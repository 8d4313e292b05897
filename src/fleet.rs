//! A fleet: several deployments (profiles of the config file) asked at
//! once, by `check --all-profiles` and `show`/`check --profile a,b,c`.
//!
//! Each deployment gets the settings a single `--profile NAME` would get
//! (timeout, CA, `insecure`: flag, else environment, else the profile),
//! except where they name one server: its URL and token are always the
//! profile's own. `--url`, `--token` and `--token-file` are usage errors
//! with a fleet, and `WA_SUPPORT_URL`, `WA_SUPPORT_TOKEN` and
//! `WA_SUPPORT_TOKEN_FILE` are left aside (one warning says so), so one
//! deployment's token never goes to another's server.
//!
//! The deployments are asked by at most [`MAX_PARALLEL`] threads at once;
//! each runs to its own end (a refusal, a timeout, a 401 or a bad answer
//! is that deployment's outcome, not the fleet's), and the results come
//! back in the order the profiles were given, whatever order they finish
//! in.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::cli::{FromEnv, GlobalArgs};
use crate::config::ConfigFile;
use crate::diagnose::{Finding, Thresholds, diagnose};
use crate::error::{Error, ErrorKind, Result};
use crate::redact::RedactOptions;
use crate::settings::Settings;
use crate::source::{Keep, Loaded, Source};
use crate::term::warn;

/// Most deployments asked at the same time.
pub const MAX_PARALLEL: usize = 10;

/// The deployments a command line names, and the config they come from
/// (read once).
#[derive(Debug, Clone)]
pub struct Plan {
    /// Profile names, in the order given (config order for
    /// `--all-profiles`), each once.
    pub names: Vec<String>,
    config: (PathBuf, ConfigFile),
}

/// One deployment's outcome.
#[derive(Debug)]
pub struct Deployment {
    /// The profile's name.
    pub name: String,
    /// The answer and its findings, or why none was obtained.
    pub outcome: std::result::Result<Read, Error>,
    /// How long the deployment took, settings to findings.
    pub elapsed: Duration,
}

/// An answer read from a deployment, with its findings.
#[derive(Debug)]
pub struct Read {
    /// The answer.
    pub loaded: Loaded,
    /// Its findings, most severe first.
    pub findings: Vec<Finding>,
}

fn usage(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Usage, msg)
}

/// The fleet the command line names, or `None` for one deployment (no
/// `--all-profiles`, and a `--profile` without a comma, or one that is the
/// name of a profile). Unknown profiles, a fleet with `--file`, `--url`,
/// `--token` or `--token-file`, and a config without profiles are usage
/// errors, found before anything is asked.
pub fn plan(g: &GlobalArgs, all_profiles: bool) -> Result<Option<Plan>> {
    let given = g.profile.as_deref().filter(|p| !p.trim().is_empty());
    let listed = given.filter(|p| p.contains(','));
    if !all_profiles && listed.is_none() {
        return Ok(None);
    }
    if all_profiles && given.is_some() && !g.from_env.profile {
        return Err(
            usage("--all-profiles and --profile name the deployments twice")
                .hint("pass one of them: --all-profiles, or --profile a,b,c"),
        );
    }
    // A list from WA_SUPPORT_PROFILE yields to --file, as a profile does.
    let by_flag = all_profiles || !g.from_env.profile;
    if g.file.is_some() {
        if by_flag {
            return Err(usage(
                "--file reads one saved answer; a fleet (--all-profiles, --profile a,b) asks each profile's server",
            )
            .hint("drop --file, or name one profile"));
        }
        return Ok(None);
    }
    for (flag, given, env) in [
        ("--url", g.url.is_some(), g.from_env.url),
        ("--token", g.token.is_some(), g.from_env.token),
        (
            "--token-file",
            g.token_file.is_some(),
            g.from_env.token_file,
        ),
    ] {
        if given && !env {
            return Err(usage(format!(
                "{flag} names one server; a fleet takes each profile's own URL and token"
            ))
            .hint(format!("drop {flag}, or put it in the profile")));
        }
    }
    let Some((path, cfg)) = crate::settings::load_config()? else {
        return Err(
            usage("a fleet needs a config file with profiles, and none was found")
                .hint("set WA_SUPPORT_CONFIG or HOME; see README, Profiles"),
        );
    };
    if listed.is_none() && cfg.profiles.is_empty() {
        return Err(usage(format!("no profiles in {}", path.display()))
            .hint("add [profiles.NAME] sections (see README, Profiles)"));
    }
    if !all_profiles && given.is_some_and(|p| cfg.profiles.contains_key(p)) {
        // A profile whose name holds a comma is one profile.
        return Ok(None);
    }
    let names = match listed.filter(|_| !all_profiles) {
        Some(list) => {
            let mut names: Vec<String> = Vec::new();
            for n in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                if !cfg.profiles.contains_key(n) {
                    // The same message as for one unknown profile.
                    cfg.profile(Some(n), &path)?;
                }
                if !names.iter().any(|m| m == n) {
                    names.push(n.to_string());
                }
            }
            if names.is_empty() {
                return Err(usage(format!("--profile \"{list}\" names no profile")));
            }
            names
        }
        None => config_order(&path, &cfg),
    };
    let env_left_aside: Vec<&str> = [
        (g.from_env.url && g.url.is_some(), "WA_SUPPORT_URL"),
        (g.from_env.token && g.token.is_some(), "WA_SUPPORT_TOKEN"),
        (
            g.from_env.token_file && g.token_file.is_some(),
            "WA_SUPPORT_TOKEN_FILE",
        ),
    ]
    .into_iter()
    .filter_map(|(set, var)| set.then_some(var))
    .collect();
    if !env_left_aside.is_empty() {
        warn(&format!(
            "{} not used: each deployment of a fleet takes its profile's own URL and token",
            env_left_aside.join(", ")
        ));
    }
    Ok(Some(Plan {
        names,
        config: (path, cfg),
    }))
}

/// The profiles in the order the config file lists them (its map is
/// sorted by name; the file is read again for the order).
fn config_order(path: &std::path::Path, cfg: &ConfigFile) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Order {
        #[serde(default)]
        profiles: BTreeMap<String, toml::Spanned<toml::Value>>,
    }
    let mut names: Vec<String> = cfg.profiles.keys().cloned().collect();
    let spans = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<Order>(&t).ok())
        .map(|o| o.profiles)
        .unwrap_or_default();
    names.sort_by_key(|n| spans.get(n).map_or(usize::MAX, |s| s.span().start));
    names
}

/// The settings of deployment `name`: as `--profile NAME` would have
/// them, with the profile's own URL and token.
fn settings_of(g: &GlobalArgs, plan: &Plan, name: &str) -> Result<Settings> {
    let mut gi = g.clone();
    gi.profile = Some(name.to_string());
    gi.url = None;
    gi.token = None;
    gi.token_file = None;
    gi.file = None;
    gi.from_env = FromEnv::default();
    let s = Settings::resolve_with(&gi, Some(Some(plan.config.clone())))?;
    if s.url.is_none() {
        return Err(usage(format!(
            "profile \"{}\" has no url",
            crate::render::safe(name)
        ))
        .hint("add url = \"https://HOST:PORT\" to the profile"));
    }
    Ok(s)
}

/// Asks every deployment of the plan, at most [`MAX_PARALLEL`] at once;
/// the outcomes come back in the plan's order.
pub fn query(
    g: &GlobalArgs,
    plan: &Plan,
    redaction: Option<RedactOptions>,
    t: &Thresholds,
) -> Vec<Deployment> {
    run_bounded(&plan.names, MAX_PARALLEL, |name| {
        let start = Instant::now();
        let outcome = settings_of(g, plan, name).and_then(|s| {
            let loaded = Source::open(&s)?.load(&s, redaction, Keep::default())?;
            let findings = diagnose(
                &loaded.answer,
                &t.or_expected(s.profile.expect()),
                crate::clock::now(),
            );
            Ok(Read { loaded, findings })
        });
        Deployment {
            name: name.clone(),
            outcome,
            elapsed: start.elapsed(),
        }
    })
}

/// Runs `job` on every item with at most `limit` threads, and returns the
/// results in the items' order, whatever order they finish in.
pub fn run_bounded<T, R, F>(items: &[T], limit: usize, job: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let workers = limit.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, job) = (&next, &job);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, job(item))).is_err() {
                        break;
                    }
                }
            });
        }
    });
    drop(tx);
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in rx {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn results_keep_the_items_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..20).collect();
        // Earlier items finish later.
        let out = run_bounded(&items, 8, |i| {
            std::thread::sleep(Duration::from_millis(20 - *i));
            i * 10
        });
        assert_eq!(out, items.iter().map(|i| i * 10).collect::<Vec<_>>());
        assert!(run_bounded(&Vec::<u8>::new(), 8, |i| *i).is_empty());
    }

    #[test]
    fn no_more_than_the_limit_run_at_once_and_the_limit_is_reached() {
        let running = Mutex::new((0usize, 0usize));
        let items: Vec<usize> = (0..30).collect();
        run_bounded(&items, 8, |_| {
            {
                let mut r = running.lock().unwrap();
                r.0 += 1;
                r.1 = r.1.max(r.0);
            }
            std::thread::sleep(Duration::from_millis(30));
            running.lock().unwrap().0 -= 1;
        });
        let (now, most) = *running.lock().unwrap();
        assert_eq!(now, 0);
        assert!(most <= 8, "{most} at once");
        assert!(most >= 2, "never ran two at once");
    }

    #[test]
    fn the_config_order_is_the_files_not_the_alphabets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let text = "default_profile = \"b\"\n[profiles.zeta]\nurl = \"https://z\"\n[profiles.\"a,b\"]\n[profiles.alpha]\ntimeout = 3\n[profiles.mid]\n";
        std::fs::write(&path, text).unwrap();
        let cfg = ConfigFile::parse(text, &path).unwrap();
        assert_eq!(config_order(&path, &cfg), ["zeta", "a,b", "alpha", "mid"]);
    }
}
