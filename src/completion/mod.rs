//! Shell completion scripts: clap_complete's, from the clap definition, with
//! a small hand-written addition (bash, zsh, fish) that completes
//! environment names from the database.
//!
//! Where a name is taken is listed once, in [`NAME_SLOTS`]. The scripts ask
//! `sessadm __complete env-names -- WORDS...` whether the cursor is on one
//! of those slots. That helper parses the words with the real clap
//! definition (so the grammar lives in one place), reads the database
//! read-only (it never creates one), and prints the names; any problem
//! means no names, never an error on the user's terminal.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::builder::PossibleValuesParser;
use clap::{ArgMatches, Command, CommandFactory};
use clap_complete::{Shell, generate};

use crate::cli::Cli;

/// Every argument that takes the name of an existing environment: the
/// subcommand path and the argument's clap id. The one place to add a
/// command that takes names (`pull`, `push`); a test fails when an argument
/// called NAME is missing here.
pub const NAME_SLOTS: &[(&[&str], &str)] = &[
    (&["env", "show"], "env_name"),
    (&["env", "update"], "env_name"),
    (&["env", "remove"], "env_name"),
    (&["env", "set-timeout"], "env_name"),
    (&["env", "set-inactivity"], "env_name"),
    (&["env", "history"], "env_name"),
    (&["simulate"], "env"),
    (&["whatif"], "env"),
    (&["import-dataverse"], "env"),
    (&["audit"], "names"),
    (&["export"], "names"),
    (&["pull"], "names"),
    (&["push"], "names"),
];

const BASH_EXTRA: &str = include_str!("extra.bash");
const ZSH_EXTRA: &str = include_str!("extra.zsh");
const FISH_EXTRA: &str = include_str!("extra.fish");
const ZSH_TAIL: &str = "if [ \"$funcstack[1]\" = \"_sessadm\" ]; then\n";

/// The only possible value of every name slot in the copy of the definition
/// the zsh and fish scripts are generated from: each place it lands in their
/// output is a name slot, and is pointed at the names instead.
const MARK: &str = "sessadm_env_name_slot";

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
    let command = match shell {
        Shell::Zsh | Shell::Fish => marked(),
        _ => Cli::command(),
    };
    let mut s = generated(shell, command);
    match shell {
        Shell::Bash => s.push_str(BASH_EXTRA),
        Shell::Fish => {
            // `--env NAME`: fish completes an option's value only from that
            // option's own list.
            s = s.replace(
                &format!("-a \"{MARK}\\t''\""),
                "-a \"(__fish_sessadm_env_names)\"",
            );
            s.push_str(FISH_EXTRA);
        }
        Shell::Zsh => s = patch_zsh(&s),
        _ => {}
    }
    s
}

fn generated(shell: Shell, mut command: Command) -> String {
    let mut buf = Vec::new();
    generate(shell, &mut command, "sessadm", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The definition with [`MARK`] as the one possible value of every slot,
/// in place: commands and arguments keep their order.
fn marked() -> Command {
    mark(Cli::command(), &mut Vec::new())
}

fn mark(cmd: Command, path: &mut Vec<String>) -> Command {
    let here: Vec<&str> = path.iter().map(String::as_str).collect();
    let cmd = cmd.mut_args(|a| {
        if is_slot(&here, a.get_id().as_str()) {
            a.value_parser(PossibleValuesParser::new([MARK]))
        } else {
            a
        }
    });
    cmd.mut_subcommands(|sub| {
        path.push(sub.get_name().to_string());
        let sub = mark(sub, path);
        path.pop();
        sub
    })
}

/// Whether the argument `id` of the subcommand at `path` takes a name.
fn is_slot(path: &[&str], id: &str) -> bool {
    NAME_SLOTS.iter().any(|&(p, i)| p == path && i == id)
}

/// zsh: point the name slots at `_sessadm_env_names` instead of the
/// marker's list, and define that function before the generated tail (so
/// it exists whether the file is sourced or autoloaded).
fn patch_zsh(generated: &str) -> String {
    let generated = generated.replace(&format!(":({MARK})'"), ":_sessadm_env_names'");
    let mut out = String::with_capacity(generated.len() + ZSH_EXTRA.len());
    for line in generated.split_inclusive('\n') {
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
/// lands on a name slot. A last word `--opt=` is the option whose value the
/// cursor is on. `db` is a typed `--db`, else `SESSADM_DB` (clap reads it),
/// else the default path.
fn env_name_slot(words: &[OsString]) -> Option<Option<PathBuf>> {
    let mut argv: Vec<OsString> = Vec::with_capacity(words.len() + 2);
    argv.push(OsString::from("sessadm"));
    argv.extend(words.iter().cloned());
    match argv.last_mut() {
        Some(last)
            if last
                .to_str()
                .is_some_and(|w| w.starts_with("--") && w.ends_with('=')) =>
        {
            last.push(CURSOR)
        }
        _ => argv.push(OsString::from(CURSOR)),
    }
    let m = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(argv)
        .ok()?;
    let (path, m) = leaf(&m);
    let at_slot = NAME_SLOTS
        .iter()
        .filter(|(p, _)| *p == path.as_slice())
        .any(|&(_, id)| {
            m.try_get_raw(id)
                .ok()
                .flatten()
                .is_some_and(|mut values| values.any(|v| v == CURSOR))
        });
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
            .or_else(|| crate::store::db_from_env().ok().flatten())
            .or_else(crate::store::default_path),
    )
}

/// The subcommand path the words chose and its matches.
fn leaf(m: &ArgMatches) -> (Vec<&str>, &ArgMatches) {
    let mut path = Vec::new();
    let mut m = m;
    while let Some((name, inner)) = m.subcommand() {
        path.push(name);
        m = inner;
    }
    (path, m)
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
            &["simulate", "x.csv", "--env"],
            &["simulate", "--env"],
            &["simulate", "x.toml", "--until", "+1h", "--env="],
            &["whatif", "--inactivity", "15m", "--env"],
            &["import-dataverse", "f.json", "--env"],
            &["audit"],
            &["audit", "--strict"],
            &["audit", "prod", "--baseline", "hipaa"],
            &["export", "--format", "pac"],
            &["export", "prod"],
        ] {
            assert!(slot(yes), "{yes:?}");
        }
        for no in [
            &["env"][..],
            &["env", "add"],
            &["env", "show", "prod"],
            &["env", "set-timeout", "prod", "--length"],
            &["env", "update", "prod", "--rename"],
            &["rules"],
            &["simulate"],
            &["simulate", "x.csv", "--until"],
            &["simulate", "x.csv", "--env", "prod"],
            &["whatif", "--env", "prod", "--users"],
            &["audit", "--baseline"],
            &["export", "--format"],
            &["export", "--format="],
            &["validate"],
            &["apply"],
        ] {
            assert!(!slot(no), "{no:?}");
        }
    }

    /// Each listed slot is an argument of the definition, and every argument
    /// called NAME (other than a new environment's) is listed: a command
    /// that takes names and is not listed fails here.
    #[test]
    fn the_slots_are_the_name_arguments() {
        fn walk(cmd: &Command, path: &mut Vec<String>, found: &mut Vec<(Vec<String>, String)>) {
            for a in cmd.get_arguments() {
                let named = a
                    .get_value_names()
                    .is_some_and(|v| v.iter().any(|n| n == "NAME"));
                if named {
                    found.push((path.clone(), a.get_id().to_string()));
                }
            }
            for sub in cmd.get_subcommands() {
                path.push(sub.get_name().to_string());
                walk(sub, path, found);
                path.pop();
            }
        }
        let mut found = Vec::new();
        walk(&Cli::command(), &mut Vec::new(), &mut found);
        found.retain(|(p, id)| !(p == &["env", "add"] && id == "name"));
        let listed: Vec<(Vec<String>, String)> = NAME_SLOTS
            .iter()
            .map(|(p, id)| (p.iter().map(|s| s.to_string()).collect(), id.to_string()))
            .collect();
        for f in &found {
            assert!(
                listed.contains(f),
                "{f:?} takes a NAME: add it to NAME_SLOTS"
            );
        }
        for l in &listed {
            assert!(
                found.contains(l),
                "{l:?} is not a NAME argument of the definition"
            );
        }
    }

    #[test]
    fn every_slot_is_patched_in_zsh_and_the_options_in_fish() {
        let zsh = script(Shell::Zsh);
        assert_eq!(
            zsh.matches(":_sessadm_env_names' \\\n").count(),
            NAME_SLOTS.len(),
            "a name slot not patched"
        );
        assert!(
            zsh.contains("_sessadm_env_names() {"),
            "helper not inserted"
        );
        let fish = script(Shell::Fish);
        let options = NAME_SLOTS.iter().filter(|(_, id)| *id == "env").count();
        assert_eq!(
            fish.matches(" -r -f -a \"(__fish_sessadm_env_names)\"\n")
                .count(),
            options
        );
        for shell in SHELLS {
            assert!(!script(shell).contains(MARK), "{shell}");
        }
    }
}
