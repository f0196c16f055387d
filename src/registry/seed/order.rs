//! The order in which catalogue versions can be published: each after the versions it
//! references and after the earlier versions of its own standard.

use std::collections::{BTreeMap, BTreeSet};

use super::files::CatalogueStandard;
use crate::registry::{Error, Result};
use crate::validate::{Addresses, as_referenced, registry_references};

/// (standard index, version index) pairs in an order that satisfies every dependency.
pub(crate) fn publication_order(
    catalogue: &[CatalogueStandard],
    addresses: &Addresses,
) -> Result<Vec<(usize, usize)>> {
    let mut index = BTreeMap::new();
    for (s, standard) in catalogue.iter().enumerate() {
        for (v, version) in standard.versions.iter().enumerate() {
            index.insert(addresses.canonical(&standard.slug, &version.number), (s, v));
        }
    }
    let mut depends: BTreeMap<(usize, usize), BTreeSet<(usize, usize)>> = BTreeMap::new();
    for (s, standard) in catalogue.iter().enumerate() {
        for (v, version) in standard.versions.iter().enumerate() {
            let own = addresses.canonical(&standard.slug, &version.number);
            // Every file of the version may reference another standard.
            let mut deps: BTreeSet<(usize, usize)> = as_referenced(&version.schema, &own)
                .iter()
                .flat_map(|(uri, schema)| registry_references(schema, uri, addresses))
                .filter_map(|r| {
                    index
                        .get(&addresses.canonical(&r.slug, &r.version))
                        .copied()
                })
                .filter(|dep| *dep != (s, v))
                .collect();
            if v > 0 {
                deps.insert((s, v - 1));
            }
            depends.insert((s, v), deps);
        }
    }
    let mut order = Vec::new();
    let mut done = BTreeSet::new();
    while done.len() < depends.len() {
        let ready: Vec<(usize, usize)> = depends
            .iter()
            .filter(|(node, deps)| !done.contains(*node) && deps.iter().all(|d| done.contains(d)))
            .map(|(node, _)| *node)
            .collect();
        if ready.is_empty() {
            let stuck: Vec<String> = depends
                .keys()
                .filter(|n| !done.contains(*n))
                .map(|(s, v)| {
                    format!(
                        "{} {}",
                        catalogue[*s].slug, catalogue[*s].versions[*v].number
                    )
                })
                .collect();
            return Err(Error::bad_input(
                "standards",
                format!(
                    "these versions reference each other in a cycle: {}",
                    stuck.join(", ")
                ),
            ));
        }
        for node in ready {
            done.insert(node);
            order.push(node);
        }
    }
    Ok(order)
}
