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
