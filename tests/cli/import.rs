//! `import-dataverse` is all or nothing: a body without the six session
//! columns of SPEC §2 is refused and changes nothing; a good one prints the
//! changes it made, field by field, as `apply` does.

use crate::emulator::COLUMNS;
use serde_json::{Value, json};

use super::{DATAVERSE_FIXTURE, Sandbox};

const HINT: &str = " — import the response of GET .../api/data/v9.2/organizations?$select=sessiontimeoutenabled,sessiontimeoutinmins,sessiontimeoutreminderinmins,inactivitytimeoutenabled,inactivitytimeoutinmins,inactivitytimeoutreminderinmins";

const NONE: &str = "has none of the six session columns (sessiontimeoutenabled, sessiontimeoutinmins, sessiontimeoutreminderinmins, inactivitytimeoutenabled, inactivitytimeoutinmins, inactivitytimeoutreminderinmins)";

fn fixture() -> Value {
    serde_json::from_str(&std::fs::read_to_string(DATAVERSE_FIXTURE).unwrap()).unwrap()
}

/// Write `v` to `name` in the sandbox; the name, relative to the sandbox
/// (sessadm runs there), so that messages are the same on every machine.
fn put(s: &Sandbox, name: &str, v: &Value) -> String {
    s.write(name, &serde_json::to_string_pretty(v).unwrap());
    name.to_string()
}

/// An environment whose settings differ from every default, so that a body
/// read as "both timeouts off" would change it.
fn customised() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod"]);
    s.ok(&["env", "set-timeout", "prod", "--length", "8h"]);
    s.ok(&["env", "set-inactivity", "prod", "--after", "30m"]);
    s
}

/// Each body that lacks the columns: the message, and the line:column of
/// the object it is about.
fn bad_bodies() -> Vec<(&'static str, Value, String)> {
    let mut odd_case = fixture();
    let org = odd_case["value"][0].as_object_mut().unwrap();
    for c in COLUMNS {
        let v = org.remove(c).unwrap();
        let camel = match c {
            "sessiontimeoutenabled" => "SessionTimeoutEnabled",
            "sessiontimeoutinmins" => "SessionTimeoutInMins",
            "sessiontimeoutreminderinmins" => "SessionTimeoutReminderInMins",
            "inactivitytimeoutenabled" => "InactivityTimeoutEnabled",
            "inactivitytimeoutinmins" => "InactivityTimeoutInMins",
            _ => "InactivityTimeoutReminderInMins",
        };
        org.insert(camel.into(), v);
    }
    let wrong_case_at = {
        let text = serde_json::to_string_pretty(&odd_case).unwrap();
        let line = text[..text.find("\"value\": [").unwrap()].lines().count() + 1;
        format!("{line}:5")
    };
    vec![
        (
            "odata-error.json",
            json!({"error": {"code": "0x80040220", "message": "Principal user (Id=5f1c, type=8) is missing prvReadOrganization privilege (Id=b0f2) on OTC=1019 for entity 'organization'. context: Method: GET"}}),
            format!(
                "odata-error.json:1:1: error[syntax]: the file is an OData error response (\"Principal user (Id=5f1c, type=8) is missing prvReadOrganization privilege (Id=b0…\"), not an organization: it {NONE}{HINT}"
            ),
        ),
        (
            "empty.json",
            json!({}),
            format!("empty.json:1:1: error[syntax]: the organization {NONE}{HINT}"),
        ),
        (
            "select.json",
            json!({
                "@odata.context": "https://org.crm.dynamics.com/api/data/v9.2/$metadata#organizations(name,organizationid)",
                "value": [{"@odata.etag": "W/\"1\"", "name": "org271c9bf4", "organizationid": "6f0f2c5e"}]
            }),
            format!("select.json:4:5: error[syntax]: the organization {NONE}{HINT}"),
        ),
        (
            "scenario.json",
            json!({
                "start": "2026-03-02T08:00:00Z",
                "environment": {"name": "prod", "session_length": "8h"},
                "events": [{"at": "+0s", "kind": "sign-in"}]
            }),
            format!("scenario.json:1:1: error[syntax]: the organization {NONE}{HINT}"),
        ),
        (
            "policy.json",
            json!({
                "tenant": {"token_lifetime": "90d"},
                "environments": [{"name": "prod", "session_length": "8h", "inactivity": "30m"}]
            }),
            format!("policy.json:1:1: error[syntax]: the organization {NONE}{HINT}"),
        ),
        (
            "wrong-case.json",
            odd_case,
            format!(
                "wrong-case.json:{wrong_case_at}: error[syntax]: the organization {NONE}; column names are lower case, not \"SessionTimeoutEnabled\"{HINT}"
            ),
        ),
    ]
}

#[test]
fn a_body_without_the_six_columns_is_refused_and_changes_nothing() {
    let s = customised();
    let before = s.dump();
    for (name, body, want) in bad_bodies() {
        let f = put(&s, name, &body);
        let err = s.fails(&["import-dataverse", &f, "--env", "prod"], 3);
        assert_eq!(err, format!("{want}\n"), "{name}");
        // Without --env too: the body is refused before any name is used.
        let err = s.fails(&["import-dataverse", &f], 3);
        assert_eq!(err, format!("{want}\n"), "{name}");
        let j = s.json_error(&["import-dataverse", &f, "--env", "prod"], 3);
        assert_eq!(j["code"], "syntax", "{name}: {j}");
        assert_eq!(j["details"]["file"], name);
        for c in COLUMNS {
            assert!(j["message"].as_str().unwrap().contains(c), "{name}: {j}");
        }
        assert!(
            j["details"]["hint"]
                .as_str()
                .unwrap()
                .contains("organizations?$select=")
        );
        assert_eq!(s.dump(), before, "{name} changed the database");
    }
}

/// A body that lacks only some columns names just those.
#[test]
fn a_body_lacking_some_columns_names_just_those() {
    let s = customised();
    let before = s.dump();
    let mut doc = fixture();
    let org = doc["value"][0].as_object_mut().unwrap();
    org.remove("inactivitytimeoutinmins");
    org.remove("sessiontimeoutreminderinmins");
    let f = put(&s, "two-gone.json", &doc);
    let err = s.fails(&["import-dataverse", &f, "--env", "prod"], 3);
    let line = serde_json::to_string_pretty(&doc).unwrap();
    let line = line[..line.find("\"value\": [").unwrap()].lines().count() + 1;
    assert_eq!(
        err,
        format!(
            "two-gone.json:{line}:5: error[syntax]: the organization lacks 2 of the six session columns (sessiontimeoutreminderinmins, inactivitytimeoutinmins){HINT}\n"
        )
    );
    assert_eq!(s.dump(), before);
}

/// The real response (every column present, null = product default)
/// imports, printing each change as `apply` does, then the environment.
#[test]
fn the_real_fixture_imports_and_prints_its_changes() {
    let s = customised();
    s.write(
        "org.json",
        &std::fs::read_to_string(DATAVERSE_FIXTURE).unwrap(),
    );
    let out = s.ok(&["import-dataverse", "org.json", "--env", "prod"]);
    let (head, table) = out.split_at(out.find('╭').expect("a table"));
    assert_eq!(
        head,
        "Imported org.json into prod:\n\
         \x20           session_timeout: on → off\n\
         \x20           session_length: 8h → 24h\n\
         \x20           inactivity_timeout: on → off\n\
         \x20           inactivity: 30m → —\n"
    );
    assert!(table.contains("off: Entra session policy"), "{table}");
    // The same again: nothing to change, and nothing recorded.
    let history = s.json(&["env", "history", "prod"]);
    let again = s.ok(&["import-dataverse", "org.json", "--env", "prod"]);
    assert!(
        again.starts_with(
            "Imported org.json: prod already has these settings — nothing changed.\n╭"
        ),
        "{again}"
    );
    assert_eq!(s.json(&["env", "history", "prod"]), history);
    // -o json: the resulting environment, as `env show` prints it.
    let v = s.json(&["import-dataverse", "org.json", "--env", "prod"]);
    assert_eq!(v, s.json(&["env", "show", "prod"]));
    assert_eq!(
        v["session_timeout"],
        json!({"enabled": false, "length_min": 1440, "warning_min": 20})
    );
}

/// A variant of the real response with one column changed prints exactly
/// that change.
#[test]
fn a_derived_response_changing_one_column_prints_exactly_that_change() {
    let s = Sandbox::new();
    s.ok(&["env", "add", "prod"]);
    let mut doc = fixture();
    doc["value"][0]["sessiontimeoutreminderinmins"] = json!(15);
    let f = put(&s, "warning.json", &doc);
    let out = s.ok(&["import-dataverse", &f, "--env", "prod"]);
    let head = &out[..out.find('╭').expect("a table")];
    assert_eq!(
        head,
        "Imported warning.json into prod:\n            session_warning: 20m → 15m\n"
    );
    let h = s.json(&["env", "history", "prod"]);
    assert_eq!(h[0]["field"], "session_warning");
    assert_eq!(
        (h[0]["old"].as_str(), h[0]["new"].as_str()),
        (Some("20m"), Some("15m"))
    );
    // Quiet: nothing on stdout, the change still made.
    let mut doc = fixture();
    doc["value"][0]["sessiontimeoutreminderinmins"] = json!(10);
    let f = put(&s, "quiet.json", &doc);
    assert_eq!(s.ok(&["-q", "import-dataverse", &f, "--env", "prod"]), "");
    assert_eq!(
        s.json(&["env", "show", "prod"])["session_timeout"]["warning_min"],
        10
    );
}
