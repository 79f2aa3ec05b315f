//! Shell completion scripts: clap_complete's, from the clap definition, with
//! a small hand-written addition (bash, zsh, fish) that completes
//! environment names from the database.
//!
//! The scripts ask `sessadm __complete env-names -- WORDS...` whether the
//! cursor is on an environment NAME. That helper parses the words with the
//! real clap definition (so the grammar lives in one place), reads the
//! database read-only (it never creates one), and prints the names; any
//! problem means no names, never an error on the user's terminal.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::{Shell, generate};

use crate::cli::Cli;

/// The id of every positional that names an existing environment.
pub const ENV_NAME: &str = "env_name";

const BASH_EXTRA: &str = include_str!("extra.bash");
const ZSH_EXTRA: &str = include_str!("extra.zsh");
const FISH_EXTRA: &str = include_str!("extra.fish");
const ZSH_TAIL: &str = "if [ \"$funcstack[1]\" = \"_sessadm\" ]; then\n";

/// The file each shell's script is committed as, under `completions/`.
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "sessadm.bash",
        Shell::Zsh => "_sessadm",
        Shell::Fish => "sessadm.fish",
        Shell::PowerShell => "_sessadm.ps1",
        Shell::Elvish => "sessadm.elv",
        _ => "sessadm.completion",
    }
}

pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

/// Exactly what `sessadm completions SHELL` prints.
pub fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    generate(shell, &mut Cli::command(), "sessadm", &mut buf);
    let mut s = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => s.push_str(BASH_EXTRA),
        Shell::Fish => s.push_str(FISH_EXTRA),
        Shell::Zsh => s = patch_zsh(&s),
        _ => {}
    }
    s
}

/// zsh: point the environment NAME positionals at `_sessadm_env_names`
/// instead of `_default`, and define that function before the generated
/// tail (so it exists whether the file is sourced or autoloaded).
fn patch_zsh(generated: &str) -> String {
    let mut out = String::with_capacity(generated.len() + ZSH_EXTRA.len());
    for line in generated.split_inclusive('\n') {
        if line.starts_with(&format!("':{ENV_NAME}"))
            && let Some(head) = line.strip_suffix(":_default' \\\n")
        {
            out.push_str(head);
            out.push_str(":_sessadm_env_names' \\\n");
            continue;
        }
        if line == ZSH_TAIL {
            out.push_str(ZSH_EXTRA);
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// `sessadm __complete env-names [-- WORD...]`: WORDs are the command-line
/// words after the program name, up to the word being completed. Exit 0 and
/// print one name a line when the cursor is on an environment NAME; exit 1
/// (printing nothing) otherwise.
pub fn helper(args: &[OsString]) -> u8 {
    let Some((what, rest)) = args.split_first() else {
        return 2;
    };
    if what != "env-names" {
        return 2;
    }
    let words: &[OsString] = match rest.split_first() {
        None => &[],
        Some((dd, w)) if dd == "--" => w,
        Some(_) => return 2,
    };
    let Some(db) = env_name_slot(words) else {
        return 1;
    };
    let mut out = std::io::stdout().lock();
    for name in db.map(|p| env_names(&p)).unwrap_or_default() {
        if writeln!(out, "{name}").is_err() {
            break;
        }
    }
    0
}

/// A word no one types: where the cursor is.
const CURSOR: &str = "\u{1}__sessadm_cursor__";

/// Parse `sessadm WORDS... <CURSOR>` leniently: `Some(db)` when the cursor
/// lands on an environment NAME. `db` is a typed `--db`, else `SESSADM_DB`
/// (clap reads it), else the default path.
fn env_name_slot(words: &[OsString]) -> Option<Option<PathBuf>> {
    let argv = std::iter::once(OsString::from("sessadm"))
        .chain(words.iter().cloned())
        .chain(std::iter::once(OsString::from(CURSOR)));
    let m = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(argv)
        .ok()?;
    let (_, m) = m.subcommand()?;
    let m = match m.subcommand() {
        Some((_, inner)) => inner,
        None => m,
    };
    let at_slot = m
        .try_get_one::<String>(ENV_NAME)
        .ok()
        .flatten()
        .is_some_and(|v| v == CURSOR);
    if !at_slot {
        return None;
    }
    let typed = m
        .try_get_one::<PathBuf>("db")
        .ok()
        .flatten()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| expand_tilde(p));
    Some(
        typed
            .or_else(|| crate::commands::db_from_env().ok().flatten())
            .or_else(crate::store::default_path),
    )
}

fn expand_tilde(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

/// Names from the database, read-only (nothing created, nothing waited
/// for); nothing on any problem.
pub fn env_names(db: &Path) -> Vec<String> {
    let Ok(mut store) = crate::store::Store::open_read(db) else {
        return Vec::new();
    };
    store
        .read(|r| r.environments())
        .map(|envs| envs.into_iter().map(|e| e.name).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(words: &[&str]) -> bool {
        let words: Vec<OsString> = words.iter().map(OsString::from).collect();
        env_name_slot(&words).is_some()
    }

    #[test]
    fn finds_the_name_slots_and_only_them() {
        for yes in [
            &["env", "show"][..],
            &["env", "remove"],
            &["env", "update"],
            &["env", "set-timeout"],
            &["env", "set-inactivity", "--db", "x.db"],
            &["--db=x.db", "env", "history"],
            &["-o", "json", "env", "show"],
        ] {
            assert!(slot(yes), "{yes:?}");
        }
        for no in [
            &["env"][..],
            &["env", "add"],
            &["env", "show", "prod"],
            &["env", "set-timeout", "prod", "--length"],
            &["rules"],
            &["simulate"],
        ] {
            assert!(!slot(no), "{no:?}");
        }
    }

    #[test]
    fn the_zsh_patch_applies() {
        let s = script(Shell::Zsh);
        assert!(
            s.contains(":_sessadm_env_names'"),
            "no NAME positional patched"
        );
        assert!(s.contains("_sessadm_env_names() {"), "helper not inserted");
        assert!(!s.contains(&format!(
            "':{ENV_NAME} -- The environment's name (case does not matter):_default'"
        )));
    }
}
