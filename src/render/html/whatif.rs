//! `whatif --format html`: the side-by-side table, the forced sign-outs by
//! hour of both sides, the uninterrupted working time of both sides, and
//! the compliance rows.
//!
//! The same figures as the table of `whatif` and as `-o json`, in the same
//! order; every name and path from the database or the command line goes
//! through maud, which escapes it, and control characters are shown as
//! escapes (`\u{1b}`) as on a terminal.

use maud::{Markup, html};

use super::chart::{self, Category, Series};
use crate::audit::BASELINES;
use crate::duration::format_minutes;
use crate::render::clean;
use crate::render::whatif::{self as text, Row, count_diff, title};
use crate::whatif::metrics::STRETCH_BINS;
use crate::whatif::{Figures, Population, WhatIf};

/// Who was run, in words.
fn population(p: &Population) -> Markup {
    match p {
        Population::Generated {
            profile,
            users,
            days,
            seed,
            events,
            ..
        } => html! {
            p {
                "Population: " (users) " generated " (profile) " users × " (days)
                @if *days == 1 { " working day" } @else { " working days" }
                " (seed " (seed) "), " (events) " events."
            }
        },
        Population::Replay {
            file,
            users,
            events,
            auto_sign_in,
            ..
        } => html! {
            p {
                "Replay of " code { (clean(file)) } ": " (users) " users, " (events) " events"
                @if *auto_sign_in { ", with automatic sign-in" }
                "."
            }
        },
    }
}

/// The table's rows: the users, the figures of the terminal's table, and
/// the forced sign-outs the charts below count.
fn rows(w: &WhatIf) -> Vec<Row> {
    let (c, p) = (&w.current, &w.proposed);
    let mut out = vec![Row {
        name: "users".into(),
        current: c.users.to_string(),
        proposed: p.users.to_string(),
        difference: count_diff(c.users, p.users),
    }];
    out.extend(text::rows(w));
    out.push(Row {
        name: "forced sign-outs and reauthentications".into(),
        current: c.forced_sign_outs.to_string(),
        proposed: p.forced_sign_outs.to_string(),
        difference: count_diff(c.forced_sign_outs, p.forced_sign_outs),
    });
    out
}

fn table(w: &WhatIf) -> Markup {
    html! {
        table {
            thead {
                tr { th { "figure" } th.n { "current" } th.n { "proposed" } th.n { "difference" } }
            }
            tbody {
                @for r in rows(w) {
                    tr {
                        td { (r.name) }
                        td.n { (r.current) }
                        td.n { (r.proposed) }
                        td.n { (r.difference) }
                    }
                }
            }
        }
    }
}

/// Which baselines each side meets, with what the proposal gains or loses.
fn compliance(w: &WhatIf) -> Markup {
    let (c, p) = (&w.current, &w.proposed);
    let d = &w.difference.baselines_met;
    let list = |ids: &[&'static str]| -> String {
        if ids.is_empty() {
            "none".into()
        } else {
            ids.join(", ")
        }
    };
    let met = |v: bool| if v { "✓ met" } else { "✗ not met" };
    html! {
        dl.settings {
            dt { "met by the current settings" } dd { (list(&c.baselines_met)) }
            dt { "met by the proposal" } dd { (list(&p.baselines_met)) }
            dt { "gained" } dd { (list(&d.gained)) }
            dt { "lost" } dd { (list(&d.lost)) }
        }
        table {
            thead {
                tr { th { "baseline" } th { "current" } th { "proposed" } th { "change" } }
            }
            tbody {
                @for b in BASELINES {
                    @let (x, y) = (c.baselines_met.contains(&b.id), p.baselines_met.contains(&b.id));
                    tr {
                        td { (b.id) }
                        td { (met(x)) }
                        td { (met(y)) }
                        td {
                            @if d.gained.contains(&b.id) { "▲ gained" }
                            @else if d.lost.contains(&b.id) { "▼ lost" }
                            @else { "unchanged" }
                        }
                    }
                }
            }
        }
    }
}

/// Both sides as the two series of a chart.
fn sides(f: impl Fn(&Figures) -> &Vec<u64>, w: &WhatIf) -> [Series; 2] {
    [
        Series::new("current", "c-current", f(&w.current).clone()),
        Series::new("proposed", "c-proposed", f(&w.proposed).clone()),
    ]
}

fn total(v: &[u64]) -> u64 {
    v.iter().fold(0u64, |a, &b| a.saturating_add(b))
}

fn by_hour(w: &WhatIf) -> Markup {
    let series = sides(|f| &f.forced_sign_outs_by_hour, w);
    html! {
        figure {
            div.scroll {
                (chart::bars(
                    "Forced sign-outs by hour of the day, current and proposed",
                    "hour of day (UTC)",
                    "forced sign-outs",
                    &chart::hours_of_day(),
                    &series,
                ))
            }
            figcaption {
                "Forced sign-outs and reauthentications by the hour (UTC) they came in: "
                (total(&series[0].values)) " under the current settings (solid), "
                (total(&series[1].values)) " under the proposal (hatched)."
            }
        }
    }
}

fn uninterrupted(w: &WhatIf) -> Markup {
    let series = sides(|f| &f.uninterrupted_by_length, w);
    let bins: Vec<Category> = STRETCH_BINS
        .iter()
        .map(|&(name, _)| Category::plain(name))
        .collect();
    let (c, p) = (&w.current, &w.proposed);
    html! {
        figure {
            div.scroll {
                (chart::bars(
                    "Uninterrupted working time, current and proposed",
                    "length of uninterrupted work",
                    "stretches",
                    &bins,
                    &series,
                ))
            }
            figcaption {
                "Stretches of work between a sign-in and the next forced sign-out, "
                "reauthentication, own sign-out or end of the working day, by length: "
                (total(&series[0].values)) " under the current settings (solid, median "
                (format_minutes(c.median_uninterrupted_min)) "), "
                (total(&series[1].values)) " under the proposal (hatched, median "
                (format_minutes(p.median_uninterrupted_min)) ")."
            }
        }
    }
}

/// The whole page.
pub fn page(w: &WhatIf) -> String {
    let title = title(w);
    let body = html! {
        h1 { (title) }
        (population(&w.population))
        @if !w.changes.is_empty() {
            dl.settings {
                @for c in &w.changes {
                    @let (field, change) = c.split_once(": ").unwrap_or(("", c));
                    dt { (clean(field)) } dd { (clean(change)) }
                }
            }
        }
        h2 { "Side by side" }
        (table(w))
        h2 { "Forced sign-outs by hour of the day" }
        (by_hour(w))
        h2 { "Uninterrupted working time" }
        (uninterrupted(w))
        h2 { "Compliance" }
        (compliance(w))
    };
    super::page(&title, body).into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatif::difference;
    use crate::whatif::metrics::Metrics;

    fn report(environment: &str, current: Figures, proposed: Figures) -> WhatIf {
        WhatIf {
            difference: difference(&current, &proposed),
            current,
            proposed,
            population: Population::Replay {
                file: "<b>\u{1b}[31m.csv".into(),
                users: 0,
                events: 0,
                auto_sign_in: false,
                sign_in_cost_s: 30,
            },
            environment: environment.into(),
            changes: vec!["inactivity: 30m → <i>".into()],
            cost_s: 30,
        }
    }

    fn charts(page: &str) -> usize {
        page.split("<svg").skip(1).fold(0, |n, rest| {
            let end = rest.find("</svg>").expect("closed") + "</svg>".len();
            roxmltree::Document::parse(&format!("<svg{}", &rest[..end])).expect("XML");
            n + 1
        })
    }

    #[test]
    fn an_empty_run_draws_every_part() {
        let zero = Figures::new(&Metrics::default(), vec![], 30);
        let page = page(&report("prod", zero.clone(), zero));
        assert_eq!(charts(&page), 2);
        assert!(page.contains(">hour of day (UTC)</text>"));
        assert!(page.contains(">length of uninterrupted work</text>"));
        assert!(page.contains("<dt>gained</dt><dd>none</dd>"));
        assert!(page.contains("<dt>lost</dt><dd>none</dd>"));
    }

    #[test]
    fn short_or_missing_figures_do_not_panic() {
        let mut a = Figures::new(&Metrics::default(), vec!["hipaa"], 30);
        a.forced_sign_outs_by_hour.clear();
        a.uninterrupted_by_length = vec![u64::MAX; 3];
        let mut b = a.clone();
        b.baselines_met.clear();
        b.forced_sign_outs_by_hour = vec![u64::MAX; 30];
        b.users = u64::MAX;
        let page = page(&report("prod", a, b));
        assert_eq!(charts(&page), 2);
        assert!(page.contains("<dt>lost</dt><dd>hipaa</dd>"));
        assert!(page.contains(&format!("<td class=\"n\">+{}</td>", u64::MAX)));
    }

    #[test]
    fn names_and_paths_are_text() {
        let zero = Figures::new(&Metrics::default(), vec![], 30);
        let page = page(&report("<script>alert(1)</script>", zero.clone(), zero));
        assert!(!page.contains("<script") && !page.contains("<b>") && !page.contains("<i>"));
        assert!(page.contains("What if &lt;script&gt;alert(1)&lt;/script&gt; changed"));
        assert!(
            page.contains("&lt;b&gt;\\u{1b}[31m.csv"),
            "control characters escaped"
        );
        assert!(!page.contains('\u{1b}'));
    }
}
