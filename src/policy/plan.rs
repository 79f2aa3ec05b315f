//! What applying a policy would do: per environment create, change (field
//! by field), delete (with --prune) or unchanged, and the tenant.

use std::collections::HashMap;

use serde::Serialize;

use super::Policy;
use crate::duration::format_min;
pub use crate::model::FieldChange;
use crate::model::{Environment, Settings, Tenant};
use crate::rules::name_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Change,
    Delete,
    Unchanged,
}

/// What `apply` prints.
#[derive(Serialize)]
pub struct Applied<'a> {
    pub file: &'a str,
    pub dry_run: bool,
    pub applied: bool,
    #[serde(flatten)]
    pub plan: &'a Plan,
}

/// One environment's step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub name: String,
    pub action: Action,
    pub changes: Vec<FieldChange>,
    /// As stored now (change, delete, unchanged).
    #[serde(skip)]
    pub before: Option<Environment>,
    /// As the policy wants it (create, change, unchanged).
    #[serde(skip)]
    pub after: Option<Environment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantStep {
    pub action: Action,
    pub changes: Vec<FieldChange>,
    #[serde(skip)]
    pub before: Tenant,
    #[serde(skip)]
    pub after: Tenant,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub create: usize,
    pub change: usize,
    pub delete: usize,
    pub unchanged: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub environments: Vec<Step>,
    /// Absent when the policy has no [tenant].
    pub tenant: Option<TenantStep>,
    pub summary: Counts,
}

impl Plan {
    /// Whether applying would change anything.
    pub fn has_changes(&self) -> bool {
        let s = &self.summary;
        s.create + s.change + s.delete > 0
    }

    /// Names of the environments the plan deletes.
    pub fn deletions(&self) -> Vec<String> {
        self.environments
            .iter()
            .filter(|s| s.action == Action::Delete)
            .map(|s| s.name.clone())
            .collect()
    }
}

/// The plan that takes `current` (every stored environment) and `tenant`
/// to what `policy` wants; stored environments the policy does not name are
/// deleted only with `prune`.
pub fn plan(current: &[Environment], tenant: &Tenant, policy: &Policy, prune: bool) -> Plan {
    let mut by_key: HashMap<String, &Environment> =
        current.iter().map(|e| (name_key(&e.name), e)).collect();
    let mut steps = Vec::with_capacity(policy.environments.len());
    for wanted in &policy.environments {
        let want = &wanted.env;
        steps.push(match by_key.remove(&name_key(&want.name)) {
            None => create(want),
            Some(have) => change(have, want),
        });
    }
    if prune {
        let mut left: Vec<&Environment> = by_key.into_values().collect();
        left.sort_by_key(|e| name_key(&e.name));
        steps.extend(left.into_iter().map(delete));
    }
    let tenant = policy.tenant.map(|want| tenant_step(tenant, want));
    let mut counts = Counts::default();
    for action in steps.iter().map(|s| s.action) {
        counts.add(action);
    }
    // The summary counts the tenant too (SPEC §7).
    if let Some(t) = &tenant {
        counts.add(t.action);
    }
    Plan {
        environments: steps,
        tenant,
        summary: counts,
    }
}

impl Counts {
    fn add(&mut self, action: Action) {
        match action {
            Action::Create => self.create += 1,
            Action::Change => self.change += 1,
            Action::Delete => self.delete += 1,
            Action::Unchanged => self.unchanged += 1,
        }
    }
}

/// Change when there are changes, else unchanged.
fn change_or_not(changes: &[FieldChange]) -> Action {
    if changes.is_empty() {
        Action::Unchanged
    } else {
        Action::Change
    }
}

/// An environment the policy wants and the database lacks.
fn create(want: &Environment) -> Step {
    let blank = Environment {
        url: None,
        version: None,
        description: None,
        settings: Settings::default(),
        ..want.clone()
    };
    let mut changes = vec![FieldChange {
        field: "name",
        old: None,
        new: Some(want.name.clone()),
    }];
    changes.extend(blank.changes(want));
    Step {
        name: want.name.clone(),
        action: Action::Create,
        changes,
        before: None,
        after: Some(want.clone()),
    }
}

/// A stored environment the policy names: it becomes as the policy wants,
/// keeping its id and times.
fn change(have: &Environment, want: &Environment) -> Step {
    let after = Environment {
        id: have.id,
        created_at: have.created_at.clone(),
        updated_at: have.updated_at.clone(),
        ..want.clone()
    };
    let changes = have.changes(&after);
    Step {
        name: want.name.clone(),
        action: change_or_not(&changes),
        changes,
        before: Some(have.clone()),
        after: Some(after),
    }
}

/// A stored environment the policy does not name, with `--prune`.
fn delete(have: &Environment) -> Step {
    Step {
        name: have.name.clone(),
        action: Action::Delete,
        changes: Vec::new(),
        before: Some(have.clone()),
        after: None,
    }
}

/// The tenant as stored against the policy's `[tenant]`.
fn tenant_step(tenant: &Tenant, want: Tenant) -> TenantStep {
    let changes = if want.token_lifetime_min == tenant.token_lifetime_min {
        Vec::new()
    } else {
        vec![FieldChange {
            field: "token_lifetime",
            old: Some(format_min(tenant.token_lifetime_min)),
            new: Some(format_min(want.token_lifetime_min)),
        }]
    };
    TenantStep {
        action: change_or_not(&changes),
        changes,
        before: *tenant,
        after: want,
    }
}
