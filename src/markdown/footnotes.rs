//! Footnotes as GitHub shows them: references numbered in the order they first appear,
//! each note listed at the end of the section that first refers to it (GitHub lists
//! them at the end of the page; here a section is shown as a unit), and ids prefixed
//! (`fn-`, `fnref-`) so that no note takes the id of a section or heading.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};

use super::{Chunk, Spanned};
use crate::model::Footnote;
use crate::slug;

/// A section's notes, to be listed before event `at` of chunk `chunk`.
pub struct Listed {
    pub chunk: usize,
    pub at: usize,
    /// The id of the list's (visually hidden) heading, which references point at.
    pub label_id: String,
    pub notes: Vec<Footnote>,
}

/// A note being numbered: its definition's events and the ids of its references.
struct Note<'a> {
    id: String,
    events: Vec<Spanned<'a>>,
    references: Vec<String>,
}

/// Numbers the references of the plain text (trainer notes and containers keep their footnotes
/// where they are written), turns them into links, takes the definitions out and
/// returns where each section's list of notes goes. Ids it gives are added to `used`.
pub fn number(chunks: &mut [Chunk<'_>], used: &mut slug::Taken) -> Vec<Listed> {
    let mut definitions: HashMap<String, Vec<Spanned>> = HashMap::new();
    for (kind, events, _) in chunks.iter_mut() {
        if kind.is_plain() && events.iter().any(|(e, _)| is_definition(e)) {
            take_definitions(events, &mut definitions);
        }
    }
    if definitions.is_empty() {
        return Vec::new();
    }
    let mut lists: Vec<(usize, usize, Vec<usize>, String)> = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut number_of: HashMap<String, usize> = HashMap::new();
    // The notes first referred to in the current section, and its list's label id.
    let mut pending: Vec<usize> = Vec::new();
    let mut label_id = String::new();
    let mut last_plain = None;
    for (c, (kind, events, _)) in chunks.iter_mut().enumerate() {
        if !kind.is_plain() {
            continue;
        }
        last_plain = Some((c, events.len()));
        let mut depth = 0usize;
        for (i, (event, _)) in events.iter_mut().enumerate() {
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    ..
                }) if depth == 0 && !pending.is_empty() => lists.push((
                    c,
                    i,
                    std::mem::take(&mut pending),
                    std::mem::take(&mut label_id),
                )),
                Event::FootnoteReference(label) => {
                    let key = label.to_lowercase();
                    let n = match number_of.get(&key) {
                        Some(&n) => n,
                        None => {
                            let Some(content) = definitions.remove(&key) else {
                                continue;
                            };
                            let base = format!("fn-{}", slug::github(&key));
                            notes.push(Note {
                                id: used.github(&base),
                                events: content,
                                references: Vec::new(),
                            });
                            number_of.insert(key, notes.len());
                            pending.push(notes.len() - 1);
                            notes.len()
                        }
                    };
                    if label_id.is_empty() {
                        label_id = used.github("footnote-label");
                    }
                    let note = &mut notes[n - 1];
                    let mut reference = format!("fnref-{}", &note.id["fn-".len()..]);
                    if !note.references.is_empty() {
                        reference = format!("{reference}-{}", note.references.len() + 1);
                    }
                    used.insert(reference.clone());
                    *event = Event::InlineHtml(CowStr::from(format!(
                        "<sup><a href=\"#{}\" id=\"{reference}\" data-footnote-ref aria-describedby=\"{label_id}\">{n}</a></sup>",
                        note.id
                    )));
                    note.references.push(reference);
                }
                _ => {}
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    if let (Some((c, end)), false) = (last_plain, pending.is_empty()) {
        lists.push((c, end, pending, label_id));
    }
    let mut notes: Vec<Option<Note>> = notes.into_iter().map(Some).collect();
    lists
        .into_iter()
        .map(|(chunk, at, numbers, label_id)| Listed {
            chunk,
            at,
            label_id,
            notes: numbers
                .into_iter()
                .filter_map(|n| notes[n].take())
                .map(|note| {
                    let mut html = String::new();
                    html::push_html(&mut html, note.events.into_iter().map(|(e, _)| e));
                    Footnote {
                        id: note.id,
                        html,
                        references: note.references,
                    }
                })
                .collect(),
        })
        .collect()
}

fn is_definition(event: &Event) -> bool {
    matches!(event, Event::Start(Tag::FootnoteDefinition(_)))
}

/// Moves each footnote definition's content out of `events` (the first of a label wins,
/// as on GitHub).
fn take_definitions<'a>(
    events: &mut Vec<Spanned<'a>>,
    into: &mut HashMap<String, Vec<Spanned<'a>>>,
) {
    let mut kept = Vec::with_capacity(events.len());
    let mut current: Option<(String, Vec<Spanned<'a>>)> = None;
    for (event, span) in events.drain(..) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_lowercase(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((key, content)) = current.take() {
                    into.entry(key).or_insert(content);
                }
            }
            _ => match &mut current {
                Some((_, content)) => content.push((event, span)),
                None => kept.push((event, span)),
            },
        }
    }
    *events = kept;
}
