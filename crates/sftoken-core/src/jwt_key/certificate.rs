//! The certificate the admin uploads to the app: public, so it is kept in the profile file (to be
//! saved or copied again at any time) with its subject and expiry, which the profile shows.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{KeyError, PrivateKey};

/// A profile warns this many days before its certificate expires.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// A certificate made by sftoken for a key in the keychain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// `CN=sftoken — Acme prod, O=sftoken`.
    pub subject: String,
    pub not_before: NaiveDate,
    /// The day it stops being valid, at 00:00 UTC (the certificate's notAfter).
    pub not_after: NaiveDate,
    /// The certificate itself, `-----BEGIN CERTIFICATE-----` (what Setup's upload takes).
    pub pem: String,
}

impl Certificate {
    /// Days from `today` until it expires (0 or less once it has: it ends as `not_after` begins).
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.not_after - today).num_days()
    }

    /// "expires 2028-11-29 (730 days left)".
    pub fn expiry_line(&self, today: NaiveDate) -> String {
        match self.days_left(today) {
            d if d <= 0 => format!("expired on {}", self.not_after),
            1 => format!("expires {} (1 day left)", self.not_after),
            d => format!("expires {} ({d} days left)", self.not_after),
        }
    }

    /// What to do when it expires within [`EXPIRY_WARNING_DAYS`] (or has expired), else `None`.
    pub fn expiry_warning(&self, today: NaiveDate) -> Option<String> {
        let days = self.days_left(today);
        if days > EXPIRY_WARNING_DAYS {
            return None;
        }
        let when = if days <= 0 {
            format!("The certificate expired on {}", self.not_after)
        } else {
            format!("The certificate {}", self.expiry_line(today))
        };
        Some(format!(
            "{when}: from that day Salesforce refuses JWT logins signed with its key. Generate a new key, upload \
its certificate to the app and test it before then."
        ))
    }

    /// A file name for saving it: `sftoken-acme-prod.crt`.
    pub fn file_name(profile_name: &str) -> String {
        let slug: String = profile_name
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if slug.is_empty() {
            "sftoken.crt".into()
        } else {
            format!("sftoken-{slug}.crt")
        }
    }
}

/// Signs a certificate for `key` with itself (RS256: sha256WithRSAEncryption).
pub(super) fn self_signed(
    key: &PrivateKey,
    profile_name: &str,
    not_before: NaiveDate,
    not_after: NaiveDate,
) -> Result<Certificate, KeyError> {
    let pair = key.rcgen_key_pair()?;
    let mut params = rcgen::CertificateParams::default();
    let common_name = format!("sftoken — {}", profile_name.trim());
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, common_name.as_str());
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "sftoken");
    let ymd = |d: NaiveDate| rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8);
    params.not_before = ymd(not_before);
    params.not_after = ymd(not_after);
    let mut serial = [0u8; 16];
    getrandom::fill(&mut serial).map_err(|e| KeyError::Certificate(e.to_string()))?;
    serial[0] &= 0x7f; // a positive INTEGER
    params.serial_number = Some(rcgen::SerialNumber::from(serial.to_vec()));
    let certificate = params
        .self_signed(&pair)
        .map_err(|e| KeyError::Certificate(e.to_string()))?;
    Ok(Certificate {
        subject: format!("CN={common_name}, O=sftoken"),
        not_before,
        not_after,
        pem: certificate.pem(),
    })
}
