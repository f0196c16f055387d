//! A draft nobody touches for `--draft-expiry-days` no longer holds the name of the standard it
//! proposes, so an abandoned draft cannot squat a slug.

use chrono::Duration;
use concord::domain::Role;

use crate::helpers::{PROPOSE_STANDARD, address_schema, spawn_app, standard_input};

#[tokio::test]
async fn an_untouched_draft_stops_holding_its_slug_after_ninety_days() {
    let app = spawn_app().await;
    let camden = app.token("camden", Role::Steward).await;
    let hackney = app.token("hackney", Role::Steward).await;
    let input = standard_input("common/address", "1.0.0", address_schema());
    app.gql(PROPOSE_STANDARD, input.clone(), Some(&camden))
        .await
        .data("/proposeStandard");
    app.clock.advance(Duration::days(89));
    let held = app
        .assert_refused(PROPOSE_STANDARD, input.clone(), Some(&hackney), "CONFLICT")
        .await;
    assert!(
        held.error()["message"]
            .as_str()
            .is_some_and(|m| m.contains("already proposes")),
        "{}",
        held.body
    );
    app.clock.advance(Duration::days(2));
    let proposed = app.gql(PROPOSE_STANDARD, input, Some(&hackney)).await;
    assert_eq!(proposed.data("/proposeStandard/proposal/state"), "DRAFT");
}
