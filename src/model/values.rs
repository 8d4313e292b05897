//! The values a node reports, as types that carry their meaning: a byte
//! count, a role, a socket state, a shard range, versions. Values this
//! version does not know are kept as sent (`Other`, `Text`).

use std::fmt;

use serde::Serialize;

use crate::safe::ServerText;

/// A byte count, exact up to 2^64-1 (free-space values near 2^63 occur).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Bytes(pub u64);

impl Bytes {
    /// Values from 2^62 (4 EiB) up mean "no limit reported": servers send
    /// figures near 2^63 (the spec's 9223372036853727000) for a directory
    /// without a quota. No real file system has that much free space.
    pub const UNLIMITED_FROM: u64 = 1 << 62;

    /// True for the "no limit reported" sentinel (see [`Bytes::UNLIMITED_FROM`]).
    pub fn is_unlimited(&self) -> bool {
        self.0 >= Self::UNLIMITED_FROM
    }

    /// Binary units ("12.50 GiB", "384 GiB"), for people. Rounded down, so
    /// a value just below a unit never reads as the unit ("1023.99 MiB",
    /// not "1024.00 MiB").
    pub fn human(&self) -> String {
        const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        let mut unit = 0;
        while unit + 1 < UNITS.len() && self.0 >> (10 * (unit + 1)) > 0 {
            unit += 1;
        }
        let (whole, rest) = (self.0 >> (10 * unit), self.0 & ((1u64 << (10 * unit)) - 1));
        if rest == 0 {
            return format!("{whole} {}", UNITS[unit]);
        }
        let hundredths = (u128::from(rest) * 100) >> (10 * unit);
        format!("{whole}.{hundredths:02} {}", UNITS[unit])
    }
}

/// A node's job in a multi-connect or high-availability setup.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    PrimaryMaster,
    SecondaryMaster,
    Coreapp,
    /// A value this version does not know, kept as sent.
    Other(ServerText),
}

impl Role {
    /// Reads a role as servers spell it (any case); unknown ones are kept.
    pub(super) fn parse(s: &str) -> Role {
        match s.trim().to_ascii_lowercase().as_str() {
            "primary_master" => Role::PrimaryMaster,
            "secondary_master" => Role::SecondaryMaster,
            "coreapp" => Role::Coreapp,
            _ => Role::Other(s.into()),
        }
    }

    /// The value as the server spells it, raw: for comparisons and JSON
    /// (`Display` shows it escaped).
    pub fn raw(&self) -> &str {
        match self {
            Role::PrimaryMaster => "primary_master",
            Role::SecondaryMaster => "secondary_master",
            Role::Coreapp => "coreapp",
            Role::Other(s) => s.raw(),
        }
    }

    /// Sort rank: primary, secondary, coreapps, others.
    pub fn rank(&self) -> u8 {
        match self {
            Role::PrimaryMaster => 0,
            Role::SecondaryMaster => 1,
            Role::Coreapp => 2,
            Role::Other(_) => 3,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Other(s) => s.fmt(f),
            known => f.pad(known.raw()),
        }
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.raw())
    }
}

/// The node's connection to the WhatsApp servers (`socket_conn`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SocketState {
    /// `UP`: connected.
    Up,
    /// `DN`: disconnected.
    Down,
    /// `SC`: connecting.
    Connecting,
    /// `UP receiving offline`: connected, receiving offline messages.
    UpReceivingOffline,
    /// `UNK`: the node does not know.
    Unknown,
    /// A value this version does not know, kept as sent.
    Other(ServerText),
}

impl SocketState {
    /// Reads a state as servers spell it (any case and spacing); unknown
    /// ones are kept.
    pub(super) fn parse(s: &str) -> SocketState {
        let norm = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match norm.to_ascii_uppercase().as_str() {
            "UP" => SocketState::Up,
            "DN" | "DOWN" => SocketState::Down,
            "SC" => SocketState::Connecting,
            "UP RECEIVING OFFLINE" => SocketState::UpReceivingOffline,
            "UNK" | "UNKNOWN" => SocketState::Unknown,
            _ => SocketState::Other(s.into()),
        }
    }

    /// The value as the server spells it, raw: for comparisons and JSON
    /// (`Display` shows it escaped).
    pub fn raw(&self) -> &str {
        match self {
            SocketState::Up => "UP",
            SocketState::Down => "DN",
            SocketState::Connecting => "SC",
            SocketState::UpReceivingOffline => "UP receiving offline",
            SocketState::Unknown => "UNK",
            SocketState::Other(s) => s.raw(),
        }
    }

    /// A few words for people.
    pub fn describe(&self) -> &str {
        match self {
            SocketState::Up => "connected",
            SocketState::Down => "disconnected",
            SocketState::Connecting => "connecting",
            SocketState::UpReceivingOffline => "connected, receiving offline messages",
            SocketState::Unknown => "state unknown",
            SocketState::Other(_) => "unrecognised state",
        }
    }

    /// Connected (plain or receiving offline messages).
    pub fn is_up(&self) -> bool {
        matches!(self, SocketState::Up | SocketState::UpReceivingOffline)
    }
}

impl fmt::Display for SocketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SocketState::Other(s) => s.fmt(f),
            known => f.pad(known.raw()),
        }
    }
}

impl Serialize for SocketState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.raw())
    }
}

/// A range of shard ids `[first, last]`; `-1` is the master shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShardRange {
    pub first: i64,
    pub last: i64,
}

impl ShardRange {
    /// The shard ids in the range (empty when `last < first`).
    pub fn ids(&self) -> impl Iterator<Item = i64> {
        self.first..=self.last
    }

    /// How many shards the range covers.
    pub fn len(&self) -> u64 {
        if self.last < self.first {
            0
        } else {
            self.last.abs_diff(self.first) + 1
        }
    }

    /// True when the range covers nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `3`, `0-3`; a range with a negative end is written `first..last`
/// (`-1..3`, `-7..-2`), since `-7--2` reads as nonsense.
impl fmt::Display for ShardRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else if self.first < 0 || self.last < 0 {
            write!(f, "{}..{}", self.first, self.last)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

impl Serialize for ShardRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        [self.first, self.last].serialize(s)
    }
}

/// Shows a node's shards as people read them: `-1, 0`, `0-3`, `-1..3`,
/// `—` for none (see [`ShardRange`]'s `Display`).
///
/// ```
/// use wa_support::model::{ShardRange, format_shards};
/// let s = [ShardRange { first: -1, last: -1 }, ShardRange { first: 0, last: 3 }];
/// assert_eq!(format_shards(Some(&s)), "-1, 0-3");
/// let s = [ShardRange { first: -1, last: 3 }, ShardRange { first: -7, last: -2 }];
/// assert_eq!(format_shards(Some(&s)), "-1..3, -7..-2");
/// assert_eq!(format_shards(Some(&[])), "—");
/// ```
pub fn format_shards(shards: Option<&[ShardRange]>) -> String {
    match shards {
        Some(list) if !list.is_empty() => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        _ => "—".to_string(),
    }
}

/// `registration_id`: servers send a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RegistrationId {
    Number(u64),
    Text(ServerText),
}

impl fmt::Display for RegistrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrationId::Number(n) => write!(f, "{n}"),
            RegistrationId::Text(s) => s.fmt(f),
        }
    }
}

/// A build version as sent (`v2.45.1` or `2.45.1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Version(pub ServerText);

impl Version {
    /// Without a leading `v`, for comparing builds.
    pub fn normalized(&self) -> ServerText {
        self.0.map(|s| {
            let s = s.trim();
            s.strip_prefix(['v', 'V']).unwrap_or(s).to_string()
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One database schema version: an integer, or whatever else was sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum SchemaVersion {
    Number(i64),
    Text(ServerText),
}

impl SchemaVersion {
    /// The value as sent, raw: for comparisons and JSON (`Display` shows
    /// it escaped).
    pub fn raw(&self) -> std::borrow::Cow<'_, str> {
        match self {
            SchemaVersion::Number(n) => std::borrow::Cow::Owned(n.to_string()),
            SchemaVersion::Text(s) => std::borrow::Cow::Borrowed(s.raw()),
        }
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaVersion::Number(n) => write!(f, "{n}"),
            SchemaVersion::Text(s) => s.fmt(f),
        }
    }
}

/// The schema tables the spec names, in its order.
pub const KNOWN_SCHEMA_TABLES: [&str; 7] = [
    "axolotl", "callback", "cluster", "config", "contact", "jobqueue", "message",
];
