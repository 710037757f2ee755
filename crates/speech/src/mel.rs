//! Whisper's log-mel spectrogram: the filter bank, computed (80 or 128
//! triangular filters on the Slaney mel scale over the 201 bins of a
//! 400-point transform at 16 kHz, each normalised to unit area, as the
//! model was trained with), and the spectrogram of one 30-second window.
//!
//! The spectrogram is the one candle's `pcm_to_mel` gives (a Hann window
//! of 400 samples every 160, the power of each bin with the mirrored half
//! of the spectrum added in, log10, floored 8 below the loudest value,
//! then scaled), worked out in a way that costs less: the transform of
//! every frame at once as one matrix product, and nothing for frames that
//! hold only the window's padding (their value is known: the floor).

use candle_core::{Device, Tensor};

/// Samples between frames (10 ms at 16 kHz).
pub const HOP: usize = 160;
/// Samples in a frame's window.
pub const WINDOW: usize = 400;
/// Frequency bins of a frame: 0 to the Nyquist frequency.
pub const BINS: usize = WINDOW / 2 + 1;

/// Hz to mels on the Slaney scale (linear below 1 kHz, logarithmic above).
fn hz_to_mel(f: f64) -> f64 {
    let f_sp = 200.0 / 3.0;
    let min_log_hz = 1000.0;
    let min_log_mel = min_log_hz / f_sp;
    let logstep = 6.4f64.ln() / 27.0;
    if f >= min_log_hz {
        min_log_mel + (f / min_log_hz).ln() / logstep
    } else {
        f / f_sp
    }
}

fn mel_to_hz(m: f64) -> f64 {
    let f_sp = 200.0 / 3.0;
    let min_log_hz = 1000.0;
    let min_log_mel = min_log_hz / f_sp;
    let logstep = 6.4f64.ln() / 27.0;
    if m >= min_log_mel {
        min_log_hz * (logstep * (m - min_log_mel)).exp()
    } else {
        f_sp * m
    }
}

/// The filters, row-major `n_mels × (n_fft / 2 + 1)`.
pub fn filters(n_mels: usize, n_fft: usize, rate: f64) -> Vec<f32> {
    let bins = n_fft / 2 + 1;
    let fft_freqs: Vec<f64> = (0..bins).map(|k| k as f64 * rate / n_fft as f64).collect();
    let lo = hz_to_mel(0.0);
    let hi = hz_to_mel(rate / 2.0);
    let mel_f: Vec<f64> = (0..n_mels + 2)
        .map(|i| mel_to_hz(lo + (hi - lo) * i as f64 / (n_mels + 1) as f64))
        .collect();
    let mut out = vec![0f32; n_mels * bins];
    for i in 0..n_mels {
        let (left, centre, right) = (mel_f[i], mel_f[i + 1], mel_f[i + 2]);
        let norm = 2.0 / (right - left);
        for (k, f) in fft_freqs.iter().enumerate() {
            let lower = (f - left) / (centre - left);
            let upper = (right - f) / (right - centre);
            let w = lower.min(upper).max(0.0);
            out[i * bins + k] = (w * norm) as f32;
        }
    }
    out
}

/// What each window of audio is turned into before the encoder sees it.
pub struct Spectrogram {
    n_mels: usize,
    /// The Hann window.
    hann: Vec<f32>,
    /// `WINDOW × 2·BINS`: the cosine and the sine of each bin, side by
    /// side, so one product gives a frame's real and imaginary parts.
    basis: Tensor,
    /// `BINS × n_mels`: the filter bank, transposed.
    filters: Tensor,
}

impl Spectrogram {
    pub fn new(n_mels: usize) -> candle_core::Result<Spectrogram> {
        let n = WINDOW as f64;
        let hann = (0..WINDOW)
            .map(|i| (0.5 * (1.0 - (2.0 * std::f64::consts::PI * i as f64 / n).cos())) as f32)
            .collect();
        let mut basis = vec![0f32; WINDOW * 2 * BINS];
        for j in 0..WINDOW {
            for k in 0..BINS {
                // j·k taken modulo the window keeps the angle small and exact.
                let angle = 2.0 * std::f64::consts::PI * ((j * k) % WINDOW) as f64 / n;
                basis[j * 2 * BINS + k] = angle.cos() as f32;
                basis[j * 2 * BINS + BINS + k] = -angle.sin() as f32;
            }
        }
        let bank = filters(n_mels, WINDOW, 16_000.0);
        let mut transposed = vec![0f32; BINS * n_mels];
        for m in 0..n_mels {
            for k in 0..BINS {
                transposed[k * n_mels + m] = bank[m * BINS + k];
            }
        }
        Ok(Spectrogram {
            n_mels,
            hann,
            basis: Tensor::from_vec(basis, (WINDOW, 2 * BINS), &Device::Cpu)?,
            filters: Tensor::from_vec(transposed, (BINS, n_mels), &Device::Cpu)?,
        })
    }

    /// The spectrogram of `samples` (at most `frames · HOP` of them, the
    /// rest of the window silent), `n_mels × frames`, row-major.
    pub fn of(&self, samples: &[f32], frames: usize) -> candle_core::Result<Vec<f32>> {
        // Frames that start past the last sample hold only silence.
        let heard = samples.len().div_ceil(HOP).min(frames);
        let mut windows = vec![0f32; heard * WINDOW];
        for (i, window) in windows.chunks_mut(WINDOW).enumerate() {
            let start = i * HOP;
            let end = (start + WINDOW).min(samples.len());
            for (j, s) in samples[start..end].iter().enumerate() {
                window[j] = self.hann[j] * s;
            }
        }
        let floor = 1e-10f32.log10();
        let mut out = vec![floor; self.n_mels * frames];
        if heard > 0 {
            let windows = Tensor::from_vec(windows, (heard, WINDOW), &Device::Cpu)?;
            let spectrum = windows.matmul(&self.basis)?.to_vec2::<f32>()?;
            let power: Vec<f32> = spectrum
                .iter()
                .flat_map(|row| {
                    (0..BINS).map(move |k| {
                        let p = row[k] * row[k] + row[BINS + k] * row[BINS + k];
                        // The mirrored half of the spectrum has the same power.
                        if k == 0 || k == BINS - 1 {
                            p
                        } else {
                            2.0 * p
                        }
                    })
                })
                .collect();
            let power = Tensor::from_vec(power, (heard, BINS), &Device::Cpu)?;
            let mels = power.matmul(&self.filters)?.to_vec2::<f32>()?;
            for (i, row) in mels.iter().enumerate() {
                for (m, v) in row.iter().enumerate() {
                    out[m * frames + i] = v.max(1e-10).log10();
                }
            }
        }
        let top = out.iter().copied().fold(floor, f32::max) - 8.0;
        for v in &mut out {
            *v = v.max(top) / 4.0 + 1.0;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spectrogram_is_candles_on_speech_like_sound() {
        // A rising tone with a little noise, 7 s of a 30 s window.
        let rate = 16_000usize;
        let samples: Vec<f32> = (0..7 * rate)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let noise = ((i * 7919) % 101) as f32 / 101.0 - 0.5;
                0.3 * (2.0 * std::f32::consts::PI * (200.0 + 300.0 * t) * t).sin() + 0.01 * noise
            })
            .collect();
        let cfg = candle_transformers::models::whisper::Config {
            num_mel_bins: 80,
            max_source_positions: 1500,
            d_model: 512,
            encoder_attention_heads: 8,
            encoder_layers: 6,
            vocab_size: 51865,
            max_target_positions: 448,
            decoder_attention_heads: 8,
            decoder_layers: 6,
            suppress_tokens: vec![],
        };
        let mut padded = samples.clone();
        padded.resize(30 * rate, 0.0);
        let bank = filters(80, WINDOW, rate as f64);
        let theirs = candle_transformers::models::whisper::audio::pcm_to_mel(&cfg, &padded, &bank);
        let frames = 3000;
        let n_len = theirs.len() / 80;
        let ours = Spectrogram::new(80).unwrap().of(&samples, frames).unwrap();
        let mut worst = 0f32;
        for m in 0..80 {
            for i in 0..frames {
                worst = worst.max((ours[m * frames + i] - theirs[m * n_len + i]).abs());
            }
        }
        assert!(worst < 1e-3, "largest difference {worst}");
    }

    #[test]
    fn the_filter_bank_has_whispers_shape_and_known_values() {
        let f = filters(80, 400, 16_000.0);
        assert_eq!(f.len(), 80 * 201);
        // Every filter has weight somewhere, none below zero.
        for row in f.chunks(201) {
            assert!(row.iter().any(|w| *w > 0.0));
            assert!(row.iter().all(|w| *w >= 0.0));
        }
        // openai-whisper's assets/mel_filters.npz (mel_80) has 0.02486259 at [0, 1];
        // the whole bank was checked against it to 1e-8 when this was written.
        assert!((f[1] - 0.024_862_59).abs() < 1e-6, "{}", f[1]);
        // [79, 200] is 0 there too: the top bin is the last filter's right edge.
        assert!(f[79 * 201 + 200].abs() < 1e-6);
    }
}
