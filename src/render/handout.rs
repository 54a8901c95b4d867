//! The course as handouts (`print.html`, or `print-N.html` per part of a large course):
//! each module's HTML, written for its own page in `modules/`, made to work inside one
//! page at the site's root.

/// Attributes that hold an id, or ids, of the page.
const ID_ATTRS: [&str; 7] = [
    "id",
    "popovertarget",
    "for",
    "name",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
];

/// The id a module's element `id` gets in the handout; `m-{module}` alone for the
/// module itself, as the handout's template names its article and sections.
pub fn id(module: &str, id: &str) -> String {
    if id.is_empty() {
        format!("m-{module}")
    } else {
        format!("m-{module}-{id}")
    }
}

/// `html` of the module `module` rewritten for the handout: every id (and the `for`,
/// `name` and `aria-*` that refer to ids) prefixed by `id`, so no two modules share one;
/// links within the module and to other modules' pages (those `handout_of` knows by
/// their page name, `b.html`) made links to the module in its handout (`handout_of`
/// gives that handout's file, or `""` for this one); and `../` paths made relative to
/// the site's root. Attribute values are double-quoted, as the HTML that coursemark
/// writes always is.
pub fn rewrite<'p>(
    module: &str,
    html: &str,
    handout_of: impl Fn(&str) -> Option<&'p str>,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(eq) = rest.find("=\"") {
        // After the last character that is no part of a name (which may take several
        // bytes: text such as `𫠠="` is no attribute).
        let name_start = rest[..eq]
            .char_indices()
            .rfind(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let name = &rest[name_start..eq];
        let attribute =
            name_start > 0 && rest[..name_start].ends_with(|c: char| c.is_ascii_whitespace());
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start]);
        match (attribute, name) {
            (true, n) if ID_ATTRS.contains(&n) && n.starts_with("aria-") => {
                let ids: Vec<String> = value.split_whitespace().map(|v| id(module, v)).collect();
                out.push_str(&ids.join(" "));
            }
            (true, n) if ID_ATTRS.contains(&n) => out.push_str(&id(module, value)),
            (true, "href") => out.push_str(&link(module, value, &handout_of)),
            (true, "src") => out.push_str(value.strip_prefix("../").unwrap_or(value)),
            _ => out.push_str(value),
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

/// A link of a module page as the handout needs it.
fn link<'p>(module: &str, href: &str, handout_of: &impl Fn(&str) -> Option<&'p str>) -> String {
    if let Some(anchor) = href.strip_prefix('#') {
        return format!("#{}", id(module, anchor));
    }
    if let Some(from_root) = href.strip_prefix("../") {
        return from_root.to_string();
    }
    let (page, anchor) = href.split_once('#').unwrap_or((href, ""));
    match page
        .strip_suffix(".html")
        .filter(|other| !other.contains(['/', ':']))
        .and_then(|other| Some((other, handout_of(other)?)))
    {
        Some((other, handout)) => format!("{handout}#{}", id(other, anchor)),
        None => href.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_like_an_attribute_after_any_character_is_kept() {
        let html = "<p>\\A<code>𫠠=\"</code> é=\"x\"</p>";
        assert_eq!(rewrite("a", html, |_| None), html);
    }

    #[test]
    fn ids_links_and_paths_work_in_the_handout() {
        let html = concat!(
            "<h3 id=\"worked-example\">Worked</h3>\n",
            "<p><a href=\"#how\">how</a> <a href=\"b.html#why\">b</a> <a href=\"b.html\">b</a> ",
            "<a href=\"https://x.org/a.html\">x</a> <a href=\"../progress.html\">p</a></p>\n",
            "<img src=\"../assets/p.png\" alt=\"id=&quot;no&quot;\">\n",
            "<input type=\"radio\" name=\"q1\" id=\"q1--a\"> <label for=\"q1--a\">A</label>",
            "<div aria-labelledby=\"a b\" data-id=\"keep\"></div>",
        );
        let got = rewrite("a", html, |m| (m == "b").then_some(""));
        assert_eq!(
            got,
            concat!(
                "<h3 id=\"m-a-worked-example\">Worked</h3>\n",
                "<p><a href=\"#m-a-how\">how</a> <a href=\"#m-b-why\">b</a> <a href=\"#m-b\">b</a> ",
                "<a href=\"https://x.org/a.html\">x</a> <a href=\"progress.html\">p</a></p>\n",
                "<img src=\"assets/p.png\" alt=\"id=&quot;no&quot;\">\n",
                "<input type=\"radio\" name=\"m-a-q1\" id=\"m-a-q1--a\"> <label for=\"m-a-q1--a\">A</label>",
                "<div aria-labelledby=\"m-a-a m-a-b\" data-id=\"keep\"></div>",
            )
        );
        // In a handout per part, a module of another part is in that part's handout.
        let got = rewrite("a", "<a href=\"b.html#why\">b</a>", |m| {
            (m == "b").then_some("print-2.html")
        });
        assert_eq!(got, "<a href=\"print-2.html#m-b-why\">b</a>");
    }
}
