//! What goes into the engine: input events and the environments they name
//! (SPEC §6.1), already parsed and validated.

use super::time::Time;
use crate::model::Settings;

/// Index of a user in the engine's table of names.
pub type UserId = u32;

/// The clients of SPEC §6.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    Web,
    Outlook,
    Mobile,
    UsdWpf,
    UsdIe,
    LiveAssist,
    CanvasApp,
    WebResource,
    Portal,
}

impl Client {
    pub const ALL: [Client; 9] = [
        Client::Web,
        Client::Outlook,
        Client::Mobile,
        Client::UsdWpf,
        Client::UsdIe,
        Client::LiveAssist,
        Client::CanvasApp,
        Client::WebResource,
        Client::Portal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Client::Web => "web",
            Client::Outlook => "outlook",
            Client::Mobile => "mobile",
            Client::UsdWpf => "usd-wpf",
            Client::UsdIe => "usd-ie",
            Client::LiveAssist => "live-assist",
            Client::CanvasApp => "canvas-app",
            Client::WebResource => "web-resource",
            Client::Portal => "portal",
        }
    }

    pub fn parse(s: &str) -> Option<Client> {
        Client::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// S10: whether the session timeouts (S5, S8, S9) are enforced.
    pub fn enforces_session(self) -> bool {
        matches!(self, Client::Web | Client::UsdIe | Client::WebResource)
    }

    /// S10: whether the inactivity timeout (S6) is enforced; web resources
    /// only when they include ClientGlobalContext.js.aspx.
    pub fn enforces_inactivity(self, global_context: bool) -> bool {
        match self {
            Client::Web | Client::UsdIe => true,
            Client::WebResource => global_context,
            _ => false,
        }
    }

    /// How the documentation names the client, for messages.
    pub fn described(self) -> &'static str {
        match self {
            Client::Web => "the web client",
            Client::Outlook => "Dynamics 365 for Outlook",
            Client::Mobile => "Dynamics 365 for phones and tablets",
            Client::UsdWpf => "Unified Service Desk with the WPF browser",
            Client::UsdIe => "Unified Service Desk with Internet Explorer",
            Client::LiveAssist => "Live Assist (Chat)",
            Client::CanvasApp => "a Power Apps canvas app",
            Client::WebResource => "a web resource",
            Client::Portal => "the portal (it has its own settings)",
        }
    }
}

/// How another environment was opened in the same browser session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Link,
    ManualUrl,
}

/// An account action in Microsoft Entra ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    Disabled,
    Deleted,
    SignInBlocked,
    RefreshTokenRevoked,
    Enabled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    SignIn {
        client: Client,
        stay_signed_in: bool,
        global_context: bool,
    },
    Activity,
    /// A server request whose token belongs to `as_user` (the event's user
    /// when absent).
    Access {
        as_user: Option<UserId>,
    },
    /// Open another environment; `legacy` is whether it is older than
    /// 9.1.0.3647.
    OpenEnv {
        legacy: bool,
        via: Via,
    },
    SignOut,
    /// A change of the main environment's settings (S7): the whole new set,
    /// validated against V1–V5 when the scenario was read.
    Settings(Settings),
    Account(Account),
    OutageStart,
    OutageEnd,
    End,
}

/// One input event. `user` is meaningless for outages and `end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: Time,
    pub user: UserId,
    pub kind: Kind,
}

/// The input kinds by name (SPEC §6.1).
pub const KINDS: &[&str] = &[
    "sign-in",
    "activity",
    "access",
    "open-env",
    "sign-out",
    "settings",
    "account-disabled",
    "account-deleted",
    "sign-in-blocked",
    "refresh-token-revoked",
    "account-enabled",
    "outage-start",
    "outage-end",
    "end",
];

/// A fast hash for short keys read from the user's own files (the Fx hash
/// of rustc): a million lookups of e-mail addresses must not cost more than
/// reading them.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }

    fn finish(&self) -> u64 {
        // The multiply only carries upwards: fold the high bits down so the
        // low bits hashbrown indexes with depend on every byte.
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32)
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// User names and their ids, in the order first seen.
#[derive(Debug, Default, Clone)]
pub struct Users {
    names: Vec<String>,
    index: std::collections::HashMap<Box<str>, UserId, FxBuild>,
}

impl Users {
    pub fn id(&mut self, name: &str) -> UserId {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as UserId;
        self.names.push(name.to_string());
        self.index.insert(name.into(), id);
        id
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn into_names(self) -> Vec<String> {
        self.names
    }
}
