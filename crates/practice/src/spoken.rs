//! An answer given aloud: how it was said, next to what was said.
//!
//! The words of a spoken answer (its transcript) get the same feedback as
//! a typed one; what only the voice tells is kept here: how long the
//! speaker really spoke, how fast, and where they stopped. `round2-speech`
//! measures it from the audio; feedback turns it into advice (see
//! [`crate::feedback_spoken`]).

use serde::{Deserialize, Serialize};

/// The shortest quiet counted as a pause, in seconds.
pub const PAUSE_SECONDS: f32 = 0.7;

/// A quiet this long is one a listener notices as a stop, not a breath.
pub const LONG_PAUSE_SECONDS: f32 = 2.0;

/// Words a minute an interviewer follows with ease: slower drags, faster
/// loses the facts.
pub const EASY_PACE: std::ops::RangeInclusive<f32> = 120.0..=170.0;

/// Pace and pauses of one spoken answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// From the first sound to the last.
    pub speaking_seconds: f32,
    /// Words in the transcript.
    pub words: usize,
    /// Words over speaking time: the pauses count, as a listener hears them.
    pub words_per_minute: f32,
    /// How many pauses of [`PAUSE_SECONDS`] or more.
    pub pauses: usize,
    pub longest_pause_seconds: f32,
    /// Each pause: where (seconds after the first sound) and how long.
    #[serde(default)]
    pub pause_list: Vec<Pause>,
}

/// One stretch of quiet of at least [`PAUSE_SECONDS`] inside an answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// When it began, in seconds after the answer's first sound.
    pub at_seconds: f32,
    pub seconds: f32,
}

/// A spoken answer's delivery and the speech model that transcribed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spoken {
    /// The speech model's name (e.g. `whisper-base.en`).
    pub model: String,
    pub delivery: Delivery,
}

impl Pause {
    /// "2.5 s at 0:12": how long, and when.
    pub fn describe(&self) -> String {
        format!("{:.1} s at {}", self.seconds, clock(self.at_seconds))
    }
}

impl Delivery {
    /// The pauses a listener notices ([`LONG_PAUSE_SECONDS`] or more).
    pub fn long_pauses(&self) -> impl Iterator<Item = &Pause> {
        self.pause_list
            .iter()
            .filter(|p| p.seconds >= LONG_PAUSE_SECONDS)
    }

    /// The same delivery for a transcript of `words` words (after the user
    /// corrected it): the pace follows, the times and pauses stay.
    pub fn with_words(self, words: usize) -> Delivery {
        let speaking = self.speaking_seconds;
        Delivery {
            words,
            words_per_minute: if speaking > 0.0 {
                words as f32 * 60.0 / speaking
            } else {
                0.0
            },
            ..self
        }
    }

    /// How the pace sounds, in a few words.
    pub fn pace_words(&self) -> &'static str {
        if self.words_per_minute < *EASY_PACE.start() {
            "slower than most interviewers expect"
        } else if self.words_per_minute > *EASY_PACE.end() {
            "fast"
        } else {
            "an easy pace to follow"
        }
    }
}

/// `m:ss` for a time in seconds.
pub fn clock(seconds: f32) -> String {
    let s = seconds.max(0.0).round() as u32;
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_and_long_pauses_are_named() {
        let d = Delivery {
            speaking_seconds: 60.0,
            words: 190,
            words_per_minute: 190.0,
            pauses: 2,
            longest_pause_seconds: 2.6,
            pause_list: vec![
                Pause {
                    at_seconds: 5.0,
                    seconds: 0.9,
                },
                Pause {
                    at_seconds: 72.4,
                    seconds: 2.6,
                },
            ],
        };
        assert_eq!(d.pace_words(), "fast");
        let long: Vec<_> = d.long_pauses().collect();
        assert_eq!(long.len(), 1);
        assert_eq!(clock(long[0].at_seconds), "1:12");
    }
}
