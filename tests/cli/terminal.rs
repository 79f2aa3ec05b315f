//! At a terminal: prompts, confirmations and colour, driven through a real
//! pseudo-terminal by util-linux `script`.

use super::{Pty, Sandbox, have, on_terminal};

#[test]
fn missing_values_are_asked_for_and_bad_answers_re_asked() {
    if !have("script") {
        return;
    }
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let (code, screen) = on_terminal(&s, "env set-timeout p", "30m\n2h\n2h\n15m\n", false);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Session length"), "{screen}");
    assert!(
        screen.contains("(24h)"),
        "the current value is the default: {screen}"
    );
    assert!(
        screen.contains("error[V1]"),
        "a bad length is re-asked with V1: {screen}"
    );
    assert!(
        screen.contains("error[V2]"),
        "a warning of 2h for 2h is re-asked: {screen}"
    );
    let v = s.json(&["env", "show", "p"]);
    assert_eq!(v["session_timeout"]["length_min"], 120);
    assert_eq!(v["session_timeout"]["warning_min"], 15);
    assert_eq!(v["session_timeout"]["enabled"], true);

    let (code, screen) = on_terminal(&s, "env set-inactivity p", "4m\n2h\n30m\n5m\n", false);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("error[V3]"), "{screen}");
    assert!(screen.contains("error[V4]"), "{screen}");
    let v = s.json(&["env", "show", "p"]);
    assert_eq!(v["inactivity_timeout"]["after_min"], 30);
    assert_eq!(v["inactivity_timeout"]["warning_min"], 5);
}

#[test]
fn remove_asks_first() {
    if !have("script") {
        return;
    }
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let (code, screen) = on_terminal(&s, "env remove p", "n\n", false);
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("Delete environment"), "{screen}");
    s.ok(&["env", "show", "p"]);
    let (code, screen) = on_terminal(&s, "env remove p", "y\n", false);
    assert_eq!(code, 0, "{screen}");
    s.fails(&["env", "show", "p"], 4);
}

#[test]
fn colour_on_a_terminal_and_never_with_no_color() {
    if !have("script") {
        return;
    }
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let (code, screen) = on_terminal(&s, "env list", "", false);
    assert_eq!(code, 0);
    assert!(
        screen.contains('\x1b'),
        "no colour on a terminal: {screen:?}"
    );
    let (code, screen) = on_terminal(&s, "env list", "", true);
    assert_eq!(code, 0);
    assert!(
        !screen.contains('\x1b'),
        "colour despite NO_COLOR: {screen:?}"
    );
    let (_, screen) = on_terminal(&s, "env show nope", "", true);
    assert!(!screen.contains('\x1b'), "{screen:?}");
    assert!(screen.contains("error[not-found]"), "{screen:?}");
}

#[test]
fn ctrl_c_at_a_prompt_or_a_confirmation_restores_the_terminal_and_exits_130() {
    if !have("script") {
        eprintln!("SKIP: util-linux script is not installed");
        return;
    }
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let before = s.dump();
    for (args, prompt) in [
        ("env set-timeout p", "Session length"),
        ("env set-inactivity p", "Inactivity"),
        ("tenant set", "Token lifetime"),
        ("env remove p", "Delete environment"),
    ] {
        let mut pty = Pty::spawn(&s, args);
        pty.wait_for(prompt);
        pty.type_bytes(b"\x03");
        let (code, screen) = pty.finish();
        assert_eq!(code, 130, "{args}: {screen}");
        let shown = screen
            .rfind("\x1b[?25h")
            .expect("the cursor is shown again");
        let hidden = screen.rfind("\x1b[?25l");
        assert!(hidden.is_none_or(|h| h < shown), "{args}: {screen:?}");
        assert!(screen.ends_with('\n'), "the line is ended: {screen:?}");
    }
    assert_eq!(s.dump(), before, "nothing was changed");
}

#[test]
fn apply_shows_the_plan_then_asks() {
    if !have("script") {
        eprintln!("SKIP: util-linux script is not installed");
        return;
    }
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    let f = s.write(
        "p.toml",
        "[[environments]]\nname = \"p\"\ninactivity = \"15m\"\n",
    );
    let before = s.dump();
    let mut pty = Pty::spawn(&s, &format!("apply {f}"));
    pty.wait_for("Apply this plan to");
    pty.type_bytes(b"n");
    let (code, screen) = pty.finish();
    assert_eq!(code, 1, "{screen}");
    let plan = screen
        .find("inactivity_timeout: off → on")
        .expect("the plan first");
    let question = screen.find("Apply this plan to").unwrap();
    assert!(plan < question, "{screen}");
    assert!(screen.contains("change 1"), "{screen}");
    assert_eq!(s.dump(), before, "declined: nothing changed");

    let mut pty = Pty::spawn(&s, &format!("apply {f}"));
    pty.wait_for("Apply this plan to");
    pty.type_bytes(b"y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("0 created, 1 changed, 0 deleted."),
        "{screen}"
    );
    assert_eq!(
        s.json(&["env", "show", "p"])["inactivity_timeout"]["after_min"],
        15
    );
}

#[test]
fn whatif_shows_progress_on_a_terminal_only_when_it_takes_a_while() {
    if !have("script") {
        eprintln!("SKIP: util-linux script is not installed");
        return;
    }
    let s = Sandbox::new();
    s.ok(&["env", "add", "p"]);
    // Long enough to pass a second on any machine (a debug build runs
    // thousands of users a second, not millions).
    let mut pty = Pty::spawn(
        &s,
        "whatif --env p --inactivity 15m --users 3000 --threads 1",
    );
    pty.wait_for("/3000 users");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("sign-ins per user per day"),
        "the report follows: {screen}"
    );
    // A short run: no bar at all.
    let (code, screen) = Pty::spawn(&s, "whatif --env p --inactivity 15m --users 5").finish();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("/5 users"), "{screen}");
    // Off a terminal: never, however long.
    let out = s
        .cmd()
        .args([
            "whatif",
            "--env",
            "p",
            "--inactivity",
            "15m",
            "--users",
            "3000",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
