//! `whatif --format html`: one self-contained HTML5 document whose SVG
//! charts are XML, whose numbers are those of `-o json`, and in which every
//! name from the database or the command line shows as text.

use serde_json::Value;

use super::Sandbox;

fn prod(s: &Sandbox, name: &str) {
    s.ok(&["env", "add", name, "--version", "9.2.24034.205"]);
    s.ok(&["env", "set-timeout", name, "--length", "8h"]);
    s.ok(&[
        "env",
        "set-inactivity",
        name,
        "--after",
        "30m",
        "--warning",
        "5m",
    ]);
}

/// The page and the JSON of the same run.
fn both(s: &Sandbox, args: &[&str]) -> (String, Value) {
    let mut html = vec!["whatif"];
    html.extend_from_slice(args);
    html.extend_from_slice(&["--format", "html"]);
    let page = s.ok(&html);
    let json = s.json(&[&["whatif"], args].concat());
    (page, json)
}

/// Every `<svg>…</svg>` of the page.
fn svgs(page: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .map(|e| start + e + "</svg>".len())
            .expect("every <svg> is closed");
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// The checks every page passes: one HTML5 document without parse errors,
/// nothing fetched or run, every chart well-formed XML with labelled axes
/// and a title on every bar. The charts, parsed.
#[track_caller]
fn check_page(page: &str) -> Vec<roxmltree::Document<'_>> {
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    assert_eq!(page.matches("<!DOCTYPE").count(), 1);
    assert_eq!(page.matches("<html").count(), 1);
    assert!(page.trim_end().ends_with("</html>"));
    let doc = scraper::Html::parse_document(page);
    assert!(
        doc.errors.is_empty(),
        "HTML5 parse errors: {:?}",
        doc.errors
    );

    // Nothing run, nothing fetched.
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "a script");
    assert!(!lower.contains("<iframe") && !lower.contains("<object"));
    assert!(!lower.contains("@import") && !lower.contains("<link"));
    for attr in ["src", "href", "xlink:href", "action", "data"] {
        let sel = scraper::Selector::parse(&format!("[{}]", attr.replace(':', "\\:"))).unwrap();
        for el in doc.select(&sel) {
            let v = el.value().attr(attr).unwrap_or("");
            assert!(
                !v.contains("//") && !v.to_lowercase().starts_with("javascript"),
                "{attr}={v}"
            );
        }
    }
    let without_ns = page.replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
    for url in page.split("url(").skip(1) {
        assert!(url.starts_with('#'), "only local url(#…): {}", &url[..20]);
    }
    let csp = scraper::Selector::parse(r#"meta[http-equiv="Content-Security-Policy"]"#).unwrap();
    let policy = doc
        .select(&csp)
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("a Content-Security-Policy");
    assert!(policy.contains("default-src 'none'"));
    // No event handler attributes anywhere.
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in el.value().attrs() {
            assert!(!name.to_lowercase().starts_with("on"), "handler {name}");
        }
    }

    let charts: Vec<_> = svgs(page)
        .into_iter()
        .map(|svg| {
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}): {svg}"))
        })
        .collect();
    for c in &charts {
        let root = c.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("aria-label").is_some_and(|l| !l.is_empty()));
        assert!(root.attribute("viewBox").is_some());
        let bars = bar_titles(c);
        assert!(!bars.is_empty(), "bars with titles");
    }
    charts
}

/// The texts of a chart's `<text>` elements.
fn texts<'a>(c: &'a roxmltree::Document<'_>) -> Vec<&'a str> {
    c.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect()
}

/// The `<title>` of every bar of a chart.
fn bar_titles(c: &roxmltree::Document<'_>) -> Vec<String> {
    c.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|r| r.children().find(|t| t.has_tag_name("title")))
        .map(|t| t.text().unwrap_or("").to_string())
        .collect()
}

/// "09:00–10:00 current: 12 forced sign-outs" → ("09:00–10:00", "current", 12).
fn parse_title(t: &str) -> (String, String, u64) {
    let (head, tail) = t.rsplit_once(": ").expect("name: number");
    let (category, side) = head.rsplit_once(' ').expect("category side");
    let n = tail.split(' ').next().and_then(|n| n.parse().ok());
    (category.into(), side.into(), n.expect("a number"))
}

fn chart<'a, 'b>(
    charts: &'a [roxmltree::Document<'b>],
    label: &str,
) -> &'a roxmltree::Document<'b> {
    charts
        .iter()
        .find(|c| {
            c.root_element()
                .attribute("aria-label")
                .is_some_and(|l| l.contains(label))
        })
        .unwrap_or_else(|| panic!("no chart {label}"))
}

fn numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|n| n.as_u64().expect("a count"))
        .collect()
}

/// The visible text of the page, whitespace collapsed.
fn text(page: &str) -> String {
    let doc = scraper::Html::parse_document(page);
    let all: Vec<&str> = doc.root_element().text().collect();
    all.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_page_shows_the_figures_of_the_json() {
    let s = Sandbox::new();
    prod(&s, "prod");
    let (page, v) = both(
        &s,
        &[
            "--env",
            "prod",
            "--inactivity",
            "15m",
            "--users",
            "80",
            "--days",
            "2",
            "--seed",
            "3",
        ],
    );
    let charts = check_page(&page);
    assert_eq!(charts.len(), 2);

    // Forced sign-outs by hour: 24 pairs, one for one with the JSON.
    let hours = chart(&charts, "by hour");
    let t = texts(hours);
    assert!(t.contains(&"hour of day (UTC)") && t.contains(&"forced sign-outs"));
    assert!(
        t.contains(&"current") && t.contains(&"proposed"),
        "a legend"
    );
    let titles = bar_titles(hours);
    assert_eq!(titles.len(), 48);
    let (current, proposed) = (
        numbers(&v["current"]["forced_sign_outs_by_hour"]),
        numbers(&v["proposed"]["forced_sign_outs_by_hour"]),
    );
    assert!(current.iter().sum::<u64>() > 0);
    for (i, title) in titles.iter().enumerate() {
        let (category, side, n) = parse_title(title);
        let h = i / 2;
        assert_eq!(category, format!("{h:02}:00–{:02}:00", h + 1));
        assert!(title.ends_with(" forced sign-outs"), "{title}");
        let want = if i % 2 == 0 {
            assert_eq!(side, "current");
            current[h]
        } else {
            assert_eq!(side, "proposed");
            proposed[h]
        };
        assert_eq!(n, want, "{title}");
    }
    for h in 0..24 {
        assert!(t.contains(&format!("{h:02}").as_str()), "tick {h:02}");
    }

    // Uninterrupted working time: the median of the JSON falls in the bin
    // where half of the stretches are reached.
    let stretches = chart(&charts, "Uninterrupted");
    let t = texts(stretches);
    assert!(t.contains(&"length of uninterrupted work") && t.contains(&"stretches"));
    let bins: Vec<(String, String, u64)> = bar_titles(stretches)
        .iter()
        .map(|t| parse_title(t))
        .collect();
    let labels = ["<15m", "15–30m", "30m–1h", "1–2h", "2–4h", "4–8h", "≥8h"];
    let ends = [15, 30, 60, 120, 240, 480, u64::MAX];
    assert_eq!(bins.len(), 2 * labels.len());
    for side in ["current", "proposed"] {
        let counts: Vec<u64> = bins.iter().filter(|b| b.1 == side).map(|b| b.2).collect();
        let names: Vec<&str> = bins
            .iter()
            .filter(|b| b.1 == side)
            .map(|b| b.0.as_str())
            .collect();
        assert_eq!(names, labels);
        let total: u64 = counts.iter().sum();
        assert!(total > 0, "{side}");
        let median = v[side]["median_uninterrupted_min"].as_u64().unwrap();
        let bin = ends.iter().position(|&e| median < e).unwrap();
        let half = total.div_ceil(2);
        let before: u64 = counts[..bin].iter().sum();
        assert!(
            before < half && before + counts[bin] >= half,
            "{side}: {counts:?} {median}"
        );
    }

    // The table and the compliance rows.
    let words = text(&page);
    assert!(
        words.contains("What if prod changed: inactivity: 30m → 15m"),
        "{words}"
    );
    assert!(words.contains("80 generated office users × 2 working days (seed 3)"));
    let forced = format!(
        "forced sign-outs and reauthentications {} {}",
        v["current"]["forced_sign_outs"], v["proposed"]["forced_sign_outs"]
    );
    assert!(words.contains(&forced), "{forced}");
    for w in ["met", "gained", "lost", "current", "proposed", "difference"] {
        assert!(words.contains(w), "{w}");
    }
    // 15m gains PCI DSS 8.2.8, as in the JSON.
    let gained: Vec<&str> = v["difference"]["baselines_met"]["gained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert!(gained.contains(&"pci-dss-4.0"));
    assert!(
        words.contains(&format!("gained {}", gained.join(", "))),
        "{words}"
    );
    assert!(
        words.contains("pci-dss-4.0 ✗ not met ✓ met ▲ gained"),
        "{words}"
    );
    assert!(words.contains("lost none"));
}

#[test]
fn the_page_does_not_change_the_json() {
    let s = Sandbox::new();
    prod(&s, "prod");
    let v = s.json(&[
        "whatif",
        "--env",
        "prod",
        "--inactivity",
        "15m",
        "--users",
        "20",
    ]);
    let keys: Vec<&str> = v["current"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        !keys
            .iter()
            .any(|k| k.contains("length") || k.contains("bin")),
        "{keys:?}"
    );
    assert_eq!(keys.last(), Some(&"baselines_met"));
}

const HOSTILE: [&str; 2] = ["<script>alert(1)</script>", "\"><svg onload=alert(1)>"];

/// `s` as maud writes it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[track_caller]
fn only_escaped(page: &str) {
    check_page(page);
    assert!(!page.contains("<script"), "a script");
    assert!(!page.contains("<svg onload"), "an svg from a name");
    assert_eq!(svgs(page).len(), 2, "only the two charts");
}

#[test]
fn names_from_the_database_show_as_text() {
    let s = Sandbox::new();
    for (name, description) in [(HOSTILE[0], HOSTILE[1]), (HOSTILE[1], HOSTILE[0])] {
        s.ok(&["env", "add", name, "--description", description]);
        s.ok(&["env", "set-inactivity", name, "--after", "1h"]);
        let page = s.ok(&[
            "whatif",
            "--env",
            name,
            "--inactivity",
            "20m",
            "--users",
            "10",
            "--format",
            "html",
        ]);
        only_escaped(&page);
        // The name is in the title and the heading, as text.
        assert!(page.contains(&escaped(name)), "{name}");
        let words = text(&page);
        assert!(
            words.contains(&format!("What if {name} changed")),
            "{words}"
        );
    }
}

#[test]
fn a_replayed_file_with_a_hostile_name_shows_as_text() {
    let s = Sandbox::new();
    prod(&s, "contoso-prod");
    let team = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/team.csv"))
        .expect("examples/team.csv");
    let file = s.write(&format!("{}.csv", HOSTILE[1]), &team);
    let (page, v) = both(
        &s,
        &[
            "--env",
            "contoso-prod",
            "--inactivity",
            "15m",
            "--replay",
            &file,
        ],
    );
    only_escaped(&page);
    assert!(page.contains(&escaped(&file)));
    let words = text(&page);
    assert!(words.contains(&format!("Replay of {file}")), "{words}");
    let charts = check_page(&page);
    let titles = bar_titles(chart(&charts, "by hour"));
    let current = numbers(&v["current"]["forced_sign_outs_by_hour"]);
    for (h, n) in current.iter().enumerate() {
        assert_eq!(parse_title(&titles[2 * h]).2, *n);
    }
}

#[test]
fn a_side_without_forced_sign_outs_draws_empty_bars() {
    let s = Sandbox::new();
    prod(&s, "prod");
    let (page, v) = both(
        &s,
        &[
            "--env",
            "prod",
            "--no-inactivity",
            "--no-session-length",
            "--users",
            "10",
            "--days",
            "1",
        ],
    );
    let charts = check_page(&page);
    let proposed = numbers(&v["proposed"]["forced_sign_outs_by_hour"]);
    let titles = bar_titles(chart(&charts, "by hour"));
    for (h, n) in proposed.iter().enumerate() {
        assert_eq!(parse_title(&titles[2 * h + 1]).2, *n);
    }
}

#[test]
fn snapshot_of_a_small_page() {
    let s = Sandbox::new();
    prod(&s, "prod");
    let page = s.ok(&[
        "whatif",
        "--env",
        "prod",
        "--inactivity",
        "15m",
        "--users",
        "6",
        "--days",
        "1",
        "--seed",
        "11",
        "--threads",
        "1",
        "--format",
        "html",
    ]);
    // The body only, one element a line: the shared style is not pinned
    // here, and the version is not either.
    let body = &page[page.find("<body>").expect("a body")..];
    let lines = body.replace("><", ">\n<");
    insta::with_settings!({filters => vec![(r"sessadm \d+\.\d+\.\d+\S*", "sessadm [VERSION]")]}, {
        insta::assert_snapshot!("whatif_html_small", lines);
    });
}
