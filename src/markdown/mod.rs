//! Markdown body -> items (pulldown-cmark events with their byte spans, and trainer
//! blocks), with heading ids and rewritten links; and the helpers that read items.
//! `containers` finds trainer blocks and course containers, `links` resolves links.

mod callouts;
mod containers;
mod downloads;
mod footnotes;
mod headings;
mod links;
mod media;
pub mod raw_html;
mod smart;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

use crate::diagnostics::Diagnostic;
use crate::model::{Block, CalloutKind, ContainerKind};
use containers::Kind;

pub use downloads::download_list;
pub use links::{AnchorRef, LinkTargets};

/// One parsed piece of a body: a Markdown event with its byte span in the file, or a
/// whole trainer block.
#[derive(Debug, Clone)]
pub enum Item<'a> {
    Md(Event<'a>, Range<usize>),
    Trainer(Vec<Item<'a>>, Range<usize>),
    /// A course container: its kind, its title (inline HTML) and content.
    Container(ContainerKind, Option<String>, Vec<Item<'a>>, Range<usize>),
    /// A section's footnotes, at its end.
    Footnotes(Block, Range<usize>),
    /// A GitHub alert at the top of the page: its kind and its events, with the quote's
    /// start and end.
    Callout(CalloutKind, Vec<Item<'a>>, Range<usize>),
}

/// A Markdown event with its byte span in the file.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// A run of a body parsed on its own: plain text or which container, its events, and
/// its span with the container's markers.
type Chunk<'a> = (Kind, Vec<Spanned<'a>>, Range<usize>);

/// The page being parsed: its source file and output page, for links and errors.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub file: &'a Path,
    pub page: &'a str,
    pub targets: &'a LinkTargets,
    /// Whether the page is a draft (which may link to other drafts).
    pub draft: bool,
    /// Curly quotes, dashes and ellipses in prose (`smart_punctuation` of course.toml).
    pub smart_punctuation: bool,
    /// The text is a trainer note, which may link the trainer's own assets.
    pub in_trainer_note: bool,
}

impl Context<'_> {
    /// The context of a chunk of the page: in a trainer note, or not.
    fn in_chunk(&self, kind: Kind) -> Self {
        Context {
            in_trainer_note: kind == Kind::Trainer,
            ..*self
        }
    }
}

/// A parsed body, before it is split into sections.
pub struct Body<'a> {
    pub items: Vec<Item<'a>>,
    /// Every id on the page: headings' and those written in raw HTML.
    pub anchors: HashSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
}

/// CommonMark with the GFM extensions the authoring guide names (`ENABLE_GFM` reads
/// alerts: `> [!NOTE]`); smart punctuation
/// when the course wants it.
fn options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    options.set(Options::ENABLE_SMART_PUNCTUATION, smart_punctuation);
    options
}

/// Parses `text` (found at byte `offset` of the file) into items with heading ids and
/// resolved links.
pub fn parse<'a>(
    text: &'a str,
    offset: usize,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Body<'a> {
    let mut anchor_refs = Vec::new();
    let mut chunks: Vec<Chunk<'a>> = containers::split(text, offset, cx.file, diagnostics)
        .into_iter()
        .map(|chunk| {
            let events = chunk_events(text, offset, &chunk, cx, &mut anchor_refs, diagnostics);
            (chunk.kind, events, chunk.outer)
        })
        .collect();
    let mut taken = headings::assign_ids(&mut chunks, cx.file, diagnostics);
    // Ids written in raw HTML (`<a id="old"></a>`) are anchors as well.
    let mut raw_ids = Vec::new();
    for (kind, events, _) in &mut chunks {
        let cx = &cx.in_chunk(*kind);
        for (event, span) in events.iter_mut() {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                raw_ids.extend(raw_html::ids(html).map(str::to_string));
            }
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
                && let Some(url) =
                    links::resolve_link(dest_url, span, cx, &mut anchor_refs, diagnostics)
            {
                *dest_url = url.into();
            }
        }
    }
    let mut images = 0;
    for (_, events, _) in &mut chunks {
        media::rewrite(events, cx, &mut images, diagnostics);
    }
    let mut lists = footnotes::number(&mut chunks, &mut taken)
        .into_iter()
        .peekable();
    let mut items = Vec::new();
    for (c, (kind, events, outer)) in chunks.into_iter().enumerate() {
        if !kind.is_plain() {
            let first_line = text[outer.start - offset..].lines().next();
            items.push(container(kind, first_line.unwrap_or(""), events, outer));
            continue;
        }
        let end = outer.end;
        let mut events = events.into_iter().enumerate().peekable();
        loop {
            let next = events.peek().map(|(i, (_, r))| (*i, r.start));
            while let Some(list) =
                lists.next_if(|l| l.chunk == c && next.is_none_or(|n| l.at == n.0))
            {
                let at = next.map_or(end, |n| n.1);
                let block = Block::Footnotes {
                    label_id: list.label_id,
                    notes: list.notes,
                };
                items.push(Item::Footnotes(block, at..at));
            }
            match events.next() {
                Some((_, (e, r))) => items.push(Item::Md(e, r)),
                None => break,
            }
        }
    }
    let source = callouts::Source {
        file: cx.file,
        text,
        offset,
    };
    let items = callouts::group(items, &source, diagnostics);
    let mut anchors = taken.into_set();
    anchors.extend(raw_ids);
    Body {
        items,
        anchors,
        anchor_refs,
    }
}

/// The events of one chunk of a body (found at byte `offset` of the file), with its
/// raw HTML checked and its tables rendered.
fn chunk_events<'a>(
    text: &'a str,
    offset: usize,
    chunk: &containers::Chunk,
    cx: &Context,
    anchor_refs: &mut Vec<AnchorRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    let cx = &cx.in_chunk(chunk.kind);
    let piece = &text[chunk.range.start - offset..chunk.range.end - offset];
    // About one event per 12 bytes of prose: reserved once, not grown by copies.
    let mut events = Vec::with_capacity(piece.len() / 12 + 8);
    let mut literal = smart::Literal::default();
    let mut parser = Parser::new_ext(piece, options(cx.smart_punctuation))
        .into_offset_iter()
        .map(|(e, r)| {
            let span = r.start + chunk.range.start..r.end + chunk.range.start;
            let mut event = replace_nul(e);
            if cx.smart_punctuation {
                event = literal.keep(event, &span, text, offset);
            }
            (event, span)
        });
    while let Some((event, span)) = parser.next() {
        // The author's raw HTML only: a table below is rendered to HTML already.
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            raw_html::check(html, &span, cx, diagnostics);
        }
        if matches!(event, Event::Start(Tag::Table(_))) {
            events.push(table(
                event,
                span,
                &mut parser,
                cx,
                anchor_refs,
                diagnostics,
            ));
        } else {
            events.push((event, span));
        }
    }
    events
}

/// A trainer block or course container as one item; a course container's title is on
/// its `first_line`.
fn container<'a>(
    kind: Kind,
    first_line: &str,
    events: Vec<Spanned<'a>>,
    outer: Range<usize>,
) -> Item<'a> {
    let md = events.into_iter().map(|(e, r)| Item::Md(e, r)).collect();
    match kind {
        Kind::Course(kind) => {
            let title = containers::title(first_line).map(|t| inline_title(t).1);
            Item::Container(kind, title, md, outer)
        }
        _ => Item::Trainer(md, outer),
    }
}

/// NUL characters become U+FFFD, as CommonMark says, rather than reach the page raw.
fn replace_nul(event: Event) -> Event {
    match event {
        Event::Text(t) if t.contains('\0') => Event::Text(t.replace('\0', "\u{FFFD}").into()),
        Event::Code(t) if t.contains('\0') => Event::Code(t.replace('\0', "\u{FFFD}").into()),
        Event::Html(t) if t.contains('\0') => Event::Html(t.replace('\0', "\u{FFFD}").into()),
        Event::InlineHtml(t) if t.contains('\0') => {
            Event::InlineHtml(t.replace('\0', "\u{FFFD}").into())
        }
        other => other,
    }
}

/// A table rendered to HTML as it is parsed (its links rewritten on the way), held as
/// one event: a table of 100,000 rows is a million cells, and kept as events it took
/// about a gigabyte. Tables hold no headings, so nothing later needs their events.
fn table<'a>(
    start: Event<'a>,
    span: Range<usize>,
    parser: &mut impl Iterator<Item = Spanned<'a>>,
    cx: &Context,
    anchor_refs: &mut Vec<AnchorRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Spanned<'a> {
    let mut end = span.end;
    let mut depth = 0usize;
    let mut first = Some(start);
    let events = std::iter::from_fn(|| {
        if let Some(start) = first.take() {
            return Some(start);
        }
        if depth == usize::MAX {
            return None;
        }
        let (mut event, at) = parser.next()?;
        match &mut event {
            Event::Start(Tag::Table(_)) => depth += 1,
            Event::End(TagEnd::Table) if depth == 0 => depth = usize::MAX,
            Event::End(TagEnd::Table) => depth -= 1,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if let Some(url) = links::resolve_link(dest_url, &at, cx, anchor_refs, diagnostics)
                {
                    *dest_url = url.into();
                }
            }
            _ => {}
        }
        end = at.end;
        Some(event)
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    (Event::Html(out.into()), span.start..end)
}

/// A title written in Markdown as plain text and as inline HTML: code, emphasis and
/// strikethrough are kept; links, images and raw HTML are shown as their text (a title
/// sits inside links in the navigation). Text that Markdown reads as a block (`1. One`,
/// `# One`) stays as typed.
pub fn inline_title(title: &str) -> (String, String) {
    let events: Vec<Event> = Parser::new_ext(title, Options::ENABLE_STRIKETHROUGH).collect();
    let is_paragraph = matches!(
        (events.first(), events.last()),
        (
            Some(Event::Start(Tag::Paragraph)),
            Some(Event::End(TagEnd::Paragraph))
        )
    );
    let inner: Vec<Event> = if is_paragraph {
        events[1..events.len() - 1]
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Link { .. } | Tag::Image { .. })
                | Event::End(TagEnd::Link | TagEnd::Image) => None,
                Event::InlineHtml(h) => Some(Event::Text(h.clone())),
                Event::SoftBreak | Event::HardBreak => Some(Event::Text(" ".into())),
                e => Some(e.clone()),
            })
            .collect()
    } else {
        vec![Event::Text(title.into())]
    };
    let mut plain = String::new();
    for e in &inner {
        if let Event::Text(t) | Event::Code(t) = e {
            plain.push_str(t);
        }
    }
    let mut html = String::new();
    html::push_html(&mut html, inner.into_iter());
    (plain, html)
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

/// The Markdown events of plain items, skipping trainer blocks; a callout gives its
/// quote's events (shown as a quote where there is no place for a callout's title).
pub fn md_events<'a, 'b>(items: &'b [Item<'a>]) -> impl Iterator<Item = Event<'a>> + 'b {
    items
        .iter()
        .flat_map(|i| match i {
            Item::Callout(_, inner, _) => inner.as_slice(),
            _ => std::slice::from_ref(i),
        })
        .filter_map(|i| match i {
            Item::Md(e, _) => Some(e.clone()),
            Item::Trainer(..) | Item::Container(..) | Item::Footnotes(..) | Item::Callout(..) => {
                None
            }
        })
}

/// The text of items, with breaks as spaces: for headings and `Answer:` lines.
pub fn plain_text(items: &[Item]) -> String {
    text_of(items, false)
}

/// The text of items with inline HTML kept as written: an `Answer:` line that accepts
/// `</script>` means those characters.
pub fn written_text(items: &[Item]) -> String {
    text_of(items, true)
}

fn text_of(items: &[Item], keep_html: bool) -> String {
    let mut text = String::new();
    for event in md_events(items) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::InlineHtml(t) | Event::Html(t) if keep_html => text.push_str(&t),
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
        Item::Md(_, r)
        | Item::Trainer(_, r)
        | Item::Container(.., r)
        | Item::Footnotes(_, r)
        | Item::Callout(_, _, r) => r.clone(),
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
        let block = match item {
            Item::Md(..) => continue,
            Item::Trainer(inner, _) => Block::Trainer(render(inner)),
            Item::Container(kind, title, inner, _) => Block::Container {
                kind: *kind,
                title_html: title.clone(),
                html: render(inner),
            },
            Item::Footnotes(block, _) => block.clone(),
            Item::Callout(kind, inner, _) => Block::Callout {
                kind: *kind,
                html: render(&inner[1..inner.len() - 1]),
            },
        };
        push_html(&mut blocks, &items[start..i]);
        blocks.push(block);
        start = i + 1;
    }
    push_html(&mut blocks, &items[start..]);
    blocks
}

/// A section's content without its footnotes, and the footnotes as blocks.
pub fn split_footnotes<'a, 'b>(items: &'b [Item<'a>]) -> (&'b [Item<'a>], Vec<Block>) {
    match items.split_last() {
        Some((Item::Footnotes(block, _), rest)) => (rest, vec![block.clone()]),
        _ => (items, Vec::new()),
    }
}

fn push_html(blocks: &mut Vec<Block>, items: &[Item]) {
    if !items.is_empty() {
        let html = render(items);
        if !html.trim().is_empty() {
            blocks.push(Block::Html(html));
        }
    }
}

#[cfg(test)]
impl<'a> Context<'a> {
    /// Module `01-p/01-a.md`'s context, its page `modules/a.html`: the page unit tests
    /// render.
    pub(crate) fn page_of_a(targets: &'a LinkTargets, smart_punctuation: bool) -> Context<'a> {
        Context {
            file: Path::new("01-p/01-a.md"),
            page: "modules/a.html",
            targets,
            draft: false,
            smart_punctuation,
            in_trainer_note: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::AssetFacts;

    fn targets() -> LinkTargets {
        LinkTargets {
            pages: [("01-p/02-b.md".into(), "modules/b.html".to_string())].into(),
            assets: [
                PathBuf::from("assets/pic.png"),
                PathBuf::from("assets/kit/cards.md"),
                PathBuf::from("assets/map.svg"),
                PathBuf::from("assets/map.dark.svg"),
                PathBuf::from("assets/clip.mp4"),
                PathBuf::from("assets/clip.vtt"),
                PathBuf::from("assets/clip.hr.vtt"),
                PathBuf::from("assets/talk.mp3"),
                PathBuf::from("assets/kit/raci.csv"),
            ]
            .into(),
            trainer_assets: Vec::new(),
            facts: [
                (
                    PathBuf::from("assets/pic.png"),
                    AssetFacts {
                        bytes: 100,
                        dimensions: Some((640, 480)),
                    },
                ),
                (
                    PathBuf::from("assets/kit/raci.csv"),
                    AssetFacts {
                        bytes: 526,
                        dimensions: None,
                    },
                ),
            ]
            .into(),
            allow_external: false,
            ids: [("b".to_string(), PathBuf::from("01-p/02-b.md"))].into(),
            drafts: Default::default(),
        }
    }

    fn parse_str(text: &str) -> (String, Vec<Diagnostic>, Vec<AnchorRef>) {
        let t = targets();
        let cx = Context::page_of_a(&t, true);
        let mut d = Vec::new();
        let body = parse(text, 0, &cx, &mut d);
        let html: Vec<String> = blocks(&body.items)
            .into_iter()
            .map(|b| match b {
                Block::Html(h) => h,
                Block::Trainer(h) => format!("[T]{h}[/T]"),
                Block::Callout { kind, html } => format!("[{}]{html}[/C]", kind.name()),
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
    fn alerts_at_the_top_are_callouts_and_nested_ones_quotes() {
        let (html, d, _) = parse_str(
            "> [!NOTE]\n> Read *this*.\n\n> [!tip]\n> Lower case works, as on GitHub.\n\n> [!IMPORTANT]\n> A\n\n> [!WARNING]\n> B\n\n> [!CAUTION]\n> C\n\n- item\n\n  > [!NOTE]\n  > nested\n",
        );
        assert!(
            html.starts_with("[NOTE]<p>Read <em>this</em>.</p>\n[/C]"),
            "{html}"
        );
        for kind in [
            "[TIP]<p>Lower",
            "[IMPORTANT]<p>A",
            "[WARNING]<p>B",
            "[CAUTION]<p>C",
        ] {
            assert!(html.contains(kind), "{kind} in {html}");
        }
        assert!(
            html.contains("<blockquote>\n<p>[!NOTE]</p>\n<p>nested</p>\n</blockquote>"),
            "a nested alert is a plain quote, as on GitHub: {html}"
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("inside a list"), "{d:?}");
    }

    #[test]
    fn quotes_that_look_like_alerts_are_errors() {
        let text = "> [!NOTES]\n> x\n\n> [!DANGER]\n> y\n\n> [!TIP] Read on\n\n> [link] and [!x] are text\n";
        let (html, d, _) = parse_str(text);
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!(d[0].message, "unknown callout kind `[!NOTES]`");
        assert_eq!(&text[d[0].span.clone()], "[!NOTES]");
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .ends_with("did you mean `[!NOTE]`?"),
            "{d:?}"
        );
        assert_eq!(d[1].message, "unknown callout kind `[!DANGER]`");
        assert!(
            !d[1].help.as_deref().unwrap().contains("did you mean"),
            "{d:?}"
        );
        assert!(d[2].message.contains("must stand alone"), "{d:?}");
        assert!(html.contains("<blockquote>"), "{html}");
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
        assert!(
            html.contains("<h3 id=\"step-one-1\">"),
            "GitHub numbers repeats from 1"
        );
        assert!(html.contains("<h2 id=\"why\">"));
    }

    #[test]
    fn heading_ids_are_githubs() {
        let (html, _, _) = parse_str(
            "## How to do it\n\n### Where's the -> Operator?\n\n#### Shared Access to `Mutex<T>`\n",
        );
        assert!(html.contains("<h3 id=\"wheres-the---operator\">"), "{html}");
        assert!(
            html.contains("<h4 id=\"shared-access-to-mutext\">"),
            "{html}"
        );
    }

    #[test]
    fn questions_keep_the_ids_their_progress_is_stored_under() {
        let (html, _, _) = parse_str(
            "## Test your knowledge\n\n### Don't panic... yet?\n\n### Don't panic... yet?\n\n> ### Don't panic, quoted\n",
        );
        assert!(html.contains("<h3 id=\"dont-panic-yet\">"), "{html}");
        assert!(html.contains("<h3 id=\"dont-panic-yet-2\">"), "{html}");
        assert!(
            html.contains("<h3 id=\"dont-panic-quoted\">"),
            "a quoted heading is no question: {html}"
        );
        // The same ids without smart punctuation, so turning it off keeps progress.
        let t = targets();
        let cx = Context::page_of_a(&t, false);
        let body = parse(
            "## Test your knowledge\n\n### Don't panic... yet?\n",
            0,
            &cx,
            &mut Vec::new(),
        );
        assert!(
            body.anchors.contains("dont-panic-yet"),
            "{:?}",
            body.anchors
        );
    }

    #[test]
    fn only_top_level_headings_name_sections() {
        let (html, _, _) = parse_str(
            "## How to do it\n\n> ## Test your knowledge\n\n- ## Implement it\n\n::: trainer\n## What it is\n:::\n\n## Test your knowledge\n\n## Implement it\n\n## What it is\n",
        );
        assert!(
            html.contains("<blockquote>\n<h2 id=\"test-your-knowledge\">"),
            "{html}"
        );
        assert!(html.contains("<li>\n<h2 id=\"implement-it\">"), "{html}");
        assert!(html.contains("[T]<h2 id=\"what-it-is\">"), "{html}");
        assert!(html.contains("<h2 id=\"test\">"), "{html}");
        assert!(html.contains("<h2 id=\"implement\">"), "{html}");
        assert!(html.contains("<h2 id=\"what\">"), "{html}");
    }

    #[test]
    fn braces_that_are_not_attributes_stay_in_the_heading() {
        let (html, _, _) = parse_str(
            "### Printing with {}\n\n### Braces {x}\n\n### Pinned {#pin .wide}\n\n### Glued{#no}\n",
        );
        assert!(
            html.contains("<h3 id=\"printing-with-\">Printing with {}</h3>"),
            "{html}"
        );
        assert!(
            html.contains("<h3 id=\"braces-x\">Braces {x}</h3>"),
            "{html}"
        );
        assert!(
            html.contains("<h3 id=\"pin\" class=\"wide\">Pinned</h3>"),
            "{html}"
        );
        assert!(html.contains(">Glued{#no}</h3>"), "{html}");
    }

    #[test]
    fn titles_keep_inline_code_and_emphasis() {
        assert_eq!(
            inline_title("Multiple `impl<T>` Blocks, *really*"),
            (
                "Multiple impl<T> Blocks, really".to_string(),
                "Multiple <code>impl&lt;T&gt;</code> Blocks, <em>really</em>".to_string()
            )
        );
        assert_eq!(
            inline_title("[Linked](x.md) <b>bold</b>"),
            (
                "Linked <b>bold</b>".to_string(),
                "Linked &lt;b&gt;bold&lt;/b&gt;".to_string()
            )
        );
        assert_eq!(
            inline_title("1. One"),
            ("1. One".to_string(), "1. One".to_string())
        );
    }

    #[test]
    fn ids_in_raw_html_are_anchors() {
        let t = targets();
        let cx = Context::page_of_a(&t, true);
        let body = parse(
            "<a id=\"old\"></a>\n\nText <span id='inline'>x</span>.\n\n<!-- <a id=\"gone\"> -->\n",
            0,
            &cx,
            &mut Vec::new(),
        );
        assert!(body.anchors.contains("old"), "{:?}", body.anchors);
        assert!(body.anchors.contains("inline"));
        assert!(!body.anchors.contains("gone"));
    }

    #[test]
    fn an_image_alone_is_a_figure_with_its_size_and_caption() {
        let (html, d, _) = parse_str(
            "![A map](../assets/pic.png \"The map\")\n\nText ![inline](../assets/pic.png) here.\n\n![Again](../assets/pic.png)\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(
            html.contains("<figure class=\"figure\"><button type=\"button\" class=\"figure-image\" popovertarget=\"zoom-1\"><img src=\"../assets/pic.png\" alt=\"A map\" width=\"640\" height=\"480\" decoding=\"async\"></button><div class=\"zoom-view\" id=\"zoom-1\" popover><button type=\"button\" class=\"zoom-close\" popovertarget=\"zoom-1\" popovertargetaction=\"hide\" autofocus><img src=\"../assets/pic.png\" alt=\"A map\" loading=\"lazy\"></button></div><figcaption>The map</figcaption></figure>"),
            "the first image loads at once; its zoom view when opened: {html}"
        );
        assert!(
            html.contains("popovertarget=\"zoom-3\""),
            "each figure its own view: {html}"
        );
        assert!(
            html.contains("<p>Text <img src=\"../assets/pic.png\" alt=\"inline\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\"> here.</p>"),
            "{html}"
        );
        assert!(!html.contains("<p><figure"), "{html}");
        assert_eq!(html.matches("loading=\"lazy\"").count(), 4, "{html}");
    }

    #[test]
    fn an_image_without_alt_text_is_a_warning() {
        let (html, d, _) = parse_str("![](../assets/pic.png)\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("no alt text"), "{d:?}");
        assert!(!d[0].is_error());
        assert_eq!(d[0].span, 0..22);
        // Screen readers skip it: no zoom button, which would have no name.
        assert!(
            html.starts_with("<figure class=\"figure\"><img src=\"../assets/pic.png\" alt=\"\"")
                && !html.contains("<button"),
            "{html}"
        );
    }

    #[test]
    fn a_diagram_has_its_dark_variant() {
        let (html, d, _) =
            parse_str("![Map](../assets/map.svg)\n\n![Map again](../assets/map.svg)\n");
        assert!(d.is_empty(), "{d:?}");
        // The page's first image is not lazy, in either scheme; later ones are.
        assert!(
            html.contains("<figure class=\"figure diagram has-dark\"><button type=\"button\" class=\"figure-image\" popovertarget=\"zoom-1\"><img class=\"if-light\" src=\"../assets/map.svg\" alt=\"Map\" decoding=\"async\"><img class=\"if-dark\" src=\"../assets/map.dark.svg\" alt=\"Map\" decoding=\"async\">"),
            "{html}"
        );
        assert!(
            html.contains("<img class=\"if-light\" src=\"../assets/map.svg\" alt=\"Map again\" loading=\"lazy\" decoding=\"async\"><img class=\"if-dark\" src=\"../assets/map.dark.svg\" alt=\"Map again\" loading=\"lazy\" decoding=\"async\">"),
            "{html}"
        );
    }

    #[test]
    fn video_and_audio_with_their_captions() {
        let (html, d, _) = parse_str(
            "![The pilot in two minutes](../assets/clip.mp4)\n\n![A talk](../assets/talk.mp3)\n",
        );
        assert!(
            html.contains("<figure class=\"figure media\"><video controls preload=\"metadata\" src=\"../assets/clip.mp4\" aria-label=\"The pilot in two minutes\"><track kind=\"captions\" src=\"../assets/clip.hr.vtt\" srclang=\"hr\" label=\"hr\" default><track kind=\"captions\" src=\"../assets/clip.vtt\"></video><figcaption>The pilot in two minutes</figcaption></figure>"),
            "{html}"
        );
        assert!(html.contains("<audio controls preload=\"metadata\" src=\"../assets/talk.mp3\" aria-label=\"A talk\"></audio>"), "{html}");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .contains("the audio `assets/talk.mp3` has no captions"),
            "{d:?}"
        );
        assert!(
            d[0].help.as_deref().unwrap_or("").contains("talk.vtt"),
            "{d:?}"
        );
    }

    #[test]
    fn a_link_to_a_file_is_a_download_card() {
        let (html, d, _) = parse_str(
            "Fill in [the *RACI* table](../assets/kit/raci.csv).\n\n[a picture](../assets/pic.png)\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(
            html.contains("<a class=\"download\" href=\"../assets/kit/raci.csv\" download><span class=\"download-name\">the <em>RACI</em> table</span> <span class=\"download-meta\">raci.csv · CSV · 526 B</span></a>."),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"../assets/pic.png\">a picture</a>"),
            "images are no downloads: {html}"
        );
    }

    #[test]
    fn a_missing_asset_says_which_one_was_meant() {
        let (_, d, _) = parse_str("[table](../assets/kit/rcai.csv)\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `assets/kit/raci.csv`?"),
            "{d:?}"
        );
    }
}
