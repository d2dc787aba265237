//! Local speech recognition with whisper.cpp (through `whisper-rs`): 16 kHz samples in, a
//! transcript with word times out. Nothing leaves the machine.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use whisper_rs::{
    DtwMode, DtwModelPreset, DtwParameters, FullParams, SamplingStrategy, WhisperContext,
    WhisperContextParameters,
};

use crate::analysis::energy::EnergyProfile;
use crate::analysis::{SAMPLE_RATE, Transcript, Word};
use crate::models::ModelError;
use crate::models::ggml::{GgmlInfo, WhisperSize};
use crate::models::manifest::Manifest;
use crate::models::verify::verify_model;

pub mod filler_bias;
pub mod live;
pub mod noise;

pub use filler_bias::{FILLER_LOGIT_BIAS, FillerBias};

/// The initial prompt that keeps filled pauses in the transcript.
///
/// Whisper is trained on cleaned-up subtitles and drops most "um"/"uh"; a prompt that itself
/// contains fillers makes it keep them (10 of 12 kept with tiny.en against 2 of 12 without, per
/// the project's model notes). Kept short and not starting with "I'm": long prompts are reported
/// to make Whisper drop text or loop.
pub const FILLER_PROMPT: &str = "Um, uh, hmm, er, ah.";

/// How to run the recogniser.
#[derive(Debug, Clone, PartialEq)]
pub struct TranscribeOptions {
    /// CPU threads for whisper.cpp.
    pub threads: usize,
    /// Spoken language code; interviews are rehearsed in English.
    pub language: String,
    /// Initial prompt; [`FILLER_PROMPT`] by default, `None` to disable.
    pub initial_prompt: Option<String>,
    /// Added to the logits of the filler tokens at every step ([`FILLER_LOGIT_BIAS`] by default,
    /// 0 to disable); see [`filler_bias`].
    pub filler_bias: f32,
}

impl Default for TranscribeOptions {
    fn default() -> Self {
        Self {
            threads: default_threads(),
            language: "en".into(),
            initial_prompt: Some(FILLER_PROMPT.into()),
            filler_bias: FILLER_LOGIT_BIAS,
        }
    }
}

impl TranscribeOptions {
    /// Turns off both helps for fillers, the filler prompt and the filler-token bias (the
    /// settings' switch and `analyze --no-filler-prompt`).
    pub fn drop_filler_help(&mut self) {
        self.initial_prompt = None;
        self.filler_bias = 0.0;
    }
}

/// Threads to use by default: all cores up to four (whisper.cpp gains little beyond that on
/// small models, and the UI and audio threads need a core).
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().min(4))
        .unwrap_or(2)
}

/// Why transcription failed.
#[derive(Debug, thiserror::Error)]
pub enum TranscribeError {
    /// The model file failed validation before it reached whisper.cpp.
    #[error(transparent)]
    BadModel(#[from] crate::models::ggml::GgmlError),
    /// The model file is not the installed one, could not be read, or showed itself damaged by
    /// what it recognised.
    #[error(transparent)]
    Model(Box<ModelError>),
    /// whisper.cpp refused to load a file that passed validation.
    #[error(
        "whisper.cpp could not load the model {path}: {detail}. Reinstall it with \
         `interview-coach models install tiny.en`."
    )]
    Load {
        /// The model file.
        path: PathBuf,
        /// whisper.cpp's error.
        detail: String,
    },
    /// Recognition failed part-way.
    #[error("transcription failed: {0}")]
    Run(String),
    /// The caller cancelled.
    #[error("transcription was cancelled")]
    Cancelled,
}

/// A loaded Whisper model, ready to transcribe. Loading takes ~0.1 s for tiny.en; keep one
/// around rather than loading per answer.
pub struct Transcriber {
    ctx: WhisperContext,
    path: PathBuf,
    info: GgmlInfo,
    /// SHA-256 of the file loaded.
    sha256: String,
    /// The name to reinstall the model under, for messages.
    name: String,
}

/// What the recogniser made of a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hearing {
    /// Speech, transcribed.
    Speech,
    /// Nothing loud enough to be speech: silence, or a muted or unplugged microphone.
    Silence,
    /// Sound but no clear speech: steady noise, or what Whisper itself judged not to be speech.
    /// Whatever Whisper wrote for it is dropped, because it would be invented.
    NoClearSpeech,
}

/// A transcript and what kind of sound it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    /// The words; empty unless [`Hearing::Speech`].
    pub transcript: Transcript,
    /// What was heard.
    pub hearing: Hearing,
}

/// Above this no-speech probability Whisper itself judges a window to hold no speech; the
/// value whisper.cpp and OpenAI's reference decoder use (`no_speech_thold`).
pub const NO_SPEECH_THOLD: f32 = 0.6;

/// Below this mean token log-probability a window's text is a guess; together with
/// [`NO_SPEECH_THOLD`] it is the reference decoder's rule for a window without speech
/// (`logprob_thold`), so confident speech in a window that also sounds empty is kept.
pub const LOGPROB_THOLD: f32 = -1.0;

/// One segment's confidence, as whisper.cpp reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentStats {
    /// Probability that the window holds no speech.
    pub no_speech: f32,
    /// Mean log-probability of the segment's text tokens (negative infinity when it has none).
    pub avg_logprob: f32,
}

/// What one run of whisper.cpp produced besides the words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunStats {
    /// Text tokens decoded, including the bracketed annotations that are not kept as words.
    pub text_tokens: usize,
    /// Each segment's confidence.
    pub segments: Vec<SegmentStats>,
}

/// Why a run's output cannot be used, as the reason to report for a damaged model.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The transcript stands for what was heard.
    Heard(Hearing),
    /// The model must be damaged; the text says what gave it away.
    Damaged(String),
}

/// Judges a run on audio that has speech energy and does not sound like noise.
///
/// A healthy model writes something for such audio, even if only an annotation such as
/// "[MUSIC]"; NaN probabilities, or no text token at all with Whisper not judging the audio
/// speechless, mean the weights are broken (NaN weights make whisper.cpp return nothing).
pub fn judge_run(transcript: &Transcript, stats: &RunStats) -> Verdict {
    if stats
        .segments
        .iter()
        .any(|s| !s.no_speech.is_finite() || s.avg_logprob.is_nan())
    {
        return Verdict::Damaged("its output probabilities are not numbers".into());
    }
    let speechless = !stats.segments.is_empty()
        && stats
            .segments
            .iter()
            .all(|s| s.no_speech > NO_SPEECH_THOLD && s.avg_logprob < LOGPROB_THOLD);
    if speechless {
        return Verdict::Heard(Hearing::NoClearSpeech);
    }
    if stats.text_tokens == 0 {
        return Verdict::Damaged(
            "it recognised nothing in a recording that has speech energy".into(),
        );
    }
    if transcript.words.is_empty() {
        Verdict::Heard(Hearing::NoClearSpeech)
    } else {
        Verdict::Heard(Hearing::Speech)
    }
}

impl std::fmt::Debug for Transcriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcriber")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Routes whisper.cpp's own logging away from stderr (it prints pages of load details), once.
fn silence_whisper_logs() {
    whisper_rs::install_logging_hooks();
}

impl Transcriber {
    /// Validates and loads a ggml model file.
    ///
    /// The file is checked first (see [`verify_model`]: the installed hash, the header against
    /// the known Whisper shapes, the tensor sizes, finite weights), so a truncated download, a
    /// damaged or a wrong file gets a clear message instead of a crash, a memory blow-up or
    /// silently empty transcripts inside whisper.cpp.
    pub fn load(path: &Path) -> Result<Self, TranscribeError> {
        silence_whisper_logs();
        // The manifest is compiled in and tested to parse; without it only the hash comparison
        // for unrecorded manifest files is lost.
        let manifest = Manifest::builtin().unwrap_or_else(|_| Manifest {
            default: String::new(),
            models: Vec::new(),
            embedding: Vec::new(),
        });
        let verified = verify_model(path, &manifest).map_err(|e| match e {
            ModelError::Invalid(g) => TranscribeError::BadModel(g),
            other => TranscribeError::Model(Box::new(other)),
        })?;
        let mut params = WhisperContextParameters::default();
        if let Some(model_preset) = dtw_preset(&verified.info) {
            params.dtw_parameters(DtwParameters {
                mode: DtwMode::ModelPreset { model_preset },
                ..DtwParameters::default()
            });
        }
        let ctx =
            WhisperContext::new_with_params(path, params).map_err(|e| TranscribeError::Load {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })?;
        Ok(Self {
            ctx,
            path: path.to_path_buf(),
            info: verified.info,
            sha256: verified.sha256,
            name: verified.name,
        })
    }

    /// SHA-256 of the model file that was loaded (lower-case hex).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The model file this transcriber was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the model file's header says about the model.
    pub fn info(&self) -> &GgmlInfo {
        &self.info
    }

    /// Transcribes 16 kHz mono samples into words with times.
    ///
    /// Audio with no speech in it (silence, faint hiss, steady loud noise) returns an empty
    /// transcript without running the model, because Whisper invents text ("Thank you.") on
    /// silence and whole sentences on noise; [`Transcriber::listen`] also says which. Answers longer
    /// than Whisper's 30 s window are handled by whisper.cpp's own sliding window.
    /// `progress` receives 0-100; `cancel` aborts the run when set.
    pub fn transcribe(
        &self,
        samples: &[f32],
        options: &TranscribeOptions,
        progress: Option<Box<dyn FnMut(i32)>>,
        cancel: Option<Arc<AtomicBool>>,
    ) -> Result<Transcript, TranscribeError> {
        self.listen(samples, options, progress, cancel)
            .map(|h| h.transcript)
    }

    /// [`Transcriber::transcribe`], also saying what was heard, so that a caller can tell a
    /// silent microphone from noise.
    ///
    /// Steady broadband noise (see [`noise`]) is not given to Whisper at all, and output that
    /// Whisper itself marks as not speech is dropped. A model that returns nothing for audio
    /// with speech energy, or NaN probabilities, is reported as damaged
    /// ([`TranscribeError::Model`]) rather than as a silent microphone.
    pub fn listen(
        &self,
        samples: &[f32],
        options: &TranscribeOptions,
        mut progress: Option<Box<dyn FnMut(i32)>>,
        cancel: Option<Arc<AtomicBool>>,
    ) -> Result<Heard, TranscribeError> {
        let nothing = |hearing| Heard {
            transcript: Transcript::default(),
            hearing,
        };
        if !EnergyProfile::from_samples(samples).has_speech() {
            return Ok(nothing(Hearing::Silence));
        }
        if noise::sounds_like_noise(samples) {
            return Ok(nothing(Hearing::NoClearSpeech));
        }
        let duration = samples.len() as f64 / f64::from(SAMPLE_RATE);
        let with_prompt = options.initial_prompt.is_some();
        let mut run = self.run_once(samples, options, progress.take(), cancel.clone())?;
        if with_prompt && looks_looped(&run.0, duration) {
            // The filler prompt occasionally sends Whisper into a loop, repeating a sentence
            // many times. Without the prompt it does not; fillers are then under-counted, which
            // is the lesser harm.
            let plain = TranscribeOptions {
                initial_prompt: None,
                ..options.clone()
            };
            run = self.run_once(samples, &plain, None, cancel)?;
        }
        let (transcript, stats) = run;
        match judge_run(&transcript, &stats) {
            Verdict::Heard(Hearing::Speech) => Ok(Heard {
                transcript,
                hearing: Hearing::Speech,
            }),
            Verdict::Heard(hearing) => Ok(nothing(hearing)),
            Verdict::Damaged(detail) => {
                Err(TranscribeError::Model(Box::new(ModelError::Damaged {
                    path: self.path.clone(),
                    name: self.name.clone(),
                    detail,
                })))
            }
        }
    }

    fn run_once(
        &self,
        samples: &[f32],
        options: &TranscribeOptions,
        progress: Option<Box<dyn FnMut(i32)>>,
        cancel: Option<Arc<AtomicBool>>,
    ) -> Result<(Transcript, RunStats), TranscribeError> {
        let shape = RunShape {
            prompt: options.initial_prompt.clone(),
            audio_ctx: None,
        };
        self.run_shaped(samples, options, &shape, progress, cancel)
    }

    /// The filler-token bias of `bias` for this model's vocabulary ([`FillerBias::for_model`]).
    pub fn filler_bias(&self, bias: f32) -> Option<FillerBias> {
        FillerBias::for_model(&self.ctx, bias)
    }

    /// One run of whisper.cpp over `samples` with the prompt and encoder window of `shape`
    /// (the prompt of `options` is ignored).
    pub fn run_shaped(
        &self,
        samples: &[f32],
        options: &TranscribeOptions,
        shape: &RunShape,
        progress: Option<Box<dyn FnMut(i32)>>,
        cancel: Option<Arc<AtomicBool>>,
    ) -> Result<(Transcript, RunStats), TranscribeError> {
        let mut state = self
            .ctx
            .create_state()
            .map_err(|e| TranscribeError::Run(e.to_string()))?;
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(options.threads.clamp(1, 64) as i32);
        params.set_language(Some(&options.language));
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_special(false);
        params.set_print_timestamps(false);
        params.set_token_timestamps(true);
        params.set_suppress_blank(true);
        params.set_no_context(true);
        // Suppress non-speech tokens such as "[Music]" and "(applause)".
        params.set_suppress_nst(true);
        if let Some(prompt) = &shape.prompt {
            // whisper-rs panics on an interior NUL; recognised text never holds one, but the
            // prompt must not be able to crash a run.
            params.set_initial_prompt(&prompt.replace('\0', " "));
        }
        if let Some(ctx) = shape.audio_ctx {
            params.set_audio_ctx(ctx);
        }
        if let Some(cb) = progress {
            params.set_progress_callback_safe(cb);
        }
        let bias = self.filler_bias(options.filler_bias);
        if let Some(bias) = &bias {
            // SAFETY: `bias` was made for this model and lives in this function, unmoved, until
            // after `state.full` below has returned (it is dropped explicitly after the run).
            unsafe { bias.install(&mut params) };
        }
        let cancelled = cancel.clone();
        if let Some(flag) = cancel {
            params.set_abort_callback_safe(move || flag.load(Ordering::Relaxed));
        }
        let run = state.full(params, samples);
        drop(bias);
        if cancelled.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(TranscribeError::Cancelled);
        }
        run.map_err(|e| TranscribeError::Run(e.to_string()))?;

        let eot = self.ctx.token_eot();
        let mut tokens = Vec::new();
        let mut stats = RunStats::default();
        for segment in state.as_iter() {
            let (mut plog_sum, mut plog_n) = (0.0f32, 0u32);
            for i in 0..segment.n_tokens() {
                let Some(tok) = segment.get_token(i) else {
                    continue;
                };
                // Special tokens (end of text, timestamps, language...) all sit at or above EOT.
                if tok.token_id() >= eot {
                    continue;
                }
                stats.text_tokens += 1;
                let data = tok.token_data();
                plog_sum += data.plog;
                plog_n += 1;
                let bytes = tok.to_bytes().map(<[u8]>::to_vec).unwrap_or_default();
                tokens.push(RawToken {
                    bytes,
                    t0: data.t0 as f64 / 100.0,
                    t1: data.t1 as f64 / 100.0,
                    // whisper.cpp leaves -1 where it computed no alignment.
                    t_dtw: (data.t_dtw >= 0).then(|| data.t_dtw as f64 / 100.0),
                });
            }
            stats.segments.push(SegmentStats {
                no_speech: segment.no_speech_probability(),
                avg_logprob: if plog_n == 0 {
                    f32::NEG_INFINITY
                } else {
                    plog_sum / plog_n as f32
                },
            });
        }
        let duration = samples.len() as f64 / f64::from(SAMPLE_RATE);
        Ok((
            Transcript::from_words(assemble_words(&tokens, duration)),
            stats,
        ))
    }
}

/// How one run is set up beyond [`TranscribeOptions`]: the whole initial prompt, and the encoder
/// window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunShape {
    /// The initial prompt (the filler prompt and, for a piece of a longer answer, the text
    /// before it).
    pub prompt: Option<String>,
    /// Encoder positions to use (whisper.cpp's `audio_ctx`; 1500 is the whole 30 s window),
    /// `None` for the whole window.
    pub audio_ctx: Option<i32>,
}

/// Encoder positions per second of audio: 1500 cover Whisper's 30 s window.
pub const AUDIO_CTX_PER_SECOND: f64 = 50.0;
/// The whole encoder window.
pub const FULL_AUDIO_CTX: i32 = 1500;
/// Positions added after the audio, so the last word is not at the window's very edge (the
/// margin whisper.cpp's users settled on).
pub const AUDIO_CTX_MARGIN: i32 = 128;
/// The smallest window ever used: plain tiny.en repeats itself when its window is cut far
/// below what it was trained on, and about 10 s of window kept its error rate unchanged.
pub const MIN_AUDIO_CTX: i32 = 500 + AUDIO_CTX_MARGIN;

/// The encoder window for `seconds` of audio: just long enough for it, never below
/// [`MIN_AUDIO_CTX`]; `None` (the whole window) when that would be nearly all of it anyway.
pub fn audio_ctx_for(seconds: f64) -> Option<i32> {
    let needed = (seconds.max(0.0) * AUDIO_CTX_PER_SECOND).ceil() as i32 + AUDIO_CTX_MARGIN;
    let ctx = needed.max(MIN_AUDIO_CTX);
    (ctx < FULL_AUDIO_CTX - AUDIO_CTX_MARGIN).then_some(ctx)
}

/// Whether a transcript looks like Whisper's repetition loop rather than speech: faster than
/// anyone speaks (over 270 words a minute across the recording), or one six-word run said four or
/// more times. Real answers almost never repeat a six-word phrase four times.
pub fn looks_looped(t: &Transcript, duration_s: f64) -> bool {
    let words: Vec<String> = t.words.iter().map(Word::normalized).collect();
    if duration_s > 0.0 && words.len() as f64 / (duration_s / 60.0) > 270.0 && words.len() > 20 {
        return true;
    }
    let mut counts: std::collections::HashMap<&[String], usize> = std::collections::HashMap::new();
    for gram in words.windows(6) {
        let c = counts.entry(gram).or_insert(0);
        *c += 1;
        if *c >= 4 {
            return true;
        }
    }
    false
}

/// The alignment heads whisper.cpp knows for a model of this size and vocabulary, for word
/// times by dynamic time warping over the cross-attention (see [`assemble_words`]). `None` for
/// large models, whose versions share one shape but not their heads, and unknown shapes: those
/// keep whisper.cpp's ordinary token times.
fn dtw_preset(info: &GgmlInfo) -> Option<DtwModelPreset> {
    Some(match (info.size, info.english_only) {
        (WhisperSize::Tiny, true) => DtwModelPreset::TinyEn,
        (WhisperSize::Tiny, false) => DtwModelPreset::Tiny,
        (WhisperSize::Base, true) => DtwModelPreset::BaseEn,
        (WhisperSize::Base, false) => DtwModelPreset::Base,
        (WhisperSize::Small, true) => DtwModelPreset::SmallEn,
        (WhisperSize::Small, false) => DtwModelPreset::Small,
        (WhisperSize::Medium, true) => DtwModelPreset::MediumEn,
        (WhisperSize::Medium, false) => DtwModelPreset::Medium,
        (WhisperSize::Large | WhisperSize::Unknown, _) => return None,
    })
}

/// One decoded token: its bytes (a token may hold part of a UTF-8 character) and times in seconds.
#[derive(Debug, Clone)]
pub struct RawToken {
    /// The token's text bytes; a leading space marks the start of a word.
    pub bytes: Vec<u8>,
    /// Start in seconds.
    pub t0: f64,
    /// End in seconds.
    pub t1: f64,
    /// The time dynamic time warping over the alignment heads gives the token (seconds): where
    /// the voice has reached the token's end. `None` when the model has no alignment heads.
    pub t_dtw: Option<f64>,
}

/// Joins sub-word tokens into words and makes their times consistent.
///
/// A token starting with a space begins a new word; others (word pieces, punctuation) extend the
/// current one. Bracketed non-speech annotations ("[BLANK_AUDIO]") are dropped. Times are clamped
/// into the audio and made non-decreasing, because token timestamps from whisper.cpp occasionally
/// step backwards at segment boundaries.
///
/// Where every token has a DTW time, a word ends at its last token's DTW time and starts where
/// the word before it ended (the first word at its ordinary start, or its DTW end if that comes
/// first). whisper.cpp's ordinary token
/// times drift: on real unscripted monologues (the Montreal Forced Aligner's test recordings,
/// against their forced alignment) the word starts were a median 0.6-2.5 s off and up to 5 s
/// late, and with a shortened encoder window (`audio_ctx`, as the live path runs pieces) they
/// stretch by the ratio of the full window to the shortened one. The DTW reading was a median
/// 0.09-0.10 s off on the same words. A word start that falls in the silence before the word is
/// moved onto the voice by the analysis ([`crate::analysis::voice`]).
pub fn assemble_words(tokens: &[RawToken], duration_s: f64) -> Vec<Word> {
    let dtw = !tokens.is_empty() && tokens.iter().all(|t| t.t_dtw.is_some());
    let mut pieces: Vec<(Vec<u8>, f64, f64)> = Vec::new();
    for t in tokens {
        let starts_word = t.bytes.first() == Some(&b' ') || pieces.is_empty();
        let t1 = t.t_dtw.filter(|_| dtw).unwrap_or(t.t1);
        match pieces.last_mut() {
            Some(last) if !starts_word => {
                last.0.extend_from_slice(&t.bytes);
                // Punctuation's DTW time runs on towards the next word: the word ends with its
                // last spoken piece.
                let spoken = !dtw
                    || t.bytes
                        .iter()
                        .any(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
                if spoken {
                    last.2 = last.2.max(t1);
                }
            }
            _ => {
                let t0 = match pieces.last() {
                    Some(prev) if dtw => prev.2,
                    // The first word's ordinary start may have drifted past its DTW end.
                    None if dtw => t.t0.min(t1),
                    _ => t.t0,
                };
                pieces.push((t.bytes.clone(), t0, t1));
            }
        }
    }
    let mut words: Vec<Word> = Vec::with_capacity(pieces.len());
    for (bytes, t0, t1) in pieces {
        let text = String::from_utf8_lossy(&bytes).trim().to_string();
        if text.is_empty() || (text.starts_with('[') && text.ends_with(']')) {
            continue;
        }
        // A piece with no letters or digits (a stray "-" or "...") belongs to the word before.
        if !text.chars().any(char::is_alphanumeric) {
            if let Some(prev) = words.last_mut() {
                prev.text.push_str(&text);
            }
            continue;
        }
        let prev_start = words.last().map_or(0.0, |w| w.start);
        let start = t0.clamp(prev_start, duration_s);
        let end = t1.clamp(start, duration_s);
        words.push(Word { text, start, end });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: &str, t0: f64, t1: f64) -> RawToken {
        RawToken {
            bytes: s.as_bytes().to_vec(),
            t0,
            t1,
            t_dtw: None,
        }
    }

    #[test]
    fn joins_pieces_and_attaches_punctuation() {
        let words = assemble_words(
            &[
                tok(" And", 0.3, 0.5),
                tok(" so", 0.5, 0.7),
                tok(",", 0.7, 0.7),
                tok(" Amer", 1.0, 1.3),
                tok("icans", 1.3, 1.8),
                tok(" -", 1.8, 1.8),
            ],
            11.0,
        );
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["And", "so,", "Americans-"]);
        assert_eq!((words[2].start, words[2].end), (1.0, 1.8));
    }

    #[test]
    fn split_utf8_characters_survive() {
        let e_acute = "é".as_bytes();
        let words = assemble_words(
            &[
                RawToken {
                    bytes: [b" caf".as_slice(), &e_acute[..1]].concat(),
                    t0: 0.0,
                    t1: 0.2,
                    t_dtw: None,
                },
                RawToken {
                    bytes: e_acute[1..].to_vec(),
                    t0: 0.2,
                    t1: 0.3,
                    t_dtw: None,
                },
            ],
            1.0,
        );
        assert_eq!(words[0].text, "café");
    }

    #[test]
    fn dtw_times_end_each_word_and_start_the_next() {
        let dtw = |s: &str, t0: f64, t_dtw: f64| RawToken {
            t_dtw: Some(t_dtw),
            ..tok(s, t0, t0)
        };
        // The ordinary times have drifted a second late; the DTW times have not.
        let words = assemble_words(
            &[
                dtw(" so", 0.1, 0.5),
                dtw(",", 1.6, 0.9),
                dtw(" uh", 1.7, 0.9),
                dtw(" Amer", 2.0, 1.3),
                dtw("icans", 2.3, 1.7),
            ],
            3.0,
        );
        let times: Vec<(f64, f64)> = words.iter().map(|w| (w.start, w.end)).collect();
        // Punctuation does not stretch its word: "so," ends with "so".
        assert_eq!(times, [(0.1, 0.5), (0.5, 0.9), (0.9, 1.7)]);
        // Without a DTW time on every token, the ordinary times are used.
        let mut mixed = [dtw(" a", 0.2, 0.4), tok(" b", 0.6, 0.8)];
        mixed[1].t1 = 0.9;
        let words = assemble_words(&mixed, 3.0);
        assert_eq!((words[1].start, words[1].end), (0.6, 0.9));
    }

    #[test]
    fn times_are_clamped_and_non_decreasing() {
        let words = assemble_words(
            &[
                tok(" a", 2.0, 2.5),
                tok(" b", 1.5, 1.0),
                tok(" c", 11.5, 12.0),
            ],
            11.0,
        );
        assert_eq!((words[1].start, words[1].end), (2.0, 2.0));
        assert_eq!((words[2].start, words[2].end), (11.0, 11.0));
    }

    fn timed(text: &str, step: f64) -> Transcript {
        Transcript::from_words(
            text.split_whitespace()
                .enumerate()
                .map(|(i, w)| Word::new(w, i as f64 * step, i as f64 * step + step))
                .collect(),
        )
    }

    #[test]
    fn repetition_loops_are_recognised() {
        let sentence = "ask not what your country can do for you ";
        let natural = timed(&sentence.repeat(3), 0.5);
        assert!(!looks_looped(&natural, 15.0));
        let looped = timed(&sentence.repeat(4), 0.5);
        assert!(looks_looped(&looped, 20.0));
        // 60 distinct words claimed in 5 seconds: 720 words a minute.
        let words: Vec<String> = (0..60).map(|i| format!("w{i}")).collect();
        assert!(looks_looped(&timed(&words.join(" "), 0.08), 5.0));
        assert!(!looks_looped(&timed(&words.join(" "), 0.4), 24.0));
    }

    /// Segments with these no-speech probabilities and a mean log-probability of -1.5.
    fn stats(text_tokens: usize, no_speech: &[f32]) -> RunStats {
        RunStats {
            text_tokens,
            segments: no_speech
                .iter()
                .map(|&no_speech| SegmentStats {
                    no_speech,
                    avg_logprob: -1.5,
                })
                .collect(),
        }
    }

    #[test]
    fn a_run_is_judged_by_its_output_and_no_speech_probabilities() {
        let words = timed("ask not what your country can do", 0.4);
        let none = Transcript::default();
        assert_eq!(
            judge_run(&words, &stats(7, &[0.01])),
            Verdict::Heard(Hearing::Speech)
        );
        // Whisper itself says every window holds no speech: what it wrote is invented.
        assert_eq!(
            judge_run(&words, &stats(7, &[0.9, 0.7])),
            Verdict::Heard(Hearing::NoClearSpeech)
        );
        // Only annotations ("[MUSIC]") were written: a working model, but no speech.
        assert_eq!(
            judge_run(&none, &stats(3, &[0.2])),
            Verdict::Heard(Hearing::NoClearSpeech)
        );
        // Nothing at all on audio with speech energy, or NaN probabilities: a damaged model.
        assert!(matches!(
            judge_run(&none, &stats(0, &[])),
            Verdict::Damaged(_)
        ));
        assert!(matches!(
            judge_run(&none, &stats(0, &[0.1])),
            Verdict::Damaged(_)
        ));
        assert!(matches!(
            judge_run(&words, &stats(7, &[f32::NAN])),
            Verdict::Damaged(_)
        ));
        // Confident text in a window that also sounds empty is kept, as Whisper keeps it.
        let mut confident = stats(7, &[0.9]);
        confident.segments[0].avg_logprob = -0.3;
        assert_eq!(
            judge_run(&words, &confident),
            Verdict::Heard(Hearing::Speech)
        );
    }

    #[test]
    fn drops_bracketed_annotations() {
        let words = assemble_words(
            &[tok(" [BLANK_AUDIO]", 0.0, 1.0), tok(" hi", 1.0, 1.2)],
            2.0,
        );
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].text, "hi");
    }
}
