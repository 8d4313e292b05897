//! wa-support: read the WhatsApp Business API client's `GET /v1/support`
//! answer and show it as tables a person can read at a glance.
//!
//! The library holds every part that can be tested alone, in the order
//! data flows: the [`cli`] arguments, the [`settings`] resolved from them,
//! the [`source`] the answer is read from, the [`model`] of an answer, the
//! [`diagnose`] rules and the [`render`]ers; the [`commands`] wire them
//! together and [`term`] owns the terminal. The HTTP [`client`] reaches the
//! server. The binary only parses arguments and maps the outcome to an
//! exit code.

pub mod bundle;
pub mod cli;
pub mod client;
pub mod clock;
pub mod commands;
pub mod config;
pub mod credentials;
pub mod diagnose;
pub mod diff;
pub mod error;
pub mod explain;
pub mod fleet;
pub mod health;
pub mod man;
pub mod model;
pub mod plugin_range;
pub mod redact;
pub mod render;
pub mod safe;
pub mod secret;
pub mod settings;
pub mod source;
pub mod term;

/// `show --watch`, at its old path.
pub use commands::watch;
