//! What a Login History status means and what fixes it. Salesforce publishes no list of the
//! statuses; these are the ones seen on refused API logins. A status not in the list is shown as
//! Salesforce wrote it (scrubbed of control characters and bounded), never dropped.

use serde::Serialize;

/// A status from Login History, explained when sftoken knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusExplanation {
    /// As Salesforce recorded it.
    pub status: String,
    /// False: sftoken does not know this status; `meaning` and `fix` say so.
    pub known: bool,
    pub meaning: String,
    pub fix: String,
    /// The fix is the move off the password grant (the flow is disabled for the org or the app):
    /// the shells offer it there.
    pub move_off_password: bool,
}

/// The longest status kept from the server's answer.
const MAX_STATUS_CHARS: usize = 200;

const FLOW_DISABLED: &str = "username-password flow disabled";

/// `(how the status starts, lower case, meaning, fix)`, checked in order.
const CATALOGUE: &[(&str, &str, &str)] = &[
    (
        "success",
        "The login succeeded.",
        "Nothing to fix for this attempt.",
    ),
    (
        "failed: api security token required",
        "The password was sent without the user's security token, from an IP address outside the org's trusted ranges (Setup → Network Access) and the profile's login IP ranges.",
        "Append the user's security token to the password (the user gets a new one from their settings: Reset My Security Token, which emails it), or add the caller's IP address to Setup → Network Access.",
    ),
    (
        "invalid password",
        "The password was wrong. A wrong or outdated security token appended to it is recorded the same way (Salesforce sees one string).",
        "Check the password, and the security token after it (a password reset also resets the token). Each failure counts towards the lockout (10 by default).",
    ),
    (
        "password lockout",
        "Too many failed logins: the user is locked out, for as long as the org's password policy says (Setup → Password Policies → Lockout effective period: 15 minutes by default, up to forever).",
        "An administrator unlocks the user (Setup → Users → the user → Unlock), or wait for the lockout period to end. Fix the password or token first: every retry with the wrong one locks the user again.",
    ),
    (
        "user is frozen",
        "An administrator froze the user: no login works until the user is unfrozen.",
        "An administrator unfreezes the user: Setup → Users → the user → Unfreeze.",
    ),
    (
        "user is inactive",
        "The user is deactivated.",
        "An administrator reactivates the user (Setup → Users → Edit → Active), or use an active integration user.",
    ),
    (
        FLOW_DISABLED,
        "The org or the app blocks the OAuth username-password flow (Setup → OAuth and OpenID Connect Settings → Allow OAuth Username-Password Flows, off by default in new orgs). Salesforce retires the flow for every org on 2027-02-20.",
        "Move the profile off the password grant, to the JWT bearer flow or the client credentials flow (sftoken's move does it step by step). Turning the setting back on only lasts until 2027-02-20.",
    ),
    (
        "restricted ip",
        "The login came from an IP address outside the login IP ranges of the user's profile (or the app's IP policy).",
        "Add the caller's address to the profile's Login IP Ranges (Setup → Profiles → the user's profile), or relax the app's IP Relaxation policy (Setup → App Manager → the app → Manage → Edit Policies).",
    ),
    (
        "restricted time",
        "The login came outside the login hours of the user's profile.",
        "Change the profile's Login Hours (Setup → Profiles → the user's profile → Login Hours), or log in within them.",
    ),
    (
        "invalid login hours",
        "The login came outside the login hours of the user's profile.",
        "Change the profile's Login Hours (Setup → Profiles → the user's profile → Login Hours), or log in within them.",
    ),
    (
        "login rate exceeded",
        "The user logged in too often: Salesforce limits logins per user per hour (about 3,600) and refuses the rest for up to an hour.",
        "Wait up to an hour, and reuse tokens instead of logging in for every call (sftoken keeps a profile's token and reuses it while it is good).",
    ),
    (
        "failed: oauth app access denied",
        "The app lets in only the users it is assigned to (Permitted Users: Admin approved users are pre-authorized), and this user's profile and permission sets are not among them.",
        "Assign the user's profile or a permission set of theirs to the app (Setup → App Manager → the app → Manage → Profiles / Permission Sets), or change Permitted Users.",
    ),
    (
        "failed: computer activation required",
        "Salesforce wanted to verify the device (identity verification) before letting the login in, which an API login cannot do.",
        "Add the caller's IP address to the trusted ranges (Setup → Network Access) or append the security token to the password.",
    ),
    (
        "failed: mobile license required",
        "The user has no mobile licence for the mobile app that logged in.",
        "Give the user the licence, or log in with another app.",
    ),
];

/// Explains a Login History status (matched whatever its case and spacing).
pub fn explain(status: &str) -> StatusExplanation {
    let shown: String = status
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_STATUS_CHARS)
        .collect();
    let key = shown
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    match CATALOGUE
        .iter()
        .find(|(start, _, _)| key.starts_with(start))
    {
        Some((start, meaning, fix)) => StatusExplanation {
            status: shown,
            known: true,
            meaning: (*meaning).to_string(),
            fix: (*fix).to_string(),
            move_off_password: *start == FLOW_DISABLED,
        },
        None => StatusExplanation {
            status: shown,
            known: false,
            meaning: "sftoken does not know this status: it is shown as Salesforce recorded it."
                .into(),
            fix:
                "Look it up in Salesforce Help (Login History statuses), or ask your administrator."
                    .into(),
            move_off_password: false,
        },
    }
}

/// True for a status that is a successful login.
pub fn is_success(status: &str) -> bool {
    status.trim().eq_ignore_ascii_case("success")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_the_issue_names_is_explained() {
        for status in [
            "Failed: API security token required",
            "Invalid Password",
            "Password Lockout",
            "User Is Frozen",
            "User is Inactive",
            "Username-Password Flow Disabled",
            "Restricted IP",
            "Login rate exceeded",
        ] {
            let e = explain(status);
            assert!(e.known, "{status}");
            assert_eq!(e.status, status);
        }
        assert!(explain("Failed: API security token required")
            .fix
            .contains("security token"));
        assert!(explain("Password Lockout").fix.contains("Unlock"));
        assert!(explain("User Is Frozen").fix.contains("Unfreeze"));
        assert!(explain("Username-Password Flow Disabled")
            .fix
            .contains("JWT bearer"));
    }

    #[test]
    fn case_and_spacing_do_not_matter() {
        assert!(explain("user  is   FROZEN").known);
    }

    #[test]
    fn an_unknown_status_is_kept_verbatim_without_control_characters() {
        let e = explain("Failed: Some New Reason\u{1b}[31m");
        assert!(!e.known);
        assert_eq!(e.status, "Failed: Some New Reason[31m");
        assert_eq!(explain(&"x".repeat(1000)).status.len(), MAX_STATUS_CHARS);
    }
}
