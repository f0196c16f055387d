//! The registry's errors: one enum for every use case, each variant a stable code the transports
//! map to `extensions.code` (GraphQL) or an HTTP status (REST) in one place each.

use serde::Serialize;

use crate::compat::{Change, VersionError};
use crate::domain::Bump;
use crate::governance::{
    ApprovalBlocked, Denial, PanelTooSmall, ScheduleRefused, TransitionError, VerdictBinds,
    VersionTransitionError,
};
use crate::validate::{SchemaProblem, Violation};

/// A use case's failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No valid token was presented where one is needed, or the token is unknown or revoked.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Something named does not exist.
    #[error("{what} `{key}` does not exist")]
    NotFound {
        /// What kind of thing.
        what: &'static str,
        /// The name or id asked for.
        key: String,
    },
    /// An input value is malformed; `field` names it (an argument, an input field, or a JSON
    /// Pointer into a payload).
    #[error("{field}: {message}")]
    BadInput {
        /// Which input.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A proposed schema is not acceptable.
    #[error("the schema is not acceptable: {}", summarise(.0))]
    InvalidSchema(Vec<SchemaProblem>),
    /// A document (an adopter's fixture) is not valid under the version it is checked against.
    #[error("{message}")]
    InvalidDocument {
        /// What was checked against what, and the first problem.
        message: String,
        /// Every problem, with its JSON Pointers.
        violations: Vec<Violation>,
    },
    /// The declared version is not greater than every published one, or understates the change.
    #[error("{}", .0.message)]
    VersionBumpTooSmall(Box<BumpRefusal>),
    /// The request conflicts with the current state (a duplicate, a taken slug).
    #[error("{0}")]
    Conflict(String),
    /// A proposal or version cannot move this way from its current state.
    #[error("{message}")]
    InvalidTransition {
        /// What is refused and why.
        message: String,
        /// The current state or status.
        state: String,
        /// What is allowed from it.
        allowed: Vec<&'static str>,
    },
    /// The board's reviews do not allow an approval (yet).
    #[error("{message}")]
    QuorumNotMet {
        /// Why, with the numbers.
        message: String,
        /// Approvals needed.
        needed: usize,
        /// Approvals cast.
        approvals: usize,
        /// Rejections cast.
        rejections: usize,
        /// The eligible board.
        eligible: usize,
    },
    /// The consultation window has not closed.
    #[error("{message}")]
    ConsultationOpen {
        /// Why, in the words of `governance::check_approval`.
        message: String,
        /// When it closes.
        closes_at: chrono::DateTime<chrono::Utc>,
    },
    /// A request is too large or too deep.
    #[error("{message}")]
    LimitExceeded {
        /// Which limit.
        limit: &'static str,
        /// What was exceeded, with the limit.
        message: String,
    },
    /// Too many requests (or comments, or live subscriptions) at once or in too short a time.
    #[error("{message}")]
    RateLimited {
        /// Seconds until the caller may try again.
        retry_after: u64,
        /// What was too many, and when to try again.
        message: String,
    },
    /// A failure the caller cannot act on; details are logged, never returned.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Why a declared version is refused, with the typed values a client or page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct BumpRefusal {
    /// What is wrong, in a sentence.
    pub message: String,
    /// The version the proposal declared.
    pub declared: semver::Version,
    /// The greatest published version, if any.
    pub latest: Option<semver::Version>,
    /// The bump the changes require, when the compatibility engine judged it.
    pub required: Option<Bump>,
    /// The changes that need the larger bump.
    pub changes: Vec<Change>,
}

fn summarise(problems: &[SchemaProblem]) -> String {
    match problems {
        [] => "no details".to_owned(),
        [one] => format!("at `{}`: {}", one.pointer, one.message),
        [first, rest @ ..] => format!(
            "at `{}`: {} (and {} more problem{})",
            first.pointer,
            first.message,
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

impl Error {
    /// The stable code of this error (docs/DESIGN.md, "Errors").
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound { .. } => "NOT_FOUND",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::InvalidSchema(_) => "INVALID_SCHEMA",
            Self::InvalidDocument { .. } => "INVALID_DOCUMENT",
            Self::VersionBumpTooSmall(_) => "VERSION_BUMP_TOO_SMALL",
            Self::Conflict(_) => "CONFLICT",
            Self::InvalidTransition { .. } => "INVALID_TRANSITION",
            Self::QuorumNotMet { .. } => "QUORUM_NOT_MET",
            Self::ConsultationOpen { .. } => "CONSULTATION_OPEN",
            Self::LimitExceeded { .. } => "LIMIT_EXCEEDED",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Internal(_) => "INTERNAL",
        }
    }

    /// Structured details for clients, beside the code and message.
    pub fn details(&self) -> Option<ErrorDetails> {
        match self {
            Self::BadInput { field, .. } => Some(ErrorDetails::Field {
                field: field.clone(),
            }),
            Self::NotFound { what, key } => Some(ErrorDetails::Missing {
                what,
                key: key.clone(),
            }),
            Self::InvalidSchema(problems) => Some(ErrorDetails::Problems {
                problems: problems.clone(),
            }),
            Self::InvalidDocument { violations, .. } => Some(ErrorDetails::Violations {
                violations: violations.clone(),
            }),
            Self::VersionBumpTooSmall(refusal) => Some(ErrorDetails::Bump {
                declared: refusal.declared.clone(),
                latest: refusal.latest.clone(),
                required: refusal.required,
                changes: refusal.changes.clone(),
            }),
            Self::InvalidTransition { state, allowed, .. } => Some(ErrorDetails::Transition {
                state: state.clone(),
                allowed: allowed.clone(),
            }),
            Self::QuorumNotMet {
                needed,
                approvals,
                rejections,
                eligible,
                ..
            } => Some(ErrorDetails::Tally {
                needed: *needed,
                approvals: *approvals,
                rejections: *rejections,
                eligible: *eligible,
            }),
            Self::ConsultationOpen { closes_at, .. } => Some(ErrorDetails::Window {
                closes_at: closes_at.to_rfc3339(),
            }),
            Self::LimitExceeded { limit, .. } => Some(ErrorDetails::Limit { limit }),
            Self::RateLimited { retry_after, .. } => Some(ErrorDetails::RetryAfter {
                retry_after: *retry_after,
            }),
            _ => None,
        }
    }

    /// Wraps a failure that must not reach the client.
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(e))
    }

    /// A malformed input.
    pub fn bad_input(field: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Self::BadInput {
            field: field.into(),
            message: message.to_string(),
        }
    }

    /// Something that does not exist.
    pub fn not_found(what: &'static str, key: impl std::fmt::Display) -> Self {
        Self::NotFound {
            what,
            key: key.to_string(),
        }
    }
}

/// Structured error details, serialised into `extensions` (GraphQL) or the error body (REST).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged, rename_all = "camelCase")]
pub enum ErrorDetails {
    /// The malformed input.
    Field {
        /// Its name or pointer.
        field: String,
    },
    /// What was not found.
    Missing {
        /// The kind of thing.
        what: &'static str,
        /// The name asked for.
        key: String,
    },
    /// What is wrong with a schema.
    Problems {
        /// Each problem with its pointer.
        problems: Vec<SchemaProblem>,
    },
    /// Why a document is not valid.
    Violations {
        /// Each violation with its instance and schema pointers.
        violations: Vec<Violation>,
    },
    /// Why a version number is refused.
    Bump {
        /// The declared version.
        declared: semver::Version,
        /// The greatest published version.
        latest: Option<semver::Version>,
        /// The bump required.
        required: Option<Bump>,
        /// The changes that require it.
        changes: Vec<Change>,
    },
    /// Where a proposal or version is and what it allows.
    Transition {
        /// Its state or status.
        state: String,
        /// The steps allowed.
        allowed: Vec<&'static str>,
    },
    /// The review tally.
    Tally {
        /// Approvals needed.
        needed: usize,
        /// Approvals cast.
        approvals: usize,
        /// Rejections cast.
        rejections: usize,
        /// The eligible board.
        eligible: usize,
    },
    /// When the consultation closes.
    #[serde(rename_all = "camelCase")]
    Window {
        /// RFC 3339 time.
        closes_at: String,
    },
    /// Which limit was exceeded.
    Limit {
        /// The limit's name.
        limit: &'static str,
    },
    /// When to try again.
    RetryAfter {
        /// Seconds.
        #[serde(rename = "retryAfter")]
        retry_after: u64,
    },
}

impl From<sea_orm::DbErr> for Error {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::internal(e)
    }
}

impl From<TransitionError> for Error {
    fn from(e: TransitionError) -> Self {
        Self::InvalidTransition {
            message: e.to_string(),
            state: e.state.as_str().to_owned(),
            allowed: e.allowed.iter().map(|s| s.name()).collect(),
        }
    }
}

impl From<VersionTransitionError> for Error {
    fn from(e: VersionTransitionError) -> Self {
        Self::InvalidTransition {
            message: e.to_string(),
            state: e.status.as_str().to_owned(),
            allowed: Vec::new(),
        }
    }
}

impl From<ApprovalBlocked> for Error {
    fn from(e: ApprovalBlocked) -> Self {
        if let ApprovalBlocked::ConsultationOpen { closes_at, .. } = e {
            return Self::ConsultationOpen {
                message: e.to_string(),
                closes_at,
            };
        }
        let tally = e.tally();
        Self::QuorumNotMet {
            message: e.to_string(),
            needed: e.needed(),
            approvals: tally.approvals,
            rejections: tally.rejections,
            eligible: tally.eligible,
        }
    }
}

impl From<VersionError> for Error {
    fn from(error: VersionError) -> Self {
        let message = error.to_string();
        match error {
            VersionError::BumpTooSmall {
                declared,
                latest,
                needed,
                changes,
                ..
            } => Self::VersionBumpTooSmall(Box::new(BumpRefusal {
                message,
                declared,
                latest: Some(latest),
                required: Some(needed),
                changes,
            })),
            VersionError::NotGreater { declared, latest } => {
                Self::VersionBumpTooSmall(Box::new(BumpRefusal {
                    message,
                    declared,
                    latest: Some(latest),
                    required: None,
                    changes: Vec::new(),
                }))
            }
            VersionError::Qualified { declared } => {
                Self::bad_input("version", format!("{declared}: {message}"))
            }
        }
    }
}

impl From<ScheduleRefused> for Error {
    fn from(e: ScheduleRefused) -> Self {
        Self::bad_input(e.field, e.message)
    }
}

impl From<PanelTooSmall> for Error {
    fn from(e: PanelTooSmall) -> Self {
        Self::bad_input("reviewers", e)
    }
}

impl From<VerdictBinds> for Error {
    fn from(e: VerdictBinds) -> Self {
        Self::Forbidden(e.to_string())
    }
}

impl From<Denial> for Error {
    fn from(d: Denial) -> Self {
        match d {
            Denial::Unauthenticated => Self::Unauthenticated(d.to_string()),
            Denial::Forbidden(why) => Self::Forbidden(why),
        }
    }
}

/// The result of a use case.
pub type Result<T, E = Error> = std::result::Result<T, E>;
