//! Transcribing an answer while it is being spoken.
//!
//! The recording arrives in small chunks (from the microphone, or from a file fed at real-time
//! pace by `bench --live`). Each chunk goes into a [`PauseSegmenter`]; when it closes a piece at
//! a natural pause, that piece is transcribed at once, with the text before it as Whisper's
//! prompt so sentences continue naturally, and its words are moved to their absolute times. When
//! the recording stops only the piece after the last cut is left. The encoder window of each
//! run is sized to its piece ([`audio_ctx_for`]), with a floor because tiny.en loops when the
//! window is cut too far.
//!
//! Never worse than batch: a piece whose text loops is run again with the whole window and no
//! context; if the stitched transcript still looks wrong (a loop, a piece with speech but no
//! words) the whole recording is transcribed in one run as before, and the outcome says why.

use std::sync::mpsc::{Receiver, TryRecvError};

use super::{
    Heard, Hearing, RunShape, RunStats, TranscribeError, TranscribeOptions, Transcriber, Verdict,
    audio_ctx_for, judge_run, looks_looped, noise,
};
use crate::analysis::energy::EnergyProfile;
use crate::analysis::segmenter::PauseSegmenter;
use crate::analysis::voice::follow::VoiceFollower;
use crate::analysis::{SAMPLE_RATE, Transcript, Word};
use crate::audio::resample::{ResampleError, resample_mono};
use crate::models::ModelError;

/// What the live transcriber is given, in order.
#[derive(Debug)]
pub enum LiveInput {
    /// The next mono samples of the recording, at `rate` Hz.
    Audio {
        /// Sample rate of `samples` (the device's own; constant for one recording).
        rate: u32,
        /// Mono samples in -1..1.
        samples: Vec<f32>,
    },
    /// The recording is over: the whole of it at 16 kHz mono (as analysed and stored).
    Stop {
        /// The complete recording at 16 kHz, exactly as the batch path would see it.
        samples_16k: Vec<f32>,
        /// What the report must say about the recording (only part of it saved, say).
        warnings: Vec<String>,
    },
}

/// What the live transcriber reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LiveEvent {
    /// A piece was transcribed.
    Progress {
        /// Seconds of the recording transcribed so far.
        transcribed_s: f64,
        /// How far behind the voice this piece's text appeared (seconds of audio).
        behind_s: f64,
    },
    /// The recording stopped; what is left is being transcribed.
    Finishing {
        /// Seconds of the recording not yet transcribed.
        remaining_s: f64,
    },
}

/// Why live transcription ended without a transcript.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// Recognition failed (a damaged model, whisper.cpp's own error).
    #[error(transparent)]
    Transcribe(#[from] TranscribeError),
    /// A piece could not be converted to 16 kHz.
    #[error(transparent)]
    Resample(#[from] ResampleError),
    /// The audio stopped coming without a [`LiveInput::Stop`]: the recording was abandoned.
    #[error("the recording ended before it was stopped")]
    Abandoned,
}

/// How the live run went, for the benchmark and the attempt's notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveStats {
    /// Pieces transcribed while recording (the final piece not counted).
    pub pieces: usize,
    /// The furthest the transcript fell behind the audio while recording: the seconds of audio
    /// that had arrived after a piece's end by the time its text was ready.
    pub max_lag_s: f64,
    /// Seconds of audio left to transcribe when the recording stopped.
    pub left_at_stop_s: f64,
    /// Why the stitched transcript was replaced by one run over the whole recording.
    pub fallback: Option<String>,
}

/// The transcript of a recording heard live, the recording itself, and how it went.
#[derive(Debug)]
pub struct LiveOutcome {
    /// What was heard, exactly as [`Transcriber::listen`] reports it.
    pub heard: Heard,
    /// The whole recording at 16 kHz (from [`LiveInput::Stop`]).
    pub samples_16k: Vec<f32>,
    /// The recording's warnings (from [`LiveInput::Stop`]).
    pub warnings: Vec<String>,
    /// How the run went.
    pub stats: LiveStats,
    /// The voice measures taken while the answer was spoken, for the recording in
    /// `samples_16k`; `None` when the audio did not arrive at 16 kHz or was not that recording.
    pub voice: Option<VoiceFollower>,
}

/// Words of the preceding text given to Whisper as context for the next piece: enough for a
/// sentence to continue, short because long prompts make Whisper drop text or loop.
const CONTEXT_WORDS: usize = 32;
/// A piece with at least this much speech energy (seconds) that comes back with no words was
/// dropped by the recogniser, not silent.
const DROPPED_PIECE_SPEECH_S: f64 = 1.5;
/// Pieces with less speech energy than this (seconds) are not given to the recogniser: it
/// invents text for silence and breaths.
const MIN_PIECE_SPEECH_S: f64 = 0.2;

/// The recording received so far and the transcript of its closed pieces.
struct Session {
    rate: u32,
    native: Vec<f32>,
    segmenter: PauseSegmenter,
    /// Seconds of the recording transcribed (the start of the open piece).
    done_s: f64,
    words: Vec<Word>,
    stats: RunStats,
    live: LiveStats,
    /// The first sign that the stitched transcript cannot be trusted.
    suspect: Option<String>,
    /// How far behind the last piece's text appeared (seconds of audio).
    lag_s: f64,
    /// The voice measures, taken as the audio arrives when it arrives at 16 kHz.
    voice: Option<VoiceFollower>,
}

impl Session {
    fn new(rate: u32) -> Self {
        Self {
            rate,
            native: Vec::new(),
            segmenter: PauseSegmenter::new(rate),
            done_s: 0.0,
            words: Vec::new(),
            stats: RunStats::default(),
            live: LiveStats::default(),
            suspect: None,
            lag_s: 0.0,
            voice: (rate == SAMPLE_RATE).then(VoiceFollower::new),
        }
    }

    fn received_s(&self) -> f64 {
        self.native.len() as f64 / f64::from(self.rate)
    }

    fn push(&mut self, samples: &[f32]) {
        self.native.extend_from_slice(samples);
        self.segmenter.push(samples);
    }

    /// Takes the voice measures of the audio received so far.
    fn follow_voice(&mut self) {
        if let Some(voice) = self.voice.as_mut() {
            voice.update(&self.native);
        }
    }

    /// The voice measures taken, if they were taken on `samples_16k` as it began.
    fn voice_of(&mut self, samples_16k: &[f32]) -> Option<VoiceFollower> {
        self.voice
            .take()
            .filter(|_| samples_16k.starts_with(&self.native))
    }

    /// The text before the next piece, as context for it.
    fn context(&self) -> String {
        let from = self.words.len().saturating_sub(CONTEXT_WORDS);
        self.words[from..]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Transcribes `samples` (16 kHz), the piece from `from_s` to `to_s`, and adds its words.
    fn transcribe_piece(
        &mut self,
        transcriber: &Transcriber,
        options: &TranscribeOptions,
        samples: &[f32],
        from_s: f64,
        to_s: f64,
    ) -> Result<(), TranscribeError> {
        let speech_s = self.segmenter.speech_s(from_s, to_s);
        if speech_s < MIN_PIECE_SPEECH_S || samples.is_empty() {
            return Ok(());
        }
        let context = self.context();
        let (transcript, stats, trusted) = run_piece(transcriber, options, samples, &context)?;
        if !trusted && self.suspect.is_none() {
            self.suspect = Some(format!(
                "the piece from {from_s:.1} s to {to_s:.1} s repeated itself"
            ));
        }
        if transcript.words.is_empty()
            && speech_s >= DROPPED_PIECE_SPEECH_S
            && self.suspect.is_none()
        {
            self.suspect = Some(format!(
                "the piece from {from_s:.1} s to {to_s:.1} s has {speech_s:.1} s of speech but \
                 no words"
            ));
        }
        self.stats.text_tokens += stats.text_tokens;
        self.stats.segments.extend(stats.segments);
        let last_start = self.words.last().map_or(0.0, |w| w.start);
        for w in transcript.words {
            let start = (w.start + from_s).max(last_start);
            let end = (w.end + from_s).clamp(start, to_s.max(start));
            self.words.push(Word {
                text: w.text,
                start,
                end,
            });
        }
        Ok(())
    }

    /// Transcribes the next closed piece, if the audio so far closes one.
    fn step(
        &mut self,
        transcriber: &Transcriber,
        options: &TranscribeOptions,
    ) -> Result<bool, LiveError> {
        let Some(cut) = self.segmenter.next_cut(self.done_s) else {
            return Ok(false);
        };
        let cut = cut.min(self.received_s());
        let (a, b) = (self.index(self.done_s), self.index(cut));
        let piece = resample_mono(&self.native[a..b], self.rate, SAMPLE_RATE)?;
        self.transcribe_piece(transcriber, options, &piece, self.done_s, cut)?;
        self.done_s = cut;
        self.live.pieces += 1;
        // Audio that arrived while the piece waited and was transcribed: how far the text is
        // behind the voice when it appears.
        let lag = self.segmenter.received_s() - cut;
        self.live.max_lag_s = self.live.max_lag_s.max(lag);
        self.lag_s = lag;
        Ok(true)
    }

    fn index(&self, seconds: f64) -> usize {
        ((seconds * f64::from(self.rate)).round() as usize).min(self.native.len())
    }
}

/// Runs the recogniser on one piece with `context` as prompt. A run that loops is repeated
/// with the whole encoder window and no context, then without any prompt; the flag says whether
/// the text that is returned can be trusted.
fn run_piece(
    transcriber: &Transcriber,
    options: &TranscribeOptions,
    samples: &[f32],
    context: &str,
) -> Result<(Transcript, RunStats, bool), TranscribeError> {
    let seconds = samples.len() as f64 / f64::from(SAMPLE_RATE);
    let prompt = match (&options.initial_prompt, context.is_empty()) {
        (Some(p), false) => Some(format!("{p} {context}")),
        (Some(p), true) => Some(p.clone()),
        (None, false) => Some(context.to_string()),
        (None, true) => None,
    };
    let tries = [
        RunShape {
            prompt,
            audio_ctx: audio_ctx_for(seconds),
        },
        RunShape {
            prompt: options.initial_prompt.clone(),
            audio_ctx: None,
        },
        RunShape {
            prompt: None,
            audio_ctx: None,
        },
    ];
    let mut last = None;
    for shape in &tries {
        let (transcript, stats) = transcriber.run_shaped(samples, options, shape, None, None)?;
        if !looks_looped(&transcript, seconds) {
            return Ok((transcript, stats, true));
        }
        last = Some((transcript, stats));
    }
    let (transcript, stats) = last.unwrap_or_default();
    Ok((transcript, stats, false))
}

/// Transcribes a recording as it arrives on `input`, until [`LiveInput::Stop`].
///
/// `on_event` hears about each piece and about the stop. The result is what the batch path
/// ([`Transcriber::listen`]) would report for the same recording: silence and noise give no
/// words, a damaged model an error; and if the stitched transcript looks wrong the batch run
/// itself is used.
pub fn transcribe_live(
    transcriber: &Transcriber,
    options: &TranscribeOptions,
    input: &Receiver<LiveInput>,
    on_event: &mut dyn FnMut(LiveEvent),
) -> Result<LiveOutcome, LiveError> {
    let mut session: Option<Session> = None;
    // Whether the last round transcribed a piece: another may be closed already, so the next
    // round only looks for new audio instead of waiting for it.
    let mut worked = false;
    loop {
        // Everything that arrived is taken in before deciding, so a piece is cut on the latest
        // audio and a Stop is never kept waiting behind another piece.
        let mut next = if worked {
            match input.try_recv() {
                Ok(m) => Some(m),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return Err(LiveError::Abandoned),
            }
        } else {
            Some(input.recv().map_err(|_| LiveError::Abandoned)?)
        };
        while let Some(msg) = next.take() {
            match msg {
                LiveInput::Audio { rate, samples } => {
                    session
                        .get_or_insert_with(|| Session::new(rate))
                        .push(&samples);
                }
                LiveInput::Stop {
                    samples_16k,
                    warnings,
                } => {
                    let session = session.unwrap_or_else(|| Session::new(SAMPLE_RATE));
                    return finish(transcriber, options, session, samples_16k, on_event).map(
                        |outcome| LiveOutcome {
                            warnings,
                            ..outcome
                        },
                    );
                }
            }
            next = match input.try_recv() {
                Ok(m) => Some(m),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return Err(LiveError::Abandoned),
            };
        }
        worked = false;
        if let Some(s) = session.as_mut() {
            if s.step(transcriber, options)? {
                worked = true;
                on_event(LiveEvent::Progress {
                    transcribed_s: s.done_s,
                    behind_s: s.lag_s,
                });
            } else {
                // Nothing to transcribe: the voice measures catch up while waiting for audio
                // (a few milliseconds a second of audio), never delaying a piece.
                s.follow_voice();
            }
        }
    }
}

/// After Stop: the rest of the recording, then the checks the batch path makes.
fn finish(
    transcriber: &Transcriber,
    options: &TranscribeOptions,
    mut session: Session,
    samples_16k: Vec<f32>,
    on_event: &mut dyn FnMut(LiveEvent),
) -> Result<LiveOutcome, LiveError> {
    let duration = samples_16k.len() as f64 / f64::from(SAMPLE_RATE);
    let remaining_s = (duration - session.done_s).max(0.0);
    session.live.left_at_stop_s = remaining_s;
    on_event(LiveEvent::Finishing { remaining_s });
    let nothing = |hearing, session: Session, samples_16k| {
        Ok(LiveOutcome {
            heard: Heard {
                transcript: Transcript::default(),
                hearing,
            },
            samples_16k,
            warnings: Vec::new(),
            stats: session.live,
            voice: None,
        })
    };
    // The same gates as the batch path, on the whole recording.
    if !EnergyProfile::from_samples(&samples_16k).has_speech() {
        return nothing(Hearing::Silence, session, samples_16k);
    }
    if noise::sounds_like_noise(&samples_16k) {
        return nothing(Hearing::NoClearSpeech, session, samples_16k);
    }
    let from = ((session.done_s * f64::from(SAMPLE_RATE)).round() as usize).min(samples_16k.len());
    session.transcribe_piece(
        transcriber,
        options,
        &samples_16k[from..],
        session.done_s,
        duration,
    )?;
    let stitched = Transcript::from_words(std::mem::take(&mut session.words));
    let suspect = session.suspect.take().or_else(|| {
        looks_looped(&stitched, duration).then(|| "the joined transcript repeats itself".into())
    });
    let heard = match suspect {
        Some(reason) => {
            session.live.fallback = Some(reason);
            transcriber.listen(&samples_16k, options, None, None)?
        }
        None => match judge_run(&stitched, &session.stats) {
            Verdict::Heard(Hearing::Speech) => Heard {
                transcript: stitched,
                hearing: Hearing::Speech,
            },
            Verdict::Heard(hearing) => return nothing(hearing, session, samples_16k),
            Verdict::Damaged(detail) => {
                return Err(LiveError::Transcribe(TranscribeError::Model(Box::new(
                    ModelError::Damaged {
                        path: transcriber.path.clone(),
                        name: transcriber.name.clone(),
                        detail,
                    },
                ))));
            }
        },
    };
    let voice = session.voice_of(&samples_16k);
    Ok(LiveOutcome {
        heard,
        samples_16k,
        warnings: Vec::new(),
        stats: session.live,
        voice,
    })
}
