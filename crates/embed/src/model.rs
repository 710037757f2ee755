//! Running an installed sentence model through candle on the CPU (BERT for
//! all-MiniLM-L6-v2, MPNet for all-mpnet-base-v2), mean pooling over the
//! real tokens, L2-normalised, as sentence-transformers does for both.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::install::{check_installed, Arch, ModelSpec};
use crate::mpnet::{MpNet, MpNetConfig};
use crate::EmbedError;

/// How many texts go through the model at once.
const BATCH: usize = 16;

/// The encoder of a model.
enum Encoder {
    Bert(BertModel),
    MpNet(MpNet),
}

/// A loaded sentence model.
pub struct Embedder {
    spec: &'static ModelSpec,
    dir: PathBuf,
    model: Encoder,
    tokenizer: Tokenizer,
    device: Device,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("model", &self.spec.name)
            .field("dir", &self.dir)
            .finish()
    }
}

fn model_err(path: &Path, e: impl std::fmt::Display) -> EmbedError {
    EmbedError::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl Embedder {
    /// Load the model installed in `dir` (checked against its manifest:
    /// every file present with the size it was verified at).
    pub fn load(spec: &'static ModelSpec, dir: &Path) -> Result<Self, EmbedError> {
        check_installed(spec, dir)?;
        let config_path = dir.join("config.json");
        let config_text =
            std::fs::read_to_string(&config_path).map_err(|e| EmbedError::io(&config_path, e))?;
        let tok_path = dir.join("tokenizer.json");
        let mut tokenizer = Tokenizer::from_file(&tok_path).map_err(|e| model_err(&tok_path, e))?;
        let (pad_id, pad_token) = spec.pad;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            pad_id,
            pad_token: pad_token.to_string(),
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: spec.max_tokens,
                ..TruncationParams::default()
            }))
            .map_err(|e| model_err(&tok_path, e))?;
        let weights_path = dir.join("model.safetensors");
        let bytes = std::fs::read(&weights_path).map_err(|e| EmbedError::io(&weights_path, e))?;
        let device = Device::Cpu;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DTYPE, &device)
            .map_err(|e| model_err(&weights_path, e))?;
        let model = match spec.arch {
            Arch::Bert => {
                let config: Config =
                    serde_json::from_str(&config_text).map_err(|e| model_err(&config_path, e))?;
                Encoder::Bert(
                    BertModel::load(vb, &config).map_err(|e| model_err(&weights_path, e))?,
                )
            }
            Arch::MpNet => {
                let config: MpNetConfig =
                    serde_json::from_str(&config_text).map_err(|e| model_err(&config_path, e))?;
                Encoder::MpNet(MpNet::load(vb, &config).map_err(|e| model_err(&weights_path, e))?)
            }
        };
        Ok(Self {
            spec,
            dir: dir.to_path_buf(),
            model,
            tokenizer,
            device,
        })
    }

    /// The model's name ("all-minilm-l6-v2"), the key of cached vectors.
    pub fn name(&self) -> &'static str {
        self.spec.name
    }

    /// Where it is installed.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// One unit vector per text, in order. `progress` is called after each
    /// batch with (done, total).
    pub fn embed(
        &self,
        texts: &[&str],
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        // Texts of like length go together, so little of a batch is padding.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        let mut done = 0;
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            for (&i, v) in chunk.iter().zip(self.embed_batch(&batch)?) {
                out[i] = v;
            }
            done += chunk.len();
            progress(done, texts.len());
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let run = |e: &dyn std::fmt::Display| EmbedError::Run(e.to_string());
        let inputs: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        let encodings = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| run(&e))?;
        let rows = encodings.len();
        let width = encodings.first().map_or(0, |e| e.get_ids().len());
        let mut ids = Vec::with_capacity(rows * width);
        let mut mask = Vec::with_capacity(rows * width);
        for e in &encodings {
            ids.extend(e.get_ids().iter().copied());
            mask.extend(e.get_attention_mask().iter().copied());
        }
        let t = |v: Vec<u32>| Tensor::from_vec(v, (rows, width), &self.device);
        let ids = t(ids).map_err(|e| run(&e))?;
        let mask = t(mask).map_err(|e| run(&e))?;
        let hidden = match &self.model {
            Encoder::Bert(m) => {
                let types = ids.zeros_like().map_err(|e| run(&e))?;
                m.forward(&ids, &types, Some(&mask))
            }
            Encoder::MpNet(m) => m.forward(&ids, &mask),
        }
        .map_err(|e| run(&e))?;
        // Mean over the real tokens, then unit length.
        let pooled = (|| {
            let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&m)?.sum(1)?;
            let counts = m.sum(1)?.clamp(1e-9f32, f32::MAX)?;
            let mean = summed.broadcast_div(&counts)?;
            let norm = mean
                .sqr()?
                .sum_keepdim(1)?
                .sqrt()?
                .clamp(1e-12f32, f32::MAX)?;
            mean.broadcast_div(&norm)?.to_vec2::<f32>()
        })()
        .map_err(|e: candle_core::Error| run(&e))?;
        Ok(pooled)
    }
}
