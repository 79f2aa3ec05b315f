//! `sessadm validate FILE...`: check policy files, no database needed.

use serde::Serialize;

use super::{Ctx, read_policy};
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
    if a.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(Error::usage("- (stdin) can be read only once"));
    }
    for path in &a.files {
        let (shown, text, json) = match read_policy(path, a.input_format) {
            Ok(t) => t,
            Err(Error::Invalid(v)) => {
                violations.extend(v);
                continue;
            }
            Err(e) => return Err(e),
        };
        match policy::parse(&Doc::new(&shown, &text), json) {
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
