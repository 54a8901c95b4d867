//! Accreditation in the browser: the learner asks for review (the evidence package is
//! downloaded and valid), the trainer awards with the CLI, the learner imports the
//! credential (shown verified); tampered, foreign and expired credentials are refused
//! with storage unchanged; verify.html works over http and from file://.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use coursemark::credential::jws;
use serde_json::{Value, json};

use super::common::{copy_dir, node, scratch};
use super::server::Server;
use super::webdriver::{self, Browser};
use super::{FIXTURE, KEY_A, all_passed, axe, build, open, raw_stored, stored};

fn coursemark(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args(args)
        .output()
        .expect("run coursemark")
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A copy of course A whose [issuer] trusts a key made for it, and its site.
struct Academy {
    dir: PathBuf,
    course: PathBuf,
    key: PathBuf,
    site: PathBuf,
}

impl Academy {
    fn new(name: &str) -> Academy {
        Academy::with(name, "", "")
    }

    /// `top` goes first in course.toml (a `base_url`, say); `more` after its levels
    /// (more `[[levels]]`, say).
    fn with(name: &str, top: &str, more: &str) -> Academy {
        let dir = scratch(name);
        let key = dir.join("trainer.pem");
        let o = coursemark(&[
            "issuer".as_ref(),
            "init".as_ref(),
            "--out".as_ref(),
            key.as_os_str(),
        ]);
        assert!(o.status.success(), "{}", said(&o));
        let out = said(&o);
        let did = out
            .split_whitespace()
            .find(|w| w.starts_with("did:key:z"))
            .expect("a did:key");
        let course = dir.join("course");
        copy_dir(&Path::new(FIXTURE).join("course-a"), &course);
        let toml = course.join("course.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(
            &toml,
            format!(
                "{top}\n{text}\n{more}\n[issuer]\nname = \"Test Academy\"\ntrainers = [\"{}\"]\n",
                did.trim_matches('"')
            ),
        )
        .unwrap();
        let site = dir.join("site");
        build(&course, &site, false);
        Academy {
            dir,
            course,
            key,
            site,
        }
    }

    /// `coursemark award PACKAGE --level LEVEL`; the .jwt and .svg it wrote.
    fn award(&self, package: &Path, level: &str) -> (PathBuf, PathBuf) {
        let o = coursemark(&[
            "award".as_ref(),
            package.as_os_str(),
            "--level".as_ref(),
            level.as_ref(),
            "--key".as_ref(),
            self.key.as_os_str(),
            "--course".as_ref(),
            self.course.as_os_str(),
            "-o".as_ref(),
            self.dir.as_os_str(),
        ]);
        assert!(o.status.success(), "award: {}", said(&o));
        let stem = format!("ana-horvat-{level}");
        (
            self.dir.join(format!("{stem}.jwt")),
            self.dir.join(format!("{stem}.svg")),
        )
    }
}

/// The academy every test here shares (building and key making once).
fn academy() -> &'static Academy {
    static ACADEMY: OnceLock<Academy> = OnceLock::new();
    ACADEMY.get_or_init(|| Academy::new("academy"))
}

/// Course A's progress with every quiz passed and level 2's evidence recorded.
fn ready_for_review(name: &str) -> String {
    let mut d: Value = serde_json::from_str(&all_passed(name)).unwrap();
    d["evidence"] = json!({"planned": {"fields": {"link-to-your-plan": "https://plans.example.com/ana", "reviewed-by": "Ivo Peer", "review-date": "2026-11-20"}, "confirmed": true, "at": "2026-11-21T09:00:00.000Z"}});
    d["modules"]["alpha"]["notes"] = json!("My <b>own</b> notes");
    d.to_string()
}

/// An evidence package with every quiz of course A passed and no evidence.
fn quizzes_passed(learner: &str) -> Value {
    let modules: Vec<Value> = ["alpha", "beta", "gamma"]
        .iter()
        .map(|m| json!({"id": m, "title": m, "quiz": {"attempts": 1, "best": 100, "last": 100, "passedAt": null, "questions": []}, "checklist": []}))
        .collect();
    json!({
        "format": "coursemark-evidence-package", "version": 1, "createdAt": "2026-11-30T09:00:00Z",
        "course": {"id": "browser-a", "title": "Browser Test Course", "build": "test"},
        "learner": {"name": learner}, "modules": modules, "levels": [], "includesNotes": false
    })
}

/// The file the page downloads when `button` is pressed: its name and text.
fn download(b: &Browser, button: &str) -> (String, String) {
    b.eval("window.__dl=null;const c=HTMLAnchorElement.prototype.click;HTMLAnchorElement.prototype.click=function(){if(this.download){window.__dl={name:this.download,href:this.href};return;}c.call(this);};URL.revokeObjectURL=function(){};");
    b.click_button(button);
    let got = b.js_async(
        "const done=arguments[arguments.length-1];fetch(window.__dl.href).then(r=>r.text()).then(t=>done({name:window.__dl.name,text:t}));",
        json!([]),
    );
    (
        got["name"].as_str().unwrap_or_default().to_string(),
        got["text"].as_str().unwrap_or_default().to_string(),
    )
}

/// Opens the accreditation page with `progress` stored.
fn learner(b: &Browser, srv: &Server, progress: &str) {
    b.goto(&srv.url("/c/accreditation.html"));
    b.js(
        &format!("localStorage.setItem('{KEY_A}', arguments[0])"),
        json!([progress]),
    );
    b.reload();
}

fn import(b: &Browser, file: &Path) -> String {
    b.eval("document.querySelector('[data-credential-status]').textContent=''");
    b.upload("[data-credential-import]", file);
    b.wait_for(
        "return document.querySelector('[data-credential-status]').textContent",
        "the import's verdict",
    );
    b.text("[data-credential-status]")
}

#[test]
fn ask_for_review_award_import_verified_and_on_the_certificate() {
    if !webdriver::available() {
        return;
    }
    let a = academy();
    let srv = Server::start(vec![("/c/".into(), a.site.clone())]);
    let (b, dir) = open("cred-review");
    learner(&b, &srv, &ready_for_review(""));

    // No name yet: the page asks for one and downloads nothing.
    b.click_button("Download my evidence package");
    assert!(b.text("[data-review-status]").contains("Enter your name"));
    b.type_label(
        ".accreditation-page",
        "Your name, as it should appear on the certificate",
        "Ana Horvat",
    );
    b.type_label(
        "form[data-review]",
        "Your email (optional: the credential keeps only a salted hash of it)",
        "ana@example.com",
    );
    b.click_label("form[data-review]", "Include my notes from the modules");
    let (name, text) = download(&b, "Download my evidence package");
    assert_eq!(name, "evidence-browser-a-ana-horvat.json");
    assert!(
        b.text("[data-review-status]")
            .contains("Send this file to your trainer")
    );
    let package: Value = serde_json::from_str(&text).expect("the package is JSON");
    assert_eq!(package["format"], "coursemark-evidence-package");
    assert_eq!(
        package["learner"],
        json!({"name": "Ana Horvat", "email": "ana@example.com"})
    );
    assert_eq!(package["course"]["id"], "browser-a");
    assert_eq!(
        package["course"]["build"]
            .as_str()
            .unwrap_or_default()
            .len(),
        16
    );
    assert_eq!(package["modules"][0]["notes"], "My <b>own</b> notes");
    assert_eq!(package["modules"][0]["quiz"]["best"], 100);
    assert_eq!(package["levels"][0]["evidence"][1]["value"], "Ivo Peer");
    let file = dir.join(&name);
    std::fs::write(&file, &text).unwrap();

    // The trainer awards with the CLI, which validates the package.
    let (jwt, svg) = a.award(&file, "planned");

    // The learner imports the badge: verified, stored, shown.
    let before = stored(&b, KEY_A);
    let verdict = import(&b, &svg);
    assert!(
        verdict.starts_with("Verified: “Plans reviewed by a peer” awarded by Test Academy on"),
        "{verdict}"
    );
    let after = stored(&b, KEY_A);
    assert_eq!(
        after["credentials"]["planned"]["jwt"],
        std::fs::read_to_string(&jwt).unwrap().trim()
    );
    assert_eq!(after["modules"], before["modules"]);
    b.wait_for(
        "return !document.querySelector('#level-planned [data-level-verified]').hidden",
        "the verified level",
    );
    assert!(
        b.text("#level-planned [data-level-verified]")
            .starts_with("✓ Verified: awarded by Test Academy on")
    );
    assert!(
        b.text("#level-planned [data-level-state]")
            .contains("not yet reviewed")
    );
    axe(&b, "accreditation with a verified level");

    // The .jwt imports as well.
    let verdict = import(&b, &jwt);
    assert!(verdict.starts_with("Verified:"), "{verdict}");

    // The certificate lists it with its id and a badge to download.
    b.goto(&srv.url("/c/certificate.html"));
    b.wait_for(
        "return !document.querySelector('[data-cert-credentials]').hidden",
        "the verified credentials",
    );
    let listed = b.text("[data-cert-credentials]");
    assert!(listed.contains("Verified credential urn:uuid:"), "{listed}");
    let (badge_name, badge) = download(&b, "Download badge");
    assert_eq!(badge_name, "browser-a-planned.svg");
    let baked = dir.join("downloaded.svg");
    std::fs::write(&baked, badge).unwrap();
    let o = coursemark(&[
        "verify".as_ref(),
        baked.as_os_str(),
        "--course".as_ref(),
        a.course.as_os_str(),
    ]);
    assert!(
        o.status.success(),
        "the downloaded badge verifies: {}",
        said(&o)
    );
    axe(&b, "certificate with a verified credential");
    b.quit();
}

/// The certificate's headline level, the levels it lists as reached and those it lists
/// as recorded but not reviewed, once it shows.
fn certificate(b: &Browser) -> (String, Vec<String>, Vec<String>) {
    b.wait_for(
        "return !document.querySelector('[data-certificate]').hidden",
        "the certificate",
    );
    let list = |css: &str| -> Vec<String> {
        let v = b.js(
            "return [...document.querySelectorAll(arguments[0])].map(l=>l.textContent)",
            json!([css]),
        );
        serde_json::from_value(v).unwrap_or_default()
    };
    (
        b.text("[data-cert-level]"),
        list("[data-cert-levels] li"),
        list("[data-cert-pending]:not([hidden]) li"),
    )
}

#[test]
fn the_certificate_prints_a_self_recorded_level_as_not_reviewed_and_a_verified_one_as_reached() {
    if !webdriver::available() {
        return;
    }
    let a = Academy::with(
        "three-levels",
        "",
        "[[levels]]\nid = \"implemented\"\ntitle = \"Plans implemented with customers\"\nearned_by = \"evidence\"\nevidence = [\"Customer feedback\"]\n",
    );
    let srv = Server::start(vec![("/c/".into(), a.site.clone())]);
    let (b, _dir) = open("cert-honest");
    // Every quiz passed, levels 2 and 3 recorded by the learner, nothing awarded.
    let mut d: Value = serde_json::from_str(&ready_for_review("Ana Horvat")).unwrap();
    d["evidence"]["implemented"] = json!({"fields": {"customer-feedback": "https://mail.example.com/thanks"}, "confirmed": true, "at": "2026-11-25T09:00:00.000Z"});
    learner(&b, &srv, &d.to_string());
    b.goto(&srv.url("/c/certificate.html"));
    let (level, reached, pending) = certificate(&b);
    assert_eq!(level, "Level 1: Studied and passed the tests");
    assert!(reached.is_empty(), "only level 1 is reached: {reached:?}");
    assert_eq!(
        pending,
        [
            "Level 2: Plans reviewed by a peer (self-recorded, not yet reviewed)",
            "Level 3: Plans implemented with customers (self-recorded, not yet reviewed)"
        ]
    );
    assert_eq!(b.text("[data-cert-kicker]"), "Certificate of accreditation");
    assert_eq!(b.text("[data-cert-issuer]"), "A course of Test Academy");

    // The trainer awards level 3; the learner imports it.
    let mut package = quizzes_passed("Ana Horvat");
    package["levels"] = json!([
        {"id": "planned", "confirmed": true, "recordedAt": "2026-11-21T09:00:00Z", "evidence": [
            {"id": "link-to-your-plan", "label": "Link to your plan", "value": "https://plans.example.com/ana"},
            {"id": "reviewed-by", "label": "Reviewed by", "value": "Ivo Peer"},
            {"id": "review-date", "label": "Review date", "value": "2026-11-20"}]},
        {"id": "implemented", "confirmed": true, "recordedAt": "2026-11-25T09:00:00Z", "evidence": [
            {"id": "customer-feedback", "label": "Customer feedback", "value": "https://mail.example.com/thanks"}]}
    ]);
    let file = a.dir.join("ana-implemented.json");
    std::fs::write(&file, package.to_string()).unwrap();
    let (jwt, _) = a.award(&file, "implemented");
    b.goto(&srv.url("/c/accreditation.html"));
    let verdict = import(&b, &jwt);
    assert!(verdict.starts_with("Verified:"), "{verdict}");

    b.goto(&srv.url("/c/certificate.html"));
    b.wait_for(
        "return document.querySelector('[data-cert-level]').textContent.startsWith('Level 3')",
        "the verified level 3 as the level reached",
    );
    let (level, reached, pending) = certificate(&b);
    assert_eq!(level, "Level 3: Plans implemented with customers");
    assert_eq!(
        reached,
        [
            "Level 1: Studied and passed the tests",
            "Level 3: Plans implemented with customers"
        ]
    );
    assert_eq!(
        pending,
        ["Level 2: Plans reviewed by a peer (self-recorded, not yet reviewed)"]
    );
    assert_eq!(b.text("[data-cert-issuer]"), "Issued by Test Academy");
    let link = b.eval("const a=document.querySelector('[data-cert-credentials] a');return a&&a.getAttribute('href')");
    assert_eq!(link, json!("verify.html"));
    axe(&b, "certificate with a verified and a self-recorded level");
    b.quit();
}

#[test]
fn tampered_foreign_expired_and_other_learners_credentials_are_refused() {
    if !webdriver::available() {
        return;
    }
    let a = academy();
    let package = a.dir.join("ana.json");
    let pkg = quizzes_passed("Ana Horvat");
    std::fs::write(&package, pkg.to_string()).unwrap();
    let (jwt, _) = a.award(&package, "studied");
    let token = std::fs::read_to_string(&jwt).unwrap();

    let mut bad: Vec<(PathBuf, &str)> = Vec::new();
    // The learner's name changed in the payload, the signature kept.
    let parts: Vec<&str> = token.trim().split('.').collect();
    let payload = String::from_utf8(jws::unb64(parts[1]).unwrap()).unwrap();
    let tampered = a.dir.join("tampered.jwt");
    std::fs::write(
        &tampered,
        format!(
            "{}.{}.{}",
            parts[0],
            jws::b64(payload.replace("Ana Horvat", "Ana Horvath").as_bytes()),
            parts[2]
        ),
    )
    .unwrap();
    bad.push((tampered, "does not match"));
    // Signed by a trainer this course does not trust.
    let stranger = Academy::new("stranger");
    std::fs::write(stranger.dir.join("ana.json"), pkg.to_string()).unwrap();
    let (foreign, _) = stranger.award(&stranger.dir.join("ana.json"), "studied");
    bad.push((foreign, "a key this course does not trust"));
    // Genuinely signed (by jose, with the trainer's key) but expired.
    if let Some(tools) = node::node_tools() {
        let expired = a.dir.join("expired.jwt");
        let (ok, _, err) = node::run_node(
            &tools,
            "resign-credential.mjs",
            &[
                a.key.to_str().unwrap(),
                jwt.to_str().unwrap(),
                expired.to_str().unwrap(),
                "-400",
                "-30",
            ],
        );
        assert!(ok, "{err}");
        bad.push((expired, "expired on"));
    }
    // Not a credential at all.
    let junk = a.dir.join("junk.svg");
    std::fs::write(
        &junk,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"1\"/></svg>",
    )
    .unwrap();
    bad.push((junk, "holds no credential"));

    let srv = Server::start(vec![("/c/".into(), a.site.clone())]);
    let (b, _dir) = open("cred-refuse");
    learner(&b, &srv, &all_passed("Ana Horvat"));
    for (file, why) in &bad {
        let raw = raw_stored(&b, KEY_A);
        let verdict = import(&b, file);
        assert!(
            verdict.starts_with("Not added:") && verdict.contains(why),
            "{}: {verdict}",
            file.display()
        );
        assert!(verdict.ends_with("Nothing was changed."), "{verdict}");
        assert_eq!(
            raw_stored(&b, KEY_A),
            raw,
            "storage changed by {}",
            file.display()
        );
    }
    // Someone else's credential: the name on the page is not the learner's.
    learner(&b, &srv, &all_passed("Eve Other"));
    let raw = raw_stored(&b, KEY_A);
    let verdict = import(&b, &jwt);
    assert!(
        verdict.contains("awarded to Ana Horvat, not to the name on this page"),
        "{verdict}"
    );
    assert_eq!(raw_stored(&b, KEY_A), raw);
    b.quit();
}

#[test]
fn verify_page_over_http_and_from_file() {
    if !webdriver::available() {
        return;
    }
    let a = academy();
    let package = a.dir.join("verify.json");
    let pkg = quizzes_passed("Ana Horvat");
    let dir = scratch("verify-files");
    std::fs::write(&package, pkg.to_string()).unwrap();
    let o = coursemark(&[
        "award".as_ref(),
        package.as_os_str(),
        "--level".as_ref(),
        "studied".as_ref(),
        "--key".as_ref(),
        a.key.as_os_str(),
        "--course".as_ref(),
        a.course.as_os_str(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", said(&o));
    let svg = dir.join("ana-horvat-studied.svg");
    let token = std::fs::read_to_string(dir.join("ana-horvat-studied.jwt")).unwrap();
    let forged = dir.join("forged.jwt");
    std::fs::write(&forged, token.replacen('.', ".e30", 1)).unwrap();

    let srv = Server::start(vec![("/c/".into(), a.site.clone())]);
    let (b, _p) = open("cred-verify");
    let file_url = format!("file://{}/verify.html", a.site.display());
    for url in [srv.url("/c/verify.html"), file_url] {
        b.goto(&url);
        b.upload("[data-verify-file]", &svg);
        b.wait_for(
            "return document.querySelector('[data-verify-result] h2')",
            "a verdict",
        );
        let shown = b.text("[data-verify-result]");
        assert!(shown.starts_with("Valid credential"), "{url}: {shown}");
        for fact in [
            "Studied and passed the tests",
            "Ana Horvat",
            "Test Academy · did:key:z6Mk",
            "✓ Signature: valid.",
            "✓ Issuer: Test Academy, a trainer this course trusts.",
            "✓ Course: this course.",
            "✓ Dates: valid now.",
        ] {
            assert!(shown.contains(fact), "{url}: {fact} in {shown}");
        }
        if url.starts_with("http") {
            // axe reads the style sheets with XHR, which file:// refuses.
            axe(&b, "verify with a valid credential");
        }
        b.eval("document.querySelector('[data-verify-result]').textContent=''");
        b.upload("[data-verify-file]", &forged);
        b.wait_for(
            "return document.querySelector('[data-verify-result] h2')",
            "a verdict",
        );
        let shown = b.text("[data-verify-result]");
        assert!(shown.starts_with("Not valid"), "{url}: {shown}");
        let console = b.console();
        assert!(
            console.iter().all(|(level, _)| level != "SEVERE"),
            "{url}: {console:?}"
        );
    }
    // A browser without Ed25519 in Web Crypto is told so, not given a verdict it cannot make.
    b.goto(&srv.url("/c/verify.html"));
    b.eval("crypto.subtle.importKey = () => Promise.reject(new DOMException('Ed25519', 'NotSupportedError'));");
    b.upload("[data-verify-file]", &svg);
    b.wait_for(
        "return document.querySelector('[data-verify-result] h2')",
        "a verdict",
    );
    let shown = b.text("[data-verify-result]");
    assert!(
        shown.starts_with("Not valid")
            && shown.contains("This browser cannot check Ed25519 signatures"),
        "{shown}"
    );
    b.quit();
}

#[test]
fn a_revoked_credential_is_reported_revoked_over_http_and_from_file() {
    if !webdriver::available() {
        return;
    }
    let a = Academy::with(
        "revoking",
        "base_url = \"https://academy.example.com/a/\"",
        "",
    );
    std::fs::write(
        a.dir.join("ana.json"),
        quizzes_passed("Ana Horvat").to_string(),
    )
    .unwrap();
    std::fs::write(
        a.dir.join("bea.json"),
        quizzes_passed("Bea Kos").to_string(),
    )
    .unwrap();
    let (_, revoked) = a.award(&a.dir.join("ana.json"), "studied");
    let o = coursemark(&[
        "award".as_ref(),
        a.dir.join("bea.json").as_os_str(),
        "--level".as_ref(),
        "studied".as_ref(),
        "--key".as_ref(),
        a.key.as_os_str(),
        "--course".as_ref(),
        a.course.as_os_str(),
        "-o".as_ref(),
        a.dir.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", said(&o));
    let kept = a.dir.join("bea-kos-studied.svg");
    let o = coursemark(&[
        "revoke".as_ref(),
        revoked.as_os_str(),
        "--key".as_ref(),
        a.key.as_os_str(),
        "--course".as_ref(),
        a.course.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", said(&o));
    build(&a.course, &a.site, false);

    let srv = Server::start(vec![("/c/".into(), a.site.clone())]);
    let (b, _p) = open("cred-revoked");
    for url in [
        srv.url("/c/verify.html"),
        format!("file://{}/verify.html", a.site.display()),
    ] {
        for (file, verdict, status) in [
            (&revoked, "Not valid", "✗ Status: revoked by the issuer."),
            (&kept, "Valid credential", "✓ Status: not revoked."),
        ] {
            b.goto(&url);
            b.upload("[data-verify-file]", file);
            b.wait_for(
                "return document.querySelector('[data-verify-result] h2')",
                "a verdict",
            );
            let shown = b.text("[data-verify-result]");
            assert!(
                shown.starts_with(verdict) && shown.contains(status),
                "{url}: {shown}"
            );
        }
    }
    // The learner cannot add a revoked credential either.
    b.goto(&srv.url("/c/accreditation.html"));
    b.js(
        &format!("localStorage.setItem('{KEY_A}', arguments[0])"),
        json!([all_passed("Ana Horvat")]),
    );
    b.reload();
    let raw = raw_stored(&b, KEY_A);
    let verdict = import(&b, &revoked);
    assert!(verdict.contains("revoked by the issuer"), "{verdict}");
    assert_eq!(raw_stored(&b, KEY_A), raw);
    b.quit();
}
