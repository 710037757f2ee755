//! Spoken answers in the web UI: a recording transcribed with the speech
//! model installed on this machine (`round2 model fetch whisper-...`).

use round2_practice::spoken::Spoken;
use round2_speech::{audio, delivery};

use crate::WebError;

/// A transcribed answer and how it was said.
#[derive(Debug, Clone)]
pub struct Heard {
    pub text: String,
    pub spoken: Spoken,
}

/// Reads the bytes of an audio file whose name ended in `ext` (blocking:
/// call off the async threads).
pub fn decode(bytes: axum::body::Bytes, ext: Option<&str>) -> Result<audio::Audio, WebError> {
    audio::parse(bytes, ext).map_err(|r| WebError::bad(format!("the recording: {r}")))
}

/// Transcribes `audio` with the installed speech model, telling `progress`
/// the seconds heard of all (blocking: call off the async threads).
pub fn hear(audio: &audio::Audio, progress: &mut dyn FnMut(f32, f32)) -> Result<Heard, WebError> {
    let dir = round2_embed::install::default_models_dir()
        .ok_or_else(|| WebError::bad("no models folder: set ROUND2_MODELS or HOME"))?;
    let heard = round2_speech::hear_with(&dir, audio, progress).map_err(|e| match e {
        round2_speech::SpeechError::NotInstalled => WebError::bad(e.to_string()),
        e => WebError::internal(e.to_string()),
    })?;
    if heard.text.trim().is_empty() {
        return Err(WebError::bad(format!(
            "the recording: no speech heard in its {:.1} seconds",
            audio.seconds()
        )));
    }
    Ok(Heard {
        text: heard.text,
        spoken: Spoken {
            model: heard.model,
            delivery: heard.delivery,
        },
    })
}

/// One line on how an answer was transcribed and said.
pub fn summary(s: &Spoken) -> String {
    let d = &s.delivery;
    let pauses = match d.pause_list.as_slice() {
        [] => format!("no pauses of {:.1} s or more", delivery::PAUSE_SECONDS),
        list => format!(
            "{} {} of {:.1} s or more ({})",
            list.len(),
            if list.len() == 1 { "pause" } else { "pauses" },
            delivery::PAUSE_SECONDS,
            list.iter()
                .map(|p| p.describe())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "Transcribed on this machine with {}: {:.0} seconds, {} words, {:.0} words a minute ({}), {pauses}.",
        s.model,
        d.speaking_seconds,
        d.words,
        d.words_per_minute,
        d.pace_words()
    )
}
