//! How the course folder's names read: parts, modules, their order and hidden files.

/// Whether a folder of the course is a part: its name starts with a number, as the
/// authoring guide says (`01-foundations`).
pub fn is_part_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_digit())
}

/// A Markdown file by its extension, in any case (`.md`, `.MD`, `.Md`).
pub fn is_markdown(name: &str) -> bool {
    name.len() > 3
        && name.is_char_boundary(name.len() - 3)
        && name[name.len() - 3..].eq_ignore_ascii_case(".md")
}

/// Orders `2-b` before `10-a`: by numeric prefix, then by name; unnumbered last.
pub(super) fn order_key(name: &str) -> (u64, String) {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u64::MAX), name.to_string())
}

/// The name without its numeric prefix and extension: `01-why-ocs.md` gives `why-ocs`.
pub fn strip_prefix(name: &str) -> &str {
    let stem = if is_markdown(name) {
        &name[..name.len() - 3]
    } else {
        name
    };
    let rest = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() < stem.len() {
        let rest = rest.trim_start_matches(['-', '_', '.', ' ']);
        if !rest.is_empty() {
            return rest;
        }
    }
    stem
}

/// Dot files and editors' backup and lock files, never course content.
pub(super) fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}
