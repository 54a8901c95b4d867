//! The first search on a 10,000-module synthetic course, in headless Chromium over a
//! local HTTP server that forbids caching: the bytes it loads (the search script, the
//! index's dictionary and the shards the query needs, uncompressed), the time from
//! typing the query to the results on screen, and the time to answer the same query
//! again once its files are loaded; medians of several fresh page loads. Needs
//! /usr/bin/chromium and /usr/bin/chromedriver.
//! Run with `cargo bench --bench search` (`-- 1000` for another course size).

#[allow(dead_code)]
#[path = "support/synth.rs"]
mod synth;

// The browser tests' WebDriver client and file server, and the helpers they use (this
// bench needs a few of their functions).
#[allow(dead_code)]
#[path = "../tests/common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../tests/browser/server.rs"]
mod server;
#[allow(dead_code)]
#[path = "../tests/browser/webdriver.rs"]
mod webdriver;

use serde_json::json;

/// One word, a prefix, one letter, several words, a number, a word in no module.
const QUERIES: [&str; 6] = [
    "customer",
    "renew",
    "c",
    "customer success plan",
    "4321",
    "zqxjv",
];
const RUNS: usize = 5;

/// Waits for the results of `q` (arguments[0]) after `start`, and answers [milliseconds
/// to the results, bytes of the search files loaded, the status line].
fn measure(start: &str) -> String {
    format!(
        "const q=arguments[0],done=arguments[arguments.length-1];\
const i=document.getElementById('cm-search'),r=document.getElementById('cm-results'),s=document.getElementById('cm-search-status');\
r.removeAttribute('data-query');performance.clearResourceTimings();const t0=performance.now();\
new MutationObserver((_,o)=>{{if(r.getAttribute('data-query')!==q)return;o.disconnect();const ms=performance.now()-t0;\
const bytes=performance.getEntriesByType('resource').filter(e=>/search/.test(e.name)).reduce((n,e)=>n+e.decodedBodySize,0);\
done([ms,bytes,s.textContent]);}}).observe(r,{{attributes:true}});{start}"
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let modules: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    if !webdriver::available() {
        return;
    }
    let dir = synth::scratch("search");
    let (source, out) = (dir.join("course"), dir.join("site"));
    synth::write_course(&source, modules, 42).expect("write the synthetic course");
    let options = coursemark::BuildOptions {
        source,
        out: out.clone(),
        trainer: false,
        drafts: true,
    };
    coursemark::build(&options).expect("build the synthetic course");
    let whole: u64 = std::fs::read_dir(out.join("search"))
        .expect("the search shards")
        .map(|e| e.expect("a shard").metadata().expect("its size").len())
        .sum::<u64>()
        + std::fs::metadata(out.join("search-index.js"))
            .expect("search-index.js")
            .len();
    println!(
        "search at {modules} modules: the whole index is {:.1} MB ({} files)\n  query                    loaded    first search  once loaded",
        whole as f64 / 1e6,
        std::fs::read_dir(out.join("search"))
            .expect("shards")
            .count()
            + 1
    );
    let srv = server::Server::start(vec![("/c/".into(), out.clone())]);
    let browser = webdriver::Browser::start(&dir.join("profile"), 1280, 900);
    for query in QUERIES {
        let (mut times, mut bytes, mut again, mut status) = (vec![], vec![], vec![], String::new());
        for _ in 0..RUNS {
            browser.goto(&srv.url("/c/index.html"));
            // The learner types the query: site.js loads the search script and the
            // dictionary, the script the shards the query needs.
            let typed = "i.value=q;i.dispatchEvent(new Event('input'));";
            let v = browser.js_async(&measure(typed), json!([query]));
            times.push(v[0].as_f64().expect("a time"));
            bytes.push(v[1].as_f64().expect("a size"));
            status = v[2].as_str().unwrap_or("").to_string();
            // The same query again (the box focused anew): the answer alone.
            let v = browser.js_async(
                &measure("i.dispatchEvent(new FocusEvent('focus'));"),
                json!([query]),
            );
            again.push(v[0].as_f64().expect("a time"));
        }
        println!(
            "  {query:<24} {:>7.1} KB  {:>7.1} ms  {:>7.1} ms   ({status})",
            median(bytes) / 1000.0,
            median(times),
            median(again)
        );
    }
    browser.quit();
    let _ = std::fs::remove_dir_all(&dir);
}
