//! Sampling objects and arrays: required and dependent properties, counts, items, `contains`,
//! `uniqueItems`, and the property or item a witness route passes through.

use serde_json::{Map, Value};

use super::model::Side;
use super::node::{Node, TypeSet};
use super::plan::{Hop, Target, Tweak};
use super::resolve::{Draft, Loc};
use super::sample::{Hints, Sampler};
use super::shape;

impl<'a> Sampler<'_, 'a> {
    #[allow(clippy::too_many_arguments)] // the route's continuation travels with the object being built
    pub(crate) fn object(
        &mut self,
        side: Side,
        node: &Node<'a>,
        tweaks: &[Tweak<'a>],
        hints: &Hints,
        variant: u32,
        depth: usize,
        forced: Option<(&Hop<'a>, &[Hop<'a>], Option<&Target<'a>>)>,
    ) -> Option<Value> {
        let mut node = node.clone();
        let absent: Vec<&String> = tweaks
            .iter()
            .filter_map(|t| {
                if let Tweak::Absent(n) = t {
                    Some(n)
                } else {
                    None
                }
            })
            .collect();
        let mut keys: Vec<String> = Vec::new();
        let push = |keys: &mut Vec<String>, name: &str| {
            if !keys.iter().any(|k| k == name) && !absent.iter().any(|a| *a == name) {
                keys.push(name.to_string());
            }
        };
        match forced {
            Some((Hop::Key(k), _, _)) => push(&mut keys, k),
            Some((Hop::Name, rest, target)) => {
                let names: Vec<Loc<'a>> = node
                    .parts
                    .iter()
                    .filter_map(|p| p.child("propertyNames"))
                    .collect();
                let name = self.at(side, names, rest, target, variant, depth + 1)?;
                let name = name.as_str()?.to_string();
                push(&mut keys, &name);
            }
            _ => {}
        }
        // Required names, dependencies of the properties present and their dependent schemas
        // (which may require more), until nothing changes.
        let mut applied: Vec<String> = Vec::new();
        for _ in 0..4 {
            for (_, v) in node.all("required") {
                for name in v.as_array().into_iter().flatten().filter_map(Value::as_str) {
                    push(&mut keys, name);
                }
            }
            for name in &hints.require {
                push(&mut keys, name);
            }
            for t in tweaks {
                if let Tweak::Present(name) = t {
                    push(&mut keys, name);
                }
            }
            let present = keys.clone();
            for keyword in ["dependentRequired", "dependencies", "dependentSchemas"] {
                for part in node.parts.clone() {
                    let Some(Value::Object(map)) = part.get(keyword) else {
                        continue;
                    };
                    for (trigger, dep) in map.iter().filter(|(t, _)| present.contains(t)) {
                        if let Value::Array(names) = dep {
                            for name in names.iter().filter_map(Value::as_str) {
                                push(&mut keys, name);
                            }
                        } else if let Some(loc) = part.descend(&[keyword, trigger])
                            && !applied.contains(&loc.ptr)
                        {
                            applied.push(loc.ptr.clone());
                            node.add(self.ctx, side, vec![loc]);
                        }
                    }
                }
            }
        }
        let min = tweaks
            .iter()
            .filter_map(|t| {
                if let Tweak::MinProperties(n) = t {
                    Some(*n)
                } else {
                    None
                }
            })
            .chain(super::keywords::count_bound(&node, "minProperties", true).map(|b| b.0))
            .max()
            .unwrap_or(0) as usize;
        for name in shape::declared_names(&node) {
            if keys.len() >= min {
                break;
            }
            push(&mut keys, &name);
        }
        let mut extra = 0;
        while keys.len() < min && extra < min + 4 {
            push(&mut keys, &format!("extra{extra}"));
            extra += 1;
        }
        let max = tweaks
            .iter()
            .filter_map(|t| {
                if let Tweak::MaxProperties(n) = t {
                    Some(*n)
                } else {
                    None
                }
            })
            .chain(super::keywords::count_bound(&node, "maxProperties", false).map(|b| b.0))
            .min()
            .unwrap_or(u64::MAX);
        if keys.len() as u64 > max {
            return None;
        }
        let mut out = Map::new();
        for key in keys {
            let slot = shape::property(self.ctx, side, &node, &key);
            let value = match forced {
                Some((Hop::Key(k), rest, target)) if *k == key => {
                    self.at(side, slot.locs, rest, target, variant, depth + 1)?
                }
                _ => self.at(side, slot.locs, &[], None, variant, depth + 1)?,
            };
            out.insert(key, value);
        }
        Some(Value::Object(out))
    }

    pub(crate) fn array(
        &mut self,
        side: Side,
        node: &Node<'a>,
        tweaks: &[Tweak<'a>],
        variant: u32,
        depth: usize,
        forced: Option<(usize, &[Hop<'a>], Option<&Target<'a>>)>,
    ) -> Option<Value> {
        let duplicates = tweaks.iter().any(|t| matches!(t, Tweak::Duplicates));
        let avoid = tweaks
            .iter()
            .any(|t| matches!(t, Tweak::ItemsAvoidContains));
        let contains = node.parts.iter().find_map(|p| p.child("contains"));
        let (mut at_least, mut at_most) = (0, u64::MAX);
        for t in tweaks {
            match t {
                Tweak::ContainsAtLeast(n) => at_least = at_least.max(*n),
                Tweak::ContainsAtMost(n) => at_most = at_most.min(*n),
                _ => {}
            }
        }
        let min_contains = match &contains {
            Some(_) if !avoid => super::keywords::count_bound(node, "minContains", true)
                .map_or(1, |b| b.0)
                .max(at_least)
                .min(at_most) as usize,
            _ => 0,
        };
        // When the number of matches is limited, the other items keep off `contains` (by type,
        // the one thing the sampler can steer) so that they do not add matches.
        let limited = avoid
            || at_most < u64::MAX
            || super::keywords::count_bound(node, "maxContains", false).is_some();
        let off_contains = match &contains {
            Some(c) if limited => {
                let types = Node::expand(self.ctx, side, vec![c.clone()]).types();
                Some(TypeSet::ALL.minus(types)).filter(|t| !t.is_empty())
            }
            _ => None,
        };
        let mut min =
            super::keywords::count_bound(node, "minItems", true).map_or(0, |b| b.0) as usize;
        let mut max = super::keywords::count_bound(node, "maxItems", false)
            .map_or(usize::MAX, |b| b.0 as usize);
        for t in tweaks {
            match t {
                Tweak::MinItems(n) => min = min.max(*n as usize),
                Tweak::MaxItems(n) => max = max.min(*n as usize),
                _ => {}
            }
        }
        min = min.max(min_contains).max(forced.map_or(0, |f| f.0 + 1));
        if duplicates {
            min = min.max(2);
        }
        if min > max || min > 64 {
            return None;
        }
        let unique = !duplicates
            && node
                .all("uniqueItems")
                .iter()
                .any(|(_, v)| v.as_bool() == Some(true));
        let mut items: Vec<Value> = Vec::new();
        for i in 0..min {
            let mut locs = shape::item(self.ctx, side, node, i).locs;
            if i < min_contains {
                // From 2020-12 the items `contains` matches are evaluated, so `unevaluatedItems`
                // does not decide them (the oracle catches a nested one this misreads).
                locs.retain(|l| !(l.draft >= Draft::D2020 && l.ptr.ends_with("/unevaluatedItems")));
                locs.extend(contains.clone());
            }
            let item_variant = if duplicates {
                variant
            } else if unique {
                variant + i as u32
            } else {
                variant
            };
            let value = match forced {
                Some((index, rest, target)) if index == i => {
                    self.at(side, locs, rest, target, variant, depth + 1)?
                }
                _ => {
                    let mut found = None;
                    let steer = off_contains
                        .filter(|_| i >= min_contains)
                        .map(|t| Target::Tweak(vec![Tweak::OnlyType(t)]));
                    for attempt in 0..4 {
                        let item_variant = item_variant + attempt * min as u32;
                        let steered = match &steer {
                            Some(target) => self.at(
                                side,
                                locs.clone(),
                                &[],
                                Some(target),
                                item_variant,
                                depth + 1,
                            ),
                            None => None,
                        };
                        let v = match steered {
                            Some(v) => v,
                            None => {
                                self.at(side, locs.clone(), &[], None, item_variant, depth + 1)?
                            }
                        };
                        if !unique || !items.contains(&v) {
                            found = Some(v);
                            break;
                        }
                    }
                    found?
                }
            };
            items.push(value);
        }
        if duplicates && items.len() >= 2 {
            items[1] = items[0].clone();
        }
        Some(Value::Array(items))
    }
}
