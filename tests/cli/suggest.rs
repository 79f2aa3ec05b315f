//! "Did you mean": an unknown environment name, key, event kind, client or
//! via names the closest valid ones, as text and in the JSON details.

use super::{DATAVERSE_FIXTURE, Sandbox};

/// contoso-prod, contoso-dev and one name that needs quoting.
fn with_names() -> Sandbox {
    let s = Sandbox::new();
    for name in ["contoso-prod", "contoso-dev", "O'Brien dev"] {
        s.ok(&["env", "add", name]);
    }
    s
}

/// Every command that looks an environment up by name, with `name` in its
/// place.
fn lookups(s: &Sandbox, name: &str) -> Vec<Vec<String>> {
    let scenario = s.write("s.toml", "start = \"2026-03-02T08:00:00Z\"\n");
    let own = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        own(&["env", "show", name]),
        own(&["env", "update", name, "--description", "d"]),
        own(&["--yes", "env", "remove", name]),
        own(&["env", "set-timeout", name, "--length", "8h"]),
        own(&["env", "set-inactivity", name, "--after", "30m"]),
        own(&["env", "history", name]),
        own(&["audit", name]),
        own(&["audit", "contoso-prod", name, "--strict"]),
        own(&["export", name, "--format", "pac"]),
        own(&["simulate", &scenario, "--env", name]),
        own(&["whatif", "--env", name, "--inactivity", "15m"]),
        own(&["import-dataverse", DATAVERSE_FIXTURE, "--env", name]),
    ]
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn every_lookup_by_name_suggests_the_closest_environment() {
    let s = with_names();
    let before = s.dump();
    for args in lookups(&s, "contoso-prd") {
        let err = s.fails(&strs(&args), 4);
        assert_eq!(
            err,
            "error[not-found]: no environment named \"contoso-prd\" — did you mean contoso-prod?\n",
            "{args:?}"
        );
    }
    for args in lookups(&s, "CONTOSO-PRD") {
        let e = s.json_error(&strs(&args), 4);
        assert_eq!(e["code"], "not-found", "{args:?}");
        assert_eq!(
            e["message"], "no environment named \"CONTOSO-PRD\" — did you mean contoso-prod?",
            "{args:?}"
        );
        assert_eq!(
            e["details"]["hint"], "did you mean contoso-prod?",
            "{args:?}"
        );
        assert_eq!(e["details"]["value"], "CONTOSO-PRD", "{args:?}");
    }
    assert_eq!(s.dump(), before, "a failed lookup changed nothing");
}

#[test]
fn several_close_names_at_most_three_and_quoted_when_needed() {
    let s = Sandbox::new();
    for name in ["prod-a", "prod-b", "prod-c", "prod-d", "staging"] {
        s.ok(&["env", "add", name]);
    }
    assert_eq!(
        s.fails(&["env", "show", "prod-x"], 4),
        "error[not-found]: no environment named \"prod-x\" — did you mean prod-a, prod-b or prod-c?\n"
    );
    assert_eq!(
        s.fails(&["env", "show", "prod-bb"], 4),
        "error[not-found]: no environment named \"prod-bb\" — did you mean prod-b?\n"
    );
    let s = with_names();
    assert_eq!(
        s.fails(&["env", "show", "obrien dev"], 4),
        "error[not-found]: no environment named \"obrien dev\" — did you mean \"O'Brien dev\"?\n"
    );
}

#[test]
fn nothing_close_points_at_the_list() {
    let s = with_names();
    assert_eq!(
        s.fails(&["env", "show", "fabrikam"], 4),
        "error[not-found]: no environment named \"fabrikam\" — see `sessadm env list`\n"
    );
    // A shared prefix is not closeness: contoso is neither of the two.
    let e = s.json_error(&["audit", "contoso"], 4);
    assert_eq!(e["details"]["hint"], "see `sessadm env list`");
    // An empty inventory suggests nothing.
    let s = Sandbox::new();
    s.init();
    assert_eq!(
        s.fails(&["env", "show", "contoso-prd"], 4),
        "error[not-found]: no environment named \"contoso-prd\" — see `sessadm env list`\n"
    );
}

#[test]
fn a_scenario_suggests_kinds_clients_vias_and_keys() {
    let s = with_names();
    let f = s.write(
        "s.toml",
        "start = \"2026-03-02T08:00:00Z\"\n\
         [[events]]\nat = \"+0s\"\nkind = \"sign-in\"\nclient = \"Web\"\n\
         [[events]]\nat = \"+1s\"\nkind = \"actvity\"\n\
         [[events]]\nat = \"+2s\"\nkind = \"open-env\"\nenv = \"contoso-dev\"\nvia = \"lnk\"\n\
         [[events]]\nat = \"+3s\"\nkind = \"settings\"\nsesion_length = \"8h\"\n\
         inactivity = \"30m\"\n",
    );
    let err = s.fails(&["simulate", &f, "--env", "contoso-prod"], 3);
    let want = [
        format!("{f}:5:10: error[unknown]: unknown client \"Web\" — did you mean web?"),
        format!("{f}:8:8: error[unknown]: unknown event kind \"actvity\" — did you mean activity?"),
        format!("{f}:13:7: error[unknown]: unknown via \"lnk\" — did you mean link?"),
        format!(
            "{f}:17:1: error[unknown]: unknown key \"sesion_length\" in an event — did you mean session_length?"
        ),
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), want, "{err}");
    let e = s.json_error(&["simulate", &f, "--env", "contoso-prod"], 3);
    let kind = &e["violations"][1];
    assert_eq!(kind["details"]["hint"], "did you mean activity?");
    assert_eq!(kind["details"]["value"], "actvity");
    assert!(
        kind["details"]["allowed"]
            .as_str()
            .is_some_and(|a| a.starts_with("sign-in, activity, access")),
        "{kind}"
    );
}

#[test]
fn a_policy_file_suggests_keys() {
    let s = Sandbox::new();
    let f = s.write(
        "p.toml",
        "[tenant]\ntoken_lifetme = \"90d\"\n[[environments]]\nname = \"a\"\ninactivity_warnings = \"5m\"\n",
    );
    let err = s.fails(&["validate", &f], 3);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            format!(
                "{f}:2:1: error[unknown]: unknown key \"token_lifetme\" in [tenant] — did you mean token_lifetime?"
            ),
            format!(
                "{f}:5:1: error[unknown]: unknown key \"inactivity_warnings\" in [[environments]] — did you mean inactivity_warning?"
            ),
        ]
    );
}
