//! GraphQL object types. Each wraps a registry value (never a database row) and resolves related
//! objects through the registry.

mod account;
mod adoption;
mod compatibility;
mod governance;
mod impact;
mod organisation;
mod proposal;
mod standard;
mod validation;
mod version;

pub use account::AccountNode;
pub use adoption::{AdoptionNode, FixtureNode};
pub use compatibility::{CompatibilityReportNode, VersionCheckNode, VersionComparisonNode};
pub use governance::{AuditEventNode, AuditHeadNode, CommentNode, ReviewNode, ReviewTallyNode};
pub use impact::{ImpactNode, UsageNode, usage_of};
pub use organisation::OrganisationNode;
pub use proposal::ProposalNode;
pub use standard::StandardNode;
pub use validation::ValidationResultNode;
pub use version::{DocumentNode, VersionNode};
