//! Whisper's log-mel filter bank, computed: 80 (or 128) triangular filters
//! on the Slaney mel scale over the 201 bins of a 400-point FFT at 16 kHz,
//! each normalised to unit area, as the model was trained with.

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

#[cfg(test)]
mod tests {
    use super::*;

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
