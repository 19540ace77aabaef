//! Handing out tokens: makes an access (and maybe refresh) token, records it in the registry, and
//! builds the success body in Salesforce's key order for the grants other than username-password:
//! `access_token`, `refresh_token`?, `signature`?, `scope`, `instance_url`, `id`, `token_type`,
//! `issued_at`?, then the org's extra fields. JWT bearer answers carry no `signature`/`issued_at`.

use serde_json::{Map, Value};

use crate::fixtures::{Org, User};
use crate::registry::{Grant, IssuedToken, TokenKind};
use crate::state::OAuthState;
use crate::token_endpoint::{Signing, WRONG_SIGNING_KEY};
use crate::tokens;

/// Who gets a token, how and with what scope.
#[derive(Clone, Copy)]
pub(crate) struct Issue<'a> {
    pub state: &'a OAuthState,
    pub org: &'static Org,
    pub user: &'static User,
    pub grant: Grant,
    pub scope: &'a str,
}

impl Issue<'_> {
    /// A new access token, recorded; `from` is the refresh token it comes with or from.
    pub fn access_token(&self, from: Option<&str>) -> String {
        let token = tokens::access_token(self.org.org_id);
        self.record(token.clone(), TokenKind::Access, from, true);
        token
    }

    /// Records an access token made elsewhere (the username-password grant's), issued with no
    /// refresh token.
    pub fn record_access_token(&self, token: &str) {
        self.record(token.to_string(), TokenKind::Access, None, true);
    }

    /// A new refresh token, recorded; `from` is the refresh token it replaces (rotation).
    pub fn refresh_token(&self, from: Option<&str>) -> String {
        let token = tokens::refresh_token();
        self.record(token.clone(), TokenKind::Refresh, from, false);
        token
    }

    fn record(&self, token: String, kind: TokenKind, from: Option<&str>, expires: bool) {
        let now = self.state.now();
        crate::record::lock(&self.state.registry).add(IssuedToken {
            token,
            kind,
            org: self.org,
            user: self.user,
            client_id: self.org.app.client_id,
            grant: self.grant,
            scope: self.scope.to_string(),
            issued_at: now,
            expires_at: expires.then_some(now + self.state.session_timeout_secs()),
            refresh_token: from.map(str::to_string),
            revoked: false,
        });
    }

    /// The success body. `signing: None` leaves out `signature` and `issued_at` (JWT bearer).
    pub fn body(
        &self,
        access_token: &str,
        refresh_token: Option<&str>,
        signing: Option<Signing>,
    ) -> Map<String, Value> {
        let id = self.org.identity_url(self.user);
        let issued_at = tokens::issued_at_now();
        let mut fields = Map::new();
        fields.insert("access_token".into(), access_token.into());
        if let Some(refresh) = refresh_token {
            fields.insert("refresh_token".into(), refresh.into());
        }
        if let Some(signing) = signing {
            let key = signing_key(self.org, signing);
            let signature = tokens::signature(key, &id, &issued_at);
            fields.insert("signature".into(), signature.into());
        }
        fields.insert("scope".into(), self.scope.into());
        fields.insert("instance_url".into(), self.org.instance_url().into());
        fields.insert("id".into(), id.into());
        fields.insert("token_type".into(), "Bearer".into());
        if signing.is_some() {
            fields.insert("issued_at".into(), issued_at.into());
        }
        for (name, value) in self.org.extra_fields {
            fields.insert((*name).into(), (*value).into());
        }
        fields
    }
}

/// The key the `signature` is computed with.
pub(crate) fn signing_key(org: &Org, signing: Signing) -> &'static str {
    match signing {
        Signing::Honest => org.app.client_secret,
        Signing::WrongKey => WRONG_SIGNING_KEY,
    }
}
