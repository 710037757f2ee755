//! Whisper's audio encoder: two convolutions, sinusoidal positions and the
//! attention layers, as candle's `AudioEncoder` computes it.
//!
//! round2 loads its own so that loading a model builds only what it runs
//! (candle's encoder comes only inside its whole Whisper, decoder too), and
//! so that the layers' GELU is the vectorised one in `layers`.

use candle_core::{Device, Tensor};
use candle_nn::{
    conv1d, layer_norm, linear, Conv1d, Conv1dConfig, LayerNorm, Linear, Module, VarBuilder,
};
use candle_transformers::models::whisper::Config;

use crate::layers::{gelu, Attention, Result};

struct Layer {
    attn: Attention,
    attn_ln: LayerNorm,
    fc1: Linear,
    fc2: Linear,
    mlp_ln: LayerNorm,
}

pub struct Encoder {
    conv1: Conv1d,
    conv2: Conv1d,
    positions: Tensor,
    layers: Vec<Layer>,
    ln: LayerNorm,
}

impl Encoder {
    /// Loads the encoder of a Whisper model (`model.encoder.*`).
    pub fn load(vb: VarBuilder, cfg: &Config) -> Result<Encoder> {
        let vb = vb.pp("model.encoder");
        let d = cfg.d_model;
        let conv = |stride| Conv1dConfig {
            padding: 1,
            stride,
            groups: 1,
            dilation: 1,
            cudnn_fwd_algo: None,
        };
        let layers = (0..cfg.encoder_layers)
            .map(|i| {
                let vb = vb.pp(format!("layers.{i}"));
                Ok(Layer {
                    attn: Attention::load(d, cfg.encoder_attention_heads, vb.pp("self_attn"))?,
                    attn_ln: layer_norm(d, 1e-5, vb.pp("self_attn_layer_norm"))?,
                    fc1: linear(d, 4 * d, vb.pp("fc1"))?,
                    fc2: linear(4 * d, d, vb.pp("fc2"))?,
                    mlp_ln: layer_norm(d, 1e-5, vb.pp("final_layer_norm"))?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Encoder {
            conv1: conv1d(cfg.num_mel_bins, d, 3, conv(1), vb.pp("conv1"))?,
            conv2: conv1d(d, d, 3, conv(2), vb.pp("conv2"))?,
            positions: sinusoids(cfg.max_source_positions, d)?,
            layers,
            ln: layer_norm(d, 1e-5, vb.pp("layer_norm"))?,
        })
    }

    /// The features of a `(1, n_mels, frames)` spectrogram.
    pub fn forward(&self, mel: &Tensor) -> Result<Tensor> {
        let x = gelu(&self.conv1.forward(mel)?)?;
        let x = gelu(&self.conv2.forward(&x)?)?.transpose(1, 2)?;
        let n = x.dim(1)?;
        let mut x = x.broadcast_add(&self.positions.narrow(0, 0, n)?)?;
        for l in &self.layers {
            let (q, k, v) = l.attn.project(&l.attn_ln.forward(&x)?)?;
            x = (&x + l.attn.attend(&q, &k, &v, None)?)?;
            let h = l.mlp_ln.forward(&x)?;
            x = (&x + l.fc2.forward(&gelu(&l.fc1.forward(&h)?)?)?)?;
        }
        self.ln.forward(&x)
    }
}

/// Whisper's fixed positions: the sines then the cosines of each position
/// over timescales from 1 to 10,000.
fn sinusoids(length: usize, channels: usize) -> Result<Tensor> {
    let half = channels / 2;
    let step = 10_000f32.ln() / (half - 1) as f32;
    let mut out = vec![0f32; length * channels];
    for p in 0..length {
        for i in 0..half {
            let t = p as f32 * (i as f32 * -step).exp();
            out[p * channels + i] = t.sin();
            out[p * channels + half + i] = t.cos();
        }
    }
    Tensor::from_vec(out, (length, channels), &Device::Cpu)
}
