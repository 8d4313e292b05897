//! The integration tests: one binary, one module per concern. Most run the
//! real `wa-support` binary (with a cleared environment and, where it
//! matters, a realistic one: `WA_SUPPORT_*` set and a config file present)
//! against files and real HTTP(S) servers on 127.0.0.1; the rest feed the
//! library raw answers. Helpers live in `common`.

mod common;

mod bad_inputs;
mod bundle;
mod cli;
mod clock;
mod diffcmd;
mod explain;
mod fleet;
mod network;
mod properties;
mod reading;
mod redaction;
mod redaction_review;
mod relogin;
mod rendering;
mod report;
mod review_fixes;
mod server_text;
mod settings;
mod table_fit;
mod term_review;
mod thresholds;
mod verdicts;
mod watch;
