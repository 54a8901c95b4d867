//! `cmi5.xml`: the cmi5 course structure (cmi5 specification, section 13), with one AU
//! for the course or, per module, one AU per module in a block per part.

use std::fmt::Write;

use super::{LAUNCH_PAGE, Unit, course_iri, esc};
use crate::model::Course;

pub const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// The course structure for `units`.
pub fn course_structure(course: &Course, units: &[Unit]) -> String {
    let c = &course.config;
    let lang = &c.language;
    let iri = course_iri(course);
    let mut x = String::with_capacity(1024 + units.len() * 512);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(x, r#"<courseStructure xmlns="{NAMESPACE}">"#);
    let _ = writeln!(x, r#"  <course id="{}">"#, esc(&iri));
    texts(
        &mut x,
        "    ",
        lang,
        &c.title,
        c.description.as_deref().unwrap_or(&c.title),
    );
    x.push_str("  </course>\n");
    let per_module = units.iter().any(|u| u.module.is_some());
    if per_module {
        for (i, part) in course.parts.iter().enumerate() {
            let _ = writeln!(
                x,
                r#"  <block id="{}">"#,
                esc(&format!("{iri}:part:{}", part.dir))
            );
            texts(
                &mut x,
                "    ",
                lang,
                &part.title,
                part.summary.as_deref().unwrap_or(&part.title),
            );
            for unit in units.iter().filter(|u| u.part == i) {
                au(&mut x, course, unit, "    ");
            }
            x.push_str("  </block>\n");
        }
    } else {
        for unit in units {
            au(&mut x, course, unit, "  ");
        }
    }
    x.push_str("</courseStructure>\n");
    x
}

/// The publisher id of a unit's AU (the LMS gives each launch its own activity id).
pub fn au_id(course: &Course, unit: &Unit) -> String {
    match unit.module {
        Some(m) => format!("{}:module:{}", course_iri(course), m.id),
        None => format!("{}:course", course_iri(course)),
    }
}

fn au(x: &mut String, course: &Course, unit: &Unit, indent: &str) {
    // The AU reports completed when every module in it is complete and passed when
    // every quiz in it is passed; without a quiz there is nothing to pass.
    let move_on = if unit.has_quiz(course) {
        "CompletedAndPassed"
    } else {
        "Completed"
    };
    let _ = writeln!(
        x,
        r#"{indent}<au id="{}" moveOn="{move_on}" launchMethod="AnyWindow">"#,
        esc(&au_id(course, unit))
    );
    let inner = format!("{indent}  ");
    texts(
        x,
        &inner,
        &course.config.language,
        unit.title,
        unit.description.unwrap_or(unit.title),
    );
    let url = format!("{LAUNCH_PAGE}{}", unit.parameters().unwrap_or_default());
    let _ = writeln!(x, "{inner}<url>{}</url>", esc(&url));
    let _ = writeln!(x, "{indent}</au>");
}

fn texts(x: &mut String, indent: &str, lang: &str, title: &str, description: &str) {
    for (element, text) in [("title", title), ("description", description)] {
        let _ = writeln!(
            x,
            r#"{indent}<{element}><langstring lang="{}">{}</langstring></{element}>"#,
            esc(lang),
            esc(text)
        );
    }
}
