//! The trainer's side of accreditation through the real binary: `issuer init`,
//! `award`, `verify`, with credentials checked by an independent JOSE library.

use crate::common;

use common::{coursemark, scratch};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const LEVELS: &str = r#"
[[levels]]
id = "studied"
title = "Studied and passed the tests"
earned_by = "quizzes"

[[levels]]
id = "planned"
title = "Plans reviewed by a peer"
earned_by = "evidence"
evidence = ["Link to your plan", "Reviewed by"]
rubric = ["The plan names the customer's outcome", "A peer's comments are addressed"]
"#;

/// A trainer's key and a copy of the minimal course whose [issuer] trusts it.
struct Setup {
    dir: PathBuf,
    course: PathBuf,
    key: PathBuf,
}

impl Setup {
    fn new(name: &str) -> Setup {
        Setup::with(name, "")
    }

    /// `extra` goes at the top of course.toml (a `base_url`, say).
    fn with(name: &str, extra: &str) -> Setup {
        let dir = scratch(name);
        let key = dir.join("trainer.pem");
        let o = coursemark(&["issuer", "init", "--out", key.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        let printed = text(&o);
        let did = printed
            .split_whitespace()
            .find(|w| w.starts_with("did:key:z6Mk"))
            .expect("init prints the did:key")
            .to_string();
        assert!(
            printed.contains(&format!("trainers = [\"{did}\"]")),
            "{printed}"
        );
        let course = dir.join("course");
        fs::create_dir_all(course.join("01-basics")).unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        fs::copy(
            fixture.join("01-basics/01-only.md"),
            course.join("01-basics/01-only.md"),
        )
        .unwrap();
        fs::write(
            course.join("course.toml"),
            format!(
                "title = \"Minimal course\"\nid = \"minimal\"\n{extra}\n{LEVELS}\n[issuer]\nname = \"Test Academy\"\nurl = \"https://academy.example.com\"\ntrainers = [\"{did}\"]\n"
            ),
        )
        .unwrap();
        Setup { dir, course, key }
    }

    fn package(&self, name: &str, best: u32) -> PathBuf {
        let path = self.dir.join(format!("{name}.json"));
        let doc = serde_json::json!({
            "format": "coursemark-evidence-package",
            "version": 1,
            "createdAt": "2026-11-30T09:00:00.000Z",
            "course": { "id": "minimal", "title": "Minimal course", "build": "test" },
            "learner": { "name": "Ana Horvat", "email": "ana@example.com" },
            "modules": [{
                "id": "only", "title": "The only module",
                "quiz": { "attempts": 1, "best": best, "last": best, "passedAt": "2026-11-30T08:00:00.000Z",
                          "questions": [{ "id": "is-this-minimal", "answer": ["0"], "correct": best == 100 }] },
                "checklist": [{ "id": "build-it", "done": true }]
            }],
            "levels": [],
            "includesNotes": false
        });
        fs::write(&path, doc.to_string()).unwrap();
        path
    }

    fn award(&self, package: &Path, level: &str) -> Output {
        coursemark(&[
            "award",
            package.to_str().unwrap(),
            "--level",
            level,
            "--key",
            self.key.to_str().unwrap(),
            "--course",
            self.course.to_str().unwrap(),
            "-o",
            self.dir.to_str().unwrap(),
        ])
    }

    fn verify(&self, file: &Path) -> Output {
        coursemark(&[
            "verify",
            file.to_str().unwrap(),
            "--course",
            self.course.to_str().unwrap(),
        ])
    }
}

#[test]
fn award_writes_a_credential_that_verify_and_jose_accept_and_tampering_fails() {
    let s = Setup::new("award");
    let o = s.award(&s.package("ana", 100), "studied");
    assert!(o.status.success(), "{}", text(&o));
    let jwt = s.dir.join("ana-horvat-studied.jwt");
    let svg = s.dir.join("ana-horvat-studied.svg");
    for file in [&jwt, &svg] {
        let o = s.verify(file);
        assert!(o.status.success(), "{}", text(&o));
        assert!(
            text(&o).contains(
                "valid: \"Studied and passed the tests\" awarded to Ana Horvat by Test Academy"
            ),
            "{}",
            text(&o)
        );
    }
    let token = fs::read_to_string(&jwt).unwrap();
    assert!(fs::read_to_string(&svg).unwrap().contains(&format!(
        "xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential verify=\"{token}\">"
    )));

    // A payload byte changed.
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload = parts[1].as_bytes().to_vec();
    payload[40] = if payload[40] == b'A' { b'B' } else { b'A' };
    let tampered = s.dir.join("tampered.jwt");
    fs::write(
        &tampered,
        format!(
            "{}.{}.{}",
            parts[0],
            String::from_utf8(payload).unwrap(),
            parts[2]
        ),
    )
    .unwrap();
    let o = s.verify(&tampered);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("tampered.jwt: not a valid credential"),
        "{}",
        text(&o)
    );

    // Both files and the tampered one, checked by jose with the key Node reads from the PEM.
    if let Some(tools) = common::node::node_tools() {
        for file in [&jwt, &svg] {
            let (ok, out, err) = common::node::run_node(
                &tools,
                "verify-credential.mjs",
                &[s.key.to_str().unwrap(), file.to_str().unwrap()],
            );
            assert!(ok, "jose refused {}: {err}", file.display());
            assert!(out.contains("\"OpenBadgeCredential\""), "{out}");
            // Every property is a term of the VC 2.0 and OB 3.0 contexts (jsonld).
            let (ok, _, err) =
                common::node::run_node(&tools, "ob3-jsonld.mjs", &[file.to_str().unwrap()]);
            assert!(ok, "JSON-LD expansion of {}: {err}", file.display());
        }
        let (ok, _, err) = common::node::run_node(
            &tools,
            "verify-credential.mjs",
            &[s.key.to_str().unwrap(), tampered.to_str().unwrap()],
        );
        assert!(!ok, "jose accepted a tampered credential");
        assert!(
            err.contains("ERR_JWS_SIGNATURE_VERIFICATION_FAILED") || err.contains("ERR_JWT"),
            "{err}"
        );
    }
}

#[test]
fn award_refuses_what_is_missing_and_writes_nothing() {
    let s = Setup::new("refuse");
    let o = s.award(&s.package("failed", 50), "studied");
    assert!(!o.status.success());
    assert!(
        text(&o).contains("not awarding `studied`: the package lacks\n  - Studied and passed the tests: Quiz passed: The only module"),
        "{}",
        text(&o)
    );
    let o = s.award(&s.package("nope", 100), "planned");
    assert!(!o.status.success());
    assert!(text(&o).contains("Link to your plan"), "{}", text(&o));
    let o = s.award(&s.package("nolevel", 100), "wizard");
    assert!(text(&o).contains("has no level `wizard`"), "{}", text(&o));
    let written: Vec<_> = fs::read_dir(&s.dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "jwt" || x == "svg")
        })
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn bad_packages_credentials_and_keys_give_one_clear_error() {
    let s = Setup::new("bad");
    let good = s.package("good", 100);
    let broken = s.dir.join("broken.json");
    fs::write(
        &broken,
        "{\"format\": \"coursemark-evidence-package\", \"version\": 1",
    )
    .unwrap();
    let o = s.award(&broken, "studied");
    assert!(!o.status.success());
    assert!(
        text(&o).contains("broken.json: not a JSON file"),
        "{}",
        text(&o)
    );

    let other = s.dir.join("other.json");
    fs::write(
        &other,
        fs::read_to_string(&good)
            .unwrap()
            .replace("\"id\":\"minimal\"", "\"id\":\"ocs\""),
    )
    .unwrap();
    let o = s.award(&other, "studied");
    assert!(
        text(&o).contains("other.json: it is for the course `ocs`, not `minimal`"),
        "{}",
        text(&o)
    );

    let bad_key = s.dir.join("bad.pem");
    fs::write(
        &bad_key,
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    )
    .unwrap();
    let o = coursemark(&[
        "award",
        good.to_str().unwrap(),
        "--level",
        "studied",
        "--key",
        bad_key.to_str().unwrap(),
        "--course",
        s.course.to_str().unwrap(),
        "-o",
        s.dir.to_str().unwrap(),
    ]);
    assert!(
        text(&o).contains("bad.pem is not an Ed25519 private key in PKCS#8 PEM"),
        "{}",
        text(&o)
    );

    let garbage = s.dir.join("garbage.svg");
    fs::write(&garbage, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let o = s.verify(&garbage);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("garbage.svg: the image holds no Open Badges credential"),
        "{}",
        text(&o)
    );

    // A key others can read still works, with a warning.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&s.key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        fs::set_permissions(&s.key, fs::Permissions::from_mode(0o644)).unwrap();
        let o = s.award(&good, "studied");
        assert!(o.status.success(), "{}", text(&o));
        assert!(
            text(&o).contains("warning:") && text(&o).contains("chmod 600"),
            "{}",
            text(&o)
        );
    }
    // Awarding again never replaces the files.
    let o = s.award(&good, "studied");
    assert!(!o.status.success());
    assert!(text(&o).contains("already exists"), "{}", text(&o));
}

#[test]
fn issuer_init_never_overwrites_and_build_refuses_a_key_in_the_course() {
    let s = Setup::new("init");
    let before = fs::read(&s.key).unwrap();
    let o = coursemark(&["issuer", "init", "--out", s.key.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("never overwrites"), "{}", text(&o));
    assert_eq!(fs::read(&s.key).unwrap(), before);

    let inside = s.course.join("keys");
    fs::create_dir_all(&inside).unwrap();
    fs::copy(&s.key, inside.join("mine.pem")).unwrap();
    let out = s.dir.join("site");
    let o = coursemark(&[
        "build",
        s.course.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("mine.pem holds a private key"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
}

#[test]
fn review_writes_one_sheet_for_a_cohort_and_names_the_packages_it_cannot_use() {
    let s = Setup::new("review");
    let ana = s.package("ana", 100);
    let mut bea: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(s.package("bea", 40)).unwrap()).unwrap();
    bea["learner"] = serde_json::json!({"name": "Bea <b>Bold</b>"});
    bea["includesNotes"] = true.into();
    bea["modules"][0]["notes"] = "Call the <i>customer</i>".into();
    bea["levels"] = serde_json::json!([{"id": "planned", "confirmed": true, "recordedAt": "2026-11-29T10:00:00Z",
        "evidence": [{"id": "link-to-your-plan", "label": "Link to your plan", "value": "https://plans.example.com/bea"}]}]);
    let bea_file = s.dir.join("bea.json");
    fs::write(&bea_file, bea.to_string()).unwrap();
    let broken = s.dir.join("broken.json");
    fs::write(&broken, "[]").unwrap();
    let sheet = s.dir.join("review.html");
    let o = coursemark(&[
        "review",
        ana.to_str().unwrap(),
        bea_file.to_str().unwrap(),
        broken.to_str().unwrap(),
        "-o",
        sheet.to_str().unwrap(),
        "--course",
        s.course.to_str().unwrap(),
    ]);
    assert!(
        !o.status.success(),
        "a package that cannot be used fails the run"
    );
    assert!(
        text(&o).contains("broken.json: not an evidence package"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("Wrote the review sheet for 2 learners"),
        "{}",
        text(&o)
    );
    let html = fs::read_to_string(&sheet).unwrap();
    for part in [
        "<h2>Ana Horvat</h2>",
        "ana@example.com",
        "Quiz passed: The only module</td><td>best 100%, 1 attempt</td><td class=\"met\">✓ present",
        "<h2>Bea &lt;b&gt;Bold&lt;/b&gt;</h2>",
        "Quiz passed: The only module</td><td>best 40%, 1 attempt</td><td class=\"missing\">✗ missing",
        "https://plans.example.com/bea",
        "<td>Reviewed by</td><td></td><td class=\"missing\">✗ missing",
        "<li>The plan names the customer&#39;s outcome</li>",
        "Call the &lt;i&gt;customer&lt;/i&gt;",
        "broken.json: not an evidence package",
    ] {
        assert!(html.contains(part), "{part} not in the sheet");
    }
    assert!(!html.contains("<b>Bold"));
}

fn revoke(s: &Setup, file: &Path) -> Output {
    coursemark(&[
        "revoke",
        file.to_str().unwrap(),
        "--key",
        s.key.to_str().unwrap(),
        "--course",
        s.course.to_str().unwrap(),
    ])
}

// One trainer's sequence in order (award, revoke, publish, verify): each step needs the last.
#[allow(clippy::too_many_lines)]
#[test]
fn revoke_sets_the_bit_in_the_published_status_list_and_verify_refuses() {
    let s = Setup::with(
        "revoke",
        "base_url = \"https://academy.example.com/minimal\"",
    );
    let o = s.award(&s.package("ana", 100), "studied");
    assert!(o.status.success(), "{}", text(&o));
    let jwt = s.dir.join("ana-horvat-studied.jwt");
    let token = fs::read_to_string(&jwt).unwrap();
    let payload: serde_json::Value = serde_json::from_slice(
        &coursemark::credential::jws::unb64(token.split('.').nth(1).unwrap()).unwrap(),
    )
    .unwrap();
    let status = &payload["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusPurpose"], "revocation");
    assert_eq!(
        status["statusListCredential"],
        "https://academy.example.com/minimal/assets/status/revocation.jwt"
    );
    let index = status["statusListIndex"].as_str().unwrap().to_string();
    // With a base_url the academy issues under its did:web.
    assert_eq!(payload["iss"], "did:web:academy.example.com:minimal");
    assert_eq!(
        payload["issuer"]["id"],
        "did:web:academy.example.com:minimal"
    );
    let list = s.course.join("assets/status/revocation.jwt");
    assert!(list.is_file() && s.course.join("_status/issued.json").is_file());

    // Another credential, which stays valid.
    fs::write(
        s.dir.join("bea.json"),
        fs::read_to_string(s.package("bea", 100))
            .unwrap()
            .replace("Ana Horvat", "Bea Kos"),
    )
    .unwrap();
    assert!(s.award(&s.dir.join("bea.json"), "studied").status.success());
    let bea = s.dir.join("bea-kos-studied.jwt");

    assert!(s.verify(&jwt).status.success());
    let o = revoke(&s, &s.dir.join("ana-horvat-studied.svg"));
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Rebuild and publish the site"),
        "{}",
        text(&o)
    );
    let o = s.verify(&jwt);
    assert!(!o.status.success());
    assert!(
        text(&o).contains(
            "ana-horvat-studied.jwt: not a valid credential: it was revoked by the issuer"
        ),
        "{}",
        text(&o)
    );
    assert!(
        s.verify(&bea).status.success(),
        "the other credential stays valid"
    );
    assert!(text(&revoke(&s, &jwt)).contains("already revoked"));

    // jose verifies the list's signature; Node's gzip reads the bit.
    if let Some(tools) = common::node::node_tools() {
        let bea_token = fs::read_to_string(&bea).unwrap();
        let bea_payload: serde_json::Value = serde_json::from_slice(
            &coursemark::credential::jws::unb64(bea_token.split('.').nth(1).unwrap()).unwrap(),
        )
        .unwrap();
        let bea_index = bea_payload["credentialStatus"]["statusListIndex"]
            .as_str()
            .unwrap()
            .to_string();
        for (i, want) in [(index.as_str(), "revoked"), (bea_index.as_str(), "valid")] {
            let (ok, out, err) = common::node::run_node(
                &tools,
                "status-list.mjs",
                &[s.key.to_str().unwrap(), list.to_str().unwrap(), i],
            );
            assert!(ok, "{err}");
            assert_eq!(out.trim(), want);
        }
        for file in [&list, &jwt] {
            let (ok, _, err) =
                common::node::run_node(&tools, "ob3-jsonld.mjs", &[file.to_str().unwrap()]);
            assert!(ok, "JSON-LD expansion of {}: {err}", file.display());
        }
    }

    // The build publishes the list, never the ledger of names.
    let site = s.dir.join("site");
    let o = coursemark(&[
        "build",
        s.course.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        fs::read(site.join("assets/status/revocation.jwt")).unwrap(),
        fs::read(&list).unwrap()
    );
    assert!(site.join("assets/status/revocation.js").is_file());
    let did: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("did.json")).unwrap()).unwrap();
    assert_eq!(did["id"], "did:web:academy.example.com:minimal");
    let kid = coursemark::credential::jws::split(&token).unwrap().header["kid"].clone();
    assert_eq!(did["assertionMethod"][0], kid);
    assert!(!site.join("_status").exists());
    assert!(
        fs::read_to_string(site.join("verify.html"))
            .unwrap()
            .contains("assets/status/revocation.js")
    );
}

#[test]
fn without_base_url_a_credential_cannot_be_revoked() {
    let s = Setup::new("norevoke");
    assert!(s.award(&s.package("ana", 100), "studied").status.success());
    let o = revoke(&s, &s.dir.join("ana-horvat-studied.jwt"));
    assert!(!o.status.success());
    assert!(
        text(&o).contains("this credential cannot be revoked: it carries no credentialStatus"),
        "{}",
        text(&o)
    );
    assert!(!s.course.join("_status").exists());
}

#[test]
fn the_accreditation_page_shows_rubrics_and_offers_credentials_only_when_the_course_names_trainers()
{
    let s = Setup::new("offer");
    let with = s.dir.join("with");
    let without = s.dir.join("without");
    for (course, out) in [
        (s.course.as_path(), &with),
        (Path::new("tests/fixtures/minimal"), &without),
    ] {
        let o = coursemark(&[
            "build",
            course.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o));
    }
    let page = |site: &Path| fs::read_to_string(site.join("accreditation.html")).unwrap();
    assert!(page(&with).contains("data-credential-import"));
    assert!(
        page(&with).contains("Your trainer awards this level after judging:</p>\n  <ul class=\"rubric\"><li>The plan names the customer&#39;s outcome</li>"),
        "the learner sees the rubric"
    );
    assert!(!page(&without).contains("data-credential-import"));
    assert!(
        page(&without).contains("data-review"),
        "asking for review works without [issuer]"
    );
    assert!(without.join("verify.html").is_file());
}

#[test]
fn the_bundled_course_has_rubrics_for_levels_2_to_4_and_a_demo_issuer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let course = coursemark::check(&dir).unwrap().course.unwrap();
    let levels = &course.config.levels;
    assert_eq!(levels.len(), 4);
    assert!(levels[0].rubric.is_empty());
    for level in &levels[1..] {
        assert!(level.rubric.len() >= 3, "level {} has a rubric", level.id);
    }
    let issuer = course.config.issuer.as_ref().unwrap();
    assert!(issuer.name.contains("demo"));
    for did in &issuer.trainers {
        coursemark::credential::didkey::decode(did).unwrap();
    }
    let toml = fs::read_to_string(dir.join("course.toml")).unwrap();
    assert!(toml.contains("DEMO ONLY") && toml.contains("private key is in no repository"));
}
