//! The spoken test set: answers we wrote, spoken by espeak-ng (real
//! synthetic speech, made on this machine), and the figures round2's
//! spoken practice is judged by: word error rate, filler recall, pauses
//! found, pace, and speed (real-time factor, model load, peak memory).
//!
//! `round2-eval speech` prints them for every installed speech model;
//! `crates/eval/tests/spoken.rs` asserts them for the model the test
//! script installs.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use round2_practice::{feedback_for_kind, FillerKind, Kind};
use round2_speech::whisper::{content_words, edit_distance, words, Transcriber};
use round2_speech::{audio, delivery};

/// One spoken answer of the test set.
#[derive(Debug, Clone)]
pub struct SpokenCase {
    pub id: &'static str,
    /// What is said, as plain words (the reference transcript).
    pub text: &'static str,
    /// espeak-ng's speed, in words a minute (`-s`).
    pub rate: u32,
    /// Quiet inserted between two sentences: after which sentence (0-based)
    /// and for how long, in seconds.
    pub pauses: &'static [(usize, f32)],
}

/// The answers: several professions, plain, with fillers, with a long
/// pause, slow, fast, and one past Whisper's 30-second window.
pub const CASES: &[SpokenCase] = &[
    SpokenCase {
        id: "clinic",
        text: "When I joined the clinic the waiting room was full every morning. I moved the phone calls to the afternoon and the queue was gone within a month.",
        rate: 150,
        pauses: &[],
    },
    SpokenCase {
        id: "night-shift",
        text: "As the only nurse on the night shift, I had to decide which patient to see first. I checked the charts, called the doctor, and everyone was stable by dawn.",
        rate: 150,
        pauses: &[],
    },
    SpokenCase {
        id: "returns-desk",
        text: "Our returns desk was always behind. I built a checklist for the team and we cut the backlog by half in a month.",
        rate: 150,
        pauses: &[],
    },
    SpokenCase {
        id: "bakery-fillers",
        text: "So, um, when I started at the bakery, uh, the morning orders were always late. Um, I moved the prep to the night before, and, uh, the vans left on time by the second week.",
        rate: 150,
        pauses: &[],
    },
    SpokenCase {
        id: "fitout-fillers",
        text: "Uh, the client wanted a new layout for the shop floor. Um, I drew three options and, um, we walked the site together. Uh, they signed off on the second one that same day.",
        rate: 150,
        pauses: &[],
    },
    SpokenCase {
        id: "till-pause",
        text: "I set up a second till at the front of the store. The queue was gone by March.",
        rate: 150,
        pauses: &[(0, 2.5)],
    },
    SpokenCase {
        id: "audit-pause",
        text: "The audit found forty missing invoices. I traced each one back to the supplier. We recovered all but two of them within a week.",
        rate: 160,
        pauses: &[(0, 1.2), (1, 3.0)],
    },
    SpokenCase {
        id: "library-slow",
        text: "Our library lost half its volunteers in one summer. I wrote a short training guide and paired every new volunteer with an old hand.",
        rate: 105,
        pauses: &[],
    },
    SpokenCase {
        id: "freight-fast",
        text: "The freight desk was missing its cut off times twice a week. I rebuilt the booking sheet so every order showed its deadline, and we did not miss one in the next quarter.",
        rate: 220,
        pauses: &[],
    },
    SpokenCase {
        id: "school-long",
        text: "When I took over the year nine science classes, the results had fallen for three years in a row and the students had stopped doing homework. I started by asking them what got in the way, and most said the tasks were too long and came with no feedback. So I cut every homework to twenty minutes, marked it within two days, and put the best answers on the wall each Monday. I also met with the two other science teachers every Friday to share what had worked. By the end of the year homework came back from nine in ten students, and the class average on the final exam rose by twelve points, the first rise the school had seen in four years.",
        rate: 160,
        pauses: &[],
    },
];

impl SpokenCase {
    /// The sentences, as espeak-ng speaks them.
    fn sentences(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = self.text.as_bytes();
        for (i, c) in self.text.char_indices() {
            if c == '.' && (i + 1 == b.len() || b[i + 1] == b' ') {
                out.push(self.text[start..=i].trim());
                start = i + 1;
            }
        }
        if start < self.text.len() && !self.text[start..].trim().is_empty() {
            out.push(self.text[start..].trim());
        }
        out
    }

    /// What espeak-ng is given: plain text, or SSML with the pauses.
    fn script(&self) -> String {
        if self.pauses.is_empty() {
            return self.text.to_string();
        }
        let mut s = String::from("<speak>");
        for (i, sentence) in self.sentences().iter().enumerate() {
            s.push_str(sentence);
            s.push(' ');
            for (after, secs) in self.pauses {
                if *after == i {
                    s.push_str(&format!("<break time=\"{}ms\"/> ", (secs * 1000.0) as u32));
                }
            }
        }
        s.push_str("</speak>");
        s
    }

    /// Speaks the answer into a WAV file with espeak-ng.
    pub fn speak(&self, out: &Path) -> Result<()> {
        let mut cmd = Command::new("espeak-ng");
        if !self.pauses.is_empty() {
            cmd.arg("-m");
        }
        let status = cmd
            .args(["-s", &self.rate.to_string(), "-w"])
            .arg(out)
            .arg(self.script())
            .status()
            .context("running espeak-ng (Debian package espeak-ng; scripts/test installs it)")?;
        if !status.success() {
            bail!("espeak-ng failed on {}", self.id);
        }
        Ok(())
    }

    /// How many fillers ("um", "uh", …) the answer says.
    pub fn fillers(&self) -> usize {
        filler_counts(self.text).iter().map(|f| f.1).sum()
    }
}

/// Fillers (not hedges) in a text, as round2's feedback counts them.
pub fn filler_counts(text: &str) -> Vec<(String, usize)> {
    feedback_for_kind(Kind::Behavioural, text, &[])
        .fillers
        .into_iter()
        .filter(|f| f.kind == FillerKind::Filler)
        .map(|f| (f.text, f.count))
        .collect()
}

/// The fillers of `reference` a transcript kept: for each filler, at most
/// as many as the reference says.
pub fn fillers_kept(reference: &str, transcript: &str) -> usize {
    let heard = filler_counts(transcript);
    filler_counts(reference)
        .iter()
        .map(|(f, n)| heard.iter().find(|h| &h.0 == f).map_or(0, |h| h.1.min(*n)))
        .sum()
}

/// Word error rate: word-level edit distance over the reference's length.
pub fn wer(reference: &str, hypothesis: &str) -> f64 {
    let r = words(reference);
    edit_distance(&r, &words(hypothesis)) as f64 / r.len().max(1) as f64
}

/// Word error rate on the words that are not fillers (what a speaker
/// meant to say), so a model that drops "um" is not charged for it here.
pub fn content_wer(reference: &str, hypothesis: &str) -> f64 {
    let r = content_words(reference);
    edit_distance(&r, &content_words(hypothesis)) as f64 / r.len().max(1) as f64
}

/// One case as a model heard it.
#[derive(Debug, Clone)]
pub struct Heard {
    pub id: &'static str,
    pub transcript: String,
    pub wer: f64,
    pub content_wer: f64,
    pub fillers: usize,
    pub fillers_kept: usize,
    pub audio_seconds: f32,
    pub transcribe_seconds: f64,
    pub delivery: delivery::Delivery,
}

/// The pace of the speech itself: the reference's words over the whole
/// file espeak-ng wrote (its `-s` setting is only its own estimate).
pub fn reference_pace(h: &Heard) -> f32 {
    let case = CASES
        .iter()
        .find(|c| c.id == h.id)
        .expect("a case of the set");
    words(case.text).len() as f32 * 60.0 / h.audio_seconds.max(0.1)
}

/// The spoken test set, spoken once into `dir`.
pub fn speak_all(dir: &Path) -> Result<Vec<(SpokenCase, audio::Audio)>> {
    CASES
        .iter()
        .map(|c| {
            let path = dir.join(format!("{}.wav", c.id));
            c.speak(&path)?;
            let audio =
                audio::read(&path).with_context(|| format!("reading {}", path.display()))?;
            Ok((c.clone(), audio))
        })
        .collect()
}

/// Transcribes each spoken case with `t`.
pub fn hear_all(t: &mut Transcriber, spoken: &[(SpokenCase, audio::Audio)]) -> Result<Vec<Heard>> {
    spoken
        .iter()
        .map(|(c, audio)| {
            let start = Instant::now();
            let text = t.transcribe(audio)?.text;
            let transcribe_seconds = start.elapsed().as_secs_f64();
            Ok(Heard {
                id: c.id,
                wer: wer(c.text, &text),
                content_wer: content_wer(c.text, &text),
                fillers: c.fillers(),
                fillers_kept: fillers_kept(c.text, &text),
                audio_seconds: audio.seconds(),
                transcribe_seconds,
                delivery: delivery::measure(audio, text.split_whitespace().count()),
                transcript: text,
            })
        })
        .collect()
}

/// The figures over a set of heard cases.
#[derive(Debug, Clone)]
pub struct Figures {
    /// Mean word error rate over the cases.
    pub wer: f64,
    /// The same, fillers left out of both sides.
    pub content_wer: f64,
    pub fillers: usize,
    pub fillers_kept: usize,
    /// Pauses inserted, pauses found where they were put (within 0.6 s of
    /// their length), and pauses found that were not put there.
    pub pauses: usize,
    pub pauses_found: usize,
    pub pauses_extra: usize,
    /// Real-time factor: transcribing time over audio time, all cases.
    pub rtf: f64,
}

/// Works out the figures of `heard` for the cases it came from.
pub fn figures(heard: &[Heard]) -> Figures {
    let n = heard.len().max(1) as f64;
    let mut pauses = 0;
    let mut found = 0;
    let mut extra = 0;
    for h in heard {
        let case = CASES
            .iter()
            .find(|c| c.id == h.id)
            .expect("a case of the set");
        let want: Vec<f32> = case.pauses.iter().map(|p| p.1).collect();
        pauses += want.len();
        let mut used = vec![false; h.delivery.pause_list.len()];
        for w in &want {
            if let Some(i) = h
                .delivery
                .pause_list
                .iter()
                .enumerate()
                .position(|(i, p)| !used[i] && (p.seconds - w).abs() <= 0.6)
            {
                used[i] = true;
                found += 1;
            }
        }
        // Only long pauses count as extra: espeak-ng's own breath between
        // sentences is a short pause, as a speaker's is.
        extra += h
            .delivery
            .pause_list
            .iter()
            .zip(&used)
            .filter(|(p, u)| !**u && p.seconds >= round2_practice::spoken::LONG_PAUSE_SECONDS)
            .count();
    }
    let audio: f64 = heard.iter().map(|h| f64::from(h.audio_seconds)).sum();
    let took: f64 = heard.iter().map(|h| h.transcribe_seconds).sum();
    Figures {
        wer: heard.iter().map(|h| h.wer).sum::<f64>() / n,
        content_wer: heard.iter().map(|h| h.content_wer).sum::<f64>() / n,
        fillers: heard.iter().map(|h| h.fillers).sum(),
        fillers_kept: heard.iter().map(|h| h.fillers_kept).sum(),
        pauses,
        pauses_found: found,
        pauses_extra: extra,
        rtf: if audio > 0.0 { took / audio } else { 0.0 },
    }
}

/// The peak resident memory of this process so far, in MB (Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_counts_its_fillers_and_wer_is_an_edit_distance() {
        let bakery = CASES.iter().find(|c| c.id == "bakery-fillers").unwrap();
        assert_eq!(bakery.fillers(), 4);
        assert_eq!(
            fillers_kept(
                bakery.text,
                "So, um, when I started at the bakery, the orders"
            ),
            1
        );
        assert!((wer("a b c d", "a x c") - 0.5).abs() < 1e-9);
        assert!((content_wer("um a b", "a b") - 0.0).abs() < 1e-9);
        let till = CASES.iter().find(|c| c.id == "till-pause").unwrap();
        assert_eq!(till.sentences().len(), 2);
        assert!(till.script().contains("<break time=\"2500ms\"/>"));
    }
}
