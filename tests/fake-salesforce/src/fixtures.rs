//! The orgs, connected apps and users the fake knows, as `pub const`s so that tests use the exact
//! values the server checks against (no copy of a password or a secret drifts out of sync).
//!
//! Every id is a real-looking 18-character Salesforce id: 15 case-sensitive characters followed by
//! the 3-character case checksum (see [`id18_checksum_ok`]). The JWT test keys are
//! [`JWT_PRIVATE_KEY_PEM`] and its siblings.

mod keys;

pub use keys::*;

/// A connected app: the consumer key and secret a client sends, and its OAuth policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectedApp {
    pub client_id: &'static str,
    pub client_secret: &'static str,
    /// The OAuth scopes selected on the app, space-separated (Salesforce's names).
    pub scopes: &'static str,
    /// The registered callback URLs. Deviation: a `*` port (`http://localhost:*/callback`) matches
    /// any port, because tests bind a free port; Salesforce matches the URL exactly.
    pub callback_urls: &'static [&'static str],
    /// The client credentials flow's "Run As" user (`None`: the flow is not enabled).
    pub run_as: Option<&'static User>,
    /// The certificate uploaded for the JWT bearer flow, PEM (a certificate or a public key;
    /// `None`: no digital signature on the app).
    pub jwt_certificate_pem: Option<&'static str>,
    /// Usernames pre-authorized for the app ("Admin approved users are pre-authorized", via
    /// profile or permission set): the JWT bearer flow requires it.
    pub pre_authorized: &'static [&'static str],
    /// Refresh token rotation: each refresh answers a new refresh token and revokes the old one.
    pub rotate_refresh_tokens: bool,
}

/// The scopes every fixture app has selected.
pub const APP_SCOPES: &str = "api web full id openid refresh_token";

/// The callback URLs every fixture app has registered (`*`: any port, see
/// [`ConnectedApp::callback_urls`]).
pub const CALLBACK_URLS: &[&str] = &[
    "http://localhost:*/callback",
    "http://127.0.0.1:*/callback",
    "http://localhost:1717/OauthRedirect",
];

/// An app with only a key and a secret: no client credentials, no JWT, no pre-authorized users.
const PLAIN_APP: ConnectedApp = ConnectedApp {
    client_id: "",
    client_secret: "",
    scopes: APP_SCOPES,
    callback_urls: CALLBACK_URLS,
    run_as: None,
    jwt_certificate_pem: None,
    pre_authorized: &[],
    rotate_refresh_tokens: false,
};

impl ConnectedApp {
    /// Whether `uri` is one of the app's callback URLs (a `*` port matches any port).
    pub fn accepts_callback(&self, uri: &str) -> bool {
        self.callback_urls
            .iter()
            .any(|pattern| match pattern.split_once(":*/") {
                Some((head, tail)) => uri
                    .strip_prefix(head)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .and_then(|rest| rest.split_once('/'))
                    .is_some_and(|(port, path)| {
                        !port.is_empty()
                            && port.len() <= 5
                            && port.bytes().all(|b| b.is_ascii_digit())
                            && path == tail
                    }),
                None => uri == *pattern,
            })
    }

    /// Whether the user with this username is pre-authorized for the app.
    pub fn is_pre_authorized(&self, username: &str) -> bool {
        self.pre_authorized
            .iter()
            .any(|u| u.eq_ignore_ascii_case(username))
    }
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
    /// The user's full name (identity `display_name`, userinfo `name`).
    pub display_name: &'static str,
    pub email: &'static str,
}

impl User {
    /// What the `password` form field must hold: the password immediately followed by the token.
    pub fn password_with_token(&self) -> String {
        format!("{}{}", self.password, self.security_token)
    }

    /// The community nickname: the username's part before `@` (as Salesforce defaults it).
    pub fn nick_name(&self) -> &'static str {
        self.username.split('@').next().unwrap_or(self.username)
    }

    /// The first word of the display name.
    pub fn first_name(&self) -> &'static str {
        self.display_name
            .split_once(' ')
            .map_or("", |(first, _)| first)
    }

    /// The display name after its first word.
    pub fn last_name(&self) -> &'static str {
        self.display_name
            .split_once(' ')
            .map_or(self.display_name, |(_, last)| last)
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

    /// The org's first user, its admin: who signs in on the authorize page unless a test says
    /// otherwise.
    pub fn admin(&self) -> Option<&'static User> {
        self.users.first()
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
    run_as: Some(&ACME_INTEGRATION),
    jwt_certificate_pem: Some(JWT_CERTIFICATE_PEM),
    pre_authorized: &[ACME_ADMIN.username, ACME_INTEGRATION.username],
    rotate_refresh_tokens: false,
    ..PLAIN_APP
};

pub const ACME_ADMIN: User = User {
    username: "admin@acme.com",
    user_id: "0055g00000AbCdEAAV",
    password: "p&ss+w=rd %20 é😀",
    security_token: "SecTok3nProd42",
    display_name: "Ada Admin",
    email: "admin@acme.com",
    flags: NO_FLAGS,
};

pub const ACME_INTEGRATION: User = User {
    username: "integration@acme.com",
    user_id: "0055g00000IntegAAB",
    password: "Integr8tion!",
    security_token: "IntTok99",
    display_name: "Integration User",
    email: "integration@acme.com",
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
    display_name: "Frida Frozen",
    email: "frozen@acme.com",
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
    display_name: "Ivan Inactive",
    email: "inactive@acme.com",
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
    display_name: "Ira Restricted",
    email: "iprestricted@acme.com",
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
    display_name: "Una Unassigned",
    email: "unassigned@acme.com",
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
    display_name: "Rae Limited",
    email: "ratelimited@acme.com",
    flags: UserFlags {
        rate_limited: true,
        ..NO_FLAGS
    },
};

/// A username with a quote and a backslash (both legal in an email's local part), whose lookup
/// must travel as an escaped SOQL literal.
pub const ACME_QUOTED: User = User {
    username: "o'brien\\ops@acme.com",
    user_id: "0055g00000QuoteAAB",
    password: "Quoted#Pass1",
    security_token: "QuoTok7",
    display_name: "Orla O'Brien",
    email: "obrien@acme.com",
    flags: NO_FLAGS,
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
        ACME_QUOTED,
    ],
    extra_fields: &[("api_instance_url", "https://api.salesforce.com")],
};

// ---- acme dev (sandbox) ---------------------------------------------------------------------

pub const ACME_DEV_APP: ConnectedApp = ConnectedApp {
    client_id: "3MVG9ACME.dev.consumer.key",
    client_secret: "ACME-DEV-SECRET-41c2",
    run_as: None,
    jwt_certificate_pem: Some(JWT_CERTIFICATE_PEM),
    pre_authorized: &[ACME_DEV_ADMIN.username],
    rotate_refresh_tokens: true,
    ..PLAIN_APP
};

pub const ACME_DEV_ADMIN: User = User {
    username: "admin@acme.com.dev",
    user_id: "0057x000000DevAAAS",
    password: "Sandb0x!pass",
    security_token: "SecTok3nDev17",
    display_name: "Ada Admin",
    email: "admin@acme.com.invalid",
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

// ---- newco (production, password flow blocked; client credentials run as its admin) -----------

pub const NEWCO_APP: ConnectedApp = ConnectedApp {
    client_id: "3MVG9NEWCO.consumer.key",
    client_secret: "NEWCO-SECRET-77aa",
    run_as: Some(&NEWCO_ADMIN),
    pre_authorized: &[NEWCO_ADMIN.username],
    ..PLAIN_APP
};

pub const NEWCO_ADMIN: User = User {
    username: "admin@newco.com",
    user_id: "0059z00000NewCAAAZ",
    password: "NewCo#2026",
    security_token: "NewCoTok5",
    display_name: "Nora Newco",
    email: "admin@newco.com",
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
    ..PLAIN_APP
};

pub const GONE_ADMIN: User = User {
    username: "admin@gone.com",
    user_id: "0053k00000GoneAAAR",
    password: "Gone1!",
    security_token: "GoneTok",
    display_name: "Gus Gone",
    email: "admin@gone.com",
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
