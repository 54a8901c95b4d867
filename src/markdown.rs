//! Markdown body -> trainer regions, heading ids, rewritten links, the five sections
//! and their blocks. pulldown-cmark does the parsing; this keeps offsets for errors.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::diagnostics::Diagnostic;
use crate::model::{Block, Section, SectionKind};
use crate::slug;
use crate::url;

/// One parsed piece of a body: a Markdown event with its byte span in the file, or a
/// whole trainer block.
#[derive(Debug, Clone)]
pub enum Item<'a> {
    Md(Event<'a>, Range<usize>),
    Trainer(Vec<Item<'a>>, Range<usize>),
}

/// A Markdown event with its byte span in the file.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// What links may point at, shared by every page of a build.
pub struct LinkTargets {
    /// Source `.md` file (course-relative, as its bytes: they hash much faster than a
    /// `Path`) -> output page (site-relative).
    pub pages: HashMap<OsString, String>,
    /// Files under `assets/`, course-relative.
    pub assets: HashSet<PathBuf>,
}

/// A link to an anchor of a page, checked once every module is parsed.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    pub span: Range<usize>,
    /// The source file whose anchors must contain `anchor`.
    pub target: PathBuf,
    pub anchor: String,
}

/// The page being parsed: its source file and output page, for links and errors.
pub struct Context<'a> {
    pub file: &'a Path,
    pub page: &'a str,
    pub targets: &'a LinkTargets,
}

/// A parsed body, before it is split into sections.
pub struct Body<'a> {
    pub items: Vec<Item<'a>>,
    /// Every heading id on the page.
    pub anchors: HashSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Parses `text` (found at byte `offset` of the file) into items with heading ids and
/// resolved links.
pub fn parse<'a>(
    text: &'a str,
    offset: usize,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Body<'a> {
    let mut chunks: Vec<(bool, Vec<Spanned<'a>>, Range<usize>)> = Vec::new();
    for chunk in split_trainer(text, offset, cx.file, diagnostics) {
        let piece = &text[chunk.range.start - offset..chunk.range.end - offset];
        // About one event per 12 bytes of prose: reserved once, not grown by copies.
        let mut events = Vec::with_capacity(piece.len() / 12 + 8);
        events.extend(
            Parser::new_ext(piece, options())
                .into_offset_iter()
                .map(|(e, r)| (e, r.start + chunk.range.start..r.end + chunk.range.start)),
        );
        chunks.push((chunk.trainer, events, chunk.outer));
    }
    let anchors = assign_heading_ids(chunks.iter_mut().flat_map(|c| c.1.iter_mut()));
    let mut anchor_refs = Vec::new();
    for (_, events, _) in &mut chunks {
        for (event, span) in events.iter_mut() {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
                && let Some(url) = resolve_link(dest_url, span, cx, &mut anchor_refs, diagnostics)
            {
                *dest_url = url.into();
            }
        }
    }
    let mut items = Vec::new();
    for (trainer, events, outer) in chunks {
        let md = events.into_iter().map(|(e, r)| Item::Md(e, r));
        if trainer {
            items.push(Item::Trainer(md.collect(), outer));
        } else {
            items.extend(md);
        }
    }
    Body {
        items,
        anchors,
        anchor_refs,
    }
}

struct Chunk {
    /// The Markdown to parse.
    range: Range<usize>,
    /// With the fence lines, for errors about the block.
    outer: Range<usize>,
    trainer: bool,
}

/// Finds trainer blocks (```` ```trainer ```` fences and `::: trainer` containers at the
/// start of a line) outside code, and cuts the body into plain and trainer chunks.
fn split_trainer(
    text: &str,
    offset: usize,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Chunk> {
    enum State {
        Plain,
        Code(char, usize),
        TrainerFence(char, usize, usize, usize),
        Container(usize, usize, Option<(char, usize)>, usize),
    }
    let mut chunks = Vec::new();
    let mut plain_start = 0;
    let mut state = State::Plain;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_end();
        let indent = trimmed.len() - trimmed.trim_start().len();
        let bare = trimmed.trim_start();
        state = match state {
            State::Plain => {
                if indent < 4
                    && let Some((c, n, info)) = fence_open(bare)
                {
                    if info == "trainer" {
                        push_plain(&mut chunks, plain_start, start, offset);
                        State::TrainerFence(c, n, start, pos)
                    } else {
                        State::Code(c, n)
                    }
                } else if indent == 0 && container_name(bare) == Some("trainer") {
                    push_plain(&mut chunks, plain_start, start, offset);
                    State::Container(start, pos, None, 1)
                } else {
                    State::Plain
                }
            }
            State::Code(c, n) => {
                if indent < 4 && fence_closes(bare, c, n) {
                    State::Plain
                } else {
                    State::Code(c, n)
                }
            }
            State::TrainerFence(c, n, open, inner) => {
                if indent < 4 && fence_closes(bare, c, n) {
                    chunks.push(Chunk {
                        range: offset + inner..offset + start,
                        outer: offset + open..offset + pos,
                        trainer: true,
                    });
                    plain_start = pos;
                    State::Plain
                } else {
                    State::TrainerFence(c, n, open, inner)
                }
            }
            State::Container(open, inner, Some((c, n)), depth) => {
                let code = if indent < 4 && fence_closes(bare, c, n) {
                    None
                } else {
                    Some((c, n))
                };
                State::Container(open, inner, code, depth)
            }
            State::Container(open, inner, None, depth) => {
                if indent < 4
                    && let Some((c, n, _)) = fence_open(bare)
                {
                    State::Container(open, inner, Some((c, n)), depth)
                } else if indent == 0 && bare == ":::" {
                    if depth == 1 {
                        chunks.push(Chunk {
                            range: offset + inner..offset + start,
                            outer: offset + open..offset + pos,
                            trainer: true,
                        });
                        plain_start = pos;
                        State::Plain
                    } else {
                        State::Container(open, inner, None, depth - 1)
                    }
                } else if indent == 0 && container_name(bare).is_some() {
                    State::Container(open, inner, None, depth + 1)
                } else {
                    State::Container(open, inner, None, depth)
                }
            }
        };
    }
    match state {
        State::TrainerFence(_, _, open, inner) | State::Container(open, inner, _, _) => {
            let first_line = text[open..].find('\n').map_or(text.len(), |i| open + i);
            diagnostics.push(
                Diagnostic::error(
                    file,
                    offset + open..offset + first_line,
                    "trainer block is never closed",
                )
                .with_help(
                    "end it with a line of just `:::` (or the closing fence of a ```trainer block)",
                ),
            );
            // Keep the rest out of the learner site rather than leak facilitator notes.
            chunks.push(Chunk {
                range: offset + inner..offset + text.len(),
                outer: offset + open..offset + text.len(),
                trainer: true,
            });
        }
        _ => push_plain(&mut chunks, plain_start, text.len(), offset),
    }
    chunks
}

fn push_plain(chunks: &mut Vec<Chunk>, start: usize, end: usize, offset: usize) {
    if end > start {
        chunks.push(Chunk {
            range: offset + start..offset + end,
            outer: offset + start..offset + end,
            trainer: false,
        });
    }
}

/// A fence line: its character, length and info word.
fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|x| *x == c).count();
    let info = line[n..].trim();
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((
        c,
        n,
        info.split_whitespace().next().unwrap_or(""),
    ))
}

fn fence_closes(line: &str, c: char, n: usize) -> bool {
    let run = line.chars().take_while(|x| *x == c).count();
    run >= n && line[run * c.len_utf8()..].trim().is_empty()
}

/// `::: trainer` gives `trainer`; `:::` alone gives `None`.
fn container_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(":::")?.trim_start_matches(':').trim();
    rest.split_whitespace().next()
}

/// Gives every heading an id: its `{#id}`, the section id its words name, or a unique
/// slug of its text. Returns all ids.
fn assign_heading_ids<'a, 'b>(
    events: impl Iterator<Item = &'b mut (Event<'a>, Range<usize>)>,
) -> HashSet<String>
where
    'a: 'b,
{
    let events: Vec<&mut (Event<'a>, Range<usize>)> = events.collect();
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut pending: Option<(usize, HeadingLevel, String)> = None;
    let mut assigned = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading {
                id: None, level, ..
            }) => pending = Some((i, *level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut pending {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, level, text)) = pending.take() {
                    let section = (level == HeadingLevel::H2)
                        .then(|| SectionKind::from_title(&text))
                        .flatten()
                        .filter(|k| !used.contains(k.id()));
                    let id = match section {
                        Some(kind) => {
                            used.insert(kind.id().to_string());
                            kind.id().to_string()
                        }
                        None => slug::unique(&slug::slugify(&text), &mut used),
                    };
                    assigned.push((at, id));
                }
            }
            _ => {}
        }
    }
    let mut events = events;
    for (at, new_id) in assigned {
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[at].0 {
            *id = Some(CowStr::from(new_id));
        }
    }
    used
}

/// Rewrites a link's destination for the output page. Module links (`../02-x/01-y.md#how`)
/// become page URLs, asset links become relative to the page; external links stay.
fn resolve_link(
    dest: &str,
    span: &Range<usize>,
    cx: &Context,
    anchor_refs: &mut Vec<AnchorRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if dest.is_empty() || url::is_external(dest) {
        return None;
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
        let mut out = if page == cx.page {
            String::new()
        } else {
            url::relative(cx.page, page)
        };
        if let Some(anchor) = anchor {
            anchor_refs.push(AnchorRef {
                span: span.clone(),
                target: target.clone(),
                anchor: anchor.to_string(),
            });
            out.push('#');
            out.push_str(anchor);
        }
        return Some(out);
    }
    // Checked before the `.md` rule: a Markdown file under `assets/` is a download
    // (a handout, a template), not a module.
    if cx.targets.assets.contains(&target) {
        let mut out = url::relative(cx.page, &url::path_to_url(&target));
        if let Some(anchor) = anchor {
            out.push('#');
            out.push_str(anchor);
        }
        return Some(out);
    }
    if target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    {
        diagnostics.push(
            Diagnostic::error(
                cx.file,
                span.clone(),
                format!(
                    "link to `{dest}`: there is no module `{}`",
                    target.display()
                ),
            )
            .with_help(
                "check the file name and its numeric prefix; links are relative to this file",
            ),
        );
        return None;
    }
    let help = if target.starts_with("assets") {
        "check the file name; files under `assets/` are copied as they are".to_string()
    } else {
        "put images and files under the course's `assets/` folder and link them from there"
            .to_string()
    };
    diagnostics.push(
        Diagnostic::error(
            cx.file,
            span.clone(),
            format!(
                "link to `{dest}`: the file `{}` does not exist in assets/",
                target.display()
            ),
        )
        .with_help(help),
    );
    None
}

/// Renders Markdown events to HTML.
pub fn render<'a>(items: &[Item<'a>]) -> String {
    // HTML is seldom much longer than its Markdown: sized from the source, the string
    // rarely grows (a copy each time it does).
    let source = span_of(items).len();
    let mut out = String::with_capacity(source + source / 4 + 16);
    html::push_html(&mut out, md_events(items));
    // The course keeps this for the whole build, so a string left much too large is
    // trimmed (also a copy, hence not for a few bytes).
    if out.capacity() > out.len() + out.len() / 4 + 64 {
        out.shrink_to_fit();
    }
    out
}

/// The Markdown events of plain items, skipping trainer blocks.
pub fn md_events<'a, 'b>(items: &'b [Item<'a>]) -> impl Iterator<Item = Event<'a>> + 'b {
    items.iter().filter_map(|i| match i {
        Item::Md(e, _) => Some(e.clone()),
        Item::Trainer(..) => None,
    })
}

/// The text of items, with breaks as spaces: for headings and `Answer:` lines.
pub fn plain_text(items: &[Item]) -> String {
    let mut text = String::new();
    for event in md_events(items) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Splits items into top-level blocks: each a whole element (start to matching end), a
/// lone event, or a trainer block.
pub fn top_level<'a, 'b>(items: &'b [Item<'a>]) -> Vec<&'b [Item<'a>]> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Md(Event::Start(_), _) => depth += 1,
            Item::Md(Event::End(_), _) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            blocks.push(&items[start..=i]);
            start = i + 1;
        }
    }
    if start < items.len() {
        blocks.push(&items[start..]);
    }
    blocks
}

/// The span from the first to the last item.
pub fn span_of(items: &[Item]) -> Range<usize> {
    let span = |i: &Item| match i {
        Item::Md(_, r) | Item::Trainer(_, r) => r.clone(),
    };
    match (items.first(), items.last()) {
        (Some(a), Some(b)) => span(a).start..span(b).end,
        _ => 0..0,
    }
}

/// Plain content as blocks: HTML for Markdown, trainer blocks apart.
pub fn blocks(items: &[Item]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for (i, item) in items.iter().enumerate() {
        if let Item::Trainer(inner, _) = item {
            push_html(&mut blocks, &items[start..i]);
            blocks.push(Block::Trainer(render(inner)));
            start = i + 1;
        }
    }
    push_html(&mut blocks, &items[start..]);
    blocks
}

fn push_html(blocks: &mut Vec<Block>, items: &[Item]) {
    if !items.is_empty() {
        let html = render(items);
        if !html.trim().is_empty() {
            blocks.push(Block::Html(html));
        }
    }
}

/// A module's body cut at its level-2 headings.
pub struct Sections<'a, 'b> {
    pub intro: &'b [Item<'a>],
    pub sections: Vec<SectionItems<'a, 'b>>,
}

/// One section's kind, heading (inner items), content and heading span.
pub type SectionItems<'a, 'b> = (SectionKind, &'b [Item<'a>], &'b [Item<'a>], Range<usize>);

/// Cuts a module body at its `##` headings and names the sections; reports unknown,
/// repeated, missing and out-of-order sections.
pub fn sections<'a, 'b>(
    items: &'b [Item<'a>],
    file: &Path,
    end: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Sections<'a, 'b> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    for (i, item) in items.iter().enumerate() {
        if let Item::Md(event, span) = item {
            if depth == 0
                && let Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id,
                    ..
                }) = event
            {
                let close = items[i..]
                    .iter()
                    .position(|x| matches!(x, Item::Md(Event::End(TagEnd::Heading(_)), _)))
                    .map_or(items.len(), |p| i + p);
                let kind = id.as_deref().and_then(SectionKind::from_id);
                heads.push((i, close, kind, span.clone()));
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    let mut result = Sections {
        intro: &items[..heads.first().map_or(items.len(), |h| h.0)],
        sections: Vec::new(),
    };
    let mut last: Option<SectionKind> = None;
    for (n, (open, close, kind, span)) in heads.iter().enumerate() {
        let content_end = heads.get(n + 1).map_or(items.len(), |h| h.0);
        let inner = &items[(open + 1).min(*close)..*close];
        let content = &items[(close + 1).min(content_end)..content_end];
        let Some(kind) = *kind else {
            let words = plain_text(inner);
            diagnostics.push(
                Diagnostic::error(file, span.clone(), format!("`## {}` is not one of the five sections", words.trim()))
                    .with_help("module sections are What it is, Why do it, How to do it, Test your knowledge and Implement it (in any language with `{#what}`, `{#why}`, `{#how}`, `{#test}`, `{#implement}`); use `###` for headings inside a section"),
            );
            continue;
        };
        if let Some(prev) = last {
            if prev == kind {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        span.clone(),
                        format!("section `{}` appears twice", kind.default_title()),
                    )
                    .with_help("merge the two into one section"),
                );
                continue;
            }
            if prev > kind {
                diagnostics.push(
                    Diagnostic::error(file, span.clone(), format!("section `{}` comes after `{}`", kind.default_title(), prev.default_title()))
                        .with_help("the sections go in this order: What it is, Why do it, How to do it, Test your knowledge, Implement it"),
                );
                continue;
            }
        }
        last = Some(kind);
        result.sections.push((kind, inner, content, span.clone()));
    }
    for kind in SectionKind::ALL {
        if !result.sections.iter().any(|s| s.0 == kind) && !heads.iter().any(|h| h.2 == Some(kind))
        {
            // Point at where the section belongs: the next section present, or the end.
            let at = result
                .sections
                .iter()
                .find(|s| s.0 > kind)
                .map_or(end..end, |s| s.3.clone());
            diagnostics.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("the section `{}` is missing", kind.default_title()),
                )
                .with_help(format!(
                    "add a `## {} {{#{}}}` section here",
                    kind.default_title(),
                    kind.id()
                )),
            );
        }
    }
    result
}

/// A section with its heading rendered and content turned into blocks.
pub fn section(kind: SectionKind, heading: &[Item], content_blocks: Vec<Block>) -> Section {
    let title_html = render(heading);
    Section {
        kind,
        title_html,
        blocks: content_blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        LinkTargets {
            pages: [("01-p/02-b.md".into(), "modules/b.html".to_string())].into(),
            assets: [
                PathBuf::from("assets/pic.png"),
                PathBuf::from("assets/kit/cards.md"),
            ]
            .into(),
        }
    }

    fn parse_str(text: &str) -> (String, Vec<Diagnostic>, Vec<AnchorRef>) {
        let t = targets();
        let cx = Context {
            file: Path::new("01-p/01-a.md"),
            page: "modules/a.html",
            targets: &t,
        };
        let mut d = Vec::new();
        let body = parse(text, 0, &cx, &mut d);
        let html: Vec<String> = blocks(&body.items)
            .into_iter()
            .map(|b| match b {
                Block::Html(h) => h,
                Block::Trainer(h) => format!("[T]{h}[/T]"),
                _ => unreachable!(),
            })
            .collect();
        (html.concat(), d, body.anchor_refs)
    }

    #[test]
    fn trainer_blocks_in_both_forms() {
        let (html, d, _) = parse_str(
            "A\n\n::: trainer\nSecret *one*\n:::\n\nB\n\n```trainer\nSecret two\n```\n\nC\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(
            html.contains("[T]<p>Secret <em>one</em></p>\n[/T]"),
            "{html}"
        );
        assert!(html.contains("[T]<p>Secret two</p>\n[/T]"), "{html}");
        assert!(html.contains("<p>C</p>"));
    }

    #[test]
    fn trainer_markers_inside_code_are_text() {
        let (html, _, _) = parse_str("```md\n::: trainer\n```\n\nafter\n");
        assert!(!html.contains("[T]"), "{html}");
        assert!(html.contains("after"));
    }

    #[test]
    fn unclosed_trainer_block_is_an_error_and_stays_hidden() {
        let (html, d, _) = parse_str("A\n\n::: trainer\nsecret\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("never closed"));
        assert!(html.starts_with("<p>A</p>\n[T]"), "{html}");
    }

    #[test]
    fn links_are_rewritten_and_checked() {
        let (html, d, refs) = parse_str(
            "[b](02-b.md#how) [pic](../assets/pic.png) [x](https://x.org) [m](03-missing.md) [p](../assets/none.png)",
        );
        assert!(html.contains("href=\"b.html#how\""), "{html}");
        assert!(html.contains("href=\"../assets/pic.png\""));
        assert!(html.contains("href=\"https://x.org\""));
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("03-missing.md"));
        assert!(d[1].message.contains("none.png"));
        assert_eq!(refs[0].anchor, "how");
    }

    #[test]
    fn markdown_under_assets_is_a_download_not_a_module() {
        let (html, d, _) =
            parse_str("[cards](../assets/kit/cards.md) [gone](../assets/kit/gone.md)");
        assert!(html.contains("href=\"../assets/kit/cards.md\""), "{html}");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("there is no module"), "{d:?}");
    }

    #[test]
    fn headings_get_ids() {
        let (html, _, _) =
            parse_str("## What it is\n\n### Step one\n\n### Step one\n\n## Warum {#why}\n");
        assert!(html.contains("<h2 id=\"what\">"), "{html}");
        assert!(html.contains("<h3 id=\"step-one\">"));
        assert!(html.contains("<h3 id=\"step-one-2\">"));
        assert!(html.contains("<h2 id=\"why\">"));
    }

    #[test]
    fn section_order_problems_are_named() {
        let t = targets();
        let cx = Context {
            file: Path::new("01-p/01-a.md"),
            page: "modules/a.html",
            targets: &t,
        };
        let mut d = Vec::new();
        let text = "## Why do it\n\nx\n\n## What it is\n\n## Extra\n\n## Test your knowledge\n";
        let body = parse(text, 0, &cx, &mut d);
        let s = sections(&body.items, cx.file, text.len(), &mut d);
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`What it is` comes after `Why do it`")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("## Extra")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`How to do it` is missing"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`Implement it` is missing"))
        );
        assert!(
            !messages
                .iter()
                .any(|m| m.contains("`What it is` is missing"))
        );
        assert_eq!(s.sections.len(), 2);
    }
}
