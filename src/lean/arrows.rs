//! Anonymous function expressions written as arrow functions (`function(a){...}` as
//! `a=>{...}`, and `function(a){return x}` as `a=>x`) wherever the two mean the same:
//! the largest saving after the short names, since the theme's scripts pass a function
//! to nearly every call.

use super::Token;

/// Tokens after which a function expression may stand as an arrow function too: where
/// an assignment expression starts, not an operand (`a||function(){}` reads the
/// function as an operand, which an arrow function cannot be).
const BEFORE: [&str; 7] = ["(", ",", "=", ":", "?", "[", "return"];

/// Tokens that may follow the function: none of them calls it, reads a property of it
/// or applies an operator to it (an arrow function cannot be called where it stands).
const AFTER: [&str; 6] = [")", ",", ";", "]", "}", ":"];

/// Words whose meaning inside an arrow function is not the one inside a function: its
/// own `this`, `arguments`, `new.target` (a `new` before a `.`) and `super`, and what
/// makes a generator or an async function.
const OWN: [&str; 6] = ["this", "arguments", "new", "super", "yield", "await"];

/// What becomes of one function expression.
struct Arrow {
    /// Its `function` token.
    at: usize,
    /// The `)` that ends its parameters.
    params_end: usize,
    /// Whether its only parameter stands without brackets (`a=>`).
    bare_param: bool,
    /// The `{` and `}` of its body, and whether the body is one `return` of an
    /// expression, written as the expression alone.
    body: (usize, usize),
    concise: bool,
}

/// `tokens` with each function expression that can be an arrow function written as one.
/// A function keeps its form when it may use its own `this` or `arguments` (any such
/// word inside it, however deep), when it may be called, read or operated on where it
/// stands, and when it is assigned to a plain variable (which could be a constructor
/// called with `new` later, as an arrow function cannot be).
pub(super) fn arrows(tokens: Vec<Token>) -> Vec<Token> {
    let pairs = matching_brackets(&tokens);
    let mut skip = vec![false; tokens.len()];
    let mut arrow_after = vec![false; tokens.len()];
    for arrow in (0..tokens.len()).filter_map(|i| arrow_at(&tokens, &pairs, i)) {
        skip[arrow.at] = true;
        if arrow.bare_param {
            skip[arrow.at + 1] = true;
            skip[arrow.params_end] = true;
        }
        arrow_after[arrow.params_end] = true;
        let (open, close) = arrow.body;
        if arrow.concise {
            skip[open] = true;
            skip[open + 1] = true;
            skip[close] = true;
        }
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut newline = false;
    for (i, token) in tokens.into_iter().enumerate() {
        if skip[i] {
            // A line break before a token that goes stays before the next one, in case it
            // ended a statement.
            newline |= token.newline_before && !matches!(token.text, "{" | "}" | "return");
        } else {
            out.push(Token {
                text: token.text,
                newline_before: token.newline_before || std::mem::take(&mut newline),
            });
        }
        if arrow_after[i] {
            out.push(Token {
                text: "=>",
                newline_before: false,
            });
        }
    }
    out
}

/// The function expression whose `function` token is at `i`, when it can be an arrow
/// function.
fn arrow_at(tokens: &[Token], pairs: &[usize], i: usize) -> Option<Arrow> {
    let text = |k: usize| tokens.get(k).map(|t| t.text);
    if text(i) != Some("function") || text(i + 1) != Some("(") {
        return None;
    }
    let before = text(i.checked_sub(1)?)?;
    if !BEFORE.contains(&before) {
        return None;
    }
    // `x = function` (a plain variable, maybe a constructor), not `x.y = function`.
    if before == "=" {
        let target = i.checked_sub(2).map(|k| &tokens[k]);
        let owner = i.checked_sub(3).and_then(text);
        if target.is_some_and(|t| t.text.chars().all(super::is_word)) && owner != Some(".") {
            return None;
        }
    }
    let params_end = pairs[i + 1];
    let open = params_end + 1;
    if text(open) != Some("{") {
        return None;
    }
    let close = pairs[open];
    if !text(close + 1).is_some_and(|t| AFTER.contains(&t))
        || (i..close).any(|k| {
            OWN.contains(&tokens[k].text) && (tokens[k].text != "new" || text(k + 1) == Some("."))
        })
    {
        return None;
    }
    let bare_param =
        params_end == i + 3 && text(i + 2).is_some_and(|t| t.chars().all(super::is_word));
    Some(Arrow {
        at: i,
        params_end,
        bare_param,
        body: (open, close),
        concise: concise(tokens, pairs, open, close),
    })
}

/// Whether the body from `open` to `close` is one `return` of an expression that can
/// stand alone as an arrow function's body: not an object literal (it would read as a
/// block), with no `,` outside brackets (it would end the arrow function) and no line
/// break outside brackets (which could have ended the `return`).
fn concise(tokens: &[Token], pairs: &[usize], open: usize, close: usize) -> bool {
    if tokens[open + 1].text != "return" || open + 2 >= close {
        return false;
    }
    let first = &tokens[open + 2];
    if first.text == "{" || first.newline_before {
        return false;
    }
    let mut k = open + 2;
    while k < close {
        let t = &tokens[k];
        if matches!(t.text, "," | ";" | "in") || (k > open + 2 && t.newline_before) {
            return false;
        }
        k = if matches!(t.text, "(" | "[" | "{") {
            pairs[k] + 1
        } else {
            k + 1
        };
    }
    true
}

/// For each open bracket, the index of the bracket that closes it (for anything else,
/// its own index). The tokens come from a script read whole, so brackets pair up; an
/// unpaired one pairs with the end.
fn matching_brackets(tokens: &[Token]) -> Vec<usize> {
    let mut pairs: Vec<usize> = (0..tokens.len()).collect();
    let mut open = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.text {
            "(" | "[" | "{" => open.push(i),
            ")" | "]" | "}" => {
                if let Some(o) = open.pop() {
                    pairs[o] = i;
                }
            }
            _ => {}
        }
    }
    for o in open {
        pairs[o] = tokens.len().saturating_sub(1);
    }
    pairs
}

#[cfg(test)]
mod tests {
    /// The script with this step alone applied to its tokens.
    fn lean(script: &str) -> String {
        let tokens = crate::lean::tokens(script).expect("a script read whole");
        crate::lean::join(&super::arrows(tokens))
    }

    #[test]
    fn function_expressions_become_arrow_functions() {
        assert_eq!(
            lean("list.forEach(function (x) { show(x); });"),
            "list.forEach(x=>{show(x);});\n"
        );
        assert_eq!(
            lean("a.map(function (x, i) { return x + i }).filter(function () { return ok });"),
            "a.map((x,i)=>x+i).filter(()=>ok);\n"
        );
        assert_eq!(
            lean("el.onclick = function () { go() }; o = { k: function (v) { return v } };"),
            "el.onclick=()=>{go()};o={k:v=>v};\n"
        );
        assert_eq!(lean("x = a ? function () {} : b;"), "x=a?()=>{}:b;\n");
        assert_eq!(
            lean("o = { now: function () { return new Date() } };"),
            "o={now:()=>new Date()};\n"
        );
    }

    #[test]
    fn functions_that_need_their_form_keep_it() {
        for kept in [
            // Their own `this` or `arguments`, however deep.
            "f(function(){return this.x});\n",
            "f(function(){g(function(){return arguments})});\n",
            "f(function(){return new.target});\n",
            // Called, read or an operand where they stand.
            "(function(){go()}());\n",
            "f(function(){go()}.bind(o));\n",
            "x=a||function(){};\n",
            // A plain variable, which `new` might call.
            "var F=function(){};\n",
            "F=function(){};\n",
            // Declarations and named expressions.
            "function f(){go()}\n",
            "f(function g(){go()});\n",
        ] {
            assert_eq!(lean(kept), kept);
        }
    }

    #[test]
    fn a_return_that_cannot_stand_alone_keeps_its_block() {
        for (script, served) in [
            ("f(function(){return {a:1}});", "f(()=>{return{a:1}});\n"),
            ("f(function(){return a,b});", "f(()=>{return a,b});\n"),
            ("f(function(){return\na});", "f(()=>{return\na});\n"),
            ("f(function(){return a\n+b});", "f(()=>{return a\n+b});\n"),
            ("f(function(){go();return a});", "f(()=>{go();return a});\n"),
            (
                "f(function(){return 'k' in o});",
                "f(()=>{return'k'in o});\n",
            ),
        ] {
            assert_eq!(lean(script), served, "{script}");
        }
    }
}
