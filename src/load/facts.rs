//! What the pages say about an asset without reading it again: its size in bytes and,
//! for an image, its width and height (so the page reserves its box: no layout shift).

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::AssetFacts;

/// Bytes read from a raster image for its header; the formats we read keep their size
/// well inside this (JPEG's can follow metadata, which is read up to this much).
const HEADER: u64 = 256 * 1024;

/// The facts of every asset under `root`; one that cannot be read has none (it is
/// copied or reported elsewhere).
pub fn read(root: &Path, assets: &[PathBuf]) -> HashMap<PathBuf, AssetFacts> {
    assets
        .par_iter()
        .filter_map(|a| facts(&root.join(a)).map(|f| (a.clone(), f)))
        .collect()
}

fn facts(path: &Path) -> Option<AssetFacts> {
    let bytes = fs::metadata(path).ok()?.len();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let dimensions = match ext.as_deref() {
        Some("svg") => fs::read_to_string(path).ok().and_then(|t| svg_size(&t)),
        Some("png" | "jpg" | "jpeg" | "gif" | "webp") => {
            let mut head = Vec::new();
            fs::File::open(path)
                .and_then(|f| f.take(HEADER).read_to_end(&mut head))
                .ok()?;
            imagesize::blob_size(&head)
                .ok()
                .and_then(|s| Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?)))
        }
        _ => None,
    };
    Some(AssetFacts { bytes, dimensions })
}

/// An SVG's size in CSS pixels: its `width` and `height` when they are plain numbers
/// (or `px`), else its `viewBox`'s; `None` when it has neither.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .ok()?;
    let root = doc.root_element();
    let px = |name: &str| {
        let value = root.attribute(name)?.trim();
        let number = value.strip_suffix("px").unwrap_or(value).trim();
        number.parse::<f64>().ok().filter(|n| *n > 0.0)
    };
    let (w, h) = match (px("width"), px("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let view: Vec<f64> = root
                .attribute("viewBox")?
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()
                .ok()?;
            match view[..] {
                [_, _, w, h] if w > 0.0 && h > 0.0 => (w, h),
                _ => return None,
            }
        }
    };
    // Pixel sizes of real diagrams fit in u32; rounding keeps the aspect ratio.
    let round = |n: f64| u32::try_from(n.round().min(f64::from(u32::MAX)) as i64).ok();
    Some((round(w)?, round(h)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_from_attributes_or_view_box() {
        let sized = r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="330" viewBox="0 0 10 10"/>"#;
        assert_eq!(svg_size(sized), Some((800, 330)));
        let px = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="40.4px"/>"#;
        assert_eq!(svg_size(px), Some((120, 40)));
        let relative =
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0,0,640 480"/>"#;
        assert_eq!(svg_size(relative), Some((640, 480)));
        assert_eq!(
            svg_size(r#"<svg xmlns="http://www.w3.org/2000/svg"/>"#),
            None
        );
        assert_eq!(svg_size("not xml <"), None);
    }

    #[test]
    fn raster_sizes_from_headers() {
        let dir = std::env::temp_dir().join(format!("cm-facts-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        // A 3 x 2 PNG: signature, then the IHDR chunk with width and height.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        fs::write(dir.join("a.png"), &png).unwrap();
        fs::write(dir.join("b.csv"), "a,b\n").unwrap();
        let found = read(
            &dir,
            &[
                PathBuf::from("a.png"),
                PathBuf::from("b.csv"),
                PathBuf::from("gone.png"),
            ],
        );
        assert_eq!(found[Path::new("a.png")].dimensions, Some((3, 2)));
        assert_eq!(
            found[Path::new("b.csv")],
            AssetFacts {
                bytes: 4,
                dimensions: None
            }
        );
        assert!(!found.contains_key(Path::new("gone.png")));
        fs::remove_dir_all(dir).unwrap();
    }
}
