//! Black-box checks of policy as code and audit, written from SPEC.md §7–§8.
