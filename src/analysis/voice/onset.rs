//! Where the voice starts and stops, and word times fitted to it.
//!
//! whisper.cpp stamps the first word of a segment at the segment's start (0.0 s for a recording
//! that begins with a breath of silence) and often stretches the last word over the silence after
//! it. Counted as they are, those times make leading and trailing silence look like speaking time
//! and like a long pause. The signal knows better: the first and last words are moved to the
//! voice's own onset and offset, taken from the frame energy.

use crate::analysis::energy::{EnergyProfile, FRAME_S};
use crate::analysis::transcript::Word;

/// A run of loud frames shorter than this (seconds) is a click or a lip smack, not the voice.
const MIN_VOICE_RUN_S: f64 = 0.06;

/// A first (last) word that whisper.cpp starts after (ends before) the voice onset (offset) is
/// pulled back to it by at most this much: further than this the quiet stretch is its own
/// event (a breath, a cough), not the word's beginning.
const MAX_EXTEND_S: f64 = 0.5;

/// The voice's onset and offset in seconds: the start of the first and the end of the last run
/// of frames above the voice threshold lasting at least 60 ms. `None` when the recording does not
/// separate voice from background.
pub fn voice_span(energy: &EnergyProfile) -> Option<(f64, f64)> {
    let threshold = energy.voice_threshold_db()?;
    let runs = energy.runs_above(threshold, MIN_VOICE_RUN_S - FRAME_S / 2.0);
    Some((runs.first()?.0, runs.last()?.1))
}

/// Fits the words into the voice's span: no word starts before the onset or ends after the
/// offset, the first word starts at the onset and the last ends at the offset (when whisper.cpp
/// put them within half a second of it). Times stay non-decreasing.
pub fn fit_words_to_voice(words: &mut [Word], span: (f64, f64)) {
    let (onset, offset) = span;
    if words.is_empty() || offset <= onset {
        return;
    }
    for w in words.iter_mut() {
        w.start = w.start.clamp(onset, offset);
        w.end = w.end.clamp(w.start, offset);
    }
    if let Some(first) = words.first_mut()
        && first.start - onset <= MAX_EXTEND_S
    {
        first.start = onset;
    }
    let n = words.len();
    if let Some(last) = words.last_mut()
        && offset - last.end <= MAX_EXTEND_S
        && (n > 1 || last.start <= offset)
    {
        last.end = offset;
    }
}

/// How far after a word's stamped start a pause may begin and still be the pause before the
/// word, seconds: word times from dynamic time warping put a word's start at the end of the word
/// before it, which can lie a little before that word's last sound.
const EDGE_SLACK_S: f64 = 0.3;

/// A silence that begins after a word's stamped start is taken for the pause before the word
/// only from this long (seconds): shorter ones are the word's own stop closures (50-150 ms).
const MIN_PAUSE_S: f64 = 0.2;

/// Moves word edges out of the `silences` onto the voice.
///
/// Word times from dynamic time warping start each word where the word before it ended, which
/// after a pause is at or a little before the pause's start. So a word whose stamped time begins
/// with a pause (a silence containing its start, or one of at least [`MIN_PAUSE_S`] beginning
/// within [`EDGE_SLACK_S`] of it, crossed piece by piece when a breath breaks it) starts where
/// the pause ends, and any sound it skipped is given to the word before, which then ends where
/// the last piece of the pause begins. A word ending inside a silence that began after the word
/// started ends where the silence began. Times stay non-decreasing.
pub fn move_edges_out_of_silence(words: &mut [Word], silences: &[(f64, f64)]) {
    for i in 0..words.len() {
        let (start, end) = (words[i].start, words[i].end);
        let mut moved = start;
        let mut pause_start = None;
        for s in silences {
            let pause = s.0 <= moved || s.1 - s.0 >= MIN_PAUSE_S;
            if pause && s.0 < moved + EDGE_SLACK_S && moved < s.1 && s.1 < end {
                // Sound between the pieces (a breath, or the previous word's last sound after
                // a stop) is given to the previous word, not left to nobody: unclaimed voiced
                // sound is where the filler detectors look.
                pause_start = Some(s.0);
                moved = s.1;
            }
        }
        words[i].start = moved;
        if let (Some(p0), Some(prev)) = (pause_start, i.checked_sub(1))
            && p0 > words[prev].end
            && words[prev].end <= start
        {
            words[prev].end = p0;
        }
    }
    for w in words.iter_mut() {
        if let Some(s) = silences
            .iter()
            .find(|s| s.0 < w.end && w.end <= s.1 && s.0 > w.start)
        {
            w.end = s.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SAMPLE_RATE;

    fn signal(parts: &[(f64, f32)]) -> Vec<f32> {
        let mut out = Vec::new();
        for &(seconds, amp) in parts {
            let n = (seconds * f64::from(SAMPLE_RATE)) as usize;
            out.extend((0..n).map(|i| amp * (i as f32 * 0.07).sin()));
        }
        out
    }

    #[test]
    fn word_edges_in_a_silence_move_onto_the_voice() {
        let mut words = vec![
            Word::new("so", 0.2, 0.6),
            // Starts where "so" ended, but the voice comes back only at 1.4 s.
            Word::new("after", 0.6, 1.8),
            // Ends inside the silence after it.
            Word::new("that", 1.8, 2.5),
            // Lies wholly in a silence: nothing to move it to.
            Word::new("oh", 3.1, 3.2),
        ];
        let silences = [(0.6, 1.4), (2.2, 3.5)];
        move_edges_out_of_silence(&mut words, &silences);
        let times: Vec<(f64, f64)> = words.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(times, [(0.2, 0.6), (1.4, 1.8), (1.8, 2.2), (3.1, 3.2)]);
        // "country" stamped to end at 10.0, though its sound runs on past 10.2; then a pause
        // broken by a breath (10.4-10.5) before "and" at 11.6. The sound before the last piece
        // of the pause goes to "country"; a word's own stop closure (0.1 s, in "doctor") is
        // not a pause.
        let mut words = vec![
            Word::new("country", 9.5, 10.0),
            Word::new("and", 10.0, 12.0),
            Word::new("doctor", 12.0, 12.6),
        ];
        let silences = [(10.2, 10.4), (10.5, 11.6), (12.25, 12.35)];
        move_edges_out_of_silence(&mut words, &silences);
        let times: Vec<(f64, f64)> = words.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(times, [(9.5, 10.5), (11.6, 12.0), (12.0, 12.6)]);
    }

    #[test]
    fn span_skips_digital_silence_and_clicks() {
        let mut s = signal(&[(2.0, 0.0), (0.5, 0.001), (0.02, 0.5), (0.5, 0.001)]);
        s.extend(signal(&[
            (3.0, 0.3),
            (0.4, 0.001),
            (1.0, 0.3),
            (1.0, 0.001),
        ]));
        let (on, off) = voice_span(&EnergyProfile::from_samples(&s)).unwrap();
        assert!((on - 3.02).abs() < 0.03, "{on}");
        assert!((off - 7.42).abs() < 0.03, "{off}");
    }

    #[test]
    fn first_and_last_words_move_to_the_voice() {
        let mut words = vec![
            Word::new("And", 0.0, 2.9),
            Word::new("so", 3.0, 3.2),
            Word::new("country.", 3.3, 9.0),
        ];
        fit_words_to_voice(&mut words, (2.6, 4.0));
        assert_eq!((words[0].start, words[0].end), (2.6, 2.9));
        assert_eq!(words[2].end, 4.0);
        // A first word that starts late is pulled back to the onset.
        let mut words = vec![Word::new("So", 1.2, 1.5), Word::new("yes", 1.6, 1.8)];
        fit_words_to_voice(&mut words, (1.0, 2.0));
        assert_eq!((words[0].start, words[1].end), (1.0, 2.0));
    }
}
