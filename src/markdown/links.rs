//! Links in a body: module links become page URLs, asset links become relative to the
//! page, external links stay; links to anchors are kept to check once every page is read.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::{AssetFacts, is_trainer_asset};
use crate::suggest;
use crate::url;
use crate::url::module_page;

/// What links may point at, shared by every page of a build.
#[derive(Default)]
pub struct LinkTargets {
    /// Source `.md` file (course-relative, as its bytes: they hash much faster than a
    /// `Path`) -> output page (site-relative).
    pub pages: HashMap<OsString, String>,
    /// Files under `assets/`, course-relative.
    pub assets: HashSet<PathBuf>,
    /// Media may come from other hosts (`allow_external` in course.toml).
    pub allow_external: bool,
    /// Assets only the trainer edition has (`trainer_assets` in course.toml): only
    /// trainer notes may link them.
    pub trainer_assets: Vec<PathBuf>,
    /// Their sizes, and images' width and height.
    pub facts: HashMap<PathBuf, AssetFacts>,
    /// Module id -> its source file, for `@id` links (the first module with an id).
    pub ids: HashMap<String, PathBuf>,
    /// The source files of drafts the site leaves out (none when it shows drafts):
    /// published pages may not link to them.
    pub drafts: HashSet<OsString>,
}

impl LinkTargets {
    /// Every asset's course-relative URL, the names a did-you-mean picks from.
    pub fn asset_urls(&self) -> Vec<String> {
        self.assets.iter().map(|a| url::path_to_url(a)).collect()
    }
}

/// A link to an anchor of a page, checked once every module is parsed.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    pub span: Range<usize>,
    /// The source file whose anchors must contain `anchor`.
    pub target: PathBuf,
    pub anchor: String,
}

/// Rewrites a link's destination for the output page. Module links (`../02-x/01-y.md#how`,
/// or by id: `@y#how`) become page URLs, asset links become relative to the page; external links stay.
pub fn resolve_link(
    dest: &str,
    span: &Range<usize>,
    cx: &Context,
    anchor_refs: &mut Vec<AnchorRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if dest.is_empty() || url::is_external(dest) {
        return None;
    }
    if let Some(by_id) = dest.strip_prefix('@') {
        return module_by_id(by_id, span, cx, anchor_refs, diagnostics);
    }
    if dest.starts_with('/') {
        diagnostics.push(
            Diagnostic::warning(cx.file, span.clone(), format!("link `{dest}` starts with `/`"))
                .with_help("write it relative to this file, like `../assets/x.png`, so the site works under any sub-path"),
        );
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        if let Some(anchor) = anchor {
            anchor_refs.push(AnchorRef {
                span: span.clone(),
                target: cx.file.to_path_buf(),
                anchor: anchor.to_string(),
            });
        }
        return None;
    }
    let decoded = match path.contains('%') {
        true => url::percent_decode(path).map_or(Cow::Borrowed(path), Cow::Owned),
        false => Cow::Borrowed(path),
    };
    let Some(target) = url::resolve(cx.file, &decoded) else {
        diagnostics.push(
            Diagnostic::error(
                cx.file,
                span.clone(),
                format!("link `{dest}` points outside the course folder"),
            )
            .with_help("link to modules and to files under `assets/` only"),
        );
        return None;
    };
    if let Some(page) = cx.targets.pages.get(target.as_os_str()) {
        let link = ModuleLink {
            target: &target,
            page,
            anchor,
        };
        return Some(link.url(span, cx, anchor_refs, diagnostics));
    }
    // Checked before the `.md` rule: a Markdown file under `assets/` is a download
    // (a handout, a template), not a module.
    if cx.targets.assets.contains(&target) {
        if !cx.in_trainer_note && is_trainer_asset(&cx.targets.trainer_assets, &target) {
            diagnostics.push(trainer_asset_link(dest, span, cx));
        }
        let mut out = url::relative(cx.page, &url::path_to_url(&target));
        if let Some(anchor) = anchor {
            out.push('#');
            out.push_str(anchor);
        }
        return Some(out);
    }
    diagnostics.push(unknown_target(dest, &target, span, cx));
    None
}

/// The error for a link to neither a module nor an asset: a module's page (`x.html`), a
/// module that does not exist, or a missing file.
fn unknown_target(dest: &str, target: &Path, span: &Range<usize>, cx: &Context) -> Diagnostic {
    // Module links as the author would write them from this file: `02-b.md` in the
    // same part, `../02-part/01-a.md` in another.
    let here = cx.file.parent().unwrap_or(Path::new(""));
    let as_link = |source: &Path| match source.strip_prefix(here) {
        Ok(same) if !here.as_os_str().is_empty() => same.display().to_string(),
        _ => format!("../{}", url::path_to_url(source)),
    };
    let modules = || {
        cx.targets
            .pages
            .iter()
            .map(|(source, page)| (Path::new(source), page))
    };
    if let Some(stem) = target.to_str().and_then(|t| t.strip_suffix(".html")) {
        let name = stem.rsplit('/').next().unwrap_or(stem);
        if let Some((source, _)) = modules().find(|(_, page)| **page == module_page(name)) {
            return Diagnostic::error(
                cx.file,
                span.clone(),
                format!(
                    "link to `{dest}`: link the module's Markdown file, `{}`, not its page",
                    as_link(source)
                ),
            )
            .with_help(
                "coursemark turns links to `.md` files into links to their pages, and checks them",
            );
        }
    }
    if target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    {
        let links: Vec<String> = modules().map(|(source, _)| as_link(source)).collect();
        let typed = as_link(target);
        return Diagnostic::error(
            cx.file,
            span.clone(),
            format!(
                "link to `{dest}`: there is no module `{}`{}",
                target.display(),
                suggest::did_you_mean(&typed, links.iter().map(String::as_str))
            ),
        )
        .with_help("check the file name and its numeric prefix; links are relative to this file");
    }
    missing_file(dest, target, span, cx)
}

/// An `@id` or `@id#anchor` link: the module with that id, wherever its file is.
fn module_by_id(
    by_id: &str,
    span: &Range<usize>,
    cx: &Context,
    anchor_refs: &mut Vec<AnchorRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let (id, anchor) = match by_id.split_once('#') {
        Some((id, a)) => (id, Some(a)),
        None => (by_id, None),
    };
    let found = cx.targets.ids.get(id).and_then(|target| {
        let page = cx.targets.pages.get(target.as_os_str())?;
        Some((target, page))
    });
    let Some((target, page)) = found else {
        let ids = cx.targets.ids.keys().map(String::as_str);
        diagnostics.push(
            Diagnostic::error(
                cx.file,
                span.clone(),
                format!("link to `@{by_id}`: no module has the id `{id}`"),
            )
            .with_help(format!(
                "a module's id is the `id` of its front matter, or else its file name without the numeric prefix{}",
                suggest::closest(id, ids).map_or(String::new(), |c| format!("; did you mean `@{c}`?"))
            )),
        );
        return None;
    };
    let link = ModuleLink {
        target,
        page,
        anchor,
    };
    Some(link.url(span, cx, anchor_refs, diagnostics))
}

/// A link to a module's page, by its file or its id.
struct ModuleLink<'a> {
    /// The module's source file.
    target: &'a Path,
    /// Its output page.
    page: &'a str,
    anchor: Option<&'a str>,
}

impl ModuleLink<'_> {
    /// The page's URL from the linking page; a link to an anchor is kept to check, and
    /// a published page's link to a draft the site leaves out is an error.
    fn url(
        self,
        span: &Range<usize>,
        cx: &Context,
        anchor_refs: &mut Vec<AnchorRef>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        if !cx.draft && cx.targets.drafts.contains(self.target.as_os_str()) {
            diagnostics.push(
                Diagnostic::error(
                    cx.file,
                    span.clone(),
                    format!(
                        "`{}` links to `{}`, a draft, which the site leaves out",
                        cx.file.display(),
                        self.target.display()
                    ),
                )
                .with_help("publish the draft (remove `draft = true` from its front matter) or remove the link; `build --drafts` and `serve` show drafts"),
            );
        }
        let mut out = if self.page == cx.page {
            String::new()
        } else {
            url::relative(cx.page, self.page)
        };
        if let Some(anchor) = self.anchor {
            anchor_refs.push(AnchorRef {
                span: span.clone(),
                target: self.target.to_path_buf(),
                anchor: anchor.to_string(),
            });
            out.push('#');
            out.push_str(anchor);
        }
        out
    }
}

/// A link from learners' text to an asset only the trainer edition has, which would be
/// missing from theirs.
pub fn trainer_asset_link(dest: &str, span: &Range<usize>, cx: &Context) -> Diagnostic {
    Diagnostic::error(cx.file, span.clone(), format!("`{dest}` is a trainer asset (`trainer_assets` in course.toml), but learners' text links it"))
        .with_help("move the link into a `::: trainer` note, or take the file out of `trainer_assets` if learners may have it")
}

/// A link to a file that is neither a module nor one of the course's assets.
fn missing_file(dest: &str, target: &Path, span: &Range<usize>, cx: &Context) -> Diagnostic {
    let help = if target.starts_with("assets") {
        let names = cx.targets.asset_urls();
        let typed = url::path_to_url(target);
        format!(
            "check the file name; files under `assets/` are copied as they are{}",
            crate::suggest::did_you_mean(&typed, names.iter().map(String::as_str))
        )
    } else {
        "put images and files under the course's `assets/` folder and link them from there".into()
    };
    Diagnostic::error(
        cx.file,
        span.clone(),
        format!(
            "link to `{dest}`: the file `{}` does not exist in assets/{}",
            target.display(),
            suggest::did_you_mean(
                &target.file_name().unwrap_or_default().to_string_lossy(),
                cx.targets
                    .assets
                    .iter()
                    .filter_map(|a| a.file_name()?.to_str())
            ),
        ),
    )
    .with_help(help)
}
