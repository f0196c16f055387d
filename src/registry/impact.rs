//! Impact analysis: whom a proposed version affects among the organisations that have declared
//! adoption of its standard, and how. For each adopter, whether the proposed version falls in
//! its declared range; which of its `PRODUCES` fixtures the proposed version rejects, and where;
//! and, when the standard's mode checks forward compatibility (FORWARD, FULL), which documents
//! valid under the proposed version an adopter that `CONSUMES` would receive and its own version
//! rejects (the compatibility engine's witnesses).
//!
//! Impact is computed when it is read, from the adoptions and fixtures as they are then, so it
//! follows every declaration and fixture at once; the costly parts (the proposed schema
//! compiled, the comparisons for consumers) are remembered per revision.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::heavy::CancelOnDrop;
use super::impact_summary::summarise;
use super::publish::Documents;
use super::{
    Adoption, AdoptionFilter, Fixture, Proposal, Registry, Result, Revision, Standard, Version,
};
use crate::compat::{self, SchemaRef, Side, WorkBudget};
use crate::domain::{AdoptionStatus, FixtureRole, VersionNumber};
use crate::validate::{Compiled, PairOracle, Violation};

/// Most revisions (and comparisons) whose compiled schemas are remembered.
const REMEMBERED: usize = 64;

/// Whom a proposed version affects.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// The version proposed.
    pub proposed: VersionNumber,
    /// Organisations with a declared adoption in use (not retired).
    pub adopters: usize,
    /// Those the proposed version affects, in the order they declared.
    pub affected: Vec<Affected>,
    /// One sentence for a board member.
    pub summary: String,
}

/// One adopter the proposed version affects.
#[derive(Debug, Clone, PartialEq)]
pub struct Affected {
    /// The adoption.
    pub adoption: Adoption,
    /// The adopting organisation's name.
    pub organisation_name: String,
    /// Its slug.
    pub organisation_slug: String,
    /// Whether the proposed version falls in the adoption's declared range.
    pub in_range: bool,
    /// The version the adoption's range resolves to now.
    pub current: Option<VersionNumber>,
    /// Its `PRODUCES` fixtures the proposed version rejects.
    pub broken_fixtures: Vec<BrokenFixture>,
    /// Documents valid under the proposed version that its current version rejects (for an
    /// adopter that consumes, under FORWARD and FULL).
    pub unreadable: Vec<UnreadableDocument>,
}

/// A fixture the proposed version rejects.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenFixture {
    /// The fixture.
    pub fixture: Fixture,
    /// Why, with pointers into the fixture and the proposed schema.
    pub errors: Vec<Violation>,
}

/// A document the proposed version accepts that a consumer's version rejects.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadableDocument {
    /// The change that lets it through (a JSON Pointer into the proposed schema).
    pub pointer: String,
    /// The change, in a sentence.
    pub change: String,
    /// The document (the engine's witness, confirmed by both validators).
    pub document: Value,
    /// Why the consumer's version rejects it.
    pub errors: Vec<Violation>,
}

/// The proposed schema of a revision, compiled with the documents it references.
struct Proposed {
    compiled: Compiled,
    documents: Documents,
    uri: String,
}

/// Documents a consumer could not read, per (revision, version).
type Unreadables = Mutex<HashMap<(i64, i64), Arc<Vec<UnreadableDocument>>>>;

/// What impact analysis remembers between reads.
#[derive(Default)]
pub(crate) struct ImpactCache {
    proposed: Mutex<HashMap<i64, Arc<Proposed>>>,
    unreadable: Unreadables,
}

fn remember<K: std::hash::Hash + Eq, V: Clone>(map: &Mutex<HashMap<K, V>>, key: K, value: V) {
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= REMEMBERED {
        map.clear();
    }
    map.insert(key, value);
}

fn recall<K: std::hash::Hash + Eq, V: Clone>(map: &Mutex<HashMap<K, V>>, key: &K) -> Option<V> {
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(key)
        .cloned()
}

/// One adopter, with what it takes to assess it.
struct Adopter {
    adoption: Adoption,
    name: String,
    slug: String,
    current: Option<Version>,
    fixtures: Vec<Fixture>,
    unreadable: Arc<Vec<UnreadableDocument>>,
}

impl Registry {
    /// Forgets the compiled revisions and comparisons impact analysis remembers (for the
    /// benchmark of a first read; nothing else needs it, since revisions never change).
    pub fn forget_remembered_impacts(&self) {
        self.inner
            .impacts
            .proposed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.inner
            .impacts
            .unreadable
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The impact of a proposal's revision on the organisations that adopted its standard (none
    /// for a new standard).
    #[tracing::instrument(skip_all, fields(proposal = proposal.id, revision = revision.number))]
    pub async fn impact(&self, proposal: &Proposal, revision: &Revision) -> Result<Impact> {
        let Some(standard_id) = proposal.standard_id else {
            return Ok(no_adopters(revision));
        };
        let standard = self.standard_by_id(standard_id).await?;
        let adoptions: Vec<Adoption> = self
            .all_adoptions(AdoptionFilter {
                standard_id: Some(standard_id),
                ..AdoptionFilter::default()
            })
            .await?
            .into_iter()
            .filter(|a| a.status != AdoptionStatus::Retired)
            .collect();
        if adoptions.is_empty() {
            return Ok(no_adopters(revision));
        }
        let ids: Vec<i64> = adoptions.iter().map(|a| a.id).collect();
        let mut fixtures: HashMap<i64, Vec<Fixture>> = HashMap::new();
        for fixture in self.fixtures_of(&ids).await? {
            fixtures
                .entry(fixture.adoption_id)
                .or_default()
                .push(fixture);
        }
        let organisations: Vec<i64> = adoptions.iter().map(|a| a.organisation_id).collect();
        let names = self.organisations_by_ids(&organisations).await?;
        let versions = self.versions(standard_id).await?;
        let proposed = self.proposed(&standard, revision).await?;
        let mut adopters = Vec::with_capacity(adoptions.len());
        for adoption in adoptions {
            let current = adoption.resolves_to(&versions).cloned();
            let fixtures = fixtures.remove(&adoption.id).unwrap_or_default();
            let consumes = fixtures.iter().any(|f| f.role == FixtureRole::Consumes);
            let unreadable = match &current {
                Some(version) if consumes && standard.mode.checks_forward() => {
                    self.unreadable(&standard, version, revision, &proposed)
                        .await?
                }
                _ => Arc::default(),
            };
            let organisation = names.get(&adoption.organisation_id);
            adopters.push(Adopter {
                name: organisation.map(|o| o.name.clone()).unwrap_or_default(),
                slug: organisation.map(|o| o.slug.to_string()).unwrap_or_default(),
                adoption,
                current,
                fixtures,
                unreadable,
            });
        }
        let max_violations = self.settings().limits.max_violations;
        let version = revision.version.clone();
        let cancel = CancelOnDrop::default();
        let counted = adopters.len();
        let published: usize = adopters.iter().map(|a| a.fixtures.len()).sum();
        let affected = self
            .inner
            .heavy
            .run(&cancel, move || {
                adopters
                    .into_iter()
                    .filter_map(|a| assess(a, &proposed.compiled, &version, max_violations))
                    .collect::<Vec<_>>()
            })
            .await?;
        Ok(Impact {
            summary: summarise(counted, published, &affected, &revision.version),
            proposed: revision.version.clone(),
            adopters: counted,
            affected,
        })
    }

    /// A revision's schema compiled (remembered per revision: revisions never change).
    async fn proposed(&self, standard: &Standard, revision: &Revision) -> Result<Arc<Proposed>> {
        if let Some(hit) = recall(&self.inner.impacts.proposed, &revision.id) {
            return Ok(hit);
        }
        let (_, documents, compiled) = self
            .check_schema(&standard.slug, &revision.version, &revision.files())
            .await?;
        let proposed = Arc::new(Proposed {
            compiled,
            documents,
            uri: self
                .addresses()
                .canonical(&standard.slug, &revision.version),
        });
        remember(&self.inner.impacts.proposed, revision.id, proposed.clone());
        Ok(proposed)
    }

    /// Documents the proposed version accepts that `current` rejects: the witnesses of a
    /// FORWARD comparison (remembered per revision and version).
    async fn unreadable(
        &self,
        standard: &Standard,
        current: &Version,
        revision: &Revision,
        proposed: &Arc<Proposed>,
    ) -> Result<Arc<Vec<UnreadableDocument>>> {
        let key = (revision.id, current.id);
        if let Some(hit) = recall(&self.inner.impacts.unreadable, &key) {
            return Ok(hit);
        }
        let old = self.compiled(standard, current).await?;
        let mut documents: HashMap<String, Value> = proposed.documents.iter().cloned().collect();
        for (uri, doc) in self.documents_of(standard, current).await? {
            documents.entry(uri).or_insert(doc);
        }
        let old_uri = self.root_uri(standard, current);
        let old_schema = current.schema.clone();
        let (proposed_ref, policy) = (proposed.clone(), standard.policy);
        let max_violations = self.settings().limits.max_violations;
        let cancel = CancelOnDrop::default();
        let budget = WorkBudget::new(
            self.settings().limits.max_compare_steps,
            Some(cancel.flag()),
        );
        let schema = revision.schema.clone();
        let found = self
            .inner
            .heavy
            .run(&cancel, move || {
                let report = compat::compare_within(
                    SchemaRef {
                        schema: &old_schema,
                        base_uri: &old_uri,
                    },
                    SchemaRef {
                        schema: &schema,
                        base_uri: &proposed_ref.uri,
                    },
                    &documents,
                    &PairOracle {
                        old: &old,
                        new: &proposed_ref.compiled,
                    },
                    compat::Mode::Forward,
                    policy,
                    budget,
                );
                report
                    .changes
                    .into_iter()
                    .filter(|c| c.breaking)
                    .filter_map(|c| {
                        let witness = c.witness?;
                        (witness.valid_under == Side::New).then(|| UnreadableDocument {
                            errors: crate::validate::validate(
                                &old,
                                &witness.document,
                                max_violations,
                            )
                            .violations,
                            pointer: c.pointer,
                            change: c.message,
                            document: witness.document,
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .await?;
        let found = Arc::new(found);
        remember(&self.inner.impacts.unreadable, key, found.clone());
        Ok(found)
    }
}

fn no_adopters(revision: &Revision) -> Impact {
    Impact {
        summary: summarise(0, 0, &[], &revision.version),
        proposed: revision.version.clone(),
        adopters: 0,
        affected: Vec::new(),
    }
}

/// One adopter assessed: `None` when the proposed version affects it in no way Concord can see.
fn assess(
    adopter: Adopter,
    proposed: &Compiled,
    version: &VersionNumber,
    max_violations: usize,
) -> Option<Affected> {
    let broken_fixtures: Vec<BrokenFixture> = adopter
        .fixtures
        .into_iter()
        .filter(|f| f.role == FixtureRole::Produces)
        .filter_map(|fixture| {
            if proposed.is_valid(&fixture.document) {
                return None;
            }
            let errors =
                crate::validate::validate(proposed, &fixture.document, max_violations).violations;
            Some(BrokenFixture { fixture, errors })
        })
        .collect();
    if broken_fixtures.is_empty() && adopter.unreadable.is_empty() {
        return None;
    }
    Some(Affected {
        in_range: adopter.adoption.selects(version),
        current: adopter.current.map(|v| v.version),
        organisation_name: adopter.name,
        organisation_slug: adopter.slug,
        adoption: adopter.adoption,
        broken_fixtures,
        unreadable: adopter.unreadable.as_ref().clone(),
    })
}
