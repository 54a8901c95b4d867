//! Reading words: a variable's declaration (`var`, parameters, `function`, `catch`)
//! or a use of a name, and a `function`'s name and scope.

use super::words::{RESERVED, UNSURE};
use super::{Kind, Pending, Reader, Token, Use, VarStatement, ends_expression, is_identifier};

impl<'a> Reader<'a> {
    pub(super) fn word(&mut self, tokens: &[Token<'a>], i: usize) -> Option<()> {
        let text = tokens[i].text;
        let previous = i.checked_sub(1).map(|p| tokens[p].text);
        let next = tokens.get(i + 1);
        if matches!(previous, Some("." | "?.")) {
            // A property.
            return Some(());
        }
        if self.key_next() {
            return self.key_or_value(tokens, i);
        }
        if !is_identifier(text) || UNSURE.contains(&text) {
            return None;
        }
        let depth = self.stack.len();
        if let Some(Kind::Params(scope)) = self.top_kind() {
            if !matches!(previous, Some("(" | ",")) {
                return None;
            }
            return self.declare(scope, text, i);
        }
        match text {
            "var" => {
                self.statements.push(VarStatement {
                    depth,
                    name_next: true,
                });
                return Some(());
            }
            "function" => return self.function(tokens, i),
            "catch" => {
                self.catch_next = true;
                return Some(());
            }
            "case" | "default" => {
                self.top().case = true;
                return Some(());
            }
            // A label's name after them.
            "break" | "continue"
                if next.is_some_and(|n| !n.newline_before && is_identifier(n.text)) =>
            {
                return None;
            }
            "in" => {
                // `for (var k in ...)`: the names are read.
                if self.statements.last().is_some_and(|s| s.depth == depth) {
                    self.statements.pop();
                }
                return Some(());
            }
            _ if RESERVED.contains(&text) => return Some(()),
            _ => {}
        }
        if let Some(s) = self.statements.last_mut()
            && s.depth == depth
        {
            if !s.name_next {
                self.uses.push(Use::Reference(i, self.scope(), text));
                return Some(());
            }
            s.name_next = false;
            // A `var` in a catch clause named as the clause's parameter means other rules.
            let function = self.function_scope();
            let catches = self
                .open_scopes
                .iter()
                .rev()
                .take_while(|&&s| Some(s) != function);
            if catches
                .clone()
                .any(|&s| self.scopes[s].vars.contains_key(text))
            {
                return None;
            }
            return match function {
                Some(scope) => self.declare(scope, text, i),
                // The script's own variables are globals, named as they are.
                None => Some(()),
            };
        }
        self.uses.push(Use::Reference(i, self.scope(), text));
        Some(())
    }

    /// `function` at `i`: a declaration or an expression, its name and its scope.
    fn function(&mut self, tokens: &[Token<'a>], i: usize) -> Option<()> {
        let previous = i.checked_sub(1).map(|p| tokens[p].text);
        let declaration = match previous {
            None | Some(";" | "{" | "}") => true,
            Some(":") if self.case_colon => return None,
            Some("else" | "do") => return None,
            Some(")") if self.control_closed == Some(i - 1) => return None,
            // After a statement a line break ended.
            Some(p) if ends_expression(p) => {
                if !tokens[i].newline_before {
                    return None;
                }
                true
            }
            Some(_) => false,
        };
        let next = tokens.get(i + 1)?;
        let name = is_identifier(next.text).then_some(next.text);
        if name.is_none() && next.text != "(" {
            return None;
        }
        let scope = self.new_scope(true);
        if let Some(name) = name {
            self.skip = Some(i + 1);
            if !declaration {
                self.declare(scope, name, i + 1)?;
                self.scopes[scope].own_name = self.scopes[scope].vars.get(name).copied();
            } else {
                // Only directly in a function's body or at the script's top level.
                match (self.top_kind(), self.function_scope()) {
                    (None, None) => {
                        if RESERVED.contains(&name) || UNSURE.contains(&name) {
                            return None;
                        }
                    }
                    (Some(Kind::Block { closes: Some(s) }), Some(f)) if s == f => {
                        self.declare(f, name, i + 1)?;
                    }
                    _ => return None,
                }
            }
        } else if declaration {
            return None;
        }
        self.pending = Pending::Params(scope);
        Some(())
    }
}
