//! The repository itself: what a fresh clone needs to know and gets from Cargo.toml.

use std::fs;

fn read(name: &str) -> String {
    fs::read_to_string(format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn manifest() -> toml::Table {
    read("Cargo.toml").parse().expect("Cargo.toml parses")
}

/// The release binary carries no debug info (it made the binary 52 MB); benches and the
/// profiling profile keep line tables.
#[test]
fn release_has_no_debug_info_and_profiling_keeps_it() {
    let m = manifest();
    let profile = |name: &str| m.get("profile").and_then(|p| p.get(name));
    let debug_of = |name: &str| profile(name).and_then(|p| p.get("debug")).cloned();
    let none = |v: &Option<toml::Value>| match v {
        None => true,
        Some(toml::Value::Boolean(b)) => !b,
        Some(toml::Value::Integer(n)) => *n == 0,
        Some(toml::Value::String(s)) => s == "none",
        Some(_) => false,
    };
    assert!(
        none(&debug_of("release")),
        "release has debug info: {:?}",
        debug_of("release")
    );
    assert!(!none(&debug_of("bench")), "benches lose their line tables");
    let profiling = profile("profiling").expect("a `profiling` profile");
    assert_eq!(
        profiling.get("inherits").and_then(|v| v.as_str()),
        Some("release")
    );
    assert!(!none(&debug_of("profiling")));
}

/// `rust-version` is set, and the README's prerequisites say the same version, the C
/// compiler mimalloc needs and how long a first build takes.
#[test]
fn rust_version_and_prerequisites_are_stated() {
    let m = manifest();
    let version = m["package"]
        .get("rust-version")
        .and_then(|v| v.as_str())
        .expect("rust-version in Cargo.toml")
        .to_string();
    let readme = read("README.md");
    let prerequisites = readme
        .split("## Prerequisites")
        .nth(1)
        .expect("a Prerequisites section in the README")
        .split("\n## ")
        .next()
        .unwrap();
    assert!(
        prerequisites.contains(&format!("Rust {version}")),
        "the README names Rust {version}: {prerequisites}"
    );
    assert!(prerequisites.contains("C compiler"), "{prerequisites}");
    assert!(prerequisites.contains("first build"), "{prerequisites}");
}

/// Cargo builds only `tests/suite.rs` (`autotests = false`), so a test file that it does
/// not declare would never be compiled or run.
#[test]
fn every_test_file_is_in_the_suite() {
    let suite = read("tests/suite.rs");
    let declared: Vec<&str> = suite
        .lines()
        .filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let dir = format!("{}/tests", env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(module) = name.strip_suffix(".rs")
            && module != "suite"
            && !declared.contains(&module)
        {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "tests/suite.rs does not declare {missing:?}: add `mod NAME;` for each"
    );
    let manifest = manifest();
    let targets = manifest["test"].as_array().expect("[[test]] in Cargo.toml");
    assert_eq!(targets.len(), 1, "one integration-test binary");
    assert_eq!(targets[0]["path"].as_str(), Some("tests/suite.rs"));
    assert_eq!(manifest["package"]["autotests"].as_bool(), Some(false));
}
