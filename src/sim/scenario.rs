//! Reading a TOML or JSON scenario (SPEC §6.1) into the engine's terms.
//!
//! Every problem in the file is collected, each with its line and column,
//! before anything runs: a scenario that reaches the engine is valid, so a
//! run never stops half-way through its output.

use std::ops::Range;

use super::engine::Config;
use super::event::{Client, Event, KINDS, Kind, Users, Via};
use super::time::{Time, TimeError, parse_rfc3339};
use crate::duration::parse_offset_seconds;
use crate::envspec::{EnvSpec, SettingsPatch, boolean, string, table, unknown_keys};
use crate::error::{Code, Violation};
use crate::located::{Doc, Fields, Node, Value};
use crate::model::{Environment, EnvironmentView, Settings, Tenant, is_legacy_version};
use crate::rules::{self, name_key};
use crate::text::{cut, shown};

/// What the database offers a scenario when `--env` is used.
pub struct Context<'a> {
    /// The environment named by `--env`.
    pub env: Option<&'a Environment>,
    /// The database's tenant settings (with `--env`).
    pub tenant: Option<Tenant>,
    /// Another environment in the database: `Some(version)` when it exists.
    pub lookup: &'a dyn Fn(&str) -> Option<Option<String>>,
    /// `--until`.
    pub until: Option<&'a str>,
    pub auto_sign_in: bool,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    /// The main environment as `env show` prints it.
    pub environment: EnvironmentView,
    pub config: Config,
    /// The user names the events' ids refer to.
    pub users: Vec<String>,
    pub events: Vec<Event>,
}

/// The user of events that name none, when the scenario names none either.
pub const DEFAULT_USER: &str = "user";

/// Every key of a scenario's top level.
const SCENARIO_KEYS: &[&str] = &[
    "start",
    "user",
    "until",
    "environment",
    "tenant",
    "environments",
    "events",
];

/// Every key of an event (the setting keys for `kind = "settings"`).
pub(crate) const EVENT_KEYS: &[&str] = &[
    "at",
    "kind",
    "user",
    "client",
    "stay_signed_in",
    "global_context",
    "via",
    "env",
    "as_user",
    "session_timeout",
    "session_length",
    "session_warning",
    "inactivity_timeout",
    "inactivity",
    "inactivity_warning",
];

/// Parse a time as written: an RFC 3339 time with an offset, or `+offset`
/// from `start`.
pub fn parse_time(text: &str, start: Option<Time>, what: &str) -> Result<Time, Violation> {
    if text.starts_with('+') {
        let secs = parse_offset_seconds(text, what)?;
        return match start {
            Some(s) if super::time::in_range(s + secs) => Ok(s + secs),
            Some(_) => Err(Violation::new(
                Code::Syntax,
                format!("{what} {} goes past the year 9998", shown(text)),
            )
            .value(cut(text))),
            None => Err(Violation::new(
                Code::Syntax,
                format!(
                    "{what} {} is an offset, but there is no `start` to count it from",
                    shown(text)
                ),
            )
            .value(cut(text))
            .allowed("an RFC 3339 time, or set start = \"...\"")),
        };
    }
    parse_rfc3339(text).map_err(|e| {
        let why = match e {
            TimeError::Form => "is not an RFC 3339 time or a +offset",
            e => e.why(),
        };
        Violation::new(Code::Syntax, format!("{what} {} {why}", shown(text)))
            .value(cut(text))
            .allowed("RFC 3339 with an offset (2026-03-02T08:00:00Z) or +offset (+90m, +30s)")
    })
}

fn time_node(doc: &Doc, node: &Node, start: Option<Time>, what: &str) -> Result<Time, Violation> {
    let text = match &node.value {
        Value::Str(s) | Value::Datetime(s) => s,
        other => {
            return Err(doc.error(
                Code::Syntax,
                &node.span(),
                format!("{what} must be a time, not {}", other.kind()),
            ));
        }
    };
    parse_time(text, start, what).map_err(|v| doc.locate(v, &node.span()))
}

/// Another environment the user may open: its name as written, its key,
/// and whether it is older than 9.1.0.3647.
struct Other {
    name: String,
    key: String,
    legacy: bool,
}

/// Parse a whole scenario; every violation in the file, or the scenario.
/// The top-level keys are read in the order their errors are reported.
pub fn parse(doc: &Doc, json: bool, ctx: &Context<'_>) -> Result<Scenario, Vec<Violation>> {
    let root = doc.parse(json).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let entries = table(doc, &root, "a scenario").map_err(|e| vec![e])?;
    let mut fields = Fields::new(entries);

    let start = read_time(doc, fields.take("start"), None, "start", &mut errors);
    let default_user = read_default_user(doc, fields.take("user"), &mut errors);
    let file_until = read_time(doc, fields.take("until"), start, "until", &mut errors);
    let (environment, settings) =
        read_environment(doc, fields.take("environment"), ctx, &mut errors);
    // The tenant: the file's, else the database's with --env, else defaults.
    let mut tenant = ctx.tenant.unwrap_or_default();
    if let Some(node) = fields.take("tenant") {
        tenant = crate::envspec::tenant(doc, node, tenant, &mut errors);
    }
    let others = read_others(doc, fields.take("environments"), &environment, &mut errors);

    let mut users = Users::default();
    let mut current = settings;
    let events = match fields.take("events") {
        Some(node) => EventCtx {
            doc,
            start,
            default_user: &default_user,
            others: &others,
            ctx,
            users: &mut users,
            current: &mut current,
            previous: None,
            errors: &mut errors,
        }
        .read_events(node),
        None => Vec::new(),
    };
    unknown_keys(doc, &fields, "the scenario", SCENARIO_KEYS, &mut errors);

    let cli_until = ctx.until.and_then(|u| {
        parse_time(u, start, "--until")
            .map_err(|e| errors.push(e))
            .ok()
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    let horizon = [file_until, cli_until].into_iter().flatten().min();
    Ok(Scenario {
        config: Config::new(
            settings,
            environment.version.clone(),
            &tenant,
            ctx.auto_sign_in,
            horizon,
        ),
        environment,
        users: users.into_names(),
        events,
    })
}

/// A top-level time (`start`, `until`), if present and valid.
fn read_time(
    doc: &Doc,
    node: Option<&Node>,
    start: Option<Time>,
    what: &str,
    errors: &mut Vec<Violation>,
) -> Option<Time> {
    time_node(doc, node?, start, what)
        .map_err(|e| errors.push(e))
        .ok()
}

/// The user of events that name none: the scenario's `user`, else
/// [`DEFAULT_USER`].
fn read_default_user(doc: &Doc, node: Option<&Node>, errors: &mut Vec<Violation>) -> String {
    let Some(n) = node else {
        return DEFAULT_USER.to_string();
    };
    match string(doc, n, "user") {
        Ok(u) if !u.trim().is_empty() => {
            refuse_controls(doc, Code::Syntax, "user", u, &n.span(), errors);
            u.to_string()
        }
        Ok(_) => {
            errors.push(doc.error(Code::Syntax, &n.span(), "user must not be empty"));
            DEFAULT_USER.to_string()
        }
        Err(e) => {
            errors.push(e);
            DEFAULT_USER.to_string()
        }
    }
}

/// The main environment and its settings: the file's `[environment]`,
/// else `--env`'s, else an unnamed one with the defaults (the scenario is
/// refused, but reading goes on).
fn read_environment(
    doc: &Doc,
    node: Option<&Node>,
    ctx: &Context<'_>,
    errors: &mut Vec<Violation>,
) -> (EnvironmentView, Settings) {
    let unnamed = || {
        (
            EnvironmentView::new("", None, None, None, &Settings::default()),
            Settings::default(),
        )
    };
    let Some(node) = node else {
        return match ctx.env {
            Some(e) => (EnvironmentView::from(e), e.settings),
            None => {
                errors.push(
                    Violation::new(
                        Code::Syntax,
                        "the scenario has no [environment] — add one, or pass --env NAME to take it from the database",
                    )
                    .at(doc.location(0)),
                );
                unnamed()
            }
        };
    };
    let Some(spec) = EnvSpec::read(doc, node, "[environment]", errors) else {
        return unnamed();
    };
    spec.check(doc, errors);
    let settings = spec.settings();
    let view = EnvironmentView::new(
        spec.name.as_ref().map_or("", |n| n.0.as_str()),
        spec.url.as_ref().map(|u| u.0.as_str()),
        spec.version.as_ref().map(|v| v.0.as_str()),
        spec.description.as_ref().map(|d| d.0.as_str()),
        &settings,
    );
    (view, settings)
}

/// The environments events may open, by name: the main one, then those of
/// `[[environments]]`, each name held to V6 against those before it.
fn read_others(
    doc: &Doc,
    node: Option<&Node>,
    main: &EnvironmentView,
    errors: &mut Vec<Violation>,
) -> Vec<Other> {
    let mut others = vec![Other {
        name: main.name.clone(),
        key: name_key(&main.name),
        legacy: is_legacy_version(main.version.as_deref()),
    }];
    let Some(node) = node else {
        return others;
    };
    let Value::Array(items) = &node.value else {
        errors.push(doc.error(
            Code::Syntax,
            &node.span(),
            format!(
                "environments must be an array of tables, not {}",
                node.value.kind()
            ),
        ));
        return others;
    };
    for item in items {
        let Some(spec) = EnvSpec::read(doc, item, "[[environments]]", errors) else {
            continue;
        };
        spec.check(doc, errors);
        if let Some((name, span)) = &spec.name {
            let key = name_key(name);
            if let Some(first) = others.iter().find(|o| o.key == key) {
                errors.push(doc.locate(rules::duplicate_name(name, &first.name), span));
            }
            others.push(Other {
                name: name.clone(),
                key,
                legacy: is_legacy_version(spec.version.as_ref().map(|v| v.0.as_str())),
            });
        }
    }
    others
}

/// What reading the events needs from the rest of the scenario, and what
/// it carries from one event to the next.
struct EventCtx<'a> {
    doc: &'a Doc<'a>,
    /// The scenario's start, which relative times count from.
    start: Option<Time>,
    /// The user of an event that names none.
    default_user: &'a str,
    /// The environments an `env` may name.
    others: &'a [Other],
    ctx: &'a Context<'a>,
    users: &'a mut Users,
    /// The settings as the events so far have left them (S7).
    current: &'a mut Settings,
    /// The last event's time and where it starts, in bytes: its line is
    /// worked out only for an error.
    previous: Option<(Time, usize)>,
    errors: &'a mut Vec<Violation>,
}

impl EventCtx<'_> {
    /// The valid events of the scenario's `events`.
    fn read_events(&mut self, node: &Node) -> Vec<Event> {
        match &node.value {
            Value::Array(items) => items
                .iter()
                .filter_map(|item| self.read_event(item))
                .collect(),
            other => {
                self.errors.push(self.doc.error(
                    Code::Syntax,
                    &node.span(),
                    format!("events must be an array of tables, not {}", other.kind()),
                ));
                Vec::new()
            }
        }
    }

    /// One event, or None with its violations in `errors`. Its keys are
    /// read in the order their errors are reported.
    fn read_event(&mut self, node: &Node) -> Option<Event> {
        let entries = table(self.doc, node, "an event")
            .map_err(|e| self.errors.push(e))
            .ok()?;
        let mut f = Fields::new(entries);
        let before = self.errors.len();

        let at = self.read_at(&mut f, node);
        let kind_name = self.read_kind_name(&mut f, node);
        let user = self.read_name(&mut f, "user").unwrap_or(self.default_user);
        let client = self.read_client(&mut f);
        let stay = flag(self.doc, &mut f, "stay_signed_in", self.errors);
        let global = flag(self.doc, &mut f, "global_context", self.errors);
        let via = self.read_via(&mut f);
        let env = self.read_env_name(&mut f);
        let as_user = self.read_name(&mut f, "as_user");
        // An `env` names an environment whatever the kind, as in a CSV row: an
        // unknown one is refused on every event, not only on open-env.
        let env_legacy = env.map(|named| named.and_then(|(name, span)| self.legacy(name, &span)));
        let is_settings = kind_name.as_ref().is_some_and(|(k, _)| *k == "settings");
        let patch = is_settings.then(|| SettingsPatch::read(self.doc, &mut f, self.errors));
        unknown_keys(self.doc, &f, "an event", EVENT_KEYS, self.errors);

        let (kind_name, kind_span) = kind_name?;
        let kind = match kind_name {
            "sign-in" => Kind::SignIn {
                client,
                stay_signed_in: stay,
                global_context: global,
            },
            "access" => Kind::Access {
                as_user: as_user.map(|a| self.users.id(a)),
            },
            "open-env" => self.open_env(env_legacy, via, &kind_span)?,
            "settings" => self.settings(patch.unwrap_or_default(), &kind_span)?,
            // Checked against KINDS: every other name is a simple kind.
            other => Kind::simple(other).unwrap_or(Kind::End),
        };
        if self.errors.len() > before {
            return None;
        }
        Some(Event {
            at: at?,
            user: self.users.id(user),
            kind,
        })
    }

    /// The event's time, which must not be earlier than the one before it.
    fn read_at(&mut self, f: &mut Fields<'_>, node: &Node) -> Option<Time> {
        let Some(n) = f.take("at") else {
            self.errors.push(self.doc.error(
                Code::Syntax,
                &node.span(),
                "an event needs a time (at = \"...\")",
            ));
            return None;
        };
        let t = time_node(self.doc, n, self.start, "at")
            .map_err(|e| self.errors.push(e))
            .ok()?;
        match self.previous {
            Some((p, pstart)) if t < p => {
                let pline = self.doc.line(pstart);
                self.errors.push(self.doc.error(
                    Code::Order,
                    &n.span(),
                    format!(
                        "this event ({}) is earlier than the one before it ({}, line {pline}) — events must be in time order",
                        super::time::format_rfc3339(t),
                        super::time::format_rfc3339(p)
                    ),
                ));
            }
            _ => self.previous = Some((t, node.span().start)),
        }
        Some(t)
    }

    /// The event's kind, one of [`KINDS`], and where it is written.
    fn read_kind_name<'n>(
        &mut self,
        f: &mut Fields<'n>,
        node: &Node,
    ) -> Option<(&'n str, Range<usize>)> {
        let Some(n) = f.take("kind") else {
            self.errors.push(self.doc.error(
                Code::Syntax,
                &node.span(),
                "an event needs a kind (kind = \"...\")",
            ));
            return None;
        };
        let k = string(self.doc, n, "kind")
            .map_err(|e| self.errors.push(e))
            .ok()?;
        if !KINDS.contains(&k) {
            self.errors
                .push(self.doc.locate(Kind::unknown(k), &n.span()));
            return None;
        }
        Some((k, n.span()))
    }

    /// A user's name (`user`, `as_user`); one with a control character is
    /// an error.
    fn read_name<'n>(&mut self, f: &mut Fields<'n>, key: &str) -> Option<&'n str> {
        let (name, span) = text(self.doc, f, key, self.errors)?;
        refuse_controls(self.doc, Code::Syntax, key, name, &span, self.errors);
        Some(name)
    }

    /// The client signed in on, the web when none is named.
    fn read_client(&mut self, f: &mut Fields<'_>) -> Client {
        let Some((c, span)) = text(self.doc, f, "client", self.errors) else {
            return Client::Web;
        };
        Client::parse(c).unwrap_or_else(|| {
            self.errors.push(self.doc.locate(Client::unknown(c), &span));
            Client::Web
        })
    }

    /// How an environment is opened, by a link when not said.
    fn read_via(&mut self, f: &mut Fields<'_>) -> Via {
        let Some((v, span)) = text(self.doc, f, "via", self.errors) else {
            return Via::Link;
        };
        Via::parse(v).unwrap_or_else(|| {
            self.errors.push(self.doc.locate(Via::unknown(v), &span));
            Via::Link
        })
    }

    /// The `env` an event names, if any: Some(None) when the name holds a
    /// control character (V6). Such a name names no environment; it is
    /// reported as such, not also as unknown.
    fn read_env_name<'n>(&mut self, f: &mut Fields<'n>) -> Option<Option<(&'n str, Range<usize>)>> {
        let (name, span) = text(self.doc, f, "env", self.errors)?;
        let refused = refuse_controls(self.doc, Code::V6, "env", name, &span, self.errors);
        Some((!refused).then_some((name, span)))
    }

    /// Whether the environment `name` is older than 9.1.0.3647; None, with
    /// its error, when neither the file nor the database has it.
    fn legacy(&mut self, name: &str, span: &Range<usize>) -> Option<bool> {
        let key = name_key(name);
        let legacy = match self.others.iter().find(|o| o.key == key) {
            Some(o) => Some(o.legacy),
            None => (self.ctx.lookup)(name).map(|v| is_legacy_version(v.as_deref())),
        };
        if legacy.is_none() {
            self.errors.push(
                self.doc
                    .error(
                        Code::Unknown,
                        span,
                        format!(
                            "unknown environment {} — declare it in [[environments]]",
                            shown(name)
                        ),
                    )
                    .value(cut(name)),
            );
        }
        legacy
    }

    /// An open-env event, which needs an `env`: `env_legacy` is None
    /// without one, Some(None) when its name was refused or is unknown
    /// (reported already).
    fn open_env(
        &mut self,
        env_legacy: Option<Option<bool>>,
        via: Via,
        kind_span: &Range<usize>,
    ) -> Option<Kind> {
        match env_legacy {
            Some(legacy) => legacy.map(|legacy| Kind::OpenEnv { legacy, via }),
            None => {
                self.errors.push(self.doc.error(
                    Code::Syntax,
                    kind_span,
                    "open-env needs env = \"NAME\"",
                ));
                None
            }
        }
    }

    /// A settings event: it changes at least one setting, and the settings
    /// it leaves must pass V1–V5; they are then the current ones.
    fn settings(&mut self, patch: SettingsPatch, kind_span: &Range<usize>) -> Option<Kind> {
        if patch.is_empty() {
            self.errors.push(self.doc.error(
                Code::Syntax,
                kind_span,
                "a settings event needs at least one setting (session_length, inactivity, …)",
            ));
            return None;
        }
        let next = patch.apply(*self.current);
        let checked = self.errors.len();
        patch.check(self.doc, &next, kind_span, self.errors);
        if self.errors.len() > checked {
            return None;
        }
        *self.current = next;
        Some(Kind::Settings(next))
    }
}

/// A string field and where its value is, if present; a value that is not a
/// string goes to `errors`.
fn text<'n>(
    doc: &Doc,
    f: &mut Fields<'n>,
    key: &str,
    errors: &mut Vec<Violation>,
) -> Option<(&'n str, Range<usize>)> {
    let n = f.take(key)?;
    string(doc, n, key)
        .map_err(|e| errors.push(e))
        .ok()
        .map(|s| (s, n.span()))
}

/// SPEC §2: a user or environment name in a scenario holds no control
/// characters. Whether `value` was refused (the violation is in `errors`).
fn refuse_controls(
    doc: &Doc,
    code: Code,
    key: &str,
    value: &str,
    span: &Range<usize>,
    errors: &mut Vec<Violation>,
) -> bool {
    match rules::check_characters(code, key, value, false) {
        Some(v) => {
            errors.push(doc.locate(v, span));
            true
        }
        None => false,
    }
}

/// A true/false field, false when absent; a value that is not a boolean
/// goes to `errors`.
fn flag(doc: &Doc, f: &mut Fields<'_>, key: &str, errors: &mut Vec<Violation>) -> bool {
    f.take(key)
        .and_then(|n| boolean(doc, n, key).map_err(|e| errors.push(e)).ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every violation in a TOML scenario, as printed.
    fn errors(text: &str) -> Vec<String> {
        let lookup = |_: &str| None;
        let ctx = Context {
            env: None,
            tenant: None,
            lookup: &lookup,
            until: None,
            auto_sign_in: false,
        };
        match parse(&Doc::new("t.toml", text), false, &ctx) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_listed_key_is_read() {
        // The key lists that suggestions come from hold only keys that are
        // read: a scenario using each of them is valid.
        let text = "start = \"2026-03-02T08:00:00Z\"\nuser = \"u\"\nuntil = \"+1h\"\n\
                    [environment]\nname = \"a\"\nurl = \"https://a.crm.dynamics.com\"\n\
                    version = \"9.2\"\ndescription = \"d\"\nsession_timeout = true\n\
                    session_length = \"8h\"\nsession_warning = \"20m\"\n\
                    inactivity_timeout = true\ninactivity = \"30m\"\ninactivity_warning = \"5m\"\n\
                    [tenant]\ntoken_lifetime = \"90d\"\n\
                    [[environments]]\nname = \"b\"\n\
                    [[events]]\nat = \"+0s\"\nkind = \"settings\"\nuser = \"v\"\n\
                    client = \"web\"\nstay_signed_in = true\nglobal_context = false\n\
                    via = \"link\"\nenv = \"b\"\nas_user = \"w\"\nsession_timeout = true\n\
                    session_length = \"9h\"\nsession_warning = \"10m\"\n\
                    inactivity_timeout = true\ninactivity = \"20m\"\ninactivity_warning = \"2m\"\n";
        assert_eq!(errors(text), Vec::<String>::new());
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .collect();
        for k in SCENARIO_KEYS
            .iter()
            .chain(EVENT_KEYS)
            .chain(crate::envspec::ENV_KEYS)
            .chain(crate::envspec::TENANT_KEYS)
        {
            assert!(
                keys.contains(k) || text.contains(&format!("[{k}]")),
                "{k} not tried"
            );
        }
    }

    #[test]
    fn an_unknown_key_suggests_the_nearest_of_its_table() {
        let text = "start = \"2026-03-02T08:00:00Z\"\nevnts = 1\n\
                    [environment]\nname = \"a\"\nsesion_length = \"8h\"\n\
                    [[events]]\nat = \"+0s\"\nkind = \"settings\"\ninactivty = \"30m\"\n\
                    session_length = \"8h\"\n\
                    [[events]]\nat = \"+1s\"\nkind = \"sign-in\"\nstay_signed_on = true\n\
                    [[events]]\nat = \"+2s\"\nkind = \"actvity\"\ncolour = 1\n";
        assert_eq!(
            errors(text),
            [
                "t.toml:5:1: error[unknown]: unknown key \"sesion_length\" in [environment] — did you mean session_length?",
                "t.toml:9:1: error[unknown]: unknown key \"inactivty\" in an event — did you mean inactivity?",
                "t.toml:14:1: error[unknown]: unknown key \"stay_signed_on\" in an event — did you mean stay_signed_in?",
                "t.toml:17:8: error[unknown]: unknown event kind \"actvity\" — did you mean activity?",
                "t.toml:18:1: error[unknown]: unknown key \"colour\" in an event",
                "t.toml:2:1: error[unknown]: unknown key \"evnts\" in the scenario — did you mean events?",
            ]
        );
    }

    #[test]
    fn a_name_taken_in_another_case_says_which() {
        let text = "[environment]\nname = \"Prod\"\n\
                    [[environments]]\nname = \"Sales\"\n\
                    [[environments]]\nname = \"PROD\"\n\
                    [[environments]]\nname = \"Sales\"\n";
        assert_eq!(
            errors(text),
            [
                "t.toml:6:8: error[V6]: an environment named \"PROD\" already exists as \"Prod\" (names are compared case-insensitively)",
                "t.toml:8:8: error[V6]: an environment named \"Sales\" already exists (names are compared case-insensitively)",
            ]
        );
    }

    #[test]
    fn unknown_via_is_an_error_at_its_value() {
        let text = "start = \"2026-03-02T08:00:00Z\"\n\
                    [environment]\nname = \"a\"\n\
                    [[environments]]\nname = \"b\"\n\
                    [[events]]\nat = \"+0s\"\nkind = \"open-env\"\nenv = \"b\"\nvia = \"url\"\n\
                    [[events]]\nat = \"+1s\"\nkind = \"open-env\"\nenv = \"b\"\nvia = \"manual-url\"\n";
        assert_eq!(
            errors(text),
            ["t.toml:10:7: error[unknown]: unknown via \"url\""]
        );
    }

    #[test]
    fn an_event_reports_every_problem_in_the_order_of_its_keys() {
        let text = "start = \"2026-03-02T08:00:00Z\"\n\
                    [environment]\nname = \"a\"\n\
                    [[events]]\nat = \"+1h\"\nkind = \"activity\"\n\
                    [[events]]\n\
                    at = \"+30m\"\nkind = \"sign-in\"\nuser = 7\nclient = \"fax\"\n\
                    stay_signed_in = \"yes\"\nvia = \"url\"\nenv = 1\ncolour = \"red\"\n\
                    [[events]]\nat = \"+2h\"\nkind = \"activity\"\n";
        assert_eq!(
            errors(text),
            [
                "t.toml:8:6: error[order]: this event (2026-03-02T08:30:00Z) is earlier than the one before it (2026-03-02T09:00:00Z, line 4) — events must be in time order",
                "t.toml:10:8: error[syntax]: user must be a string, not an integer",
                "t.toml:11:10: error[unknown]: unknown client \"fax\"",
                "t.toml:12:18: error[syntax]: stay_signed_in must be true or false, not a string",
                "t.toml:13:7: error[unknown]: unknown via \"url\"",
                "t.toml:14:7: error[syntax]: env must be a string, not an integer",
                "t.toml:15:1: error[unknown]: unknown key \"colour\" in an event",
            ]
        );
    }

    /// A scenario whose environment has `env` and whose one settings event
    /// has `event` (from line 8 when `env` is one line); every violation as
    /// printed.
    fn settings_event(env: &str, event: &str) -> Vec<String> {
        errors(&format!(
            "start = \"2026-03-02T08:00:00Z\"\n\
             [environment]\nname = \"a\"\n{env}\n\
             [[events]]\nat = \"+0s\"\nkind = \"settings\"\n{event}\n"
        ))
    }

    #[test]
    fn a_settings_event_is_held_to_v1_to_v5_at_its_own_values() {
        for (env, event, expected) in [
            (
                "",
                "session_length = \"30m\"",
                "t.toml:8:18: error[V1]: session length 30m is outside 1h–24h",
            ),
            (
                "",
                "session_length = \"1h\"\nsession_warning = \"2h\"",
                "t.toml:9:19: error[V2]: session warning 2h must be shorter than the session length 1h",
            ),
            (
                "",
                "inactivity = \"4m\"",
                "t.toml:8:14: error[V3]: inactivity timeout 4m is below the minimum 5m",
            ),
            (
                "session_length = \"2h\"",
                "inactivity = \"3h\"",
                "t.toml:8:14: error[V4]: inactivity timeout 3h must be shorter than the session length 2h — shorten the inactivity timeout or lengthen the session",
            ),
            (
                "",
                "inactivity = \"10m\"\ninactivity_warning = \"10m\"",
                "t.toml:9:22: error[V5]: inactivity warning 10m must be shorter than the inactivity timeout 10m",
            ),
        ] {
            assert_eq!(settings_event(env, event), [expected], "{event}");
        }
    }

    #[test]
    fn a_settings_event_points_at_the_value_it_changed() {
        for (env, event, expected) in [
            // The warning is not in the event: its session length is.
            (
                "session_warning = \"90m\"",
                "session_length = \"1h\"",
                "t.toml:8:18: error[V2]: session warning 1h30m must be shorter than the session length 1h",
            ),
            // V4: the inactivity is not in the event: the session length is.
            (
                "inactivity = \"2h\"",
                "session_length = \"1h\"",
                "t.toml:8:18: error[V4]: inactivity timeout 2h must be shorter than the session length 1h — shorten the inactivity timeout or lengthen the session",
            ),
            // V4 once the session timeout is turned on.
            (
                "session_length = \"1h\"\nsession_timeout = false\ninactivity = \"2h\"",
                "session_timeout = true",
                "t.toml:10:19: error[V4]: inactivity timeout 2h must be shorter than the session length 1h — shorten the inactivity timeout or lengthen the session",
            ),
            // The warning is not in the event: its inactivity is.
            (
                "inactivity = \"1h\"\ninactivity_warning = \"30m\"",
                "inactivity = \"20m\"",
                "t.toml:9:14: error[V5]: inactivity warning 30m must be shorter than the inactivity timeout 20m",
            ),
        ] {
            assert_eq!(settings_event(env, event), [expected], "{event}");
        }
    }
}
