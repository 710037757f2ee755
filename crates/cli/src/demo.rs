//! `round2 demo`: the main job on the embedded example. It writes the example
//! into a fresh SQLite database in a folder and shows what a candidate sees.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use round2_core::prep::{Format, PrepFile};
use round2_store::{SqliteStore, Store};

use crate::commands::now;
use crate::output;

/// The example prep file, written by us, shipped in the binary.
pub const EXAMPLE: &str = include_str!("demo.yaml");

pub fn example() -> Result<PrepFile> {
    PrepFile::parse(EXAMPLE, Format::Yaml).context("the built-in example is invalid")
}

pub fn run(dir: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let db = dir.join("round2.db");
    for suffix in ["", "-wal", "-shm"] {
        let f = dir.join(format!("round2.db{suffix}"));
        if f.exists() {
            std::fs::remove_file(&f)
                .with_context(|| format!("removing the old {}", f.display()))?;
        }
    }
    let mut store = SqliteStore::open(&db)?;
    let file = example()?;
    let report = store.import(&file, now())?;
    let pack = store.pack(report.opportunity.id)?;
    std::fs::write(dir.join("example.yaml"), EXAMPLE)
        .with_context(|| format!("writing into {}", dir.display()))?;
    if json {
        return output::json(out, &pack);
    }
    writeln!(
        out,
        "round2 demo: an example candidate preparing round two\n"
    )?;
    output::pack(out, &pack)?;
    writeln!(out, "\nWritten to {}:", dir.display())?;
    writeln!(
        out,
        "  round2.db     the example's database (try: round2 --db {} opp show {})",
        db.display(),
        pack.opportunity.slug
    )?;
    writeln!(out, "  example.yaml  the prep file it was made from")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_has_what_the_demo_promises() {
        let f = super::example().unwrap();
        assert_eq!(f.stories.len(), 10);
        let r1 = &f.rounds[0];
        let r2 = &f.rounds[1];
        assert_eq!(r1.interviewers.len(), 2);
        assert!(r1.notes.len() >= 8);
        let returning: Vec<_> = r2
            .interviewers
            .iter()
            .filter(|p| r1.interviewers.iter().any(|q| q.name == p.name))
            .collect();
        assert_eq!(
            (returning.len(), r2.interviewers.len()),
            (1, 2),
            "one returning and one new interviewer"
        );
    }
}
