//! WAV files as mono 16 kHz samples in [-1, 1]: 8-, 16-, 24- and 32-bit PCM
//! and 32-bit float, any rate, any channel count (averaged). Bounded: a
//! header that claims more than the file holds, or audio longer than
//! [`MAX_SECONDS`], is refused with the reason.

use std::path::Path;

use crate::SpeechError;

/// The rate Whisper listens at.
pub const RATE: u32 = 16_000;
/// The longest answer round2 transcribes: five minutes, twice the longest
/// answer an interviewer wants to hear, so a whole session recorded by
/// mistake is refused at once instead of transcribed for minutes.
pub const MAX_SECONDS: u32 = 300;

/// Mono audio at [`RATE`].
#[derive(Debug, Clone, PartialEq)]
pub struct Audio {
    pub samples: Vec<f32>,
}

impl Audio {
    pub fn seconds(&self) -> f32 {
        self.samples.len() as f32 / RATE as f32
    }
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The largest WAV file read (ten minutes of 48 kHz stereo 32-bit float is
/// 230 MB; anything past this is refused before it is read, and anything
/// under it longer than [`MAX_SECONDS`] once its header is read).
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a WAV file.
pub fn read(path: &Path) -> Result<Audio, SpeechError> {
    let len = std::fs::metadata(path)
        .map_err(|e| SpeechError::io(path, e))?
        .len();
    if len > MAX_BYTES {
        return Err(SpeechError::Audio {
            path: path.to_path_buf(),
            reason: format!(
                "{} MB is more than the {} MB round2 reads; answer in shorter takes",
                len / 1_000_000,
                MAX_BYTES / 1_000_000
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| SpeechError::io(path, e))?;
    parse(&bytes).map_err(|reason| SpeechError::Audio {
        path: path.to_path_buf(),
        reason,
    })
}

/// Parses WAV bytes.
pub fn parse(b: &[u8]) -> Result<Audio, String> {
    if b.get(0..4) != Some(b"RIFF") || b.get(8..12) != Some(b"WAVE") {
        return Err("not a WAV file (no RIFF/WAVE header); record or export as .wav".into());
    }
    let mut at = 12;
    let mut format: Option<(u16, u16, u32, u16)> = None;
    let mut data: Option<&[u8]> = None;
    while at + 8 <= b.len() {
        let id = &b[at..at + 4];
        let len = u32_at(b, at + 4).ok_or("a chunk header is cut off")? as usize;
        let body = b
            .get(at + 8..(at + 8).saturating_add(len).min(b.len()))
            .ok_or("a chunk is cut off")?;
        match id {
            b"fmt " => {
                let tag = u16_at(body, 0).ok_or("the fmt chunk is cut off")?;
                let channels = u16_at(body, 2).ok_or("the fmt chunk is cut off")?;
                let rate = u32_at(body, 4).ok_or("the fmt chunk is cut off")?;
                let bits = u16_at(body, 14).ok_or("the fmt chunk is cut off")?;
                // WAVE_FORMAT_EXTENSIBLE carries the real tag in its sub-format.
                let tag = if tag == 0xFFFE {
                    u16_at(body, 24).ok_or("the extensible fmt chunk is cut off")?
                } else {
                    tag
                };
                format = Some((tag, channels, rate, bits));
            }
            b"data" => data = Some(body),
            _ => {}
        }
        at = at + 8 + len + (len & 1);
    }
    let (tag, channels, rate, bits) = format.ok_or("no fmt chunk")?;
    let data = data.ok_or("no data chunk")?;
    if channels == 0 || !(1_000..=384_000).contains(&rate) {
        return Err(format!(
            "{channels} channels at {rate} Hz is not audio round2 can read"
        ));
    }
    let width = usize::from(bits / 8);
    let frame = width * usize::from(channels);
    if frame == 0 {
        return Err(format!("{bits}-bit samples are not supported"));
    }
    let frames = data.len() / frame;
    if frames as u64 > u64::from(MAX_SECONDS) * u64::from(rate) {
        let secs = frames as u64 / u64::from(rate);
        return Err(format!(
            "the recording is {}:{:02} long, more than the {} minutes round2 transcribes for one answer; record each answer in its own file",
            secs / 60,
            secs % 60,
            MAX_SECONDS / 60
        ));
    }
    let sample = |s: &[u8]| -> Option<f32> {
        Some(match (tag, bits) {
            (1, 8) => (f32::from(s[0]) - 128.0) / 128.0,
            (1, 16) => f32::from(i16::from_le_bytes([s[0], s[1]])) / 32768.0,
            (1, 24) => (i32::from_le_bytes([0, s[0], s[1], s[2]]) >> 8) as f32 / 8_388_608.0,
            (1, 32) => i32::from_le_bytes([s[0], s[1], s[2], s[3]]) as f32 / 2_147_483_648.0,
            (3, 32) => f32::from_le_bytes([s[0], s[1], s[2], s[3]]),
            _ => return None,
        })
    };
    let mut mono = Vec::with_capacity(frames);
    for f in data.chunks_exact(frame) {
        let mut sum = 0.0;
        for c in f.chunks_exact(width) {
            sum += sample(c).ok_or_else(|| {
                format!("format {tag} with {bits}-bit samples is not supported (use 16-bit PCM)")
            })?;
        }
        let v = sum / f32::from(channels);
        mono.push(if v.is_finite() {
            v.clamp(-1.0, 1.0)
        } else {
            0.0
        });
    }
    Ok(Audio {
        samples: resample(&mono, rate, RATE),
    })
}

/// Resamples by linear interpolation after a moving-average low-pass when
/// going down (enough for speech recognition; Whisper listens below 8 kHz).
pub fn resample(x: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || x.is_empty() {
        return x.to_vec();
    }
    let smoothed: Vec<f32> = if from > to {
        let k = (from as f32 / to as f32).ceil() as usize;
        let mut out = Vec::with_capacity(x.len());
        let mut acc = 0.0f32;
        for i in 0..x.len() {
            acc += x[i];
            if i >= k {
                acc -= x[i - k];
            }
            out.push(acc / (i + 1).min(k) as f32);
        }
        out
    } else {
        x.to_vec()
    };
    let n = (x.len() as u64 * u64::from(to) / u64::from(from)) as usize;
    let step = from as f64 / to as f64;
    (0..n)
        .map(|i| {
            let p = i as f64 * step;
            let j = p.floor() as usize;
            let t = (p - j as f64) as f32;
            let a = smoothed[j.min(smoothed.len() - 1)];
            let b = smoothed[(j + 1).min(smoothed.len() - 1)];
            a + (b - a) * t
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(channels: u16, rate: u32, bits: u16, data: &[u8]) -> Vec<u8> {
        let mut b = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
        b.extend(16u32.to_le_bytes());
        b.extend(1u16.to_le_bytes());
        b.extend(channels.to_le_bytes());
        b.extend(rate.to_le_bytes());
        b.extend((rate * u32::from(channels) * u32::from(bits / 8)).to_le_bytes());
        b.extend((channels * bits / 8).to_le_bytes());
        b.extend(bits.to_le_bytes());
        b.extend(b"data");
        b.extend((data.len() as u32).to_le_bytes());
        b.extend(data);
        b
    }

    #[test]
    fn stereo_48k_becomes_mono_16k() {
        let mut data = Vec::new();
        for i in 0..48_000 {
            let v = ((i as f32 * 0.01).sin() * 10_000.0) as i16;
            data.extend(v.to_le_bytes());
            data.extend(v.to_le_bytes());
        }
        let a = parse(&wav(2, 48_000, 16, &data)).expect("parses");
        assert_eq!(a.samples.len(), 16_000);
        assert!((a.seconds() - 1.0).abs() < 1e-3);
        assert!(a.samples.iter().all(|s| s.abs() <= 1.0));
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        assert!(parse(b"hello").unwrap_err().contains("not a WAV"));
        assert!(parse(&wav(1, 16_000, 12, &[0; 8]))
            .unwrap_err()
            .contains("not supported"));
        assert!(parse(&wav(0, 16_000, 16, &[0; 8]))
            .unwrap_err()
            .contains("channels"));
        let mut cut = wav(1, 16_000, 16, &[0; 8]);
        cut.truncate(30);
        assert!(parse(&cut).is_err());
    }
}
