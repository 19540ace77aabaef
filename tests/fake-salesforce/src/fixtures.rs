//! The orgs, connected apps and users the fake knows, as `pub const`s so that tests use the exact
//! values the server checks against (no copy of a password or a secret drifts out of sync).
//!
//! Every id is a real-looking 18-character Salesforce id: 15 case-sensitive characters followed by
//! the 3-character case checksum (see [`id18_checksum_ok`]).

/// A connected app: the consumer key and secret a client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectedApp {
    pub client_id: &'static str,
    pub client_secret: &'static str,
}

/// What is special about a user (all `false` for an ordinary user).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UserFlags {
    /// The client IP is in the org's trusted ranges: the bare password is accepted too.
    pub trusted_ip: bool,
    pub frozen: bool,
    pub inactive: bool,
    /// Profile login IP ranges or login hours refuse the login.
    pub ip_restricted: bool,
    /// The user is not assigned to (not pre-authorized for) the connected app.
    pub not_assigned: bool,
    pub rate_limited: bool,
}

const NO_FLAGS: UserFlags = UserFlags {
    trusted_ip: false,
    frozen: false,
    inactive: false,
    ip_restricted: false,
    not_assigned: false,
    rate_limited: false,
};

/// A user of one org.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct User {
    pub username: &'static str,
    pub user_id: &'static str,
    pub password: &'static str,
    pub security_token: &'static str,
    pub flags: UserFlags,
}

impl User {
    /// What the `password` form field must hold: the password immediately followed by the token.
    pub fn password_with_token(&self) -> String {
        format!("{}{}", self.password, self.security_token)
    }
}

/// An org with its one connected app and its users.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Org {
    /// A short name for messages and tests ("acme", "acme dev", ...).
    pub name: &'static str,
    pub org_id: &'static str,
    /// The My Domain host, without scheme: `instance_url` is `https://` + this.
    pub my_domain: &'static str,
    /// Sandboxes log in through `test.salesforce.com`, production orgs through `login.salesforce.com`.
    pub sandbox: bool,
    pub active: bool,
    /// Setup → OAuth and OpenID Connect Settings → "Allow OAuth Username-Password Flows".
    pub password_flow_allowed: bool,
    pub app: ConnectedApp,
    pub users: &'static [User],
    /// Fields appended to every success answer after the documented ones (clients must keep them).
    pub extra_fields: &'static [(&'static str, &'static str)],
}

impl Org {
    /// The first 15 characters of the org id (the prefix of every access token).
    pub fn org_id_15(&self) -> &'static str {
        &self.org_id[..15]
    }

    /// `https://login.salesforce.com` or `https://test.salesforce.com`.
    pub fn login_url(&self) -> &'static str {
        if self.sandbox {
            "https://test.salesforce.com"
        } else {
            "https://login.salesforce.com"
        }
    }

    /// `https://` + the My Domain host.
    pub fn instance_url(&self) -> String {
        format!("https://{}", self.my_domain)
    }

    /// The identity URL of one of this org's users, as the success answer's `id`.
    pub fn identity_url(&self, user: &User) -> String {
        format!("{}/id/{}/{}", self.login_url(), self.org_id, user.user_id)
    }

    /// The user with this username (Salesforce usernames are case-insensitive).
    pub fn user(&self, username: &str) -> Option<&'static User> {
        self.users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }
}

// ---- acme (production) ----------------------------------------------------------------------

pub const ACME_APP: ConnectedApp = ConnectedApp {
    client_id: "3MVG9ACME.prod.consumer.key",
    client_secret: "ACME-PROD-SECRET-8e1f",
};

pub const ACME_ADMIN: User = User {
    username: "admin@acme.com",
    user_id: "0055g00000AbCdEAAV",
    password: "p&ss+w=rd %20 é😀",
    security_token: "SecTok3nProd42",
    flags: NO_FLAGS,
};

pub const ACME_INTEGRATION: User = User {
    username: "integration@acme.com",
    user_id: "0055g00000IntegAAB",
    password: "Integr8tion!",
    security_token: "IntTok99",
    flags: UserFlags {
        trusted_ip: true,
        ..NO_FLAGS
    },
};

pub const ACME_FROZEN: User = User {
    username: "frozen@acme.com",
    user_id: "0055g00000FrozeAAB",
    password: "Frozen1!",
    security_token: "FrzTok",
    flags: UserFlags {
        frozen: true,
        ..NO_FLAGS
    },
};

pub const ACME_INACTIVE: User = User {
    username: "inactive@acme.com",
    user_id: "0055g00000InactAAB",
    password: "Inactive1!",
    security_token: "InaTok",
    flags: UserFlags {
        inactive: true,
        ..NO_FLAGS
    },
};

pub const ACME_IP_RESTRICTED: User = User {
    username: "iprestricted@acme.com",
    user_id: "0055g00000IpResAAF",
    password: "IpRestr1!",
    security_token: "IpTok",
    flags: UserFlags {
        ip_restricted: true,
        ..NO_FLAGS
    },
};

pub const ACME_UNASSIGNED: User = User {
    username: "unassigned@acme.com",
    user_id: "0055g00000UnassAAB",
    password: "Unassigned1!",
    security_token: "UnaTok",
    flags: UserFlags {
        not_assigned: true,
        ..NO_FLAGS
    },
};

pub const ACME_RATE_LIMITED: User = User {
    username: "ratelimited@acme.com",
    user_id: "0055g00000RateLAAR",
    password: "RateLim1!",
    security_token: "RlTok",
    flags: UserFlags {
        rate_limited: true,
        ..NO_FLAGS
    },
};

pub const ACME: Org = Org {
    name: "acme",
    org_id: "00D5g000008AbCdEAK",
    my_domain: "acme.my.salesforce.com",
    sandbox: false,
    active: true,
    password_flow_allowed: true,
    app: ACME_APP,
    users: &[
        ACME_ADMIN,
        ACME_INTEGRATION,
        ACME_FROZEN,
        ACME_INACTIVE,
        ACME_IP_RESTRICTED,
        ACME_UNASSIGNED,
        ACME_RATE_LIMITED,
    ],
    extra_fields: &[("api_instance_url", "https://api.salesforce.com")],
};

// ---- acme dev (sandbox) ---------------------------------------------------------------------

pub const ACME_DEV_APP: ConnectedApp = ConnectedApp {
    client_id: "3MVG9ACME.dev.consumer.key",
    client_secret: "ACME-DEV-SECRET-41c2",
};

pub const ACME_DEV_ADMIN: User = User {
    username: "admin@acme.com.dev",
    user_id: "0057x000000DevAAAS",
    password: "Sandb0x!pass",
    security_token: "SecTok3nDev17",
    flags: NO_FLAGS,
};

pub const ACME_DEV: Org = Org {
    name: "acme dev",
    org_id: "00D7x0000000DevEAE",
    my_domain: "acme--dev.sandbox.my.salesforce.com",
    sandbox: true,
    active: true,
    password_flow_allowed: true,
    app: ACME_DEV_APP,
    users: &[ACME_DEV_ADMIN],
    extra_fields: &[],
};

// ---- newco (production, username-password flow blocked) --------------------------------------

pub const NEWCO_APP: ConnectedApp = ConnectedApp {
    client_id: "3MVG9NEWCO.consumer.key",
    client_secret: "NEWCO-SECRET-77aa",
};

pub const NEWCO_ADMIN: User = User {
    username: "admin@newco.com",
    user_id: "0059z00000NewCAAAZ",
    password: "NewCo#2026",
    security_token: "NewCoTok5",
    flags: NO_FLAGS,
};

pub const NEWCO: Org = Org {
    name: "newco",
    org_id: "00D9z00001NewCoEAJ",
    my_domain: "newco.my.salesforce.com",
    sandbox: false,
    active: true,
    password_flow_allowed: false,
    app: NEWCO_APP,
    users: &[NEWCO_ADMIN],
    extra_fields: &[],
};

// ---- gone (production, inactive org) ----------------------------------------------------------

pub const GONE_APP: ConnectedApp = ConnectedApp {
    client_id: "3MVG9GONE.consumer.key",
    client_secret: "GONE-SECRET-0000",
};

pub const GONE_ADMIN: User = User {
    username: "admin@gone.com",
    user_id: "0053k00000GoneAAAR",
    password: "Gone1!",
    security_token: "GoneTok",
    flags: NO_FLAGS,
};

pub const GONE: Org = Org {
    name: "gone",
    org_id: "00D3k000000GoneEAC",
    my_domain: "gone.my.salesforce.com",
    sandbox: false,
    active: false,
    password_flow_allowed: true,
    app: GONE_APP,
    users: &[GONE_ADMIN],
    extra_fields: &[],
};

/// Every org the fake knows.
pub const ORGS: &[Org] = &[ACME, ACME_DEV, NEWCO, GONE];

/// The orgs a request's host serves (the host without port, lower case):
/// `login.salesforce.com` the production orgs, `test.salesforce.com` the sandboxes, a My Domain host
/// only its org, `127.0.0.1`/`localhost` acme (as if it were acme's My Domain), anything else none.
pub fn orgs_for_host(host: &str) -> Vec<&'static Org> {
    match host {
        "login.salesforce.com" => ORGS.iter().filter(|o| !o.sandbox).collect(),
        "test.salesforce.com" => ORGS.iter().filter(|o| o.sandbox).collect(),
        "127.0.0.1" | "localhost" => vec![&ORGS[0]],
        _ => ORGS.iter().filter(|o| o.my_domain == host).collect(),
    }
}

/// Whether an 18-character id ends with the right case checksum for its first 15 characters.
pub fn id18_checksum_ok(id: &str) -> bool {
    const MAP: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    let bytes = id.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    (0..3).all(|chunk| {
        let bits = (0..5).fold(0usize, |acc, i| {
            acc | (usize::from(bytes[chunk * 5 + i].is_ascii_uppercase()) << i)
        });
        bytes[15 + chunk] == MAP[bits]
    })
}
