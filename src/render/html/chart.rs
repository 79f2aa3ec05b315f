//! Bar charts as SVG: axes labelled, every bar's number in its `<title>`.
//!
//! [`bars`] draws one series as plain bars, or two or more side by side
//! in each category, with a legend. Series after the first are hatched
//! and outlined, so that they differ by shape as well as by colour. The
//! y axis starts at 0 and its ticks are round numbers ([`ticks`]); a
//! zero draws a bar of no height that still carries its `<title>`.
//!
//! ```text
//! bars("Forced sign-outs by hour of the day", "hour of day (UTC)",
//!      "forced sign-outs", &hours_of_day(),
//!      &[Series::new("forced sign-outs", "c-single", by_hour)])
//! ```

use maud::{Markup, html};

use super::num;

/// One category on the x axis: `tick` is written under it (short), `name`
/// in each bar's `<title>` (whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub tick: String,
    pub name: String,
}

impl Category {
    pub fn new(tick: impl Into<String>, name: impl Into<String>) -> Self {
        Category {
            tick: tick.into(),
            name: name.into(),
        }
    }

    /// A category whose tick and name are the same text.
    pub fn plain(text: impl Into<String>) -> Self {
        let text = text.into();
        Category {
            tick: text.clone(),
            name: text,
        }
    }
}

/// The 24 hours of a day: ticks "00" … "23", names "09:00–10:00".
pub fn hours_of_day() -> Vec<Category> {
    (0..24)
        .map(|h| Category::new(format!("{h:02}"), format!("{h:02}:00–{:02}:00", h + 1)))
        .collect()
}

/// One series of bars: a name for the legend and the titles, a CSS class
/// for its colour (such as `c-current`), and one value per category (a
/// missing value counts as 0, values past the categories are not drawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub values: Vec<u64>,
}

impl Series {
    pub fn new(name: impl Into<String>, class: &'static str, values: Vec<u64>) -> Self {
        Series {
            name: name.into(),
            class,
            values,
        }
    }
}

/// The y axis for values up to `max`: the step between ticks (1, 2 or 5
/// times a power of ten) and the top tick, a multiple of the step at or
/// above `max`, with at most 5 steps from 0. `max` 0 gives a step of 1.
pub fn ticks(max: u64) -> (u64, u64) {
    let max = u128::from(max.max(1));
    let mut power: u128 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = m * power;
            let n = max.div_ceil(step);
            if n <= 5 {
                // step ≤ 5 × max and n·step < max + step: both fit in u64
                // unless max is within a step of u64::MAX.
                let top = n * step;
                return (
                    u64::try_from(step).unwrap_or(u64::MAX),
                    u64::try_from(top).unwrap_or(u64::MAX),
                );
            }
        }
        power *= 10;
    }
}

/// A tick's number, short enough for the margin: 15000 is "15k",
/// 20000000 "20M" (ticks that large are whole thousands or millions).
pub fn tick_label(v: u64) -> String {
    let (mut v, mut unit) = (v, 0);
    while v >= 10_000 && v % 1000 == 0 && unit < 6 {
        v /= 1000;
        unit += 1;
    }
    format!("{v}{}", ["", "k", "M", "G", "T", "P", "E"][unit])
}

/// Sizes of the drawing, in SVG user units.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 48.0;
/// The share of a category's width its bars take together.
const GROUP: f64 = 0.8;

/// The height of a bar of `value` in a plot `height` high whose top tick
/// is `top`: proportional, 0 for 0, never above the plot.
pub fn bar_height(value: u64, top: u64, height: f64) -> f64 {
    if top == 0 {
        return 0.0;
    }
    (value as f64 / top as f64).clamp(0.0, 1.0) * height
}

/// The text of a bar's `<title>`: "09:00–10:00 current: 12 forced
/// sign-outs", or without the series' name when there is one series.
fn bar_title(category: &str, series: Option<&str>, value: u64, unit: &str) -> String {
    match series {
        Some(s) => format!("{category} {s}: {value} {unit}"),
        None => format!("{category}: {value} {unit}"),
    }
}

/// An id for the hatch of series `i` of the chart titled `title`: letters
/// and digits of the title, so that charts with different titles on one
/// page do not share ids.
fn hatch_id(title: &str, i: usize) -> String {
    let mut id = String::from("hatch");
    let mut dash = true;
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash {
                id.push('-');
            }
            id.push(c);
            dash = false;
        } else {
            dash = true;
        }
    }
    format!("{id}-{i}")
}

/// The angle of the hatch of series `i` (the first series is solid).
fn hatch_angle(i: usize) -> i32 {
    [45, -45, 0, 90][i % 4]
}

/// A bar chart: `title` names it for screen readers, `x_label` and
/// `y_label` label the axes (`y_label` is the unit in each bar's title,
/// such as "forced sign-outs"), one group of bars per category, one bar
/// per series in each group.
pub fn bars(
    title: &str,
    x_label: &str,
    y_label: &str,
    categories: &[Category],
    series: &[Series],
) -> Markup {
    let values = |s: &Series| -> Vec<u64> {
        (0..categories.len())
            .map(|i| s.values.get(i).copied().unwrap_or(0))
            .collect()
    };
    let max = series.iter().flat_map(values).max().unwrap_or(0);
    let (step, top) = ticks(max);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let band = plot_w / categories.len().max(1) as f64;
    let bar_w = band * GROUP / series.len().max(1) as f64;
    let y_of = |v: u64| base - bar_height(v, top, plot_h);
    let tick_values: Vec<u64> = (0..=top / step).map(|k| k * step).collect();
    let named = series.len() > 1;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (num(WIDTH)) " " (num(HEIGHT)) }
            width=(num(WIDTH)) height=(num(HEIGHT)) role="img" aria-label=(title) {
            title { (title) }
            @if named { (hatches(title, series)) }
            // Grid lines and y ticks.
            @for &v in &tick_values {
                @let y = num(y_of(v));
                line class="grid" x1=(num(LEFT)) x2=(num(LEFT + plot_w)) y1=(y) y2=(y) {}
                line class="axis" x1=(num(LEFT - 4.0)) x2=(num(LEFT)) y1=(y) y2=(y) {}
                text class="label" x=(num(LEFT - 7.0)) y=(num(y_of(v) + 4.0)) text-anchor="end" {
                    (tick_label(v))
                }
            }
            // The bars.
            @for (c, cat) in categories.iter().enumerate() {
                @let x0 = LEFT + band * c as f64 + band * (1.0 - GROUP) / 2.0;
                g {
                    @for (i, s) in series.iter().enumerate() {
                        @let v = s.values.get(c).copied().unwrap_or(0);
                        @let h = bar_height(v, top, plot_h);
                        @let t = bar_title(&cat.name, named.then_some(s.name.as_str()), v, y_label);
                        @let x = num(x0 + bar_w * i as f64);
                        @let y = num(base - h);
                        @if i == 0 {
                            rect class=(s.class) x=(x) y=(y) width=(num(bar_w)) height=(num(h)) {
                                title { (t) }
                            }
                        } @else {
                            rect x=(x) y=(y) width=(num(bar_w)) height=(num(h))
                                fill={ "url(#" (hatch_id(title, i)) ")" } stroke="currentColor"
                                stroke-width="1" {
                                title { (t) }
                            }
                        }
                    }
                }
                text class="label" x=(num(LEFT + band * (c as f64 + 0.5))) y=(num(base + 15.0))
                    text-anchor="middle" { (cat.tick) }
            }
            // The axes and their labels.
            line class="axis" x1=(num(LEFT)) x2=(num(LEFT)) y1=(num(TOP)) y2=(num(base)) {}
            line class="axis" x1=(num(LEFT)) x2=(num(LEFT + plot_w)) y1=(num(base)) y2=(num(base)) {}
            text x=(num(LEFT + plot_w / 2.0)) y=(num(HEIGHT - 8.0)) text-anchor="middle" {
                (x_label)
            }
            text x=(num(-(TOP + plot_h / 2.0))) y="16" transform="rotate(-90)" text-anchor="middle" {
                (y_label)
            }
            @if named { (legend(title, series)) }
        }
    }
}

/// The hatching of every series after the first, one pattern each.
fn hatches(title: &str, series: &[Series]) -> Markup {
    html! {
        defs {
            @for (i, s) in series.iter().enumerate().skip(1) {
                pattern id=(hatch_id(title, i)) patternUnits="userSpaceOnUse" width="6"
                    height="6" patternTransform={ "rotate(" (hatch_angle(i)) ")" } {
                    rect class=(s.class) width="6" height="6" {}
                    line x1="0" y1="0" x2="0" y2="6" stroke="currentColor"
                        stroke-opacity="0.6" stroke-width="2" {}
                }
            }
        }
    }
}

/// A swatch and the name of each series, above the plot.
fn legend(title: &str, series: &[Series]) -> Markup {
    html! {
        g {
            @for (i, s) in series.iter().enumerate() {
                @let x = LEFT + 8.0 + 120.0 * i as f64;
                @if i == 0 {
                    rect class=(s.class) x=(num(x)) y="8" width="14" height="12" {}
                } @else {
                    rect x=(num(x)) y="8" width="14" height="12"
                        fill={ "url(#" (hatch_id(title, i)) ")" } stroke="currentColor"
                        stroke-width="1" {}
                }
                text x=(num(x + 19.0)) y="18" { (s.name) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0), (1, 1));
        assert_eq!(ticks(1), (1, 1));
        assert_eq!(ticks(5), (1, 5));
        assert_eq!(ticks(6), (2, 6));
        assert_eq!(ticks(7), (2, 8));
        assert_eq!(ticks(11), (5, 15));
        assert_eq!(ticks(12), (5, 15));
        assert_eq!(ticks(37), (10, 40));
        assert_eq!(ticks(100), (20, 100));
        assert_eq!(ticks(101), (50, 150));
        assert_eq!(ticks(999), (200, 1000));
        assert_eq!(ticks(12_345), (5000, 15_000));
        for max in (0..5000).chain([u64::MAX / 3, u64::MAX - 1, u64::MAX]) {
            let (step, top) = ticks(max);
            assert!(top >= max, "{max}");
            assert!(top / step <= 5, "{max}");
            let first = step / 10u64.pow(step.ilog10());
            assert!([1, 2, 5].contains(&first), "{max}: {step}");
        }
    }

    #[test]
    fn large_ticks_are_short() {
        assert_eq!(tick_label(0), "0");
        assert_eq!(tick_label(5000), "5000");
        assert_eq!(tick_label(15_000), "15k");
        assert_eq!(tick_label(12_345), "12345");
        assert_eq!(tick_label(1_500_000), "1500k");
        assert_eq!(tick_label(20_000_000), "20M");
        for max in [9_999, 12_345, 987_654, 49_999_999, u64::MAX] {
            let (step, top) = ticks(max);
            for k in 0..=top / step {
                assert!(tick_label(k * step).len() <= 6, "{max}: {}", k * step);
            }
        }
    }

    #[test]
    fn heights_are_proportional() {
        assert_eq!(bar_height(0, 10, 200.0), 0.0);
        assert_eq!(bar_height(5, 10, 200.0), 100.0);
        assert_eq!(bar_height(10, 10, 200.0), 200.0);
        assert_eq!(bar_height(20, 10, 200.0), 200.0);
        assert_eq!(bar_height(3, 0, 200.0), 0.0);
        let a = bar_height(3, 15, 222.0);
        let b = bar_height(6, 15, 222.0);
        assert!((b - 2.0 * a).abs() < 1e-9);
    }

    fn chart(series: &[Series]) -> String {
        let cats: Vec<Category> = ["a", "b", "c"].into_iter().map(Category::plain).collect();
        bars("Test chart", "x things", "y things", &cats, series).into_string()
    }

    /// (y, height, title) of every bar.
    fn rects(svg: &str) -> Vec<(f64, f64, String)> {
        let doc = roxmltree::Document::parse(svg).expect("XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter_map(|r| {
                let t = r.children().find(|c| c.has_tag_name("title"))?;
                let f = |a: &str| r.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(-1.0);
                Some((f("y"), f("height"), t.text().unwrap_or("").to_string()))
            })
            .collect()
    }

    #[test]
    fn one_series_draws_plain_bars_with_their_numbers() {
        let svg = chart(&[Series::new("things", "c-single", vec![0, 5, 10])]);
        let bars = rects(&svg);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].2, "a: 0 y things");
        assert_eq!(bars[1].2, "b: 5 y things");
        assert_eq!(bars[0].1, 0.0);
        assert!((bars[2].1 - 2.0 * bars[1].1).abs() <= 0.1);
        // All bars stand on the same baseline.
        let base: Vec<f64> = bars.iter().map(|b| b.0 + b.1).collect();
        assert!(base.iter().all(|b| (b - base[0]).abs() <= 0.1));
        assert!(!svg.contains("<pattern"), "no legend or hatch for one");
        assert!(svg.contains(">x things</text>") && svg.contains(">y things</text>"));
        assert!(svg.contains(r#"role="img""#) && svg.contains(r#"aria-label="Test chart""#));
    }

    #[test]
    fn two_series_are_paired_hatched_and_in_a_legend() {
        let svg = chart(&[
            Series::new("current", "c-current", vec![1, 2, 3]),
            Series::new("proposed", "c-proposed", vec![3, 2]),
        ]);
        let bars = rects(&svg);
        let titles: Vec<&str> = bars.iter().map(|b| b.2.as_str()).collect();
        assert_eq!(
            titles,
            [
                "a current: 1 y things",
                "a proposed: 3 y things",
                "b current: 2 y things",
                "b proposed: 2 y things",
                "c current: 3 y things",
                "c proposed: 0 y things",
            ]
        );
        assert!(svg.contains(r#"id="hatch-test-chart-1""#));
        assert_eq!(svg.matches(r#"fill="url(#hatch-test-chart-1)""#).count(), 4);
        assert!(svg.contains(">current</text>") && svg.contains(">proposed</text>"));
    }

    #[test]
    fn all_zero_and_empty_charts_draw() {
        let svg = chart(&[Series::new("s", "c-single", vec![0, 0, 0])]);
        assert!(rects(&svg).iter().all(|b| b.1 == 0.0));
        // Ticks 0 and 1.
        assert!(svg.contains(">0</text>") && svg.contains(">1</text>"));
        let empty = bars("e", "x", "y", &[], &[]).into_string();
        roxmltree::Document::parse(&empty).expect("XML");
        let none = chart(&[]);
        assert!(rects(&none).is_empty());
    }

    #[test]
    fn text_is_escaped() {
        let cats = [Category::plain("<b>&")];
        let svg = bars(
            "\"><svg onload=alert(1)>",
            "<script>alert(1)</script>",
            "y",
            &cats,
            &[Series::new("<i>", "c-current", vec![1])],
        )
        .into_string();
        roxmltree::Document::parse(&svg).expect("XML");
        assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("<svg onload"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn hours_of_the_day() {
        let h = hours_of_day();
        assert_eq!(h.len(), 24);
        assert_eq!(h[9], Category::new("09", "09:00–10:00"));
        assert_eq!(h[23].name, "23:00–24:00");
    }
}
