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
