//! Audio in: reading recordings from disk and bringing them to the 16 kHz mono the analysis uses.
//!
//! (Microphone capture and playback will live here too; they share the conversion code.)

pub mod resample;
pub mod wav;

pub use wav::{AudioClip, AudioError, read_wav};
