//! `--health` on `show`, `check` and `report`: `/v1/health` read from the
//! server (or from the bundle given with `--file`), compared node by node
//! with the `/v1/support` answer already loaded. Its findings join the
//! others; a health answer that cannot be had is a warning, never an error.

use serde_json::Value;

use crate::diagnose::{Finding, FindingCode};
use crate::error::Result;
use crate::health::{HealthAnswer, HealthFinding, cross_check};
use crate::settings::Settings;
use crate::source::{Loaded, Origin, Source};
use crate::term::warn;

/// The endpoint read.
pub const HEALTH: &str = "/v1/health";

/// A health finding as a [`Finding`]; every health code is a
/// [`FindingCode`] (a test holds this), so none is dropped.
pub fn to_finding(h: HealthFinding) -> Option<Finding> {
    Some(Finding {
        severity: h.severity,
        code: FindingCode::from_code(h.code)?,
        node: h.node,
        message: h.message,
    })
}

/// With `on` (`--health`), the cross-check's findings for `loaded`;
/// nothing otherwise, or (with a warning on stderr) when `/v1/health`
/// cannot be fetched, read or parsed.
pub fn findings(on: bool, s: &Settings, source: &Source, loaded: &Loaded) -> Vec<Finding> {
    if !on {
        return Vec::new();
    }
    match health_of(s, source, loaded) {
        Ok(Some(h)) => cross_check(&loaded.answer, &h)
            .into_iter()
            .filter_map(to_finding)
            .collect(),
        Ok(None) => Vec::new(),
        Err(e) => {
            let why = match &loaded.aliases {
                Some(a) => a.apply(&e.to_string()),
                None => e.to_string(),
            };
            warn(&format!(
                "--health: /v1/health was not compared: {}",
                crate::render::safe(&why)
            ));
            Vec::new()
        }
    }
}

/// The `/v1/health` answer for `source`, redacted as `loaded` was.
fn health_of(s: &Settings, source: &Source, loaded: &Loaded) -> Result<Option<HealthAnswer>> {
    let body = match source {
        Source::Server(c) => {
            let renewed = crate::credentials::renewed(s);
            let client = renewed.as_ref().map_or(&**c, |(c, _)| c);
            let got = client.fetch(HEALTH).map_err(|e| s.explain(e))?;
            let mut known = s.known_secrets();
            known.extend(renewed.as_ref().map(|(_, t)| t));
            crate::secret::mask_known(got.body, &known)
        }
        Source::File(path) => {
            let is_bundle = std::fs::File::open(path)
                .and_then(|mut f| {
                    let mut magic = [0u8; 2];
                    std::io::Read::read_exact(&mut f, &mut magic).map(|()| magic)
                })
                .is_ok_and(|m| crate::bundle::is_bundle(&m));
            if !is_bundle {
                warn(
                    "--health: a saved answer holds no /v1/health; give a bundle (wa-support bundle) or a server",
                );
                return Ok(None);
            }
            let body = crate::bundle::read_endpoint(path, HEALTH)?;
            crate::secret::mask_known(body, &s.known_secrets())
        }
        Source::Stdin => {
            warn(
                "--health: standard input holds no /v1/health; give a bundle (wa-support bundle) or a server",
            );
            return Ok(None);
        }
    };
    let mut single = loaded.origin.single_node_name();
    let (mut value, decoding): (Value, _) = crate::model::parse_body(&body)?;
    drop(body);
    if let Some(a) = &loaded.aliases {
        let mut a = a.clone();
        a.redact_more(&mut value);
        if a.options().hosts {
            single = a.apply(&single);
        }
    }
    if let Origin::File(_) = loaded.origin {
        single = "local".to_string();
    }
    let mut answer = HealthAnswer::from_value(value, &single)?;
    answer.decoding = decoding;
    Ok(Some(answer))
}
