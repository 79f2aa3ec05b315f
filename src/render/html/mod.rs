//! Pages to look at: `simulate --format html` (a timeline) and `whatif
//! --format html` (a report).
//!
//! Each page is one self-contained HTML document: its style is inline, it
//! loads nothing from anywhere (a Content-Security-Policy says so to the
//! browser too), it needs no script, follows the reader's light or dark
//! scheme and prints on A4 or Letter. Markup is written with `maud`, which
//! escapes every value it is given, so a name such as `<script>` shows as
//! text; the SVG geometry is sessadm's own. SVG elements are always
//! written with a closing tag, so each `<svg>` is well-formed XML too.

pub mod chart;
pub mod timeline;
pub mod whatif;

use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The style every page shares. Kinds are told apart by shape as well as
/// colour (the Okabe–Ito palette, safe for colour-blind readers).
const STYLE: &str = r#"
:root {
  color-scheme: light dark;
  --fg: #1b1b1b; --bg: #ffffff; --muted: #5f6368; --grid: #d0d4d9; --band: #f3f5f7;
  --session: #56b4e9; --start: #009e73; --warning: #e69f00; --signed-out: #d55e00;
  --reauth: #cc79a7; --refused: #1b1b1b; --denied: #d55e00; --continued: #0072b2;
  --bypass: #cc79a7; --pending: #0072b2; --not-enforced: #5f6368; --note: #5f6368;
  --current: #0072b2; --proposed: #e69f00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e8eaed; --bg: #16181b; --muted: #9aa0a6; --grid: #3c4043; --band: #202327;
    --refused: #e8eaed; --session: #3d8fc0; --continued: #56b4e9; --pending: #56b4e9;
    --not-enforced: #9aa0a6; --note: #9aa0a6; --current: #56b4e9;
  }
}
* { box-sizing: border-box; }
body { margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; color: var(--fg);
  background: var(--bg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p, dl { margin: .25rem 0 .75rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .2rem .75rem .2rem 0; border-bottom: 1px solid var(--grid);
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
dl.settings { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; }
dl.settings dt { color: var(--muted); }
dl.settings dd { margin: 0; }
figure { margin: .5rem 0 1.25rem; break-inside: avoid; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .25rem; }
.scroll { overflow-x: auto; }
svg { display: block; font: 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg text { fill: var(--fg); }
svg .axis { stroke: var(--fg); stroke-width: 1; }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .day { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 3 3; }
svg .band { fill: var(--band); }
svg .label { fill: var(--muted); }
svg .s-session { fill: var(--session); fill-opacity: .55; stroke: var(--session); }
svg .k-session-start { fill: var(--start); }
svg .k-warning { fill: var(--warning); }
svg .k-signed-out { fill: var(--signed-out); }
svg .k-reauth-required { fill: var(--reauth); }
svg .k-sign-in-refused { fill: none; stroke: var(--refused); stroke-width: 2; }
svg .k-access-denied { fill: none; stroke: var(--denied); stroke-width: 1.6; }
svg .k-access-continued { fill: none; stroke: var(--continued); stroke-width: 1.6; }
svg .k-policy-bypass { fill: var(--bypass); }
svg .k-settings-pending { fill: none; stroke: var(--pending); stroke-width: 2; }
svg .k-not-enforced { fill: none; stroke: var(--not-enforced); stroke-width: 1.4; stroke-dasharray: 2 1.5; }
svg .k-note { fill: var(--note); }
svg .r-user-sign-out { fill: var(--muted); }
svg .c-current { fill: var(--current); }
svg .c-proposed { fill: var(--proposed); }
svg .c-single { fill: var(--signed-out); }
ul.legend { list-style: none; padding: 0; margin: .25rem 0 .5rem; display: flex; flex-wrap: wrap;
  gap: .2rem 1.1rem; font-size: .9rem; }
ul.legend svg { display: inline-block; vertical-align: -2px; }
p.note { padding: .4rem .6rem; border-left: 3px solid var(--warning); background: var(--band); }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .scroll { overflow: visible; }
  .scroll svg, figure svg { max-width: 100%; height: auto; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"#;

/// Nothing may be fetched: no script, style, font or image from anywhere.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The document around a page's body.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("sessadm ", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                (body)
                footer {
                    "Made by sessadm " (env!("CARGO_PKG_VERSION")) ". All times are UTC."
                }
            }
        }
    }
}

/// A number of SVG user units, written short: at most one decimal.
pub fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-3.5), "-3.5");
    }

    #[test]
    fn titles_are_escaped() {
        let p = page(
            "<script>alert(1)</script>",
            html! { p { "\"><svg onload=x>" } },
        )
        .into_string();
        assert!(!p.contains("<script>"));
        assert!(p.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(p.contains("&quot;&gt;&lt;svg onload=x&gt;"));
    }
}
