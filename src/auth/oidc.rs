//! Signing in with the deployment's OpenID Connect provider (Microsoft Entra ID for most London
//! councils): the authorization code flow with PKCE, a nonce and a `state`, through the
//! `openidconnect` crate, which checks the ID token's issuer, audience, expiry, nonce and
//! signature against the provider's published keys. What Concord adds: the e-mail address must be
//! one the provider vouches for (`email_verified`, or Entra's `xms_edov`), and the provider's
//! keys are fetched again when a token names one it does not know, or after an hour.

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthType, AuthorizationCode, ClaimsVerificationError, Client, ClientId,
    ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IdTokenFields, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    SignatureVerificationError, StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, RwLock};

use crate::domain::Email;

/// How long the provider's keys are trusted before they are fetched again.
const KEYS_MAX_AGE: Duration = Duration::from_secs(3600);

/// The claims beyond the standard ones that Concord reads: Entra ID says whether the domain of
/// the `email` claim is verified in `xms_edov` (it has no `email_verified`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    xms_edov: Option<serde_json::Value>,
}

impl AdditionalClaims for ExtraClaims {}

type TokenFields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type ClientWith<TokenUrl> = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    StandardTokenResponse<TokenFields, CoreTokenType>,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    TokenUrl,
    EndpointMaybeSet,
>;

/// The client once its token endpoint is known (so the code exchange cannot lack one).
type OidcClient = ClientWith<EndpointSet>;

/// The deployment's identity provider, as configured.
#[derive(Clone)]
pub struct OidcConfig {
    /// The issuer URL, exactly as the provider's discovery document gives it.
    pub issuer: String,
    /// Concord's client id there.
    pub client_id: String,
    /// Concord's client secret there.
    pub client_secret: String,
    /// Where the provider sends people back: `{base URL}/sign-in/oidc/callback`.
    pub redirect_url: String,
    /// Whether the secret goes in the form body (`post`) rather than HTTP Basic.
    pub secret_in_body: bool,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("redirect_url", &self.redirect_url)
            .finish_non_exhaustive()
    }
}

/// Why signing in with the provider failed. The messages are for the logs; people are shown a
/// plain sentence.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider could not be reached or described itself wrongly.
    #[error("the identity provider could not be used: {0}")]
    Provider(String),
    /// The code exchange or the ID token failed a check.
    #[error("the identity provider's answer was refused: {0}")]
    Refused(String),
    /// The person has no e-mail address the provider vouches for.
    #[error("{0}")]
    Email(String),
}

/// What a sign-in leaves with: the address to send the browser to, and what must be kept until
/// it comes back.
#[derive(Debug)]
pub struct Departure {
    /// The provider's authorization URL.
    pub url: String,
    /// The `state` the callback will carry.
    pub state: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier.
    pub pkce_verifier: String,
}

struct Discovered {
    client: OidcClient,
    fetched: Instant,
}

/// The identity provider, discovered on first use and re-discovered when its keys may have
/// changed.
pub struct Oidc {
    config: OidcConfig,
    http: reqwest::Client,
    current: RwLock<Option<Arc<Discovered>>>,
    refreshing: Mutex<()>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.config.issuer)
            .finish_non_exhaustive()
    }
}

fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl Oidc {
    /// A provider to be discovered on first use (so Concord starts even when the provider is
    /// briefly unreachable).
    pub fn new(config: OidcConfig) -> Result<Self, OidcError> {
        // The openidconnect crate's own advice: never follow redirects, against request forgery.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| OidcError::Provider(chain(&e)))?;
        Ok(Self {
            config,
            http,
            current: RwLock::new(None),
            refreshing: Mutex::new(()),
        })
    }

    async fn discover(&self) -> Result<Arc<Discovered>, OidcError> {
        let provider = |e: &(dyn std::error::Error + 'static)| OidcError::Provider(chain(e));
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| provider(&e))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| provider(&e))?;
        let token_url = metadata.token_endpoint().cloned().ok_or_else(|| {
            OidcError::Provider("its discovery document names no token endpoint".to_owned())
        })?;
        let redirect =
            RedirectUrl::new(self.config.redirect_url.clone()).map_err(|e| provider(&e))?;
        let client = ClientWith::<EndpointMaybeSet>::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_token_uri(token_url)
        .set_auth_type(if self.config.secret_in_body {
            AuthType::RequestBody
        } else {
            AuthType::BasicAuth
        })
        .set_redirect_uri(redirect);
        Ok(Arc::new(Discovered {
            client,
            fetched: Instant::now(),
        }))
    }

    /// The discovered provider, fetched again when older than an hour or when `stale` says its
    /// keys did not match. One refresh runs at a time; if it fails the old keys stay.
    async fn provider(
        &self,
        stale: Option<&Arc<Discovered>>,
    ) -> Result<Arc<Discovered>, OidcError> {
        if let Some(current) = self.current.read().await.clone()
            && stale.is_none_or(|s| !Arc::ptr_eq(s, &current))
            && current.fetched.elapsed() < KEYS_MAX_AGE
        {
            return Ok(current);
        }
        let _one_at_a_time = self.refreshing.lock().await;
        if let Some(current) = self.current.read().await.clone()
            && stale.is_none_or(|s| !Arc::ptr_eq(s, &current))
            && current.fetched.elapsed() < KEYS_MAX_AGE
        {
            return Ok(current);
        }
        match self.discover().await {
            Ok(fresh) => {
                *self.current.write().await = Some(fresh.clone());
                Ok(fresh)
            }
            Err(error) => match self.current.read().await.clone() {
                Some(old) if stale.is_none() => {
                    tracing::warn!(%error, "keeping the identity provider's previous keys");
                    Ok(old)
                }
                _ => Err(error),
            },
        }
    }

    /// Starts a sign-in: where to send the browser, and what to keep until it returns.
    pub async fn depart(&self) -> Result<Departure, OidcError> {
        let provider = self.provider(None).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = provider
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            // `openid` is always asked for.
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Departure {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a sign-in: exchanges the code, checks the ID token, and returns the e-mail
    /// address the provider vouches for.
    pub async fn arrive(
        &self,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<Email, OidcError> {
        let provider = self.provider(None).await?;
        let response = provider
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Refused(chain(&e)))?;
        let id_token = response
            .id_token()
            .ok_or_else(|| OidcError::Refused("the token response has no ID token".to_owned()))?;
        let nonce = Nonce::new(nonce.to_owned());
        let verified = match id_token.claims(&provider.client.id_token_verifier(), &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // The provider may have rolled its keys since they were fetched.
                let fresh = self.provider(Some(&provider)).await?;
                id_token
                    .claims(&fresh.client.id_token_verifier(), &nonce)
                    .map(|c| {
                        vouched_email(
                            c.email().map(|e| e.as_str()),
                            c.email_verified(),
                            c.additional_claims(),
                        )
                    })
            }
            other => other.map(|c| {
                vouched_email(
                    c.email().map(|e| e.as_str()),
                    c.email_verified(),
                    c.additional_claims(),
                )
            }),
        };
        verified.map_err(|e| OidcError::Refused(chain(&e)))?
    }
}

/// The e-mail address an ID token vouches for: present, and verified by the provider
/// (`email_verified: true`, or Entra's `xms_edov: true`).
fn vouched_email(
    email: Option<&str>,
    verified: Option<bool>,
    extra: &ExtraClaims,
) -> Result<Email, OidcError> {
    let email = email.ok_or_else(|| {
        OidcError::Email(
            "your identity provider did not give Concord your e-mail address".to_owned(),
        )
    })?;
    let edov = matches!(&extra.xms_edov, Some(serde_json::Value::Bool(true)))
        || matches!(&extra.xms_edov, Some(serde_json::Value::String(s)) if s == "true" || s == "1");
    if verified != Some(true) && !edov {
        return Err(OidcError::Email(format!(
            "your identity provider has not verified the address {email}, so Concord cannot match it to an account"
        )));
    }
    Email::parse(email).map_err(|e| OidcError::Email(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_address_the_provider_vouches_for_is_accepted() {
        let none = ExtraClaims::default();
        let edov = ExtraClaims {
            xms_edov: Some(serde_json::Value::Bool(true)),
        };
        assert_eq!(
            vouched_email(Some("Jo@Camden.gov.uk"), Some(true), &none)
                .expect("verified")
                .as_str(),
            "jo@camden.gov.uk"
        );
        assert!(vouched_email(Some("jo@camden.gov.uk"), None, &edov).is_ok());
        assert!(vouched_email(Some("jo@camden.gov.uk"), Some(false), &none).is_err());
        assert!(vouched_email(Some("jo@camden.gov.uk"), None, &none).is_err());
        assert!(vouched_email(None, Some(true), &none).is_err());
    }
}
