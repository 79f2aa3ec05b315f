//! The layering drawn in README.md's "Layout" section, checked against the
//! source: every `crate::module` a file names must sit below the file's own
//! module in the picture, or to its right in the same row. Test builds only;
//! it reads files and owns no behaviour.

use std::collections::BTreeMap;
use std::path::Path;

/// Each module of the picture: (row, column), top-left first.
fn picture() -> BTreeMap<String, (usize, usize)> {
    let readme = include_str!("../README.md");
    let after = readme
        .split("Imports run one way")
        .nth(1)
        .expect("README.md's Layout section states how imports run");
    let block = after
        .split("```")
        .nth(1)
        .expect("the layering picture is a fenced block");
    let mut at = BTreeMap::new();
    for (row, line) in block.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        for (col, word) in line.split_whitespace().enumerate() {
            let name = word.trim_end_matches('/').trim_end_matches(".rs");
            at.insert(name.to_string(), (row, col));
        }
    }
    at
}

/// The top-level modules a file names through `crate::`.
fn imports(text: &str) -> Vec<String> {
    text.split("crate::")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|m| !m.is_empty())
        .collect()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_run_down_the_layout_picture() {
    let at = picture();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        if matches!(module.as_str(), "lib" | "layers") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for target in imports(&text) {
            if target == module {
                continue;
            }
            // Test builds only: the fuzz targets may reach any core module.
            if module == "fuzz" {
                if target == "commands" {
                    wrong.push(format!("{} imports commands", rel.display()));
                }
                continue;
            }
            let (Some(from), Some(to)) = (at.get(&module), at.get(&target)) else {
                wrong.push(format!(
                    "{} ({module} → {target}): a module missing from the picture in README.md",
                    rel.display()
                ));
                continue;
            };
            let down = to.0 > from.0 || (to.0 == from.0 && to.1 > from.1);
            if !down {
                wrong.push(format!(
                    "{} imports {target}, which is not below {module} in README.md's picture",
                    rel.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn an_upward_import_would_be_found() {
    let at = picture();
    assert!(at["commands"].0 < at["render"].0);
    assert!(at["error"].0 > at["store"].0);
    assert_eq!(
        imports("use crate::commands::x;\nlet y = crate::store::open();"),
        ["commands", "store"]
    );
}
