//! Loads the dev cases: the prep file (without `id` and `gold`) as a pack, and
//! a coverage ledger and story picks derived from `gold` standing in for the
//! coverage crate's output.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use round2_core::prep::{Format, PrepFile};
use round2_core::{Importance, LedgerStatus};
use round2_core::{PrepPack, Profile};
use round2_documents::{pack_from_prep, LedgerItem, StoryPick};
use serde_yaml_ng::Value;

pub struct Case {
    pub name: String,
    pub pack: PrepPack,
    pub gold: Value,
    pub ledger: Vec<LedgerItem>,
    pub picks: Vec<StoryPick>,
}

pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-06T09:30:00-05:00").expect("fixed time")
}

pub fn profile() -> Profile {
    Profile {
        name: "Sam Rivière".into(),
        email: Some("sam.riviere@example.com".into()),
        phone: None,
        headline: Some("a candidate who keeps good notes".into()),
        priorities: vec!["remote".into(), "team".into()],
    }
}

pub fn questions() -> Vec<(String, String)> {
    vec![
        (
            "team".into(),
            "How does the team decide what to work on next?".into(),
        ),
        (
            "success in the role".into(),
            "What would success look like in the first six months?".into(),
        ),
        (
            "next steps".into(),
            "What are the next steps after this round?".into(),
        ),
    ]
}

pub fn cases() -> Vec<Case> {
    round2_testdata::required_case_files()
        .iter()
        .map(|p| load(p.as_path()))
        .collect()
}

fn load(path: &Path) -> Case {
    let round2_testdata::SplitCase { prep_yaml, gold } = round2_testdata::read_case(path);
    let file = PrepFile::parse(&prep_yaml, Format::Yaml).expect("prep file parses");
    let pack = pack_from_prep(&file);
    let posting = pack.opportunity.job_description.clone();
    let mut ledger = Vec::new();
    for r in gold["requirements"].as_sequence().into_iter().flatten() {
        let alias = r["aliases"][0].as_str().unwrap_or_default().to_lowercase();
        let requirement = posting
            .lines()
            .find(|l| l.to_lowercase().contains(&alias))
            .map(|l| l.trim().trim_start_matches("- ").to_string())
            .unwrap_or(alias);
        let why = r["why"].as_str().unwrap_or_default().to_string();
        let best_story = why
            .split('\'')
            .nth(1)
            .filter(|t| pack.stories.iter().any(|s| s.title == *t))
            .map(str::to_string);
        ledger.push(LedgerItem {
            requirement,
            importance: if r["importance"].as_str() == Some("must") {
                Importance::Must
            } else {
                Importance::Nice
            },
            status: match r["status"].as_str() {
                Some("addressed") => LedgerStatus::Addressed,
                Some("story") => LedgerStatus::Story,
                _ => LedgerStatus::Gap,
            },
            evidence_excerpt: why,
            best_story,
        });
    }
    let picks = gold["story_questions"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(|q| {
            let title = q["best"][0].as_str()?;
            let story = pack.stories.iter().find(|s| s.title == title)?;
            Some(StoryPick {
                question: q["question"].as_str()?.to_string(),
                story_title: title.to_string(),
                result_line: story.result.clone(),
            })
        })
        .collect();
    Case {
        name: path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("case")
            .to_string(),
        pack,
        gold,
        ledger,
        picks,
    }
}
