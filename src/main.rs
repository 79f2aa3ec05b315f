//! The doorway: parse, run, report the error once, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use sessadm::cli::Cli;
use sessadm::error::Error;

fn main() -> ExitCode {
    sessadm::term::on_interrupt();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The completion scripts' helper, kept out of clap and --help.
    if args.get(1).is_some_and(|a| a == "__complete") {
        return ExitCode::from(sessadm::completion::helper(&args[2..]));
    }
    let json = sessadm::commands::wants_json(&args);
    let result = match Cli::try_parse_from(&args) {
        Ok(cli) => sessadm::commands::run(cli),
        Err(e) => sessadm::commands::clap_error(e, json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e, json);
            ExitCode::from(e.exit_code())
        }
    }
}

fn report(e: &Error, json: bool) {
    let mut err = std::io::stderr().lock();
    let _ = match e {
        _ if e.already_reported() => Ok(()),
        _ if json => writeln!(err, "{}", e.to_json()),
        Error::Declined(m) => writeln!(err, "{m}"),
        _ => e
            .lines()
            .iter()
            .try_for_each(|l| writeln!(err, "{}", sessadm::term::paint_error(l))),
    };
}
