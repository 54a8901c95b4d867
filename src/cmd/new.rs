//! `coursemark new` (a course, or a module in one) and `coursemark theme eject`: the
//! commands that write starting files for the author.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::report::plural;

#[derive(clap::Args)]
pub struct NewArgs {
    /// The new course folder, or `module` to add a module.
    target: PathBuf,
    /// The title of the new module (with `module`) or course.
    title: Option<String>,
    /// With `module`: the part number to add it to (default: the last part).
    #[arg(long)]
    part: Option<u32>,
    /// With `module`: the title of a part to start (with --part N for a new number).
    #[arg(long)]
    part_title: Option<String>,
    /// With `module`: the course folder [default: the current folder when it holds a course.toml, else content]
    #[arg(long)]
    course: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum ThemeAction {
    /// Write the default theme into the course's themes/NAME folder as a starting point.
    Eject {
        /// The course folder [default: the current folder when it holds a course.toml, else content]
        dir: Option<PathBuf>,
        #[arg(long, default_value = "custom")]
        name: String,
    },
}

pub fn new(
    NewArgs {
        target,
        title,
        part,
        part_title,
        course,
    }: NewArgs,
) -> Result<ExitCode, String> {
    if target == Path::new("module") {
        let title = title.ok_or("give the module a title: coursemark new module \"Title\"")?;
        let course = coursemark::course_dir(course);
        let path = coursemark::scaffold::new_module(&course, &title, part, part_title.as_deref())
            .map_err(|e| e.to_string())?;
        eprintln!("Created {}", path.display());
    } else {
        let title = title.unwrap_or_else(|| coursemark::scaffold::title_of(&target));
        let files = coursemark::scaffold::new_course(&target, &title).map_err(|e| e.to_string())?;
        let modules = files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
            .filter(|f| !f.ends_with("index.md"))
            .count();
        eprintln!(
            "Created the course \"{title}\" with {} in {}. Next: coursemark serve {}",
            plural(modules, "module"),
            target.display(),
            shell_word(&target)
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn theme(action: ThemeAction) -> Result<ExitCode, String> {
    let ThemeAction::Eject { dir, name } = action;
    let dir = coursemark::course_dir(dir);
    let target = dir.join("themes").join(&name);
    let files = coursemark::theme::eject(&target).map_err(|e| e.to_string())?;
    eprintln!("Wrote {} files to {}.", files.len(), target.display());
    match coursemark::scaffold::set_theme(&dir, &name).map_err(|e| e.to_string())? {
        Some(before) if before == name => {}
        Some(before) => eprintln!(
            "course.toml uses the theme `{before}`; set `theme = \"{name}\"` at its top (above the first [table]) to use this one."
        ),
        None => {
            eprintln!("Set `theme = \"{name}\"` in course.toml: the course uses it now.")
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A path as one shell word, quoted when it holds anything but plain characters, so
/// the printed command can be pasted as it is.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text
    } else {
        let escaped: String = text
            .chars()
            .flat_map(|c| {
                let escape = matches!(c, '"' | '\\' | '$' | '`');
                escape.then_some('\\').into_iter().chain(std::iter::once(c))
            })
            .collect();
        format!("\"{escaped}\"")
    }
}
