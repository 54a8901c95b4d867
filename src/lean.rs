//! The theme's scripts and style sheets as the site serves them: without comments and
//! the whitespace the browser reads none of, since every byte counts against a page's
//! weight. The theme's sources stay as they are, commented and indented.

mod arrows;
mod booleans;
mod properties;
mod rename;

pub use properties::PropertyNames;

/// A theme script without its comments and the whitespace between tokens that keeps
/// them apart for a reader only, its functions' local variables with short names
/// (`rename`), its function expressions as arrow functions where that means the same
/// (`arrows`) and `true` and `false` as `!0` and `!1` (`booleans`). A line break stays
/// wherever one could end a statement (automatic semicolon insertion), so the script
/// means what it meant. A script this cannot read
/// for certain (a template literal, a `/` after `}`, an unclosed string) is served as it
/// is.
pub fn lean_script(bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    match tokens(text) {
        Some(source) => {
            let names = rename::short_names(&source).unwrap_or_default();
            let needless = needless_semicolons(&source);
            let read: Vec<Token> = source
                .iter()
                .enumerate()
                .filter(|&(i, _)| !needless[i])
                .map(|(i, t)| Token {
                    text: names.get(i).and_then(Option::as_deref).unwrap_or(t.text),
                    newline_before: t.newline_before,
                })
                .collect();
            let read = booleans::short_booleans(arrows::arrows(merged_var_statements(read)));
            let out = join(&read);
            // Read back, the lean script must be the same tokens in the same order.
            let same = tokens(&out).is_some_and(|again| {
                again.len() == read.len() && again.iter().zip(&read).all(|(a, b)| a.text == b.text)
            });
            if same {
                out.into_bytes()
            } else {
                bytes.to_vec()
            }
        }
        None => bytes.to_vec(),
    }
}

/// A theme style sheet without the lines that are only `/* comments */` (`//` starts no
/// comment in CSS), without indentation and the spaces CSS reads none of, and with the
/// theme's custom properties by their short `names`.
pub fn lean_style(bytes: &[u8], names: &PropertyNames) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    match without_comment_lines(text) {
        Some(lean) => names.apply(&tight_style(&lean)).into_bytes(),
        None => bytes.to_vec(),
    }
}

/// `text` without the spaces and line breaks after `{`, `}`, `;`, `,` and `>`, the
/// spaces after `:` and any before `{`, `}` and `>`, and the `;` before a `}`, outside
/// strings: where CSS reads none, so the rules mean what they meant (a line break inside
/// a selector stays).
fn tight_style(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == '\\' {
                    out.push(c);
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                    continue;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            // A block's last declaration needs no `;`.
            None if c == '}' && out.ends_with(';') => {
                out.pop();
            }
            None if (c == ' ' || c == '\n')
                && (out.ends_with(['{', '}', ';', ',', '>'])
                    || (c == ' ' && out.ends_with(':'))
                    || chars
                        .peek()
                        .is_some_and(|n| matches!(n, '{' | '}' | '>' | ' ' | '\n'))) =>
            {
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

/// `text` without its indentation and the lines that are only a `/* comment */`; `None`
/// when a comment shares a line with a rule, which is then kept whole.
fn without_comment_lines(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim();
        if in_block {
            // A block comment ends this line, with nothing after it.
            if bare.contains("*/") {
                if !bare.ends_with("*/") {
                    return None;
                }
                in_block = false;
            }
        } else if bare.starts_with("/*") {
            match bare.find("*/") {
                Some(end) if end + 2 == bare.len() => {}
                Some(_) => return None,
                None => in_block = true,
            }
        } else if bare.ends_with('\\') {
            // A string continued on the next line: its indentation is part of it.
            return None;
        } else {
            out.push_str(line.trim_start());
        }
    }
    (!in_block).then_some(out)
}

/// One token of a script, and whether a line break came before it.
#[derive(Debug)]
struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) newline_before: bool,
}

/// Keywords after which a `/` starts a regular expression, not a division.
const BEFORE_EXPRESSION: [&str; 14] = [
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

/// The punctuators of more than one character, longest first.
const PUNCTUATORS: [&str; 33] = [
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "**", "<<", ">>",
];

/// Keywords a line break after ends the statement (restricted productions).
const RESTRICTED: [&str; 6] = ["return", "break", "continue", "throw", "yield", "async"];

pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '\\' || !c.is_ascii()
}

/// The tokens of a classic script, or `None` where reading it is not certain.
fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    // For each open `(`, whether it follows `if`, `while`, `for` or `with`: a `/` after
    // its `)` starts a regular expression.
    let mut parens: Vec<bool> = Vec::new();
    let mut after_keyword_paren = false;
    let mut newline = false;
    let mut i = 0;
    while i < bytes.len() {
        // Scripts are mostly ASCII: a byte is its character then.
        let c = match bytes[i] {
            b if b.is_ascii() => b as char,
            _ => text[i..].chars().next()?,
        };
        let start = i;
        if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' {
            newline = true;
            i += c.len_utf8();
            continue;
        }
        if c.is_whitespace() || c == '\u{feff}' {
            i += c.len_utf8();
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some(b'/') {
            i += text[i..].find(['\n', '\r']).unwrap_or(text.len() - i);
            continue;
        }
        if c == '/' && next == Some(b'*') {
            let end = text[i + 2..].find("*/")? + i + 4;
            newline |= text[i..end].contains(['\n', '\r']);
            i = end;
            continue;
        }
        let previous = out.last().map(|t| t.text);
        if c == '\'' || c == '"' {
            i = string_end(bytes, i)?;
        } else if c == '/' && regex_may_start(previous, after_keyword_paren)? {
            i = regex_end(bytes, i)?;
        } else if is_word(c) || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < bytes.len() {
                let ch = match bytes[i] {
                    b if b.is_ascii() => b as char,
                    _ => text[i..].chars().next()?,
                };
                if !is_word(ch) {
                    break;
                }
                i += ch.len_utf8();
            }
            // A number's exponent sign and fraction stay with it (`1e-3`, `2.5`, `.5`).
            if c.is_ascii_digit() || c == '.' {
                while let Some(&b) = bytes.get(i) {
                    let exponent = matches!(bytes[i - 1], b'e' | b'E') && matches!(b, b'+' | b'-');
                    if b == b'.' || exponent || is_word(b as char) {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
        } else if c == '`' || text[i..].starts_with("<!--") || text[i..].starts_with("-->") {
            // A template literal, or what may read as an HTML comment.
            return None;
        } else {
            // The longest punctuator (`>>>=`, `===`, `++`, `=>`...), else one character.
            let rest = &bytes[i..];
            i += PUNCTUATORS
                .iter()
                .filter(|p| p.as_bytes()[0] == rest[0])
                .find(|p| rest.starts_with(p.as_bytes()))
                .map_or(c.len_utf8(), |p| p.len());
        }
        let token = &text[start..i];
        after_keyword_paren = false;
        match token {
            "(" => parens.push(matches!(previous, Some("if" | "while" | "for" | "with"))),
            ")" => after_keyword_paren = parens.pop().unwrap_or(false),
            _ => {}
        }
        out.push(Token {
            text: token,
            newline_before: std::mem::take(&mut newline),
        });
    }
    Some(out)
}

/// Where the string literal at `start` (a quote) ends; `None` at a line's end.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' => i += 2,
            b if b == bytes[start] => return Some(i + 1),
            b'\n' | b'\r' => return None,
            _ => i += 1,
        }
    }
}

/// Where the regular expression at `start` (its `/`) ends, flags included.
fn regex_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut class = false;
    loop {
        match *bytes.get(i)? {
            b'\\' => i += 2,
            b'[' => (class, i) = (true, i + 1),
            b']' => (class, i) = (false, i + 1),
            b'/' if !class => break,
            b'\n' | b'\r' => return None,
            _ => i += 1,
        }
    }
    i += 1;
    while i < bytes.len() && is_word(bytes[i] as char) {
        i += 1;
    }
    Some(i)
}

/// Whether a `/` after `previous` starts a regular expression; `None` after `}`, where
/// only the grammar could tell.
fn regex_may_start(previous: Option<&str>, after_keyword_paren: bool) -> Option<bool> {
    let Some(previous) = previous else {
        return Some(true);
    };
    let last = previous.chars().last()?;
    Some(match last {
        '}' => return None,
        ')' => after_keyword_paren,
        ']' => false,
        _ if is_word(last) || previous.starts_with(['\'', '"']) => {
            BEFORE_EXPRESSION.contains(&previous)
        }
        // A regular expression just read (`/x/ / 2` is rare but a division).
        '/' if previous.len() > 1 => false,
        _ => true,
    })
}

/// `tokens` with each `var` statement that follows another in the same list of
/// statements joined to it (`var a=1;var b;` is `var a=1,b;`): the same variables with
/// the same values in the same order. Only where the first `var` starts a statement in
/// a list (after `{`, `;`, `}` or at the start), never a lone statement after `if (...)`
/// or `else`, and where no line break may have ended it first.
fn merged_var_statements(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    // For each open bracket (and the script), whether a `var` statement started in a
    // list of statements is being read.
    let mut open = vec![false];
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        let previous = out.last().map(|t| t.text);
        let depth = open.len() - 1;
        if token.newline_before {
            open[depth] = false;
        }
        match token.text {
            "(" | "[" | "{" => open.push(false),
            ")" | "]" | "}" if depth > 0 => {
                open.pop();
            }
            "var" => open[depth] = matches!(previous, None | Some("{" | ";" | "}")),
            ";" if open[depth] && iter.peek().is_some_and(|n| n.text == "var") => {
                iter.next();
                out.push(Token {
                    text: ",",
                    newline_before: token.newline_before,
                });
                continue;
            }
            ";" => open[depth] = false,
            _ => {}
        }
        out.push(token);
    }
    out
}

/// Which tokens are a `;` that ends the last statement of a block, where the `}` ends it
/// as well (`return x;}`). Kept where the `;` is a statement of its own (after `{`, `;`,
/// `}`, `:`, `else`, `do`, or the `)` of an `if`, `for`, `while` or `with`).
fn needless_semicolons(tokens: &[Token]) -> Vec<bool> {
    let mut needless = vec![false; tokens.len()];
    // For each open `(`, whether a statement follows its `)`.
    let mut parens: Vec<bool> = Vec::new();
    let mut control_closed = false;
    for (i, token) in tokens.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| tokens[p].text);
        let closed_control = std::mem::take(&mut control_closed);
        match token.text {
            "(" => parens.push(matches!(previous, Some("if" | "for" | "while" | "with"))),
            ")" => control_closed = parens.pop().unwrap_or(true),
            ";" => {
                needless[i] = tokens.get(i + 1).is_some_and(|n| n.text == "}")
                    && !closed_control
                    && !matches!(previous, None | Some("{" | ";" | "}" | ":" | "else" | "do"));
            }
            _ => {}
        }
    }
    needless
}

/// The tokens written back with a line break where one came and could end a
/// statement, a space where two tokens would otherwise run together, and nothing else.
fn join(tokens: &[Token]) -> String {
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    for token in tokens {
        if let Some(prev) = previous {
            let (a, b) = (
                prev.chars().last().unwrap_or(' '),
                token.text.chars().next().unwrap_or(' '),
            );
            // Where no statement can end, or a line break cannot end one.
            let between = matches!(prev, ";" | "{" | "," | "(" | "[")
                || matches!(token.text, ")" | "]" | "}" | "," | ";" | ".");
            let restricted = RESTRICTED.contains(&prev) || matches!(token.text, "++" | "--");
            let regex = prev.len() > 1 && prev.starts_with('/') && !prev.starts_with("/=");
            if token.newline_before && (!between || restricted) {
                out.push('\n');
            } else if (is_word(a) && is_word(b))
                || (a == '+' && b == '+')
                || (a == '-' && b == '-')
                || (a == '/' && matches!(b, '/' | '*'))
                || (a.is_ascii_digit() && b == '.')
                || (a == '.' && b.is_ascii_digit())
                || (regex && is_word(b))
            {
                out.push(' ');
            }
        }
        out.push_str(token.text);
        previous = Some(token.text);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A script as it is served.
    pub(crate) fn lean(script: &str) -> String {
        String::from_utf8(lean_script(script.as_bytes())).unwrap()
    }

    #[test]
    fn scripts_lose_comments_and_the_spaces_between_tokens() {
        let script = "/* head\n   more */\n(function () {\n  // why\n  var a = '//x' + \"/* y */\"; // kept out\n  /* one */\n  return a;\n}());\n";
        assert_eq!(
            lean(script),
            "(function(){var a='//x'+\"/* y */\";return a}());\n"
        );
    }

    #[test]
    fn tokens_that_would_run_together_keep_a_space() {
        assert_eq!(lean("var x = a + +b - -c;"), "var x=a+ +b- -c;\n");
        assert_eq!(lean("x = 1 .toString() + y . z;"), "x=1 .toString()+y.z;\n");
        assert_eq!(
            lean("x = a / /re/.source.length;"),
            "x=a/ /re/.source.length;\n"
        );
        assert_eq!(lean("if (a) b = 1e-3 * .5;"), "if(a)b=1e-3*.5;\n");
    }

    #[test]
    fn line_breaks_that_could_end_a_statement_stay() {
        assert_eq!(
            lean("function f() {\n  return\n  x;\n}\n"),
            "function f(){return\nx}\n"
        );
        assert_eq!(lean("a = b\n++c\n"), "a=b\n++c\n");
        assert_eq!(lean("if (x) y = 1\nelse z = 2\n"), "if(x)y=1\nelse z=2\n");
        assert_eq!(lean("x = y\n[1].forEach(f)\n"), "x=y\n[1].forEach(f)\n");
        assert_eq!(lean("a = {}\nb = 1\n"), "a={}\nb=1\n");
        assert_eq!(lean("f(a,\n  b\n);\nx\n  .y();\n"), "f(a,b);x.y();\n");
    }

    #[test]
    fn a_semicolon_before_a_closing_brace_goes_unless_it_is_a_statement_of_its_own() {
        assert_eq!(
            lean("function f(a) { g(a); return a; }\n"),
            "function f(a){g(a);return a}\n"
        );
        for kept in [
            "if(a){if(b);}",
            "if(a){for(;;);}",
            "if(a){while(b);}",
            "if(a){;}",
            "if(a){b();;}",
            "switch(a){case 1:;}",
            "if(a){x=function(){};}",
            "if(a){if(b)c();else;}",
        ] {
            assert_eq!(lean(kept), format!("{kept}\n"));
        }
    }

    #[test]
    fn var_statements_in_a_row_are_one() {
        assert_eq!(
            lean("var a = 1; var b = f(function () { var c; var d; }); var e;\nvar g;"),
            "var a=1,b=f(()=>{var a,b}),e,g;\n"
        );
        assert_eq!(
            lean("if (a) var b = 1; var c = 2;\nfor (var i = 0; i < 1; i++) { var j; var k = i; }"),
            "if(a)var b=1;var c=2;for(var i=0;i<1;i++){var j,k=i}\n"
        );
        assert_eq!(lean("var a = b\nvar c;"), "var a=b\nvar c;\n");
    }

    #[test]
    fn strings_are_kept_whole_even_across_lines() {
        assert_eq!(lean("var s = 'a \\\n  b';\n"), "var s='a \\\n  b';\n");
    }

    #[test]
    fn regular_expressions_are_read_whole() {
        assert_eq!(
            lean("var t = s.replace(/[\\s'’_/]/g, '') / 2;\nif (/^a b$/.test(t)) return;"),
            "var t=s.replace(/[\\s'’_/]/g,'')/2;if(/^a b$/.test(t))return;\n"
        );
        assert_eq!(lean("if (x) /a b/.test(y);"), "if(x)/a b/.test(y);\n");
        assert_eq!(lean("var q = (a) / 2 / (b);"), "var q=(a)/2/(b);\n");
        assert_eq!(lean("return /x y/;"), "return/x y/;\n");
    }

    #[test]
    fn what_cannot_be_read_for_certain_is_served_as_it_is() {
        for script in [
            "var s = `\n// not a comment\n`;\n",
            "if (a) {}\n/x y/.test(b);\n",
            "var s = 'unclosed;\n",
        ] {
            assert_eq!(lean(script), script, "{script}");
        }
    }

    #[test]
    fn style_sheets_lose_comment_lines_and_spaces_css_reads_none() {
        let css = "/* head\n   more */\na { b: c; } /* kept */\n  /* one */\n  //x { y: z; }\n";
        assert_eq!(
            String::from_utf8(lean_style(css.as_bytes(), &PropertyNames::default())).unwrap(),
            "a{b:c}/* kept */\n//x{y:z}"
        );
        let strings = "p::before { content: \"a: b; \" attr(x) ', {'; }\n@media (min-width: 4rem) { a > b, c\nd { e: calc(1px + 2%) } }\n";
        assert_eq!(
            String::from_utf8(lean_style(strings.as_bytes(), &PropertyNames::default())).unwrap(),
            "p::before{content:\"a: b; \" attr(x) ', {'}@media (min-width:4rem){a>b,c\nd{e:calc(1px + 2%)}}"
        );
    }
}
