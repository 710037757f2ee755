//! Scores the shipped tagger on the SkillSpan dev split (read by path) and
//! enforces the quality bar: strict micro F1 ≥ 0.42 and loose F1 ≥ 0.70.

use round2_extract::tagger::train::{evaluate, parse_postings, rebuild};

#[test]
fn dev_scores_meet_thresholds() {
    let path = round2_testdata::require(round2_testdata::data_dir().join("skillspan/dev.jsonl"));
    let src = std::fs::read_to_string(&path).expect("read dev.jsonl");
    let postings: Vec<_> = parse_postings(&src)
        .expect("parse dev")
        .iter()
        .map(rebuild)
        .collect();
    assert_eq!(postings.len(), 58);
    let s = evaluate(&postings, |t| round2_extract::analyze(t).mentions);
    eprintln!(
        "dev: strict skill {:.3} knowledge {:.3} micro {:.3}; loose {:.3}",
        s.skill.f1, s.knowledge.f1, s.micro.f1, s.loose.f1
    );
    assert!(
        s.micro.f1 >= 0.42,
        "strict micro F1 {:.3} < 0.42",
        s.micro.f1
    );
    assert!(s.loose.f1 >= 0.70, "loose F1 {:.3} < 0.70", s.loose.f1);
}
