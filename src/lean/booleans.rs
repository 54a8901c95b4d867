//! `true` and `false` written `!0` and `!1`, the same values in fewer bytes.

use super::Token;

/// `tokens` with each `true` and `false` that is the value written `!0` and `!1`: not a
/// property (`a.true`) or an object's key (`{true: 1}`), and not where the unary `!`
/// would read otherwise (`true.x`, `true ** 2`).
pub(super) fn short_booleans(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        let digit = match token.text {
            "true" => "0",
            "false" => "1",
            _ => {
                out.push(token);
                continue;
            }
        };
        let before = out.last().map(|t| t.text);
        let after = iter.peek().map(|t| t.text);
        let key = after == Some(":") && matches!(before, Some("{" | ","));
        if key || before == Some(".") || matches!(after, Some("." | "**" | "?." | "[")) {
            out.push(token);
            continue;
        }
        out.push(Token {
            text: "!",
            newline_before: token.newline_before,
        });
        out.push(Token {
            text: digit,
            newline_before: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    /// The script with this step alone applied to its tokens.
    fn lean(script: &str) -> String {
        let tokens = crate::lean::tokens(script).expect("a script read whole");
        crate::lean::join(&super::short_booleans(tokens))
    }

    #[test]
    fn booleans_are_written_short() {
        assert_eq!(
            lean("var a = true, b = !false; x = a === true ? false : true;"),
            "var a=!0,b=!!1;x=a===!0?!1:!0;\n"
        );
    }

    #[test]
    fn booleans_that_are_names_or_would_read_otherwise_stay() {
        for kept in [
            "x=a.true;\n",
            "x={true:1,false:2};\n",
            "x=true.toString();\n",
            "x=true**2;\n",
        ] {
            assert_eq!(lean(kept), kept);
        }
    }
}
