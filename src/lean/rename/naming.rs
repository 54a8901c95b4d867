//! Naming: each use resolved to its variable, and each scope's variables given the
//! shortest names nothing they can see has.

use std::collections::HashSet;

use super::words::{GLOBAL_WORDS, RESERVED, UNSURE};
use super::{Reader, Target, Use};

impl Reader<'_> {
    /// Each use resolved, and each scope's variables named: the most used first, the
    /// shortest name that none of the outer variables and globals used inside the scope
    /// has.
    pub(super) fn names(self, count: usize) -> Vec<Option<String>> {
        let mut uses = vec![0; self.vars.len()];
        let mut outer: Vec<HashSet<Target>> = vec![HashSet::new(); self.scopes.len()];
        let mut resolved = Vec::with_capacity(self.uses.len());
        for u in &self.uses {
            match *u {
                Use::Binding(at, v) => {
                    uses[v] += 1;
                    resolved.push((at, v));
                }
                Use::Reference(at, from, name) => {
                    let mut scope = from;
                    let target = loop {
                        match scope {
                            Some(s) => match self.scopes[s].vars.get(name) {
                                Some(&v) => break Target::Var(v),
                                None => scope = self.scopes[s].parent,
                            },
                            None => break Target::Global(name),
                        }
                    };
                    let home = match target {
                        Target::Var(v) => {
                            uses[v] += 1;
                            resolved.push((at, v));
                            Some(self.vars[v].scope)
                        }
                        Target::Global(_) => None,
                    };
                    let mut scope = from;
                    while scope != home {
                        let Some(s) = scope else { break };
                        outer[s].insert(target);
                        scope = self.scopes[s].parent;
                    }
                }
            }
        }
        let mut by_scope: Vec<Vec<usize>> = vec![Vec::new(); self.scopes.len()];
        for (v, var) in self.vars.iter().enumerate() {
            by_scope[var.scope].push(v);
        }
        let mut names: Vec<String> = vec![String::new(); self.vars.len()];
        for (seen, mut own) in outer.iter().zip(by_scope) {
            let taken: HashSet<&str> = seen
                .iter()
                .map(|t| match *t {
                    Target::Var(v) => names[v].as_str(),
                    Target::Global(name) => name,
                })
                .collect();
            let taken: HashSet<String> = taken.into_iter().map(str::to_string).collect();
            own.sort_by_key(|&v| (std::cmp::Reverse(uses[v]), self.vars[v].first));
            let mut index = 0;
            for v in own {
                let name = loop {
                    let name = short_name(index);
                    index += 1;
                    if !taken.contains(&name)
                        && !RESERVED.contains(&name.as_str())
                        && !UNSURE.contains(&name.as_str())
                        && !GLOBAL_WORDS.contains(&name.as_str())
                    {
                        break name;
                    }
                };
                names[v] = name;
            }
        }
        let mut out = vec![None; count];
        for (at, v) in resolved {
            out[at] = Some(names[v].clone());
        }
        out
    }
}

/// The `index`th short name: `a`...`Z`, `_`, `$`, then two characters and more.
fn short_name(mut index: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$0123456789";
    let mut name = String::new();
    name.push(FIRST[index % FIRST.len()] as char);
    index /= FIRST.len();
    while index > 0 {
        index -= 1;
        name.push(REST[index % REST.len()] as char);
        index /= REST.len();
    }
    name
}
