//! At a terminal: prompts, confirmations and colour, driven through a real
//! pseudo-terminal by util-linux `script`.

use super::{Sandbox, have, on_terminal};

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
