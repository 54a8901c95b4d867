//! What a build publishes for credentials: each level's OB 3.0 achievement as JSON and
//! its badge, so credentials can point at them, and with a `base_url` the academy's
//! did:web document.

use crate::model::Course;
use crate::write::OutputFile;

use super::{bake, didweb, ob3};

/// The achievement JSON and badge SVG of every level, and the DID document.
pub fn files(course: &Course) -> Vec<OutputFile> {
    let config = &course.config;
    let did_document = config
        .base_url
        .as_deref()
        .zip(config.issuer.as_ref())
        .and_then(|(base, issuer)| {
            let did = didweb::did(base)?;
            Some(OutputFile {
                path: didweb::document_path(base).to_string(),
                bytes: serde_json::to_vec_pretty(&didweb::document(&did, &issuer.trainers))
                    .unwrap_or_default(),
            })
        });
    config
        .levels
        .iter()
        .flat_map(|level| {
            let mut achievement = ob3::achievement(config, level);
            // Published alone, the achievement names its context.
            if let Some(object) = achievement.as_object_mut() {
                object.insert("@context".into(), serde_json::json!(ob3::CONTEXT));
            }
            [
                OutputFile {
                    path: ob3::achievement_path(level),
                    bytes: serde_json::to_vec_pretty(&achievement).unwrap_or_default(),
                },
                OutputFile {
                    path: format!("achievements/{}.svg", level.id),
                    bytes: bake::badge(config, level).into_bytes(),
                },
            ]
        })
        .chain(did_document)
        .collect()
}
