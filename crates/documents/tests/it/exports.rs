//! Files for other apps: the interviewers as a `.vcf`, read back by the
//! `vcard4` crate that wrote it and by a second, independent parser (`ical`).

use std::io::BufReader;

use round2_core::prep::{Format, PrepFile};
use round2_documents::{interviewers_vcf, pack_from_prep};

use crate::fixtures::{cases, now};

/// A vCard text value as written: `\,` `\;` `\n` and `\\` undone.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every card through `ical`: (FN, EMAIL, ORG, NOTE) as that parser reads them.
fn read_with_ical(vcf: &str) -> Vec<[Option<String>; 4]> {
    ical::VcardParser::new(BufReader::new(vcf.as_bytes()))
        .map(|card| {
            let card = card.expect("ical reads the card");
            let get = |name: &str| {
                card.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.as_deref())
                    .map(unescape)
            };
            [get("FN"), get("EMAIL"), get("ORG"), get("NOTE")]
        })
        .collect()
}

#[test]
fn interviewers_read_back_by_two_parsers() {
    let mut people = 0;
    for case in cases() {
        let vcf = interviewers_vcf(&case.pack, now());
        assert!(vcf.split("\r\n").all(|l| l.len() <= 75), "{}", case.name);
        let cards = vcard4::parse(&vcf).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(cards.len(), case.pack.interviewers.len(), "{}", case.name);
        let second = read_with_ical(&vcf);
        assert_eq!(second.len(), cards.len(), "{}", case.name);
        for ((person, card), [fname, email, org, note]) in
            case.pack.interviewers.iter().zip(&cards).zip(second)
        {
            people += 1;
            assert_eq!(card.formatted_name[0].value, person.name);
            assert_eq!(fname.as_deref(), Some(person.name.as_str()));
            assert_eq!(email, person.email.clone());
            assert_eq!(org.as_deref(), Some(case.pack.opportunity.company.as_str()));
            let note = note.expect("a note");
            for r in case
                .pack
                .rounds
                .iter()
                .filter(|r| r.interviewers.iter().any(|i| i.id == person.id))
            {
                assert!(
                    note.contains(&format!("round {}", r.number)),
                    "{}: {note}",
                    case.name
                );
            }
        }
    }
    assert!(people >= 15, "only {people} interviewers in the dev cases");
}

#[test]
fn awkward_names_stay_one_value_each() {
    let yaml = r#"
version: 1
company: "Smith, Jones; & Partners"
role: "Analyst, Lead; Data"
rounds:
  - number: 1
    kind: phone screen
    interviewers:
      - {name: "Zoë O'Brien-Łukasiewicz, PhD", title: "VP; Data, Platforms", email: zoe@example.com}
      - {name: Bob}
"#;
    let pack = pack_from_prep(&PrepFile::parse(yaml, Format::Yaml).expect("parses"));
    let vcf = interviewers_vcf(&pack, now());
    let cards = vcard4::parse(&vcf).expect("vcard4 reads it");
    assert_eq!(cards.len(), 2);
    assert_eq!(
        cards[0].formatted_name[0].value,
        "Zoë O'Brien-Łukasiewicz, PhD"
    );
    let second = read_with_ical(&vcf);
    assert_eq!(
        second[0][0].as_deref(),
        Some("Zoë O'Brien-Łukasiewicz, PhD")
    );
    assert_eq!(
        second[1][3].as_deref().map(|n| n.contains("round 1")),
        Some(true)
    );
    assert!(second[0][3]
        .as_deref()
        .is_some_and(|n| n.contains("the Analyst, Lead; Data role at Smith, Jones; & Partners")));
}

mod anki {
    use std::io::Read;

    use round2_core::{Attempt, ReviewCard};
    use round2_documents::{anki_text, apkg, review_decks, Practised};
    use rusqlite::Connection;

    use crate::fixtures::{cases, now};

    fn attempt(opp: i64, qid: &str, answer: &str, rating: &str, day: i64) -> Attempt {
        Attempt {
            id: day,
            opportunity: Some(opp),
            question_id: qid.into(),
            question: format!("Question {qid}?"),
            answer: answer.into(),
            seconds: 60,
            feedback: serde_json::Value::Null,
            rating: Some(rating.into()),
            at: now() - chrono::Duration::days(day),
        }
    }

    /// A note with its card, as the collection holds them.
    struct Row {
        mid: i64,
        flds: String,
        sfld: String,
        csum: i64,
        guid: String,
        tags: String,
        did: i64,
    }

    /// The package's SQLite file, opened as Anki would.
    fn collection(package: &[u8]) -> (Connection, tempfile::TempDir) {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("a zip");
        let mut names: Vec<String> = zip.file_names().map(str::to_owned).collect();
        names.sort();
        assert_eq!(names, ["collection.anki2", "media"]);
        let mut media = String::new();
        zip.by_name("media")
            .unwrap()
            .read_to_string(&mut media)
            .unwrap();
        assert_eq!(media, "{}");
        let mut bytes = Vec::new();
        zip.by_name("collection.anki2")
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("collection.anki2");
        std::fs::write(&path, bytes).unwrap();
        (Connection::open(&path).unwrap(), dir)
    }

    #[test]
    fn a_package_holds_what_ankis_schema_needs() {
        let case = &cases()[0];
        let opp = case.pack.opportunity.id;
        let cards = vec![ReviewCard {
            opportunity: opp,
            question_id: "q1".into(),
            question: "Question q1?".into(),
            state: serde_json::Value::Null,
        }];
        let attempts = vec![
            attempt(
                opp,
                "q1",
                "An answer <b>with</b> markup & a line\nbreak.",
                "hard",
                3,
            ),
            attempt(opp, "q1", "The better answer.", "good", 2),
            attempt(opp, "q2", "Another.", "again", 1),
            attempt(opp + 999, "q9", "For another opportunity.", "easy", 1),
        ];
        let practised = [Practised {
            pack: &case.pack,
            cards: &cards,
            attempts: &attempts,
        }];
        let decks = review_decks(&practised, &case.pack.stories);
        let package = apkg(&decks, now()).expect("a package");
        let (db, _dir) = collection(&package);
        let integrity: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        let (ver, models, deck_json): (i64, String, String) = db
            .query_row("SELECT ver, models, decks FROM col", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(ver, 11);
        let models: serde_json::Value = serde_json::from_str(&models).unwrap();
        let model = models.as_object().unwrap().values().next().unwrap().clone();
        let mid = model["id"].as_i64().unwrap();
        assert_eq!(model["flds"].as_array().unwrap().len(), 2);
        assert!(model["tmpls"][0]["qfmt"]
            .as_str()
            .unwrap()
            .contains("{{Front}}"));
        let deck_json: serde_json::Value = serde_json::from_str(&deck_json).unwrap();
        let deck_names: Vec<&str> = deck_json
            .as_object()
            .unwrap()
            .values()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        assert!(deck_names.contains(&"Default"));
        assert!(deck_names.contains(&"round2::Stories"));
        // Two questions of this opportunity (not the other's), every story.
        let notes: i64 = db
            .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(notes as usize, 2 + case.pack.stories.len());
        // Every note of the model, with two fields, one card each in a known deck.
        let mut stmt = db
            .prepare("SELECT n.id, n.mid, n.flds, n.sfld, n.csum, n.guid, n.tags, c.did, c.nid FROM notes n JOIN cards c ON c.nid = n.id")
            .unwrap();
        let rows: Vec<Row> = stmt
            .query_map([], |r| {
                Ok(Row {
                    mid: r.get(1)?,
                    flds: r.get(2)?,
                    sfld: r.get(3)?,
                    csum: r.get(4)?,
                    guid: r.get(5)?,
                    tags: r.get(6)?,
                    did: r.get(7)?,
                })
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len() as i64, notes);
        let mut guids = std::collections::BTreeSet::new();
        for Row {
            mid: note_mid,
            flds,
            sfld,
            csum,
            guid,
            tags,
            did,
        } in &rows
        {
            assert_eq!(*note_mid, mid);
            let fields: Vec<&str> = flds.split('\u{1f}').collect();
            assert_eq!(fields.len(), 2, "{flds}");
            assert!(!fields[0].is_empty() && !fields[1].is_empty());
            use sha1::Digest;
            let d = sha1::Sha1::digest(sfld.as_bytes());
            assert_eq!(
                *csum,
                i64::from(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
            );
            assert!(guids.insert(guid.clone()), "guid {guid} twice");
            assert!(tags.starts_with(' ') && tags.ends_with(' ') && tags.contains(" round2 "));
            assert!(
                deck_json.get(did.to_string()).is_some(),
                "card in deck {did}"
            );
        }
        let q1 = rows.iter().find(|r| r.sfld == "Question q1?").expect("q1");
        assert!(
            q1.flds.contains("The better answer."),
            "the best-rated answer: {}",
            q1.flds
        );
        let flds: Vec<String> = rows.iter().map(|r| r.flds.clone()).collect();
        assert!(!flds.iter().any(|f| f.contains("For another opportunity")));
        assert!(!flds.iter().any(|f| f.contains("<b>")));

        // The same records, exported again: the same GUIDs.
        let again = collection(&apkg(&decks, now() + chrono::Duration::days(1)).unwrap()).0;
        let mut stmt = again.prepare("SELECT guid FROM notes").unwrap();
        let again: std::collections::BTreeSet<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(again, guids);

        // The text format: headers, then one row of five columns per note.
        let text = anki_text(&decks).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rows.len() as i64, notes);
        assert!(rows.iter().all(|r| r.split('\t').count() == 5), "{text}");
        assert!(text.starts_with("#separator:tab\n#html:true\n"));
    }

    #[test]
    fn nothing_to_review_is_refused() {
        let case = &cases()[0];
        let practised = [Practised {
            pack: &case.pack,
            cards: &[],
            attempts: &[],
        }];
        let decks = review_decks(&practised, &[]);
        assert!(apkg(&decks, now()).is_err());
        assert!(anki_text(&decks).is_err());
    }
}
