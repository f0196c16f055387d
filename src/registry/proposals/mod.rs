//! Proposals: a new standard or a new version, with its revisions, moving through the life cycle
//! `governance` defines.

mod create;
mod decide;
mod inputs;
mod queries;

pub use decide::Decision;
pub use inputs::{NewStandardProposal, NewVersionProposal, RawStandardProposal};
