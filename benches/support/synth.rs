//! A synthetic course for benchmarks: `modules` modules of 5 to 7 KB, 20 to a part,
//! each with five sections, paragraphs, lists, a table, links to other modules, five
//! quiz questions (feedback on every wrong option) and an implement list. Fixed seed, so
//! every run builds the same input.

use std::fs;
use std::io;
use std::path::Path;

const WORDS: &[&str] = &[
    "customer",
    "outcome",
    "success",
    "renewal",
    "value",
    "plan",
    "review",
    "segment",
    "journey",
    "metric",
    "health",
    "adoption",
    "expansion",
    "advocacy",
    "onboarding",
    "milestone",
    "team",
    "executive",
    "sponsor",
    "churn",
    "risk",
    "signal",
    "playbook",
    "cadence",
    "pilot",
    "goal",
    "result",
    "evidence",
    "story",
    "trust",
    "the",
    "a",
    "of",
    "and",
    "to",
    "with",
    "for",
    "each",
    "every",
    "measures",
    "agrees",
    "delivers",
    "tracks",
    "shares",
    "reviews",
    "plans",
    "builds",
];

/// A small deterministic generator (xorshift), so no crate and no randomness between runs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn step(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.step() % n as u64) as usize
    }

    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.below(WORDS.len())]);
        }
        s
    }

    fn sentence(&mut self) -> String {
        let n = 8 + self.below(10);
        let mut s = self.words(n);
        s[..1].make_ascii_uppercase();
        s.push('.');
        s
    }

    fn paragraph(&mut self) -> String {
        let n = 3 + self.below(3);
        (0..n)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub fn part_dir(p: usize) -> String {
    format!("{:03}-part-{}", p + 1, p + 1)
}

pub fn module_file(m: usize) -> String {
    format!("{:03}-module-{}.md", m % 20 + 1, m)
}

/// The Markdown body (without front matter) of module `m` of `total`.
pub fn module_body(rng: &mut Rng, total: usize) -> String {
    let link = |rng: &mut Rng| {
        let t = rng.below(total);
        format!(
            "[module {t}](../{}/{}#how)",
            part_dir(t / 20),
            module_file(t)
        )
    };
    let mut s = String::new();
    s.push_str(&format!(
        "{}\n\n## What it is {{#what}}\n\n",
        rng.paragraph()
    ));
    for _ in 0..2 {
        s.push_str(&format!("{} See {}.\n\n", rng.paragraph(), link(rng)));
    }
    s.push_str(&format!("## Why do it {{#why}}\n\n{}\n\n", rng.paragraph()));
    for _ in 0..3 {
        s.push_str(&format!("- {}\n", rng.sentence()));
    }
    s.push_str(&format!(
        "\n## How to do it {{#how}}\n\n{}\n\n### Steps\n\n",
        rng.paragraph()
    ));
    for i in 1..=4 {
        s.push_str(&format!("{i}. {} {}\n", rng.sentence(), link(rng)));
    }
    s.push_str("\n| Stage | Owner | Metric |\n| --- | --- | --- |\n");
    for _ in 0..4 {
        s.push_str(&format!(
            "| {} | {} | {} |\n",
            rng.words(2),
            rng.words(2),
            rng.words(3)
        ));
    }
    s.push_str(&format!(
        "\n{}\n\n## Test your knowledge {{#test}}\n\n",
        rng.paragraph()
    ));
    for q in 0..5 {
        s.push_str(&format!(
            "### Question {q}: {}? {{#q{q}}}\n\n",
            rng.words(8)
        ));
        if q == 4 {
            s.push_str(&format!("Answer: {} | {}\n\n", rng.words(2), rng.words(1)));
        } else {
            let correct = rng.below(4);
            for o in 0..4 {
                let mark = if o == correct || (q == 3 && o == (correct + 1) % 4) {
                    'x'
                } else {
                    ' '
                };
                s.push_str(&format!("- [{mark}] {}\n", rng.words(5)));
                if o == 0 {
                    s.push_str(&format!("  > {}\n", rng.sentence()));
                } else if mark == ' ' {
                    // Feedback on every wrong option, as `check` asks of a published
                    // course; fixed text, so the generator's sequence stays the same.
                    s.push_str("  > Not this one: the module's steps say why.\n");
                }
            }
            s.push('\n');
        }
        s.push_str(&format!("> {}\n\n", rng.sentence()));
    }
    s.push_str("## Implement it {#implement}\n\n");
    for _ in 0..4 {
        s.push_str(&format!("- [ ] {}\n", rng.sentence()));
    }
    s
}

/// How one generator writes a part's metadata and a module's front matter.
struct Flavour {
    /// The folder the parts go in, inside the site folder.
    content: &'static str,
    part_file: &'static str,
    part_text: fn(usize) -> String,
    front: fn(usize, &str, &str) -> String,
}

/// Writes the parts and modules of the synthetic course in `flavour`.
fn write_modules(dir: &Path, total: usize, seed: u64, flavour: &Flavour) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    for m in 0..total {
        let part = dir.join(flavour.content).join(part_dir(m / 20));
        if m % 20 == 0 {
            fs::create_dir_all(&part)?;
            fs::write(
                part.join(flavour.part_file),
                (flavour.part_text)(m / 20 + 1),
            )?;
        }
        let body = module_body(&mut rng, total);
        let (title, summary) = (rng.words(4), rng.words(10));
        let text = format!("{}\n{body}", (flavour.front)(m, &title, &summary));
        fs::write(part.join(module_file(m)), text)?;
    }
    Ok(())
}

/// Writes a coursemark course of `total` modules into `dir`.
pub fn write_course(dir: &Path, total: usize, seed: u64) -> io::Result<()> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir)?;
    fs::write(
        dir.join("course.toml"),
        "title = \"Synthetic course\"\nid = \"synthetic\"\n",
    )?;
    let flavour = Flavour {
        content: "",
        part_file: "_part.toml",
        part_text: |p| format!("title = \"Part {p}\"\n"),
        front: |m, title, summary| {
            format!(
                "+++\ntitle = \"Module {m}: {title}\"\nid = \"module-{m}\"\nsummary = \"{summary}\"\nduration = 20\n+++\n"
            )
        },
    };
    write_modules(dir, total, seed, &flavour)
}

/// Writes the same course as a Hugo site into `dir`: one page per module, each page
/// listing its own part, as the peers were measured.
pub fn write_hugo_site(dir: &Path, total: usize, seed: u64) -> io::Result<()> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("layouts/_default"))?;
    fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"/\"\ntitle = \"Synthetic course\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[markup.goldmark.renderer]\nunsafe = true\n",
    )?;
    let page = "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}<nav><ul>{{ range .CurrentSection.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav></body></html>\n";
    fs::write(dir.join("layouts/_default/single.html"), page)?;
    fs::write(dir.join("layouts/_default/list.html"), page)?;
    let flavour = Flavour {
        content: "content",
        part_file: "_index.md",
        part_text: |p| format!("+++\ntitle = \"Part {p}\"\n+++\n"),
        front: |m, title, summary| {
            format!("+++\ntitle = \"Module {m}: {title}\"\nsummary = \"{summary}\"\n+++\n")
        },
    };
    write_modules(dir, total, seed, &flavour)
}

/// A scratch folder for a benchmark: on a RAM disk where there is one, as the peers
/// were measured, to take the disk out of the comparison.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    base.join(format!("coursemark-bench-{name}-{}", std::process::id()))
}
