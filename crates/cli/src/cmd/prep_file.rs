//! `import`, `export` and `backup`: a prep file into the store, an
//! opportunity out as a prep file, the SQLite database copied whole.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use round2_core::prep::PrepFile;
use round2_store::{SqliteStore, Store};

use crate::edge::{now, read_prep, write_atomically};
use crate::output;

pub fn import(s: &mut dyn Store, path: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let file = read_prep(path)?;
    let report = s
        .import(&file, now())
        .with_context(|| format!("importing {}", path.display()))?;
    if json {
        return output::json(out, &report);
    }
    let verb = if report.created {
        "Imported"
    } else {
        "Updated"
    };
    writeln!(
        out,
        "{verb} {} — {} as `{}`: {} rounds, {} notes, {} new and {} updated stories.",
        report.opportunity.company,
        report.opportunity.role,
        report.opportunity.slug,
        report.rounds,
        report.notes,
        report.stories_added,
        report.stories_updated
    )?;
    Ok(())
}

pub fn export(
    s: &mut dyn Store,
    slug: &str,
    format: ExportFormat,
    to: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    let opp = s.opportunity(slug)?;
    let file = PrepFile::from_pack(&s.pack(opp.id)?);
    let text = match format {
        ExportFormat::Yaml => file.to_yaml()?,
        ExportFormat::Json => file.to_json()? + "\n",
    };
    match to {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            writeln!(out, "Wrote {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

pub fn backup(spec: &str, file: &Path, out: &mut dyn Write) -> Result<()> {
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        bail!("`round2 backup` copies a SQLite database; for PostgreSQL use pg_dump");
    }
    let mut store = SqliteStore::open(Path::new(spec))?;
    store
        .backup(file)
        .with_context(|| format!("backing up to {}", file.display()))?;
    writeln!(out, "Backed up {spec} to {}.", file.display())?;
    Ok(())
}

// ---- arguments ------------------------------------------------------------

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Yaml,
    Json,
}
