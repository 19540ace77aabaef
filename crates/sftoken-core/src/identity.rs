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
                org_id: eighteen(org),
                user_id: eighteen(user),
            }),
            _ => None,
        }
    }
}

/// Salesforce record ids are 15 or 18 alphanumeric characters.
fn is_sf_id(s: &str) -> bool {
    matches!(s.len(), 15 | 18) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The 18-character, case-insensitive form of a record id (APIs and Postman's collection use it):
/// a 15-character id gains three characters, one per five, that encode where its capitals are.
pub fn eighteen(id: &str) -> String {
    const CODE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    if id.len() != 15 || !id.is_ascii() {
        return id.to_string();
    }
    let mut out = id.to_string();
    for chunk in id.as_bytes().chunks(5) {
        let bits = chunk
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_ascii_uppercase())
            .fold(0usize, |n, (i, _)| n | (1 << i));
        out.push(char::from(CODE[bits]));
    }
    out
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
    fn fifteen_character_ids_become_eighteen() {
        assert_eq!(eighteen("00D5g000008AbCd"), "00D5g000008AbCdEAK");
        assert_eq!(eighteen("0055g00000AbCdE"), "0055g00000AbCdEAAV");
        assert_eq!(eighteen("0055g00000AbCdEAAV"), "0055g00000AbCdEAAV");
        let id =
            IdentityUrl::parse("https://login.salesforce.com/id/00D5g000008AbCd/0055g00000AbCdE")
                .unwrap();
        assert_eq!(
            (id.org_id.as_str(), id.user_id.as_str()),
            ("00D5g000008AbCdEAK", "0055g00000AbCdEAAV")
        );
    }

    #[test]
    fn anything_else_is_not_an_identity_url() {
        assert!(IdentityUrl::parse("https://login.salesforce.com/id/00D5g000008AbCdEAK").is_none());
        assert!(IdentityUrl::parse("not a url").is_none());
        assert!(IdentityUrl::parse("https://x.com/id/short/0055g00000AbCdEAAV").is_none());
    }
}
