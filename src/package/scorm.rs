//! `imsmanifest.xml` for SCORM 1.2 and SCORM 2004 4th edition, and the schema files
//! each edition expects beside it. The two share the IMS content packaging structure
//! (organization, items, resources with every file); they differ in namespaces, the
//! spelling of `scormtype`, the metadata version and 2004's sequencing.

use std::fmt::Write;

use super::{Unit, esc, xml_id};
use crate::model::Course;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Scorm12,
    Scorm2004,
}

macro_rules! schemas {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("schemas/", $dir, "/", $name)).as_slice())),*]
    };
}

/// The XML schemas a SCORM 1.2 package carries, as ADL publishes them.
pub const SCHEMAS_12: &[(&str, &[u8])] = schemas!("scorm12":
    "adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd");

/// The XML schemas a SCORM 2004 4th edition package carries, as ADL publishes them.
pub const SCHEMAS_2004: &[(&str, &[u8])] = schemas!("scorm2004":
    "XMLSchema.dtd", "adlcp_v1p3.xsd", "adlnav_v1p3.xsd", "adlseq_v1p3.xsd", "datatypes.dtd",
    "imscp_v1p1.xsd", "imsss_v1p0.xsd", "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd",
    "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd", "imsss_v1p0objective.xsd",
    "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd", "xml.xsd");

impl Edition {
    pub fn schemas(self) -> &'static [(&'static str, &'static [u8])] {
        match self {
            Edition::Scorm12 => SCHEMAS_12,
            Edition::Scorm2004 => SCHEMAS_2004,
        }
    }

    fn root_attributes(self) -> &'static str {
        match self {
            Edition::Scorm12 => concat!(
                r#"xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" "#,
                r#"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" "#,
                r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
                r#"xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "#,
                r#"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "#,
                r#"http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd""#
            ),
            Edition::Scorm2004 => concat!(
                r#"xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" "#,
                r#"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" "#,
                r#"xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" "#,
                r#"xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" "#,
                r#"xmlns:imsss="http://www.imsglobal.org/xsd/imsss" "#,
                r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
                r#"xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "#,
                r#"http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "#,
                r#"http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "#,
                r#"http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "#,
                r#"http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd""#
            ),
        }
    }

    fn schema_version(self) -> &'static str {
        match self {
            Edition::Scorm12 => "1.2",
            Edition::Scorm2004 => "2004 4th Edition",
        }
    }

    fn scorm_type(self) -> &'static str {
        match self {
            Edition::Scorm12 => "adlcp:scormtype",
            Edition::Scorm2004 => "adlcp:scormType",
        }
    }
}

/// The manifest for `units` (one SCO each), listing every file of `content` (the
/// package's files other than the manifest and its schemas).
pub fn manifest(edition: Edition, course: &Course, units: &[Unit], content: &[&str]) -> String {
    let org = xml_id("org", &course.config.id);
    let mut x = String::with_capacity(256 + content.len() * 48);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        r#"<manifest identifier="{}" version="1.0" {}>"#,
        xml_id("coursemark", &course.config.id),
        edition.root_attributes()
    );
    let _ = writeln!(
        x,
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>{}</schemaversion>\n  </metadata>",
        edition.schema_version()
    );
    let _ = writeln!(x, r#"  <organizations default="{org}">"#);
    let _ = writeln!(x, r#"    <organization identifier="{org}">"#);
    let _ = writeln!(x, "      <title>{}</title>", esc(&course.config.title));
    let per_module = units.iter().any(|u| u.module.is_some());
    if per_module {
        // Items follow the course's parts, each module a SCO inside its part.
        for (i, part) in course.parts.iter().enumerate() {
            let _ = writeln!(
                x,
                r#"      <item identifier="{}">"#,
                xml_id("part", &part.dir)
            );
            let _ = writeln!(x, "        <title>{}</title>", esc(&part.title));
            for unit in units.iter().filter(|u| u.part == i) {
                item(&mut x, unit, "        ");
            }
            x.push_str("      </item>\n");
        }
    } else {
        for unit in units {
            item(&mut x, unit, "      ");
        }
    }
    if edition == Edition::Scorm2004 && per_module {
        // Let the learner move through the modules in order as well as choose one.
        x.push_str("      <imsss:sequencing>\n        <imsss:controlMode choice=\"true\" flow=\"true\"/>\n      </imsss:sequencing>\n");
    }
    x.push_str("    </organization>\n  </organizations>\n  <resources>\n");
    let scorm_type = edition.scorm_type();
    if per_module {
        // Every SCO launches the same page; the site's files are one shared asset.
        for unit in units {
            let _ = writeln!(
                x,
                r#"    <resource identifier="{}" type="webcontent" {scorm_type}="sco" href="{}">"#,
                resource_id(unit),
                super::LAUNCH_PAGE
            );
            let _ = writeln!(x, r#"      <file href="{}"/>"#, super::LAUNCH_PAGE);
            x.push_str("      <dependency identifierref=\"site\"/>\n    </resource>\n");
        }
        let _ = writeln!(
            x,
            r#"    <resource identifier="site" type="webcontent" {scorm_type}="asset">"#
        );
    } else if let Some(unit) = units.first() {
        let _ = writeln!(
            x,
            r#"    <resource identifier="{}" type="webcontent" {scorm_type}="sco" href="{}">"#,
            resource_id(unit),
            super::LAUNCH_PAGE
        );
    }
    for path in content {
        let _ = writeln!(x, r#"      <file href="{}"/>"#, esc(&href(path)));
    }
    x.push_str("    </resource>\n  </resources>\n</manifest>\n");
    x
}

fn item(x: &mut String, unit: &Unit, indent: &str) {
    let parameters = unit
        .parameters()
        .map(|p| format!(r#" parameters="{}""#, esc(&p)))
        .unwrap_or_default();
    let _ = writeln!(
        x,
        r#"{indent}<item identifier="{}" identifierref="{}"{parameters}>"#,
        xml_id("item", &unit.id),
        resource_id(unit)
    );
    let _ = writeln!(x, "{indent}  <title>{}</title>", esc(unit.title));
    let _ = writeln!(x, "{indent}</item>");
}

fn resource_id(unit: &Unit) -> String {
    xml_id("resource", &unit.id)
}

/// A file's path as a URL reference: characters outside the unreserved set and `/`
/// percent-encoded, as the manifest's `href` is a URI.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_percent_encoded() {
        assert_eq!(href("assets/a b/ü.svg"), "assets/a%20b/%C3%BC.svg");
        assert_eq!(href("modules/why-ocs.html"), "modules/why-ocs.html");
    }
}
