//! `sessadm env …`: the inventory and each environment's session settings.

use super::{Ctx, actor};
use crate::cli::{
    EnvAddArgs, EnvCommand, EnvUpdateArgs, HistoryArgs, SetInactivityArgs, SetTimeoutArgs,
};
use crate::duration::{bare_number, format_min, parse_minutes};
use crate::error::{Code, Error, Violation};
use crate::model::{Environment, EnvironmentView, Settings};
use crate::render;
use crate::rules::{self, SettingField};
use crate::store::Reader;
use crate::text::{cut, shown};

pub fn run(ctx: &Ctx, cmd: EnvCommand) -> Result<(), Error> {
    match cmd {
        EnvCommand::Add(a) => add(ctx, a),
        EnvCommand::List => list(ctx),
        EnvCommand::Show(a) => show(ctx, &a.name),
        EnvCommand::Update(a) => update(ctx, a),
        EnvCommand::Remove(a) => remove(ctx, &a.name),
        EnvCommand::SetTimeout(a) => set_timeout(ctx, a),
        EnvCommand::SetInactivity(a) => set_inactivity(ctx, a),
        EnvCommand::History(a) => history(ctx, a),
    }
}

/// exit 4: no such environment. The one place every lookup by name fails:
/// the hint names the closest existing environments (ignoring case), else
/// points at `sessadm env list`.
pub fn not_found(r: &Reader<'_>, name: &str) -> Error {
    // The error is what matters: a database that cannot list its names
    // just gives no suggestion.
    let envs = r.environments().unwrap_or_default();
    let hint = crate::suggest::did_you_mean(name, envs.iter().map(|e| e.name.as_str()))
        .unwrap_or_else(|| "see `sessadm env list`".to_string());
    Error::one(
        Violation::new(
            Code::NotFound,
            format!("no environment named {}", shown(name)),
        )
        .value(cut(name))
        .hint(hint),
    )
}

/// The environment of this name, or exit 4.
pub fn find(r: &Reader<'_>, name: &str) -> Result<Environment, Error> {
    match r.environment(name)? {
        Some(env) => Ok(env),
        None => Err(not_found(r, name)),
    }
}

/// The named environments, each once and in the order first named (two
/// names may differ only in case), or every environment when none is named;
/// exit 4 for a name that matches none.
pub fn named_or_all(r: &Reader<'_>, names: &[String]) -> Result<Vec<Environment>, Error> {
    if names.is_empty() {
        return Ok(r.environments()?);
    }
    let mut picked: Vec<Environment> = Vec::with_capacity(names.len());
    for name in names {
        let e = find(r, name)?;
        if !picked.iter().any(|p| p.id == e.id) {
            picked.push(e);
        }
    }
    Ok(picked)
}

/// An optional text flag: absent, or "" meaning "clear it".
fn optional(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.is_empty())
}

/// Print an environment as a command left it.
pub(super) fn show_changed(ctx: &Ctx, env: &Environment) -> Result<(), Error> {
    let view = EnvironmentView::from(env);
    ctx.emit_change(&view, |s| render::env::environment(s, &view))
}

fn add(ctx: &Ctx, a: EnvAddArgs) -> Result<(), Error> {
    let url = optional(a.url);
    let version = optional(a.env_version);
    let description = optional(a.description);
    let mut violations = rules::check_metadata(
        &a.name,
        url.as_deref(),
        version.as_deref(),
        description.as_deref(),
    );
    let mut store = ctx.store()?;
    let env = store.write(&actor(), |w| {
        if let Some(existing) = w.environment(&a.name)? {
            violations.insert(0, rules::duplicate_name(&a.name, &existing.name));
        }
        if !violations.is_empty() {
            return Err(Error::Invalid(violations));
        }
        let new = Environment {
            id: 0,
            name: a.name.clone(),
            url,
            version,
            description,
            settings: Settings::default(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        Ok(w.create(&new)?)
    })?;
    show_changed(ctx, &env)
}

fn list(ctx: &Ctx) -> Result<(), Error> {
    let envs = ctx
        .store_read()?
        .read(|r| r.environments().map_err(Error::from))?;
    let views: Vec<EnvironmentView> = envs.iter().map(EnvironmentView::from).collect();
    ctx.emit(&views, |s| render::env::environments(s, &views))
}

fn show(ctx: &Ctx, name: &str) -> Result<(), Error> {
    let env = ctx.store_read()?.read(|r| find(r, name))?;
    let view = EnvironmentView::from(&env);
    ctx.emit(&view, |s| render::env::environment(s, &view))
}

fn update(ctx: &Ctx, a: EnvUpdateArgs) -> Result<(), Error> {
    if a.url.is_none() && a.env_version.is_none() && a.description.is_none() && a.rename.is_none() {
        return Err(Error::usage(
            "nothing to change — pass --url, --version, --description or --rename",
        ));
    }
    let mut violations = Vec::new();
    if let Some(new) = &a.rename {
        violations.extend(rules::check_name(new));
    }
    if let Some(url) = a.url.as_deref().filter(|s| !s.is_empty()) {
        violations.extend(rules::check_url(url));
    }
    if let Some(v) = a.env_version.as_deref().filter(|s| !s.is_empty()) {
        violations.extend(rules::check_version(v));
    }
    if let Some(d) = &a.description {
        violations.extend(rules::check_description(d));
    }
    let mut store = ctx.store()?;
    let env = store.write(&actor(), |w| {
        let before = find(w, &a.name)?;
        if let Some(new) = &a.rename
            && let Some(other) = w.environment(new)?
            && other.id != before.id
        {
            violations.insert(0, rules::duplicate_name(new, &other.name));
        }
        if !violations.is_empty() {
            return Err(Error::Invalid(violations));
        }
        let mut after = before.clone();
        if let Some(new) = a.rename {
            after.name = new;
        }
        if let Some(url) = a.url {
            after.url = optional(Some(url));
        }
        if let Some(v) = a.env_version {
            after.version = optional(Some(v));
        }
        if let Some(d) = a.description {
            after.description = optional(Some(d));
        }
        Ok(w.update(&before, &after)?)
    })?;
    show_changed(ctx, &env)
}

fn remove(ctx: &Ctx, name: &str) -> Result<(), Error> {
    let mut store = ctx.store()?;
    let env = store.read(|r| find(r, name))?;
    ctx.confirm(
        &format!(
            "Delete environment {} and its settings? (its history is kept)",
            shown(&env.name)
        ),
        "env remove",
    )?;
    let gone = store.write(&actor(), |w| {
        let env = find(w, name)?;
        w.delete(&env)?;
        Ok::<_, Error>(env)
    })?;
    let view = EnvironmentView::from(&gone);
    ctx.emit_change(&view, |_| {
        format!(
            "Deleted environment {}; its history is kept.\n",
            shown(&gone.name)
        )
    })
}

/// Parse a duration flag, collecting a syntax error instead of failing.
fn parse_flag(value: Option<&str>, what: &str, errors: &mut Vec<Violation>) -> Option<u32> {
    match value.map(|v| parse_minutes(v, what)) {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => None,
    }
}

/// A duration typed at a prompt, checked with the rule of that value.
fn prompt_minutes(
    ctx: &Ctx,
    prompt: &str,
    what: &str,
    default: Option<u32>,
    check: impl Fn(u32) -> Option<Violation>,
) -> Result<u32, Error> {
    ctx.term.ask(prompt, default.map(format_min), |s| {
        let m = parse_minutes(s, what)?;
        check(m).map_or(Ok(m), Err)
    })
}

/// Apply `change` to the environment's settings in one write transaction,
/// after V1–V5 accept the whole result.
fn change_settings(
    ctx: &Ctx,
    name: &str,
    typed: &[(SettingField, Option<&str>)],
    change: impl FnOnce(&mut Settings),
) -> Result<(), Error> {
    let mut store = ctx.store()?;
    let env = store.write(&actor(), |w| {
        let before = find(w, name)?;
        let mut after = before.clone();
        change(&mut after.settings);
        let violations = rules::check_settings_fields(&after.settings);
        if !violations.is_empty() {
            return Err(Error::Invalid(
                violations
                    .into_iter()
                    .map(|(field, v)| hours_meant(&after.settings, typed, field, v))
                    .collect(),
            ));
        }
        Ok(w.update(&before, &after)?)
    })?;
    ctx.note("Open sessions keep their settings until the user signs in again (S7).");
    show_changed(ctx, &env)
}

/// A bare number is minutes; when it breaks a rule that the same number of
/// hours would keep, the user most likely meant hours: say so
/// (`--length 8` → "8m is outside 1h–24h — did you mean 8h?").
fn hours_meant(
    settings: &Settings,
    typed: &[(SettingField, Option<&str>)],
    field: SettingField,
    v: Violation,
) -> Violation {
    let Some(n) = typed
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, t)| t.and_then(bare_number))
    else {
        return v;
    };
    let Some(hours) = n.checked_mul(60) else {
        return v;
    };
    let mut s = *settings;
    match field {
        SettingField::SessionLength => s.session_length_min = hours,
        SettingField::SessionWarning => s.session_warning_min = hours,
        SettingField::Inactivity => s.inactivity_min = Some(hours),
        SettingField::InactivityWarning => s.inactivity_warning_min = hours,
    }
    if rules::check_settings_fields(&s)
        .iter()
        .any(|(f, _)| *f == field)
    {
        return v;
    }
    v.hint(format!("did you mean {n}h?"))
}

fn set_timeout(ctx: &Ctx, a: SetTimeoutArgs) -> Result<(), Error> {
    let current = ctx.store()?.read(|r| find(r, &a.name))?.settings;
    if a.disable {
        return change_settings(ctx, &a.name, &[], |s| s.session_enabled = false);
    }
    let mut errors = Vec::new();
    let mut length = parse_flag(a.length.as_deref(), "session length", &mut errors);
    let mut warning = parse_flag(a.warning.as_deref(), "session warning", &mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if length.is_none() {
        if !ctx.term.interactive() {
            return Err(Error::usage(
                "env set-timeout needs --length DUR (or --disable); sessadm asks only at a terminal",
            ));
        }
        let inactivity = current.active_inactivity();
        let l = prompt_minutes(
            ctx,
            "Session length (1h–24h)",
            "session length",
            Some(current.session_length_min),
            |m| {
                rules::check_session_length(m)
                    .or_else(|| inactivity.and_then(|i| rules::check_inactivity_limit(i, true, m)))
            },
        )?;
        length = Some(l);
        if warning.is_none() {
            warning = Some(prompt_minutes(
                ctx,
                "Warning before the session ends (0 for none)",
                "session warning",
                Some(current.session_warning_min),
                |m| rules::check_session_warning(m, l),
            )?);
        }
    }
    let typed = [
        (SettingField::SessionLength, a.length.as_deref()),
        (SettingField::SessionWarning, a.warning.as_deref()),
    ];
    change_settings(ctx, &a.name, &typed, |s| {
        s.session_enabled = true;
        if let Some(l) = length {
            s.session_length_min = l;
        }
        if let Some(w) = warning {
            s.session_warning_min = w;
        }
    })
}

fn set_inactivity(ctx: &Ctx, a: SetInactivityArgs) -> Result<(), Error> {
    let current = ctx.store()?.read(|r| find(r, &a.name))?.settings;
    if a.disable {
        return change_settings(ctx, &a.name, &[], |s| s.inactivity_enabled = false);
    }
    let mut errors = Vec::new();
    let mut after = parse_flag(a.after.as_deref(), "inactivity timeout", &mut errors);
    let mut warning = parse_flag(a.warning.as_deref(), "inactivity warning", &mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if after.is_none() {
        if !ctx.term.interactive() {
            return Err(Error::usage(
                "env set-inactivity needs --after DUR (or --disable); sessadm asks only at a terminal",
            ));
        }
        let limit = if current.session_enabled {
            current.session_length_min
        } else {
            rules::SESSION_MAX
        };
        let a_min = prompt_minutes(
            ctx,
            &format!(
                "Inactivity timeout (5m up to less than {})",
                format_min(limit)
            ),
            "inactivity timeout",
            current.inactivity_min,
            |m| {
                rules::check_inactivity_min(m).or_else(|| {
                    rules::check_inactivity_limit(
                        m,
                        current.session_enabled,
                        current.session_length_min,
                    )
                })
            },
        )?;
        after = Some(a_min);
        if warning.is_none() {
            warning = Some(prompt_minutes(
                ctx,
                "Warning before the inactivity sign-out (0 for none)",
                "inactivity warning",
                Some(current.inactivity_warning_min),
                |m| rules::check_inactivity_warning(m, a_min),
            )?);
        }
    }
    let typed = [
        (SettingField::Inactivity, a.after.as_deref()),
        (SettingField::InactivityWarning, a.warning.as_deref()),
    ];
    change_settings(ctx, &a.name, &typed, |s| {
        s.inactivity_enabled = true;
        if let Some(v) = after {
            s.inactivity_min = Some(v);
        }
        if let Some(w) = warning {
            s.inactivity_warning_min = w;
        }
    })
}

fn history(ctx: &Ctx, a: HistoryArgs) -> Result<(), Error> {
    let rows = ctx.store_read()?.read(|r| {
        if let Some(name) = &a.name
            && r.environment(name)?.is_none()
            && !r.name_in_history(name)?
        {
            return Err(not_found(r, name));
        }
        Ok(r.history(a.name.as_deref(), a.limit)?)
    })?;
    ctx.emit(&rows, |s| render::env::history(s, &rows))
}
