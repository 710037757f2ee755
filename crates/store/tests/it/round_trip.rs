//! Export → import round trips on generated prep files (SQLite): whatever
//! text a user types (YAML's own punctuation, `*` and `&`, quotes, line
//! breaks in notes, non-ASCII) comes back exactly, and the limits never
//! refuse a file round2 wrote itself.

use chrono::{DateTime, FixedOffset, TimeZone};
use proptest::prelude::*;
use round2_core::prep::{Format, PrepFile, PrepInterviewer, PrepNote, PrepRound, PrepStory};
use round2_core::{NoteKind, Stage};
use round2_store::{SqliteStore, Store};

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 20, 9, 0, 0)
        .unwrap()
}

/// Text a user might type, with everything YAML treats specially.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 :#'\"\\-{}\\[\\],.é✓*&!|>%@`?\n]{1,60}"
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

prop_compose! {
    fn prep_file()(
        company in "[A-Z][a-z]{1,10}( [A-Z][a-z]{1,8})?",
        role in "[A-Z][a-z]{2,10}",
        posting in text(),
        names in proptest::collection::btree_set("[A-Z][a-z]{1,8}", 0..3),
        raw_notes in proptest::collection::vec(
            (proptest::sample::select(vec![NoteKind::Topic, NoteKind::Question, NoteKind::Forgot]),
             any::<prop::sample::Index>(), any::<bool>(), text()),
            0..5),
        story_text in text(),
        tags in proptest::collection::vec("[a-z*&]{1,8}", 0..3),
    ) -> PrepFile {
        let interviewers: Vec<PrepInterviewer> = names
            .into_iter()
            .map(|name| PrepInterviewer { name, title: None, email: Some("x@example.com".into()) })
            .collect();
        let notes = raw_notes
            .into_iter()
            .map(|(kind, who, named, text)| PrepNote {
                kind,
                interviewer: (named && !interviewers.is_empty())
                    .then(|| interviewers[who.index(interviewers.len())].name.clone()),
                story: None,
                topic: None,
                text,
            })
            .collect();
        PrepFile {
            version: 1,
            company,
            role,
            url: None,
            stage: Some(Stage::Round1),
            job_description: posting,
            research: vec![],
            rounds: vec![PrepRound {
                number: 1,
                kind: "interview".into(),
                date: Some(now()),
                duration_minutes: Some(45),
                place: None,
                interviewers,
                notes,
            }],
            stories: vec![PrepStory {
                title: "A story".into(),
                situation: story_text.clone(),
                task: String::new(),
                action: story_text,
                result: "r".into(),
                tags,
            }],
            questions_to_ask: vec![],
            checklist: vec![],
            thank_you: vec![],
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn export_then_import_gives_back_the_same_records(file in prep_file()) {
        let dir = tempfile::TempDir::new().unwrap();
        let mut first = SqliteStore::open(&dir.path().join("a.db")).unwrap();
        let report = first.import(&file, now()).unwrap();
        let exported = PrepFile::from_pack(&first.pack(report.opportunity.id).unwrap());
        prop_assert_eq!(&exported.rounds[0].notes, &file.rounds[0].notes);
        prop_assert_eq!(&exported.job_description, &file.job_description);

        for (name, text) in [
            ("yaml", exported.to_yaml().unwrap()),
            ("json", exported.to_json().unwrap()),
        ] {
            let format = if name == "yaml" { Format::Yaml } else { Format::Json };
            let parsed = PrepFile::parse(&text, format)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}\n{text}")))?;
            let mut second = SqliteStore::open(&dir.path().join(format!("{name}.db"))).unwrap();
            let again = second.import(&parsed, now()).unwrap();
            let reexported = PrepFile::from_pack(&second.pack(again.opportunity.id).unwrap());
            prop_assert_eq!(&reexported, &exported, "{}", name);
        }
    }
}
