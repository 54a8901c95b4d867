//! Badge images: each level's SVG badge, and Open Badges baking of SVG (OB 3.0
//! section 5.3.2): the VC-JWT in the `verify` attribute of an
//! `<openbadges:credential>` element right after the `<svg>` tag.

use crate::html::escape;
use crate::model::{Config, Level};

const NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

/// The badge of a level: a round seal with the level's number and title.
pub fn badge(config: &Config, level: &Level) -> String {
    let index = config.level_number(level).unwrap_or(1);
    let title: String = level.title.chars().take(40).collect();
    let course: String = config.title.chars().take(48).collect();
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 240\" width=\"240\" height=\"240\" role=\"img\" aria-label=\"{label}\">",
            "<title>{label}</title>",
            "<circle cx=\"120\" cy=\"120\" r=\"114\" fill=\"#1d4f91\"/>",
            "<circle cx=\"120\" cy=\"120\" r=\"100\" fill=\"none\" stroke=\"#f5c542\" stroke-width=\"4\"/>",
            "<text x=\"120\" y=\"112\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"64\" font-weight=\"bold\" fill=\"#ffffff\">{index}</text>",
            "<text x=\"120\" y=\"146\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#ffffff\">{title}</text>",
            "<text x=\"120\" y=\"166\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"9\" fill=\"#f5c542\">{course}</text>",
            "</svg>\n"
        ),
        label = escape(&format!(
            "Level {index}: {} – {}",
            level.title, config.title
        )),
        index = index,
        title = escape(&title),
        course = escape(&course),
    )
}

/// `svg` with `jwt` baked in.
pub fn bake(svg: &str, jwt: &str) -> Result<String, String> {
    if svg.contains("<openbadges:credential") {
        return Err("the image already holds a credential".into());
    }
    let start = svg.find("<svg").ok_or("the image is not an SVG")?;
    let end = start
        + svg[start..]
            .find('>')
            .ok_or("the image's <svg> tag is not closed")?;
    let (open, rest) = svg.split_at(end);
    // A self-closing `<svg/>` gets its end tag.
    let (open, rest) = match open.strip_suffix('/') {
        Some(o) => (o, format!("</svg>{}", &rest[1..])),
        None => (open, rest[1..].to_string()),
    };
    Ok(format!(
        "{open} xmlns:openbadges=\"{NAMESPACE}\"><openbadges:credential verify=\"{}\"></openbadges:credential>{rest}",
        escape(jwt)
    ))
}

/// The VC-JWT baked in an SVG: the `verify` attribute of its first
/// `<openbadges:credential>` element.
pub fn extract(svg: &str) -> Result<String, String> {
    let at = svg
        .find("<openbadges:credential")
        .ok_or("the image holds no Open Badges credential (no <openbadges:credential> element)")?;
    let tag = &svg[at..at
        + svg[at..]
            .find('>')
            .ok_or("its credential element is not closed")?];
    let value = tag
        .split_once("verify=")
        .map(|(_, v)| v)
        .ok_or("its credential is not signed as a VC-JWT (no `verify` attribute)")?;
    let quote = value
        .chars()
        .next()
        .filter(|q| *q == '"' || *q == '\'')
        .ok_or("its `verify` attribute is not quoted")?;
    let inner = &value[1..];
    let end = inner
        .find(quote)
        .ok_or("its `verify` attribute is not closed")?;
    Ok(inner[..end].trim().to_string())
}

/// The VC-JWT in a credential file: the file itself (`.jwt`) or baked in an SVG.
pub fn token_of(text: &str) -> Result<String, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('<') {
        extract(trimmed)
    } else {
        Ok(trimmed.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baked_tokens_come_back_out() {
        let config = crate::config::parse(
            std::path::Path::new("c.toml"),
            "title = \"A <b>\"\nid = \"a\"\n",
        )
        .unwrap();
        let svg = badge(&config, &config.levels[2]);
        assert!(svg.contains("A &lt;b&gt;"));
        let baked = bake(&svg, "aa.bb.cc").unwrap();
        assert!(baked.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(baked.contains(" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential verify=\"aa.bb.cc\"></openbadges:credential><title>"));
        assert_eq!(extract(&baked).unwrap(), "aa.bb.cc");
        assert_eq!(token_of(&baked).unwrap(), "aa.bb.cc");
        assert_eq!(token_of(" aa.bb.cc\n").unwrap(), "aa.bb.cc");
        assert!(bake(&baked, "x").is_err());
        assert!(extract(&svg).is_err());
        assert_eq!(
            extract("<svg/>").unwrap_err(),
            "the image holds no Open Badges credential (no <openbadges:credential> element)"
        );
        assert_eq!(
            bake("<svg/>", "t").unwrap(),
            "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential verify=\"t\"></openbadges:credential></svg>"
        );
    }
}
