//! Whisper's text decoder with a key/value cache for its self-attention.
//!
//! candle's decoder keeps only the cross-attention's keys and values, so
//! each new token runs the whole sequence again through every layer: the
//! cost of a segment grows with the square of its tokens, and a prompt
//! before the segment (the filler prompt) makes every step dearer. This
//! decoder reads the same weights and keeps each layer's keys and values,
//! so a step costs one token. It computes what candle's does (the same
//! layers, the same scaling), with the exact GELU Whisper was trained with.

use candle_core::{DType, Device, Tensor};
use candle_nn::{embedding, layer_norm, linear, Embedding, LayerNorm, Linear, Module, VarBuilder};
use candle_transformers::models::whisper::Config;

use crate::layers::{Attention, Result};

struct Layer {
    attn: Attention,
    attn_ln: LayerNorm,
    cross: Attention,
    cross_ln: LayerNorm,
    fc1: Linear,
    fc2: Linear,
    mlp_ln: LayerNorm,
    /// Keys (ready for attention) and values (split by head) of every
    /// token so far.
    cache: Option<(Tensor, Tensor)>,
    /// Keys (ready for attention) and values of this segment's audio.
    audio: Option<(Tensor, Tensor)>,
}

/// The decoder, its caches emptied by [`Decoder::start`] for each segment.
pub struct Decoder {
    embed: Embedding,
    positions: Tensor,
    layers: Vec<Layer>,
    ln: LayerNorm,
    /// Tokens already in the caches.
    seen: usize,
}

impl Decoder {
    /// Loads the decoder of a Whisper model (`model.decoder.*`).
    pub fn load(vb: VarBuilder, cfg: &Config) -> Result<Decoder> {
        let vb = vb.pp("model.decoder");
        let d = cfg.d_model;
        let heads = cfg.decoder_attention_heads;
        let layers = (0..cfg.decoder_layers)
            .map(|i| {
                let vb = vb.pp(format!("layers.{i}"));
                Ok(Layer {
                    attn: Attention::load(d, heads, vb.pp("self_attn"))?,
                    attn_ln: layer_norm(d, 1e-5, vb.pp("self_attn_layer_norm"))?,
                    cross: Attention::load(d, heads, vb.pp("encoder_attn"))?,
                    cross_ln: layer_norm(d, 1e-5, vb.pp("encoder_attn_layer_norm"))?,
                    fc1: linear(d, 4 * d, vb.pp("fc1"))?,
                    fc2: linear(4 * d, d, vb.pp("fc2"))?,
                    mlp_ln: layer_norm(d, 1e-5, vb.pp("final_layer_norm"))?,
                    cache: None,
                    audio: None,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Decoder {
            embed: embedding(cfg.vocab_size, d, vb.pp("embed_tokens"))?,
            positions: vb.get((cfg.max_target_positions, d), "embed_positions.weight")?,
            layers,
            ln: layer_norm(d, 1e-5, vb.pp("layer_norm"))?,
            seen: 0,
        })
    }

    /// Starts a segment: forgets the tokens decoded so far and takes the
    /// encoder's `features` of this segment's audio.
    pub fn start(&mut self, features: &Tensor) -> Result<()> {
        for l in &mut self.layers {
            l.audio = Some(l.cross.keys_values(features)?);
        }
        self.restart();
        Ok(())
    }

    /// Decodes the same segment again from no tokens (after another
    /// prompt): the audio's keys and values are kept.
    pub fn restart(&mut self) {
        self.seen = 0;
        for l in &mut self.layers {
            l.cache = None;
        }
    }

    /// Feeds `tokens` (the prompt at first, then one token a step) and
    /// returns the logits for the token after the last of them.
    pub fn next(&mut self, tokens: &[u32]) -> Result<Vec<f32>> {
        let device = Device::Cpu;
        let n = tokens.len();
        let ids = Tensor::new(tokens, &device)?.unsqueeze(0)?;
        let pos = self.positions.narrow(0, self.seen, n)?;
        let mut x = self.embed.forward(&ids)?.broadcast_add(&pos)?;
        // New tokens see every cached one and those before them.
        let seen = self.seen;
        let mask = if n > 1 {
            let total = seen + n;
            let m: Vec<f32> = (0..n)
                .flat_map(|i| {
                    (0..total).map(move |j| if j > seen + i { f32::NEG_INFINITY } else { 0.0 })
                })
                .collect();
            Some(Tensor::from_vec(m, (n, total), &device)?)
        } else {
            None
        };
        for l in &mut self.layers {
            let (q, k, v) = l.attn.project(&l.attn_ln.forward(&x)?)?;
            let (k, v) = match l.cache.take() {
                Some((ck, cv)) => (Tensor::cat(&[&ck, &k], 3)?, Tensor::cat(&[&cv, &v], 2)?),
                None => (k, v),
            };
            x = (&x + l.attn.attend(&q, &k, &v, mask.as_ref())?)?;
            l.cache = Some((k, v));
            let h = l.cross_ln.forward(&x)?;
            let q = l.cross.split(&l.cross.query.forward(&h)?)?;
            let (ak, av) = l
                .audio
                .as_ref()
                .ok_or_else(|| candle_core::Error::Msg("decoding before start".into()))?;
            x = (&x + l.cross.attend(&q, ak, av, None)?)?;
            let h = l.mlp_ln.forward(&x)?;
            x = (&x + l.fc2.forward(&l.fc1.forward(&h)?.gelu_erf()?)?)?;
        }
        self.seen += n;
        let last = self.ln.forward(&x.narrow(1, n - 1, 1)?)?;
        // (vocabulary × d) by (d × 1): each logit is one embedding row
        // times the state, read in the order the rows are stored.
        let logits = self
            .embed
            .embeddings()
            .matmul(&last.squeeze(0)?.t()?)?
            .squeeze(1)?;
        logits.to_dtype(DType::F32)?.to_vec1::<f32>()
    }

    /// How many more tokens fit after those seen.
    pub fn room(&self) -> usize {
        self.positions.dim(0).unwrap_or(0).saturating_sub(self.seen)
    }
}
