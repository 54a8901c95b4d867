//! Writes the synthetic course the benchmarks build, for scripts that need one:
//! `cargo run --release --example synth-course -- DIR [MODULES]` (default 1,000 modules,
//! the benchmarks' fixed seed).

// Shared with the benchmarks, which also write a Hugo site and pick a scratch folder.
#[allow(dead_code)]
#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: synth-course DIR [MODULES]");
        return ExitCode::FAILURE;
    };
    let modules = match args.next().map(|n| n.to_string_lossy().parse::<usize>()) {
        None => 1000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("MODULES must be a number: {e}");
            return ExitCode::FAILURE;
        }
    };
    match synth::write_course(&dir, modules, 42) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("could not write {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
