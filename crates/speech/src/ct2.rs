//! faster-whisper's model files (CTranslate2's `model.bin`, version 6) read
//! into the weights candle's Whisper loads.
//!
//! `model.bin` is a header (format version, the spec's name, its revision),
//! then each variable (a name, a shape, a data type, the bytes) and a list of
//! aliases. CTranslate2 fuses attention projections: self-attention's query,
//! key and value are one `linear_0`, cross-attention's key and value one
//! `linear_1`; they are split here by rows. Names are mapped to the Hugging
//! Face layout (`model.encoder.layers.0.self_attn.q_proj.weight`, ...).
//! Every length is checked against the bytes left, so a cut or hostile file
//! is refused with the variable it broke at.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_transformers::models::whisper::Config;

use crate::SpeechError;

/// One stored variable.
#[derive(Debug, Clone)]
pub struct Variable {
    pub shape: Vec<usize>,
    pub dtype: u8,
    pub data: Vec<u8>,
}

/// The variables of a `model.bin`, by name (aliases resolved).
#[derive(Debug, Clone)]
pub struct Ct2Model {
    pub spec: String,
    pub variables: HashMap<String, Variable>,
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).ok_or("a length overflows")?;
        let s = self
            .b
            .get(self.at..end)
            .ok_or_else(|| format!("cut off at byte {} (needs {n} more)", self.at))?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().map_err(|_| "u16")?,
        ))
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| "u32")?,
        ))
    }
    fn string(&mut self) -> Result<String, String> {
        let n = usize::from(self.u16()?);
        let s = self.take(n)?;
        let s = s.strip_suffix(&[0]).unwrap_or(s);
        String::from_utf8(s.to_vec()).map_err(|_| "a name is not UTF-8".to_string())
    }
}

/// Bytes per element of a CTranslate2 data type.
fn width(dtype: u8) -> Option<usize> {
    match dtype {
        0 => Some(4), // float32
        1 => Some(1), // int8
        2 => Some(2), // int16
        3 => Some(4), // int32
        4 => Some(2), // float16
        5 => Some(2), // bfloat16
        _ => None,
    }
}

fn variable(r: &mut Reader<'_>) -> Result<Variable, String> {
    let rank = usize::from(r.u8()?);
    if rank > 8 {
        return Err(format!("rank {rank}"));
    }
    let mut shape = Vec::with_capacity(rank);
    for _ in 0..rank {
        shape.push(r.u32()? as usize);
    }
    let dtype = r.u8()?;
    let n = r.u32()? as usize;
    let elems: usize = shape.iter().product();
    let w = width(dtype).ok_or_else(|| format!("unknown data type {dtype}"))?;
    if elems.checked_mul(w) != Some(n) {
        return Err(format!("{n} bytes for shape {shape:?} of {w}-byte values"));
    }
    let data = r.take(n)?.to_vec();
    Ok(Variable { shape, dtype, data })
}

/// 16-bit floats (float16 or bfloat16) as a float32 tensor.
fn halves<T: candle_core::WithDType>(
    data: &[u8],
    from_le: fn([u8; 2]) -> T,
    shape: &[usize],
) -> candle_core::Result<Tensor> {
    let xs: Vec<T> = data
        .chunks_exact(2)
        .map(|c| from_le([c[0], c[1]]))
        .collect();
    Tensor::from_vec(xs, shape.to_vec(), &Device::Cpu)?.to_dtype(DType::F32)
}

/// Parses `model.bin` bytes.
pub fn parse(bytes: &[u8]) -> Result<Ct2Model, String> {
    let mut r = Reader { b: bytes, at: 0 };
    let version = r.u32()?;
    if version != 6 {
        return Err(format!(
            "CTranslate2 model format version {version}; round2 reads version 6"
        ));
    }
    let spec = r.string()?;
    let _revision = r.u32()?;
    let count = r.u32()? as usize;
    if count > 100_000 {
        return Err(format!("{count} variables is not a Whisper model"));
    }
    let mut variables = HashMap::new();
    for _ in 0..count {
        let name = r.string()?;
        let v = variable(&mut r).map_err(|e| format!("{name}: {e}"))?;
        variables.insert(name, v);
    }
    if r.at < bytes.len() {
        let aliases = r.u32()?;
        for _ in 0..aliases.min(10_000) {
            let alias = r.string()?;
            let target = r.string()?;
            if let Some(v) = variables.get(&target).cloned() {
                variables.insert(alias, v);
            }
        }
    }
    Ok(Ct2Model { spec, variables })
}

impl Ct2Model {
    fn tensor(&self, name: &str) -> Result<Tensor, String> {
        let v = self
            .variables
            .get(name)
            .ok_or_else(|| format!("no variable {name}"))?;
        let dev = Device::Cpu;
        let t = match v.dtype {
            0 => {
                let xs: Vec<f32> = v
                    .data
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                Tensor::from_vec(xs, v.shape.clone(), &dev)
            }
            4 => halves(&v.data, half::f16::from_le_bytes, &v.shape),
            5 => halves(&v.data, half::bf16::from_le_bytes, &v.shape),
            d => {
                return Err(format!(
                    "{name}: data type {d} (a quantized model); install a float16 or float32 one"
                ))
            }
        };
        t.map_err(|e| format!("{name}: {e}"))
    }

    fn scalar(&self, name: &str) -> Option<usize> {
        let v = self.variables.get(name)?;
        match (v.dtype, v.data.as_slice()) {
            (2, [a, b]) => Some(usize::from(u16::from_le_bytes([*a, *b]))),
            (3, [a, b, c, d]) => Some(u32::from_le_bytes([*a, *b, *c, *d]) as usize),
            (1, [a]) => Some(usize::from(*a)),
            _ => None,
        }
    }

    fn layers(&self, prefix: &str) -> usize {
        (0..)
            .take_while(|i| {
                self.variables
                    .contains_key(&format!("{prefix}/layer_{i}/ffn/linear_0/weight"))
            })
            .count()
    }

    /// The model's shape, as candle's Whisper wants it.
    pub fn config(&self, suppress_tokens: Vec<u32>) -> Result<Config, String> {
        let shape = |n: &str| {
            self.variables
                .get(n)
                .map(|v| v.shape.clone())
                .ok_or_else(|| format!("no variable {n}"))
        };
        let conv = shape("encoder/conv1/weight")?;
        let emb = shape("decoder/embeddings/weight")?;
        let enc_pos = shape("encoder/position_encodings/encodings")?;
        let dec_pos = shape("decoder/position_encodings/encodings")?;
        let (d_model, mels) = match conv.as_slice() {
            [d, m, 3] => (*d, *m),
            s => return Err(format!("encoder/conv1/weight has shape {s:?}")),
        };
        let heads = |p: &str| {
            self.scalar(&format!("{p}/num_heads"))
                .filter(|h| *h > 0 && d_model % h == 0)
                .unwrap_or(d_model / 64)
        };
        Ok(Config {
            num_mel_bins: mels,
            max_source_positions: enc_pos.first().copied().unwrap_or(1500),
            d_model,
            encoder_attention_heads: heads("encoder"),
            encoder_layers: self.layers("encoder"),
            vocab_size: emb.first().copied().unwrap_or(0),
            max_target_positions: dec_pos.first().copied().unwrap_or(448),
            decoder_attention_heads: heads("decoder"),
            decoder_layers: self.layers("decoder"),
            suppress_tokens,
        })
    }

    /// The weights under Hugging Face names, float32, fused projections split.
    pub fn weights(&self) -> Result<HashMap<String, Tensor>, String> {
        if self.spec != "WhisperSpec" {
            return Err(format!("a {} model, not Whisper", self.spec));
        }
        let cfg = self.config(Vec::new())?;
        let d = cfg.d_model;
        // (CTranslate2 name, Hugging Face name) for plain copies, and
        // (CTranslate2 name, part, Hugging Face name) for fused projections
        // split by rows of d_model.
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut fused: Vec<(String, usize, String)> = Vec::new();
        let linear = |pairs: &mut Vec<(String, String)>, src: &str, dst: &str| {
            pairs.push((format!("{src}/weight"), format!("{dst}.weight")));
            pairs.push((format!("{src}/bias"), format!("{dst}.bias")));
        };
        let norm = |pairs: &mut Vec<(String, String)>, src: &str, dst: &str| {
            pairs.push((format!("{src}/gamma"), format!("{dst}.weight")));
            pairs.push((format!("{src}/beta"), format!("{dst}.bias")));
        };
        for (ct, hf, layers) in [
            ("encoder", "model.encoder", cfg.encoder_layers),
            ("decoder", "model.decoder", cfg.decoder_layers),
        ] {
            for l in 0..layers {
                let c = format!("{ct}/layer_{l}");
                let h = format!("{hf}.layers.{l}");
                let sa = format!("{c}/self_attention");
                for (part, proj) in ["q_proj", "k_proj", "v_proj"].iter().enumerate() {
                    let w = (
                        format!("{sa}/linear_0/weight"),
                        part,
                        format!("{h}.self_attn.{proj}.weight"),
                    );
                    fused.push(w);
                    // Whisper's key projections have no bias.
                    if *proj != "k_proj" {
                        let b = (
                            format!("{sa}/linear_0/bias"),
                            part,
                            format!("{h}.self_attn.{proj}.bias"),
                        );
                        fused.push(b);
                    }
                }
                linear(
                    &mut pairs,
                    &format!("{sa}/linear_1"),
                    &format!("{h}.self_attn.out_proj"),
                );
                norm(
                    &mut pairs,
                    &format!("{sa}/layer_norm"),
                    &format!("{h}.self_attn_layer_norm"),
                );
                if ct == "decoder" {
                    let a = format!("{c}/attention");
                    let x = format!("{h}.encoder_attn");
                    linear(&mut pairs, &format!("{a}/linear_0"), &format!("{x}.q_proj"));
                    fused.push((
                        format!("{a}/linear_1/weight"),
                        0,
                        format!("{x}.k_proj.weight"),
                    ));
                    fused.push((
                        format!("{a}/linear_1/weight"),
                        1,
                        format!("{x}.v_proj.weight"),
                    ));
                    fused.push((format!("{a}/linear_1/bias"), 1, format!("{x}.v_proj.bias")));
                    linear(
                        &mut pairs,
                        &format!("{a}/linear_2"),
                        &format!("{x}.out_proj"),
                    );
                    norm(
                        &mut pairs,
                        &format!("{a}/layer_norm"),
                        &format!("{x}_layer_norm"),
                    );
                }
                linear(
                    &mut pairs,
                    &format!("{c}/ffn/linear_0"),
                    &format!("{h}.fc1"),
                );
                linear(
                    &mut pairs,
                    &format!("{c}/ffn/linear_1"),
                    &format!("{h}.fc2"),
                );
                norm(
                    &mut pairs,
                    &format!("{c}/ffn/layer_norm"),
                    &format!("{h}.final_layer_norm"),
                );
            }
            norm(
                &mut pairs,
                &format!("{ct}/layer_norm"),
                &format!("{hf}.layer_norm"),
            );
        }
        linear(&mut pairs, "encoder/conv1", "model.encoder.conv1");
        linear(&mut pairs, "encoder/conv2", "model.encoder.conv2");
        for (src, dst) in [
            (
                "encoder/position_encodings/encodings",
                "model.encoder.embed_positions.weight",
            ),
            (
                "decoder/embeddings/weight",
                "model.decoder.embed_tokens.weight",
            ),
            (
                "decoder/position_encodings/encodings",
                "model.decoder.embed_positions.weight",
            ),
        ] {
            pairs.push((src.to_string(), dst.to_string()));
        }
        let mut out: HashMap<String, Tensor> = HashMap::new();
        for (src, dst) in pairs {
            out.insert(dst, self.tensor(&src)?);
        }
        for (src, part, dst) in fused {
            let t = self.tensor(&src)?;
            let rows = t
                .narrow(0, part * d, d)
                .map_err(|e| format!("{src}: {e}"))?;
            out.insert(dst, rows);
        }
        Ok(out)
    }
}

/// Reads `model.bin` (or `model.bin.part1`, `.part2`, ... joined in order).
pub fn read(parts: &[&Path]) -> Result<Ct2Model, SpeechError> {
    let mut bytes = Vec::new();
    for p in parts {
        let b = std::fs::read(p).map_err(|e| SpeechError::io(p, e))?;
        bytes.extend(b);
    }
    let first = parts.first().copied().unwrap_or(Path::new("model.bin"));
    parse(&bytes).map_err(|e| SpeechError::model(first, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(b: &mut Vec<u8>, s: &str) {
        b.extend(((s.len() + 1) as u16).to_le_bytes());
        b.extend(s.as_bytes());
        b.push(0);
    }

    #[test]
    fn a_small_model_file_reads_and_a_cut_one_is_refused() {
        let mut b = 6u32.to_le_bytes().to_vec();
        string(&mut b, "WhisperSpec");
        b.extend(3u32.to_le_bytes());
        b.extend(1u32.to_le_bytes());
        string(&mut b, "encoder/num_heads");
        b.push(0);
        b.push(2);
        b.extend(2u32.to_le_bytes());
        b.extend(6u16.to_le_bytes());
        b.extend(0u32.to_le_bytes());
        let m = parse(&b).expect("parses");
        assert_eq!(m.spec, "WhisperSpec");
        assert_eq!(m.scalar("encoder/num_heads"), Some(6));
        let cut = &b[..b.len() - 7];
        assert!(parse(cut).unwrap_err().contains("encoder/num_heads"));
        let mut wrong = b.clone();
        wrong[0] = 5;
        assert!(parse(&wrong).unwrap_err().contains("version 5"));
    }
}
