//! A browser without a browser: a client that keeps Concord's session cookie, follows nothing
//! by itself, reads a page's CSRF token and posts forms as a browser on Concord's own pages does
//! (with an `Origin` header).

use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};

use super::TestApp;
use concord::domain::{Email, Role};
use concord::registry::Invitation;

/// A page as the server answered it.
#[derive(Debug)]
pub struct Page {
    /// The status code.
    pub status: u16,
    /// Where a redirect points.
    pub location: Option<String>,
    /// The `Set-Cookie` headers.
    pub cookies: Vec<String>,
    /// The body.
    pub body: String,
}

impl Page {
    /// The value of the first hidden `csrf` field.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no CSRF field on the page: {}", self.body));
        let rest = &self.body[at + "name=\"csrf\" value=\"".len()..];
        rest[..rest.find('"').expect("end of value")].to_owned()
    }

    /// The text of the error summary, if the page has one.
    pub fn error_summary(&self) -> Option<&str> {
        let at = self.body.find("govuk-error-summary__list")?;
        let rest = &self.body[at..];
        Some(&rest[..rest.find("</ul>").unwrap_or(rest.len())])
    }
}

/// A signed-in (or not) visitor.
pub struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    /// The session cookie (`concord_session=…`), once signed in.
    pub cookie: Option<String>,
}

impl TestApp {
    /// A visitor with no session.
    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookie: None,
        }
    }

    /// Invites someone as the operator; the sign-in link.
    pub async fn invite(&self, email: &str, org_slug: &str, role: Role, name: &str) -> String {
        let email = Email::parse(email).expect("email");
        let (_, link) = self
            .registry
            .invite_as_operator(Invitation {
                email: &email,
                organisation: &super::org(org_slug),
                role,
                name,
            })
            .await
            .expect("invite");
        link.url
    }

    /// The id of the account with this e-mail address.
    pub async fn account_id(&self, email: &str) -> i64 {
        use sea_orm::{FromQueryResult, JsonValue, Statement};
        let rows = JsonValue::find_by_statement(Statement::from_string(
            self.db.get_database_backend(),
            format!(
                "SELECT id FROM accounts WHERE email = '{}'",
                email.replace('\'', "")
            ),
        ))
        .all(&self.db)
        .await
        .expect("read accounts");
        rows[0]["id"]
            .as_i64()
            .expect("an account with that address")
    }

    /// The id of the account a token belongs to.
    pub async fn account_id_of_token(&self, token: &str) -> i64 {
        self.registry
            .authenticate(token)
            .await
            .expect("a live token")
            .account_id
    }

    /// A visitor signed in with a fresh invitation.
    pub async fn signed_in(&self, email: &str, org_slug: &str, role: Role) -> Browser<'_> {
        let link = self.invite(email, org_slug, role, email).await;
        let mut browser = self.browser();
        let page = browser.sign_in_with(&link).await;
        assert_eq!(page.status, 303, "signing in: {}", page.body);
        browser
    }
}

impl Browser<'_> {
    async fn answer(response: reqwest::Response) -> Page {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let location = headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let cookies = headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let body = response.text().await.expect("body");
        Page {
            status,
            location,
            cookies,
            body,
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.app.address)
        }
    }

    /// GETs a page with the session cookie.
    pub async fn get(&self, path: &str) -> Page {
        let mut request = self.client.get(self.url(path));
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        Self::answer(request.send().await.expect("GET")).await
    }

    /// POSTs a form as Concord's own page would (same `Origin`).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_from(path, fields, Some(&self.app.address)).await
    }

    /// POSTs a form with the given `Origin` (none: a client that is not a browser).
    pub async fn post_from(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Page {
        let mut request = self.client.post(self.url(path)).form(fields);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        Self::answer(request.send().await.expect("POST")).await
    }

    /// POSTs a form, with the CSRF token read from `form_page` first.
    pub async fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.get(form_page).await.csrf();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// Opens a sign-in link and confirms it; keeps the session cookie it sets.
    pub async fn sign_in_with(&mut self, link: &str) -> Page {
        let page = self.post(link, &[]).await;
        if let Some(cookie) = page
            .cookies
            .iter()
            .find(|c| c.starts_with("concord_session="))
        {
            self.cookie = Some(cookie.split(';').next().expect("pair").to_owned());
        }
        page
    }
}
