//! The browser's side of signing in: the session cookie, the visitor it names, form fields (from
//! a plain form or one with a file), the CSRF token every state-changing form carries, the check
//! that a form was posted from Concord's own pages, and the security headers on every response.

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request, State};
use axum::http::header::{CONTENT_TYPE, COOKIE, HeaderValue, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::auth::session::same_token;
use crate::registry::{Error, Session};

/// The session cookie's name (not `_session`, which identity providers on the same host use).
pub const SESSION_COOKIE: &str = "concord_session";
/// The cookie binding an OpenID Connect sign-in to the browser that started it.
pub const OIDC_COOKIE: &str = "concord_oidc";

/// Who is looking at a page.
#[derive(Debug, Clone, Default)]
pub struct Visitor {
    /// The live session, when signed in.
    pub session: Option<Session>,
    /// Why the session the browser sent no longer works, to say so.
    pub ended: Option<String>,
    /// Whether the registry holds demonstration data, which every page then says.
    pub demo: bool,
}

impl Visitor {
    /// The signed-in session, or the refusal a form shows when there is none.
    pub fn signed_in(&self) -> Result<&Session, Error> {
        self.session.as_ref().ok_or_else(|| {
            Error::Unauthenticated(
                self.ended
                    .clone()
                    .unwrap_or_else(|| "you need to sign in to do this".to_owned()),
            )
        })
    }

    /// The caller the use cases see.
    pub fn caller(&self) -> crate::auth::Caller {
        match &self.session {
            Some(s) => crate::auth::Caller::Account(s.principal.clone()),
            None => crate::auth::Caller::Public,
        }
    }
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let demo = state.registry.demo_data().await;
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(Self {
                demo,
                ..Self::default()
            });
        };
        Ok(match state.registry.session(secret).await {
            Ok(session) => Self {
                session: Some(session),
                ended: None,
                demo,
            },
            Err(Error::Unauthenticated(why)) => Self {
                session: None,
                ended: Some(why),
                demo,
            },
            Err(error) => {
                tracing::warn!(%error, "could not read a session");
                Self {
                    demo,
                    ..Self::default()
                }
            }
        })
    }
}

/// A `Set-Cookie` value for this deployment: `Secure` whenever its base URL is https.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = state.registry.settings().base_url.starts_with("https://");
    cookie_header(name, value, max_age, secure)
}

/// A `Set-Cookie` value: `HttpOnly` (no script reads it), `SameSite=Lax` (not sent on
/// cross-site posts), whole-site, and `Secure` when asked. `max_age` of zero clears it.
pub fn cookie_header(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Adds a `Set-Cookie` to a response.
pub fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

/// The fields of a submitted form, from `application/x-www-form-urlencoded` or
/// `multipart/form-data` (a file field's content is read as text: schemas are JSON).
#[derive(Debug, Default, Clone)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Fields with these values (a form filled in advance).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// The first value of a field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.as_str())
    }

    /// A field's value, empty when absent.
    pub fn text(&self, name: &str) -> &str {
        self.get(name).unwrap_or_default()
    }

    /// A field's value trimmed, none when blank.
    pub fn filled(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Checks the form's CSRF token against the session's.
    pub fn check_csrf(&self, session: &Session) -> Result<(), Refusal> {
        match self.get("csrf") {
            Some(token) if same_token(token, &session.csrf_token) => Ok(()),
            _ => Err(Refusal::Csrf),
        }
    }
}

/// Why a form was refused before any use case ran.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The form's CSRF token is missing or wrong.
    #[error(
        "this form has expired or did not come from Concord; go back, reload the page and try again"
    )]
    Csrf,
    /// The body could not be read as a form.
    #[error("{0}")]
    Unreadable(String),
}

impl FromRequest<AppState> for Fields {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let unreadable = |why: String| {
            (StatusCode::BAD_REQUEST, super::pages::refusal_page(&why)).into_response()
        };
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(request, state)
                .await
                .map_err(|e| unreadable(e.body_text()))?;
            let mut fields = Vec::new();
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|e| unreadable(e.body_text()))?
            {
                let name = field.name().unwrap_or_default().to_owned();
                let is_file = field.file_name().is_some();
                let bytes = field.bytes().await.map_err(|e| unreadable(e.body_text()))?;
                if is_file && bytes.is_empty() {
                    continue; // the file input was left empty
                }
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| unreadable(format!("the file in `{name}` is not UTF-8 text")))?;
                fields.push((name, text));
            }
            Ok(Self(fields))
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            let bytes = axum::body::Bytes::from_request(request, state)
                .await
                .map_err(IntoResponse::into_response)?;
            Ok(Self(
                url::form_urlencoded::parse(&bytes)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            ))
        } else {
            Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                super::pages::refusal_page("send this form from Concord's page"),
            )
                .into_response())
        }
    }
}

/// Refuses a form posted from another site: a POST whose `Origin` is not this deployment's (or
/// whose fetch metadata says cross-site) is answered `403` before anything runs.
pub async fn same_origin_forms(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST && !same_origin(request.headers(), &state) {
        return (
            StatusCode::FORBIDDEN,
            super::pages::refusal_page(
                "this form was sent from another website, so Concord did not act on it",
            ),
        )
            .into_response();
    }
    next.run(request).await
}

fn same_origin(headers: &HeaderMap, state: &AppState) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return false;
    }
    match headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        // Clients that are not browsers send no Origin; the CSRF token still guards them.
        None => true,
        Some(origin) => {
            let base = state.registry.settings().base_url.trim_end_matches('/');
            let host = headers.get("host").and_then(|v| v.to_str().ok());
            origin == base || host.is_some_and(|h| origin.ends_with(&format!("://{h}")))
        }
    }
}

/// The Content-Security-Policy of every response: nothing but Concord's own files, no inline
/// script, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookies_are_http_only_lax_and_secure_under_https() {
        let plain = cookie_header(SESSION_COOKIE, "abc", 60, false);
        assert_eq!(
            plain.to_str().expect("text"),
            "concord_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        );
        let secure = cookie_header(SESSION_COOKIE, "abc", 60, true);
        assert!(secure.to_str().expect("text").ends_with("; Secure"));
    }

    #[test]
    fn a_cookie_is_read_from_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("_session=x; concord_session=abc; other=1"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, OIDC_COOKIE), None);
    }
}
