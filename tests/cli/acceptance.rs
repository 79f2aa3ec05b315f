//! Black-box checks written from SPEC.md alone, as a new user would use
//! sessadm.
