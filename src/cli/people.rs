//! The operator's account commands: inviting someone (printing their one-time sign-in link) and
//! revoking a token. These are how CDO accounts come to exist, and how a leaked token is stopped
//! when nobody can sign in.

use anyhow::{Context, Result};

use super::operator_registry;
use crate::config::{InviteArgs, TokenRevokeArgs};
use crate::domain::{Email, OrgSlug, Role};
use crate::registry::Invitation;

/// `concord invite`: the link alone on standard output, so a script can mail it.
pub async fn invite(args: InviteArgs) -> Result<()> {
    let email = Email::parse(&args.email).context("--email")?;
    let org = OrgSlug::parse(&args.org).context("--org")?;
    let role = Role::parse(&args.role).context("--role")?;
    let registry = operator_registry(&args.database, args.base.base_url.as_deref()).await?;
    let (account, link) = registry
        .invite_as_operator(Invitation {
            email: &email,
            organisation: &org,
            role,
            name: &args.name,
        })
        .await
        .context("inviting")?;
    eprintln!(
        "Sign-in link for {} ({}, {}), working once until {}:",
        account.name,
        org,
        role.as_str(),
        link.expires_at.format("%-d %B %Y %H:%M UTC")
    );
    println!("{}", link.url);
    Ok(())
}

/// `concord token revoke PREFIX`.
pub async fn revoke_token(args: TokenRevokeArgs) -> Result<()> {
    let registry = operator_registry(&args.database, None).await?;
    let token = registry
        .revoke_token_as_operator(&args.prefix)
        .await
        .context("revoking the token")?;
    eprintln!("revoked {}", token.prefix);
    Ok(())
}
