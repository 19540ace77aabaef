//! Login History, as Setup shows it: every username-password login attempt of a user the org knows
//! is recorded with the status Salesforce would give it (the cause the fake already knows: a missing
//! security token, a wrong password, a lockout, a frozen or inactive user, the flow blocked, a
//! restricted IP, the rate limit; every success too). An unknown username leaves no row, as on
//! Salesforce. `soql.rs` serves the rows to administrators (`LoginHistory` by `UserId`).

use serde_json::{json, Value};

use crate::fixtures::{Org, User};

/// Wrong passwords in a row before the user is locked out (Salesforce's default).
pub const LOCKOUT_AFTER: u32 = 10;

/// One recorded attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginAttempt {
    pub org_id: &'static str,
    pub user_id: &'static str,
    /// Seconds since the epoch, on the fake's clock.
    pub at: u64,
    pub status: &'static str,
    /// The host the login came to (`LoginUrl`).
    pub login_url: String,
    /// The connected app's consumer key (`Application` shows the app's name on Salesforce).
    pub application: &'static str,
}

/// The statuses the fake records, as Salesforce words them in Login History.
pub mod status {
    pub const SUCCESS: &str = "Success";
    pub const TOKEN_REQUIRED: &str = "Failed: API security token required";
    pub const INVALID_PASSWORD: &str = "Invalid Password";
    pub const LOCKOUT: &str = "Password Lockout";
    pub const FROZEN: &str = "User Is Frozen";
    pub const INACTIVE: &str = "User is Inactive";
    pub const FLOW_DISABLED: &str = "Username-Password Flow Disabled";
    pub const RESTRICTED_IP: &str = "Restricted IP";
    pub const RATE_EXCEEDED: &str = "Login rate exceeded";
    pub const NOT_APPROVED: &str = "Failed: OAuth app access denied";
}

#[derive(Default)]
pub(crate) struct LoginHistory {
    attempts: Vec<LoginAttempt>,
}

impl LoginHistory {
    pub fn record(&mut self, attempt: LoginAttempt) {
        self.attempts.push(attempt);
    }

    /// Wrong passwords of this user since their last success.
    pub fn failures_in_a_row(&self, org: &Org, user: &User) -> u32 {
        self.attempts
            .iter()
            .rev()
            .filter(|a| a.org_id == org.org_id && a.user_id == user.user_id)
            .take_while(|a| a.status != status::SUCCESS)
            .filter(|a| matches!(a.status, status::INVALID_PASSWORD | status::TOKEN_REQUIRED))
            .count() as u32
    }

    /// The user's attempts, newest first, at most `limit`.
    pub fn of_user(&self, org_id: &str, user_id: &str, limit: usize) -> Vec<LoginAttempt> {
        let mut rows: Vec<LoginAttempt> = self
            .attempts
            .iter()
            .filter(|a| {
                a.org_id == org_id && a.user_id.starts_with(user_id.get(..15).unwrap_or(user_id))
            })
            .cloned()
            .collect();
        rows.reverse();
        rows.truncate(limit);
        rows
    }

    pub fn all(&self) -> Vec<LoginAttempt> {
        self.attempts.clone()
    }
}

/// A row as the REST API answers it.
pub fn row(version: &str, a: &LoginAttempt) -> Value {
    let time = chrono_like(a.at);
    json!({
        "attributes": {"type": "LoginHistory", "url": format!("/services/data/v{version}/sobjects/LoginHistory/0Ya000000000001")},
        "LoginTime": time,
        "Status": a.status,
        "LoginType": "Remote Access 2.0",
        "Application": a.application,
        "SourceIp": "127.0.0.1",
        "LoginUrl": a.login_url,
    })
}

/// `2026-11-30T21:05:00.000+0000`, Salesforce's datetime format, from epoch seconds.
fn chrono_like(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{d:02}T{h:02}:{m:02}:{s:02}.000+0000")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_salesforce_writes_them() {
        assert_eq!(chrono_like(0), "1970-01-01T00:00:00.000+0000");
        assert_eq!(chrono_like(1_764_536_700), "2025-11-30T21:05:00.000+0000");
    }
}
