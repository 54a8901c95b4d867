//! `coursemark help [COMMAND]`: a command's help as clap writes it, and
//! `coursemark help format`, the reference of every key of the course format.

use std::process::ExitCode;

use clap::CommandFactory;

#[derive(clap::Args)]
pub struct HelpArgs {
    /// A command, or `format` for every key of course.toml, _part.toml, front matter and glossary.toml.
    topic: Vec<String>,
}

pub fn help<C: CommandFactory>(HelpArgs { topic }: HelpArgs) -> Result<ExitCode, String> {
    if topic.len() == 1 && topic[0] == "format" {
        print!("{}", coursemark::reference::format());
        return Ok(ExitCode::SUCCESS);
    }
    let mut command = C::command();
    // Built, so each command's usage line carries the program's name.
    command.build();
    for name in &topic {
        command = command.find_subcommand(name).cloned().ok_or_else(|| {
            format!(
                "no command or topic `{name}`; try `coursemark help` or `coursemark help format`"
            )
        })?;
    }
    command
        .print_long_help()
        .map_err(|e| format!("printing the help: {e}"))?;
    println!();
    Ok(ExitCode::SUCCESS)
}
