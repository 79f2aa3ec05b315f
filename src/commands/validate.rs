//! `sessadm validate FILE...`: check policy files, no database needed.

use serde::Serialize;

use super::{Ctx, is_json, read_file};
use crate::error::Error;
use crate::located::Doc;
use crate::policy;

#[derive(Serialize)]
struct Checked {
    file: String,
    valid: bool,
    environments: usize,
    tenant: bool,
}

pub fn run(ctx: &Ctx, a: crate::cli::ValidateArgs) -> Result<(), Error> {
    let mut violations = Vec::new();
    let mut checked = Vec::new();
    for path in &a.files {
        let shown = path.display().to_string();
        let text = match read_file(path) {
            Ok(t) => t,
            Err(Error::Invalid(v)) => {
                violations.extend(v);
                continue;
            }
            Err(e) => return Err(e),
        };
        match policy::parse(&Doc::new(&shown, &text), is_json(path)) {
            Ok(p) => checked.push(Checked {
                file: shown,
                valid: true,
                environments: p.environments.len(),
                tenant: p.tenant.is_some(),
            }),
            Err(v) => violations.extend(v),
        }
    }
    if !violations.is_empty() {
        return Err(Error::Invalid(violations));
    }
    ctx.emit(&checked, |_| {
        checked
            .iter()
            .map(|c| {
                format!(
                    "{}: valid — {} environment{}{}\n",
                    c.file,
                    c.environments,
                    if c.environments == 1 { "" } else { "s" },
                    if c.tenant { " and the tenant" } else { "" }
                )
            })
            .collect()
    })
}
