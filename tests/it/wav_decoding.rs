//! Reading WAV files of every common encoding, and clear errors for bad ones. Real speech
//! (jfk.wav) is re-encoded by the test in each format, then read back through the app's reader.

use std::io::Write;

use hound::{SampleFormat, WavSpec, WavWriter};
use interview_coach::audio::resample::resample_mono;
use interview_coach::audio::{AudioError, read_wav};

use crate::common::{correlation, jfk_samples};

/// Writes `samples` (mono 16 kHz) as a WAV with the given encoding, rate and channels.
fn encode(
    path: &std::path::Path,
    samples: &[f32],
    bits: u16,
    float: bool,
    rate: u32,
    channels: u16,
) {
    let data = resample_mono(samples, 16_000, rate).unwrap();
    let spec = WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: if float {
            SampleFormat::Float
        } else {
            SampleFormat::Int
        },
    };
    let mut w = WavWriter::create(path, spec).unwrap();
    let max = ((1i64 << (bits - 1)) - 1) as f32;
    for s in data {
        for ch in 0..channels {
            // The second channel carries the speech at half level, so downmixing is exercised.
            let v = if ch == 0 { s } else { s * 0.5 };
            if float {
                w.write_sample(v).unwrap();
            } else if bits == 8 {
                w.write_sample((v * max) as i8).unwrap();
            } else {
                w.write_sample((f64::from(v) * f64::from(max)) as i32)
                    .unwrap();
            }
        }
    }
    w.finalize().unwrap();
}

#[test]
fn every_common_encoding_reads_back_as_the_same_speech() {
    let original = jfk_samples();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (8, false, 16_000, 1, 0.97),
        (16, false, 16_000, 1, 0.999),
        (24, false, 44_100, 2, 0.99),
        (32, false, 48_000, 1, 0.99),
        (32, true, 22_050, 2, 0.99),
        (16, false, 8_000, 1, 0.6),
    ];
    for (bits, float, rate, channels, min_corr) in cases {
        let path = dir
            .path()
            .join(format!("jfk-{bits}-{float}-{rate}-{channels}.wav"));
        encode(&path, &original, bits, float, rate, channels);
        let clip = read_wav(&path).unwrap();
        assert_eq!(clip.source_rate, rate);
        assert_eq!(clip.source_channels, channels);
        let len_diff = (clip.samples.len() as i64 - original.len() as i64).abs();
        assert!(
            len_diff <= 16,
            "{bits}-bit {rate} Hz: length off by {len_diff}"
        );
        let c = correlation(&original, &clip.samples);
        // 8 kHz keeps only the band below 4 kHz, so it correlates less with the original.
        assert!(
            c >= min_corr,
            "{bits}-bit float={float} {rate} Hz x{channels}: correlation {c}"
        );
    }
}

fn expect_err(bytes: &[u8]) -> AudioError {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), bytes).unwrap();
    let e = read_wav(f.path()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains(&f.path().display().to_string()),
        "message must name the file: {msg}"
    );
    e
}

#[test]
fn empty_and_non_wav_files_are_refused_clearly() {
    assert!(matches!(
        expect_err(b""),
        AudioError::Corrupt { .. } | AudioError::NotWav { .. }
    ));
    let e = expect_err(b"ID3\x03\x00 this is an mp3, not a wav file at all........");
    assert!(matches!(e, AudioError::NotWav { .. }), "{e}");
    assert!(e.to_string().contains("not a WAV file"));
    let e = expect_err(b"hello, world\n");
    assert!(
        matches!(e, AudioError::NotWav { .. } | AudioError::Corrupt { .. }),
        "{e}"
    );
}

#[test]
fn a_wav_with_no_samples_is_empty() {
    let f = tempfile::NamedTempFile::new().unwrap();
    let spec = WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: SampleFormat::Int,
    };
    WavWriter::create(f.path(), spec)
        .unwrap()
        .finalize()
        .unwrap();
    let e = read_wav(f.path()).unwrap_err();
    assert!(matches!(e, AudioError::Empty { .. }), "{e}");
    assert!(e.to_string().contains("Record the answer again"));
}

#[test]
fn a_truncated_recording_keeps_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.wav");
    crate::common::write_wav16(&full, &jfk_samples());
    let bytes = std::fs::read(&full).unwrap();
    // Cut the file in the middle of the data, as a crash during recording would.
    let cut = dir.path().join("cut.wav");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let clip = read_wav(&cut).unwrap();
    assert_eq!(clip.warnings.len(), 1, "{:?}", clip.warnings);
    let expected = (bytes.len() / 2 - 44) / 2;
    assert!((clip.samples.len() as i64 - expected as i64).abs() <= 1);
}

#[test]
fn damaged_headers_and_missing_files_get_clear_errors() {
    // A RIFF/WAVE header whose fmt chunk is cut short.
    let mut bad = Vec::new();
    bad.write_all(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00")
        .unwrap();
    let e = expect_err(&bad);
    assert!(matches!(e, AudioError::Corrupt { .. }), "{e}");
    // A format this app does not read (A-law, format tag 6).
    let mut alaw = Vec::new();
    alaw.write_all(b"RIFF\x2c\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x06\x00\x01\x00\x40\x1f\x00\x00\x40\x1f\x00\x00\x01\x00\x08\x00data\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00").unwrap();
    let e = expect_err(&alaw);
    assert!(
        matches!(
            e,
            AudioError::Unsupported { .. } | AudioError::Corrupt { .. }
        ),
        "{e}"
    );
    let e = read_wav(std::path::Path::new("/nonexistent/answer.wav")).unwrap_err();
    assert!(matches!(e, AudioError::Open { .. }));
    assert!(e.to_string().contains("/nonexistent/answer.wav"));
}
