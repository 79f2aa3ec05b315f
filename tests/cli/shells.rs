//! The completion scripts loaded in the real shells, and environment names
//! completed from the database. Each test skips, saying why, when its shell
//! is not installed (CI installs bash-completion, zsh and fish).

use std::path::PathBuf;
use std::process::{Command, Output};

use super::{Sandbox, bin, have, path_with};

fn completions() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions")
}

/// Run `program` with sessadm first on PATH, as an installed sessadm would be.
fn run(s: &Sandbox, program: &str, args: &[&str]) -> Output {
    let mut c: Command = s.command(program);
    c.args(args).env("PATH", path_with(bin().parent().unwrap()));
    c.output().expect("run the shell")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A database with three environments, one with a space and a quote.
fn with_names() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["env", "add", "contoso-prod"]);
    s.ok(&["env", "add", "contoso-test"]);
    s.ok(&["env", "add", "O'Brien dev"]);
    s
}

const BASH_COMPLETE: &str = r#"
source "$1"
complete -p sessadm
# Simulate readline: words of the line, '=' on its own as COMP_WORDBREAKS does.
_t() {
    local line=$1 fn
    COMP_LINE=$line COMP_POINT=${#line}
    read -ra COMP_WORDS <<< "${line//=/ = }"
    [[ $line == *[[:space:]] ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    fn=$(complete -p sessadm | sed -E 's/.* -F ([^ ]+) .*/\1/')
    COMPREPLY=()
    "$fn" sessadm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s|' "${COMPREPLY[@]}"
    echo
}
_t 'sessadm env show '
_t 'sessadm env set-timeout contoso-p'
_t 'sessadm env '
"#;

#[test]
fn bash_registers_and_completes_names() {
    if !have("bash") {
        return;
    }
    let s = with_names();
    let script = completions().join("sessadm.bash");
    let out = run(
        &s,
        "bash",
        &[
            "--norc",
            "--noprofile",
            "-c",
            BASH_COMPLETE,
            "t",
            script.to_str().unwrap(),
        ],
    );
    let t = text(&out);
    let lines: Vec<&str> = t.lines().collect();
    assert!(
        lines[0].starts_with("complete ") && lines[0].ends_with(" sessadm"),
        "{t}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(lines[1], r"contoso-prod|contoso-test|O\'Brien\ dev|", "{t}");
    assert_eq!(lines[2], "contoso-prod|", "{t}");
    assert!(lines[3].contains("set-timeout|"), "{t}");
}

const ZSH_COMPLETE: &str = r#"
zmodload zsh/zpty || exit 2
dir=$1; line=$2; out=$3
zpty z zsh -f -i
zpty -w z "PS1='' PROMPT_EOL_MARK=''; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no"
zpty -w z "compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)* ]]; then builtin compadd \"\$@\"; return; fi; local -a __m; builtin compadd -A __m \"\$@\"; local r=\$?; print -rl -- \$__m >> ${(q)out}; return r; }"
zpty -w z "comppostfuncs=( _cap_done ); _cap_done() { print -r -- __DONE__ >> ${(q)out} }"
zpty -w -n z "$line"$'\t'
for i in {1..100}; do grep -q '^__DONE__$' $out 2>/dev/null && break; sleep 0.1; done
zpty -d z
"#;

#[test]
fn zsh_autoloads_the_function_and_completes_names() {
    if !have("zsh") {
        return;
    }
    let s = with_names();
    let dir = completions();
    let check = format!(
        "fpath=({} $fpath); autoload -U compinit && compinit -u -D; whence -w _sessadm; print $_comps[sessadm]",
        dir.display()
    );
    let out = run(&s, "zsh", &["-f", "-c", &check]);
    assert!(
        text(&out).contains("_sessadm: function"),
        "{}{}",
        text(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        run(&s, "zsh", &["-n", dir.join("_sessadm").to_str().unwrap()])
            .status
            .success()
    );
    let captured = s.path("zsh-out");
    run(
        &s,
        "zsh",
        &[
            "-f",
            "-c",
            ZSH_COMPLETE,
            "t",
            dir.to_str().unwrap(),
            "sessadm env show ",
            captured.to_str().unwrap(),
        ],
    );
    let got = std::fs::read_to_string(&captured).unwrap_or_default();
    // zsh inserts a name quoted for the command line: O\'Brien\ dev.
    for name in ["contoso-prod", "contoso-test", "O'Brien dev"] {
        assert!(
            got.lines().any(|l| l.replace('\\', "") == name),
            "{name} not offered: {got:?}"
        );
    }
}

#[test]
fn fish_offers_subcommands_and_names() {
    if !have("fish") {
        return;
    }
    let s = with_names();
    let script = completions().join("sessadm.fish");
    let cmd = format!(
        "source {}; complete -C 'sessadm env '; echo ---; complete -C 'sessadm env show '; echo ---; complete -C 'sessadm --db {} env remove contoso-t'",
        script.display(),
        s.db.display()
    );
    let out = run(&s, "fish", &["--no-config", "-c", &cmd]);
    let t = text(&out);
    let parts: Vec<&str> = t.split("---\n").collect();
    assert!(
        parts[0].lines().any(|l| l.starts_with("set-timeout")),
        "{t}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<&str> = parts[1]
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{t}");
    assert!(names.contains(&"contoso-prod"), "{t}");
    assert!(
        parts[2].lines().any(|l| l.starts_with("contoso-test")),
        "{t}"
    );
}

/// Every place a name is taken, as typed up to the cursor: each must offer
/// every environment. Options and positionals after other flags too.
const NAME_PLACES: &[&str] = &[
    "sessadm env show ",
    "sessadm env update ",
    "sessadm env remove ",
    "sessadm env set-timeout ",
    "sessadm env set-inactivity ",
    "sessadm env history ",
    "sessadm -o json env history ",
    "sessadm audit ",
    "sessadm audit --strict ",
    "sessadm audit --baseline hipaa contoso-prod ",
    "sessadm export ",
    "sessadm export --format pac ",
    "sessadm simulate x.csv --env ",
    "sessadm simulate --until +1h x.toml --env ",
    "sessadm whatif --env ",
    "sessadm whatif --inactivity 15m --env ",
    "sessadm import-dataverse f.json --env ",
];

/// Places that take something else: no name is offered.
const OTHER_PLACES: &[&str] = &[
    "sessadm export --format ",
    "sessadm simulate x.csv --until ",
    "sessadm env add ",
    "sessadm env update contoso-prod --rename ",
];

const NAMES: [&str; 3] = ["contoso-prod", "contoso-test", "O'Brien dev"];

/// What each line offered, one entry per line, with the shell's quoting
/// taken off; the failure says which place is wrong.
#[track_caller]
fn assert_names_at_every_place(shell: &str, offered: &[Vec<String>]) {
    assert_eq!(
        offered.len(),
        NAME_PLACES.len() + OTHER_PLACES.len(),
        "{shell}: {offered:?}"
    );
    for (line, got) in NAME_PLACES.iter().zip(offered) {
        for name in NAMES {
            assert!(
                got.iter().any(|g| g == name),
                "{shell}: `{line}<TAB>` does not offer {name}: {got:?}"
            );
        }
    }
    for (line, got) in OTHER_PLACES.iter().zip(&offered[NAME_PLACES.len()..]) {
        assert!(
            !got.iter().any(|g| NAMES.contains(&g.as_str())),
            "{shell}: `{line}<TAB>` offers names: {got:?}"
        );
    }
}

/// bash-completion's own file, when installed (the generated script uses it
/// for what is not a name).
const BASH_COMPLETION: &str = "/usr/share/bash-completion/bash_completion";

#[test]
fn bash_completes_names_wherever_a_name_is_taken() {
    if !have("bash") {
        return;
    }
    let s = with_names();
    let script = completions().join("sessadm.bash");
    let mut program = format!(
        "[[ -f {BASH_COMPLETION} ]] && source {BASH_COMPLETION}\n{}",
        BASH_COMPLETE.replace("complete -p sessadm\n", "")
    );
    // Drop the existing probes after the _t definition; ask ours.
    program.truncate(program.find("_t 'sessadm").unwrap());
    for line in NAME_PLACES.iter().chain(OTHER_PLACES) {
        program.push_str(&format!("_t '{line}'\n"));
    }
    program
        .push_str("_t 'sessadm simulate x.csv --env=contoso-t'\n_t 'sessadm audit --strict O'\n");
    program.push_str("_t 'sessadm whatif --env='\n");
    let out = run(
        &s,
        "bash",
        &[
            "--norc",
            "--noprofile",
            "-c",
            &program,
            "t",
            script.to_str().unwrap(),
        ],
    );
    let t = text(&out);
    let unquote = |w: &str| w.replace('\\', "");
    let offered: Vec<Vec<String>> = t
        .lines()
        .map(|l| {
            l.split('|')
                .filter(|w| !w.is_empty())
                .map(unquote)
                .collect()
        })
        .collect();
    let n = NAME_PLACES.len() + OTHER_PLACES.len();
    assert_eq!(
        offered.len(),
        n + 3,
        "{t}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_names_at_every_place("bash", &offered[..n]);
    assert_eq!(offered[n], ["contoso-test"], "--env=: {t}");
    assert_eq!(offered[n + 1], ["O'Brien dev"], "{t}");
    // Right after `--env=`, bash's word is the '=' itself.
    assert_eq!(offered[n + 2], NAMES, "--env=: {t}");
}

/// Like ZSH_COMPLETE, for several lines in one zsh: each line's matches,
/// then __DONE__, in the output file.
const ZSH_COMPLETE_EACH: &str = r#"
zmodload zsh/zpty || exit 2
dir=$1; out=$2; shift 2
zpty z zsh -f -i
zpty -w z "PS1='' PROMPT_EOL_MARK=''; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no"
zpty -w z "compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)* ]]; then builtin compadd \"\$@\"; return; fi; local -a __m; builtin compadd -A __m \"\$@\"; local r=\$?; print -rl -- \$__m >> ${(q)out}; return r; }"
zpty -w z "_cap_done() { print -r -- __DONE__ >> ${(q)out} }"
n=0
for line in "$@"; do
    (( n++ ))
    # comppostfuncs is emptied after each completion: set it again.
    zpty -w z "comppostfuncs=( _cap_done )"
    zpty -w -n z "$line"$'\t'
    for i in {1..100}; do
        c=$(grep -c '^__DONE__$' $out 2>/dev/null)
        (( ${c:-0} >= n )) && break
        sleep 0.05
    done
    zpty -w -n z $'\x15'
done
zpty -d z
"#;

#[test]
fn zsh_completes_names_wherever_a_name_is_taken() {
    if !have("zsh") {
        return;
    }
    let s = with_names();
    let dir = completions();
    let captured = s.path("zsh-out");
    let mut args = vec![
        "-f".to_string(),
        "-c".to_string(),
        ZSH_COMPLETE_EACH.to_string(),
        "t".to_string(),
        dir.to_str().unwrap().to_string(),
        captured.to_str().unwrap().to_string(),
    ];
    args.extend(
        NAME_PLACES
            .iter()
            .chain(OTHER_PLACES)
            .map(|l| l.to_string()),
    );
    args.push("sessadm simulate x.csv --env=contoso-t".to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&s, "zsh", &args);
    let got = std::fs::read_to_string(&captured).unwrap_or_default();
    // zsh inserts a name quoted for the command line: O\'Brien\ dev.
    let offered: Vec<Vec<String>> = got
        .split("__DONE__\n")
        .map(|part| part.lines().map(|l| l.replace('\\', "")).collect())
        .collect();
    let n = NAME_PLACES.len() + OTHER_PLACES.len();
    // The text after the last __DONE__ is empty.
    assert_eq!(offered.len(), n + 2, "{got}");
    assert_names_at_every_place("zsh", &offered[..n]);
    assert_eq!(offered[n], ["contoso-test"], "--env=: {got}");
}

#[test]
fn fish_completes_names_wherever_a_name_is_taken() {
    if !have("fish") {
        return;
    }
    let s = with_names();
    let script = completions().join("sessadm.fish");
    let mut cmd = format!("source {}", script.display());
    for line in NAME_PLACES
        .iter()
        .chain(OTHER_PLACES)
        .chain(&["sessadm simulate x.csv --env=contoso-t"])
    {
        cmd.push_str(&format!("; complete -C '{line}'; echo ---"));
    }
    let out = run(&s, "fish", &["--no-config", "-c", &cmd]);
    let t = text(&out);
    let offered: Vec<Vec<String>> = t
        .split("---\n")
        .map(|part| {
            part.lines()
                .map(|l| l.split('\t').next().unwrap_or("").to_string())
                .collect()
        })
        .collect();
    let n = NAME_PLACES.len() + OTHER_PLACES.len();
    assert_eq!(
        offered.len(),
        n + 2,
        "{t}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_names_at_every_place("fish", &offered[..n]);
    assert_eq!(offered[n], ["--env=contoso-test"], "--env=: {t}");
}

#[test]
fn the_helper_never_creates_a_database() {
    let s = Sandbox::new();
    let out = s
        .cmd()
        .args(["__complete", "env-names", "--", "env", "show"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(!s.db.exists());
    let out = s
        .cmd()
        .args(["__complete", "env-names", "--", "env", "add"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_man_page_passes_mandoc_lint() {
    if !have("mandoc") {
        return;
    }
    let page = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("man/sessadm.1");
    let out = Command::new("mandoc")
        .args(["-T", "lint", "-W", "error"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&page).unwrap();
    for section in [
        ".SH DESCRIPTION",
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
    ] {
        let plain = section.replace('"', "");
        assert!(
            text.contains(section) || text.contains(&plain),
            "{section} missing"
        );
    }
    for var in ["SESSADM_DB", "SESSADM_OUTPUT", "SESSADM_ACTOR", "NO_COLOR"] {
        assert!(text.contains(var), "{var} missing");
    }
}
