//! completions/ and man/ are generated from the clap definition: the
//! committed copies must be exactly what `sessadm completions SHELL` and
//! `sessadm man` print. With SESSADM_REGENERATE=1 this test rewrites them.

use std::path::PathBuf;

use sessadm::completion::{SHELLS, file_name, script};

use super::Sandbox;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compare (or, when regenerating, write) one generated file.
fn check(path: PathBuf, fresh: &str, stale: &mut Vec<String>) {
    if std::env::var_os("SESSADM_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        stale.push(path.display().to_string());
    }
}

#[test]
fn committed_completions_and_man_page_are_current() {
    let mut stale = Vec::new();
    for shell in SHELLS {
        check(
            root().join("completions").join(file_name(shell)),
            &script(shell),
            &mut stale,
        );
    }
    check(
        root().join("man/sessadm.1"),
        &sessadm::man::page(),
        &mut stale,
    );
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?} — run `SESSADM_REGENERATE=1 cargo test` and commit them"
    );
}

#[test]
fn the_binary_prints_exactly_the_committed_files() {
    let s = Sandbox::new();
    for (shell, file) in [
        ("bash", "sessadm.bash"),
        ("zsh", "_sessadm"),
        ("fish", "sessadm.fish"),
        ("powershell", "_sessadm.ps1"),
        ("elvish", "sessadm.elv"),
    ] {
        let committed = std::fs::read_to_string(root().join("completions").join(file)).unwrap();
        assert_eq!(s.ok(&["completions", shell]), committed, "{shell}");
    }
    let man = std::fs::read_to_string(root().join("man/sessadm.1")).unwrap();
    assert_eq!(s.ok(&["man"]), man);
    // Neither needs a database.
    assert!(!s.db.exists());
    s.fails(&["completions", "tcsh"], 2);
}
