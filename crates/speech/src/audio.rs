//! Audio files as mono 16 kHz samples in [-1, 1], whatever they came in:
//! WAV through round2's own reader ([`crate::wav`]), and FLAC, MP3, Ogg
//! Vorbis, AAC or ALAC in MP4/M4A, and Matroska through Symphonia. A
//! format neither reads (the browser's webm/opus, say) is refused with the
//! command that converts it. Bounded: files over [`MAX_BYTES`] and audio
//! over [`MAX_SECONDS`] are refused, and a file whose packets do not decode
//! stops after a few hundred tries instead of looping.

use std::io::Cursor;
use std::path::Path;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as Sym;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use crate::{wav, SpeechError};

/// The rate Whisper listens at.
pub const RATE: u32 = 16_000;
/// The longest answer round2 transcribes: five minutes, twice the longest
/// answer an interviewer wants to hear, so a whole session recorded by
/// mistake is refused at once instead of transcribed for minutes.
pub const MAX_SECONDS: u32 = 300;
/// The largest audio file read (ten minutes of 48 kHz stereo 32-bit float
/// WAV is 230 MB; anything past this is refused before it is read, and
/// anything under it longer than [`MAX_SECONDS`] once that is known).
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// How to make a file round2 reads, said with every refusal of a format.
pub const CONVERT: &str =
    "convert it first, e.g. `ffmpeg -i IN -ac 1 -ar 16000 answer.wav` or `sox IN -c 1 -r 16000 answer.wav`";

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

/// The extensions of the audio files round2 reads.
pub const EXTENSIONS: &[&str] = &["wav", "flac", "mp3", "ogg", "oga", "m4a", "mp4", "mka"];

/// Whether a file name ends in one of [`EXTENSIONS`] (any case).
pub fn has_audio_extension(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Reads an audio file; its extension helps tell the format, its bytes decide.
pub fn read(path: &Path) -> Result<Audio, SpeechError> {
    let refuse = |reason: String| SpeechError::Audio {
        path: path.to_path_buf(),
        reason,
    };
    let len = std::fs::metadata(path)
        .map_err(|e| SpeechError::io(path, e))?
        .len();
    if len > MAX_BYTES {
        return Err(refuse(format!(
            "{} MB is more than the {} MB round2 reads; answer in shorter takes",
            len / 1_000_000,
            MAX_BYTES / 1_000_000
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| SpeechError::io(path, e))?;
    let ext = path.extension().and_then(|e| e.to_str());
    parse(bytes, ext).map_err(refuse)
}

/// Parses the bytes of an audio file; `ext` (without the dot) is a hint.
/// The bytes are taken as they are (a `Vec`, the web's `Bytes`), since the
/// decoder reads from an owned buffer: a 200 MB file is not copied.
pub fn parse<B>(bytes: B, ext: Option<&str>) -> Result<Audio, String>
where
    B: AsRef<[u8]> + Send + Sync + 'static,
{
    let b = bytes.as_ref();
    if b.is_empty() {
        return Err("the file is empty".into());
    }
    // A file named .wav is read as one, so a text file named so is told
    // it is not a WAV file rather than that no format fits.
    if wav::is_wav(b) || ext.is_some_and(|e| e.eq_ignore_ascii_case("wav")) {
        return wav::parse(b);
    }
    decode(bytes, ext)
}

/// The rate as decoded, and the samples averaged to mono.
struct Mono {
    rate: u32,
    samples: Vec<f32>,
}

fn decode<B>(bytes: B, ext: Option<&str>) -> Result<Audio, String>
where
    B: AsRef<[u8]> + Send + Sync + 'static,
{
    let what = match ext {
        Some(e) => format!("a .{e} file round2 cannot read"),
        None => "not audio round2 can read".to_string(),
    };
    let mss = MediaSourceStream::new(Box::new(Cursor::new(bytes)), Default::default());
    let mut hint = Hint::new();
    if let Some(e) = ext {
        hint.with_extension(e);
    }
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            mss,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|_| {
            format!("{what} (it reads WAV, FLAC, MP3, Ogg Vorbis, M4A/AAC and ALAC); {CONVERT}")
        })?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| format!("the file holds no audio track; {CONVERT}"))?;
    let id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|_| {
            let codec = symphonia::default::get_codecs()
                .get_codec(track.codec_params.codec)
                .map(|d| d.short_name.to_string())
                .unwrap_or_else(|| "its codec".into());
            format!("the audio is in {codec}, which round2 cannot decode; {CONVERT}")
        })?;
    let mut mono: Option<Mono> = None;
    let mut buf: Option<SampleBuffer<f32>> = None;
    let mut bad_packets = 0u32;
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(Sym::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(Sym::ResetRequired) => break,
            Err(e) => return Err(format!("the file is damaged: {e}")),
        };
        if packet.track_id() != id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(d) => d,
            Err(Sym::DecodeError(_)) | Err(Sym::IoError(_)) => {
                // A damaged packet is skipped, as players do; a file of
                // nothing but damage stops here.
                bad_packets += 1;
                if bad_packets > 200 {
                    return Err("the file is damaged: its audio does not decode".into());
                }
                continue;
            }
            Err(e) => return Err(format!("the audio does not decode: {e}")),
        };
        let spec = *decoded.spec();
        let channels = spec.channels.count();
        if channels == 0 || !(1_000..=384_000).contains(&spec.rate) {
            return Err(format!(
                "{channels} channels at {} Hz is not audio round2 can read",
                spec.rate
            ));
        }
        let m = mono.get_or_insert_with(|| Mono {
            rate: spec.rate,
            samples: Vec::new(),
        });
        if m.rate != spec.rate {
            return Err(format!(
                "the rate changes from {} Hz to {} Hz part way; {CONVERT}",
                m.rate, spec.rate
            ));
        }
        let b = match &mut buf {
            Some(b) if b.capacity() >= decoded.capacity() * channels => b,
            _ => buf.insert(SampleBuffer::new(decoded.capacity() as u64, spec)),
        };
        b.copy_interleaved_ref(decoded);
        for frame in b.samples().chunks_exact(channels) {
            let v = frame.iter().sum::<f32>() / channels as f32;
            m.samples.push(if v.is_finite() {
                v.clamp(-1.0, 1.0)
            } else {
                0.0
            });
        }
        let limit = u64::from(MAX_SECONDS) * u64::from(m.rate);
        if m.samples.len() as u64 > limit {
            return Err(too_long(m.samples.len() as u64 / u64::from(m.rate), false));
        }
    }
    let m = mono.ok_or_else(|| format!("the file holds no audio that decodes; {CONVERT}"))?;
    Ok(Audio {
        samples: resample(&m.samples, m.rate, RATE),
    })
}

/// The refusal of a recording over [`MAX_SECONDS`]: `secs` is its whole
/// length when `whole`, else how far it was read before it was stopped.
pub(crate) fn too_long(secs: u64, whole: bool) -> String {
    format!(
        "the recording is {}:{:02} long{}, more than the {} minutes round2 transcribes for one answer; record each answer in its own file",
        secs / 60,
        secs % 60,
        if whole { "" } else { " or more" },
        MAX_SECONDS / 60
    )
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

    #[test]
    fn audio_extensions_are_told_in_any_case() {
        assert!(has_audio_extension("answer.WAV"));
        assert!(has_audio_extension("q1.flac"));
        assert!(has_audio_extension("dir.x/q1.m4a"));
        assert!(!has_audio_extension("notes.txt"));
        assert!(!has_audio_extension("flac"));
    }

    #[test]
    fn what_is_not_audio_is_refused_with_how_to_convert() {
        let e = parse(b"hello, this is a text file", Some("mp3")).unwrap_err();
        assert!(e.contains(".mp3 file round2 cannot read"), "{e}");
        assert!(e.contains("ffmpeg -i"), "{e}");
        assert_eq!(
            parse(Vec::new(), Some("flac")).unwrap_err(),
            "the file is empty"
        );
    }

    #[test]
    fn a_cut_flac_header_is_refused_not_trusted() {
        // "fLaC" and a STREAMINFO block header that promises more than follows.
        let mut b = b"fLaC".to_vec();
        b.extend([0x80, 0x00, 0x00, 0x22]);
        b.extend([0u8; 10]);
        let e = parse(b, Some("flac")).unwrap_err();
        assert!(e.contains(".flac file round2 cannot read"), "{e}");
        assert!(e.contains("ffmpeg -i"), "{e}");
    }

    #[test]
    fn resampling_keeps_the_duration() {
        let x = vec![0.5f32; 44_100];
        let y = resample(&x, 44_100, RATE);
        assert_eq!(y.len(), 16_000);
        assert!(y.iter().all(|v| (v - 0.5).abs() < 1e-4));
    }
}
