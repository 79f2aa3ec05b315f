//! Queries on an open transaction. Every write goes through [`Writer`],
//! which records each changed field in the history in the same transaction.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use crate::duration::format_min;
use crate::model::{Environment, FieldChange, HistoryEntry, Settings, Tenant};
use crate::rules::name_key;

use super::StoreError;

pub(super) const ENV_COLUMNS: &str =
    "e.id, e.name, e.url, e.version, e.description, e.created_at, e.updated_at,
     s.sessiontimeoutenabled, s.sessiontimeoutinmins, s.sessiontimeoutreminderinmins,
     s.inactivitytimeoutenabled, s.inactivitytimeoutinmins, s.inactivitytimeoutreminderinmins";

pub(super) fn env_from_row(r: &Row<'_>) -> rusqlite::Result<Environment> {
    Ok(Environment {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        version: r.get(3)?,
        description: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        settings: Settings {
            session_enabled: r.get(7)?,
            session_length_min: r.get(8)?,
            session_warning_min: r.get(9)?,
            inactivity_enabled: r.get(10)?,
            inactivity_min: r.get(11)?,
            inactivity_warning_min: r.get(12)?,
        },
    })
}

/// Reads on a transaction.
pub struct Reader<'a> {
    tx: &'a Transaction<'a>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(tx: &'a Transaction<'a>) -> Self {
        Reader { tx }
    }

    /// The environment of this name, ignoring case.
    pub fn environment(&self, name: &str) -> Result<Option<Environment>, StoreError> {
        let sql = format!(
            "SELECT {ENV_COLUMNS} FROM environments e JOIN settings s ON s.environment_id = e.id
             WHERE e.name_key = ?1"
        );
        Ok(self
            .tx
            .query_row(&sql, [name_key(name)], env_from_row)
            .optional()?)
    }

    /// Every environment, ordered by name (ignoring case).
    pub fn environments(&self) -> Result<Vec<Environment>, StoreError> {
        let sql = format!(
            "SELECT {ENV_COLUMNS} FROM environments e JOIN settings s ON s.environment_id = e.id
             ORDER BY e.name_key, e.name"
        );
        let mut st = self.tx.prepare(&sql)?;
        let rows = st.query_map([], env_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn tenant(&self) -> Result<Tenant, StoreError> {
        Ok(self.tx.query_row(
            "SELECT token_lifetime_min FROM tenant WHERE id = 1",
            [],
            |r| {
                Ok(Tenant {
                    token_lifetime_min: r.get(0)?,
                })
            },
        )?)
    }

    /// Whether any environment, live or deleted, was ever called `name`.
    pub fn name_in_history(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .query_row(
                "SELECT 1 FROM history WHERE environment_key = ?1 LIMIT 1",
                [name_key(name)],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The history, newest first: of everything, or of the environments that
    /// are or ever were called `name`. `environment` is the environment's
    /// current name, or its last name when it was deleted.
    pub fn history(
        &self,
        name: Option<&str>,
        limit: Option<u64>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let sql = "SELECT h.at, h.actor,
                CASE WHEN h.environment_id IS NULL THEN NULL ELSE coalesce(e.name,
                    (SELECT h2.environment FROM history h2
                     WHERE h2.environment_id = h.environment_id ORDER BY h2.id DESC LIMIT 1))
                END,
                h.field, h.old, h.new
             FROM history h LEFT JOIN environments e ON e.id = h.environment_id
             WHERE ?1 IS NULL OR h.environment_id IN (
                 SELECT id FROM environments WHERE name_key = ?1
                 UNION SELECT environment_id FROM history WHERE environment_key = ?1)
             ORDER BY h.id DESC
             LIMIT ?2";
        let mut st = self.tx.prepare(sql)?;
        let rows = st.query_map(params![name.map(name_key), limit], |r| {
            Ok(HistoryEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                environment: r.get(2)?,
                field: r.get(3)?,
                old: r.get(4)?,
                new: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Writes on an IMMEDIATE transaction, each recorded in the history.
pub struct Writer<'a> {
    reader: Reader<'a>,
    actor: &'a str,
    now: &'a str,
}

impl<'a> std::ops::Deref for Writer<'a> {
    type Target = Reader<'a>;
    fn deref(&self) -> &Reader<'a> {
        &self.reader
    }
}

impl<'a> Writer<'a> {
    pub(super) fn new(tx: &'a Transaction<'a>, actor: &'a str, now: &'a str) -> Self {
        Writer {
            reader: Reader::new(tx),
            actor,
            now,
        }
    }

    fn tx(&self) -> &Transaction<'a> {
        self.reader.tx
    }

    pub fn now(&self) -> &str {
        self.now
    }

    fn record(
        &self,
        env: Option<(i64, &str)>,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<(), StoreError> {
        self.tx().prepare_cached(
            "INSERT INTO history (at, actor, environment_id, environment, environment_key, field, old, new)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        )?.execute(params![
                self.now,
                self.actor,
                env.map(|e| e.0),
                env.map(|e| e.1),
                env.map(|e| name_key(e.1)),
                field,
                old,
                new
            ])?;
        Ok(())
    }

    /// One history row per changed field of `env` (as it is after them).
    fn record_changes(&self, env: &Environment, changes: &[FieldChange]) -> Result<(), StoreError> {
        for c in changes {
            self.record(
                Some((env.id, &env.name)),
                c.field,
                c.old.as_deref(),
                c.new.as_deref(),
            )?;
        }
        Ok(())
    }

    /// Create an environment (the caller has validated it). Records the
    /// creation and every field that differs from a new environment's.
    pub fn create(&self, env: &Environment) -> Result<Environment, StoreError> {
        self.tx().prepare_cached(
            "INSERT INTO environments (name, name_key, url, version, description, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
        )?.execute(params![
                env.name,
                name_key(&env.name),
                env.url,
                env.version,
                env.description,
                self.now
            ])?;
        let id = self.tx().last_insert_rowid();
        self.write_settings(id, &env.settings)?;
        let created = Environment {
            id,
            created_at: self.now.to_string(),
            updated_at: self.now.to_string(),
            ..env.clone()
        };
        self.record(
            Some((id, &created.name)),
            "created",
            None,
            Some(&created.name),
        )?;
        let blank = Environment {
            url: None,
            version: None,
            description: None,
            settings: Settings::default(),
            ..created.clone()
        };
        self.record_changes(&created, &blank.changes(&created))?;
        Ok(created)
    }

    fn write_settings(&self, id: i64, s: &Settings) -> Result<(), StoreError> {
        self.tx()
            .prepare_cached(
                "INSERT INTO settings (environment_id, sessiontimeoutenabled, sessiontimeoutinmins,
                 sessiontimeoutreminderinmins, inactivitytimeoutenabled, inactivitytimeoutinmins,
                 inactivitytimeoutreminderinmins)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (environment_id) DO UPDATE SET
                 sessiontimeoutenabled = excluded.sessiontimeoutenabled,
                 sessiontimeoutinmins = excluded.sessiontimeoutinmins,
                 sessiontimeoutreminderinmins = excluded.sessiontimeoutreminderinmins,
                 inactivitytimeoutenabled = excluded.inactivitytimeoutenabled,
                 inactivitytimeoutinmins = excluded.inactivitytimeoutinmins,
                 inactivitytimeoutreminderinmins = excluded.inactivitytimeoutreminderinmins",
            )?
            .execute(params![
                id,
                s.session_enabled,
                s.session_length_min,
                s.session_warning_min,
                s.inactivity_enabled,
                s.inactivity_min,
                s.inactivity_warning_min
            ])?;
        Ok(())
    }

    /// Replace an environment's metadata and settings with `after` (same id;
    /// the caller has validated it). Records each changed field; returns the
    /// stored environment, unchanged when nothing differs.
    pub fn update(
        &self,
        before: &Environment,
        after: &Environment,
    ) -> Result<Environment, StoreError> {
        let changes = before.changes(after);
        if changes.is_empty() {
            return Ok(before.clone());
        }
        self.tx()
            .prepare_cached(
                "UPDATE environments SET name = ?2, name_key = ?3, url = ?4, version = ?5,
                 description = ?6, updated_at = ?7
             WHERE id = ?1",
            )?
            .execute(params![
                before.id,
                after.name,
                name_key(&after.name),
                after.url,
                after.version,
                after.description,
                self.now
            ])?;
        // One statement per table, so each CHECK sees the whole new row.
        self.write_settings(before.id, &after.settings)?;
        self.record_changes(after, &changes)?;
        Ok(Environment {
            id: before.id,
            created_at: before.created_at.clone(),
            updated_at: self.now.to_string(),
            ..after.clone()
        })
    }

    /// Delete an environment; its history stays.
    pub fn delete(&self, env: &Environment) -> Result<(), StoreError> {
        self.tx()
            .prepare_cached("DELETE FROM environments WHERE id = ?1")?
            .execute([env.id])?;
        self.record(Some((env.id, &env.name)), "deleted", Some(&env.name), None)
    }

    pub fn set_tenant(&self, before: &Tenant, after: &Tenant) -> Result<(), StoreError> {
        if before == after {
            return Ok(());
        }
        self.tx()
            .prepare_cached("UPDATE tenant SET token_lifetime_min = ?1 WHERE id = 1")?
            .execute([after.token_lifetime_min])?;
        self.record(
            None,
            "token_lifetime",
            Some(&format_min(before.token_lifetime_min)),
            Some(&format_min(after.token_lifetime_min)),
        )
    }
}
