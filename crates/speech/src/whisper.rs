//! Transcribing with an installed Whisper model: greedy decoding, one
//! 30-second segment after another, on the CPU, nothing sent anywhere.

use std::path::{Path, PathBuf};

use candle_core::{Device, IndexOp, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::whisper::{self as w, model::Whisper, Config};
use tokenizers::Tokenizer;

use crate::install::ModelInfo;
use crate::wav::Audio;
use crate::SpeechError;

/// Most tokens decoded per segment (Whisper's own limit is 224).
const MAX_TOKENS: usize = 224;

/// A loaded speech model.
pub struct Transcriber {
    model: Whisper,
    tokenizer: Tokenizer,
    config: Config,
    filters: Vec<f32>,
    prompt: Vec<u32>,
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
        let bytes = std::fs::read(&weights).map_err(|e| SpeechError::io(&weights, e))?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, w::DTYPE, &device)
            .map_err(|e| SpeechError::model(&weights, e))?;
        let model =
            Whisper::load(&vb, config.clone()).map_err(|e| SpeechError::model(&weights, e))?;
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
        Ok(Transcriber {
            filters: crate::mel::filters(config.num_mel_bins, w::N_FFT, w::SAMPLE_RATE as f64),
            model,
            tokenizer,
            config,
            prompt,
            eot,
            no_timestamps,
            suppress: info.suppress_ids,
            suppress_begin: info.suppress_ids_begin,
            name: info.name,
            dir: dir.to_path_buf(),
        })
    }

    /// Transcribes mono 16 kHz audio.
    pub fn transcribe(&mut self, audio: &Audio) -> Result<Transcript, SpeechError> {
        let mut segments = Vec::new();
        for chunk in audio.samples.chunks(w::N_SAMPLES) {
            // A silent tail gives Whisper nothing to hear and room to invent.
            let energy = chunk.iter().map(|s| s * s).sum::<f32>() / chunk.len().max(1) as f32;
            if energy.sqrt() < 1e-3 || chunk.len() < w::SAMPLE_RATE / 4 {
                continue;
            }
            let text = self.segment(chunk)?;
            if !text.trim().is_empty() {
                segments.push(text.trim().to_string());
            }
        }
        Ok(Transcript {
            text: segments.join(" "),
            segments,
        })
    }

    fn segment(&mut self, chunk: &[f32]) -> Result<String, SpeechError> {
        let mut pcm = chunk.to_vec();
        pcm.resize(w::N_SAMPLES, 0.0);
        let n_mels = self.config.num_mel_bins;
        let mel = w::audio::pcm_to_mel(&self.config, &pcm, &self.filters);
        let frames = mel.len() / n_mels;
        let mel = Tensor::from_vec(mel, (1, n_mels, frames), &Device::Cpu)
            .and_then(|m| m.narrow(2, 0, w::N_FRAMES.min(frames)))
            .map_err(run_err)?;
        let features = self.model.encoder.forward(&mel, true).map_err(run_err)?;
        let mut tokens = self.prompt.clone();
        for i in 0..MAX_TOKENS {
            let t = Tensor::new(tokens.as_slice(), &Device::Cpu)
                .and_then(|t| t.unsqueeze(0))
                .map_err(run_err)?;
            let ys = self
                .model
                .decoder
                .forward(&t, &features, i == 0)
                .map_err(run_err)?;
            let (_, seq, _) = ys.dims3().map_err(run_err)?;
            let logits = self
                .model
                .decoder
                .final_linear(&ys.i((..1, seq - 1..)).map_err(run_err)?)
                .and_then(|l| l.i(0))
                .and_then(|l| l.i(0))
                .and_then(|l| l.to_vec1::<f32>())
                .map_err(run_err)?;
            let mut logits = logits;
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
            if next == self.eot {
                break;
            }
            tokens.push(next);
        }
        self.tokenizer
            .decode(&tokens[self.prompt.len()..], true)
            .map_err(run_err)
    }
}
