//! The runbook pages: one per finding code and per API error code met in
//! the field. Each fits a screen: what it means, what to check first and
//! next (with commands), and what to attach to a ticket.

mod api_errors;
mod findings;

use super::Runbook;

/// What a support desk asks for with every ticket.
const TICKET: &str = "`wa-support bundle` (or `wa-support report -O report.md`), the `/v1/health` answer, and the container logs of every node for the time of the incident";

/// Every page, finding codes first, then API error codes.
pub const PAGES: &[Runbook] = &ALL;

/// The two lists as one array, built at compile time.
const ALL: [Runbook; findings::PAGES.len() + api_errors::PAGES.len()] =
    concat(findings::PAGES, api_errors::PAGES);

/// `a` then `b` in one array of their combined length.
const fn concat<const N: usize>(a: &[Runbook], b: &[Runbook]) -> [Runbook; N] {
    let mut out = [a[0]; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[a.len() + j] = b[j];
        j += 1;
    }
    out
}
