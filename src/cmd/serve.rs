//! `coursemark serve`: runs the library's server and prints what it reports.

use std::path::PathBuf;
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
    #[arg(short, long, default_value = "public")]
    out: PathBuf,
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
        out,
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
