//! Shared fixtures: the real-speech recording, the installed model, one loaded transcriber.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use interview_coach::audio::read_wav;
use interview_coach::models::manifest::Manifest;
use interview_coach::models::store;
use interview_coach::transcribe::Transcriber;

/// What is said in `jfk.wav` (the well-known line from the 1961 inaugural address).
pub const JFK_TEXT: &str = "And so, my fellow Americans, ask not what your country can do for \
                            you, ask what you can do for your country.";

/// A file fetched by `scripts/setup.sh test` from a package registry.
pub fn fetched(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fetched")
        .join(name);
    assert!(
        p.exists(),
        "test fixture {} is missing: run `scripts/setup.sh test` first",
        p.display()
    );
    p
}

/// The real speech recording (11 s, 16 kHz mono).
pub fn jfk_wav() -> PathBuf {
    fetched("jfk.wav")
}

/// The jfk recording decoded to 16 kHz mono samples.
pub fn jfk_samples() -> Vec<f32> {
    read_wav(&jfk_wav()).unwrap().samples
}

/// The installed default model (tiny.en).
pub fn model_path() -> PathBuf {
    let manifest = Manifest::builtin().unwrap();
    store::locate(&manifest, "tiny.en").unwrap_or_else(|| {
        panic!(
            "the tiny.en model is not installed (searched {:?}): run `scripts/setup.sh test`",
            store::search_dirs()
        )
    })
}

/// The installed meaning model, loaded once for all tests.
pub fn meaning() -> std::sync::Arc<interview_coach::coaching::meaning::Meaning> {
    static M: OnceLock<std::sync::Arc<interview_coach::coaching::meaning::Meaning>> =
        OnceLock::new();
    M.get_or_init(|| {
        let loaded = interview_coach::meaning::load_installed()
            .unwrap_or_else(|e| panic!("{e:#} (run `scripts/setup.sh test`, which installs it)"));
        std::sync::Arc::new(loaded)
    })
    .clone()
}

/// One transcriber shared by all tests (loading is cheap, but there is no need to repeat it).
pub fn transcriber() -> &'static Transcriber {
    static T: OnceLock<Transcriber> = OnceLock::new();
    T.get_or_init(|| Transcriber::load(&model_path()).unwrap())
}

/// Writes mono f32 samples as a 16-bit 16 kHz WAV.
pub fn write_wav16(path: &Path, samples: &[f32]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
}

/// Pearson correlation of two equal-length signals.
pub fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let ma = a.iter().map(|x| f64::from(*x)).sum::<f64>() / n as f64;
    let mb = b.iter().map(|x| f64::from(*x)).sum::<f64>() / n as f64;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (dx, dy) = (f64::from(*x) - ma, f64::from(*y) - mb);
        sab += dx * dy;
        saa += dx * dx;
        sbb += dy * dy;
    }
    sab / (saa.sqrt() * sbb.sqrt())
}

/// The script of `fillers.wav` (the project's own answer, with 11 "um"/"uh").
pub fn filler_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/filler-answer.txt"),
    )
    .unwrap()
}

/// A 92 s answer of real and synthetic speech with natural pauses: the filler answer, jfk, and
/// both again, at 16 kHz; with what is said in it.
pub fn long_answer() -> (Vec<f32>, String) {
    let fillers = read_wav(&fetched("fillers.wav")).unwrap().samples;
    let jfk = jfk_samples();
    let mut samples = Vec::new();
    let mut said = Vec::new();
    for _ in 0..2 {
        samples.extend_from_slice(&fillers);
        samples.extend_from_slice(&jfk);
        said.push(filler_text());
        said.push(JFK_TEXT.to_string());
    }
    (samples, said.join(" "))
}

/// [`long_answer`] written as a 16 kHz WAV in `dir`.
pub fn long_answer_wav(dir: &Path) -> PathBuf {
    let path = dir.join("long-answer.wav");
    write_wav16(&path, &long_answer().0);
    path
}

/// espeak-ng speaking `text` with the SSML pitch range `range` ("x-low" is nearly flat,
/// "x-high" lively), written to `dir/NAME.wav` at espeak's own rate. espeak-ng 1.51 has no
/// pitch-range flag on its command line; its SSML `prosody range` sets the same thing.
pub fn espeak_wav(dir: &Path, name: &str, text: &str, range: &str) -> PathBuf {
    let path = dir.join(format!("{name}.wav"));
    let ssml = format!("<speak><prosody range=\"{range}\">{text}</prosody></speak>");
    let out = std::process::Command::new("espeak-ng")
        .args(["-m", "-w"])
        .arg(&path)
        .arg(ssml)
        .output()
        .expect("espeak-ng is installed by scripts/setup.sh test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}
