//! What applying a policy would do: per environment create, change (field
//! by field), delete (with --prune) or unchanged, and the tenant.

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
// Long: the policy's environments, then pruning, then the tenant, steps of one plan.
pub fn plan(current: &[Environment], tenant: &Tenant, policy: &Policy, prune: bool) -> Plan {
    let mut by_key: std::collections::HashMap<String, &Environment> =
        current.iter().map(|e| (name_key(&e.name), e)).collect();
    let mut steps = Vec::with_capacity(policy.environments.len());
    let mut counts = Counts::default();
    for wanted in &policy.environments {
        let want = &wanted.env;
        match by_key.remove(&name_key(&want.name)) {
            None => {
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
                counts.create += 1;
                steps.push(Step {
                    name: want.name.clone(),
                    action: Action::Create,
                    changes,
                    before: None,
                    after: Some(want.clone()),
                });
            }
            Some(have) => {
                let after = Environment {
                    id: have.id,
                    created_at: have.created_at.clone(),
                    updated_at: have.updated_at.clone(),
                    ..want.clone()
                };
                let changes = have.changes(&after);
                let action = if changes.is_empty() {
                    counts.unchanged += 1;
                    Action::Unchanged
                } else {
                    counts.change += 1;
                    Action::Change
                };
                steps.push(Step {
                    name: want.name.clone(),
                    action,
                    changes,
                    before: Some(have.clone()),
                    after: Some(after),
                });
            }
        }
    }
    if prune {
        let mut left: Vec<&Environment> = by_key.into_values().collect();
        left.sort_by_key(|e| name_key(&e.name));
        for have in left {
            counts.delete += 1;
            steps.push(Step {
                name: have.name.clone(),
                action: Action::Delete,
                changes: Vec::new(),
                before: Some(have.clone()),
                after: None,
            });
        }
    }
    let tenant = policy.tenant.map(|want| {
        let changes = if want.token_lifetime_min == tenant.token_lifetime_min {
            Vec::new()
        } else {
            vec![FieldChange {
                field: "token_lifetime",
                old: Some(format_min(tenant.token_lifetime_min)),
                new: Some(format_min(want.token_lifetime_min)),
            }]
        };
        // The summary counts the tenant too (SPEC §7).
        let action = if changes.is_empty() {
            counts.unchanged += 1;
            Action::Unchanged
        } else {
            counts.change += 1;
            Action::Change
        };
        TenantStep {
            action,
            changes,
            before: *tenant,
            after: want,
        }
    });
    Plan {
        environments: steps,
        tenant,
        summary: counts,
    }
}
