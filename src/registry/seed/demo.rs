//! Demonstration data (`concord seed --demo`): illustrative adoptions and fixtures across
//! London, some usage, and proposals at each stage of the process (one in consultation with
//! comments, one in review with some votes and an impact on an adopter, one decided), so that a
//! newcomer's pages show the whole process on a fresh machine.
//!
//! It is never loaded by default: real boroughs must not appear to have adopted what they have
//! not. Loading it sets a mark, and every page then says the data is illustrative. The story
//! begins 40 days ago on the registry's clock (which the caller moves forward as it goes), so
//! that the consultation windows really have closed where the process needs them to.

use std::path::Path;

use chrono::Duration;
use serde_json::Value;

use crate::auth::Caller;
use crate::clock::{Clock, ManualClock};
use crate::domain::{
    AdoptionStatus, Decision, FixtureRole, OrgSlug, Role, SchemaDocument, Slug, Verdict,
    VersionNumber,
};
use crate::registry::{Error, NewFixture, NewVersionProposal, RawAdoption, Registry, Result};

/// How far back the story starts.
pub const STARTS_DAYS_AGO: i64 = 40;

/// (organisation, standard, status, systems, [(example file, role)]).
type Declared = (
    &'static str,
    &'static str,
    AdoptionStatus,
    &'static [&'static str],
    &'static [(&'static str, FixtureRole)],
);

const ADOPTIONS: &[Declared] = &[
    (
        "camden",
        "common/address",
        AdoptionStatus::Live,
        &["Street works permits", "Council tax"],
        &[
            ("camden-pancras-square.json", FixtureRole::Produces),
            ("camden-five-lines.json", FixtureRole::Produces),
        ],
    ),
    (
        "hackney",
        "common/address",
        AdoptionStatus::Live,
        &["Housing repairs"],
        &[("hackney-flat.json", FixtureRole::Produces)],
    ),
    (
        "westminster",
        "common/address",
        AdoptionStatus::Implementing,
        &["Licensing"],
        &[("westminster-downing-street.json", FixtureRole::Consumes)],
    ),
    (
        "hackney",
        "common/contact",
        AdoptionStatus::Implementing,
        &["Waste enquiries"],
        &[("hackney-waste.json", FixtureRole::Produces)],
    ),
    (
        "camden",
        "common/contact",
        AdoptionStatus::Live,
        &["Contact centre"],
        &[("camden-contact-centre.json", FixtureRole::Produces)],
    ),
    (
        "tfl",
        "common/geo-point",
        AdoptionStatus::Live,
        &["Open data feeds"],
        &[("city-hall-royal-docks.json", FixtureRole::Produces)],
    ),
    (
        "gla",
        "common/organisation",
        AdoptionStatus::Live,
        &["London Datastore"],
        &[("gla.json", FixtureRole::Consumes)],
    ),
    (
        "camden",
        "community/oruk-service",
        AdoptionStatus::Live,
        &["Camden Care Choices"],
        &[("camden-carers-drop-in.json", FixtureRole::Produces)],
    ),
    (
        "croydon",
        "common/address",
        AdoptionStatus::Planned,
        &[],
        &[],
    ),
    (
        "islington",
        "common/address",
        AdoptionStatus::Implementing,
        &[],
        &[],
    ),
    (
        "lambeth",
        "waste/collection-service",
        AdoptionStatus::Planned,
        &[],
        &[],
    ),
    (
        "southwark",
        "highways/open311-request",
        AdoptionStatus::Live,
        &["Report it"],
        &[],
    ),
    (
        "tower-hamlets",
        "highways/street-works",
        AdoptionStatus::Implementing,
        &[],
        &[],
    ),
    (
        "newham",
        "environment/laqn-reading",
        AdoptionStatus::Planned,
        &[],
        &[],
    ),
    (
        "tfl",
        "transport/bus-vehicle-activity",
        AdoptionStatus::Live,
        &["Bus arrivals"],
        &[],
    ),
    (
        "gla",
        "planning/brownfield-land",
        AdoptionStatus::Live,
        &["Planning London Datahub"],
        &[],
    ),
    (
        "barnet",
        "mobility/ev-chargepoint",
        AdoptionStatus::Implementing,
        &[],
        &[],
    ),
    (
        "enfield",
        "mobility/ev-chargepoint",
        AdoptionStatus::Planned,
        &[],
        &[],
    ),
    (
        "loti",
        "common/address",
        AdoptionStatus::Live,
        &["LOTI data platform"],
        &[],
    ),
];

/// What loading the demonstration did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DemoReport {
    /// Whether it was already loaded (then nothing was done).
    pub already_loaded: bool,
    /// Adoptions declared.
    pub adoptions: usize,
    /// Fixtures published.
    pub fixtures: usize,
    /// Proposals made.
    pub proposals: usize,
}

/// People acting in the story; their tokens are revoked at the end, so the demonstration
/// leaves no credential anyone could use.
struct Cast {
    registry: Registry,
    tokens: Vec<String>,
}

impl Cast {
    async fn person(&mut self, org: &str, role: Role, name: &str) -> Result<Caller> {
        let slug = OrgSlug::parse(org).map_err(|e| Error::bad_input("organisation", e))?;
        let (_, token) = self
            .registry
            .create_token_as_operator(&slug, role, name)
            .await?;
        let principal = self.registry.authenticate(&token.secret).await?;
        self.tokens.push(token.prefix);
        Ok(Caller::Account(principal))
    }

    async fn finish(self) -> Result<()> {
        for prefix in &self.tokens {
            self.registry.revoke_token_as_operator(prefix).await?;
        }
        Ok(())
    }
}

fn example(dir: &Path, standard: &str, version: &VersionNumber, file: &str) -> Result<Value> {
    let path = dir
        .join(standard)
        .join("examples")
        .join(version.to_string())
        .join("valid")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::bad_input("demo", format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| Error::bad_input("demo", format!("{}: {e}", path.display())))
}

fn slug(text: &str) -> Result<Slug> {
    Slug::parse(text).map_err(|e| Error::bad_input("standard", e))
}

impl Registry {
    /// Loads the demonstration onto a catalogue already seeded from `dir`; `clock` is this
    /// registry's clock, set [`STARTS_DAYS_AGO`] days back, and is moved on to now.
    pub async fn seed_demo(&self, dir: &Path, clock: &ManualClock) -> Result<DemoReport> {
        if self.demo_data().await {
            return Ok(DemoReport {
                already_loaded: true,
                ..DemoReport::default()
            });
        }
        self.set_demo_mark().await?;
        let mut report = DemoReport::default();
        let mut cast = Cast {
            registry: self.clone(),
            tokens: Vec::new(),
        };
        let mut stewards: Vec<(&str, Caller)> = Vec::new();
        for (org, standard, status, systems, fixtures) in ADOPTIONS {
            let caller = match stewards.iter().find(|(o, _)| o == org) {
                Some((_, c)) => c.clone(),
                None => {
                    let c = cast
                        .person(org, Role::Steward, &format!("Demo steward ({org})"))
                        .await?;
                    stewards.push((org, c.clone()));
                    c
                }
            };
            let Ok(found) = self.standard(&slug(standard)?).await else {
                continue;
            };
            let versions = self.versions(found.id).await?;
            let Some(latest) = versions.first() else {
                continue;
            };
            let range = format!("^{}", latest.version);
            let systems: Vec<String> = systems.iter().map(|s| (*s).to_owned()).collect();
            let adoption = self
                .declare_adoption(
                    &caller,
                    RawAdoption {
                        standard,
                        range: &range,
                        status: *status,
                        systems: &systems,
                        note: Some("Demonstration data: illustrative, not a real declaration."),
                    },
                )
                .await?;
            report.adoptions += 1;
            for (file, role) in *fixtures {
                let document = example(dir, standard, &latest.version, file)?;
                self.add_fixture(
                    &caller,
                    NewFixture {
                        adoption: &adoption.id.to_string(),
                        name: file.trim_end_matches(".json"),
                        role: *role,
                        document,
                    },
                )
                .await?;
                report.fixtures += 1;
            }
            if *status == AdoptionStatus::Live {
                for days_ago in 0..14_i64 {
                    let n = 40 + (adoption.id * 37 + days_ago * 11) % 400;
                    self.record_usage(
                        adoption.organisation_id,
                        adoption.standard_id,
                        latest.id,
                        clock.now().date_naive() + Duration::days(STARTS_DAYS_AGO - days_ago),
                        n as u64,
                    );
                }
            }
        }
        self.flush_usage().await?;
        report.proposals = self.demo_proposals(&mut cast, clock).await?;
        cast.finish().await?;
        Ok(report)
    }

    async fn demo_proposals(&self, cast: &mut Cast, clock: &ManualClock) -> Result<usize> {
        let proposer = cast
            .person("loti", Role::Steward, "Demo steward (LOTI)")
            .await?;
        let cdo = cast.person("gla", Role::Cdo, "Demo CDO's office").await?;
        let mut board = Vec::new();
        for org in ["tfl", "hackney", "croydon", "london-councils"] {
            board.push(
                cast.person(org, Role::Board, &format!("Demo board member ({org})"))
                    .await?,
            );
        }
        let board_ids: Vec<i64> = board
            .iter()
            .filter_map(|c| c.principal().map(|p| p.account_id))
            .collect();

        // In review, with an impact: addresses of at most three lines break Camden's fixture.
        let address = self
            .demo_version(
                &proposer,
                "common/address",
                "2.0.0",
                |schema| {
                    schema["properties"]["addressLines"]["maxItems"] = Value::from(3);
                },
                "Address lines: at most three.",
                "Street works systems hold three address lines.",
            )
            .await?;
        // Decided: a clarification the board turned down.
        let geo = self
            .demo_version(
                &proposer,
                "common/geo-point",
                "1.0.1",
                |schema| {
                    schema["description"] = Value::from(
                        "A point on the Earth (WGS 84), clarified for the demonstration.",
                    );
                },
                "Clarify the description.",
                "The board asked for plainer words.",
            )
            .await?;
        for id in [address, geo] {
            self.submit_proposal(&proposer, id).await?;
        }
        clock.advance(Duration::days(29));
        let deadline = clock.now() + Duration::days(21);
        for id in [address, geo] {
            self.convene_review(&cdo, id, deadline, Some(board_ids.clone()))
                .await?;
        }
        self.cast_review(
            &board[0],
            address,
            Verdict::Approve,
            "TfL's systems already cap addresses at three lines.",
        )
        .await?;
        self.cast_review(
            &board[1],
            address,
            Verdict::RequestChanges,
            "Camden publishes five-line addresses: this would break them.",
        )
        .await?;
        for member in &board[..3] {
            self.cast_review(
                member,
                geo,
                Verdict::Reject,
                "The current description is clear enough.",
            )
            .await?;
        }
        self.decide_proposal(
            &cdo,
            geo,
            Decision::Reject,
            Some("The board found the current wording clear."),
        )
        .await?;

        // In consultation, with comments on a field and a reply.
        clock.advance(Duration::days(6));
        let contact = self
            .demo_version(
                &proposer,
                "common/contact",
                "1.0.1",
                |schema| {
                    schema["description"] = Value::from(
                        "How to reach a service or a team: clarified for the demonstration.",
                    );
                },
                "Clarify the description.",
                "Boroughs asked what the contact is for.",
            )
            .await?;
        self.submit_proposal(&proposer, contact).await?;
        let first = self
            .comment_on_proposal(
                &board[2],
                contact,
                "Should this say whether a phone number is staffed?",
                Some("/properties/telephone"),
                None,
            )
            .await?;
        self.comment_on_proposal(
            &proposer,
            contact,
            "Good point: we will add it to the next minor version.",
            None,
            Some(first.id),
        )
        .await?;
        self.comment_on_proposal(
            &board[3],
            contact,
            "London Councils supports this clarification.",
            None,
            None,
        )
        .await?;
        clock.advance(Duration::days(STARTS_DAYS_AGO - 35));
        Ok(3)
    }

    /// Proposes a change made by `edit` to the latest version of `standard`.
    async fn demo_version(
        &self,
        caller: &Caller,
        standard: &str,
        version: &str,
        edit: impl FnOnce(&mut Value),
        changelog: &str,
        rationale: &str,
    ) -> Result<i64> {
        let found = self.standard(&slug(standard)?).await?;
        let latest = self
            .versions(found.id)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found("version", standard))?;
        let mut schema = (*latest.schema).clone();
        edit(&mut schema);
        let text = serde_json::to_string_pretty(&schema).map_err(Error::internal)?;
        let proposal = self
            .propose_version(
                caller,
                NewVersionProposal {
                    standard: found.slug.clone(),
                    version: VersionNumber::parse(version)
                        .map_err(|e| Error::bad_input("version", e))?,
                    schema: SchemaDocument::parse(text).map_err(Error::internal)?.into(),
                    changelog: changelog.to_owned(),
                    rationale: rationale.to_owned(),
                },
            )
            .await?;
        Ok(proposal.id)
    }
}
