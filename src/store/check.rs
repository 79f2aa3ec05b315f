//! `sessadm db check`: is the file sound, and does it hold only what
//! sessadm would have written?
//!
//! SQLite's own `integrity_check` and `foreign_key_check`, then sessadm's
//! invariants: the schema is ours, every stored value passes rules V1–V9,
//! and every environment's history is one unbroken chain from its creation
//! to what is stored now (each change's old value is the previous change's
//! new one). A foreign `-wal` replayed into the file, a hand edit made with
//! the checks switched off, or a lost write all break one of these.
//! Reads only.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use super::queries::{ENV_COLUMNS, env_from_row};
use super::{APPLICATION_ID, SCHEMA_VERSION, StoreError};
use crate::duration::format_min;
use crate::model::{DEFAULT_TOKEN_LIFETIME_MIN, Environment, Settings};
use crate::rules;

/// At most this many problems are listed per check; the rest are counted.
const MAX_PROBLEMS: usize = 50;

/// What `db check` found.
#[derive(Debug, Serialize)]
pub struct Report {
    pub path: String,
    /// Every check passed.
    pub sound: bool,
    pub checks: Vec<Section>,
}

/// One check and what it found wrong (nothing when it passed).
#[derive(Debug, Serialize)]
pub struct Section {
    pub check: &'static str,
    pub ok: bool,
    pub problems: Vec<String>,
}

struct Problems {
    list: Vec<String>,
    more: usize,
}

impl Problems {
    fn new() -> Self {
        Problems {
            list: Vec::new(),
            more: 0,
        }
    }

    fn push(&mut self, p: String) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        } else {
            self.more += 1;
        }
    }

    fn section(mut self, check: &'static str) -> Section {
        if self.more > 0 {
            self.list.push(format!("… and {} more", self.more));
        }
        Section {
            check,
            ok: self.list.is_empty(),
            problems: self.list,
        }
    }
}

pub(super) fn run(conn: &Connection, shown: &str) -> Result<Report, StoreError> {
    let checks = vec![
        integrity(conn),
        foreign_keys(conn),
        schema(conn),
        values(conn),
        history(conn),
    ];
    Ok(Report {
        path: shown.to_string(),
        sound: checks.iter().all(|c| c.ok),
        checks,
    })
}

/// A failed query is itself a problem of the check that ran it.
fn failed(e: rusqlite::Error) -> String {
    format!("cannot be read: {}", super::describe("the file", &e))
}

fn integrity(conn: &Connection) -> Section {
    let mut p = Problems::new();
    let rows = conn
        .prepare("PRAGMA integrity_check(100)")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        });
    match rows {
        Ok(rows) => rows
            .into_iter()
            .filter(|r| r != "ok")
            .for_each(|r| p.push(r)),
        Err(e) => p.push(failed(e)),
    }
    p.section("integrity")
}

fn foreign_keys(conn: &Connection) -> Section {
    let mut p = Problems::new();
    let rows = conn.prepare("PRAGMA foreign_key_check").and_then(|mut st| {
        st.query_map([], |r| {
            Ok(format!(
                "{} row {} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
                    .map_or("?".to_string(), |i| i.to_string()),
                r.get::<_, String>(2)?
            ))
        })?
        .collect::<Result<Vec<_>, _>>()
    });
    match rows {
        Ok(rows) => rows.into_iter().for_each(|r| p.push(r)),
        Err(e) => p.push(failed(e)),
    }
    p.section("foreign-keys")
}

fn schema(conn: &Connection) -> Section {
    let mut p = Problems::new();
    let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    match one("PRAGMA application_id") {
        Ok(id) if id == i64::from(APPLICATION_ID) => {}
        Ok(id) => p.push(format!("application_id is {id}, not sessadm's")),
        Err(e) => p.push(failed(e)),
    }
    match one("PRAGMA user_version") {
        Ok(v) if v == SCHEMA_VERSION => {}
        Ok(v) => p.push(format!(
            "schema version is {v}, not {SCHEMA_VERSION} as this sessadm writes"
        )),
        Err(e) => p.push(failed(e)),
    }
    match one("SELECT count(*) FROM tenant") {
        Ok(1) => {}
        Ok(n) => p.push(format!("the tenant table has {n} rows, not 1")),
        Err(e) => p.push(failed(e)),
    }
    match one("SELECT count(*) FROM environments e
         WHERE NOT EXISTS (SELECT 1 FROM settings s WHERE s.environment_id = e.id)")
    {
        Ok(0) => {}
        Ok(n) => p.push(format!("{n} environments have no settings row")),
        Err(e) => p.push(failed(e)),
    }
    p.section("schema")
}

/// Every environment and its settings, as stored; problems reading them go
/// to `p`.
fn environments(conn: &Connection, p: &mut Problems) -> Vec<Environment> {
    let read = || -> rusqlite::Result<Vec<Environment>> {
        let mut st = conn.prepare(&format!(
            "SELECT {ENV_COLUMNS} FROM environments e JOIN settings s ON s.environment_id = e.id
             ORDER BY e.id"
        ))?;
        st.query_map([], env_from_row)?.collect()
    };
    read().unwrap_or_else(|e| {
        p.push(failed(e));
        Vec::new()
    })
}

fn values(conn: &Connection) -> Section {
    let mut p = Problems::new();
    let envs = environments(conn, &mut p);
    let mut keys: BTreeMap<String, &str> = BTreeMap::new();
    for e in &envs {
        let name = crate::text::shown(&e.name);
        let mut broken = rules::check_metadata(
            &e.name,
            e.url.as_deref(),
            e.version.as_deref(),
            e.description.as_deref(),
        );
        broken.extend(rules::check_settings(&e.settings));
        for v in broken {
            p.push(format!(
                "environment {name}: error[{}]: {}",
                v.code,
                v.text()
            ));
        }
        if let Some(other) = keys.insert(rules::name_key(&e.name), &e.name) {
            p.push(format!(
                "environment {name}: error[V6]: its name is the same as {}'s, ignoring case",
                crate::text::shown(other)
            ));
        }
    }
    match conn.query_row("SELECT token_lifetime_min FROM tenant", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(min) => match u32::try_from(min).ok() {
            Some(m) => {
                if let Some(v) = rules::check_token_lifetime(m) {
                    p.push(format!("tenant: error[{}]: {}", v.code, v.text()));
                }
            }
            None => p.push(format!(
                "tenant: token lifetime {min} is not a number of minutes"
            )),
        },
        Err(rusqlite::Error::QueryReturnedNoRows) => {}
        Err(e) => p.push(failed(e)),
    }
    p.section("values")
}

/// One history row.
struct Row {
    id: i64,
    environment_id: Option<i64>,
    field: String,
    old: Option<String>,
    new: Option<String>,
}

/// The history replayed from the start: each environment's changes from
/// its creation and the tenant's, which must end where the database is.
fn history(conn: &Connection) -> Section {
    let mut p = Problems::new();
    let rows = match history_rows(conn) {
        Ok(r) => r,
        Err(e) => {
            p.push(failed(e));
            return p.section("history");
        }
    };
    let envs = environments(conn, &mut p);

    // Replay each environment's changes from its creation.
    let mut chains: BTreeMap<i64, Chain> = BTreeMap::new();
    let mut tenant = Some(format_min(DEFAULT_TOKEN_LIFETIME_MIN));
    for r in &rows {
        let Some(id) = r.environment_id else {
            if r.field != "token_lifetime" {
                p.push(format!(
                    "history row {}: a tenant change of unknown field {}",
                    r.id,
                    crate::text::shown(&r.field)
                ));
            } else if r.old != tenant {
                p.push(format!(
                    "history row {}: token_lifetime changed from {} but was {}",
                    r.id,
                    show(&r.old),
                    show(&tenant)
                ));
            }
            tenant.clone_from(&r.new);
            continue;
        };
        let chain = chains.entry(id).or_default();
        chain.apply(r, &mut p);
    }
    if let Ok(now) = conn.query_row("SELECT token_lifetime_min FROM tenant", [], |r| {
        r.get::<_, i64>(0)
    }) && let Ok(now) = u32::try_from(now)
        && tenant.as_deref() != Some(format_min(now).as_str())
    {
        p.push(format!(
            "the tenant's token lifetime is {} but its history ends at {}",
            format_min(now),
            show(&tenant)
        ));
    }
    compare_chains(&chains, &envs, &mut p);
    p.section("history")
}

/// Every history row, oldest first.
fn history_rows(conn: &Connection) -> rusqlite::Result<Vec<Row>> {
    conn.prepare("SELECT id, environment_id, field, old, new FROM history ORDER BY id")
        .and_then(|mut st| {
            st.query_map([], |r| {
                Ok(Row {
                    id: r.get(0)?,
                    environment_id: r.get(1)?,
                    field: r.get(2)?,
                    old: r.get(3)?,
                    new: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()
        })
}

/// Each environment as stored against where its history ends: the same
/// fields, not deleted, and a history for every one.
fn compare_chains(chains: &BTreeMap<i64, Chain>, envs: &[Environment], p: &mut Problems) {
    let by_id: BTreeMap<i64, &Environment> = envs.iter().map(|e| (e.id, e)).collect();
    for (id, chain) in chains {
        match (by_id.get(id), chain.deleted) {
            (Some(env), false) => {
                for (field, value) in env.fields() {
                    let recorded = chain.fields.get(field).cloned().unwrap_or(None);
                    if recorded != value {
                        p.push(format!(
                            "environment {}: {field} is {} but its history ends at {}",
                            crate::text::shown(&env.name),
                            show(&value),
                            show(&recorded)
                        ));
                    }
                }
            }
            (Some(env), true) => p.push(format!(
                "environment {}: its history says it was deleted",
                crate::text::shown(&env.name)
            )),
            (None, false) if chain.created => p.push(format!(
                "environment {} is gone but its history has no deletion",
                show(&chain.fields.get("name").cloned().flatten())
            )),
            _ => {}
        }
    }
    for env in envs {
        if !chains.contains_key(&env.id) {
            p.push(format!(
                "environment {} has no history",
                crate::text::shown(&env.name)
            ));
        }
    }
}

fn show(v: &Option<String>) -> String {
    v.as_deref()
        .map_or_else(|| "(none)".to_string(), crate::text::shown)
}

/// One environment's fields as its history has them so far.
#[derive(Default)]
struct Chain {
    created: bool,
    deleted: bool,
    fields: BTreeMap<&'static str, Option<String>>,
}

impl Chain {
    fn apply(&mut self, r: &Row, p: &mut Problems) {
        let at = |what: String| format!("history row {}: {what}", r.id);
        if self.deleted {
            p.push(at(format!(
                "a change of {} after the environment was deleted",
                crate::text::shown(&r.field)
            )));
            return;
        }
        match r.field.as_str() {
            "created" => {
                if self.created {
                    p.push(at("a second creation of the same environment".into()));
                }
                self.created = true;
                let blank = Environment {
                    id: 0,
                    name: r.new.clone().unwrap_or_default(),
                    url: None,
                    version: None,
                    description: None,
                    settings: Settings::default(),
                    created_at: String::new(),
                    updated_at: String::new(),
                };
                self.fields = blank.fields().into_iter().collect();
            }
            _ if !self.created => {
                p.push(at(format!(
                    "a change of {} before the environment's creation",
                    crate::text::shown(&r.field)
                )));
                self.created = true;
            }
            "deleted" => {
                let name = self.fields.get("name").cloned().flatten();
                if r.old != name {
                    p.push(at(format!(
                        "deletes {} but the environment was named {}",
                        show(&r.old),
                        show(&name)
                    )));
                }
                self.deleted = true;
            }
            field => {
                let Some((key, value)) = self.fields.iter_mut().find(|(k, _)| **k == field) else {
                    p.push(at(format!(
                        "a change of unknown field {}",
                        crate::text::shown(field)
                    )));
                    return;
                };
                if r.old != *value {
                    p.push(at(format!(
                        "{key} changed from {} but was {}",
                        show(&r.old),
                        show(value)
                    )));
                }
                value.clone_from(&r.new);
            }
        }
    }
}
