//! The `id` field of a token answer: the identity URL, whose last two segments are the org id and the
//! user id (`https://login.salesforce.com/id/00D…/005…`). Shown to the user as "org … · user …".

use serde::Serialize;

/// A parsed identity URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdentityUrl {
    pub url: String,
    pub org_id: String,
    pub user_id: String,
}

impl IdentityUrl {
    /// Splits an identity URL; `None` when it does not end in `/id/{org}/{user}`.
    pub fn parse(url: &str) -> Option<IdentityUrl> {
        let parsed = url::Url::parse(url).ok()?;
        let segments: Vec<&str> = parsed.path_segments()?.filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [.., "id", org, user] if is_sf_id(org) && is_sf_id(user) => Some(IdentityUrl {
                url: url.to_string(),
                org_id: (*org).to_string(),
                user_id: (*user).to_string(),
            }),
            _ => None,
        }
    }
}

/// Salesforce record ids are 15 or 18 alphanumeric characters.
fn is_sf_id(s: &str) -> bool {
    matches!(s.len(), 15 | 18) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_org_and_user_ids() {
        let id = IdentityUrl::parse(
            "https://login.salesforce.com/id/00D5g000008AbCdEAK/0055g00000AbCdEAAV",
        )
        .unwrap();
        assert_eq!(id.org_id, "00D5g000008AbCdEAK");
        assert_eq!(id.user_id, "0055g00000AbCdEAAV");
    }

    #[test]
    fn anything_else_is_not_an_identity_url() {
        assert!(IdentityUrl::parse("https://login.salesforce.com/id/00D5g000008AbCdEAK").is_none());
        assert!(IdentityUrl::parse("not a url").is_none());
        assert!(IdentityUrl::parse("https://x.com/id/short/0055g00000AbCdEAAV").is_none());
    }
}
