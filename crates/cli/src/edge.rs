//! The edge of the command line: the clock, the database named by `--db`,
//! prep files read and files written whole. Every command module uses these;
//! none of them is a command.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, FixedOffset};
use round2_core::prep::{Format, PrepFile};
use round2_core::PrepPack;
use round2_store::Store;

use crate::input::{read_text, MAX_PREP_FILE_BYTES};

/// The clock is read here, at the edge, and passed in.
pub fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// `--db` / `ROUND2_DB`, else `round2.db` in the user's data directory.
/// An empty `--db ""` is refused rather than quietly meaning the default
/// (the same for an empty `ROUND2_DB`).
pub fn db_spec(flag: Option<String>) -> Result<String> {
    db_spec_or(flag, "round2.db")
}

/// [`db_spec`] with another file name for the default.
pub fn db_spec_or(flag: Option<String>, default_file: &str) -> Result<String> {
    match flag {
        Some(spec) if spec.trim().is_empty() => {
            bail!("--db (or ROUND2_DB) is empty: give a SQLite file path or a postgres:// URL, or leave both out for the default")
        }
        Some(spec) => return Ok(spec),
        None => {}
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| anyhow!("cannot find a data directory: set --db or ROUND2_DB"))?;
    let dir = base.join("round2");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir.join(default_file).display().to_string())
}

pub fn open(spec: &str) -> Result<Box<dyn Store>> {
    Ok(round2_store::open(spec)?)
}

/// Reads and parses a prep file with errors that name the file.
pub fn read_prep(path: &Path) -> Result<PrepFile> {
    let text = read_text(path, MAX_PREP_FILE_BYTES, "prep file")?;
    let ext = path.extension().and_then(|e| e.to_str());
    PrepFile::parse(&text, Format::detect(ext, &text))
        .with_context(|| format!("{}", path.display()))
}

/// Writes through a temporary file and a rename, so a crash never leaves a
/// half-written file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{} is a directory: give a file name to write (e.g. {}/prep.yaml)",
            path.display(),
            path.display()
        );
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("round2")
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", path.display()))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        // Never leave the half-step behind.
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("writing {}", path.display()));
    }
    Ok(())
}

pub fn pack_of(s: &mut dyn Store, slug: &str) -> Result<PrepPack> {
    let o = s.opportunity(slug)?;
    Ok(s.pack(o.id)?)
}
