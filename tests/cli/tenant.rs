//! `discover`, `pull` and `push` (SPEC §10) through the real binary against
//! the emulator: what sessadm prints and stores, and exactly what it sends.
//!
//! Every run goes through [`Live`], which keeps every output, and when the
//! test ends searches all of them, the database file's bytes and the
//! history for any 16 characters of a secret, an assertion or a token the
//! test used or the emulator issued.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::emulator::{
    ADMIN_RESOURCE, ASSERTION, CLIENT_ID, CLIENT_SECRET, Config, Emulator, EnvSpec, Fault,
    OIDC_ASSERTION, OIDC_REQUEST_TOKEN, Request, RetryAfter, Route, SELECT, TENANT_ID, Target,
};
use super::{Pty, Sandbox, have};

/// One test's sandbox, emulator and every output seen.
struct Live {
    s: Sandbox,
    emu: Emulator,
    outputs: std::cell::RefCell<Vec<Vec<u8>>>,
    /// Secrets the test handed out besides the emulator's own.
    extra: Vec<String>,
}

/// What one run gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
    /// The environment entry of the JSON document whose url is `url`.
    fn entry(&self, url: &str) -> Value {
        let doc = self.json();
        doc["environments"]
            .as_array()
            .expect("environments")
            .iter()
            .find(|e| e["url"].as_str().map(same_url) == Some(same_url(url)))
            .cloned()
            .unwrap_or_else(|| panic!("no entry for {url}: {doc}"))
    }
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

fn same_url(u: &str) -> String {
    u.trim_end_matches('/').to_ascii_lowercase()
}

impl Live {
    fn new(envs: Vec<EnvSpec>) -> Live {
        Live::with(Config::new(envs))
    }
    fn with(config: Config) -> Live {
        Live {
            s: Sandbox::new(),
            emu: Emulator::start(config),
            outputs: Default::default(),
            extra: Vec::new(),
        }
    }

    /// sessadm pointed at the emulator, configured with the client secret,
    /// with no other credential, proxy or `az` in reach.
    fn cmd(&self) -> Command {
        let mut c = self.s.cmd();
        for v in [
            "AZURE_FEDERATED_TOKEN_FILE",
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            "SESSADM_AUTH",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            c.env_remove(v);
        }
        c.env("NO_PROXY", "127.0.0.1,localhost,::1")
            .env("SESSADM_BAP_URL", self.emu.base_url())
            .env("AZURE_AUTHORITY_HOST", self.emu.base_url())
            .env("AZURE_TENANT_ID", TENANT_ID)
            .env("AZURE_CLIENT_ID", CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", CLIENT_SECRET)
            .env("PATH", super::path_with(&self.no_az()));
        c
    }

    /// A directory whose `az` fails loudly: no test reaches a real one.
    fn no_az(&self) -> PathBuf {
        let dir = self.s.path("no-az");
        if !dir.exists() {
            std::fs::create_dir(&dir).unwrap();
            script(
                &dir.join("az"),
                "#!/bin/sh\necho 'az must not be run here' >&2\nexit 1\n",
            );
        }
        dir
    }

    fn keep(&self, out: &Output) -> Run {
        let mut all = self.outputs.borrow_mut();
        all.push(out.stdout.clone());
        all.push(out.stderr.clone());
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
        }
    }

    fn run_with(&self, mut c: Command, args: &[&str]) -> Run {
        let out = c.args(args).output().expect("run sessadm");
        self.keep(&out)
    }
    fn run(&self, args: &[&str]) -> Run {
        self.run_with(self.cmd(), args)
    }
    /// `-o json ARGS`, expecting `code`.
    #[track_caller]
    fn json(&self, args: &[&str], code: i32) -> Run {
        let mut all = vec!["-o", "json"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert_eq!(
            r.code, code,
            "sessadm {all:?}\nstdout: {}\nstderr: {}",
            r.stdout, r.stderr
        );
        r
    }
    /// Add an inventory environment pointing at emulator environment `key`.
    fn add(&self, name: &str, key: &str) {
        let url = self.emu.env_url(key);
        self.s.ok(&["env", "add", name, "--url", &url]);
    }
    fn show(&self, name: &str) -> Value {
        self.s.json(&["env", "show", name])
    }
    fn history(&self, name: &str) -> Vec<Value> {
        self.s
            .json(&["env", "history", name])
            .as_array()
            .expect("history")
            .clone()
    }
    fn reads(&self, key: &str) -> Vec<Request> {
        self.emu.requests_to(&Route::Read(key.into()))
    }
    fn writes(&self, key: &str) -> Vec<Request> {
        self.emu.requests_to(&Route::Write(key.into()))
    }

    /// Every secret of this test: 16-character windows of each.
    fn secrets(&self) -> Vec<String> {
        let mut all: Vec<String> = [CLIENT_SECRET, ASSERTION, OIDC_REQUEST_TOKEN, OIDC_ASSERTION]
            .iter()
            .map(|s| s.to_string())
            .collect();
        all.extend(self.emu.tokens());
        all.extend(self.extra.iter().cloned());
        let mut windows = Vec::new();
        for s in all {
            let chars: Vec<char> = s.chars().collect();
            for w in chars.windows(16) {
                windows.push(w.iter().collect());
            }
        }
        windows
    }

    /// SPEC §10.4: no token, secret or assertion in any output, the
    /// database file (and its WAL) or the history.
    fn assert_no_secret_anywhere(&self) {
        let mut haystacks: Vec<(String, Vec<u8>)> = self
            .outputs
            .borrow()
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("output {i}"), o.clone()))
            .collect();
        for f in ["sessadm.db", "sessadm.db-wal", "sessadm.db-journal"] {
            if let Ok(bytes) = std::fs::read(self.s.path(f)) {
                haystacks.push((f.to_string(), bytes));
            }
        }
        if self.s.db.exists() {
            let h = self.s.run(&["-o", "json", "env", "history"]);
            haystacks.push(("history".into(), h.stdout));
        }
        let secrets = self.secrets();
        for (what, bytes) in &haystacks {
            let text = String::from_utf8_lossy(bytes);
            for s in &secrets {
                assert!(
                    !text.contains(s.as_str()),
                    "a secret ({s}…) leaked into {what}"
                );
            }
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.assert_no_secret_anywhere();
        }
    }
}

fn script(path: &std::path::Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The summary's count of `status` (absent is 0).
fn count(doc: &Value, status: &str) -> u64 {
    doc["summary"][status].as_u64().unwrap_or(0)
}

/// The summary holds exactly these non-zero counts.
#[track_caller]
fn assert_summary(doc: &Value, want: &[(&str, u64)]) {
    let summary = doc["summary"]
        .as_object()
        .unwrap_or_else(|| panic!("no summary: {doc}"));
    for (k, v) in summary {
        let expected = want.iter().find(|(s, _)| s == k).map_or(0, |(_, n)| *n);
        assert_eq!(v.as_u64(), Some(expected), "summary {k}: {doc}");
    }
    for (k, n) in want {
        assert_eq!(count(doc, k), *n, "summary {k}: {doc}");
    }
}

/// Each entry has exactly the keys of SPEC §10.1.
#[track_caller]
fn assert_entry_shape(doc: &Value) {
    for e in doc["environments"].as_array().expect("environments") {
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["changes", "error", "name", "status", "url"], "{e}");
        for c in e["changes"].as_array().expect("changes") {
            let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(keys, ["field", "new", "old"], "{c}");
        }
    }
}

/// A live row that differs from the defaults on every column, and is valid.
fn strict() -> Value {
    json!({
        "sessiontimeoutenabled": true, "sessiontimeoutinmins": 480,
        "sessiontimeoutreminderinmins": 15, "inactivitytimeoutenabled": true,
        "inactivitytimeoutinmins": 30, "inactivitytimeoutreminderinmins": 5
    })
}

// ---------------------------------------------------------------- discover

/// An emulator tenant of four (one without Dataverse) over two pages, and
/// an inventory that already knows two of them.
fn discover_fixture() -> Live {
    let mut c = Config::new(vec![
        EnvSpec::new("contoso")
            .display("Contoso Production")
            .version("9.2.24034.205"),
        EnvSpec::new("fabrikam").version("9.2.23092.00206"),
        EnvSpec::new("sandbox")
            .display("No Dataverse here")
            .without_dataverse(),
        EnvSpec::new("northwind").version("9.2.1.0"),
    ]);
    c.page_size = 2;
    let l = Live::with(c);
    // Same URL, compared without case and trailing slash: an update.
    let fab = l
        .emu
        .env_url("fabrikam")
        .to_ascii_uppercase()
        .replace("HTTP://", "http://");
    l.s.ok(&[
        "env",
        "add",
        "fab-local",
        "--url",
        fab.trim_end_matches('/'),
        "--version",
        "9.0",
    ]);
    l.s.ok(&[
        "env",
        "add",
        "nw",
        "--url",
        &l.emu.env_url("northwind"),
        "--version",
        "9.2.1.0",
    ]);
    l
}

#[test]
fn discover_adds_updates_skips_and_leaves_unchanged() {
    let l = discover_fixture();
    let r = l.json(&["discover"], 0);
    let doc = r.json();
    assert_entry_shape(&doc);
    assert_summary(
        &doc,
        &[
            ("added", 1),
            ("updated", 1),
            ("unchanged", 1),
            ("skipped", 1),
        ],
    );
    let added = r.entry(&l.emu.env_url("contoso"));
    assert_eq!(added["status"], "added");
    assert_eq!(added["name"], "contoso", "name = domainName");
    assert_eq!(added["error"], Value::Null);
    let updated = r.entry(&l.emu.env_url("fabrikam"));
    assert_eq!(updated["status"], "updated");
    assert_eq!(
        updated["changes"],
        json!([{"field": "version", "old": "9.0", "new": "9.2.23092.00206"}])
    );
    assert_eq!(r.entry(&l.emu.env_url("northwind"))["status"], "unchanged");
    let skipped: Vec<&Value> = doc["environments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "skipped")
        .collect();
    assert_eq!(skipped.len(), 1, "{doc}");
    assert_eq!(skipped[0]["url"], Value::Null);

    // The inventory.
    let c = l.show("contoso");
    assert_eq!(
        same_url(c["url"].as_str().unwrap()),
        same_url(&l.emu.env_url("contoso"))
    );
    assert_eq!(c["version"], "9.2.24034.205");
    assert_eq!(
        c["description"], "Contoso Production",
        "description = displayName"
    );
    assert_eq!(l.show("fab-local")["version"], "9.2.23092.00206");
    assert_eq!(
        l.s.json(&["env", "list"]).as_array().unwrap().len(),
        3,
        "nothing for the one without Dataverse"
    );
    assert!(
        l.history("fab-local")
            .iter()
            .any(|h| h["field"] == "version" && h["new"] == "9.2.23092.00206")
    );

    // Requests: both pages, api-version, the admin token, fetched once; no Dataverse.
    let admin = l.emu.requests_to(&Route::Admin);
    assert_eq!(admin.len(), 2, "followed nextLink once");
    for a in &admin {
        assert!(
            a.query_pairs()
                .contains(&("api-version".into(), "2023-06-01".into())),
            "{a:?}"
        );
        assert!(a.bearer().is_some());
    }
    assert_eq!(l.emu.token_requests(ADMIN_RESOURCE), 1);
    assert!(
        l.emu
            .requests()
            .iter()
            .all(|r| !matches!(r.route, Route::Read(_) | Route::Write(_)))
    );

    // Again: nothing new.
    let doc = l.json(&["discover"], 0).json();
    assert_summary(&doc, &[("unchanged", 3), ("skipped", 1)]);
}

#[test]
fn discover_dry_run_changes_nothing_and_says_the_same() {
    let l = discover_fixture();
    let before = l.s.dump();
    let doc = l.json(&["discover", "--dry-run"], 0).json();
    assert_summary(
        &doc,
        &[
            ("added", 1),
            ("updated", 1),
            ("unchanged", 1),
            ("skipped", 1),
        ],
    );
    assert_eq!(l.s.dump(), before);
    // And in a table: each status and the version change.
    let r = l.run(&["discover", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for w in [
        "added",
        "updated",
        "unchanged",
        "skipped",
        "contoso",
        "9.0 → 9.2.23092.00206",
    ] {
        assert!(r.stdout.contains(w), "{w} missing: {}", r.stdout);
    }
    assert_eq!(l.s.dump(), before);
}

#[test]
fn discover_fails_on_an_admin_api_404_and_on_a_forbidden_identity() {
    let l = discover_fixture();
    let before = l.s.dump();
    l.emu.inject(Target::Admin, 1, Fault::NotFound);
    let r = l.json(&["discover"], 1);
    assert!(
        r.stderr.contains("EnvironmentNotFound") || r.stdout.contains("EnvironmentNotFound"),
        "{}",
        r.all()
    );
    l.emu.inject(Target::Admin, 1, Fault::Forbidden);
    let r = l.json(&["discover"], 1);
    assert!(
        r.all()
            .to_lowercase()
            .contains("power platform administrator"),
        "{}",
        r.all()
    );
    assert_eq!(l.s.dump(), before);
}

// ---------------------------------------------------------------- pull

#[test]
fn pull_makes_the_inventory_match_the_live_row_with_history() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict()), EnvSpec::new("b")]);
    l.add("a", "a");
    l.add("b", "b");
    l.s.ok(&["env", "add", "offline"]);
    let r = l.json(&["pull"], 0);
    let doc = r.json();
    assert_entry_shape(&doc);
    assert_summary(&doc, &[("changed", 1), ("unchanged", 1)]);
    assert_eq!(
        doc["environments"].as_array().unwrap().len(),
        2,
        "no URL, not pulled"
    );
    let a = r.entry(&l.emu.env_url("a"));
    assert_eq!(
        (a["name"].as_str(), a["status"].as_str()),
        (Some("a"), Some("changed"))
    );
    let shown = l.show("a");
    assert_eq!(
        shown["session_timeout"],
        json!({"enabled": true, "length_min": 480, "warning_min": 15})
    );
    assert_eq!(
        shown["inactivity_timeout"],
        json!({"enabled": true, "after_min": 30, "warning_min": 5})
    );
    // The reported changes are the history's rows.
    let history: Vec<(Value, Value, Value)> = l
        .history("a")
        .iter()
        .map(|h| (h["field"].clone(), h["old"].clone(), h["new"].clone()))
        .collect();
    let mut changes: Vec<(Value, Value, Value)> = a["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["field"].clone(), c["old"].clone(), c["new"].clone()))
        .collect();
    assert_eq!(changes.len(), 6, "each setting that differs: {a}");
    for c in &changes {
        assert!(history.contains(c), "{c:?} not in history {history:?}");
    }
    changes.clear();
    let b = r.entry(&l.emu.env_url("b"));
    assert_eq!(
        (b["status"].as_str(), b["changes"].clone()),
        (Some("unchanged"), json!([])),
        "null columns are the defaults"
    );
    // Table output shows each change as `field: old → new`.
    l.emu.set_columns(
        "b",
        json!({"sessiontimeoutenabled": true, "sessiontimeoutinmins": 600}),
    );
    let r = l.run(&["pull", "b"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("→") && r.stdout.contains("changed"),
        "{}",
        r.stdout
    );
    assert_eq!(l.show("b")["session_timeout"]["length_min"], 600);
    assert_eq!(l.reads("a").len(), 1, "pull b reads only b");
}

#[test]
fn pull_dry_run_exit_code_says_whether_there_is_drift() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    let before = l.s.dump();
    let r = l.json(&["pull", "--dry-run", "--exit-code"], 5);
    assert_eq!(
        r.entry(&l.emu.env_url("a"))["status"],
        "changed",
        "would change"
    );
    assert_eq!(l.s.dump(), before, "dry run");
    l.json(&["pull", "--dry-run"], 0);
    l.json(&["pull"], 0);
    let r = l.json(&["pull", "--dry-run", "--exit-code"], 0);
    assert_summary(&r.json(), &[("unchanged", 1)]);
}

#[test]
fn pull_keeps_what_succeeded_when_one_environment_fails() {
    let l = Live::new(vec![
        EnvSpec::new("ok").columns(strict()),
        EnvSpec::new("denied").columns(strict()),
    ]);
    l.add("ok", "ok");
    l.add("denied", "denied");
    l.emu
        .inject(Target::Read("denied".into()), 10, Fault::Forbidden);
    let r = l.json(&["pull"], 1);
    let doc = r.json();
    assert_summary(&doc, &[("changed", 1), ("failed", 1)]);
    let failed = r.entry(&l.emu.env_url("denied"));
    assert_eq!(failed["status"], "failed");
    let error = failed["error"].as_str().expect("a reason").to_lowercase();
    assert!(
        error.contains("system administrator"),
        "403 explained: {error}"
    );
    assert_eq!(l.reads("denied").len(), 1, "403 is not retried");
    assert_eq!(l.show("ok")["session_timeout"]["length_min"], 480, "kept");
    assert_eq!(
        l.show("denied")["session_timeout"]["length_min"],
        1440,
        "left as it was"
    );
}

#[test]
fn pull_refuses_live_values_that_break_the_rules_with_exit_3() {
    let l = Live::new(vec![
        EnvSpec::new("good").columns(strict()),
        // V1: 30 minutes is below the 60-minute minimum.
        EnvSpec::new("bad")
            .columns(json!({"sessiontimeoutenabled": true, "sessiontimeoutinmins": 30})),
    ]);
    l.add("good", "good");
    l.add("bad", "bad");
    let before_bad = l.show("bad");
    let r = l.json(&["pull"], 3);
    let all = r.all();
    assert!(all.contains("V1"), "{all}");
    assert!(
        all.contains("sessiontimeoutinmins"),
        "names the column: {all}"
    );
    assert_eq!(r.entry(&l.emu.env_url("bad"))["status"], "failed");
    assert_eq!(l.show("bad"), before_bad, "left unchanged");
    assert_eq!(l.show("good")["session_timeout"]["length_min"], 480);
    // A network failure besides: exit 1.
    l.emu
        .set_columns("good", json!({"sessiontimeoutinmins": 600}));
    l.emu
        .inject(Target::Read("good".into()), 10, Fault::Forbidden);
    l.json(&["pull"], 1);
}

// ---------------------------------------------------------------- push

/// Inventory `a` wants an 8-hour session; live `a` has the defaults; `b`
/// is the same on both sides.
fn push_fixture() -> Live {
    let l = Live::new(vec![EnvSpec::new("a"), EnvSpec::new("b")]);
    l.add("a", "a");
    l.add("b", "b");
    l.s.ok(&["env", "set-timeout", "a", "--length", "8h"]);
    l
}

#[track_caller]
fn assert_patched(l: &Live, key: &str) {
    assert_eq!(l.emu.columns(key)["sessiontimeoutenabled"], true);
    assert_eq!(l.emu.columns(key)["sessiontimeoutinmins"], 480);
}

#[test]
fn push_patches_only_the_columns_that_differ_with_if_match_then_verifies() {
    let l = push_fixture();
    let etag = l.emu.etag("a");
    let r = l.json(&["--yes", "push"], 0);
    let doc = r.json();
    assert_entry_shape(&doc);
    assert_summary(&doc, &[("changed", 1), ("unchanged", 1)]);
    assert_eq!(
        r.entry(&l.emu.env_url("a"))["changes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let w = l.writes("a");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].method, "PATCH");
    assert!(
        w[0].path.ends_with(&format!(
            "/api/data/v9.2/organizations({})",
            l.emu.organization_id("a")
        )),
        "{}",
        w[0].path
    );
    assert_eq!(
        w[0].json(),
        json!({"sessiontimeoutenabled": true, "sessiontimeoutinmins": 480}),
        "only what differs (null = default)"
    );
    assert_eq!(w[0].header("if-match"), Some(etag.as_str()));
    assert_eq!(w[0].status, Some(204));
    assert_eq!(l.reads("a").len(), 2, "read, then read again to verify");
    assert!(l.reads("a")[1].at > w[0].at);
    assert!(l.writes("b").is_empty(), "nothing to change");
    assert_patched(&l, "a");
    let r = l.json(&["push", "--dry-run", "--exit-code"], 0);
    assert_summary(&r.json(), &[("unchanged", 2)]);
}

#[test]
fn push_without_a_terminal_or_yes_is_a_usage_error() {
    let l = push_fixture();
    let r = l.run(&["push"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("--yes"), "says which flag: {}", r.stderr);
    assert!(l.emu.requests().iter().all(|r| r.method != "PATCH"));
}

/// util-linux `script` with exactly the environment of `c` (variables it
/// sets, and without those it removes), so sessadm under it sees the same.
fn script_like(c: &Command, l: &Live) -> Command {
    let mut s = Command::new("script");
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => s.env(k, v),
            None => s.env_remove(k),
        };
    }
    s.current_dir(l.s.dir.path());
    s
}

#[test]
fn push_at_a_terminal_shows_the_plan_and_asks() {
    if !have("script") {
        return;
    }
    let l = push_fixture();
    let mut c = l.cmd();
    c.env("NO_COLOR", "1");
    let c2 = script_like(&c, &l);
    let mut pty = Pty::start(c2, "push");
    pty.wait_for("→");
    pty.wait_for("y/N");
    assert!(
        l.emu.requests().iter().all(|r| r.method != "PATCH"),
        "asks first"
    );
    pty.type_bytes(b"n");
    let (code, screen) = pty.finish();
    l.outputs.borrow_mut().push(screen.clone().into_bytes());
    assert_eq!(code, 1, "declined: {screen}");
    assert!(
        screen.find("→").unwrap() < screen.find("y/N").unwrap(),
        "plan first: {screen}"
    );
    assert!(l.writes("a").is_empty());

    let c3 = script_like(&c, &l);
    let mut pty = Pty::start(c3, "push");
    pty.wait_for("y/N");
    pty.type_bytes(b"y");
    let (code, screen) = pty.finish();
    l.outputs.borrow_mut().push(screen.clone().into_bytes());
    assert_eq!(code, 0, "{screen}");
    assert_patched(&l, "a");
}

#[test]
fn push_dry_run_exit_code_says_changes_are_pending() {
    let l = push_fixture();
    let r = l.json(&["push", "--dry-run", "--exit-code"], 5);
    assert_eq!(r.entry(&l.emu.env_url("a"))["status"], "changed");
    assert!(l.emu.requests().iter().all(|r| r.method != "PATCH"));
    assert_eq!(l.emu.columns("a")["sessiontimeoutinmins"], Value::Null);
}

#[test]
fn push_reads_and_plans_again_once_after_a_412() {
    let l = push_fixture();
    // Someone else sets the warning to 10 minutes between our read and write.
    l.emu.inject(
        Target::Write("a".into()),
        1,
        Fault::Conflict(json!({"sessiontimeoutreminderinmins": 10})),
    );
    let r = l.json(&["--yes", "push", "a"], 0);
    assert_eq!(r.entry(&l.emu.env_url("a"))["status"], "changed");
    let w = l.writes("a");
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].status, Some(412));
    assert_eq!(w[1].status, Some(204));
    assert_ne!(
        w[0].header("if-match"),
        w[1].header("if-match"),
        "the new etag"
    );
    assert_eq!(
        w[1].json(),
        json!({"sessiontimeoutenabled": true, "sessiontimeoutinmins": 480, "sessiontimeoutreminderinmins": 20}),
        "planned again from the new row"
    );
    assert_eq!(l.reads("a").len(), 3, "read, read again after 412, verify");
    assert_patched(&l, "a");
    assert_eq!(l.emu.columns("a")["sessiontimeoutreminderinmins"], 20);
}

#[test]
fn push_fails_an_environment_after_a_second_412_or_a_failed_verify() {
    let l = push_fixture();
    l.s.ok(&["env", "set-timeout", "b", "--length", "10h"]);
    l.emu.inject(
        Target::Write("a".into()),
        2,
        Fault::Conflict(json!({"sessiontimeoutreminderinmins": 10})),
    );
    let r = l.json(&["--yes", "push"], 1);
    let a = r.entry(&l.emu.env_url("a"));
    assert_eq!(a["status"], "failed");
    assert!(
        a["error"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("conflict"),
        "{a}"
    );
    assert_eq!(l.writes("a").len(), 2, "re-planned once only");
    assert_eq!(
        l.emu.columns("b")["sessiontimeoutinmins"],
        600,
        "the other one went ahead"
    );
    // A 204 that did not take: the verify read catches it.
    l.emu.inject(Target::Write("a".into()), 1, Fault::Swallow);
    let r = l.json(&["--yes", "push", "a"], 1);
    assert_eq!(r.entry(&l.emu.env_url("a"))["status"], "failed");
}

// ---------------------------------------------------------------- requests

#[test]
fn requests_have_the_exact_shape_and_tokens_are_fetched_once_per_resource() {
    let l = Live::new(vec![
        EnvSpec::new("a"),
        EnvSpec::new("b"),
        EnvSpec::new("c").own_origin(),
    ]);
    for k in ["a", "b", "c"] {
        l.add(k, k);
        l.s.ok(&["env", "set-inactivity", k, "--after", "30m"]);
    }
    l.json(&["--yes", "push"], 0);
    let main = l.emu.env_resource("a");
    let own = l.emu.env_resource("c");
    assert_ne!(main, own);
    assert_eq!(l.emu.token_requests(&main), 1, "a and b share an origin");
    assert_eq!(l.emu.token_requests(&own), 1);
    assert_eq!(
        l.emu.token_requests(ADMIN_RESOURCE),
        0,
        "push needs no admin API"
    );
    for t in l.emu.requests_to(&Route::Token {
        tenant: TENANT_ID.into(),
    }) {
        assert_eq!(t.method, "POST");
        assert_eq!(
            t.form_value("grant_type").as_deref(),
            Some("client_credentials")
        );
        assert_eq!(t.form_value("client_id").as_deref(), Some(CLIENT_ID));
        assert_eq!(
            t.form_value("client_secret").as_deref(),
            Some(CLIENT_SECRET)
        );
        assert!(t.form_value("client_assertion").is_none());
        let scope = t.form_value("scope").unwrap();
        assert!(
            scope == format!("{main}.default") || scope == format!("{own}.default"),
            "{scope}"
        );
    }
    for k in ["a", "b", "c"] {
        let resource = l.emu.env_resource(k);
        for r in l.reads(k) {
            assert_eq!(r.query().as_deref(), Some(SELECT), "exact query");
            assert_eq!(r.header("accept"), Some("application/json"));
            assert_eq!(r.header("odata-maxversion"), Some("4.0"));
            assert_eq!(r.header("odata-version"), Some("4.0"));
            assert_eq!(r.origin, resource);
            assert_eq!(
                r.status,
                Some(200),
                "the emulator took its token for {resource}"
            );
        }
        for w in l.writes(k) {
            assert_eq!(
                w.json(),
                json!({"inactivitytimeoutenabled": true, "inactivitytimeoutinmins": 30})
            );
            assert!(w.header("if-match").is_some());
            assert_eq!(w.header("odata-version"), Some("4.0"));
            assert_eq!(w.status, Some(204));
        }
        assert_eq!(l.reads(k).len(), 2);
        assert_eq!(l.writes(k).len(), 1);
    }
    // The path after the host is kept.
    assert!(
        l.reads("a")[0]
            .path
            .starts_with("/env/a/api/data/v9.2/organizations")
    );
    assert_eq!(l.reads("c")[0].path, "/api/data/v9.2/organizations");
}

// ---------------------------------------------------------------- credentials

#[test]
fn federated_with_a_token_file_sends_the_assertion_not_a_secret() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    let file = l.s.write("assertion.jwt", ASSERTION);
    let mut c = l.cmd();
    c.env_remove("AZURE_CLIENT_SECRET")
        .env("AZURE_FEDERATED_TOKEN_FILE", &file);
    let r = l.run_with(c, &["-o", "json", "pull"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let t = &l.emu.requests_to(&Route::Token {
        tenant: TENANT_ID.into(),
    });
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0].form_value("client_assertion_type").as_deref(),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    assert_eq!(
        t[0].form_value("client_assertion").as_deref(),
        Some(ASSERTION)
    );
    assert!(t[0].form_value("client_secret").is_none());
    assert_eq!(l.show("a")["session_timeout"]["length_min"], 480);
}

#[test]
fn federated_from_github_actions_asks_the_oidc_endpoint_for_the_assertion() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    let mut c = l.cmd();
    c.env_remove("AZURE_CLIENT_SECRET")
        .env("ACTIONS_ID_TOKEN_REQUEST_URL", l.emu.oidc_url())
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", OIDC_REQUEST_TOKEN);
    let r = l.run_with(c, &["-o", "json", "pull"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let o = l.emu.requests_to(&Route::Oidc);
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].bearer(), Some(OIDC_REQUEST_TOKEN));
    assert!(
        o[0].query_pairs()
            .contains(&("api-version".into(), "2.0".into())),
        "{:?}",
        o[0]
    );
    assert!(
        o[0].query_pairs()
            .contains(&("audience".into(), "api://AzureADTokenExchange".into()))
    );
    let t = l.emu.requests_to(&Route::Token {
        tenant: TENANT_ID.into(),
    });
    assert_eq!(
        t[0].form_value("client_assertion").as_deref(),
        Some(OIDC_ASSERTION)
    );
    assert!(t[0].form_value("client_secret").is_none());
}

/// A fake `az` that logs its arguments and prints a token the emulator
/// minted for the resource asked.
fn fake_az(l: &mut Live) -> (PathBuf, PathBuf) {
    let dir = l.s.path("az-bin");
    std::fs::create_dir_all(&dir).unwrap();
    let log = l.s.path("az.log");
    let dv = l.emu.env_resource("a");
    let admin_token = l.emu.mint_token(ADMIN_RESOURCE);
    let dv_token = l.emu.mint_token(&dv);
    l.extra.push(admin_token.clone());
    l.extra.push(dv_token.clone());
    let expires =
        (chrono::Local::now() + chrono::Duration::hours(1)).format("%Y-%m-%d %H:%M:%S%.6f");
    let body = format!(
        r#"#!/bin/sh
echo "$@" >> '{log}'
resource=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--resource" ]; then resource="$2"; fi
  shift
done
case "$resource" in
  {ADMIN_RESOURCE}|{admin_trim}) token='{admin_token}' ;;
  {dv}|{dv_trim}) token='{dv_token}' ;;
  *) echo "ERROR: unknown resource $resource" >&2; exit 1 ;;
esac
printf '{{"accessToken": "%s", "expiresOn": "{expires}", "subscription": "x", "tenant": "{TENANT_ID}", "tokenType": "Bearer"}}\n' "$token"
"#,
        log = log.display(),
        admin_trim = ADMIN_RESOURCE.trim_end_matches('/'),
        dv_trim = dv.trim_end_matches('/'),
    );
    script(&dir.join("az"), &body);
    (dir, log)
}

#[test]
fn azure_cli_tokens_come_from_az_for_each_resource() {
    let mut l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    let (dir, log) = fake_az(&mut l);
    l.add("a", "a");
    let mut c = l.cmd();
    c.env_remove("AZURE_CLIENT_SECRET")
        .env_remove("AZURE_CLIENT_ID")
        .env("PATH", super::path_with(&dir));
    let r = l.run_with(c, &["-o", "json", "pull"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        l.emu
            .requests_to(&Route::Token {
                tenant: TENANT_ID.into()
            })
            .is_empty()
    );
    let calls = std::fs::read_to_string(&log).unwrap();
    let dv = l.emu.env_resource("a");
    assert_eq!(calls.lines().count(), 1, "once per resource: {calls}");
    let call = calls.lines().next().unwrap();
    assert!(call.starts_with("account get-access-token"), "{call}");
    assert!(
        call.contains(&format!("--resource {dv}"))
            || call.contains(&format!("--resource {}", dv.trim_end_matches('/'))),
        "{call}"
    );
    assert!(call.contains(&format!("--tenant {TENANT_ID}")), "{call}");
    assert!(
        call.contains("-o json") || call.contains("--output json"),
        "{call}"
    );
    assert_eq!(l.show("a")["session_timeout"]["length_min"], 480);
    // Without AZURE_TENANT_ID, no --tenant.
    let mut c = l.cmd();
    c.env_remove("AZURE_CLIENT_SECRET")
        .env_remove("AZURE_CLIENT_ID")
        .env_remove("AZURE_TENANT_ID")
        .env("PATH", super::path_with(&dir));
    let r = l.run_with(c, &["-o", "json", "pull"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(
        !calls.lines().nth(1).unwrap().contains("--tenant"),
        "{calls}"
    );
}

#[test]
fn auth_flag_and_sessadm_auth_choose_the_credential() {
    let mut l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    let (dir, log) = fake_az(&mut l);
    l.add("a", "a");
    let file = l.s.write("assertion.jwt", ASSERTION);
    let with_all = || {
        let mut c = l.cmd();
        c.env("AZURE_FEDERATED_TOKEN_FILE", &file)
            .env("PATH", super::path_with(&dir));
        c
    };
    // All configured: the first, secret.
    assert_eq!(l.run_with(with_all(), &["pull"]).code, 0);
    let tokens = |l: &Live| {
        l.emu.requests_to(&Route::Token {
            tenant: TENANT_ID.into(),
        })
    };
    assert!(
        tokens(&l)
            .last()
            .unwrap()
            .form_value("client_secret")
            .is_some()
    );
    // --auth federated.
    assert_eq!(
        l.run_with(with_all(), &["pull", "--auth", "federated"])
            .code,
        0
    );
    assert_eq!(
        tokens(&l)
            .last()
            .unwrap()
            .form_value("client_assertion")
            .as_deref(),
        Some(ASSERTION)
    );
    // SESSADM_AUTH=azure-cli.
    let n = tokens(&l).len();
    let mut c = with_all();
    c.env("SESSADM_AUTH", "azure-cli");
    assert_eq!(l.run_with(c, &["pull"]).code, 0);
    assert_eq!(tokens(&l).len(), n, "no token request");
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("get-access-token")
    );
    // Not a credential kind.
    assert_eq!(
        l.run_with(with_all(), &["pull", "--auth", "password"]).code,
        2
    );
}

#[test]
fn a_missing_credential_fails_without_a_request() {
    let l = Live::new(vec![EnvSpec::new("a")]);
    l.add("a", "a");
    let mut c = l.cmd();
    c.env_remove("AZURE_CLIENT_SECRET")
        .env_remove("AZURE_CLIENT_ID");
    // `az` here fails, as when it is not logged in.
    let r = l.run_with(c, &["pull", "--auth", "secret"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("AZURE_CLIENT_SECRET") || r.stderr.contains("AZURE_CLIENT_ID"),
        "{}",
        r.stderr
    );
    assert!(l.emu.requests().is_empty());
}

// ---------------------------------------------------------------- safety

#[test]
fn plain_http_to_a_host_that_is_not_loopback_is_refused_before_any_request() {
    let l = Live::new(vec![EnvSpec::new("a")]);
    l.add("a", "a");
    for (var, value, args) in [
        (
            "AZURE_AUTHORITY_HOST",
            "http://login.example.com".to_string(),
            vec!["pull"],
        ),
        (
            "AZURE_AUTHORITY_HOST",
            "http://127.0.0.1.example.com".to_string(),
            vec!["pull"],
        ),
        (
            "SESSADM_BAP_URL",
            "http://192.0.2.10".to_string(),
            vec!["discover"],
        ),
        (
            "SESSADM_BAP_URL",
            "http://localhost.example.com".to_string(),
            vec!["discover"],
        ),
    ] {
        let mut c = l.cmd();
        c.env(var, &value);
        let mut args = args.clone();
        args.extend(["--timeout", "2s"]);
        let r = l.run_with(c, &args);
        assert_ne!(r.code, 0, "{var}={value}");
        assert!(r.stderr.contains("http"), "{var}={value}: {}", r.stderr);
        assert!(
            l.emu.requests().is_empty(),
            "{var}={value}: nothing sent before refusing"
        );
    }
    let mut c = l.cmd();
    c.env_remove("AZURE_CLIENT_SECRET")
        .env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "http://192.0.2.10/oidc?api-version=2.0",
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", OIDC_REQUEST_TOKEN);
    let r = l.run_with(c, &["pull", "--timeout", "2s"]);
    assert_ne!(r.code, 0);
    assert!(l.emu.requests().is_empty());
}

#[test]
fn errors_in_json_name_the_credential_but_never_show_it() {
    let l = Live::new(vec![EnvSpec::new("a")]);
    l.add("a", "a");
    // Every read answers 401: one new token, one retry, then fail.
    l.emu
        .inject(Target::Read("a".into()), 10, Fault::Unauthorized);
    let r = l.json(&["pull"], 1);
    let e = r.entry(&l.emu.env_url("a"));
    let error = e["error"].as_str().unwrap();
    assert!(
        error.contains("secret") || error.contains(CLIENT_ID),
        "names the credential: {error}"
    );
    assert_eq!(l.reads("a").len(), 2, "one retry");
    assert_eq!(
        l.emu.token_requests(&l.emu.env_resource("a")),
        2,
        "one new token"
    );
    // A wrong secret: the token endpoint's refusal is reported, the secret is not.
    let mut c = l.cmd();
    c.env("AZURE_CLIENT_SECRET", "Wr0ng-but-still-a-secret-9f8e7d6c");
    let r = l.run_with(c, &["-o", "json", "pull"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(!r.all().contains("Wr0ng-but-still-a-secret"), "{}", r.all());
    // Drop scans every output for the secrets and tokens.
}

// ---------------------------------------------------------------- faults

/// Seconds between the first two reads of `key`.
fn gap(l: &Live, key: &str) -> Duration {
    let r = l.reads(key);
    assert!(r.len() >= 2, "{} reads", r.len());
    r[1].at - r[0].at
}

#[test]
fn a_429_waits_retry_after_in_seconds() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    l.emu.inject(
        Target::Read("a".into()),
        1,
        Fault::TooMany(RetryAfter::Seconds(3)),
    );
    l.json(&["pull"], 0);
    assert_eq!(l.reads("a").len(), 2);
    assert!(
        gap(&l, "a") >= Duration::from_millis(2900),
        "{:?}",
        gap(&l, "a")
    );
    assert_eq!(l.show("a")["session_timeout"]["length_min"], 480);
}

#[test]
fn a_429_waits_retry_after_as_an_http_date() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    l.emu.inject(
        Target::Read("a".into()),
        1,
        Fault::TooMany(RetryAfter::DateIn(4)),
    );
    l.json(&["pull"], 0);
    assert_eq!(l.reads("a").len(), 2);
    // The date has whole seconds: at least 3 of the 4 are waited.
    assert!(
        gap(&l, "a") >= Duration::from_millis(2900),
        "{:?}",
        gap(&l, "a")
    );
}

#[test]
fn a_503_is_retried_up_to_five_attempts() {
    let l = Live::new(vec![
        EnvSpec::new("a").columns(strict()),
        EnvSpec::new("b").columns(strict()),
    ]);
    l.add("a", "a");
    l.add("b", "b");
    l.emu
        .inject(Target::Read("a".into()), 4, Fault::Status(503));
    l.emu
        .inject(Target::Read("b".into()), 5, Fault::Status(503));
    let r = l.json(&["pull"], 1);
    assert_eq!(
        r.entry(&l.emu.env_url("a"))["status"],
        "changed",
        "the fifth attempt"
    );
    assert_eq!(
        r.entry(&l.emu.env_url("b"))["status"],
        "failed",
        "five failures"
    );
    assert_eq!(l.reads("a").len(), 5);
    assert_eq!(l.reads("b").len(), 5, "at most 5 attempts");
    let r = l.reads("a");
    assert!(r[1].at - r[0].at >= Duration::from_millis(500), "backs off");
    assert!(
        r[4].at - r[3].at <= Duration::from_secs(31),
        "capped at 30 s"
    );
}

#[test]
fn a_401_gets_one_new_token_and_one_retry() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    l.emu
        .inject(Target::Read("a".into()), 1, Fault::Unauthorized);
    l.json(&["pull"], 0);
    let r = l.reads("a");
    assert_eq!(r.len(), 2);
    assert_ne!(r[0].bearer(), r[1].bearer(), "a new token");
    assert_eq!(l.emu.token_requests(&l.emu.env_resource("a")), 2);
}

#[test]
fn a_dataverse_404_fails_that_environment_only() {
    let l = Live::new(vec![
        EnvSpec::new("gone"),
        EnvSpec::new("here").columns(strict()),
    ]);
    l.add("gone", "gone");
    l.add("here", "here");
    l.emu
        .inject(Target::Read("gone".into()), 10, Fault::NotFound);
    let r = l.json(&["pull"], 1);
    assert_eq!(r.entry(&l.emu.env_url("gone"))["status"], "failed");
    assert_eq!(r.entry(&l.emu.env_url("here"))["status"], "changed");
    assert_eq!(l.reads("gone").len(), 1, "404 is not retried");
}

#[test]
fn a_body_that_is_not_the_expected_json_is_named_with_its_url() {
    let l = Live::new(vec![EnvSpec::new("cut"), EnvSpec::new("empty")]);
    l.add("cut", "cut");
    l.add("empty", "empty");
    l.emu
        .inject(Target::Read("cut".into()), 10, Fault::Malformed);
    l.emu.inject(
        Target::Read("empty".into()),
        10,
        Fault::Body(200, r#"{"value": []}"#.into()),
    );
    let r = l.json(&["pull"], 1);
    for k in ["cut", "empty"] {
        let e = r.entry(&l.emu.env_url(k));
        assert_eq!(e["status"], "failed");
        let error = e["error"].as_str().unwrap();
        let url = format!("{}api/data/v9.2/organizations", l.emu.env_url(k));
        assert!(error.contains(&url), "names {url}: {error}");
    }
    let e = r.entry(&l.emu.env_url("empty"));
    assert!(
        e["error"].as_str().unwrap().contains("value"),
        "what was missing: {e}"
    );
}

#[test]
fn a_dropped_connection_is_retried() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    l.emu.inject(Target::Read("a".into()), 1, Fault::Drop);
    l.json(&["pull"], 0);
    assert_eq!(l.reads("a").len(), 2);
    assert_eq!(l.show("a")["session_timeout"]["length_min"], 480);
}

// ---------------------------------------------------------------- --jobs, --timeout

#[test]
fn jobs_bounds_the_environments_at_a_time() {
    let envs: Vec<EnvSpec> = (0..6).map(|i| EnvSpec::new(&format!("e{i}"))).collect();
    let l = Live::new(envs);
    for i in 0..6 {
        l.add(&format!("e{i}"), &format!("e{i}"));
    }
    l.emu.set_latency(Duration::from_millis(300));
    l.json(&["pull", "--jobs", "2"], 0);
    assert_eq!(l.emu.max_in_flight(), 2);
    for bad in ["0", "53"] {
        let r = l.run(&["pull", "--jobs", bad]);
        assert_eq!(r.code, 2, "--jobs {bad}: {}", r.stderr);
    }
}

#[test]
fn the_default_is_eight_at_a_time() {
    let envs: Vec<EnvSpec> = (0..12).map(|i| EnvSpec::new(&format!("e{i}"))).collect();
    let l = Live::new(envs);
    for i in 0..12 {
        l.add(&format!("e{i}"), &format!("e{i}"));
    }
    l.emu.set_latency(Duration::from_millis(400));
    l.json(&["pull"], 0);
    assert_eq!(l.emu.max_in_flight(), 8);
}

#[test]
fn timeout_bounds_each_request_and_a_timeout_is_retried() {
    let l = Live::new(vec![EnvSpec::new("a").columns(strict())]);
    l.add("a", "a");
    l.emu.inject(
        Target::Read("a".into()),
        1,
        Fault::Delay(Duration::from_secs(20)),
    );
    let started = Instant::now();
    l.json(&["pull", "--timeout", "1s"], 0);
    assert_eq!(l.reads("a").len(), 2);
    assert!(
        gap(&l, "a") < Duration::from_secs(10),
        "gave up the first after 1 s: {:?}",
        gap(&l, "a")
    );
    assert!(started.elapsed() < Duration::from_secs(15));
}

// ---------------------------------------------------------------- Ctrl-C

#[test]
fn ctrl_c_stops_new_requests_keeps_what_completed_and_exits_130() {
    let n = 20;
    let envs: Vec<EnvSpec> = (0..n)
        .map(|i| EnvSpec::new(&format!("e{i}")).columns(strict()))
        .collect();
    let l = Live::new(envs);
    for i in 0..n {
        l.add(&format!("e{i}"), &format!("e{i}"));
    }
    l.emu.set_latency(Duration::from_millis(400));
    let mut child = l
        .cmd()
        .args(["pull", "--jobs", "2"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn sessadm");
    let answered = |r: &[Request]| {
        r.iter()
            .filter(|r| matches!(r.route, Route::Read(_)) && r.status == Some(200))
            .count()
    };
    assert!(
        l.emu
            .wait_until(Duration::from_secs(30), |r| answered(r) >= 4),
        "never read 4"
    );
    let started = l
        .emu
        .requests()
        .iter()
        .filter(|r| matches!(r.route, Route::Read(_)))
        .count();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let end = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < end, "sessadm did not stop after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    l.keep(&out);
    assert_eq!(
        status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reads: Vec<Request> = l
        .emu
        .requests()
        .into_iter()
        .filter(|r| matches!(r.route, Route::Read(_)))
        .collect();
    // Requests already on their way when the signal came may still arrive (at most --jobs).
    assert!(
        reads.len() <= started + 2,
        "{} reads after {started} at the signal",
        reads.len()
    );
    assert!(reads.len() < n, "stopped early");
    let kept = (0..n)
        .filter(|i| l.show(&format!("e{i}"))["session_timeout"]["length_min"] == 480)
        .count();
    let read_ok = reads.iter().filter(|r| r.status == Some(200)).count();
    assert!(kept >= 4, "completed environments kept: {kept}");
    assert_eq!(
        kept, read_ok,
        "every environment read was kept, no other changed"
    );
}

// ---------------------------------------------------------------- leaks

#[test]
fn the_secret_scan_finds_a_leak() {
    // The scan itself must be able to fail: a token the emulator issued,
    // printed, is found.
    let l = Live::new(vec![EnvSpec::new("a")]);
    let t = l.emu.mint_token(ADMIN_RESOURCE);
    l.outputs
        .borrow_mut()
        .push(format!("Authorization: Bearer …{}…", &t[10..30]).into_bytes());
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        l.assert_no_secret_anywhere()
    }));
    assert!(found.is_err(), "a leaked token went unnoticed");
    l.outputs.borrow_mut().clear();
}

/// SPEC §10.1: a progress bar on a terminal's stderr once more than 10
/// environments are in flight; never off a terminal, never for 10 or fewer.
#[test]
fn a_progress_bar_shows_on_a_terminal_for_more_than_ten_environments() {
    if !have("script") {
        eprintln!("SKIP: util-linux script is not installed");
        return;
    }
    let n = 12;
    let envs: Vec<EnvSpec> = (0..n).map(|i| EnvSpec::new(&format!("e{i}"))).collect();
    let l = Live::new(envs);
    for i in 0..n {
        l.add(&format!("e{i}"), &format!("e{i}"));
    }
    // Two rounds of eight at 700 ms a request: well past a second.
    l.emu.set_latency(Duration::from_millis(700));
    let mut c = l.cmd();
    c.env("NO_COLOR", "1");
    let mut pty = Pty::start(script_like(&c, &l), "pull --dry-run");
    pty.wait_for(&format!("/{n} environments"));
    let (code, screen) = pty.finish();
    l.outputs.borrow_mut().push(screen.clone().into_bytes());
    assert_eq!(code, 0, "{screen}");
    // Off a terminal: no bar, however long.
    let r = l.run(&["pull", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("environments"), "{}", r.stderr);
}
