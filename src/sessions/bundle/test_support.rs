//! Bundles and zips for the bundle tests: attempts as the app makes them, valid bundles as
//! editable parts, and an extractor that checks nothing is written outside staging.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{
    BundleError, ExportItem, Extracted, FORMAT, Limits, MANIFEST_FILE, Manifest, PackFile, VERSION,
    extract, write_bundle,
};
use crate::analysis::Word;
use crate::bank::{PackSource, parse_pack};
use crate::sessions::test_support::attempt_from_words;
use crate::sessions::validate::is_uid;
use crate::sessions::{ANSWER_FILE, Attempt};

pub(crate) const PACK_NAME: &str = "red-flags.toml";
pub(crate) const PACK: &str = include_str!("../../../prompts/red-flags.toml");
pub(crate) const UID_A: &str = "0b6f9a52-3c1e-4d7a-9f43-6a2d8e1c5b70";
pub(crate) const UID_B: &str = "d2c4e8f1-7a93-4b56-8e21-c0f5a9b3d647";

pub(crate) const ANSWER_A: &str = "I failed my surgery shelf the first time, and that is on me. I studied \
    passively from slides instead of doing questions. Since then I built a daily question \
    routine, passed the retake with a 78, and I use the same habit on the wards now.";
pub(crate) const ANSWER_B: &str = "On my medicine clerkship I, um, missed a potassium result overnight. \
    I told my senior right away, we repleted it, and since then I check every pending lab \
    before sign-out. It made me a more careful team member, and I think it will make me a \
    safer intern.";

/// An attempt as the app makes one: real metrics, notes and score for a hand-written answer.
pub(crate) fn attempt(uid: &str, id: &str, question_index: usize, answer: &str) -> Attempt {
    let pack = parse_pack(PACK_NAME, PACK, PackSource::Bundled(PACK_NAME)).unwrap();
    let words: Vec<Word> = answer
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word::new(w, 0.5 + i as f64 * 0.4, 0.5 + i as f64 * 0.4 + 0.3))
        .collect();
    let duration = words.last().unwrap().end + 0.5;
    let mut a = attempt_from_words(&pack.questions[question_index], words, duration);
    a.id = id.into();
    a.uid = uid.into();
    a.created_unix = 1_760_000_000;
    a
}

/// The attempt as the app holds it after loading it from disk. serde_json (without its
/// `float_roundtrip` feature) may parse a float one unit in the last place off what it
/// wrote, so a freshly computed attempt and its JSON copy can differ in the 17th digit;
/// attempts in the library are always loaded from JSON, so that is the fair comparison.
pub(crate) fn via_json(a: &Attempt) -> Attempt {
    serde_json::from_slice(&serde_json::to_vec_pretty(a).unwrap()).unwrap()
}

/// A short valid WAV: 0.25 s of a 440 Hz tone, 16 kHz mono.
pub(crate) fn wav_bytes() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
    for i in 0..4_000 {
        let t = i as f64 / 16_000.0;
        w.write_sample(((t * 440.0 * std::f64::consts::TAU).sin() * 8_000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
    out.into_inner()
}

pub(crate) fn manifest(attempts: &[&str], packs: &[&str]) -> Manifest {
    Manifest {
        format: FORMAT.into(),
        version: VERSION,
        student: "Ana Student".into(),
        created_unix: 1_760_000_100,
        app_version: "0.1.0".into(),
        mock_id: Some("mock-1".into()),
        attempts: attempts.iter().map(|s| s.to_string()).collect(),
        packs: packs.iter().map(|s| s.to_string()).collect(),
    }
}

/// A change to a JSON entry, for tables of hostile values.
pub(crate) type Edit = Box<dyn FnOnce(&mut Value)>;

/// A bundle's entries as editable values, to build valid and hostile zips from.
pub(crate) struct Parts {
    pub(crate) manifest: Value,
    pub(crate) attempts: Vec<(String, Value, Option<Vec<u8>>)>,
    pub(crate) packs: Vec<(String, Vec<u8>)>,
    pub(crate) extra: Vec<(String, Vec<u8>)>,
}

impl Parts {
    pub(crate) fn valid() -> Self {
        let mut a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        a.recording = Some(PathBuf::from(ANSWER_FILE));
        Self {
            manifest: serde_json::to_value(manifest(&[UID_A], &[PACK_NAME])).unwrap(),
            attempts: vec![(
                UID_A.into(),
                serde_json::to_value(&a).unwrap(),
                Some(wav_bytes()),
            )],
            packs: vec![(PACK_NAME.into(), PACK.as_bytes().to_vec())],
            extra: Vec::new(),
        }
    }

    pub(crate) fn entries(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = vec![(
            MANIFEST_FILE.to_string(),
            serde_json::to_vec_pretty(&self.manifest).unwrap(),
        )];
        for (uid, a, wav) in &self.attempts {
            out.push((
                format!("attempts/{uid}/attempt.json"),
                serde_json::to_vec_pretty(a).unwrap(),
            ));
            if let Some(w) = wav {
                out.push((format!("attempts/{uid}/answer.wav"), w.clone()));
            }
        }
        for (name, text) in &self.packs {
            out.push((format!("packs/{name}"), text.clone()));
        }
        out.extend(self.extra.iter().cloned());
        out
    }

    pub(crate) fn zip(&self) -> Vec<u8> {
        zip_of(&self.entries())
    }

    pub(crate) fn attempt(&mut self) -> &mut Value {
        &mut self.attempts[0].1
    }
}

pub(crate) fn opts() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644)
}

pub(crate) fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        z.start_file(name.as_str(), opts()).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Replaces every occurrence of `from` with `to` (same length), for names and header fields
/// the zip writer refuses to produce.
pub(crate) fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut hits = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            hits += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    // Once in the local header, once in the central directory.
    assert_eq!(hits, 2, "placeholder {:?}", String::from_utf8_lossy(from));
}

/// A valid bundle plus one entry whose raw name is `name`.
pub(crate) fn with_raw_name(name: &[u8]) -> Vec<u8> {
    let placeholder: Vec<u8> = (0..name.len()).map(|i| b"QZ"[i % 2]).collect();
    let mut p = Parts::valid();
    p.extra.push((
        String::from_utf8(placeholder.clone()).unwrap(),
        b"x".to_vec(),
    ));
    let mut bytes = p.zip();
    patch(&mut bytes, &placeholder, name);
    bytes
}

/// Extracts `bytes` into a fresh staging folder and checks nothing was written beside it.
pub(crate) fn try_extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, BundleError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.icbundle");
    std::fs::write(&path, bytes).unwrap();
    let staging = dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    let result = extract(&path, &staging, limits);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["in.icbundle", "staging"], "wrote outside staging");
    // Whatever was staged is a recording at <uid>/answer.wav.
    for e in std::fs::read_dir(&staging).unwrap() {
        let e = e.unwrap();
        assert!(is_uid(&e.file_name().to_string_lossy()));
        for f in std::fs::read_dir(e.path()).unwrap() {
            assert_eq!(f.unwrap().file_name(), ANSWER_FILE);
        }
    }
    result
}

pub(crate) fn refuse(bytes: &[u8]) -> BundleError {
    refuse_with(bytes, &Limits::default())
}

pub(crate) fn refuse_with(bytes: &[u8], limits: &Limits) -> BundleError {
    match try_extract(bytes, limits) {
        Ok(_) => panic!("a hostile bundle was accepted"),
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains("export it again")
                    || msg.contains("update interview-coach")
                    || msg.contains("fewer"),
                "no advice in: {msg}"
            );
            e
        }
    }
}

/// Writes attempt A (with the recording at `wav`, when given) and `packs` as the bundle
/// `dir/out.icbundle`; returns its path.
pub(crate) fn write_attempt_a(dir: &Path, wav: Option<&Path>, packs: &[PackFile]) -> PathBuf {
    let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
    let out = dir.join("out.icbundle");
    let names: Vec<&str> = packs.iter().map(|p| p.name.as_str()).collect();
    let items = [ExportItem { attempt: &a, wav }];
    write_bundle(&out, &manifest(&[UID_A], &names), &items, packs).unwrap();
    out
}
