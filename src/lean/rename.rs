//! Short names for the local variables of a script's functions (their `var`s,
//! parameters, inner function declarations, catch parameters and the names of named
//! function expressions), chosen scope by scope so no name reaches another variable than
//! before. Globals, properties and object keys keep their names. A script with anything
//! this reader does not follow for certain (`eval`, `with`, `let`, classes, arrows,
//! labels, destructuring, functions declared in blocks...) keeps every name.

use std::collections::{HashMap, HashSet};

use super::{Token, is_word};

/// Words that are never a variable's name.
const RESERVED: [&str; 47] = [
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "let",
    "static",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
    "await",
    "of",
];

/// Words that, outside a property or an object key, bring what this reader does not
/// follow: dynamic scopes, block scopes, classes, modules, generators, `for of`.
const UNSURE: [&str; 21] = [
    "eval",
    "with",
    "let",
    "const",
    "class",
    "import",
    "export",
    "yield",
    "async",
    "await",
    "static",
    "super",
    "enum",
    "of",
    "extends",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
];

/// Names that are the script's globals whichever scope mentions them: never given.
const GLOBAL_WORDS: [&str; 4] = ["arguments", "undefined", "NaN", "Infinity"];

/// Keywords after which `{` starts an object literal and `function` an expression.
const BEFORE_EXPRESSION: [&str; 9] = [
    "return",
    "typeof",
    "instanceof",
    "in",
    "new",
    "delete",
    "void",
    "throw",
    "case",
];

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

    fn word(&mut self, tokens: &[Token<'a>], i: usize) -> Option<()> {
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

    /// Each use resolved, and each scope's variables named: the most used first, the
    /// shortest name that none of the outer variables and globals used inside the scope
    /// has.
    fn names(self, count: usize) -> Vec<Option<String>> {
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

#[cfg(test)]
mod tests {
    use crate::lean::tests::lean;

    #[test]
    fn a_functions_variables_get_short_names_and_globals_properties_and_keys_keep_theirs() {
        assert_eq!(
            lean(
                "var top = 1;\n(function (window) {\n  var count = { count: top }, total = window.total;\n  function add(step) { count.count += step; return total; }\n  add(count.count);\n})(this);\n"
            ),
            "var top=1;(function(b){var a={count:top},c=b.total;function d(b){a.count+=b;return c}\nd(a.count)})(this);\n"
        );
    }

    #[test]
    fn no_new_name_catches_a_global_or_an_outer_variable_used_inside() {
        // `a` is a global the inner function reads: its own variable is not called `a`.
        assert_eq!(
            lean(
                "(function () { var first = 1; return function (x) { return a + x + first; }; })();"
            ),
            "(function(){var b=1;return function(c){return a+c+b};})();\n"
        );
    }

    #[test]
    fn catch_parameters_and_named_function_expressions_have_their_own_scopes() {
        assert_eq!(
            lean(
                "(function () { try { go(); } catch (error) { show(error); } var again = function retry(n) { return n ? retry(n - 1) : again; }; })();"
            ),
            "(function(){try{go()}catch(a){show(a)}var a=function c(b){return b?c(b-1):a};})();\n"
        );
    }

    #[test]
    fn a_line_break_that_ends_a_var_statement_ends_its_names() {
        // `b` and `c` are an expression statement's globals, not declared.
        assert_eq!(
            lean("(function () { var x = 1\n b, c\n for (var k in o) k, x })();"),
            "(function(){var a=1\nb,c\nfor(var d in o)d,a})();\n"
        );
    }

    #[test]
    fn scripts_with_what_this_reader_does_not_follow_keep_every_name() {
        for script in [
            "(function () { var long = 1; eval('long'); })();",
            "(function () { var long = {}; with (long) { x; } })();",
            "(function () { let long = 1; return long; })();",
            "(function () { var long = (x) => x; })();",
            "(function () { var long = 1; return { long }; })();",
            "(function () { var long = { get x() { return 1; } }; })();",
            "(function () { var long = 1; outer: for (;;) { break outer; } })();",
            "(function () { if (x) { function long() {} } })();",
            "(function (long = 1) { return long; })();",
            "(function () { var { long } = o; })();",
            "(function () { try {} catch (long) { var long = 2; } })();",
            "(function () { var f = function long(long) { return long; }; })();",
            "(function () { var long = 1, arguments = 1; })();",
        ] {
            let out = lean(script);
            assert!(out.contains("long"), "{script} -> {out}");
        }
    }

    #[test]
    fn objects_blocks_ternaries_and_cases_are_told_apart() {
        assert_eq!(
            lean(
                "(function (kind) { switch (kind) { case 'a': return { kind: kind ? kind : 1 }; default: { kind = 2; } } })();"
            ),
            "(function(a){switch(a){case'a':return{kind:a?a:1};default:{a=2}}})();\n"
        );
    }
}
