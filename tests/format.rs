//! The richer course format, through the real binary: callouts, drafts, links by id,
//! `coursemark mv` and `coursemark help format`, each with the mistakes `check` names.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use common::dev::DevServer;
use common::{check, course, coursemark, http_get, module, read, scratch, stderr};

#[test]
fn help_format_is_the_committed_reference() {
    let o = coursemark(&["help", "format"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = String::from_utf8(o.stdout).unwrap();
    let committed = read(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md"));
    assert!(
        printed == committed,
        "docs/format.md is not what `coursemark help format` prints; run\n  cargo run -- help format > docs/format.md"
    );
    for key in [
        "`pass_mark`",
        "`summary`",
        "`draft`",
        "`earned_by`",
        "`trainers`",
    ] {
        assert!(printed.contains(key), "{key}");
    }
    let o = coursemark(&["help", "build"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("Usage: coursemark build"),
        "help COMMAND still gives the command's help"
    );
}

#[test]
fn callout_mistakes_are_errors_with_their_place() {
    let text = "> [!NOTE]\n> Fine.\n\n> [!WARNIN]\n> Unknown.\n\n> [!TIP] Same line\n";
    let dir = course(
        "callouts",
        &[("01-p/01-a.md", module("A", "", "What.", text))],
    );
    let (ok, out) = check(&dir);
    assert!(!ok, "{out}");
    assert!(
        out.contains("01-p/01-a.md:18:3: error: unknown callout kind `[!WARNIN]`"),
        "{out}"
    );
    assert!(
        out.contains("01-p/01-a.md:21:3: error: the callout marker `[!TIP]` must stand alone"),
        "{out}"
    );
    assert_eq!(out.matches("error:").count(), 2, "{out}");
    let rich = coursemark(&["check", dir.to_str().unwrap()]);
    assert!(
        stderr(&rich).contains("callouts are `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`; did you mean `[!WARNING]`?"),
        "{}",
        stderr(&rich)
    );
}

#[test]
fn links_by_id_find_the_module_wherever_its_file_is() {
    let dir = course(
        "by-id",
        &[
            (
                "01-p/01-a.md",
                module(
                    "A",
                    "",
                    "What.",
                    "See [B](@beta), [its how](@beta#how) and [old](../02-q/01-b.md#why).",
                ),
            ),
            (
                "02-q/01-b.md",
                module("B", "id = \"beta\"\n", "What.", "B."),
            ),
        ],
    );
    let out = dir.with_file_name("site");
    let o = coursemark(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = read(out.join("modules/a.html"));
    assert!(a.contains("<a href=\"beta.html\">B</a>"), "{a}");
    assert!(a.contains("<a href=\"beta.html#how\">its how</a>"), "{a}");
    assert!(a.contains("<a href=\"beta.html#why\">old</a>"), "{a}");
}

#[test]
fn a_link_to_an_unknown_id_or_anchor_is_an_error() {
    let dir = course(
        "by-id-broken",
        &[
            (
                "01-p/01-a.md",
                module("A", "", "What.", "[x](@betta) [y](@beta#nowhere) [z](@zzz)"),
            ),
            ("01-p/02-beta.md", module("B", "", "What.", "B.")),
        ],
    );
    let (ok, out) = check(&dir);
    assert!(!ok, "{out}");
    assert!(
        out.contains("01-p/01-a.md:15:1: error: link to `@betta`: no module has the id `betta`"),
        "{out}"
    );
    assert!(
        out.contains("link to `#nowhere`: `01-p/02-beta.md` has no such section"),
        "{out}"
    );
    assert!(
        out.contains("link to `@zzz`: no module has the id `zzz`"),
        "{out}"
    );
    let rich = stderr(&coursemark(&["check", dir.to_str().unwrap()]));
    assert!(rich.contains("did you mean `@beta`?"), "{rich}");
}

/// A course with a published module, a draft linked from it (by file and by id) and a
/// second draft that links the first.
fn course_with_drafts(test: &str, linked: bool) -> PathBuf {
    let link = if linked {
        "See [the draft](02-draft.md) and [again](@draft#how)."
    } else {
        "Nothing to see."
    };
    course(
        test,
        &[
            (
                "01-p/01-published.md",
                module("Published", "", "What.", link),
            ),
            (
                "01-p/02-draft.md",
                module("Draft one", "draft = true\n", "What.", "Draft."),
            ),
            (
                "01-p/03-other.md",
                module("Draft two", "draft = true\n", "What.", "[one](@draft)"),
            ),
        ],
    )
}

#[test]
fn a_part_of_drafts_only_is_left_out_with_them() {
    let dir = course(
        "draft-part",
        &[
            (
                "01-p/01-published.md",
                module("Published", "", "What.", "How."),
            ),
            (
                "02-secret-plans/_part.toml",
                "title = \"Secret plans\"\n".to_string(),
            ),
            (
                "02-secret-plans/01-draft.md",
                module("Draft one", "draft = true\n", "What.", "Draft."),
            ),
            ("03-later/01-after.md", module("After", "", "What.", "How.")),
        ],
    );
    let out = dir.with_file_name("site");
    let o = coursemark(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The part's title is unpublished work too, and an empty part is no part.
    for page in ["index.html", "print.html", "course.js", "outline.js"] {
        let text = read(out.join(page));
        assert!(!text.contains("Secret plans"), "{page}: {text}");
    }
    let home = read(out.join("index.html"));
    assert!(home.contains("2 modules in 2 parts"), "{home}");
    assert!(
        !home.contains("<ol class=\"module-list\">\n</ol>"),
        "{home}"
    );

    let o = coursemark(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(out.join("index.html")).contains("Secret plans"));
}

#[test]
fn drafts_are_left_out_of_build_and_in_with_drafts() {
    let dir = course_with_drafts("drafts", false);
    let out = dir.with_file_name("site");
    let o = coursemark(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("Built 1 module"), "{err}");
    assert!(
        err.contains(
            "Left out 2 drafts: 01-p/02-draft.md, 01-p/03-other.md (`build --drafts` includes them)"
        ),
        "{err}"
    );
    assert!(out.join("modules/published.html").is_file());
    assert!(!out.join("modules/draft.html").exists());
    let home = read(out.join("index.html"));
    assert!(!home.contains("Draft one"), "{home}");
    assert!(!common::search_index(&out).contains("Draft one"));

    let o = coursemark(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("Built 3 modules") && !err.contains("Left out"),
        "{err}"
    );
    let draft = read(out.join("modules/draft.html"));
    assert!(
        draft.contains("<h1>Draft one <span class=\"draft-badge\">Draft</span></h1>"),
        "{draft}"
    );
    let published = read(out.join("modules/published.html"));
    assert!(!published.contains("draft-badge"), "{published}");
}

#[test]
fn a_published_module_linking_a_draft_is_an_error_naming_both() {
    let dir = course_with_drafts("draft-linked", true);
    let (ok, out) = check(&dir);
    assert!(!ok, "{out}");
    let expected = "01-p/01-published.md:15:5: error: `01-p/01-published.md` links to `01-p/02-draft.md`, a draft, which the site leaves out";
    assert!(out.contains(expected), "{out}");
    assert_eq!(
        out.matches("a draft, which").count(),
        2,
        "by file and by id; a draft may link a draft: {out}"
    );
    let site = dir.with_file_name("site");
    let o = coursemark(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(!o.status.success() && !site.exists(), "{}", stderr(&o));
    let o = coursemark(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(
        o.status.success(),
        "with drafts in, the link is fine: {}",
        stderr(&o)
    );
}

#[test]
fn serve_shows_drafts_with_their_badge() {
    let dir = course_with_drafts("draft-serve", true);
    let served = DevServer::start(
        dir.parent().unwrap(),
        &[dir.to_str().unwrap(), "-o", "site"],
        dir.with_extension("serve.log"),
    );
    assert!(
        served.wait_for("/modules/draft.html", 30.0, |_| true),
        "serve answers: {}",
        served.logged()
    );
    let (_, page) = http_get(served.port, "/modules/draft.html").unwrap();
    assert!(
        page.contains("<span class=\"draft-badge\">Draft</span>"),
        "{page}"
    );
}

#[test]
fn mv_moves_a_module_and_rewrites_every_link_to_it() {
    let a = module(
        "A",
        "",
        "What.",
        "[B](02-b.md#how), [B again](02-b.md) and [by id](@b).",
    );
    let b = module(
        "B",
        "",
        "What.",
        "Back to [A](01-a.md), [here](02-b.md#why), ![pic](../assets/p.png).",
    );
    let c = module("C", "", "What.", "Nothing about B. [A](../01-p/01-a.md)");
    let dir = course(
        "mv",
        &[
            ("01-p/01-a.md", a.clone()),
            ("01-p/02-b.md", b.clone()),
            ("02-q/01-c.md", c.clone()),
            ("index.md", "Start with [B](01-p/02-b.md).\n".to_string()),
            ("assets/p.png", String::new()),
        ],
    );
    let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args(["mv", "01-p/02-b.md", "02-q/05-beta.md"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("Moved 01-p/02-b.md to 02-q/05-beta.md"),
        "{err}"
    );
    assert!(err.contains("rewrote 2 links in 01-p/01-a.md"), "{err}");
    assert!(err.contains("rewrote 1 link in index.md"), "{err}");
    assert!(err.contains("rewrote 2 links in 02-q/05-beta.md"), "{err}");
    assert!(!dir.join("01-p/02-b.md").exists());
    assert_eq!(
        read(dir.join("01-p/01-a.md")),
        a.replace("(02-b.md", "(../02-q/05-beta.md"),
        "only the links change"
    );
    assert_eq!(
        read(dir.join("index.md")),
        "Start with [B](02-q/05-beta.md).\n"
    );
    assert_eq!(
        read(dir.join("02-q/01-c.md")),
        c,
        "a file with no link to it is untouched"
    );
    assert_eq!(
        read(dir.join("02-q/05-beta.md")),
        b.replacen("+++\n", "+++\nid = \"b\"\n", 1)
            .replace("(01-a.md)", "(../01-p/01-a.md)")
            .replace("(02-b.md#why)", "(05-beta.md#why)"),
        "its own links follow it and its id is pinned"
    );
    assert!(err.contains("pinned `id = \"b\"`"), "{err}");
    let (ok, out) = check(&dir);
    assert!(ok, "{out}");
}

#[test]
fn mv_from_inside_a_part_folder_finds_the_course_above() {
    let dir = course(
        "mv-inside",
        &[
            ("01-p/01-a.md", module("A", "", "What.", "[B](02-b.md)")),
            ("01-p/02-b.md", module("B", "", "What.", "B.")),
        ],
    );
    let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args(["mv", "02-b.md", "03-b.md"])
        .current_dir(dir.join("01-p"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("Moved 01-p/02-b.md to 01-p/03-b.md"), "{err}");
    assert!(dir.join("01-p/03-b.md").is_file());
    assert!(read(dir.join("01-p/01-a.md")).contains("[B](03-b.md)"));
}

#[test]
fn mv_refuses_to_overwrite_or_to_move_what_is_no_module() {
    let dir = course(
        "mv-refuses",
        &[
            ("01-p/01-a.md", module("A", "", "What.", "[B](02-b.md)")),
            ("01-p/02-b.md", module("B", "", "What.", "B.")),
        ],
    );
    let before = common::tree(&dir);
    let course = dir.to_str().unwrap();
    for (args, says) in [
        (["01-p/02-b.md", "01-p/01-a.md"], "already exists"),
        (["01-p/09-none.md", "01-p/10-x.md"], "is not a module"),
        (
            ["01-p/02-b.md", "elsewhere/02-b.md"],
            "is not in a part folder",
        ),
        (["01-p/02-b.md", "01-p/02-b.txt"], "does not end in `.md`"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
            .args(["mv", args[0], args[1], "--course", course])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(common::tree(&dir), before, "nothing changed");
}

#[test]
fn the_full_fixture_shows_callouts_links_by_id_and_a_draft() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full");
    let out = scratch("full").join("site");
    let o = coursemark(&["build", fixture, "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("Left out 1 draft: 02-more/02-nacrt.md"),
        "{err}"
    );
    let page = read(out.join("modules/sto-je.html"));
    assert!(
        page.contains("<div class=\"callout callout-note\" role=\"note\" aria-label=\"Napomena\"><p class=\"callout-title\" aria-hidden=\"true\">Napomena</p>\n<p>CALLOUT-NOTE-TEXT"),
        "{page}"
    );
    assert!(page.contains("aria-label=\"Oprez\""), "{page}");
    assert!(
        page.contains("<a href=\"yaml.html#why\">the same module by its id</a>"),
        "{page}"
    );
    assert!(!out.join("modules/nacrt.html").exists());
    let o = coursemark(&["build", fixture, "-o", out.to_str().unwrap(), "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let draft = read(out.join("modules/nacrt.html"));
    assert!(
        draft.contains("DRAFT-TEXT") && draft.contains("<span class=\"draft-badge\">Nacrt</span>"),
        "{draft}"
    );
}

#[test]
fn the_new_example_module_shows_a_callout_a_container_and_a_link_by_id() {
    let dir = scratch("new");
    let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args(["new", "course"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.join("site");
    let o = coursemark(&[
        "build",
        dir.join("course").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(o.status.success() && !err.contains("warning"), "{err}");
    let page = read(out.join("modules/welcome.html"));
    assert!(
        page.contains("class=\"callout callout-tip\" role=\"note\""),
        "{page}"
    );
    assert!(page.contains("box-example"), "{page}");
    assert!(
        page.contains("<a href=\"#test\">back to the quiz</a>"),
        "{page}"
    );
}
