//! One module per table. These are storage rows: `registry/` turns them into domain values.

pub mod account;
pub mod adoption;
pub mod api_token;
pub mod audit_checkpoint;
pub mod audit_event;
pub mod comment;
pub mod fixture;
pub mod oidc_attempt;
pub mod organisation;
pub mod proposal;
pub mod proposal_reviewer;
pub mod proposal_revision;
pub mod registry_mark;
pub mod review;
pub mod session;
pub mod sign_in_link;
pub mod standard;
pub mod standard_version;
pub mod usage_count;
pub mod version_reference;
