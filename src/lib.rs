//! wa-support: read the WhatsApp Business API client's `GET /v1/support`
//! answer and show it as tables a person can read at a glance.
//!
//! # The library API
//!
//! What another program would use to do what the tool does, in the order
//! data flows: the [`client`] that asks a server (with its [`error`]s), the
//! [`model`] of an answer (`SupportAnswer::from_slice`), the [`diagnose`]
//! rules that turn it into findings, the [`render`]ers (`show`'s text,
//! normalized JSON, Nagios checks, Prometheus, Markdown reports, diffs),
//! [`redact`]ion, and [`safe`] text from a server. Beside them: [`diff`]
//! of two answers, [`health`] cross-checks, support [`bundle`]s, the
//! [`explain`] runbooks and [`plugin_range`] thresholds. [`run_cli`] is the
//! whole program.
//!
//! The rest is private to the crate and wires those parts into the
//! command line: the `cli` arguments, the `settings` resolved from them
//! (with `config` files and saved `credentials`), the `source` the answer
//! is read from, the `commands` themselves, `fleet`s of deployments, the
//! `term`inal, the one `clock`, `secret`s and the `man` pages. The binary
//! only calls [`run_cli`].

pub mod bundle;
pub(crate) mod cli;
pub mod client;
pub(crate) mod clock;
pub(crate) mod commands;
pub(crate) mod config;
pub(crate) mod credentials;
pub mod diagnose;
pub mod diff;
pub mod error;
pub mod explain;
pub(crate) mod fleet;
pub mod health;
pub(crate) mod man;
pub mod model;
pub mod plugin_range;
pub mod redact;
pub mod render;
pub mod safe;
pub(crate) mod secret;
pub(crate) mod settings;
pub(crate) mod source;
pub(crate) mod term;

pub use commands::run_cli;
