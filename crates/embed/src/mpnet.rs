//! MPNet (all-mpnet-base-v2) on candle: BERT's encoder with no token
//! types, positions counted from after the padding id, and a learned bias
//! per attention head by bucketed relative distance, shared by every layer.
//! candle has no MPNet module; this follows the published architecture
//! (the weights' names are those of the sentence-transformers checkpoint).

use candle_core::{DType, Device, Module, Result, Tensor};
use candle_nn::{embedding, layer_norm, linear, Embedding, LayerNorm, Linear, VarBuilder};
use serde::Deserialize;

/// The fields of `config.json` the encoder needs.
#[derive(Debug, Clone, Deserialize)]
pub struct MpNetConfig {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    pub layer_norm_eps: f64,
    pub pad_token_id: u32,
    #[serde(default = "default_buckets")]
    pub relative_attention_num_buckets: usize,
}

fn default_buckets() -> usize {
    32
}

/// The farthest distance the buckets tell apart (MPNet's fixed value).
const MAX_DISTANCE: f64 = 128.0;

/// The bucket of a relative position (key minus query), as T5 and MPNet
/// count them: half the buckets for each direction, exact up to a quarter
/// of them, logarithmic beyond.
fn bucket(relative: i64, buckets: usize) -> u32 {
    let half = (buckets / 2) as i64;
    let mut ret = 0i64;
    let n = -relative;
    if n < 0 {
        ret += half;
    }
    let n = n.abs();
    let exact = half / 2;
    if n < exact {
        return (ret + n) as u32;
    }
    let large = exact
        + ((n as f64 / exact as f64).ln() / (MAX_DISTANCE / exact as f64).ln()
            * (half - exact) as f64) as i64;
    (ret + large.min(half - 1)) as u32
}

struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

impl Layer {
    fn load(vb: VarBuilder, c: &MpNetConfig) -> Result<Self> {
        let h = c.hidden_size;
        let attn = vb.pp("attention");
        Ok(Self {
            q: linear(h, h, attn.pp("attn.q"))?,
            k: linear(h, h, attn.pp("attn.k"))?,
            v: linear(h, h, attn.pp("attn.v"))?,
            o: linear(h, h, attn.pp("attn.o"))?,
            attention_norm: layer_norm(h, c.layer_norm_eps, attn.pp("LayerNorm"))?,
            intermediate: linear(h, c.intermediate_size, vb.pp("intermediate.dense"))?,
            output: linear(c.intermediate_size, h, vb.pp("output.dense"))?,
            output_norm: layer_norm(h, c.layer_norm_eps, vb.pp("output.LayerNorm"))?,
        })
    }

    /// `bias`: (batch, heads, len, len), the relative bias plus the mask.
    fn forward(&self, x: &Tensor, bias: &Tensor, heads: usize) -> Result<Tensor> {
        let (b, n, h) = x.dims3()?;
        let d = h / heads;
        let split = |t: Tensor| -> Result<Tensor> {
            t.reshape((b, n, heads, d))?.transpose(1, 2)?.contiguous()
        };
        let q = split(self.q.forward(x)?)?;
        let k = split(self.k.forward(x)?)?;
        let v = split(self.v.forward(x)?)?;
        let scores = (q.matmul(&k.t()?)? / (d as f64).sqrt())?;
        let scores = scores.broadcast_add(bias)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((b, n, h))?;
        let attended = self
            .attention_norm
            .forward(&(self.o.forward(&context)? + x)?)?;
        let inner = self.intermediate.forward(&attended)?.gelu_erf()?;
        self.output_norm
            .forward(&(self.output.forward(&inner)? + attended)?)
    }
}

/// The MPNet encoder: token ids and mask in, one hidden state per token out.
pub struct MpNet {
    words: Embedding,
    positions: Embedding,
    norm: LayerNorm,
    layers: Vec<Layer>,
    relative: Embedding,
    heads: usize,
    buckets: usize,
    pad: u32,
}

impl MpNet {
    pub fn load(vb: VarBuilder, c: &MpNetConfig) -> Result<Self> {
        let e = vb.pp("embeddings");
        let layers = (0..c.num_hidden_layers)
            .map(|i| Layer::load(vb.pp(format!("encoder.layer.{i}")), c))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            words: embedding(c.vocab_size, c.hidden_size, e.pp("word_embeddings"))?,
            positions: embedding(
                c.max_position_embeddings,
                c.hidden_size,
                e.pp("position_embeddings"),
            )?,
            norm: layer_norm(c.hidden_size, c.layer_norm_eps, e.pp("LayerNorm"))?,
            layers,
            relative: embedding(
                c.relative_attention_num_buckets,
                c.num_attention_heads,
                vb.pp("encoder.relative_attention_bias"),
            )?,
            heads: c.num_attention_heads,
            buckets: c.relative_attention_num_buckets,
            pad: c.pad_token_id,
        })
    }

    /// `ids` and `mask`: (batch, len), u32.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (b, n) = ids.dims2()?;
        let device: &Device = ids.device();
        // Positions count the real tokens from pad + 1; padding keeps pad.
        let rows = ids.to_vec2::<u32>()?;
        let mut pos = Vec::with_capacity(b * n);
        for row in &rows {
            let mut count = 0u32;
            for &t in row {
                if t == self.pad {
                    pos.push(self.pad);
                } else {
                    count += 1;
                    pos.push(self.pad + count);
                }
            }
        }
        let pos = Tensor::from_vec(pos, (b, n), device)?;
        let x = (self.words.forward(ids)? + self.positions.forward(&pos)?)?;
        let mut x = self.norm.forward(&x)?;

        // The relative bias (1, heads, n, n), and the mask as -inf-ish.
        let buckets: Vec<u32> = (0..n as i64)
            .flat_map(|qi| (0..n as i64).map(move |ki| (qi, ki)))
            .map(|(qi, ki)| bucket(ki - qi, self.buckets))
            .collect();
        let buckets = Tensor::from_vec(buckets, (n, n), device)?;
        let relative = self
            .relative
            .forward(&buckets)?
            .permute((2, 0, 1))?
            .unsqueeze(0)?;
        let masked = ((1.0 - mask.to_dtype(DType::F32)?)? * f32::MIN as f64)?
            .unsqueeze(1)?
            .unsqueeze(1)?;
        let bias = relative.broadcast_add(&masked)?.contiguous()?;
        for layer in &self.layers {
            x = layer.forward(&x, &bias, self.heads)?;
        }
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_as_mpnet_counts_them() {
        // Exact near the token, each direction apart, logarithmic far off.
        assert_eq!(bucket(0, 32), 0);
        assert_eq!(bucket(-1, 32), 1);
        assert_eq!(bucket(-7, 32), 7);
        assert_eq!(bucket(1, 32), 17);
        assert_eq!(bucket(7, 32), 23);
        // 8 + floor(ln(2) / ln(16) * 8) = 8 + 2.
        assert_eq!(bucket(-16, 32), 10);
        assert_eq!(bucket(-500, 32), 15);
        assert_eq!(bucket(500, 32), 31);
    }
}
