//! `[offline]` in course.toml: `max_precache`, the size up to which the site is saved for
//! offline use without asking; above it the learner is offered the choice.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// What a course gets without `max_precache`: 5 MB.
pub const DEFAULT_MAX_PRECACHE: u64 = 5_000_000;

const HELP: &str = "write a size like `max_precache = \"5 MB\"` (B, kB, MB or GB; KiB, MiB or GiB) or a whole number of bytes like `max_precache = 5000000`; `0` always asks";

/// `[offline]`'s `max_precache` in bytes; a value that is not a size is an error at it.
pub(super) fn resolve(
    file: &Path,
    table: Option<toml::Table>,
    span: &dyn Fn(&str) -> std::ops::Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> u64 {
    let Some(table) = table else {
        return DEFAULT_MAX_PRECACHE;
    };
    for key in table
        .keys()
        .filter(|k| !crate::keys::known(crate::keys::OFFLINE, k))
    {
        diagnostics.push(super::unknown_in_table(
            file,
            span(key),
            "offline",
            key,
            &crate::keys::listed(crate::keys::OFFLINE),
        ));
    }
    let size = match table.get("max_precache") {
        None => return DEFAULT_MAX_PRECACHE,
        Some(toml::Value::Integer(n)) => u64::try_from(*n).ok(),
        Some(toml::Value::String(s)) => bytes(s),
        Some(_) => None,
    };
    size.unwrap_or_else(|| {
        let shown = table.get("max_precache").map(ToString::to_string);
        diagnostics.push(
            Diagnostic::error(
                file,
                span("max_precache"),
                format!("max_precache {} is not a size", shown.unwrap_or_default()),
            )
            .with_help(HELP),
        );
        DEFAULT_MAX_PRECACHE
    })
}

/// A size as an author writes it: `5 MB`, `512kB`, `1.5 MiB`, `800000` (bytes).
fn bytes(text: &str) -> Option<u64> {
    let text = text.trim();
    let unit_at = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(unit_at);
    let number: f64 = number.parse().ok()?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = (number * scale).round();
    // Up to 1 TB: anything larger is a typing mistake, and the cast below is exact.
    (number.is_finite() && bytes <= 1e12).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_decimal_and_binary_units() {
        assert_eq!(bytes("5 MB"), Some(5_000_000));
        assert_eq!(bytes("512kB"), Some(512_000));
        assert_eq!(bytes("1.5 MiB"), Some(1_572_864));
        assert_eq!(bytes("800000"), Some(800_000));
        assert_eq!(bytes("0"), Some(0));
        for bad in [
            "", "five MB", "5 MBs", "-1 MB", "1.2.3 MB", "1e9", "99999 GB",
        ] {
            assert_eq!(bytes(bad), None, "{bad}");
        }
    }
}
