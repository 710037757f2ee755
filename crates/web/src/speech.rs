//! Spoken answers in the web UI: a recording transcribed with the speech
//! model installed on this machine (`round2 model fetch whisper-... --from`).

use round2_speech::{delivery, wav};

use crate::WebError;

/// A transcribed answer.
pub struct Spoken {
    pub text: String,
    pub seconds: u32,
    /// One line on how it was transcribed and said.
    pub summary: String,
}

/// Transcribes WAV bytes (blocking: call off the async threads).
pub fn transcribe(bytes: &[u8]) -> Result<Spoken, WebError> {
    let audio = wav::parse(bytes).map_err(|r| WebError::bad(format!("the recording: {r}")))?;
    let dir = round2_embed::install::default_models_dir()
        .ok_or_else(|| WebError::bad("no models folder: set ROUND2_MODELS or HOME"))?;
    let heard = round2_speech::hear(&dir, &audio).map_err(|e| match e {
        round2_speech::SpeechError::NotInstalled => WebError::bad(e.to_string()),
        e => WebError::internal(e.to_string()),
    })?;
    if heard.text.trim().is_empty() {
        return Err(WebError::bad("the recording: no speech heard in it"));
    }
    let (d, words) = (&heard.delivery, heard.delivery.words);
    let pauses = match d.pauses {
        0 => format!("no pauses of {:.1} s or more", delivery::PAUSE_SECONDS),
        n => format!(
            "{n} pauses of {:.1} s or more, the longest {:.1} s",
            delivery::PAUSE_SECONDS,
            d.longest_pause_seconds
        ),
    };
    Ok(Spoken {
        summary: format!(
            "Transcribed on this machine with {}: {:.0} seconds, {words} words, {:.0} words a minute, {pauses}.",
            heard.model, d.speaking_seconds, d.words_per_minute
        ),
        seconds: audio.seconds().round() as u32,
        text: heard.text,
    })
}
