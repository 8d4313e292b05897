//! The runbook pages of the API error codes met in the field (1005 to
//! 1018): what the server meant and where to look.

use super::TICKET;
use crate::explain::Runbook;

/// Every API error code's page.
pub(super) const PAGES: &[Runbook] = &[
    Runbook {
        code: "1005",
        title: "API error: access denied",
        hint: "check the token (they expire after 7 days: `wa-support login --save`), then the build's expiry",
        meaning: "Bad credentials, an expired token, or an expired build (\"App expired: a version upgrade is required\").",
        check: &[
            "Log in again: `wa-support login --user admin --save`.",
            "Build expiry: `wa-support show` (EXPIRES).",
        ],
        attach: "the error line and the build's expiry",
    },
    Runbook {
        code: "1011",
        title: "API error: service not ready",
        hint: "read the coreapp (wacore) container's logs: is it starting or crash-looping?",
        meaning: "\"Wacore is not instantiated\": the coreapp behind the web app is not up yet, or keeps failing.",
        check: &[
            "Container state: `docker ps -a` / `kubectl get pods`.",
            "Its logs: `docker logs --since 30m <coreapp>`; lines starting with `W` are the errors.",
            "Wait a minute and ask again: `wa-support show`.",
        ],
        attach: TICKET,
    },
    Runbook {
        code: "1014",
        title: "API error: internal error",
        hint: "check that wacore runs and read its logs (the web app's connection to it may have timed out)",
        meaning: "An internal error; reported in the field when the web app's connection to wacore timed out.",
        check: &["Is wacore running? Its logs and the web app's logs."],
        attach: TICKET,
    },
    Runbook {
        code: "1015",
        title: "API error: too many requests",
        hint: "slow the callers down; a monitor every minute is plenty",
        meaning: "The web app refused the request for its rate.",
        check: &["Which callers hit the API how often?"],
        attach: "the request rate of the callers",
    },
    Runbook {
        code: "1016",
        title: "API error: system overloaded",
        hint: "check the webhook answers 200 quickly, and `callback_queue_size` in `/v1/stats/app`",
        meaning: "Callbacks pile up when the webhook does not answer 200; near 100K queued callbacks the system is overloaded.",
        check: &[
            "Does the webhook answer 200, fast? Its logs and latency.",
            "`callback_queue_size`: `curl -H 'Authorization: Bearer …' https://HOST:PORT/v1/stats/app` (`wa-support bundle` collects it).",
        ],
        attach: "`/v1/stats/app` and the webhook's logs",
    },
    Runbook {
        code: "1017",
        title: "API error: not the primary master",
        hint: "usually transient during a failover: retry, or point --url at the primary master",
        meaning: "A master-only request reached another node.",
        check: &["Retry in a minute; `wa-support show` names the primary master."],
        attach: "nothing unless it persists",
    },
    Runbook {
        code: "1018",
        title: "API error: not the primary coreapp",
        hint: "transient during a shard failover: retry",
        meaning: "The request reached a coreapp that does not own the shard, during a shard failover.",
        check: &["Retry in a minute; `wa-support show --watch` shows the failover end."],
        attach: "nothing unless it persists",
    },
];
