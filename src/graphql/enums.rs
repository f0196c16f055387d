//! The domain's closed vocabularies as GraphQL enums (mirrors of the domain types, converted both
//! ways by async-graphql's `remote`).

use async_graphql::Enum;

/// What an account may do.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::Role")]
pub enum Role {
    /// Staff of a borough, the GLA, TfL or LOTI: proposes for their organisation, comments.
    Steward,
    /// A tech partner or vendor: proposes, comments, records conformance.
    Partner,
    /// A Smart London Board member: reviews proposals.
    Board,
    /// The Chief Digital Officer's office: convenes reviews, decides, manages accounts.
    Cdo,
}

/// What sort of body an organisation is.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::OrganisationKind")]
pub enum OrganisationKind {
    /// One of London's 33 local authorities.
    Borough,
    /// The Greater London Authority.
    Gla,
    /// A GLA functional body, such as TfL.
    FunctionalBody,
    /// A tech partner or vendor.
    Partner,
    /// Anything else (LOTI, London Councils…).
    Other,
}

/// Which documents must stay valid from one version of a standard to the next.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::CompatibilityMode")]
pub enum CompatibilityMode {
    /// Every document valid under the previous version stays valid.
    Backward,
    /// As BACKWARD, against every earlier version.
    BackwardTransitive,
    /// Every document valid under the new version was valid under the previous one.
    Forward,
    /// As FORWARD, against every earlier version.
    ForwardTransitive,
    /// Both BACKWARD and FORWARD.
    Full,
    /// Both, against every earlier version.
    FullTransitive,
    /// No compatibility required.
    None,
}

/// How strictly open content models are judged.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::CompatibilityPolicy")]
pub enum CompatibilityPolicy {
    /// Undeclared properties are assumed not to be sent.
    Lenient,
    /// Pure set semantics.
    Strict,
}

/// Whether a proposal creates a standard or adds a version.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::ProposalKind")]
pub enum ProposalKind {
    /// A new standard with its first version.
    NewStandard,
    /// A new version of an existing standard.
    NewVersion,
}

/// Where a proposal is in its life cycle.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::ProposalState")]
pub enum ProposalState {
    /// Being written by its organisation.
    Draft,
    /// Open for public comment.
    Consultation,
    /// Under review by the board.
    InReview,
    /// Approved; its version is published.
    Approved,
    /// Rejected.
    Rejected,
    /// Withdrawn by its author.
    Withdrawn,
}

/// Where a published version is in its life cycle.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::VersionStatus")]
pub enum VersionStatus {
    /// Current; chosen by ranges.
    Active,
    /// Superseded; chosen by a range only when no active version matches.
    Deprecated,
    /// Resolvable by exact version forever; never chosen by a range.
    Retired,
}

/// The CDO's decision on a proposal.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::registry::Decision")]
pub enum Decision {
    /// Publish the proposed version.
    Approve,
    /// Refuse the proposal (a note saying why is required).
    Reject,
    /// Send it back to its authors as a draft (a note saying what to change is required).
    RequestChanges,
}

/// A board member's review of a proposal.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::Verdict")]
pub enum Verdict {
    /// Approve the proposal as it stands.
    Approve,
    /// Ask for changes before it can be approved.
    RequestChanges,
    /// Reject it.
    Reject,
}

/// How much a version number must grow for a change (semver).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::Bump")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Annotations only (title, description, examples…).
    Patch,
    /// The set of valid documents changed in a way the compatibility mode allows.
    Minor,
    /// A change that breaks the compatibility mode.
    Major,
}

/// One of the two schemas a comparison looks at.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::compat::Side")]
pub enum Side {
    /// The earlier (published) schema.
    Old,
    /// The later (proposed) schema.
    New,
}

/// How a change moves the set of valid documents.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::compat::Direction")]
pub enum Direction {
    /// Some documents that were valid are not any more.
    Narrows,
    /// Some documents that were invalid are valid now.
    Widens,
    /// Both at once.
    Both,
    /// Documentation only: the set of valid documents is unchanged.
    Annotation,
    /// The engine cannot decide; counted as breaking in every mode except NONE.
    Unknown,
}

/// How far an organisation is with a standard it adopts.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::AdoptionStatus")]
pub enum AdoptionStatus {
    /// It means to adopt it.
    Planned,
    /// It is building to it.
    Implementing,
    /// Its systems exchange documents under it.
    Live,
    /// It no longer uses it.
    Retired,
}

/// Which way an adopter's fixture travels.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::domain::FixtureRole")]
pub enum FixtureRole {
    /// The adopter sends documents like it.
    Produces,
    /// The adopter receives and reads documents like it.
    Consumes,
}
