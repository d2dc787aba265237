//! Writing a bundle: everything is checked first (the writer refuses what the reader would),
//! then the zip is written to a temporary file beside the destination and renamed over it.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::checks::{check_attempt, check_manifest};
use super::{
    BundleError, CopyError, ExportItem, FORMAT, Limits, MANIFEST_FILE, Manifest, PackFile, VERSION,
    WavProblem, check_wav_file, copy_chunks,
};
use crate::bank::{PackSource, parse_pack};
use crate::sessions::validate::{check_pack_name, quoted};
use crate::sessions::{ANSWER_FILE, ATTEMPT_FILE};

fn export_err(problem: impl Into<String>) -> BundleError {
    BundleError::Export {
        problem: problem.into(),
    }
}

/// Writes the bundle to `out` atomically (temp file in the same folder, then rename). Returns
/// bytes written.
///
/// Everything is checked first, with the same rules [`extract`] applies and the default
/// [`Limits`], so a student never sends a bundle the coach cannot open: the manifest must say
/// [`FORMAT`] and [`VERSION`], list exactly the items' uids and the packs' names in order, and
/// every attempt, recording and pack must be valid. On any error nothing is left at `out` (an
/// existing file there is untouched).
///
/// Attempts are written as JSON with `recording` set to `"answer.wav"` when the item has a
/// recording (otherwise empty) and `student` empty. JSON and packs are deflated; recordings
/// are stored as they are (see [`Limits::default`] for why).
pub fn write_bundle(
    out: &Path,
    manifest: &Manifest,
    items: &[ExportItem<'_>],
    packs: &[PackFile],
) -> Result<u64, BundleError> {
    let limits = Limits::default();

    // Check everything before creating any file.
    if manifest.format != FORMAT {
        return Err(export_err(format!(
            "the manifest format is {:?}, not {FORMAT:?}",
            quoted(&manifest.format)
        )));
    }
    if manifest.version != VERSION {
        return Err(export_err(format!(
            "this version writes bundle version {VERSION}, not {}",
            manifest.version
        )));
    }
    check_manifest(manifest, limits.max_entries).map_err(|p| export_err(p.to_string()))?;
    let uids: Vec<&str> = items.iter().map(|i| i.attempt.uid.as_str()).collect();
    if manifest
        .attempts
        .iter()
        .map(String::as_str)
        .ne(uids.iter().copied())
    {
        return Err(export_err(
            "the manifest's attempts are not the uids of the attempts given, in order",
        ));
    }
    if manifest
        .packs
        .iter()
        .map(String::as_str)
        .ne(packs.iter().map(|p| p.name.as_str()))
    {
        return Err(export_err(
            "the manifest's packs are not the names of the packs given, in order",
        ));
    }
    let entries = 1
        + packs.len()
        + items
            .iter()
            .map(|i| 1 + usize::from(i.wav.is_some()))
            .sum::<usize>();
    if entries > limits.max_entries {
        return Err(export_err(format!(
            "{entries} files is more than a bundle may hold ({}); export fewer attempts at a time",
            limits.max_entries
        )));
    }

    let manifest_json = to_json(manifest)?;
    let mut total = manifest_json.len() as u64;
    let mut records = Vec::with_capacity(items.len());
    for item in items {
        let mut a = item.attempt.clone();
        a.recording = item.wav.map(|_| PathBuf::from(ANSWER_FILE));
        a.student = None;
        check_attempt(&a, &a.uid).map_err(|p| {
            export_err(format!(
                "attempt {} (\"{}\") has a bad value: {p}",
                a.id,
                quoted(&a.question_text)
            ))
        })?;
        let json = to_json(&a)?;
        if json.len() as u64 > limits.max_json_bytes {
            return Err(export_err(format!(
                "attempt {} is larger than {} bytes",
                a.id, limits.max_json_bytes
            )));
        }
        total += json.len() as u64;
        let mut wav_len = None;
        if let Some(wav) = item.wav {
            let len = check_wav_file(wav, limits.max_wav_bytes).map_err(|e| match e {
                WavProblem::Io(source) => BundleError::ExportRead {
                    path: wav.to_path_buf(),
                    source,
                },
                WavProblem::Bad(detail) => export_err(format!(
                    "the recording {} of attempt {} is not a readable WAV file ({detail})",
                    wav.display(),
                    a.id
                )),
            })?;
            total += len;
            wav_len = Some((wav, len));
        }
        records.push((a.uid.clone(), json, wav_len));
    }
    for p in packs {
        check_pack_name(&p.name).map_err(|e| export_err(format!("pack {e}")))?;
        let entry = format!("packs/{}", p.name);
        parse_pack(&entry, &p.text, PackSource::File(PathBuf::from(&entry)))
            .map_err(|e| export_err(format!("question pack {e}")))?;
        if p.text.len() as u64 > limits.max_json_bytes {
            return Err(export_err(format!(
                "question pack {} is larger than {} bytes",
                p.name, limits.max_json_bytes
            )));
        }
        total += p.text.len() as u64;
    }
    if total > limits.max_total_bytes {
        return Err(export_err(format!(
            "the attempts and recordings come to {total} bytes, more than a bundle may hold ({}); export fewer at a time",
            limits.max_total_bytes
        )));
    }

    let write_err = |detail: String| BundleError::Write {
        path: out.to_path_buf(),
        detail,
    };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // In the destination's folder, so the final rename stays on one file system and is atomic.
    // Dropped (and so deleted) on any error below.
    let mut tmp = tempfile::Builder::new()
        .prefix(".icbundle-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| write_err(format!("could not create a temporary file: {e}")))?;
    {
        let mut zip = ZipWriter::new(Latch::new(BufWriter::new(tmp.as_file_mut())));
        let deflated = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o644);
        let stored = deflated.compression_method(CompressionMethod::Stored);
        let zip_err = |e: zip::result::ZipError| write_err(e.to_string());
        let io_err = |e: io::Error| write_err(e.to_string());

        zip.start_file(MANIFEST_FILE, deflated).map_err(zip_err)?;
        zip.write_all(&manifest_json).map_err(io_err)?;
        for (uid, json, wav) in &records {
            zip.start_file(format!("attempts/{uid}/{ATTEMPT_FILE}"), deflated)
                .map_err(zip_err)?;
            zip.write_all(json).map_err(io_err)?;
            if let Some((wav, len)) = wav {
                let read_err = |source| BundleError::ExportRead {
                    path: wav.to_path_buf(),
                    source,
                };
                let f = File::open(wav).map_err(read_err)?;
                zip.start_file(
                    format!("attempts/{uid}/{ANSWER_FILE}"),
                    stored.large_file(*len >= u64::from(u32::MAX)),
                )
                .map_err(zip_err)?;
                // Exactly the bytes that were checked: a file that changed since (a recording
                // still being written) must not slip past the checks or the size caps.
                let copied = copy_chunks(&mut f.take(*len), &mut zip).map_err(|e| match e {
                    CopyError::Read(source) => read_err(source),
                    CopyError::Write(e) => io_err(e),
                })?;
                if copied != *len {
                    return Err(read_err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the file got shorter while it was being exported",
                    )));
                }
            }
        }
        for p in packs {
            zip.start_file(format!("packs/{}", p.name), deflated)
                .map_err(zip_err)?;
            zip.write_all(p.text.as_bytes()).map_err(io_err)?;
        }
        let latch = zip.finish().map_err(zip_err)?;
        if let Some(e) = latch.failed {
            return Err(io_err(e));
        }
        latch
            .inner
            .into_inner()
            .map_err(|e| write_err(e.error().to_string()))?;
    }
    // On disk before the rename, so a crash cannot leave a complete-looking but empty bundle.
    tmp.as_file()
        .sync_all()
        .map_err(|e| write_err(e.to_string()))?;
    let file = tmp
        .persist(out)
        .map_err(|e| write_err(e.error.to_string()))?;
    file.metadata()
        .map(|m| m.len())
        .map_err(|e| write_err(e.to_string()))
}

/// A writer that keeps the first error and then accepts everything without writing.
///
/// `ZipWriter` finalises the archive when it is dropped and prints any failure of that to
/// stderr itself, so a full disk during an export printed a raw debug line beside the real
/// message. Behind a latch, the drop's late writes go nowhere, and the first error, the one
/// that matters, is what the caller reports. Positions stay consistent so the writer's
/// arithmetic never sees a jump.
struct Latch<W> {
    inner: W,
    failed: Option<io::Error>,
    /// Position and length as the zip writer sees them after a failure.
    pos: u64,
    len: u64,
}

impl<W: Write + io::Seek> Latch<W> {
    fn new(inner: W) -> Self {
        Latch {
            inner,
            failed: None,
            pos: 0,
            len: 0,
        }
    }

    /// Records the first error; later calls succeed without writing.
    fn fail(&mut self, e: io::Error) {
        if self.failed.is_none() {
            self.failed = Some(e);
        }
    }
}

impl<W: Write + io::Seek> Write for Latch<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.is_none() {
            match self.inner.write(buf) {
                Ok(n) => {
                    self.pos += n as u64;
                    self.len = self.len.max(self.pos);
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
                Err(e) => self.fail(e),
            }
        }
        self.pos += buf.len() as u64;
        self.len = self.len.max(self.pos);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_none()
            && let Err(e) = self.inner.flush()
        {
            self.fail(e);
        }
        Ok(())
    }
}

impl<W: Write + io::Seek> io::Seek for Latch<W> {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        if self.failed.is_none() {
            match self.inner.seek(to) {
                Ok(p) => {
                    self.pos = p;
                    self.len = self.len.max(p);
                    return Ok(p);
                }
                Err(e) => self.fail(e),
            }
        }
        let target = match to {
            io::SeekFrom::Start(n) => Some(n),
            io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            io::SeekFrom::End(d) => self.len.checked_add_signed(d),
        };
        self.pos = target.unwrap_or(self.pos);
        Ok(self.pos)
    }
}

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>, BundleError> {
    serde_json::to_vec_pretty(v).map_err(|e| export_err(format!("could not encode JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use zip::ZipArchive;

    use super::super::read::{S_IFMT, S_IFREG};
    use crate::sessions::validate::MAX_QUESTION_CHARS;

    use super::super::test_support::*;
    use super::super::*;
    use super::*;

    // ----- round trip and writing -----

    #[test]
    fn round_trip_keeps_attempts_recordings_and_packs() {
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("a.wav");
        let wav = wav_bytes();
        std::fs::write(&wav_path, &wav).unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let mut b = attempt(UID_B, "1760000500000-rf-repeated-rotation", 1, ANSWER_B);
        b.mock_id = Some("mock-1".into());
        let m = manifest(&[UID_A, UID_B], &[PACK_NAME]);
        let items = [
            ExportItem {
                attempt: &a,
                wav: Some(&wav_path),
            },
            ExportItem {
                attempt: &b,
                wav: None,
            },
        ];
        let packs = [PackFile {
            name: PACK_NAME.into(),
            text: PACK.into(),
        }];
        let out = dir.path().join("ana.icbundle");
        let n = write_bundle(&out, &m, &items, &packs).unwrap();
        assert_eq!(n, std::fs::metadata(&out).unwrap().len());

        let staging = dir.path().join("staging");
        std::fs::create_dir(&staging).unwrap();
        let x = extract(&out, &staging, &Limits::default()).unwrap();
        assert_eq!(x.manifest, m);
        assert_eq!(x.packs, packs);
        assert_eq!(x.attempts.len(), 2);
        let mut want_a = a.clone();
        want_a.recording = Some(PathBuf::from(ANSWER_FILE));
        assert_eq!(x.attempts[0].attempt, via_json(&want_a));
        assert_eq!(x.attempts[1].attempt, via_json(&b));
        let staged = x.attempts[0].wav.as_ref().unwrap();
        assert_eq!(staged, &staging.join(UID_A).join(ANSWER_FILE));
        assert_eq!(std::fs::read(staged).unwrap(), wav);
        assert_eq!(x.attempts[1].wav, None);
    }

    #[test]
    fn a_silent_recording_is_not_mistaken_for_a_bomb() {
        // 10 s of digital silence at 48 kHz stereo deflates about 1000:1 (see Limits::default);
        // stored, it passes the default ratio cap.
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("silence.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 48_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&wav_path, spec).unwrap();
        for _ in 0..48_000 * 2 * 10 {
            w.write_sample(0i16).unwrap();
        }
        w.finalize().unwrap();
        let out = write_attempt_a(dir.path(), Some(&wav_path), &[]);
        let x = try_extract(&std::fs::read(&out).unwrap(), &Limits::default()).unwrap();
        assert!(x.attempts[0].wav.is_some());
    }

    #[test]
    fn written_recordings_are_stored_and_text_deflated() {
        // Stored recordings keep the ratio at 1, so silent recordings never look like bombs.
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("a.wav");
        std::fs::write(&wav_path, wav_bytes()).unwrap();
        let out = write_attempt_a(dir.path(), Some(&wav_path), &[]);
        let mut z = ZipArchive::new(File::open(&out).unwrap()).unwrap();
        let names: Vec<String> = z.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(
            names,
            [
                MANIFEST_FILE.to_string(),
                format!("attempts/{UID_A}/attempt.json"),
                format!("attempts/{UID_A}/answer.wav"),
            ]
        );
        let wav = z.by_name(&format!("attempts/{UID_A}/answer.wav")).unwrap();
        assert_eq!(wav.compression(), CompressionMethod::Stored);
        assert_eq!(wav.unix_mode().map(|m| m & S_IFMT), Some(S_IFREG));
        drop(wav);
        assert_eq!(
            z.by_name(MANIFEST_FILE).unwrap().compression(),
            CompressionMethod::Deflated
        );
    }

    #[test]
    fn writing_leaves_no_temp_file_and_replaces_the_destination() {
        let dir = tempfile::tempdir().unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let out = dir.path().join("out.icbundle");
        std::fs::write(&out, b"an older export").unwrap();
        let items = [ExportItem {
            attempt: &a,
            wav: None,
        }];
        write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.icbundle"]);
        assert_eq!(&std::fs::read(&out).unwrap()[..2], b"PK");
    }

    #[test]
    fn a_failed_write_creates_nothing_and_keeps_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let out = dir.path().join("out.icbundle");
        let gone = dir.path().join("missing.wav");
        let items = [ExportItem {
            attempt: &a,
            wav: Some(&gone),
        }];
        let e = write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap_err();
        assert!(matches!(e, BundleError::ExportRead { .. }), "{e}");
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        // A bad WAV, a mismatched manifest and a bad pack: an existing file stays as it was.
        std::fs::write(&out, b"keep me").unwrap();
        let junk = dir.path().join("junk.wav");
        std::fs::write(&junk, b"RIFF but not really a wave file").unwrap();
        let bad_wav = [ExportItem {
            attempt: &a,
            wav: Some(&junk),
        }];
        let no_wav = [ExportItem {
            attempt: &a,
            wav: None,
        }];
        let bad_pack = [PackFile {
            name: "broken.toml".into(),
            text: "[pack\nid = ".into(),
        }];
        for (m, items, packs) in [
            (manifest(&[UID_A], &[]), &bad_wav[..], &[][..]),
            (manifest(&[UID_B], &[]), &no_wav[..], &[][..]),
            (
                manifest(&[UID_A], &["broken.toml"]),
                &no_wav[..],
                &bad_pack[..],
            ),
        ] {
            let e = write_bundle(&out, &m, items, packs).unwrap_err();
            assert!(e.to_string().starts_with("cannot export"), "{e}");
            assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn the_writer_refuses_what_the_reader_would() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.icbundle");
        let mut a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        a.question_text = "x".repeat(MAX_QUESTION_CHARS + 1);
        let items = [ExportItem {
            attempt: &a,
            wav: None,
        }];
        let e = write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap_err();
        assert!(e.to_string().contains("question_text"), "{e}");
        let mut m = manifest(&[], &[]);
        m.student = String::new();
        let e = write_bundle(&out, &m, &[], &[]).unwrap_err();
        assert!(e.to_string().contains("student"), "{e}");
        assert!(!out.exists());
    }
}
