//! Headless Chromium for the HTML report tests: render a file, get the DOM and a screenshot.
//!
//! Chromium runs with a fresh profile and with everything that would reach the network turned
//! off, so a test never depends on (or talks to) anything outside the machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where the system package (`apt-get install chromium`) puts the browser.
const CHROMIUM: &str = "/usr/bin/chromium";

/// A browser run that takes longer than this is stuck (a report renders in well under a second).
const TIMEOUT: Duration = Duration::from_secs(90);

/// Renders `html` in headless Chromium: returns (the DOM after rendering as text, path of a PNG screenshot).
///
/// The screenshot is 1200 x 2400 CSS pixels of the top of the page. Panics with the browser's
/// own output when Chromium is missing, fails, hangs, or produces a blank image.
pub fn chromium_render(html: &Path, png: &Path) -> (String, PathBuf) {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
    );
    let html = html
        .canonicalize()
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", html.display()));
    let url = file_url(&html);
    if let Some(dir) = png.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let _ = std::fs::remove_file(png);

    let shot = run(&[
        format!("--screenshot={}", png.display()),
        "--window-size=1200,2400".to_string(),
        "--hide-scrollbars".to_string(),
        url.clone(),
    ]);
    assert!(
        png.exists(),
        "chromium wrote no screenshot to {}:\n{}",
        png.display(),
        shot.stderr
    );
    let stats = png_stats(png);
    assert!(
        stats.distinct >= 8 && stats.non_white * 100 >= stats.pixels,
        "the screenshot {} looks blank ({} colours, {} of {} pixels not white)",
        png.display(),
        stats.distinct,
        stats.non_white,
        stats.pixels
    );

    let dom = run(&["--dump-dom".to_string(), url]);
    assert!(
        dom.stdout.contains("</html>"),
        "chromium printed no DOM for {}:\n{}",
        html.display(),
        dom.stderr
    );
    (dom.stdout, png.to_path_buf())
}

/// What one browser run printed.
struct Output {
    stdout: String,
    stderr: String,
}

/// Runs Chromium once with the offline flags and a fresh profile, plus `args`.
fn run(args: &[String]) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("profile");
    // Output goes to files, not pipes: a DOM dump is larger than a pipe buffer, and a full pipe
    // that nobody reads while we wait for the exit would hang the browser.
    let out_path = tmp.path().join("stdout");
    let err_path = tmp.path().join("stderr");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .env("HOME", tmp.path())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMIUM}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish in {TIMEOUT:?} ({args:?}):\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = Output {
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    };
    assert!(
        status.success(),
        "chromium failed with {status} ({args:?}):\n{}",
        out.stderr
    );
    out
}

/// A `file://` URL for an absolute path, percent-encoding everything but unreserved bytes.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Pixel counts of a decoded PNG, to tell a rendered page from an empty one.
struct PngStats {
    pixels: usize,
    /// Distinct pixel values (a blank page has one or two).
    distinct: usize,
    /// Pixels that are not (nearly) white.
    non_white: usize,
}

fn png_stats(path: &Path) -> PngStats {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let mut decoder = png::Decoder::new(file);
    // 8 bits per sample and no palette, whatever the file holds, so pixels compare directly.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    // Grey (+ alpha) has one colour sample, RGB (+ alpha) three; alpha is not a colour.
    let colour_samples = if step >= 3 { 3 } else { 1 };
    let px = &buf[..info.buffer_size()];
    let mut distinct = std::collections::HashSet::new();
    let mut non_white = 0;
    for p in px.chunks_exact(step) {
        distinct.insert(p.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)));
        if p[..colour_samples].iter().any(|&c| c < 245) {
            non_white += 1;
        }
    }
    PngStats {
        pixels: px.len() / step,
        distinct: distinct.len(),
        non_white,
    }
}
