//! Download cards: what a card says of its file (name, type, size) and the cards for the
//! files a module's front matter lists (`downloads = [...]`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Context;
use super::media::extension;
use crate::diagnostics::Diagnostic;
use crate::html::escape;
use crate::model::{AssetFacts, is_trainer_asset};
use crate::url;

/// `raci.csv · CSV · 526 B`: what a download card says of its file.
pub(super) fn download_meta(asset: &Path, facts: Option<&AssetFacts>) -> String {
    let name = asset
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let ext = extension(asset);
    let kind = match ext.as_str() {
        "md" | "markdown" => "Markdown".to_string(),
        "" => "file".to_string(),
        other => other.to_ascii_uppercase(),
    };
    let mut meta = format!("{} · {kind}", escape(&name));
    if let Some(facts) = facts {
        meta.push_str(" · ");
        meta.push_str(&size(facts.bytes));
    }
    meta
}

/// Bytes as people read them: `526 B`, `8.1 KB`, `37 KB`, `2.4 MB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Precision does not matter for a label: u64 -> f64 is exact up to 2^53 bytes.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// Download cards for the files a module's front matter lists (`downloads = [...]`), as
/// seen from `page`; a file that is not under `assets/` is reported at `span`.
pub fn download_list(
    files: &[String],
    cx: &Context,
    span: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let mut items = String::new();
    for file in files {
        let path = PathBuf::from(file.trim_start_matches("./"));
        if !cx.targets.assets.contains(&path) {
            let names = cx.targets.asset_urls();
            diagnostics.push(
                Diagnostic::error(
                    cx.file,
                    span.clone(),
                    format!("the download `{file}` does not exist{}", crate::suggest::did_you_mean(file, names.iter().map(String::as_str))),
                )
                .with_help("list files under `assets/` by their path from the course folder, like `downloads = [\"assets/templates/plan.xlsx\"]`"),
            );
            continue;
        }
        if is_trainer_asset(&cx.targets.trainer_assets, &path) {
            diagnostics.push(super::links::trainer_asset_link(file, span, cx));
        }
        let href = url::relative(cx.page, &url::path_to_url(&path));
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        let title = stem.replace(['-', '_'], " ");
        let mut chars = title.chars();
        let title: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        items.push_str(&format!(
            "<li><a class=\"download\" href=\"{}\" download><span class=\"download-name\">{}</span> <span class=\"download-meta\">{}</span></a></li>\n",
            escape(&href),
            escape(&title),
            download_meta(&path, cx.targets.facts.get(&path))
        ));
    }
    (!items.is_empty()).then(|| format!("<ul class=\"downloads\">\n{items}</ul>\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size(526), "526 B");
        assert_eq!(size(8306), "8.1 KB");
        assert_eq!(size(37_778), "37 KB");
        assert_eq!(size(2_500_000), "2.4 MB");
    }
}
