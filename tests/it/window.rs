//! The real app in a real window under a virtual X display (Xvfb): it drives itself through
//! practice, a review of real speech, and history with its own test hook (`interview-coach
//! tour`), and saves screenshots of each screen under `target/screenshots/` for a person to
//! look at.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{long_answer_wav, model_path};

/// An Xvfb server on a free display, stopped on drop.
struct VirtualDisplay {
    child: Child,
    display: String,
}

impl VirtualDisplay {
    fn start() -> Self {
        // Xvfb picks the first free display itself and writes its number to the descriptor
        // given by -displayfd (here its stdout). Probing /tmp/.X11-unix from outside is not
        // enough: a server killed on an earlier run leaves its socket behind.
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1500x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb must be installed (scripts/setup.sh test)");
        let stdout = child.stdout.take().expect("Xvfb's stdout is piped");
        // Xvfb writes the number once it listens; one that fails closes the pipe, and one that
        // hangs is given up on, so a broken display never stalls the test run.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("Xvfb did not start within 10 s");
        let n: u32 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("Xvfb did not start (it wrote {line:?})"));
        Self {
            child,
            display: format!(":{n}"),
        }
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

/// CPU seconds a process spent, split by thread: the worker (`coach-worker`, and the
/// whisper.cpp threads it starts, which inherit its name) against everything else (the window's
/// threads).
#[derive(Debug, Clone, Copy, Default)]
struct CpuSplit {
    ui_s: f64,
    worker_s: f64,
}

/// Clock ticks per second of the times in /proc (`getconf CLK_TCK`; 100 on Linux).
const TICKS_PER_S: f64 = 100.0;

/// user + system time in /proc's `stat` line, in seconds.
fn stat_cpu_s(stat: &str) -> Option<f64> {
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / TICKS_PER_S)
}

/// The split now, or `None` once the process is gone. The process total includes threads that
/// already exited (whisper.cpp's come and go); the window's threads live as long as it does.
fn cpu_split(pid: u32) -> Option<CpuSplit> {
    let total = stat_cpu_s(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?;
    let mut ui_s = 0.0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let dir = task.ok()?.path();
        let name = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if name.trim().starts_with("coach-worker") {
            continue;
        }
        if let Some(s) = std::fs::read_to_string(dir.join("stat"))
            .ok()
            .and_then(|s| stat_cpu_s(&s))
        {
            ui_s += s;
        }
    }
    Some(CpuSplit {
        ui_s,
        worker_s: (total - ui_s).max(0.0),
    })
}

/// Starts the app with `args` in the virtual display, keeping its data in `data`.
fn app_in(x: &VirtualDisplay, data: &Path, args: &[&std::ffi::OsStr]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_interview-coach"))
        .args(args)
        .env("DISPLAY", &x.display)
        .env("INTERVIEW_COACH_DATA_DIR", data)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn an_idle_window_uses_no_cpu() {
    let data = tempfile::tempdir().unwrap();
    let x = VirtualDisplay::start();
    let mut app = app_in(&x, data.path(), &[]);
    // Time to open the window, draw it and list the devices.
    std::thread::sleep(Duration::from_secs(4));
    let before = cpu_split(app.id()).expect("the app is running");
    std::thread::sleep(Duration::from_secs(5));
    let after = cpu_split(app.id()).expect("the app is still running");
    assert!(app.try_wait().unwrap().is_none(), "the app exited");
    let _ = app.kill();
    let _ = app.wait();
    println!(
        "idle window: {:.2} CPU-s of window threads in 5 s ({:.1}% of a core); worker {:.2} CPU-s",
        after.ui_s - before.ui_s,
        (after.ui_s - before.ui_s) / 5.0 * 100.0,
        after.worker_s - before.worker_s
    );
}

#[test]
fn the_real_window_shows_practice_review_and_history() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    let _ = std::fs::remove_dir_all(&out);
    let data = tempfile::tempdir().unwrap();
    // A 92 s answer, so the window's cost while Whisper works can be told from its start-up.
    let answer = long_answer_wav(data.path());
    let x = VirtualDisplay::start();
    let model = model_path();
    let tour: [&std::ffi::OsStr; 9] = [
        "tour".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--recording".as_ref(),
        answer.as_os_str(),
        "--question".as_ref(),
        "usmle-explain".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
    ];
    let mut app = app_in(&x, data.path(), &tour);
    let start = Instant::now();
    let mut cpu = CpuSplit::default();
    // The same, counted only over the samples in which the worker was working.
    let mut busy = CpuSplit::default();
    let status = loop {
        if let Some(s) = app.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(300) {
            let _ = app.kill();
            panic!("the window did not finish its tour in 300 s");
        }
        // The last reading before the process ends stands for the whole tour.
        if let Some(now) = cpu_split(app.id()) {
            if now.worker_s - cpu.worker_s > 0.02 {
                busy.ui_s += now.ui_s - cpu.ui_s;
                busy.worker_s += now.worker_s - cpu.worker_s;
            }
            cpu = now;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the app exited with {status}");
    println!(
        "tour of a 92 s answer: window threads {:.2} CPU-s, worker {:.2} CPU-s, \
         window/worker = {:.3}",
        cpu.ui_s,
        cpu.worker_s,
        cpu.ui_s / cpu.worker_s.max(1e-9)
    );
    println!(
        "while the worker worked: window threads {:.2} CPU-s, worker {:.2} CPU-s, \
         window/worker = {:.3}",
        busy.ui_s,
        busy.worker_s,
        busy.ui_s / busy.worker_s.max(1e-9)
    );
    assert!(cpu.worker_s > 1.0, "no transcription was measured: {cpu:?}");
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
