//! The HTML pages in a real browser: headless Chromium renders each one;
//! the screenshot must not be blank and the page must log nothing to the
//! console (a blocked fetch or script would, through the page's
//! Content-Security-Policy); it follows a dark preference and prints to
//! PDF. Skips, saying why, where Chromium is missing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Sandbox, have};

/// How long one rendering may take before the test gives up on it.
const DEADLINE: Duration = Duration::from_secs(90);

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|p| have(p))
}

/// Run Chromium headless on `page` with `what` (`--screenshot=…`,
/// `--print-to-pdf=…`); its stderr. Fails the test past the deadline.
fn run_chromium(s: &Sandbox, browser: &str, page: &Path, what: &[String]) -> String {
    let profile = s.path("chromium-profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(what)
        .arg(format!("file://{}", page.display()))
        .env("HOME", s.dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let started = Instant::now();
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => {
                let text = reader.join().unwrap_or_default();
                assert!(status.success(), "chromium failed ({status}): {text}");
                return text;
            }
            None if started.elapsed() > DEADLINE => {
                let _ = child.kill();
                panic!("chromium did not finish within {DEADLINE:?}");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// What the page wrote to the browser's console: it must be nothing.
#[track_caller]
fn assert_quiet_console(stderr: &str) {
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
}

/// The screenshot shows a page: many pixels unlike the background, in
/// several colours. Returns the background colour.
#[track_caller]
fn assert_not_blank(png: &Path) -> [u8; 3] {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png).expect("the screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| &p[..3])
        .collect();
    let background = pixels[0];
    let inked = pixels.iter().filter(|p| **p != background).count();
    let share = inked as f64 / pixels.len() as f64;
    assert!(
        share > 0.02,
        "the screenshot is nearly blank ({share:.4} inked)"
    );
    let mut colours: Vec<&[u8]> = pixels.clone();
    colours.sort();
    colours.dedup();
    assert!(colours.len() > 16, "only {} colours", colours.len());
    [background[0], background[1], background[2]]
}

fn luminance(rgb: [u8; 3]) -> u32 {
    (299 * u32::from(rgb[0]) + 587 * u32::from(rgb[1]) + 114 * u32::from(rgb[2])) / 1000
}

fn check_page(s: &Sandbox, browser: &str, name: &str, html: &str) {
    let page = s.path(&format!("{name}.html"));
    std::fs::write(&page, html).expect("write the page");
    let shot = s.path(&format!("{name}.png"));
    let stderr = run_chromium(
        s,
        browser,
        &page,
        &[format!("--screenshot={}", shot.display())],
    );
    assert_quiet_console(&stderr);
    let light = assert_not_blank(&shot);
    assert!(
        luminance(light) > 200,
        "{name}: a light page by default, not {light:?}"
    );
    // A reader who prefers a dark scheme gets one.
    let dark_shot = s.path(&format!("{name}-dark.png"));
    let stderr = run_chromium(
        s,
        browser,
        &page,
        &[
            "--force-dark-mode".into(),
            format!("--screenshot={}", dark_shot.display()),
        ],
    );
    assert_quiet_console(&stderr);
    let dark = assert_not_blank(&dark_shot);
    assert!(
        luminance(dark) < 60,
        "{name}: a dark page when asked, not {dark:?}"
    );
    let pdf = s.path(&format!("{name}.pdf"));
    let stderr = run_chromium(
        s,
        browser,
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    assert_quiet_console(&stderr);
    let bytes = std::fs::read(&pdf).expect("the printed page");
    assert!(
        bytes.starts_with(b"%PDF") && bytes.len() > 2000,
        "{name}: no PDF"
    );
}

#[test]
fn both_pages_render_in_chromium_without_console_errors() {
    let Some(browser) = chromium() else {
        return;
    };
    let s = Sandbox::new();
    let workday = format!("{}/examples/workday.toml", env!("CARGO_MANIFEST_DIR"));
    let timeline = s.ok(&["simulate", &workday, "--format", "html"]);
    check_page(&s, browser, "timeline", &timeline);

    s.init();
    s.ok(&["env", "add", "contoso-prod"]);
    s.ok(&[
        "env",
        "set-timeout",
        "contoso-prod",
        "--length",
        "8h",
        "--warning",
        "20m",
    ]);
    let whatif = s.ok(&[
        "whatif",
        "--env",
        "contoso-prod",
        "--session-length",
        "4h",
        "--users",
        "200",
        "--format",
        "html",
    ]);
    check_page(&s, browser, "whatif", &whatif);
}
