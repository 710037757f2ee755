//! WAV files as mono 16 kHz samples in [-1, 1]: 8-, 16-, 24- and 32-bit PCM
//! and 32-bit float, any rate, any channel count (averaged); and audio
//! written back as a 16-bit mono WAV (the recording kept). Bounded: a
//! header that claims more than the file holds, or audio longer than
//! [`MAX_SECONDS`], is refused with the reason.

use crate::audio::{resample, too_long, Audio, MAX_SECONDS, RATE};

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// Whether `b` starts as a WAV file does.
pub fn is_wav(b: &[u8]) -> bool {
    b.get(0..4) == Some(b"RIFF") && b.get(8..12) == Some(b"WAVE")
}

/// The header [`encode`] writes before the samples.
const HEADER: usize = 44;

/// The audio as a 16-bit PCM mono WAV at [`RATE`], which every player
/// opens: 32 kB a second.
pub fn encode(audio: &Audio) -> Vec<u8> {
    let data = audio.samples.len() * 2;
    let mut b = Vec::with_capacity(HEADER + data);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data as u32).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&RATE.to_le_bytes());
    b.extend_from_slice(&(RATE * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(data as u32).to_le_bytes());
    for s in &audio.samples {
        b.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).to_le_bytes());
    }
    b
}

/// The length in seconds of a WAV [`encode`] wrote, from its size alone.
pub fn encoded_seconds(bytes: u64) -> f32 {
    bytes.saturating_sub(HEADER as u64) as f32 / (2 * RATE) as f32
}

/// Parses WAV bytes.
pub fn parse(b: &[u8]) -> Result<Audio, String> {
    if !is_wav(b) {
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
        return Err(too_long(frames as u64 / u64::from(rate), true));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_audio_reads_back_within_a_step() {
        let a = Audio {
            samples: (0..8000)
                .map(|i| ((i as f32) * 0.01).sin() * 0.9)
                .chain([1.5, -1.5])
                .collect(),
        };
        let b = encode(&a);
        assert_eq!(b.len(), 44 + 2 * a.samples.len());
        assert!((encoded_seconds(b.len() as u64) - a.seconds()).abs() < 1e-6);
        let back = parse(&b).unwrap();
        assert_eq!(back.samples.len(), a.samples.len());
        for (x, y) in a.samples.iter().zip(&back.samples) {
            assert!((x.clamp(-1.0, 1.0) - y).abs() < 1e-4, "{x} {y}");
        }
    }

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
