//! Audio in and out: reading recordings from disk, microphone capture, crash recovery of
//! recordings, and playback, all bringing audio to the 16 kHz mono the analysis uses.
//!
//! cpal's callbacks only copy samples and hand them off; conversion, metering and writing happen
//! on a consumer thread (see `capture`).

pub mod capture;
pub mod devices;
pub mod playback;
pub mod recovery;
pub mod resample;
pub mod speech;
pub mod wav;

pub use wav::{AudioClip, AudioError, read_wav, read_wav_native};
