//! Transcribing with an installed Whisper model: greedy decoding, one
//! segment of at most 30 seconds after another, on the CPU, nothing sent
//! anywhere.
//!
//! Two things a practice answer needs that plain decoding does not give:
//!
//! - **Cuts where the speaker breathes.** Audio longer than Whisper's
//!   30-second window is cut at the quietest moment of the window's last
//!   [`CUT_SEARCH_SECONDS`], not at the 30-second mark, so no word is cut
//!   in two and lost from both segments.
//! - **Fillers kept.** Whisper was trained on transcripts that leave out
//!   "um" and "uh", so it drops most of them; feedback on a spoken answer
//!   needs them counted. Each segment is decoded after a previous-text
//!   prompt written with fillers ([`FILLER_PROMPT`]), which makes the model
//!   write the fillers it hears. Since a prompt can also lead the model to
//!   go on in its own words, the segment is decoded plainly too (the audio
//!   is encoded once; decoding is the cheap part), and the prompted
//!   transcript is kept only when, fillers aside, it agrees with the plain
//!   one ([`agrees`]). `round2-eval speech` measures how many fillers it
//!   keeps with and without the prompt.

use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::whisper::{self as w, Config};
use tokenizers::Tokenizer;

use crate::audio::Audio;
use crate::decoder::Decoder;
use crate::encoder::Encoder;
use crate::install::ModelInfo;
use crate::mel::Spectrogram;
use crate::SpeechError;

/// Most tokens decoded per segment (Whisper's own limit is 224).
const MAX_TOKENS: usize = 224;

/// How far back from a window's end a cut is looked for.
pub const CUT_SEARCH_SECONDS: usize = 6;

/// The previous text each segment is decoded after: a speaker who says
/// "um" and "uh", so the model writes them too (our own words; no fact in
/// it can reach a transcript, since only what follows the prompt is kept).
pub const FILLER_PROMPT: &str =
    "So, um, I was, uh, I was looking at the, um, the numbers, and, uh, like, you know, it was, hmm, it was fine.";

/// A loaded speech model.
pub struct Transcriber {
    encoder: Encoder,
    decoder: Decoder,
    tokenizer: Tokenizer,
    config: Config,
    spectrogram: Spectrogram,
    /// The start of every segment's decoding: the filler prompt (when on),
    /// then start of transcript, language and task, no timestamps.
    prompt: Vec<u32>,
    /// The same without the filler prompt.
    plain_prompt: Vec<u32>,
    use_filler_prompt: bool,
    eot: u32,
    no_timestamps: u32,
    suppress: Vec<u32>,
    suppress_begin: Vec<u32>,
    pub name: String,
    pub dir: PathBuf,
}

impl std::fmt::Debug for Transcriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcriber")
            .field("name", &self.name)
            .finish()
    }
}

/// What was said, by segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub text: String,
    pub segments: Vec<String>,
}

fn run_err(e: impl std::fmt::Display) -> SpeechError {
    SpeechError::Run(e.to_string())
}

impl Transcriber {
    /// Loads the model installed in `dir` (see [`crate::install`]).
    pub fn load(dir: &Path) -> Result<Transcriber, SpeechError> {
        let info = ModelInfo::read(dir)?;
        let cfg_path = dir.join("config.json");
        let text = std::fs::read_to_string(&cfg_path).map_err(|e| SpeechError::io(&cfg_path, e))?;
        let config: Config =
            serde_json::from_str(&text).map_err(|e| SpeechError::model(&cfg_path, e))?;
        let weights = dir.join("model.safetensors");
        let device = Device::Cpu;
        let vb = VarBuilder::from_tensors(crate::weights::read(&weights)?, w::DTYPE, &device);
        let encoder =
            Encoder::load(vb.clone(), &config).map_err(|e| SpeechError::model(&weights, e))?;
        let decoder = Decoder::load(vb, &config).map_err(|e| SpeechError::model(&weights, e))?;
        let tok_path = dir.join("tokenizer.json");
        let tokenizer =
            Tokenizer::from_file(&tok_path).map_err(|e| SpeechError::model(&tok_path, e))?;
        let id = |t: &str| {
            tokenizer
                .token_to_id(t)
                .ok_or_else(|| SpeechError::model(&tok_path, format!("no token {t}")))
        };
        let sot = id(w::SOT_TOKEN)?;
        let eot = id(w::EOT_TOKEN)?;
        let no_timestamps = id(w::NO_TIMESTAMPS_TOKEN)?;
        let mut prompt = vec![sot];
        if !info.english_only {
            prompt.push(id("<|en|>")?);
            prompt.push(id(w::TRANSCRIBE_TOKEN)?);
        }
        prompt.push(no_timestamps);
        let plain_prompt = prompt.clone();
        let prompt = previous_text(&tokenizer, &tok_path, FILLER_PROMPT, &plain_prompt)?;
        Ok(Transcriber {
            spectrogram: Spectrogram::new(config.num_mel_bins).map_err(run_err)?,
            encoder,
            decoder,
            tokenizer,
            config,
            prompt,
            plain_prompt,
            use_filler_prompt: true,
            eot,
            no_timestamps,
            suppress: info.suppress_ids,
            suppress_begin: info.suppress_ids_begin,
            name: info.name,
            dir: dir.to_path_buf(),
        })
    }

    /// Whether each segment is decoded after [`FILLER_PROMPT`] (on by
    /// default; off only to measure what it changes).
    pub fn set_filler_prompt(&mut self, on: bool) {
        self.use_filler_prompt = on;
    }

    /// Decodes after `text` as the previous text instead of
    /// [`FILLER_PROMPT`] (for measuring other prompts).
    pub fn set_filler_prompt_text(&mut self, text: &str) -> Result<(), SpeechError> {
        let path = self.dir.join("tokenizer.json");
        self.prompt = previous_text(&self.tokenizer, &path, text, &self.plain_prompt)?;
        self.use_filler_prompt = true;
        Ok(())
    }

    /// Transcribes mono 16 kHz audio.
    pub fn transcribe(&mut self, audio: &Audio) -> Result<Transcript, SpeechError> {
        self.transcribe_with(audio, &mut |_, _| {})
    }

    /// Transcribes mono 16 kHz audio, telling `progress` the seconds done
    /// and the seconds in all after each segment.
    pub fn transcribe_with(
        &mut self,
        audio: &Audio,
        progress: &mut dyn FnMut(f32, f32),
    ) -> Result<Transcript, SpeechError> {
        let mut segments = Vec::new();
        let total = audio.seconds();
        for range in cuts(&audio.samples) {
            let chunk = &audio.samples[range.clone()];
            // A silent stretch gives Whisper nothing to hear and room to invent.
            let energy = chunk.iter().map(|s| s * s).sum::<f32>() / chunk.len().max(1) as f32;
            if energy.sqrt() >= 1e-3 && chunk.len() >= w::SAMPLE_RATE / 4 {
                let text = self.segment(chunk)?;
                if !text.trim().is_empty() {
                    segments.push(text.trim().to_string());
                }
            }
            progress(range.end as f32 / w::SAMPLE_RATE as f32, total);
        }
        Ok(Transcript {
            text: segments.join(" "),
            segments,
        })
    }

    fn segment(&mut self, chunk: &[f32]) -> Result<String, SpeechError> {
        let n_mels = self.config.num_mel_bins;
        let chunk = &chunk[..chunk.len().min(w::N_SAMPLES)];
        let mel = self.spectrogram.of(chunk, w::N_FRAMES).map_err(run_err)?;
        let mel = Tensor::from_vec(mel, (1, n_mels, w::N_FRAMES), &Device::Cpu).map_err(run_err)?;
        let features = self.encoder.forward(&mel).map_err(run_err)?;
        self.decoder.start(&features).map_err(run_err)?;
        let plain = self.decode(&self.plain_prompt.clone())?;
        if !self.use_filler_prompt {
            return Ok(plain);
        }
        // The prompt can also lead the model astray: it may go on in the
        // prompt's words instead of the speaker's. Its transcript is kept
        // only when, fillers aside, it says what the plain one says.
        let with_fillers = self.decode(&self.prompt.clone())?;
        Ok(if agrees(&plain, &with_fillers) {
            with_fillers
        } else {
            plain
        })
    }

    /// Greedy decoding of the segment the decoder was started on, after
    /// `prompt`.
    fn decode(&mut self, prompt: &[u32]) -> Result<String, SpeechError> {
        self.decoder.restart();
        let mut logits = self.decoder.next(prompt).map_err(run_err)?;
        let mut tokens = Vec::new();
        for i in 0..MAX_TOKENS {
            for s in &self.suppress {
                if let Some(x) = logits.get_mut(*s as usize) {
                    *x = f32::NEG_INFINITY;
                }
            }
            if i == 0 {
                for s in &self.suppress_begin {
                    if let Some(x) = logits.get_mut(*s as usize) {
                        *x = f32::NEG_INFINITY;
                    }
                }
            }
            // No timestamps: every token from <|notimestamps|> on is out.
            for x in logits.iter_mut().skip(self.no_timestamps as usize) {
                *x = f32::NEG_INFINITY;
            }
            let next = logits
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(k, _)| k as u32)
                .unwrap_or(self.eot);
            if next == self.eot || self.decoder.room() == 0 {
                break;
            }
            tokens.push(next);
            logits = self.decoder.next(&[next]).map_err(run_err)?;
        }
        self.tokenizer.decode(&tokens, true).map_err(run_err)
    }
}

/// The words of a transcript, lower-cased, punctuation dropped.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of a transcript but its fillers ("um", "uh", …).
pub fn content_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| {
            !matches!(
                w.as_str(),
                "um" | "uh" | "umm" | "uhm" | "er" | "erm" | "hmm" | "mm" | "ah"
            )
        })
        .collect()
}

/// Word-level edit distance: the words substituted, dropped or added to
/// turn `a` into `b`.
pub fn edit_distance(a: &[String], b: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether two transcripts of the same audio say the same thing, fillers
/// aside: at most one word in five differs.
pub fn agrees(plain: &str, other: &str) -> bool {
    let a = content_words(plain);
    let b = content_words(other);
    edit_distance(&a, &b) * 5 <= a.len().max(b.len()).max(1)
}

/// `<|startofprev|>`, the tokens of `text`, then the plain prompt.
fn previous_text(
    tokenizer: &Tokenizer,
    path: &Path,
    text: &str,
    plain: &[u32],
) -> Result<Vec<u32>, SpeechError> {
    let prev = tokenizer
        .token_to_id("<|startofprev|>")
        .ok_or_else(|| SpeechError::model(path, "no token <|startofprev|>"))?;
    let words = tokenizer
        .encode(format!(" {}", text.trim()), false)
        .map_err(|e| SpeechError::model(path, e))?;
    let mut out = vec![prev];
    out.extend(words.get_ids());
    out.extend(plain);
    Ok(out)
}

/// Where audio of `samples` is cut into segments Whisper can take: each at
/// most 30 seconds, cut at the quietest 20 ms of the last
/// [`CUT_SEARCH_SECONDS`] before the limit (the latest such moment, so
/// segments stay long).
pub fn cuts(samples: &[f32]) -> Vec<std::ops::Range<usize>> {
    const FRAME: usize = w::SAMPLE_RATE / 50;
    let mut out = Vec::new();
    let mut start = 0;
    while samples.len() - start > w::N_SAMPLES {
        let end = start + w::N_SAMPLES;
        let from = end - CUT_SEARCH_SECONDS * w::SAMPLE_RATE;
        let mut best = (f32::INFINITY, end);
        let mut at = from;
        while at + FRAME <= end {
            let e: f32 = samples[at..at + FRAME].iter().map(|s| s * s).sum();
            if e <= best.0 {
                best = (e, at + FRAME / 2);
            }
            at += FRAME;
        }
        out.push(start..best.1);
        start = best.1;
    }
    if start < samples.len() {
        out.push(start..samples.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transcript_that_adds_fillers_agrees_and_one_that_wanders_does_not() {
        let plain = "I built a checklist for the team and we cut the backlog by half.";
        assert!(agrees(
            plain,
            "Um, I built a checklist for the, uh, team and we cut the backlog by half."
        ));
        assert!(!agrees(
            plain,
            "Now, I'm going to be a little bit more, um, a little bit more."
        ));
    }

    #[test]
    fn long_audio_is_cut_in_its_quiet_moments() {
        let rate = w::SAMPLE_RATE;
        // 70 s of tone with a short gap at 27 s and at 52 s.
        let mut s: Vec<f32> = (0..70 * rate)
            .map(|i| (i as f32 * 0.2).sin() * 0.3)
            .collect();
        for gap in [27 * rate, 52 * rate] {
            s[gap..gap + rate / 5].iter_mut().for_each(|x| *x = 0.0);
        }
        let c = cuts(&s);
        assert_eq!(c.len(), 3, "{c:?}");
        assert!(c.iter().all(|r| r.len() <= w::N_SAMPLES));
        let first = c[0].end as f32 / rate as f32;
        assert!((27.0..27.2).contains(&first), "cut at {first} s");
        let second = c[1].end as f32 / rate as f32;
        assert!((52.0..52.2).contains(&second), "cut at {second} s");
        assert_eq!(c[2].end, s.len());
        assert_eq!(cuts(&s[..rate]), vec![0..rate]);
        assert!(cuts(&[]).is_empty());
    }
}
