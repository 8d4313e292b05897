//! wa-support: read the WhatsApp Business API client's `GET /v1/support`
//! answer and show it as tables a person can read at a glance.
//!
//! The library holds every part that can be tested alone: the [`model`] of
//! an answer, the HTTP [`client`], the [`diagnose`] rules and the
//! [`render`]ers. The binary only parses arguments and wires them together.

pub mod app;
pub mod cli;
pub mod client;
pub mod clock;
pub mod config;
pub mod diagnose;
pub mod error;
pub mod man;
pub mod model;
pub mod redact;
pub mod render;
pub mod safe;
pub mod secret;
pub mod settings;
pub mod watch;
