//! Types that several APIs define identically, moved into one `common`
//! module so that, say, one error handler serves every API.
//!
//! Two types are the same when they have the same docs, fields, variants
//! and strictness, and what they refer to is the same too; their names may
//! differ (`AddressResponse403`, `BankResponse403`). Each API keeps its own
//! names as aliases of the shared type. Anything that differs, such as the
//! error codes each status may return, stays in its own module.

use crate::model::{self, Api, Ty, TypeDef, TypeId, TypeKind};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The name of the module that holds the shared types.
pub const MODULE: &str = "common";

/// Which types move to the `common` module.
#[derive(Clone, Debug)]
pub struct Sharing {
    /// The `common` module's types, as an API with no operations.
    pub common: Api,
    /// Per input API, in order: its types that now live in `common`, each
    /// with the common type's id.
    pub moved: Vec<BTreeMap<TypeId, TypeId>>,
}

impl Sharing {
    /// The modules that define type `id` of `common`, with their names for it.
    pub fn users<'a>(&self, id: TypeId, apis: &[&'a Api]) -> Vec<(&'a str, &'a str)> {
        apis.iter()
            .zip(&self.moved)
            .flat_map(|(api, moved)| {
                moved
                    .iter()
                    .filter(move |(_, &common)| common == id)
                    .map(move |(&local, _)| (api.module.as_str(), api.types[local].name.as_str()))
            })
            .collect()
    }
}

/// Memoised structural keys; `None` for types that are not shared: aliases
/// (sharing `type A = String` gains nothing) and types in cycles.
struct Keys<'a> {
    apis: &'a [&'a Api],
    done: HashMap<(usize, TypeId), Option<String>>,
    visiting: BTreeSet<(usize, TypeId)>,
}

impl Keys<'_> {
    fn of(&mut self, api: usize, id: TypeId) -> Option<String> {
        if let Some(key) = self.done.get(&(api, id)) {
            return key.clone();
        }
        if !self.visiting.insert((api, id)) {
            return None;
        }
        let def = &self.apis[api].types[id];
        let key = match &def.kind {
            TypeKind::Alias(_) => None,
            TypeKind::StringEnum { variants } => Some(format!("enum{variants:?}")),
            TypeKind::IntEnum { variants } => Some(format!("int-enum{variants:?}")),
            TypeKind::Struct { fields, additional } => {
                let mut key = String::from("struct{");
                let mut ok = true;
                for f in fields {
                    let Some(ty) = self.ty(api, &f.ty) else {
                        ok = false;
                        break;
                    };
                    key.push_str(&format!(
                        "{:?}:{:?}:{ty}:{}:{}:{:?}:{:?}:{},",
                        f.wire,
                        f.rust,
                        f.required,
                        f.nullable,
                        f.docs,
                        f.constraints,
                        def.boxed.contains(&f.rust)
                    ));
                }
                match additional.as_ref().map(|a| self.ty(api, a)) {
                    Some(Some(a)) => key.push_str(&format!("+{a}")),
                    Some(None) => ok = false,
                    None => {}
                }
                key.push('}');
                ok.then_some(key)
            }
        }
        .map(|kind| format!("{:?}|{:?}|{:?}|{kind}", def.docs, def.direction, def.rules));
        self.visiting.remove(&(api, id));
        self.done.insert((api, id), key.clone());
        key
    }

    fn ty(&mut self, api: usize, ty: &Ty) -> Option<String> {
        Some(match ty {
            Ty::Named(id) => format!("({})", self.of(api, *id)?),
            Ty::Vec(inner) => format!("vec<{}>", self.ty(api, inner)?),
            Ty::Map(inner) => format!("map<{}>", self.ty(api, inner)?),
            other => format!("{other:?}"),
        })
    }
}

/// Find the types that two or more of `apis` define identically. `None`
/// when there are none.
pub fn share(apis: &[&Api]) -> Option<Sharing> {
    let mut keys = Keys {
        apis,
        done: HashMap::new(),
        visiting: BTreeSet::new(),
    };
    let mut groups: BTreeMap<String, Vec<(usize, TypeId)>> = BTreeMap::new();
    for (a, api) in apis.iter().enumerate() {
        for id in 0..api.types.len() {
            if let Some(key) = keys.of(a, id) {
                groups.entry(key).or_default().push((a, id));
            }
        }
    }
    let spans_apis = |members: &[(usize, TypeId)]| {
        members
            .iter()
            .map(|&(a, _)| a)
            .collect::<BTreeSet<_>>()
            .len()
            >= 2
    };
    groups.retain(|_, members| spans_apis(members));

    // Name each group; where two groups would take one name, the one more
    // APIs define keeps it and the others stay in their modules.
    let mut named: BTreeMap<String, Vec<(usize, TypeId)>> = BTreeMap::new();
    let mut by_size: Vec<Vec<(usize, TypeId)>> = groups.into_values().collect();
    by_size.sort_by_key(|m| std::cmp::Reverse(m.len()));
    for members in by_size {
        let name = common_name(&members, apis);
        named.entry(name).or_insert(members);
    }

    // A shared type may refer only to shared types.
    loop {
        let moved: BTreeSet<(usize, TypeId)> = named.values().flatten().copied().collect();
        named.retain(|_, members| {
            members.iter().all(|&(a, id)| {
                let refs = apis[a].types[id].kind.references();
                refs.iter().all(|r| moved.contains(&(a, *r)))
            })
        });
        if named.values().map(Vec::len).sum::<usize>() == moved.len() {
            break;
        }
    }
    if named.is_empty() {
        return None;
    }

    let mut moved = vec![BTreeMap::new(); apis.len()];
    for (index, members) in named.values().enumerate() {
        for &(a, id) in members {
            moved[a].insert(id, index);
        }
    }
    let types: Vec<TypeDef> = named
        .iter()
        .map(|(name, members)| {
            let (a, id) = members[0];
            let map: Vec<TypeId> = (0..apis[a].types.len())
                .map(|t| moved[a].get(&t).copied().unwrap_or(usize::MAX))
                .collect();
            let mut def = apis[a].types[id].clone();
            def.name = name.clone();
            def.kind = model::remap_kind(def.kind, &map);
            def.aliases.clear();
            def.origins.clear();
            def
        })
        .collect();
    let common = Api {
        module: MODULE.to_string(),
        title: String::new(),
        version: String::new(),
        docs: String::new(),
        servers: vec![],
        auth: vec![],
        stats: model::Stats {
            schemas: 0,
            types: types.len(),
            aliases: 0,
        },
        types,
        operations: vec![],
    };
    Some(Sharing { common, moved })
}

/// The name the modules agree on, else the words their names share
/// (`AddressResponse403`, `BankResponse403` -> `Response403`), else the
/// name most of them use.
fn common_name(members: &[(usize, TypeId)], apis: &[&Api]) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|&(a, id)| apis[a].types[id].name.clone())
        .collect();
    if names.iter().all(|n| *n == names[0]) {
        return names[0].clone();
    }
    if let Some(shared) = model::shared_words(&names) {
        return shared;
    }
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for name in &names {
        *counts.entry(name).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(name, count)| (count, std::cmp::Reverse(name)))
        .map(|(name, _)| name.clone())
        .unwrap_or_default()
}
