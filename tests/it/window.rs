//! The real app in a real window under a virtual X display (Xvfb): it drives itself through
//! practice, a review of real speech, and history with its own test hook (`interview-coach
//! tour`), and saves screenshots of each screen under `target/screenshots/` for a person to
//! look at.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{jfk_wav, model_path};

/// An Xvfb server on a free display, stopped on drop.
struct VirtualDisplay {
    child: Child,
    display: String,
}

impl VirtualDisplay {
    fn start() -> Self {
        let n = (90..140)
            .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
            .expect("no free X display number");
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x1500x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb must be installed (scripts/setup.sh test)");
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let start = Instant::now();
        while !socket.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "Xvfb did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, display }
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Decodes a PNG and returns (width, height, standard deviation of the luminance).
fn inspect_png(path: &Path) -> (u32, u32, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let lum: Vec<f64> = px
        .chunks(step)
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect();
    let mean = lum.iter().sum::<f64>() / lum.len() as f64;
    let var = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lum.len() as f64;
    (info.width, info.height, var.sqrt())
}

#[test]
fn the_real_window_shows_practice_review_and_history() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    let _ = std::fs::remove_dir_all(&out);
    let data = tempfile::tempdir().unwrap();
    let x = VirtualDisplay::start();
    let mut app = Command::new(env!("CARGO_BIN_EXE_interview-coach"))
        .arg("tour")
        .arg("--out")
        .arg(&out)
        .arg("--recording")
        .arg(jfk_wav())
        .args(["--question", "usmle-explain", "--model"])
        .arg(model_path())
        .env("DISPLAY", &x.display)
        .env("INTERVIEW_COACH_DATA_DIR", data.path())
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = app.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(240) {
            let _ = app.kill();
            panic!("the window did not finish its tour in 240 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the app exited with {status}");
    for name in [
        "practice.png",
        "review.png",
        "history.png",
        "review-light.png",
        "review-tall.png",
    ] {
        let path = out.join(name);
        assert!(path.is_file(), "{} was not saved", path.display());
        let (w, h, spread) = inspect_png(&path);
        assert!(w >= 900 && h >= 600, "{name} is {w}x{h}");
        // A blank or single-colour frame would mean nothing was drawn.
        assert!(
            spread > 8.0,
            "{name} looks blank (luminance spread {spread:.1})"
        );
    }
    // The analysis really ran in the window: the attempt was saved with its transcript.
    let attempts: Vec<_> = std::fs::read_dir(data.path().join("attempts"))
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(attempts.len(), 1);
    let record = std::fs::read_to_string(attempts[0].path().join("attempt.json")).unwrap();
    assert!(record.to_lowercase().contains("your country"), "{record}");
}
