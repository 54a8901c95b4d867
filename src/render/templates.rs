//! The theme's Tera templates: compiled once per build, rendered with readable errors,
//! and scanned for the texts (`t.key`) they name.

use tera::Tera;

use crate::error::TemplateError;
use crate::html;
use crate::theme::Theme;

/// Compiles the theme's templates once per build.
pub fn compile(theme: &Theme) -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    // Unlike Tera's default escaping, this leaves `/` alone so URLs stay readable.
    tera.set_escape_fn(html::escape);
    // The custom properties by the short names the style sheets are served with.
    let names = super::property_names(theme);
    let sources: Vec<(String, String)> = theme
        .templates()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let text = if super::is_html_template(name) {
                names.apply_to_template(&text)
            } else {
                text.into_owned()
            };
            (name.to_string(), text)
        })
        .collect();
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(&e))?;
    Ok(tera)
}

pub fn render_one(
    tera: &Tera,
    template: &str,
    cx: &tera::Context,
) -> Result<String, TemplateError> {
    tera.render(template, cx).map_err(|e| template_error(&e))
}

pub fn template_error(e: &tera::Error) -> TemplateError {
    TemplateError::from_tera(e)
}

/// The keys of `t` the theme's templates name (`t.key` inside `{{ }}` or `{% %}`), so
/// pages carry only those; `None` when a template uses `t` any other way (`t[key]`,
/// `t` alone), and then every text is given.
pub fn texts_used<'a>(
    templates: impl Iterator<Item = &'a [u8]>,
) -> Option<std::collections::BTreeSet<String>> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut keys = std::collections::BTreeSet::new();
    for source in templates {
        let source = String::from_utf8_lossy(source);
        let mut rest = source.as_ref();
        while let Some(open) = rest.find('{') {
            let close = match rest[open..].get(1..2) {
                Some("{") => "}}",
                Some("%") => "%}",
                _ => {
                    rest = &rest[open + 1..];
                    continue;
                }
            };
            let body_start = open + 2;
            let end = rest[body_start..]
                .find(close)
                .map_or(rest.len(), |i| body_start + i);
            let mut code = &rest[body_start..end];
            rest = &rest[(end + 2).min(rest.len())..];
            let mut before = ' ';
            while let Some(c) = code.chars().next() {
                if c == '"' || c == '\'' || c == '`' {
                    // A string literal: its words are not variables.
                    let close = code[1..].find(c).map_or(code.len(), |i| i + 2);
                    code = &code[close..];
                    before = c;
                    continue;
                }
                let word = code.len() - code.trim_start_matches(ident).len();
                if word == 0 {
                    before = c;
                    code = &code[c.len_utf8()..];
                    continue;
                }
                if &code[..word] == "t" && !ident(before) && before != '.' {
                    let after = &code[word..];
                    let key = after.strip_prefix('.')?;
                    let len = key.len() - key.trim_start_matches(ident).len();
                    if len == 0 {
                        return None;
                    }
                    keys.insert(key[..len].to_string());
                }
                before = 'x';
                code = &code[word..];
            }
        }
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_get_the_texts_they_name() {
        let used = |sources: &[&str]| texts_used(sources.iter().map(|s| s.as_bytes()));
        let keys = used(&[
            "<p title=\"t.not_this\">{{ t.nav_home }}, don't {% if x %}{{ t.next | upper }}{% endif %}",
            "{{ site.t }} {{ \"t.quoted\" }} {{ t_js | safe }}",
        ])
        .expect("only `t.key` uses");
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["nav_home", "next"]);
        // Any other use of `t` gets every text.
        assert_eq!(used(&["{{ t[key] }}"]), None);
        assert_eq!(used(&["{% set texts = t %}"]), None);
    }
}
