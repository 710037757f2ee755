//! How an answer was said: how long, how fast, and where the speaker
//! stopped. Read from the audio's loudness in 20 ms frames; a pause is
//! at least [`PAUSE_SECONDS`] of quiet between the first and last sound.

pub use round2_practice::spoken::{Delivery, Pause, PAUSE_SECONDS};

use crate::audio::{Audio, RATE};

const FRAME: usize = (RATE / 50) as usize;

/// Pace and pauses of `audio`, for a transcript of `words` words.
pub fn measure(audio: &Audio, words: usize) -> Delivery {
    let rms: Vec<f32> = audio
        .samples
        .chunks(FRAME)
        .map(|c| (c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32).sqrt())
        .collect();
    let mut sorted = rms.clone();
    sorted.sort_by(f32::total_cmp);
    let loud = sorted.get(sorted.len() * 9 / 10).copied().unwrap_or(0.0);
    let quiet = (loud * 0.1).max(0.005);
    let voiced: Vec<bool> = rms.iter().map(|r| *r > quiet).collect();
    let first = voiced.iter().position(|v| *v);
    let last = voiced.iter().rposition(|v| *v);
    let (Some(first), Some(last)) = (first, last) else {
        return Delivery {
            speaking_seconds: 0.0,
            words,
            words_per_minute: 0.0,
            pauses: 0,
            longest_pause_seconds: 0.0,
            pause_list: vec![],
        };
    };
    let frame_s = FRAME as f32 / RATE as f32;
    let speaking_seconds = (last - first + 1) as f32 * frame_s;
    let mut pause_list = Vec::new();
    let mut run = 0usize;
    for (i, v) in voiced[first..=last].iter().enumerate() {
        if *v {
            let s = run as f32 * frame_s;
            if s >= PAUSE_SECONDS {
                pause_list.push(Pause {
                    at_seconds: (i - run) as f32 * frame_s,
                    seconds: s,
                });
            }
            run = 0;
        } else {
            run += 1;
        }
    }
    let longest = pause_list.iter().map(|p| p.seconds).fold(0.0, f32::max);
    // The pace is worked out in one place, as for a corrected transcript.
    Delivery {
        speaking_seconds,
        words: 0,
        words_per_minute: 0.0,
        pauses: pause_list.len(),
        longest_pause_seconds: longest,
        pause_list,
    }
    .with_words(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_between_two_bursts_is_found() {
        let tone = |n: usize| (0..n).map(|i| (i as f32 * 0.3).sin() * 0.5);
        let mut s: Vec<f32> = vec![0.0; 8_000];
        s.extend(tone(16_000));
        s.extend(vec![0.0; 24_000]);
        s.extend(tone(16_000));
        s.extend(vec![0.0; 8_000]);
        let d = measure(&Audio { samples: s }, 10);
        assert_eq!(d.pauses, 1);
        assert!((d.longest_pause_seconds - 1.5).abs() < 0.05, "{d:?}");
        assert!((d.pause_list[0].at_seconds - 1.0).abs() < 0.05, "{d:?}");
        assert!((d.speaking_seconds - 3.5).abs() < 0.05, "{d:?}");
        assert!(
            (d.words_per_minute - 10.0 * 60.0 / 3.5).abs() < 2.0,
            "{d:?}"
        );
    }
}
