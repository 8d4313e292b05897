//! A node's fields, declared once.
//!
//! Each field of the spec is one line of the table below: its name, its
//! type and how it is read. That line makes the field of [`NodeInfo`]
//! (serialized in table order), its entry in [`NODE_FIELDS`] (which shape
//! detection relies on) and its reader, so adding a field is one edit.

use serde::Serialize;
use serde_json::{Map, Value};

use super::read::{
    A_BYTE_COUNT, A_STRING, A_TIME, How, Reader, boolean, bytes, e2e_object, env_list, exact_map,
    role, schema_object, shards, socket_state, text, text_list, time_text, version,
};
use super::values::{Bytes, RegistrationId, Role, SchemaVersion, ShardRange, SocketState, Version};
use crate::safe::ServerText;

/// Declares [`NodeInfo`], [`NODE_FIELDS`] and `NodeInfo::read` from one
/// table of `name: Type = how it is read;`.
macro_rules! node_fields {
    ($( $(#[$attr:meta])* $name:ident : $ty:ty = $how:expr ; )*) => {
        /// One node's fields. Every field is optional; unknown ones are in `extra`.
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct NodeInfo {
            $(
                $(#[$attr])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $name: Option<$ty>,
            )*
            /// Fields this version does not know, as sent.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }

        /// The field names of a node in the spec, and `errors` (shape
        /// detection relies on them).
        pub const NODE_FIELDS: [&str; [$(stringify!($name)),*].len() + 1] =
            [$(stringify!($name),)* "errors"];

        impl NodeInfo {
            /// Reads a node's fields out of its object; what is left is
            /// `extra`. Fields with a reader of their own (`e2e`, `schema`,
            /// `socket_conn`) are read first, then the others, each group
            /// in table order: the order unreadable values are listed in.
            pub(super) fn read(mut m: Map<String, Value>, r: &mut Reader<'_>) -> NodeInfo {
                let mut info = NodeInfo::default();
                for own_first in [true, false] {
                    $(
                        let how: How<$ty> = $how;
                        if how.is_own() == own_first {
                            info.$name = r.field(&mut m, stringify!($name), &how);
                        }
                    )*
                }
                info.extra = exact_map(m);
                info
            }
        }
    };
}

node_fields! {
    context: ServerText = How::Plain(text, A_STRING);
    db_engine: ServerText = How::Plain(text, A_STRING);
    db_info: Vec<ServerText> = How::Plain(text_list, "a list of strings");
    debug_info: ServerText = How::Plain(text, A_STRING);
    description: ServerText = How::Plain(text, A_STRING);
    device_iso8601: ServerText = How::Plain(time_text, A_TIME);
    e2e: E2e = How::Own(e2e_object);
    /// Environment variables as sent (strings `NAME=value` or objects).
    env: Vec<Value> = How::Plain(env_list, "a list of NAME=value entries");
    expire_timestamp: ServerText = How::Plain(time_text, A_TIME);
    free_space_data: Bytes = How::Plain(bytes, A_BYTE_COUNT);
    free_space_logs: Bytes = How::Plain(bytes, A_BYTE_COUNT);
    free_space_media_incoming: Bytes = How::Plain(bytes, A_BYTE_COUNT);
    free_space_media_outgoing: Bytes = How::Plain(bytes, A_BYTE_COUNT);
    lc: ServerText = How::Plain(text, A_STRING);
    lg: ServerText = How::Plain(text, A_STRING);
    multi_connect: bool = How::Plain(boolean, "true or false");
    os_name: ServerText = How::Plain(text, A_STRING);
    os_version: ServerText = How::Plain(text, A_STRING);
    role: Role = How::Plain(role, A_STRING);
    /// Schema versions in the order sent, unknown tables included.
    #[serde(serialize_with = "serialize_schema")]
    schema: Vec<(ServerText, SchemaVersion)> = How::Own(schema_object);
    shards: Vec<ShardRange> =
        How::Plain(shards, "a list of [first, last] ranges with first ≤ last");
    socket_conn: SocketState = How::Own(socket_state);
    version: Version = How::Plain(version, A_STRING);
}

/// Encryption debug information (`e2e`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct E2e {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_timestamp: Option<ServerText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_id: Option<RegistrationId>,
    /// Fields this version does not know, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn serialize_schema<S: serde::Serializer>(
    schema: &Option<Vec<(ServerText, SchemaVersion)>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let list = schema.as_deref().unwrap_or_default();
    let mut m = s.serialize_map(Some(list.len()))?;
    for (k, v) in list {
        m.serialize_entry(k.raw(), v)?;
    }
    m.end()
}

/// The four free-space directories, with their labels.
pub const SPACE_DIRS: [SpaceDir; 4] = [
    SpaceDir {
        label: "data",
        field: "free_space_data",
        perf: "free_data",
    },
    SpaceDir {
        label: "logs",
        field: "free_space_logs",
        perf: "free_logs",
    },
    SpaceDir {
        label: "media in",
        field: "free_space_media_incoming",
        perf: "free_media_in",
    },
    SpaceDir {
        label: "media out",
        field: "free_space_media_outgoing",
        perf: "free_media_out",
    },
];

/// One free-space directory: its name for people, its field in the
/// answer, and its label in monitor perfdata.
#[derive(Debug, Clone, Copy)]
pub struct SpaceDir {
    pub label: &'static str,
    pub field: &'static str,
    pub perf: &'static str,
}

impl NodeInfo {
    /// Free space per directory, in the order of [`SPACE_DIRS`].
    pub fn free_space(&self) -> [Option<Bytes>; 4] {
        [
            self.free_space_data,
            self.free_space_logs,
            self.free_space_media_incoming,
            self.free_space_media_outgoing,
        ]
    }

    /// The value of one schema table, if sent.
    pub fn schema_version(&self, table: &str) -> Option<&SchemaVersion> {
        self.schema
            .as_ref()?
            .iter()
            .find(|(k, _)| k == table)
            .map(|(_, v)| v)
    }

    /// The build version: `version`, else `description`.
    pub fn build(&self) -> Option<&ServerText> {
        self.version
            .as_ref()
            .map(|v| &v.0)
            .or(self.description.as_ref())
    }

    /// The build version without spaces or a leading `v`, for comparing
    /// builds across nodes.
    pub fn build_normalized(&self) -> Option<ServerText> {
        self.build()
            .map(|b| b.map(|b| b.trim().trim_start_matches(['v', 'V']).to_string()))
    }
}
