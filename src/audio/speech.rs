//! Speaking a question aloud: the pack's own recorded clip when there is one (played on the chosen
//! speaker), otherwise the system's text-to-speech voices through the `tts` crate
//! (speech-dispatcher on Linux, the platform voices elsewhere).
//!
//! When neither works the caller shows the question as text; [`SpeechError`] says why, in words
//! the user can act on.

use std::path::Path;

use super::devices::DeviceChoice;
use super::playback::{PlayState, PlaybackError, Player};

/// Why a question cannot be spoken.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// No system voice could be reached.
    #[error(
        "no text-to-speech voice is available ({0}); the question is shown as text. On Debian or \
         Ubuntu, install the voices with `sudo apt-get install speech-dispatcher speech-dispatcher-espeak-ng`."
    )]
    NoVoice(String),
    /// The pack's clip could not be played.
    #[error("the question's recorded clip could not be played: {0}")]
    Clip(#[from] PlaybackError),
}

/// A question being spoken; dropping it stops the sound.
pub enum Speaking {
    /// The pack's recorded clip, on the chosen speaker.
    Clip(Box<Player>),
    /// A system voice (it plays on the system's default output).
    Voice(tts::Tts),
}

impl Speaking {
    /// Whether sound is still coming out.
    pub fn is_speaking(&self) -> bool {
        match self {
            Speaking::Clip(p) => p.state() == PlayState::Playing,
            Speaking::Voice(t) => t.is_speaking().unwrap_or(false),
        }
    }

    /// Stops speaking now.
    pub fn stop(&mut self) {
        match self {
            Speaking::Clip(p) => p.stop(),
            Speaking::Voice(t) => {
                let _ = t.stop();
            }
        }
    }

    /// "recorded clip" or "system voice", for the status line.
    pub fn source(&self) -> &'static str {
        match self {
            Speaking::Clip(_) => "recorded clip",
            Speaking::Voice(_) => "system voice",
        }
    }
}

impl Drop for Speaking {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Speaks `text`, preferring `clip` (a WAV recorded by a coach) when it exists.
pub fn speak_question(
    text: &str,
    clip: Option<&Path>,
    output: &DeviceChoice,
) -> Result<Speaking, SpeechError> {
    if let Some(clip) = clip.filter(|c| c.is_file()) {
        return Ok(Speaking::Clip(Box::new(Player::play_file(output, clip)?)));
    }
    let mut voice = tts::Tts::default().map_err(|e| SpeechError::NoVoice(e.to_string()))?;
    // A calm pace: many users are listening in their second language.
    let (normal, min) = (voice.normal_rate(), voice.min_rate());
    let _ = voice.set_rate(normal - (normal - min) * 0.15);
    voice
        .speak(spoken_form(text), true)
        .map_err(|e| SpeechError::NoVoice(e.to_string()))?;
    Ok(Speaking::Voice(voice))
}

/// Acronyms in the question bank that people say as a word, not letter by letter.
const SAID_AS_WORDS: &[&str] = &[
    "COMLEX", "COVID", "ERAS", "HIPAA", "NASA", "OSCE", "SOAP", "STAR",
];

/// The text handed to a system voice: all-capital abbreviations such as "USMLE", "MSPE" or "CK"
/// are spelled out ("U S M L E"), because voices such as eSpeak read an unknown capitalised word
/// as if it were an ordinary word, and "usmle" is not what an interviewer says. Abbreviations
/// that are said as words (COMLEX, ERAS) are left alone.
pub fn spoken_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let spell = word.chars().count() >= 2
            && word.chars().all(|c| c.is_ascii_uppercase())
            && !SAID_AS_WORDS.contains(&word.as_str());
        if spell {
            let letters: Vec<String> = word.chars().map(String::from).collect();
            out.push_str(&letters.join(" "));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::spoken_form;

    #[test]
    fn abbreviations_are_spelled_out_for_the_voice() {
        assert_eq!(
            spoken_form("Can you explain your USMLE performance?"),
            "Can you explain your U S M L E performance?"
        );
        assert_eq!(
            spoken_form("Your Step 2 CK and MSPE (2nd try)."),
            "Your Step 2 C K and M S P E (2nd try)."
        );
    }

    #[test]
    fn words_and_abbreviations_said_as_words_are_unchanged() {
        for text in [
            "Tell me about yourself.",
            "Walk me through your COMLEX Level 1.",
            "Use the STAR pattern; I did.",
            "A",
            "",
            "Step2CK",
            "Ünïcode wörds, USA-born",
        ] {
            let expected = text.replace("USA", "U S A");
            assert_eq!(spoken_form(text), expected, "{text}");
        }
    }
}
