//! Browser tests of figures, players and glossary terms, on the `full` fixture opened
//! from disk (`file://`) in headless Chromium: what a learner sees and does with the
//! keyboard, the pointer and a phone. Needs Chromium and chromedriver, as
//! `tests/browser.rs` does (under CI their absence fails the tests).

use crate::browser::{axe, webdriver};
use crate::common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::scratch;
use serde_json::{Value, json};
use webdriver::{Browser, key};

/// The `full` fixture built once for this test binary.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = scratch("media-site");
        common::build(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full"),
            &out,
        );
        out
    })
}

fn page(path: &str) -> String {
    format!("file://{}/{path}", site().display())
}

/// Whether the tooltip `#id` shows, and where in the page the paragraph holding its term
/// and the block after it are (to see that showing it moves nothing).
fn tip(b: &Browser, id: &str) -> (bool, Value) {
    let v = b.js(
        "const t=document.getElementById(arguments[0]);const p=t.closest('p');const r=e=>{const x=e.getBoundingClientRect();return [x.x+scrollX,x.y+scrollY,x.width,x.height];};return [getComputedStyle(t).display!=='none'&&t.getBoundingClientRect().width>0,[r(p),r(p.nextElementSibling)]];",
        json!([id]),
    );
    (v[0].as_bool().expect("a flag"), v[1].clone())
}

#[test]
fn glossary_definitions_show_on_keyboard_focus_and_pointer_hover_without_layout_shift() {
    if !webdriver::available() {
        return;
    }
    let b = Browser::new(1280, 900);
    b.goto(&page("modules/yaml.html"));
    assert_eq!(
        b.eval("return [document.querySelectorAll('.term [aria-describedby]').length, performance.getEntriesByType('resource').some(e=>e.name.endsWith('/glossary.js'))]"),
        json!([0, false]),
        "the definitions load only once the learner moves"
    );
    // The first key loads them.
    b.keys(key::TAB);
    b.wait_for(
        "return !!document.getElementById('T2')",
        "the definitions after the first key",
    );
    let (shown, layout) = tip(&b, "T1");
    assert!(!shown, "the definition is hidden until asked for");
    let link = b.eval(
        "const a=document.querySelector('.term a');return [a.textContent,a.getAttribute('href'),document.getElementById(a.getAttribute('aria-describedby')).textContent];",
    );
    assert_eq!(
        link,
        json!([
            "NRR",
            "../glossary.html#nrr",
            "The revenue kept from existing customers over a year, expansion included."
        ]),
        "the term links its entry and is described by its definition"
    );
    // By keyboard: Tab until the term's link has the focus.
    let mut tabs = 0;
    while b.eval("return document.activeElement.getAttribute('aria-describedby')") != json!("T1") {
        b.keys(key::TAB);
        tabs += 1;
        assert!(tabs < 60, "the term's link is reachable with Tab");
    }
    let (shown, focused_layout) = tip(&b, "T1");
    assert!(shown, "the definition shows on keyboard focus");
    assert_eq!(
        focused_layout, layout,
        "showing it moves nothing on the page"
    );
    b.keys(key::ESCAPE);
    assert!(!tip(&b, "T1").0, "Esc hides it");
    b.keys(key::TAB);
    assert!(!tip(&b, "T1").0, "it goes with the focus");
    // By pointer: resting the mouse on the other term.
    b.hover(".term a[aria-describedby=T2]");
    let (shown, hovered_layout) = tip(&b, "T2");
    assert!(shown, "the definition shows on hover");
    assert_eq!(hovered_layout, tip(&b, "T2").1);
    assert_eq!(hovered_layout, layout, "hovering moves nothing either");
    axe(&b, "a module with a definition showing");
    b.goto(&page("glossary.html"));
    assert_eq!(
        b.eval("return [...document.querySelectorAll('dt')].map(d=>d.id+' '+d.textContent)"),
        json!([
            "nrr Net revenue retention (NRR)",
            "success-plan Success plan"
        ])
    );
    assert_eq!(
        b.eval("return document.querySelector('nav a[aria-current=page]').textContent"),
        json!("Glossary"),
        "the glossary is in the navigation"
    );
    axe(&b, "the glossary");
    b.quit();
}

#[test]
fn video_and_audio_play_with_controls_and_captions() {
    if !webdriver::available() {
        return;
    }
    let b = Browser::new(1280, 900);
    b.goto(&page("modules/yaml.html"));
    let players = b.eval(
        "return [...document.querySelectorAll('figure.media video, figure.media audio')].map(m=>[m.tagName,m.controls,m.getAttribute('aria-label'),[...m.textTracks].map(t=>t.kind),m.querySelector('track').src.split('/').pop()]);",
    );
    assert_eq!(
        players,
        json!([
            [
                "VIDEO",
                true,
                "The pilot in two minutes",
                ["captions"],
                "clip.vtt"
            ],
            [
                "AUDIO",
                true,
                "A talk about pilots",
                ["captions"],
                "talk.vtt"
            ]
        ])
    );
    let video_box = b.eval(
        "const v=document.querySelector('video').getBoundingClientRect();return Math.round(v.width/v.height*100);",
    );
    assert_eq!(
        video_box,
        json!(178),
        "the video keeps a 16:9 box while it loads"
    );
    b.quit();
}

/// The fill of each `<text>` of an SVG file (its own or the nearest ancestor's).
fn svg_text_fills(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the diagram is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.ancestors()
                .find_map(|a| a.attribute("fill").filter(|f| *f != "none"))
                .unwrap_or("#000000")
                .to_string()
        })
        .collect()
}

/// `#1F2937` or `rgb(r, g, b)` (as computed styles give it) as sRGB channels.
fn rgb(colour: &str) -> [f64; 3] {
    if let Some(hex) = colour.strip_prefix('#') {
        let c = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"));
        return [c(0), c(2), c(4)];
    }
    let inner = colour
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')');
    let parts: Vec<f64> = inner
        .split(',')
        .map(|p| p.trim().parse().expect("a channel"))
        .collect();
    [parts[0], parts[1], parts[2]]
}

/// WCAG's contrast ratio of two colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let luminance = |c: [f64; 3]| {
        let l = |v: f64| {
            let v = v / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * l(c[0]) + 0.7152 * l(c[1]) + 0.0722 * l(c[2])
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn diagrams_stay_readable_in_dark_mode() {
    if !webdriver::available() {
        return;
    }
    let svg = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full/assets/flow.svg"),
    )
    .unwrap();
    let fills = svg_text_fills(&svg);
    assert_eq!(fills.len(), 2, "the diagram has text: {fills:?}");
    for scheme in ["light", "dark"] {
        let b = Browser::new(1280, 900);
        if scheme == "dark" {
            b.color_scheme("dark");
        }
        b.goto(&page("modules/yaml.html"));
        // What the diagram's text sits on: the image's own background, else the page's.
        let backs = b.eval(
            "const img=document.querySelector('img[src$=\"flow.svg\"]');const bg=e=>{for(;e;e=e.parentElement){const c=getComputedStyle(e).backgroundColor;if(c!=='rgba(0, 0, 0, 0)'&&c!=='transparent')return c;}return 'rgb(255, 255, 255)';};return [bg(img),getComputedStyle(document.body).backgroundColor];",
        );
        let (under, page_bg) = (backs[0].as_str().unwrap(), backs[1].as_str().unwrap());
        for fill in &fills {
            let ratio = contrast(rgb(fill), rgb(under));
            assert!(
                ratio >= 4.5,
                "{scheme}: the diagram's text {fill} on {under} has contrast {ratio:.1}"
            );
        }
        if scheme == "dark" {
            assert!(
                contrast(rgb(&fills[0]), rgb(page_bg)) < 3.0,
                "the dark page itself ({page_bg}) would hide the text: the card is what keeps it readable"
            );
        }
        // A diagram with a dark version shows the version of the page's scheme, without
        // a card in dark: the system's, until the learner switches the site's own scheme.
        b.goto(&page("modules/sto-je.html"));
        let shown = |b: &Browser, what: &str| {
            b.wait_for(
                "const i=[...document.querySelectorAll('.has-dark .figure-image img')].filter(i=>i.checkVisibility());return i.length===1&&i[0].complete&&i[0].naturalWidth>0",
                what,
            );
            b.eval(
                "const i=[...document.querySelectorAll('.has-dark .figure-image img')].find(i=>i.checkVisibility());return [i.currentSrc.split('/').pop(),getComputedStyle(i).backgroundColor];",
            )
        };
        let (system, switched) = if scheme == "dark" {
            ("diagram.dark.svg", "diagram.svg")
        } else {
            ("diagram.svg", "diagram.dark.svg")
        };
        let first = shown(&b, "the diagram of the system's scheme");
        assert_eq!(first[0], json!(system));
        if scheme == "dark" {
            assert_eq!(first[1], json!("rgba(0, 0, 0, 0)"), "no card: {first}");
        }
        b.click_button("Tamni način");
        let other = shown(&b, "the diagram of the scheme the learner chose");
        assert_eq!(
            other[0],
            json!(switched),
            "the site's toggle picks the diagram"
        );
        b.reload();
        assert_eq!(
            shown(&b, "the chosen scheme's diagram after a reload")[0],
            json!(switched)
        );
        axe(
            &b,
            &format!("a module with a dark-mode diagram switched from {scheme}"),
        );
        if scheme == "light" {
            // Printed, a page switched to dark still shows the diagram drawn for paper.
            b.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}));
            assert_eq!(shown(&b, "the printed diagram")[0], json!("diagram.svg"));
            b.cdp("Emulation.setEmulatedMedia", json!({"media": ""}));
        }
        b.click_button("Tamni način");
        assert_eq!(shown(&b, "the system's diagram again")[0], json!(system));
        axe(&b, &format!("a module with a dark-mode diagram ({scheme})"));
        b.goto(&page("modules/yaml.html"));
        axe(
            &b,
            &format!("a module with figures, players and terms ({scheme})"),
        );
        b.quit();
    }
}

#[test]
fn tap_to_zoom_opens_a_diagram_full_screen_and_esc_returns_focus() {
    if !webdriver::available() {
        return;
    }
    let b = Browser::new(390, 844);
    b.goto(&page("modules/yaml.html"));
    let state = "const z=document.getElementById('zoom-1');const i=z.querySelector('img');return [z.matches(':popover-open'),i.getBoundingClientRect().width>innerWidth,z.contains(document.activeElement),document.activeElement.getAttribute('popovertarget')];";
    assert_eq!(
        b.eval("const t=document.querySelector('[popovertarget=zoom-1]');return [t.tagName,t.querySelector('img').alt]"),
        json!(["BUTTON", "From plan to pilot: two steps"]),
        "the diagram is a button named by its alt text"
    );
    // A tap on the diagram opens it larger than the phone's screen, with the focus in it.
    b.tap("button.figure-image[popovertarget=zoom-1]");
    assert_eq!(b.eval(state), json!([true, true, true, "zoom-1"]));
    axe(&b, "a module with a diagram zoomed");
    // Esc closes it and the focus returns to the diagram.
    b.keys(key::ESCAPE);
    assert_eq!(
        b.eval(state),
        json!([false, false, false, "zoom-1"]),
        "closed, the focus on the diagram's button again"
    );
    // By keyboard: Enter opens it, Enter on the zoomed image closes it.
    b.keys(key::ENTER);
    assert_eq!(b.eval(state)[0], json!(true));
    b.keys(key::ENTER);
    assert_eq!(b.eval(state), json!([false, false, false, "zoom-1"]));
    b.quit();
}
