//! Short names for the local variables of a script's functions (their `var`s,
//! parameters, inner function declarations, catch parameters and the names of named
//! function expressions), chosen scope by scope so no name reaches another variable than
//! before. Globals, properties and object keys keep their names. A script with anything
//! this reader does not follow for certain (`eval`, `with`, `let`, classes, arrows,
//! labels, destructuring, functions declared in blocks...) keeps every name.

use std::collections::HashMap;

use super::{Token, is_word};
use words::{BEFORE_EXPRESSION, RESERVED, UNSURE};

mod naming;
mod reading;
mod words;

/// An open bracket and what it holds.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A block of statements; a function's body or a catch clause's block closes the
    /// scope it holds.
    Block { closes: Option<usize> },
    /// An object literal; `key_next` while a key comes next.
    Object { key_next: bool },
    /// A function's parameters or a catch clause's parameter.
    Params(usize),
    /// Any other `(` or `[`; `control` for the `(` after `if`, `while`, `for`, `switch`.
    Group { control: bool },
}

/// An open bracket (or the script itself) and the `?` and `case` read in it.
struct Open {
    kind: Kind,
    close: &'static str,
    /// `?` read without their `:` yet.
    ternaries: u32,
    /// A `case` or `default` read without its `:` yet.
    case: bool,
}

struct Scope<'a> {
    parent: Option<usize>,
    function: bool,
    vars: HashMap<&'a str, usize>,
    /// A named function expression's own name (its variable).
    own_name: Option<usize>,
}

struct Var {
    scope: usize,
    first: usize,
}

/// A `var` statement being read, at `depth` brackets.
struct VarStatement {
    depth: usize,
    name_next: bool,
}

/// The bracket that must come next: a function's parameters, or a function's or a catch
/// clause's body.
#[derive(Clone, Copy, PartialEq, Default)]
enum Pending {
    #[default]
    None,
    Params(usize),
    Body(usize),
}

/// What a name of the script is: a variable's declaration, or a use in a scope (`None`
/// for the top level), resolved once every declaration is read.
enum Use<'a> {
    Binding(usize, usize),
    Reference(usize, Option<usize>, &'a str),
}

/// What a use resolves to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Target<'a> {
    Var(usize),
    Global(&'a str),
}

/// The new name of each token (`None`: as it is), or `None` when the script is not
/// read for certain.
pub fn short_names(tokens: &[Token]) -> Option<Vec<Option<String>>> {
    let mut reader = Reader {
        root: Open {
            kind: Kind::Block { closes: None },
            close: "",
            ternaries: 0,
            case: false,
        },
        stack: Vec::new(),
        scopes: Vec::new(),
        open_scopes: Vec::new(),
        vars: Vec::new(),
        statements: Vec::new(),
        pending: Pending::None,
        catch_next: false,
        skip: None,
        key_colon: None,
        case_colon: false,
        control_closed: None,
        uses: Vec::new(),
    };
    for i in 0..tokens.len() {
        reader.token(tokens, i)?;
    }
    if !reader.stack.is_empty() || reader.pending != Pending::None || reader.catch_next {
        return None;
    }
    Some(reader.names(tokens.len()))
}

struct Reader<'a> {
    root: Open,
    stack: Vec<Open>,
    scopes: Vec<Scope<'a>>,
    /// The scopes open where the reader is, innermost last.
    open_scopes: Vec<usize>,
    vars: Vec<Var>,
    statements: Vec<VarStatement>,
    pending: Pending,
    /// A catch clause's parameter or block comes next.
    catch_next: bool,
    /// A function's name, read with its `function`.
    skip: Option<usize>,
    /// The token that is an object key's `:`.
    key_colon: Option<usize>,
    /// Whether the last `:` read ends a case label (a statement follows it).
    case_colon: bool,
    /// The token that closed the `(...)` of an `if`, `while`, `for` or `switch`.
    control_closed: Option<usize>,
    uses: Vec<Use<'a>>,
}

fn is_identifier(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| is_word(c) && !c.is_ascii_digit())
        && !text.contains('\\')
}

fn is_literal(text: &str) -> bool {
    text.starts_with(['\'', '"'])
        || text.starts_with(|c: char| c.is_ascii_digit())
        || (text.len() > 1 && text.starts_with('.'))
        || (text.len() > 1 && text.starts_with('/') && text != "/=")
}

/// Whether an expression can end with `token`, so that a line break after it may end
/// the statement.
fn ends_expression(token: &str) -> bool {
    is_literal(token)
        || matches!(token, ")" | "]" | "}" | "this" | "null" | "true" | "false")
        || (is_identifier(token) && !RESERVED.contains(&token))
}

impl<'a> Reader<'a> {
    fn scope(&self) -> Option<usize> {
        self.open_scopes.last().copied()
    }

    fn function_scope(&self) -> Option<usize> {
        self.open_scopes
            .iter()
            .rev()
            .copied()
            .find(|&s| self.scopes[s].function)
    }

    fn new_scope(&mut self, function: bool) -> usize {
        self.scopes.push(Scope {
            parent: self.scope(),
            function,
            vars: HashMap::new(),
            own_name: None,
        });
        self.scopes.len() - 1
    }

    fn top(&mut self) -> &mut Open {
        self.stack.last_mut().unwrap_or(&mut self.root)
    }

    fn top_kind(&self) -> Option<Kind> {
        self.stack.last().map(|o| o.kind)
    }

    fn key_next(&self) -> bool {
        self.top_kind() == Some(Kind::Object { key_next: true })
    }

    fn set_key_next(&mut self, value: bool) {
        if let Some(Open {
            kind: Kind::Object { key_next },
            ..
        }) = self.stack.last_mut()
        {
            *key_next = value;
        }
    }

    fn push(&mut self, kind: Kind, close: &'static str) {
        self.stack.push(Open {
            kind,
            close,
            ternaries: 0,
            case: false,
        });
    }

    /// Declares `name` in `scope` at token `at`; `None` where that is not certain.
    fn declare(&mut self, scope: usize, name: &'a str, at: usize) -> Option<()> {
        // `var arguments` keeps the arguments object, which another name would not.
        if name == "arguments" || RESERVED.contains(&name) || UNSURE.contains(&name) {
            return None;
        }
        let var = match self.scopes[scope].vars.get(name) {
            // A named function expression's name declared again inside it.
            Some(&v) if self.scopes[scope].own_name == Some(v) => return None,
            Some(&v) => v,
            None => {
                self.vars.push(Var { scope, first: at });
                let v = self.vars.len() - 1;
                self.scopes[scope].vars.insert(name, v);
                v
            }
        };
        self.uses.push(Use::Binding(at, var));
        Some(())
    }

    fn token(&mut self, tokens: &[Token<'a>], i: usize) -> Option<()> {
        if self.skip == Some(i) {
            return Some(());
        }
        let token = &tokens[i];
        let text = token.text;
        let previous = i.checked_sub(1).map(|p| tokens[p].text);
        let depth = self.stack.len();
        if matches!(text, "=>" | "..." | "#" | "@") {
            return None;
        }
        // A line break where the statement cannot go on ends a `var` statement.
        if let Some(s) = self.statements.last()
            && s.depth == depth
            && !s.name_next
            && token.newline_before
            && previous.is_some_and(ends_expression)
            && (is_word(text.chars().next()?)
                || is_literal(text)
                || matches!(text, "{" | "++" | "--" | "!" | "~"))
            && !matches!(text, "in" | "instanceof")
        {
            self.statements.pop();
        }
        match (self.pending, text) {
            (Pending::None, _) => {}
            (Pending::Params(scope), "(") => {
                self.pending = Pending::None;
                self.open_scopes.push(scope);
                self.push(Kind::Params(scope), ")");
                return Some(());
            }
            (Pending::Body(scope), "{") => {
                self.pending = Pending::None;
                self.push(
                    Kind::Block {
                        closes: Some(scope),
                    },
                    "}",
                );
                return Some(());
            }
            _ => return None,
        }
        if self.catch_next {
            self.catch_next = false;
            match text {
                "(" => {
                    let scope = self.new_scope(false);
                    self.open_scopes.push(scope);
                    self.push(Kind::Params(scope), ")");
                    return Some(());
                }
                "{" => {}
                _ => return None,
            }
        }
        if is_literal(text) {
            return self.key_or_value(tokens, i);
        }
        if is_word(text.chars().next()?) {
            return self.word(tokens, i);
        }
        self.punctuator(tokens, i)
    }

    /// A bracket, `,`, `;`, `?`, `:` or operator.
    fn punctuator(&mut self, tokens: &[Token<'a>], i: usize) -> Option<()> {
        let text = tokens[i].text;
        let previous = i.checked_sub(1).map(|p| tokens[p].text);
        let depth = self.stack.len();
        match text {
            "{" => {
                if self.key_next() || matches!(self.top_kind(), Some(Kind::Params(_))) {
                    return None;
                }
                let kind = if self.object_follows(tokens, i) {
                    Kind::Object { key_next: true }
                } else {
                    Kind::Block { closes: None }
                };
                self.push(kind, "}");
            }
            "(" | "[" => {
                if matches!(self.top_kind(), Some(Kind::Params(_)))
                    || (self.key_next() && text == "(")
                {
                    return None;
                }
                // A computed key.
                self.set_key_next(false);
                let control =
                    text == "(" && matches!(previous, Some("if" | "while" | "for" | "switch"));
                self.push(Kind::Group { control }, if text == "(" { ")" } else { "]" });
            }
            ")" | "]" | "}" => self.close(text, i)?,
            "," => match self.top_kind() {
                Some(Kind::Object { .. }) => self.set_key_next(true),
                Some(Kind::Params(_)) => {}
                _ => {
                    if let Some(s) = self.statements.last_mut()
                        && s.depth == depth
                    {
                        s.name_next = true;
                    }
                }
            },
            ";" => {
                if self.statements.last().is_some_and(|s| s.depth == depth) {
                    self.statements.pop();
                }
            }
            "?" => self.top().ternaries += 1,
            ":" => {
                self.case_colon = false;
                if self.key_colon == Some(i) {
                    return Some(());
                }
                let top = self.top();
                if top.ternaries > 0 {
                    top.ternaries -= 1;
                } else if top.case {
                    top.case = false;
                    self.case_colon = true;
                } else {
                    // A label.
                    return None;
                }
            }
            _ => {
                if self.key_next() || matches!(self.top_kind(), Some(Kind::Params(_))) {
                    return None;
                }
            }
        }
        Some(())
    }

    fn close(&mut self, text: &str, i: usize) -> Option<()> {
        let open = self.stack.pop()?;
        if open.close != text {
            return None;
        }
        let depth = self.stack.len();
        while self.statements.last().is_some_and(|s| s.depth > depth) {
            self.statements.pop();
        }
        match open.kind {
            Kind::Params(scope) => self.pending = Pending::Body(scope),
            Kind::Block { closes: Some(_) } => {
                self.open_scopes.pop();
            }
            Kind::Group { control: true } => self.control_closed = Some(i),
            _ => {}
        }
        Some(())
    }

    /// Whether the `{` at `i` opens an object literal rather than a block.
    fn object_follows(&self, tokens: &[Token], i: usize) -> bool {
        let Some(previous) = i.checked_sub(1).map(|p| tokens[p].text) else {
            return false;
        };
        match previous {
            ")" | "]" | "}" | ";" | "{" | "++" | "--" => false,
            ":" => !self.case_colon,
            "return" => !tokens[i].newline_before,
            _ if is_literal(previous) => false,
            _ if is_word(previous.chars().next().unwrap_or(' ')) => {
                BEFORE_EXPRESSION.contains(&previous)
            }
            _ => true,
        }
    }

    /// A word or literal where an object's key comes next: a key, which keeps its name,
    /// with its `:`. Elsewhere a literal is a value (never in parameters).
    fn key_or_value(&mut self, tokens: &[Token], i: usize) -> Option<()> {
        if self.key_next() {
            if tokens.get(i + 1).map(|t| t.text) != Some(":") {
                // A method, an accessor or a shorthand property.
                return None;
            }
            self.key_colon = Some(i + 1);
            self.set_key_next(false);
        } else if matches!(self.top_kind(), Some(Kind::Params(_))) {
            return None;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests;
