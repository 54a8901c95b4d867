//! Images, video, audio and downloads: `![alt](assets/x.png "caption")` becomes a figure
//! with the image's size (no layout shift) and a dark-mode variant, `![alt](assets/clip.mp4)`
//! a video with its captions, and a link to a file such as `assets/x.csv` a download card.
//! Runs after links are resolved, so URLs here are relative to the page.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Tag, TagEnd};

use super::downloads::download_meta;
use super::{Context, Spanned};
use crate::diagnostics::Diagnostic;
use crate::html::escape;

use crate::url;

const IMAGES: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif"];
const VIDEOS: [&str; 4] = ["mp4", "webm", "ogv", "mov"];
const AUDIO: [&str; 5] = ["mp3", "ogg", "oga", "wav", "m4a"];
/// Files a link opens as a page rather than downloads.
const PAGES: [&str; 2] = ["html", "htm"];

/// What a file under `assets/` is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Video,
    Audio,
    Page,
    Download,
}

fn kind(path: &Path) -> Kind {
    let ext = extension(path);
    let is = |list: &[&str]| list.contains(&ext.as_str());
    if is(&IMAGES) {
        Kind::Image
    } else if is(&VIDEOS) {
        Kind::Video
    } else if is(&AUDIO) {
        Kind::Audio
    } else if is(&PAGES) {
        Kind::Page
    } else {
        Kind::Download
    }
}

pub(super) fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The course file a page-relative URL (as `links` wrote it) points at, if it is an asset.
fn asset_of(url: &str, cx: &Context) -> Option<PathBuf> {
    if url::is_external(url) {
        return None;
    }
    let path = url.split(['#', '?']).next()?;
    let target = url::resolve(Path::new(cx.page), path)?;
    cx.targets.assets.contains(&target).then_some(target)
}

/// Rewrites the images, media and download links of one run of events (see the module
/// doc). `images` counts the page's images placed so far: the first loads at once, the
/// others when they come near the screen, and each figure's zoom view gets its own id.
pub(super) fn rewrite<'a>(
    events: &mut Vec<Spanned<'a>>,
    cx: &Context,
    images: &mut usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut rest = std::mem::take(events).into_iter().peekable();
    while let Some((event, span)) = rest.next() {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let mut alt = String::new();
                let mut depth = 0usize;
                for (inner, _) in rest.by_ref() {
                    match inner {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) if depth == 0 => break,
                        Event::End(TagEnd::Image) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        Event::SoftBreak | Event::HardBreak => alt.push(' '),
                        _ => {}
                    }
                }
                let media = Media {
                    url: &dest_url,
                    alt: alt.trim(),
                    caption: title.trim(),
                    asset: asset_of(&dest_url, cx),
                };
                // Alone in its paragraph, it is a figure in place of the paragraph.
                let alone = matches!(out.last(), Some((Event::Start(Tag::Paragraph), _)))
                    && matches!(rest.peek(), Some((Event::End(TagEnd::Paragraph), _)));
                let html = media.html(cx, alone, images, &span, diagnostics);
                if alone {
                    let (_, start) = out.pop().unwrap_or((Event::Text("".into()), span.clone()));
                    let end = rest.next().map_or(span.end, |(_, r)| r.end);
                    out.push((Event::Html(html.into()), start.start..end));
                } else {
                    out.push((Event::InlineHtml(html.into()), span));
                }
            }
            Event::Start(Tag::Link { ref dest_url, .. })
                if asset_of(dest_url, cx).is_some_and(|a| kind(&a) == Kind::Download) =>
            {
                let asset = asset_of(dest_url, cx).unwrap_or_default();
                let open = format!(
                    "<a class=\"download\" href=\"{}\" download><span class=\"download-name\">",
                    escape(dest_url)
                );
                out.push((Event::InlineHtml(open.into()), span));
                let mut depth = 0usize;
                for (inner, at) in rest.by_ref() {
                    match inner {
                        Event::Start(Tag::Link { .. }) => depth += 1,
                        Event::End(TagEnd::Link) if depth == 0 => {
                            let close = format!(
                                "</span> <span class=\"download-meta\">{}</span></a>",
                                download_meta(&asset, cx.targets.facts.get(&asset))
                            );
                            out.push((Event::InlineHtml(close.into()), at));
                            break;
                        }
                        Event::End(TagEnd::Link) => depth -= 1,
                        _ => {}
                    }
                    out.push((inner, at));
                }
            }
            other => out.push((other, span)),
        }
    }
    *events = out;
}

/// An image or media file as the author placed it.
struct Media<'u> {
    url: &'u str,
    alt: &'u str,
    caption: &'u str,
    asset: Option<PathBuf>,
}

impl Media<'_> {
    fn html(
        &self,
        cx: &Context,
        block: bool,
        images: &mut usize,
        span: &Range<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        // By the URL's extension, so an image from elsewhere is an image too.
        let kind = match kind(Path::new(self.url.split(['#', '?']).next().unwrap_or(""))) {
            Kind::Video => Kind::Video,
            Kind::Audio => Kind::Audio,
            _ => Kind::Image,
        };
        if self.alt.is_empty() {
            diagnostics.push(
                Diagnostic::warning(cx.file, span.clone(), "this image has no alt text")
                    .with_help("describe it between the brackets, like `![The eight steps of the pathway](...)`: screen readers read it in place of the image"),
            );
        }
        let inner = match kind {
            Kind::Video | Kind::Audio => self.player(kind, cx, span, diagnostics),
            _ => {
                *images += 1;
                self.image(cx, *images == 1, !block)
            }
        };
        if !block {
            return inner;
        }
        let class = match kind {
            Kind::Video | Kind::Audio => "figure media",
            _ if self.is_svg() => "figure diagram",
            _ => "figure",
        };
        let dark = if self.dark_variant(cx).is_some() {
            " has-dark"
        } else {
            ""
        };
        let caption = match (kind, self.caption) {
            (Kind::Video | Kind::Audio, "") => self.alt,
            (_, caption) => caption,
        };
        let mut html = match kind {
            Kind::Video | Kind::Audio => format!("<figure class=\"{class}\">{inner}"),
            // An image without alt text is left out by screen readers, so a button around
            // it would be one with no name: it shows without a zoom view.
            _ if self.alt.is_empty() => format!("<figure class=\"{class}{dark}\">{inner}"),
            // Tap to zoom, without a script: the image is a button showing a popover with
            // the image at full width, which a tap, Esc or a tap outside closes; the
            // browser returns the focus to the button.
            _ => {
                let id = format!("zoom-{images}");
                let big = self.zoomed(cx);
                format!(
                    "<figure class=\"{class}{dark}\"><button type=\"button\" class=\"figure-image\" popovertarget=\"{id}\">{inner}</button><div class=\"zoom-view\" id=\"{id}\" popover><button type=\"button\" class=\"zoom-close\" popovertarget=\"{id}\" popovertargetaction=\"hide\" autofocus>{big}</button></div>"
                )
            }
        };
        if !caption.is_empty() {
            html.push_str(&format!("<figcaption>{}</figcaption>", escape(caption)));
        }
        html.push_str("</figure>\n");
        html
    }

    fn is_svg(&self) -> bool {
        self.asset.as_deref().is_some_and(|a| extension(a) == "svg")
    }

    /// `x.dark.svg` beside `x.svg`, as a URL relative to the page.
    fn dark_variant(&self, cx: &Context) -> Option<String> {
        let asset = self.asset.as_deref().filter(|_| self.is_svg())?;
        let dark = asset.with_extension("dark.svg");
        cx.targets.assets.contains(&dark).then(|| {
            let name = dark
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            match self.url.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{name}"),
                None => name.into_owned(),
            }
        })
    }

    /// `<img>` with its size, lazy unless it is the page's first, with the title as a
    /// tooltip when no caption shows it.
    fn image(&self, cx: &Context, first: bool, titled: bool) -> String {
        let mut rest = format!(" alt=\"{}\"", escape(self.alt));
        if titled && !self.caption.is_empty() {
            rest.push_str(&format!(" title=\"{}\"", escape(self.caption)));
        }
        let facts = self.asset.as_ref().and_then(|a| cx.targets.facts.get(a));
        if let Some((w, h)) = facts.and_then(|f| f.dimensions) {
            rest.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if !first {
            rest.push_str(" loading=\"lazy\"");
        }
        rest.push_str(" decoding=\"async\">");
        self.picture(cx, &rest)
    }

    /// The image as the zoom view shows it: loaded only when the view opens.
    fn zoomed(&self, cx: &Context) -> String {
        self.picture(
            cx,
            &format!(" alt=\"{}\" loading=\"lazy\">", escape(self.alt)),
        )
    }

    /// The `<img>` (`rest` is the tag after its `src`) and, when there is a dark variant,
    /// a second one of it: the style sheet shows the one of the page's scheme, the
    /// learner's choice or else the system's, which a `<picture>`'s media query could not
    /// follow. Past the page's first image both are lazy, so only the one shown is
    /// loaded; the first is never lazy, so it loads both.
    fn picture(&self, cx: &Context, rest: &str) -> String {
        let src = escape(self.url);
        match self.dark_variant(cx) {
            Some(dark) => {
                format!(
                    "<img class=\"if-light\" src=\"{src}\"{rest}<img class=\"if-dark\" src=\"{}\"{rest}",
                    escape(&dark)
                )
            }
            None => format!("<img src=\"{src}\"{rest}"),
        }
    }

    /// `<video>` or `<audio>` with controls and a captions track for each `.vtt` beside it.
    fn player(
        &self,
        kind: Kind,
        cx: &Context,
        span: &Range<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let tag = if kind == Kind::Video {
            "video"
        } else {
            "audio"
        };
        let mut html = format!(
            "<{tag} controls preload=\"metadata\" src=\"{}\"",
            escape(self.url)
        );
        if !self.alt.is_empty() {
            html.push_str(&format!(" aria-label=\"{}\"", escape(self.alt)));
        }
        html.push('>');
        let tracks = self
            .asset
            .as_deref()
            .map(|a| captions(a, cx))
            .unwrap_or_default();
        if let (Some(asset), true) = (&self.asset, tracks.is_empty()) {
            let stem = asset
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::warning(
                    cx.file,
                    span.clone(),
                    format!("the {tag} `{}` has no captions", url::path_to_url(asset)),
                )
                .with_help(format!("put WebVTT captions beside it, as `{stem}.vtt` (or `{stem}.en.vtt` for each language): learners who cannot hear it read them")),
            );
        }
        let dir = self.url.rsplit_once('/').map_or("", |(d, _)| d);
        for (i, (name, lang)) in tracks.iter().enumerate() {
            let src = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            html.push_str(&format!(
                "<track kind=\"captions\" src=\"{}\"",
                escape(&src)
            ));
            if let Some(lang) = lang {
                let lang = escape(lang);
                html.push_str(&format!(" srclang=\"{lang}\" label=\"{lang}\""));
            }
            if i == 0 {
                html.push_str(" default");
            }
            html.push('>');
        }
        html.push_str(&format!("</{tag}>"));
        html
    }
}

/// The captions beside `media`: `clip.vtt`, and `clip.LANG.vtt` with its language, sorted.
fn captions(media: &Path, cx: &Context) -> Vec<(String, Option<String>)> {
    let (Some(dir), Some(stem)) = (media.parent(), media.file_stem()) else {
        return Vec::new();
    };
    let stem = stem.to_string_lossy();
    let mut found: Vec<(String, Option<String>)> = cx
        .targets
        .assets
        .iter()
        .filter(|a| a.parent() == Some(dir))
        .filter_map(|a| {
            let name = a.file_name()?.to_string_lossy().into_owned();
            let middle = name.strip_prefix(stem.as_ref())?.strip_suffix(".vtt")?;
            let lang = match middle {
                "" => None,
                m => Some(m.strip_prefix('.')?.to_string()).filter(|l| !l.contains('.')),
            };
            (middle.is_empty() || lang.is_some()).then_some((name, lang))
        })
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind(Path::new("assets/a.SVG")), Kind::Image);
        assert_eq!(kind(Path::new("assets/a.mp4")), Kind::Video);
        assert_eq!(kind(Path::new("assets/a.m4a")), Kind::Audio);
        assert_eq!(kind(Path::new("assets/a.html")), Kind::Page);
        assert_eq!(kind(Path::new("assets/a.xlsx")), Kind::Download);
        assert_eq!(kind(Path::new("assets/kit/notes.markdown")), Kind::Download);
    }
}
