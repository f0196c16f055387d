//! The use cases: everything a caller can ask of Concord, whichever transport carries it. This is
//! the only code that touches `db/`; it asks the pure modules (`validate`, `governance`) for the
//! rules, and commits every state change together with its audit event.

mod accounts;
mod adoption_matrix;
mod adoptions;
mod audit;
mod budget;
mod catalogue;
mod checkpoints;
mod compatibility;
mod error;
mod events;
mod examples;
mod fixtures;
mod heavy;
mod impact;
mod impact_summary;
mod marks;
mod model;
mod notify;
mod organisations;
mod pagination;
mod people;
mod proposals;
mod publish;
mod references;
mod resolution;
mod seed;
mod sessions;
mod throttle;
mod tokens;
mod usage;
mod validation;
mod versions;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use adoption_matrix::AdoptionMatrix;
pub use adoptions::{Adoption, AdoptionFilter, RawAdoption};
pub use audit::{AuditFilter, AuditHead, ChainReport, VerifyOptions};
pub use budget::RequestBudget;
pub use catalogue::{CatalogueEntry, StandardFilter};
pub use checkpoints::{AuditKey, AuditPublicKey, Checkpoint};
pub use compatibility::{Compatibility, DryRun};
pub use error::{BumpRefusal, Error, ErrorDetails, Result};
pub use examples::Example;
pub use fixtures::{Fixture, NewFixture};
pub use impact::{Affected, BrokenFixture, Impact, UnreadableDocument};
pub use model::{
    Account, AuditEvent, Comment, Organisation, Proposal, Review, Revision, Standard, Upstream,
    Version,
};
pub use organisations::NewOrganisation;
pub use pagination::{Page, PageRequest};
pub use people::{Invitation, OrganisationAccounts};
pub use proposals::{
    AwaitingReview, Decision, NewStandardProposal, NewVersionProposal, RawStandardProposal,
    ReviewTally, UnderReview, Work,
};
pub use seed::demo::{DemoReport, STARTS_DAYS_AGO};
pub use seed::{SeedReport, load_organisations_file, parse_organisations_toml};
pub use sessions::{OidcAttempt, Session, SignInLink};
pub use tokens::{MAX_TOKEN_DAYS, TokenInfo, TokenRequest};
pub use usage::{
    DEFAULT_USAGE_DAYS, MAX_USAGE_DAYS, UsageCount, UsageFilter, UsageTally, usage_totals,
};
pub use validation::{Checked, Prepared, Validated, ValidationCounts, Warning};

use crate::clock::Clock;
use crate::governance::{ConsultationDays, Quorum};
use crate::validate::{Addresses, ValidatorCache};

/// Limits on what one request may submit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest schema accepted in a proposal, in bytes of JSON.
    pub max_schema_bytes: usize,
    /// Largest fixture an adopter may publish, in bytes of JSON.
    pub max_fixture_bytes: usize,
    /// Deepest nesting accepted in a schema or a payload.
    pub max_depth: usize,
    /// Most violations reported for one document.
    pub max_violations: usize,
    /// Most documents validated in one request, in all.
    pub max_documents: usize,
    /// Most schema comparisons (dry runs, diffs) in one request.
    pub max_comparisons: usize,
    /// Most steps one comparison may take before what is left is UNKNOWN.
    pub max_compare_steps: u64,
    /// Comments one account may make in an hour (0: no limit).
    pub comments_per_hour: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_schema_bytes: 1024 * 1024,
            max_fixture_bytes: 64 * 1024,
            max_depth: 64,
            max_violations: 100,
            max_documents: 100_000,
            max_comparisons: 10,
            max_compare_steps: crate::compat::WorkBudget::DEFAULT_STEPS,
            comments_per_hour: 30,
        }
    }
}

/// The deployment's governance settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Governance {
    /// Minimum consultation length by kind of change.
    pub consultation_days: ConsultationDays,
    /// Share of the eligible board whose approval is needed.
    pub quorum: Quorum,
    /// Fewest board members, from as many organisations, a review panel may have.
    pub min_panel: usize,
    /// Days a draft may go untouched and still hold the slug it proposes.
    pub draft_expiry_days: u32,
}

impl Governance {
    /// How long a draft may go untouched and still hold its slug.
    pub fn draft_expiry(&self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.draft_expiry_days))
    }
}

impl Default for Governance {
    fn default() -> Self {
        Self {
            consultation_days: ConsultationDays::default(),
            quorum: Quorum::default(),
            min_panel: 3,
            draft_expiry_days: 90,
        }
    }
}

/// Everything the use cases need to know about the deployment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The public base URL, used in canonical schema URIs.
    pub base_url: String,
    /// Request limits.
    pub limits: Limits,
    /// How many compiled validators to keep.
    pub validator_cache_size: usize,
    /// Consultation windows and the quorum.
    pub governance: Governance,
    /// The key that signs the audit log's head at every commit (none: no checkpoints).
    pub audit_key: Option<AuditKey>,
    /// When browser sessions end.
    pub sessions: crate::auth::session::SessionPolicy,
    /// The identity provider people sign in with (none: one-time sign-in links only).
    pub oidc: Option<crate::auth::oidc::OidcConfig>,
    /// The catalogue folder, whose example documents the standards' pages show.
    pub catalogue_dir: Option<std::path::PathBuf>,
}

/// The registry: the database, the clock, and the deployment's settings.
#[derive(Clone)]
pub struct Registry {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    /// How often each account may comment.
    comments: throttle::CommentThrottle,
    /// Counts committed state changes, so live subscriptions wake at once on this replica.
    changes: tokio::sync::watch::Sender<u64>,
    clock: Arc<dyn Clock>,
    addresses: Addresses,
    settings: Settings,
    validators: ValidatorCache,
    resolutions: resolution::Resolutions,
    validation_counts: Arc<ValidationCounts>,
    /// Whether demonstration data is loaded, as last read, and when.
    demo: marks::DemoMark,
    /// What impact analysis remembers between reads.
    impacts: impact::ImpactCache,
    /// Validations counted per organisation, not yet written.
    usage: UsageTally,
    /// SQL statements executed so far (for `/metrics`, and for tests that bound them).
    statements: Arc<std::sync::atomic::AtomicU64>,
    /// Lanes for CPU-heavy work, one per core.
    heavy: heavy::Heavy,
}

impl Registry {
    /// A registry over a connected, migrated database.
    pub fn new(mut db: DatabaseConnection, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        let statements = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counted = statements.clone();
        // Every statement, inside transactions too, passes sea-orm's metric callback: counting
        // them makes a regression to one query per row visible (and testable).
        db.set_metric_callback(move |_| {
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        Self {
            inner: Arc::new(Inner {
                addresses: Addresses::new(&settings.base_url),
                validators: ValidatorCache::new(settings.validator_cache_size),
                resolutions: resolution::Resolutions::new(),
                changes: tokio::sync::watch::Sender::new(0),
                validation_counts: Arc::default(),
                usage: UsageTally::default(),
                impacts: impact::ImpactCache::default(),
                demo: marks::DemoMark::default(),
                statements,
                heavy: heavy::Heavy::new(),
                comments: throttle::CommentThrottle::new(settings.limits.comments_per_hour),
                db,
                clock,
                settings,
            }),
        }
    }

    fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// The registry clock's current time.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    /// Commits a write transaction and wakes whoever watches for changes.
    async fn commit(&self, txn: sea_orm::DatabaseTransaction) -> Result<()> {
        if let Some(key) = &self.inner.settings.audit_key {
            checkpoints::sign_head(&txn, key, self.now()).await?;
        }
        notify::announce(&txn).await?;
        txn.commit().await?;
        self.changed();
        Ok(())
    }

    /// Whether the proposal's consultation is still running by the registry's clock.
    pub fn consultation_open(&self, proposal: &Proposal) -> bool {
        proposal.open_consultation(self.now()).is_some()
    }

    /// Canonical URIs of this deployment.
    pub fn addresses(&self) -> &Addresses {
        &self.inner.addresses
    }

    /// A fresh budget for one request.
    pub fn request_budget(&self) -> RequestBudget {
        RequestBudget::new(self.settings().limits)
    }

    /// The deployment's settings.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// SQL statements this registry has executed since it started, for metrics.
    pub fn statements_executed(&self) -> u64 {
        self.inner
            .statements
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Comparisons stopped because the request that asked for them was dropped, for metrics.
    pub fn comparisons_abandoned(&self) -> u64 {
        self.inner.heavy.abandoned()
    }

    /// Validator cache counts, for metrics.
    pub fn cache_stats(&self) -> crate::validate::CacheStats {
        self.inner.validators.stats()
    }

    /// Whether the database answers and is fully migrated (for `/readyz`).
    pub async fn is_ready(&self) -> bool {
        matches!(crate::db::is_migrated(self.db()).await, Ok(true))
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}
