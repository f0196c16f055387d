//! Attaching witnesses: realise each breaking change's plans and keep the first document the
//! caller's oracle confirms (accepted by one side, rejected by the other). Nothing unconfirmed is
//! ever shown.

use serde_json::Value;

use super::Oracle;
use super::model::{Change, Direction, Mode, Side, Witness};
use super::node::Ctx;
use super::plan::Plan;
use super::sample::Sampler;
use super::walk::Raw;

/// Documents tried per change, at most (each costs two validations).
const MAX_ATTEMPTS: usize = 8;

/// The sides whose witnesses show a break of `mode`, most telling first.
fn sides(mode: Mode, direction: Direction) -> Vec<Side> {
    let mut out = Vec::new();
    let narrows_first = direction != Direction::Widens;
    let order = if narrows_first {
        [Side::Old, Side::New]
    } else {
        [Side::New, Side::Old]
    };
    for side in order {
        let shows = match side {
            Side::Old => mode.checks_backward() && direction.may_narrow(),
            Side::New => mode.checks_forward() && direction.may_widen(),
        };
        if shows {
            out.push(side);
        }
    }
    out
}

/// Fills `witness` or `witness_note` on every breaking change. An `UNKNOWN` change whose plans
/// yield confirmed documents on both sides (one only the old version accepts, one only the new)
/// is decided: it goes both ways, and becomes `BOTH`.
pub(crate) fn attach<'a>(
    ctx: &mut Ctx<'a>,
    raws: &[Raw<'a>],
    changes: &mut [Change],
    oracle: &dyn Oracle,
    mode: Mode,
) {
    for (raw, change) in raws.iter().zip(changes.iter_mut()) {
        if !change.breaking {
            continue;
        }
        let wanted = sides(mode, change.direction);
        let plans: Vec<&Plan<'a>> = wanted
            .iter()
            .flat_map(|side| raw.plans.iter().filter(move |p| p.valid_under == *side))
            .collect();
        if plans.is_empty() {
            change.witness_note = Some(
                "No witness: Concord has no way to build an example document for this kind of change here.".to_string(),
            );
            continue;
        }
        match search(ctx, &plans, oracle) {
            Ok(witness) => {
                if change.direction == Direction::Unknown {
                    decide_both_ways(ctx, raw, change, &witness, oracle);
                }
                change.witness = Some(witness);
            }
            Err(note) => change.witness_note = Some(note),
        }
    }
}

/// An undecided change with a witness one way: when its plans also yield a confirmed document the
/// other way, the valid sets are each wider than the other here, and the change is `BOTH`.
fn decide_both_ways<'a>(
    ctx: &mut Ctx<'a>,
    raw: &Raw<'a>,
    change: &mut Change,
    found: &Witness,
    oracle: &dyn Oracle,
) {
    let other = found.valid_under.other();
    let plans: Vec<&Plan<'a>> = raw
        .plans
        .iter()
        .filter(|p| p.valid_under == other)
        .collect();
    if plans.is_empty() || search(ctx, &plans, oracle).is_err() {
        return;
    }
    change.direction = Direction::Both;
    change.message.push_str(
        " Example documents decide it: some documents only the old version accepts and others only the new one accepts, so it goes both ways.",
    );
}

/// The first document a plan realises that the oracle confirms, or the note saying why none is
/// shown.
fn search<'a>(
    ctx: &mut Ctx<'a>,
    plans: &[&Plan<'a>],
    oracle: &dyn Oracle,
) -> Result<Witness, String> {
    let mut tried = 0;
    let mut sampler = Sampler::new(ctx);
    for variant in 0..2 {
        for plan in plans {
            if tried >= MAX_ATTEMPTS {
                return Err(none_passed(tried));
            }
            if sampler.ctx.work.must_stop() {
                return Err(OUT_OF_WORK.to_owned());
            }
            let Some(document) = sampler.plan(plan, variant) else {
                continue;
            };
            // Building the document and validating it twice costs about three steps a value.
            if !sampler.ctx.work.spend_many(3 * values_in(&document)) {
                return Err(OUT_OF_WORK.to_owned());
            }
            tried += 1;
            let side = plan.valid_under;
            if oracle.accepts(side, &document) && !oracle.accepts(side.other(), &document) {
                return Ok(Witness {
                    document,
                    valid_under: side,
                });
            }
        }
    }
    Err(if tried == 0 {
        "No witness: Concord could not build an example document for this change.".to_string()
    } else {
        none_passed(tried)
    })
}

fn none_passed(tried: usize) -> String {
    format!(
        "No witness: none of the {tried} example documents Concord built passed the validator check (accepted by one version and rejected by the other), so none is shown."
    )
}

/// The note of a break whose witness search was cut short.
const OUT_OF_WORK: &str =
    "No witness: the comparison ran out of work budget (or was abandoned) before one was found.";

/// How many values a document holds, itself included.
fn values_in(document: &Value) -> u64 {
    match document {
        Value::Array(items) => 1 + items.iter().map(values_in).sum::<u64>(),
        Value::Object(fields) => 1 + fields.values().map(values_in).sum::<u64>(),
        _ => 1,
    }
}
