//! Postman, where most admins come from: their orgs are Postman environments made for the official
//! "Salesforce Platform APIs" collection. [`read_environment`] reads an environment export and turns
//! it into a profile draft (fields for the file, secrets for the keychain) plus a plain account of
//! what was left out and why; `ProfileBook::import_postman` saves the drafts. The other way,
//! [`export_environment`] writes a token as an environment the collection uses as is.

mod environment;
mod export;
mod import;

pub use environment::{read_environment, PostmanEnvironment, PostmanError};
pub use export::{environment as export_environment, missing_identity, ExportedSecrets};
pub use import::{ImportPlan, Skipped};
