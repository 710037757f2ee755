//! The dev cases' postings: every gold requirement alias lands inside one
//! extracted requirement with the gold importance.

use round2_core::Importance;
use round2_extract::analyze;

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    job_description: String,
    gold: Gold,
}

#[derive(serde::Deserialize)]
struct Gold {
    requirements: Vec<GoldReq>,
}

#[derive(serde::Deserialize)]
struct GoldReq {
    key: String,
    aliases: Vec<String>,
    importance: String,
}

#[test]
fn gold_aliases_land_in_requirements() {
    let dir = round2_testdata::require(round2_testdata::cases_dir());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("cases dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("dev") && n.ends_with(".yaml"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for f in files {
        let case: Case = serde_yaml_ng::from_str(&std::fs::read_to_string(&f).expect("read case"))
            .expect("yaml");
        let a = analyze(&case.job_description);
        for r in &a.requirements {
            assert_eq!(&case.job_description[r.start..r.end], r.text);
        }
        for g in &case.gold.requirements {
            let want = match g.importance.as_str() {
                "must" => Importance::Must,
                "nice" => Importance::Nice,
                _ => Importance::Unspecified,
            };
            for alias in &g.aliases {
                let hit = a
                    .requirements
                    .iter()
                    .find(|r| r.text.to_lowercase().contains(alias.as_str()));
                match hit {
                    Some(r) if r.importance == want => {}
                    Some(r) => failures.push(format!(
                        "{}/{}: {alias:?} in {:?} has {:?}, want {want:?}",
                        case.id, g.key, r.text, r.importance
                    )),
                    None => failures.push(format!(
                        "{}/{}: {alias:?} not in any requirement",
                        case.id, g.key
                    )),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
