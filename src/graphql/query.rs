//! The root `Query`: everything anyone may read, validate or dry-run, with no token needed.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, InputObject, Json, MaybeUndefined, Object, Result, SimpleObject};

use super::context::{ContextExt, DocumentInput, SchemaJson, numeric_id, schema_files};
use super::enums::{OrganisationKind, ProposalState};
use super::types::{
    AccountNode, AuditEventNode, AuditHeadNode, CompatibilityReportNode, OrganisationNode,
    ProposalNode, StandardNode, ValidationResultNode, VersionCheckNode, VersionComparisonNode,
    VersionNode,
};
use crate::domain::{OrgSlug, Slug, VersionNumber, VersionSelector};
use crate::registry::{AuditFilter, Error, Page, PageRequest, StandardFilter};

/// The totals a connection reports beside its page.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many items the whole list holds (not just this page).
    pub total_count: u64,
}

/// A page of a list as a Relay connection.
pub(crate) type Paged<T> = Connection<String, T, ConnectionTotals>;

pub(crate) fn connection<T, N: async_graphql::OutputType>(
    page: Page<T>,
    wrap: impl Fn(T) -> N,
) -> Paged<N> {
    let mut connection = Connection::with_additional_fields(
        false,
        page.has_next,
        ConnectionTotals {
            total_count: page.total,
        },
    );
    connection.edges = page
        .items
        .into_iter()
        .map(|(cursor, item)| Edge::new(cursor, wrap(item)))
        .collect();
    connection
}

/// Which audit events to list (all conditions must hold).
#[derive(InputObject, Default)]
pub struct AuditLogFilter {
    /// Only events about this kind of subject: `proposal`, `standard`, `version`,
    /// `organisation` or `account`.
    pub subject_type: Option<String>,
    /// Only events about this subject (a proposal id, a slug, `slug@version`…).
    pub subject_id: Option<String>,
    /// Only this action, such as `proposal.approved`.
    pub action: Option<String>,
    /// Only events by accounts of this organisation (its slug).
    pub organisation: Option<String>,
}

/// The root query type.
pub struct Query;

/// Everything anyone may read, validate or dry-run; no token is needed.
#[Object]
impl Query {
    /// The catalogue of standards, by slug. `search` matches words in the slug, title, summary
    /// and tags; `theme` and `owner` (an organisation slug) narrow it.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, child_complexity)")]
    async fn standards(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        search: Option<String>,
        theme: Option<String>,
        owner: Option<String>,
    ) -> Result<Paged<StandardNode>> {
        let registry = ctx.registry();
        let owner_organisation_id = match owner {
            Some(slug) => {
                let slug = OrgSlug::parse(&slug).map_err(|e| Error::bad_input("owner", e))?;
                Some(registry.organisation(&slug).await?.id)
            }
            None => None,
        };
        let filter = StandardFilter {
            search,
            theme,
            owner_organisation_id,
        };
        let page = registry
            .standards(&filter, &PageRequest::new(first, after)?)
            .await?;
        Ok(connection(page, StandardNode))
    }

    /// One standard by slug (such as `mobility/ev-chargepoint`); null if there is none.
    async fn standard(&self, ctx: &Context<'_>, slug: String) -> Result<Option<StandardNode>> {
        let slug = Slug::parse(&slug).map_err(|e| Error::bad_input("slug", e))?;
        Ok(ctx.registry().find_standard(&slug).await?.map(StandardNode))
    }

    /// Every organisation, by name, optionally of one kind.
    #[graphql(complexity = "crate::graphql::limits::ORGANISATIONS * child_complexity")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        kind: Option<OrganisationKind>,
    ) -> Result<Vec<OrganisationNode>> {
        let orgs = ctx.registry().organisations(kind.map(Into::into)).await?;
        Ok(orgs.into_iter().map(OrganisationNode).collect())
    }

    /// One organisation by slug; null if there is none.
    async fn organisation(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> Result<Option<OrganisationNode>> {
        let slug = OrgSlug::parse(&slug).map_err(|e| Error::bad_input("slug", e))?;
        match ctx.registry().organisation(&slug).await {
            Ok(org) => Ok(Some(OrganisationNode(org))),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    /// The account the request's token belongs to; null without a token.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<AccountNode>> {
        match ctx.caller().principal() {
            Some(p) => Ok(Some(AccountNode(
                ctx.registry().account(p.account_id).await?,
            ))),
            None => Ok(None),
        }
    }

    /// One proposal by id; null if there is none.
    async fn proposal(&self, ctx: &Context<'_>, id: ID) -> Result<Option<ProposalNode>> {
        let id = numeric_id("id", &id)?;
        match ctx.registry().proposal(id).await {
            Ok(p) => Ok(Some(ProposalNode(p))),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    /// Who has adopted which standard, newest declaration first: narrowed to a standard (slug),
    /// an organisation (slug) or a status.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, child_complexity)")]
    async fn adoptions(
        &self,
        ctx: &Context<'_>,
        standard: Option<String>,
        organisation: Option<String>,
        status: Option<crate::graphql::enums::AdoptionStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Paged<crate::graphql::types::AdoptionNode>> {
        let registry = ctx.registry();
        let standard_id = match standard {
            Some(slug) => {
                let slug = Slug::parse(&slug).map_err(|e| Error::bad_input("standard", e))?;
                Some(registry.standard(&slug).await?.id)
            }
            None => None,
        };
        let organisation_id = match organisation {
            Some(slug) => {
                let slug =
                    OrgSlug::parse(&slug).map_err(|e| Error::bad_input("organisation", e))?;
                Some(registry.organisation(&slug).await?.id)
            }
            None => None,
        };
        let filter = crate::registry::AdoptionFilter {
            standard_id,
            organisation_id,
            status: status.map(Into::into),
        };
        let page = registry
            .adoptions(filter, &PageRequest::new(first, after)?)
            .await?;
        Ok(connection(page, crate::graphql::types::AdoptionNode))
    }

    /// Proposals, newest first, optionally in one state.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, child_complexity)")]
    async fn proposals(
        &self,
        ctx: &Context<'_>,
        state: Option<ProposalState>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Paged<ProposalNode>> {
        let page = ctx
            .registry()
            .proposals(state.map(Into::into), &PageRequest::new(first, after)?)
            .await?;
        Ok(connection(page, ProposalNode))
    }

    /// The audit log's head (count and last hash) with its latest signed checkpoint: keep it, and
    /// check later that the log still holds it (`concord audit verify --since-head`).
    async fn audit_head(&self, ctx: &Context<'_>) -> Result<AuditHeadNode> {
        Ok(ctx.registry().audit_head().await?.into())
    }

    /// The public audit log, oldest first: every state change, with who made it and when.
    /// Narrow it with `filter`.
    #[graphql(complexity = "crate::graphql::limits::page_cost(first, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditLogFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Paged<AuditEventNode>> {
        let filter = filter.unwrap_or_default();
        let filter = AuditFilter {
            subject_type: filter.subject_type,
            subject_id: filter.subject_id,
            action: filter.action,
            organisation: filter.organisation,
        };
        let page = ctx
            .registry()
            .audit_log(&filter, &PageRequest::new(first, after)?)
            .await?;
        Ok(connection(page, AuditEventNode))
    }

    /// A public dry run: how `schema` would compare with the published versions of `standard`,
    /// (with its named `documents`, for a version of several files) as a proposal would be judged, and (with `version`) whether that version number would be
    /// accepted. Nothing is stored. The schema must be a valid schema (`INVALID_SCHEMA`
    /// otherwise).
    async fn compatibility(
        &self,
        ctx: &Context<'_>,
        standard: String,
        schema: SchemaJson,
        #[graphql(default)] documents: Vec<DocumentInput>,
        version: Option<String>,
    ) -> Result<CompatibilityReportNode> {
        let slug = Slug::parse(&standard).map_err(|e| Error::bad_input("standard", e))?;
        let declared = version
            .map(|v| VersionNumber::parse(&v).map_err(|e| Error::bad_input("version", e)))
            .transpose()?;
        ctx.budget().take_comparison()?;
        let dry = ctx
            .registry()
            .dry_run_compatibility(
                &slug,
                schema_files("schema", schema, documents, "documents")?,
                declared,
            )
            .await?;
        let version_check = dry.declared.map(|(_, check)| match check {
            Ok(note) => VersionCheckNode::from_note(&note),
            Err(error) => {
                let needed = match &error {
                    Error::VersionBumpTooSmall(refusal) => refusal.required.map(Into::into),
                    _ => None,
                };
                VersionCheckNode::refused(error.to_string(), needed)
            }
        });
        Ok(CompatibilityReportNode {
            report: dry.report,
            version_check,
        })
    }

    /// The changes between two published versions of a standard, judged under its mode and
    /// policy, with witnesses for the breaking ones.
    async fn diff(
        &self,
        ctx: &Context<'_>,
        standard: String,
        from: String,
        to: String,
    ) -> Result<VersionComparisonNode> {
        let slug = Slug::parse(&standard).map_err(|e| Error::bad_input("standard", e))?;
        let from = VersionNumber::parse(&from).map_err(|e| Error::bad_input("from", e))?;
        let to = VersionNumber::parse(&to).map_err(|e| Error::bad_input("to", e))?;
        ctx.budget().take_comparison()?;
        let (_, report) = ctx.registry().diff_versions(&slug, &from, &to).await?;
        Ok(VersionComparisonNode {
            against: from.to_string(),
            report,
        })
    }

    /// Validates one payload against a standard. `version` is an exact version, a semver range
    /// (`^1.2`), or omitted for the latest active version. An invalid payload is not an error:
    /// the result says why, with a JSON Pointer for each problem. `payload` must be given; JSON
    /// `null` is a document like any other (which is why the argument is nullable), as it is
    /// for `POST /validate`.
    async fn validate(
        &self,
        ctx: &Context<'_>,
        standard: String,
        version: Option<String>,
        payload: MaybeUndefined<Json<serde_json::Value>>,
    ) -> Result<ValidationResultNode> {
        let payload = match payload {
            MaybeUndefined::Value(Json(document)) => document,
            MaybeUndefined::Null => serde_json::Value::Null,
            MaybeUndefined::Undefined => {
                return Err(Error::bad_input(
                    "payload",
                    "give the payload to validate (null validates the JSON document `null`)",
                )
                .into());
            }
        };
        let mut results = validate_all(ctx, &standard, version.as_deref(), vec![payload]).await?;
        results
            .pop()
            .ok_or_else(|| Error::internal(std::io::Error::other("no result")).into())
    }

    /// Validates several payloads against one version of a standard, in order; a `null` item is
    /// the JSON document `null` (the payloads of
    /// every `validate` and `validateMany` of one request count together against the
    /// deployment's documents-per-request limit).
    async fn validate_many(
        &self,
        ctx: &Context<'_>,
        standard: String,
        version: Option<String>,
        payloads: Vec<Option<Json<serde_json::Value>>>,
    ) -> Result<Vec<ValidationResultNode>> {
        // A null item is the JSON document `null`.
        let payloads = payloads
            .into_iter()
            .map(|p| p.map_or(serde_json::Value::Null, |Json(document)| document))
            .collect();
        validate_all(ctx, &standard, version.as_deref(), payloads).await
    }
}

async fn validate_all(
    ctx: &Context<'_>,
    standard: &str,
    version: Option<&str>,
    payloads: Vec<serde_json::Value>,
) -> Result<Vec<ValidationResultNode>> {
    let slug = Slug::parse(standard).map_err(|e| Error::bad_input("standard", e))?;
    let selector = VersionSelector::parse(version.unwrap_or(""))
        .map_err(|e| Error::bad_input("version", e))?;
    ctx.budget().take_documents(payloads.len())?;
    let validated = ctx
        .registry()
        .validate(ctx.caller(), &slug, &selector, payloads)
        .await?;
    let version = std::sync::Arc::new(VersionNode::new(validated.standard, validated.version));
    validated
        .results
        .into_iter()
        .map(|result| {
            Ok(ValidationResultNode {
                version: version.clone(),
                checked: result?,
            })
        })
        .collect()
}
