//! URL rules: where each page of the site goes, relative URLs between output files, and
//! course-relative source paths.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// The output page of a module, relative to the site root.
pub fn module_page(id: &str) -> String {
    format!("modules/{id}.html")
}

/// The handout of the `part`th part (from 0), for a course too large for one handout.
pub fn part_handout(part: usize) -> String {
    format!("print-{}.html", part + 1)
}

/// The URL of output file `to` as seen from output page `from` (both relative to the
/// site root, with `/` separators), so the site works under any sub-path and from disk.
pub fn relative(from: &str, to: &str) -> String {
    // The usual case, one page to another in the same folder, without splitting paths.
    if let (Some((from_dir, _)), Some((to_dir, name))) =
        (from.rsplit_once('/'), to.rsplit_once('/'))
        && from_dir == to_dir
    {
        return name.to_string();
    }
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut url = "../".repeat(from_dirs.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    url
}

/// Joins a relative link to the folder of `file` and removes `.` and `..`; `None` when the
/// result would leave the course folder.
pub fn resolve(file: &Path, link: &str) -> Option<PathBuf> {
    let base = file.parent().unwrap_or(Path::new(""));
    let mut parts: Vec<Cow<str>> = base
        .components()
        .filter_map(|c| match c {
            Component::Normal(c) => Some(c.to_string_lossy()),
            _ => None,
        })
        .collect();
    for piece in link.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(Cow::Borrowed(other)),
        }
    }
    Some(parts.iter().map(|p| p.as_ref()).collect())
}

/// A course-relative path as a URL path with `/` separators.
pub fn path_to_url(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Decodes `%XX` escapes so `my%20file.png` finds `my file.png`; `None` for a bad
/// escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a link leaves the site (a scheme such as `https:` or `mailto:`, or `//host`).
pub fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && url[..i].find(['/', '#', '?']).is_none()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative("index.html", "modules/a.html"), "modules/a.html");
        assert_eq!(relative("modules/a.html", "modules/b.html"), "b.html");
        assert_eq!(relative("modules/a.html", "index.html"), "../index.html");
        assert_eq!(
            relative("modules/a.html", "assets/x/y.png"),
            "../assets/x/y.png"
        );
        assert_eq!(relative("a/b/c.html", "a/d.html"), "../d.html");
    }

    #[test]
    fn resolve_stays_inside() {
        let f = Path::new("01-part/02-mod.md");
        assert_eq!(
            resolve(f, "../assets/x.png"),
            Some(PathBuf::from("assets/x.png"))
        );
        assert_eq!(
            resolve(f, "03-b.md"),
            Some(PathBuf::from("01-part/03-b.md"))
        );
        assert_eq!(resolve(f, "../../etc/passwd"), None);
        assert_eq!(
            resolve(Path::new("index.md"), "./a/b.md"),
            Some(PathBuf::from("a/b.md"))
        );
    }

    #[test]
    fn externals_and_decoding() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("../a.md#x:y"));
        assert!(!is_external("a.md"));
        assert_eq!(
            percent_decode("my%20file.png").as_deref(),
            Some("my file.png")
        );
        assert_eq!(percent_decode("100%"), None);
        assert_eq!(percent_decode("%zz"), None);
    }
}
