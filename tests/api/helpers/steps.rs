//! Steps of the process that many tests take on the way to what they test.

use serde_json::{Value, json};

use super::*;

impl TestApp {
    /// Proposes, submits and approves a new standard; returns the proposal id.
    pub async fn publish_standard(
        &self,
        steward: &str,
        slug: &str,
        version: &str,
        schema: Value,
    ) -> String {
        self.publish_proposed(steward, standard_input(slug, version, schema))
            .await
    }

    /// Proposes a new standard with `input` (the variables of `proposeStandard`), then submits
    /// and approves it; returns the proposal id.
    pub async fn publish_proposed(&self, steward: &str, input: Value) -> String {
        let proposed = self.gql(PROPOSE_STANDARD, input, Some(steward)).await;
        let id = proposed
            .data("/proposeStandard/proposal/id")
            .as_str()
            .expect("id")
            .to_owned();
        self.approve(steward, &id).await;
        id
    }

    /// `POST /validate/{slug}/{version}` with `document`: the answer, which must be a 200.
    pub async fn validate_rest(&self, slug: &str, version: &str, document: &Value) -> Value {
        let response = self
            .client
            .post(format!("{}/validate/{slug}/{version}", self.address))
            .header("content-type", "application/json")
            .body(document.to_string())
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        response.json().await.expect("json")
    }

    /// Walks a draft through the whole process: submitted by its author, the consultation
    /// window passes, the CDO convenes the board, every convened member approves, the CDO
    /// approves.
    pub async fn approve(&self, author: &str, id: &str) {
        self.approve_as(author, id, &self.cdo).await;
    }

    /// As [`TestApp::approve`], with the given CDO account convening and deciding.
    pub async fn approve_as(&self, author: &str, id: &str, cdo: &str) {
        self.gql(SUBMIT, json!({ "id": id }), Some(author))
            .await
            .data("/submitProposal");
        self.clock.advance(chrono::Duration::days(29));
        self.convene_as(id, cdo).await;
        for token in self.convened_tokens(id).await {
            self.gql(
                REVIEW,
                json!({ "id": id, "verdict": "APPROVE", "comment": "Fit for London." }),
                Some(&token),
            )
            .await
            .data("/castReview");
        }
        let decided = self
            .gql(
                DECIDE,
                json!({ "id": id, "decision": "APPROVE" }),
                Some(cdo),
            )
            .await;
        assert_eq!(decided.data("/decideProposal/proposal/state"), "APPROVED");
    }

    /// The tokens of the board members convened on a proposal.
    pub async fn convened_tokens(&self, id: &str) -> Vec<String> {
        let reviewers = self
            .gql(
                "query($id: ID!) { proposal(id: $id) { reviewers { id } } }",
                json!({ "id": id }),
                None,
            )
            .await;
        let convened: Vec<&str> = reviewers
            .data("/proposal/reviewers")
            .as_array()
            .expect("reviewers")
            .iter()
            .map(|r| r["id"].as_str().expect("id"))
            .collect();
        self.board
            .iter()
            .filter(|(_, account, _)| convened.contains(&account.as_str()))
            .map(|(_, _, token)| token.clone())
            .collect()
    }

    /// The CDO convenes the default reviewers with a deadline a week away.
    pub async fn convene(&self, id: &str) -> Gql {
        self.convene_as(id, &self.cdo).await
    }

    /// As [`TestApp::convene`], by the given CDO account.
    pub async fn convene_as(&self, id: &str, cdo: &str) -> Gql {
        let deadline = (self.clock.now() + chrono::Duration::days(7)).to_rfc3339();
        let convened = self
            .gql(
                CONVENE,
                json!({ "id": id, "deadline": deadline }),
                Some(cdo),
            )
            .await;
        assert_eq!(convened.data("/conveneReview/proposal/state"), "IN_REVIEW");
        convened
    }

    /// A board member's token by organisation.
    pub fn board_member(&self, org_slug: &str) -> &str {
        &self
            .board
            .iter()
            .find(|(o, _, _)| o == org_slug)
            .expect("board member")
            .2
    }
}

impl TestApp {
    /// Sends a request that must be refused with `code`, and checks that it changed nothing.
    pub async fn assert_refused(
        &self,
        query: &str,
        variables: Value,
        token: Option<&str>,
        code: &str,
    ) -> Gql {
        let before = self.snapshot().await;
        let response = self.gql(query, variables, token).await;
        assert_eq!(response.code(), code, "{}", response.body);
        assert!(
            response.body["data"].is_null()
                || response.body["data"]
                    .as_object()
                    .is_some_and(|d| d.values().all(Value::is_null)),
            "a refused request returned data: {}",
            response.body
        );
        assert_eq!(
            self.snapshot().await,
            before,
            "a refused request changed the database"
        );
        response
    }
}
