//! SPEC §2 "Control characters": refused at input from flags, policy files,
//! scenarios and Dataverse imports, naming the code point; whatever was
//! stored by other means is shown escaped in tables, exact in JSON. And a
//! huge value gives one short error line.

use serde_json::{Value, json};

use super::{DATAVERSE_FIXTURE, Sandbox};

/// One character of each class SPEC §2 refuses: the character, how sessadm
/// escapes it, its code point and its kind.
const CLASSES: [(char, &str, &str, &str); 7] = [
    ('\0', "\\u{0}", "U+0000", "a control character"),
    ('\u{1b}', "\\u{1b}", "U+001B", "a control character"),
    ('\u{85}', "\\u{85}", "U+0085", "a control character"),
    ('\u{202e}', "\\u{202e}", "U+202E", "a bidi override"),
    ('\u{2066}', "\\u{2066}", "U+2066", "a bidi isolate"),
    ('\u{200b}', "\\u{200b}", "U+200B", "a zero-width character"),
    ('\u{feff}', "\\u{feff}", "U+FEFF", "a byte-order mark"),
];

/// The classes a command-line argument can carry: an argument cannot hold
/// a NUL byte, so NUL is tested from files only.
fn in_argv() -> impl Iterator<Item = (char, &'static str, &'static str, &'static str)> {
    CLASSES.into_iter().filter(|c| c.0 != '\0')
}

/// A JSON/TOML `\uXXXX` escape of `c`.
fn u_escape(c: char) -> String {
    format!("\\u{:04X}", c as u32)
}

fn contains(what: &str, value: &str, point: &str, kind: &str, at: usize) -> String {
    format!("{what} {value} contains {point} ({kind}) at character {at}")
}

#[test]
fn each_class_is_refused_from_flags_and_nothing_is_stored() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "base"]);
    let before = s.dump();
    for (c, esc, point, kind) in in_argv() {
        let name = format!("a{c}b");
        let url = format!("https://x.com/{c}");
        let description = format!("tab\tthen {c}");
        let shown_name = format!("\"a{esc}b\"");
        let shown_url = format!("\"https://x.com/{esc}\"");
        let shown_desc = format!("\"tab\\tthen {esc}\"");
        let v6 = format!(
            "error[V6]: {}\n",
            contains("environment name", &shown_name, point, kind, 2)
        );
        let v7 = format!(
            "error[V7]: {}\n",
            contains("url", &shown_url, point, kind, 15)
        );
        let syntax = format!(
            "error[syntax]: {}\n",
            contains("description", &shown_desc, point, kind, 10)
        );
        assert_eq!(s.fails(&["env", "add", &name], 3), v6, "{point}");
        assert_eq!(s.fails(&["env", "add", "ok", "--url", &url], 3), v7);
        assert_eq!(
            s.fails(&["env", "add", "ok", "--description", &description], 3),
            syntax
        );
        assert_eq!(
            s.fails(&["env", "update", "base", "--rename", &name], 3),
            v6
        );
        assert_eq!(s.fails(&["env", "update", "base", "--url", &url], 3), v7);
        assert_eq!(
            s.fails(&["env", "update", "base", "--description", &description], 3),
            syntax
        );
        let j = s.json_error(&["env", "add", &name], 3);
        assert_eq!(j["code"], "V6");
        assert_eq!(j["details"]["value"], name.as_str(), "the value as given");
        assert_eq!(s.dump(), before, "{point}: something was stored");
    }
    // A tab is the one control character a description may hold.
    s.ok(&["env", "update", "base", "--description", "a\tb"]);
}

/// A policy file (TOML or JSON), for `validate` and `apply`: the name, URL
/// and description each with `c`, as `\uXXXX` escapes.
fn policy(c: char, json: bool) -> String {
    let e = u_escape(c);
    if json {
        format!(
            "{{\"environments\": [{{\n  \"name\": \"a{e}b\",\n  \"url\": \"https://x.com/{e}\",\n  \"description\": \"d{e}\"\n}}]}}\n"
        )
    } else {
        format!(
            "[[environments]]\nname = \"a{e}b\"\nurl = \"https://x.com/{e}\"\ndescription = \"d{e}\"\n"
        )
    }
}

#[test]
fn each_class_is_refused_in_policy_files_at_its_line_and_column() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "keep"]);
    let before = s.dump();
    for (c, esc, point, kind) in CLASSES {
        for (file, json, at) in [
            ("p.toml", false, [(2, 8), (3, 7), (4, 15)]),
            ("p.json", true, [(2, 11), (3, 10), (4, 18)]),
        ] {
            s.write(file, &policy(c, json));
            let want = format!(
                "{file}:{}:{}: error[V6]: {}\n{file}:{}:{}: error[V7]: {}\n{file}:{}:{}: error[syntax]: {}\n",
                at[0].0,
                at[0].1,
                contains("environment name", &format!("\"a{esc}b\""), point, kind, 2),
                at[1].0,
                at[1].1,
                contains("url", &format!("\"https://x.com/{esc}\""), point, kind, 15),
                at[2].0,
                at[2].1,
                contains("description", &format!("\"d{esc}\""), point, kind, 2),
            );
            assert_eq!(s.fails(&["validate", file], 3), want, "{file} {point}");
            assert_eq!(
                s.fails(&["--yes", "apply", file], 3),
                want,
                "{file} {point}"
            );
            assert_eq!(s.dump(), before, "{file} {point}: something was applied");
        }
    }
}

/// A scenario with `c` in every name and user it holds.
fn scenario(c: char, json: bool) -> String {
    let e = u_escape(c);
    if json {
        format!(
            r#"{{"start": "2026-03-02T08:00:00Z", "user": "u{e}",
"environment": {{"name": "main{e}"}},
"environments": [{{"name": "other{e}"}}],
"events": [
 {{"at": "+0s", "kind": "sign-in", "user": "v{e}"}},
 {{"at": "+1s", "kind": "access", "as_user": "w{e}"}},
 {{"at": "+2s", "kind": "open-env", "env": "x{e}"}}
]}}
"#
        )
    } else {
        format!(
            "start = \"2026-03-02T08:00:00Z\"\nuser = \"u{e}\"\n\
             [environment]\nname = \"main{e}\"\n\
             [[environments]]\nname = \"other{e}\"\n\
             [[events]]\nat = \"+0s\"\nkind = \"sign-in\"\nuser = \"v{e}\"\n\
             [[events]]\nat = \"+1s\"\nkind = \"access\"\nas_user = \"w{e}\"\n\
             [[events]]\nat = \"+2s\"\nkind = \"open-env\"\nenv = \"x{e}\"\n"
        )
    }
}

#[test]
fn each_class_is_refused_in_scenarios() {
    let s = Sandbox::new();
    for (c, esc, point, kind) in CLASSES {
        for (file, json) in [("s.toml", false), ("s.json", true)] {
            s.write(file, &scenario(c, json));
            let err = s.fails(&["simulate", file], 3);
            let lines: Vec<&str> = err.lines().collect();
            let expected = [
                ("syntax", "user", format!("\"u{esc}\""), 2),
                ("V6", "environment name", format!("\"main{esc}\""), 5),
                ("V6", "environment name", format!("\"other{esc}\""), 6),
                ("syntax", "user", format!("\"v{esc}\""), 2),
                ("syntax", "as_user", format!("\"w{esc}\""), 2),
                ("V6", "env", format!("\"x{esc}\""), 2),
            ];
            assert_eq!(lines.len(), expected.len(), "{file} {point}:\n{err}");
            for (line, (code, what, value, at)) in lines.iter().zip(&expected) {
                let tail = format!(
                    ": error[{code}]: {}",
                    contains(what, value, point, kind, *at)
                );
                assert!(
                    line.starts_with(&format!("{file}:")) && line.ends_with(&tail),
                    "{file} {point}: {line:?} should end with {tail:?}"
                );
            }
        }
    }
}

#[test]
fn each_class_is_refused_in_an_imported_organization_name() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod"]);
    let before = s.dump();
    for (c, esc, point, kind) in CLASSES {
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(DATAVERSE_FIXTURE).unwrap()).unwrap();
        doc["value"][0]["name"] = json!(format!("prod{c}"));
        doc["value"][0]["sessiontimeoutenabled"] = json!(true);
        doc["value"][0]["sessiontimeoutinmins"] = json!(480);
        s.write("org.json", &serde_json::to_string(&doc).unwrap());
        let err = s.fails(&["import-dataverse", "org.json"], 3);
        let tail = format!(
            ": error[V6]: {}\n",
            contains(
                "organization name",
                &format!("\"prod{esc}\""),
                point,
                kind,
                5
            )
        );
        assert!(
            err.starts_with("org.json:1:") && err.ends_with(&tail),
            "{point}: {err:?}"
        );
        assert_eq!(s.dump(), before, "{point}");
    }
    // With --env the organization's name is not used, so not judged.
    s.ok(&["import-dataverse", "org.json", "--env", "prod"]);
    assert_eq!(
        s.json(&["env", "show", "prod"])["session_timeout"]["length_min"],
        480
    );
}

/// What the schema's CHECK constraints still let a hand edit store.
const NAME: &str = "inv\u{202e}gnp\u{85}\u{200b}";
const NAME_SHOWN: &str = "inv\\u{202e}gnp\\u{85}\\u{200b}";
const URL: &str = "https://x.com/\u{1b}]0;pwned\u{7}";
const URL_SHOWN: &str = "https://x.com/\\u{1b}]0;pwned\\u{7}";
const DESCRIPTION: &str = "two\nlines\u{2066}\u{feff}";
const DESCRIPTION_SHOWN: &str = "two\\nlines\\u{2066}\\u{feff}";
const ACTOR: &str = "m\u{202e}";
const ACTOR_SHOWN: &str = "m\\u{202e}";
const NEW: &str = "d\u{2066}";
const NEW_SHOWN: &str = "d\\u{2066}";

/// Store the values above by hand, as sqlite3 would.
fn stored_by_hand(s: &Sandbox) {
    s.ok(&["env", "add", "victim"]);
    s.ok(&["env", "add", "no-url"]);
    let c = rusqlite::Connection::open(&s.db).unwrap();
    c.execute(
        "UPDATE environments SET name = ?1, name_key = lower(?1), url = ?2, description = ?3
         WHERE name = 'victim'",
        [NAME, URL, DESCRIPTION],
    )
    .unwrap();
    c.execute(
        "UPDATE environments SET name = ?1, name_key = lower(?1) WHERE name = 'no-url'",
        [format!("{NAME}2")],
    )
    .unwrap();
    c.execute(
        "INSERT INTO history (at, actor, environment_id, environment, environment_key, field, old, new)
         SELECT '2026-03-02T08:00:00Z', ?1, id, name, name_key, 'description', NULL, ?2
         FROM environments WHERE url IS NOT NULL",
        [ACTOR, NEW],
    )
    .unwrap();
}

/// No character SPEC §2 refuses is written raw.
#[track_caller]
fn assert_no_raw(text: &str) {
    for c in text.chars() {
        assert!(
            !matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
                | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{feff}'),
            "U+{:04X} written raw in:\n{text}",
            c as u32
        );
    }
}

#[test]
fn stored_values_are_shown_escaped_in_tables_and_exact_in_json() {
    let s = Sandbox::new();
    stored_by_hand(&s);
    // env list: the name, escaped, on one line.
    let list = s.ok(&["env", "list"]);
    assert_no_raw(&list);
    assert!(list.contains(NAME_SHOWN), "{list}");
    // env show (found by its exact name): every stored field escaped.
    let show = s.ok(&["env", "show", NAME]);
    assert_no_raw(&show);
    let flat: String = show
        .lines()
        .map(|l| l.trim_matches(|c| "│╭╮╰╯├┤─┈┆ ".contains(c)))
        .collect::<Vec<_>>()
        .join(" ");
    for shown in [NAME_SHOWN, URL_SHOWN, DESCRIPTION_SHOWN] {
        let squeezed: String = flat.split_whitespace().collect();
        assert!(squeezed.contains(shown), "{shown} not in:\n{show}");
    }
    // JSON: the exact strings.
    let v = s.json(&["env", "show", NAME]);
    assert_eq!(v["name"], NAME);
    assert_eq!(v["url"], URL);
    assert_eq!(v["description"], DESCRIPTION);
    let all = s.json(&["env", "list"]);
    assert!(all.as_array().unwrap().iter().any(|e| e["name"] == NAME));
    // The history: actor and values escaped; JSON exact.
    let history = s.ok(&["env", "history"]);
    assert_no_raw(&history);
    let squeezed: String = history.split_whitespace().collect();
    assert!(squeezed.contains(ACTOR_SHOWN), "{history}");
    assert!(squeezed.contains(NEW_SHOWN), "{history}");
    let h = s.json(&["env", "history"]);
    assert_eq!(h[0]["actor"], ACTOR);
    assert_eq!(h[0]["new"], NEW);
    // audit names the environment escaped.
    let out = s.run(&["audit"]);
    let audit = String::from_utf8(out.stdout).unwrap();
    assert_no_raw(&audit);
    assert!(audit.contains(NAME_SHOWN), "{audit}");
    // A pac script: comments escaped, the URL exact inside its quotes.
    let pac = s.ok(&["export", "--format", "pac"]);
    assert!(pac.contains(&format!("\n# {NAME_SHOWN}\n")), "{pac}");
    assert!(
        pac.contains(&format!("\n# {NAME_SHOWN}2: skipped")),
        "{pac}"
    );
    assert!(pac.contains(&format!("'{URL}'")), "{pac}");
    assert!(
        !pac.lines()
            .any(|l| l.starts_with('#') && l.contains('\u{202e}'))
    );
    // A TOML export shows escapes that read back as the same value.
    let toml = s.ok(&["export", "--format", "toml"]);
    assert_no_raw(&toml);
    assert!(
        toml.contains("name = \"inv\\u202Egnp\\u0085\\u200B\""),
        "{toml}"
    );
}

/// SPEC §4: one short line per error, however long the value.
#[test]
fn a_huge_name_gives_one_short_error_line() {
    let s = Sandbox::new();
    let huge = "a".repeat(10_000_000);
    s.write(
        "huge.toml",
        &format!("[[environments]]\nname = \"{huge}\"\n"),
    );
    let short = |err: &str| {
        let head: String = err.chars().take(400).collect();
        assert_eq!(err.lines().count(), 1, "{head}");
        assert!(err.len() < 300, "{} bytes: {head}", err.len());
    };
    let err = s.fails(&["validate", "huge.toml"], 3);
    short(&err);
    assert_eq!(
        err,
        format!(
            "huge.toml:2:8: error[V6]: environment name \"{}…\" is 10000000 characters long\n",
            "a".repeat(80)
        )
    );
    short(&s.fails(&["--yes", "apply", "huge.toml"], 3));
    s.write(
        "huge.json",
        &format!("{{\"environments\": [{{\"name\": \"{huge}\"}}]}}"),
    );
    short(&s.fails(&["validate", "huge.json"], 3));
    // An argument holds at most 128 KiB on Linux: the longest a flag can be.
    let long = "a".repeat(100_000);
    short(&s.fails(&["env", "add", &long], 3));
    short(&s.fails(&["env", "add", "x", "--url", &long], 3));
    short(&s.fails(&["env", "add", "x", "--version", &long], 3));
    short(&s.fails(&["env", "show", &long], 4));
    s.ok(&["env", "add", "x"]);
    short(&s.fails(&["env", "set-timeout", "x", "--length", &long], 3));
    short(&s.fails(&["rules", &long], 4));
}
