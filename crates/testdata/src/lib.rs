//! The shared data round2 is measured on (SkillSpan, ESCO labels, the
//! example cases, the labelled practice answers) lives in `../shared/data`
//! beside the repository and is never copied in. Tests and evaluations find
//! it here, one way: `ROUND2_DATA_DIR` if set, else `../shared/data` from
//! the workspace root; never an absolute machine path. The example cases
//! carry `id` and `gold` for scoring, which [`split_case`] takes off once.
//!
//! Tests that need nothing from the shared data use fixtures of their own.

use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

/// The workspace root (this crate lives in `crates/testdata`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn from_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The shared data folder: `ROUND2_DATA_DIR`, else `../shared/data` from
/// the workspace root. It may not exist; [`require`] says so.
pub fn data_dir() -> PathBuf {
    from_env("ROUND2_DATA_DIR").unwrap_or_else(|| workspace_root().join("../shared/data"))
}

/// The example cases: `ROUND2_CASES` (a held-out set in the same format),
/// else `cases` in the shared data.
pub fn cases_dir() -> PathBuf {
    from_env("ROUND2_CASES").unwrap_or_else(|| data_dir().join("cases"))
}

/// The labelled practice answers: `ROUND2_ANSWERS`, else
/// `answers/dev.yaml` in the shared data.
pub fn answers_path() -> PathBuf {
    from_env("ROUND2_ANSWERS").unwrap_or_else(|| data_dir().join("answers/dev.yaml"))
}

/// `path`, which a test cannot run without: a panic that says where it
/// looked and how to point elsewhere when it is missing.
pub fn require(path: PathBuf) -> PathBuf {
    assert!(
        path.exists(),
        "the shared data is not at {} (looked for ../shared/data beside the repository; \
         set ROUND2_DATA_DIR to the data folder, or ROUND2_CASES / ROUND2_ANSWERS to those files)",
        path.display()
    );
    path
}

/// The case files (`*.yaml`) in `dir`, sorted by name.
pub fn case_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The example case files, for a test that needs them: a panic saying
/// where it looked when there are none.
pub fn required_case_files() -> Vec<PathBuf> {
    let dir = require(cases_dir());
    let files = case_files(&dir)
        .unwrap_or_else(|e| panic!("reading the cases folder {}: {e}", dir.display()));
    assert!(
        !files.is_empty(),
        "no case files (*.yaml) in {}",
        dir.display()
    );
    files
}

/// One case file as a prep file round2 can import (the text without `id`
/// and `gold`) and its `gold` (`Null` when it has none).
#[derive(Debug, Clone)]
pub struct SplitCase {
    pub prep_yaml: String,
    pub gold: Value,
}

/// Takes the keys a case carries for scoring (`id`, `gold`) off its text.
pub fn split_case(text: &str) -> Result<SplitCase, serde_yaml_ng::Error> {
    let mut value: Value = serde_yaml_ng::from_str(text)?;
    let mut gold = Value::Null;
    if let Some(map) = value.as_mapping_mut() {
        map.remove("id");
        gold = map.remove("gold").unwrap_or(Value::Null);
    }
    Ok(SplitCase {
        prep_yaml: serde_yaml_ng::to_string(&value)?,
        gold,
    })
}

/// A case file read and split, for a test: a panic naming the file when it
/// cannot be read or is not YAML.
pub fn read_case(path: &Path) -> SplitCase {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    split_case(&text).unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_takes_off_the_scoring_keys_only() {
        let case = split_case("id: dev99\ncompany: Acme\ngold:\n  requirements: []\nrole: Cook\n")
            .expect("YAML");
        assert!(!case.prep_yaml.contains("dev99"), "{}", case.prep_yaml);
        assert!(!case.prep_yaml.contains("gold"), "{}", case.prep_yaml);
        assert!(case.prep_yaml.contains("company: Acme"));
        assert!(case.prep_yaml.contains("role: Cook"));
        assert!(case.gold["requirements"].is_sequence());
        let plain = split_case("company: Acme\n").expect("YAML");
        assert!(plain.gold.is_null());
        assert!(split_case("company: [unclosed").is_err());
    }
}
