//! Property tests of the WAV reader on hostile files: mutated headers and truncations must give
//! an error or a clip bounded by the file's size, never a panic.

use interview_coach::audio::read_wav;
use proptest::prelude::*;

/// Half a second of a 440 Hz tone, 16-bit 16 kHz mono, as WAV bytes.
fn valid_wav() -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
    for i in 0..8_000 {
        let t = i as f32 / 16_000.0;
        w.write_sample(((2.0 * std::f32::consts::PI * 440.0 * t).sin() * 8_000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
    out.into_inner()
}

fn read_quickly(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.wav");
    std::fs::write(&path, bytes).unwrap();
    // No wall-clock limit (the machines are noisy); the bound below is what keeps a hostile
    // header from turning a few bytes into hours of audio.
    let result = read_wav(&path);
    if let Ok(clip) = result {
        // Whatever was accepted is bounded by what the file can hold (16 kHz after resampling
        // from at least 4 kHz: at most 4 samples per byte).
        prop_assert!(clip.samples.len() <= 4 * bytes.len() + 16_000);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Random bytes and 32-bit values in the RIFF, fmt and data headers (the first 44 bytes).
    #[test]
    fn mutated_headers_never_panic(
        bytes_at in prop::collection::vec((0usize..44, any::<u8>()), 0..8),
        word in prop::option::of((0usize..11, any::<u32>())),
    ) {
        let mut wav = valid_wav();
        for (at, v) in bytes_at {
            wav[at] = v;
        }
        if let Some((slot, v)) = word {
            wav[4 * slot..4 * slot + 4].copy_from_slice(&v.to_le_bytes());
        }
        read_quickly(&wav)?;
    }

    /// Any truncation, with or without a mutated header.
    #[test]
    fn truncated_files_never_panic(cut in 0usize..16_044, at in 0usize..44, v in any::<u8>()) {
        let mut wav = valid_wav();
        wav[at] = v;
        wav.truncate(cut);
        read_quickly(&wav)?;
    }
}
