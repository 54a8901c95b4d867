//! `coursemark serve`: runs the library's server and prints what it reports.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use coursemark::serve::{Event, ServeOptions};

use super::report::{Format, Verb, plural, report};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The course folder [default: the current folder when it holds a course.toml, else content]
    dir: Option<PathBuf>,
    #[arg(short, long, default_value_t = 3000)]
    port: u16,
    /// The address to listen on; anything but 127.0.0.1 exposes the course to your network.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Where the preview is written [default: a folder of its own in the system's temp
    /// folder, never public/: the preview holds drafts]
    #[arg(short, long)]
    out: Option<PathBuf>,
    #[arg(long)]
    trainer: bool,
    /// Open the course in the default browser.
    #[arg(long)]
    open: bool,
}

pub fn serve(
    ServeArgs {
        dir,
        port,
        host,
        out,
        trainer,
        open,
    }: ServeArgs,
) -> Result<ExitCode, String> {
    let dir = coursemark::course_dir(dir);
    let out = out.unwrap_or_else(|| preview_dir(&dir, trainer));
    if host != "127.0.0.1" && host != "localhost" {
        eprintln!(
            "warning: listening on {host}: anyone who can reach this machine can read the course"
        );
    }
    // Ctrl-C ends the server cleanly; pages are written by rename, so none is left half-written.
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nStopped.");
        std::process::exit(0);
    });
    let options = ServeOptions {
        source: dir.clone(),
        out: out.clone(),
        host,
        port,
        trainer,
    };
    coursemark::serve::serve(&options, |event| match event {
        Event::Checked {
            checked,
            changed,
            elapsed,
            first,
            serving,
        } => {
            report(
                &dir,
                checked,
                if first { Verb::Build } else { Verb::Rebuild },
                Format::Rich,
            );
            if !checked.has_errors() && !first {
                eprintln!(
                    "Rebuilt in {} ms ({changed} files changed)",
                    elapsed.as_millis()
                );
            } else if !checked.has_errors() {
                eprintln!(
                    "Built {} in {} ms",
                    plural(
                        checked.course.as_ref().map_or(0, |c| c.modules().count()),
                        "module"
                    ),
                    elapsed.as_millis()
                );
            } else if serving {
                eprintln!("Serving the last good build; fix the errors and it rebuilds.");
            } else {
                eprintln!(
                    "Nothing to serve yet: the course has not built without errors. Fix them and it builds."
                );
            }
        }
        Event::Listening(url) => {
            eprintln!(
                "Serving at {url} (Ctrl-C to stop); watching {} for changes",
                dir.display()
            );
            eprintln!(
                "The preview, drafts included, is written to {}; `coursemark build` writes the site to publish",
                out.display()
            );
            if open {
                open_browser(&url);
            }
        }
    })
    .map_err(|e| match e {
        coursemark::Error::Io(io) if io.kind() == std::io::ErrorKind::AddrInUse => {
            format!(
                "{io}; is another server using port {port}? Try `coursemark serve -p {}`",
                port.wrapping_add(1)
            )
        }
        other => other.to_string(),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The preview's own folder, one per course folder and edition, in the system's temp
/// folder. `serve` shows drafts (and with `--trainer`, the trainer notes), so it never
/// writes into `public/`, where `build` puts the site to publish: a deploy after a
/// preview would publish them.
fn preview_dir(course: &Path, trainer: bool) -> PathBuf {
    let course = course
        .canonicalize()
        .unwrap_or_else(|_| course.to_path_buf());
    let mut hasher = std::hash::DefaultHasher::new();
    course.hash(&mut hasher);
    let edition = if trainer { "-trainer" } else { "" };
    std::env::temp_dir().join(format!(
        "coursemark-preview-{:016x}{edition}",
        hasher.finish()
    ))
}

/// Opens `url` with the desktop's browser; failing to is only worth a note.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Could not open a browser; visit {url}");
    }
}
