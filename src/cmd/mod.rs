//! The command's subcommands, one file each: its arguments and what it runs; and the
//! reporting they share.

pub mod build;
pub mod cohort;
pub mod credential;
pub mod help;
pub mod mv;
pub mod new;
pub mod package;
pub mod report;
pub mod serve;
