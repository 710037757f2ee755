//! Snapshots of every document for every dev case, and the checks the
//! product promises: one-page PDF with a text layer, grounded thank-you notes
//! of 60 to 180 words, parseable `.eml` and `.ics`.

use std::collections::BTreeSet;

use chrono::Duration;
use round2_documents::pitch::Pitch;
use round2_documents::talking_points::talking_points_markdown;
use round2_documents::text::{word_count, words};
use round2_documents::thank_you::{connecting_words, draft_to_text};
use round2_documents::{
    build_cheat_sheet, calendar_ics, draft_to_eml, interviewer_memory, pitch, plan_stories,
    talking_points, thank_you_notes, validate_template, PracticeSession, SheetInput,
};

use crate::fixtures::{cases, now, profile, questions, Case};

fn input<'a>(case: &'a Case, profile: &'a round2_core::Profile) -> SheetInput<'a> {
    SheetInput {
        ledger_items: case.ledger.clone(),
        story_picks: case.picks.clone(),
        questions_to_ask: questions(),
        ..SheetInput::new(&case.pack, profile, now())
    }
}

#[test]
fn snapshots_of_every_document() {
    let profile = profile();
    // The snapshots pin the documents of dev01-dev03, the cases they were
    // reviewed on; the other twelve are measured by the tests below.
    for case in cases()
        .into_iter()
        .filter(|c| ["dev01", "dev02", "dev03"].contains(&c.name.as_str()))
    {
        let input = input(&case, &profile);
        let name = &case.name;
        insta::assert_snapshot!(
            format!("{name}_talking_points"),
            talking_points_markdown(&talking_points(&input))
        );
        let round = input.next_round().expect("next round");
        let pitches: Vec<Pitch> = round
            .interviewers
            .iter()
            .map(|p| pitch(&input, &p.name))
            .collect();
        insta::assert_snapshot!(
            format!("{name}_pitch"),
            pitches
                .iter()
                .map(Pitch::to_markdown)
                .collect::<Vec<_>>()
                .join("\n---\n\n")
        );
        let sheet = build_cheat_sheet(&input);
        insta::assert_snapshot!(format!("{name}_sheet_md"), sheet.to_markdown());
        insta::assert_snapshot!(format!("{name}_sheet_html"), sheet.to_html());
        let drafts = thank_you_notes(&case.pack, &profile, 1, None);
        insta::assert_snapshot!(
            format!("{name}_thank_you"),
            drafts
                .iter()
                .map(draft_to_text)
                .collect::<Vec<_>>()
                .join("\n=====\n\n")
        );
        let eml = draft_to_eml(&drafts[0], &profile, now()).expect("eml");
        insta::assert_snapshot!(format!("{name}_eml"), eml.replace("\r\n", "⏎\n"));
        let practice = vec![PracticeSession {
            start: now() + Duration::hours(10),
            minutes: 15,
            label: "Questions due today".into(),
        }];
        let ics = calendar_ics(&case.pack, &drafts, &practice, now());
        insta::assert_snapshot!(format!("{name}_ics"), ics.replace("\r\n", "⏎\n"));
    }
}

#[test]
fn pdf_is_one_a4_page_with_embedded_fonts_and_a_text_layer() {
    let profile = profile();
    for case in cases() {
        let input = input(&case, &profile);
        let sheet = build_cheat_sheet(&input);
        let pdf = sheet.to_pdf().expect("pdf");
        let out =
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}.pdf", case.name));
        std::fs::write(&out, &pdf.bytes).expect("write pdf for inspection");
        let doc = lopdf::Document::load_mem(&pdf.bytes).expect("pdf parses");
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1, "{}: one page", case.name);
        let raw = String::from_utf8_lossy(&pdf.bytes);
        assert!(raw.contains("/FontFile2"), "{}: font embedded", case.name);
        assert!(raw.contains("/ToUnicode"), "{}: ToUnicode map", case.name);
        assert!(raw.contains("595.28 841.89"), "{}: A4", case.name);
        let text = extract_text(&doc);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let round = input.next_round().expect("round");
        for p in &round.interviewers {
            assert!(
                flat.contains(&p.name),
                "{}: name {} in PDF text:\n{flat}",
                case.name,
                p.name
            );
        }
        for (_, q) in questions() {
            assert!(flat.contains(&q), "{}: question {q} in PDF", case.name);
        }
        let mut kept = 0;
        for tp in &sheet.talking_points {
            let start: String = tp
                .line
                .text
                .split_whitespace()
                .take(5)
                .collect::<Vec<_>>()
                .join(" ");
            if flat.contains(&start) {
                kept += 1;
            }
        }
        assert!(kept >= 3, "{}: talking points in PDF ({kept})", case.name);
        assert!(flat.contains("Arrive 10-15 minutes early"));
        eprintln!(
            "{}: {} bytes, left out: {:?}",
            case.name,
            pdf.bytes.len(),
            pdf.left_out
        );
    }
}

#[test]
fn thank_you_notes_are_specific_distinct_and_grounded() {
    let profile = profile();
    let connecting = connecting_words();
    let mut gold_total = 0;
    let mut gold_hit = 0;
    let mut notes_total = 0;
    let mut notes_naming = 0;
    for case in cases() {
        let drafts = thank_you_notes(&case.pack, &profile, 1, None);
        let round = case.pack.round(1).expect("round 1");
        assert_eq!(drafts.len(), round.interviewers.len());
        let bodies: BTreeSet<&str> = drafts.iter().map(|d| d.body.as_str()).collect();
        assert_eq!(bodies.len(), drafts.len(), "{}: distinct bodies", case.name);
        let mut records = String::new();
        for n in &case.pack.notes {
            records.push_str(&n.text);
            records.push(' ');
        }
        for p in &case.pack.interviewers {
            records.push_str(&p.name);
            records.push(' ');
        }
        records.push_str(&format!(
            "{} {} {}",
            case.pack.opportunity.role, case.pack.opportunity.company, profile.name
        ));
        let record_words: BTreeSet<String> = words(&records).into_iter().collect();
        for d in &drafts {
            let n = word_count(&d.body);
            assert!(
                (60..=180).contains(&n),
                "{} {}: {n} words",
                case.name,
                d.interviewer
            );
            assert!(d.body.contains(round2_documents::thank_you::short_role(
                &case.pack.opportunity.role
            )));
            assert!(d.body.contains(&case.pack.opportunity.company));
            assert_eq!(d.deadline, round.date.map(|t| t + Duration::hours(24)));
            for w in words(&d.body) {
                assert!(
                    connecting.contains(&w) || record_words.contains(&w),
                    "{} {}: `{w}` is neither a connecting word nor in the records:\n{}",
                    case.name,
                    d.interviewer,
                    d.body
                );
            }
            // A topic phrase from that interviewer's own notes.
            let theirs: Vec<&str> = case
                .pack
                .notes
                .iter()
                .filter(|x| x.interviewer.as_deref() == Some(d.interviewer.as_str()))
                .map(|x| x.text.as_str())
                .collect();
            // Three words in a row from one of their notes (the interviewer
            // turned into "you" on both sides), from a note the draft cites.
            let person = |w: String| match w.as_str() {
                "he" | "she" | "they" | "him" | "them" => "you".to_string(),
                "his" | "her" | "their" => "your".to_string(),
                _ => w,
            };
            let body_words: Vec<String> = words(&d.body).into_iter().map(person).collect();
            let has_topic = theirs.iter().any(|t| {
                let tw: Vec<String> = words(t).into_iter().map(person).collect();
                body_words
                    .windows(3)
                    .any(|win| tw.windows(3).any(|x| x == win))
            }) && d.sources.iter().any(|s| matches!(
                s,
                round2_documents::Source::Note { interviewer: Some(w), .. } if *w == d.interviewer
            ));
            assert!(
                has_topic,
                "{} {}: no topic from their notes",
                case.name, d.interviewer
            );
            // Loose check against the gold topics: the note names at least
            // one topic a coach says was discussed with that interviewer.
            let body_l = d.body.to_lowercase();
            let gold = case.gold["thank_you"]
                .as_sequence()
                .into_iter()
                .flatten()
                .find(|g| g["interviewer"].as_str() == Some(d.interviewer.as_str()));
            let mut named = false;
            for topic in gold
                .and_then(|g| g["topics"].as_sequence())
                .into_iter()
                .flatten()
            {
                let t = topic.as_str().unwrap_or_default();
                let content: Vec<String> = words(t).into_iter().filter(|w| w.len() > 3).collect();
                let hits = content
                    .iter()
                    .filter(|w| body_l.contains(w.as_str()))
                    .count();
                gold_total += 1;
                if !content.is_empty() && hits * 2 >= content.len() {
                    gold_hit += 1;
                    named = true;
                }
            }
            notes_total += 1;
            notes_naming += usize::from(named);
            if !named {
                eprintln!(
                    "{} {}: no gold topic named:\n{}\n",
                    case.name, d.interviewer, d.body
                );
            }
        }
    }
    eprintln!(
        "gold thank-you topics mentioned: {gold_hit}/{gold_total}; notes naming one: {notes_naming}/{notes_total}"
    );
    // A note names one or two topics (a person does not list four), so the
    // share of all gold topics is bounded; what matters is that each note
    // names one a coach would. Measured over all fifteen cases: 25/29 (the
    // word match is crude: "how I decide between talking to people and
    // counting them" is the gold "refill diary study" and does not count).
    assert!(
        notes_naming * 100 >= notes_total * 85,
        "{notes_naming}/{notes_total} notes name a gold topic"
    );
}

#[test]
fn user_template_fills_placeholders_and_rejects_unknown_ones() {
    let profile = profile();
    let case = &cases()[0];
    let t = "Hi {interviewer_first_name},\nThanks for talking about {topic}. I want the {role} job at {company}.\n{follow_up}\n{my_name}";
    validate_template(t).expect("valid");
    let drafts = thank_you_notes(&case.pack, &profile, 1, Some(t));
    assert!(drafts[0].body.starts_with("Hi "));
    assert!(!drafts[0].body.contains('{'));
    assert!(validate_template("Hi {name}").is_err());
}

#[test]
fn eml_parses_back_with_headers_and_body() {
    let profile = profile();
    for case in cases() {
        for d in thank_you_notes(&case.pack, &profile, 1, None) {
            let eml = draft_to_eml(&d, &profile, now()).expect("eml");
            assert!(eml.lines().all(|l| l.len() <= 78 || !l.is_ascii()));
            let msg = mail_parser::MessageParser::default()
                .parse(eml.as_bytes())
                .expect("parses");
            assert_eq!(msg.subject(), Some(d.subject.as_str()));
            let to = msg.to().and_then(|a| a.first()).expect("to");
            assert_eq!(to.name(), Some(d.interviewer.as_str()));
            let from = msg.from().and_then(|a| a.first()).expect("from");
            assert_eq!(from.name(), Some(profile.name.as_str()));
            assert_eq!(
                msg.body_text(0)
                    .map(|b| b.replace("\r\n", "\n"))
                    .as_deref()
                    .map(str::trim_end),
                Some(d.body.as_str())
            );
            assert_eq!(msg.header_raw("X-Unsent").map(str::trim), Some("1"));
        }
    }
}

#[test]
fn ics_parses_with_rounds_deadlines_and_practice() {
    let profile = profile();
    for case in cases() {
        let drafts = thank_you_notes(&case.pack, &profile, 1, None);
        let practice = vec![PracticeSession {
            start: now(),
            minutes: 15,
            label: "Drill, curveballs; and more".into(),
        }];
        let ics = calendar_ics(&case.pack, &drafts, &practice, now());
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        let unfolded = icalendar::parser::unfold(&ics);
        let cal = icalendar::parser::read_calendar(&unfolded).expect("ics parses");
        let comps = &cal.components;
        let events = comps.iter().filter(|c| c.name == "VEVENT").count();
        let todos = comps.iter().filter(|c| c.name == "VTODO").count();
        let deadlines = drafts.iter().filter(|d| d.deadline.is_some()).count();
        assert_eq!(
            events,
            case.pack.rounds.len() + 1 + deadlines,
            "{}",
            case.name
        );
        assert_eq!(todos, deadlines, "{}", case.name);
        // Each deadline is an event that ends at the deadline and rings an
        // alarm before it, since calendars that drop a VTODO show events.
        for d in drafts.iter().filter(|d| d.deadline.is_some()) {
            let summary = format!("Send thank-you note to {}", d.interviewer);
            let event = comps
                .iter()
                .find(|c| {
                    c.name == "VEVENT"
                        && c.find_prop("SUMMARY").map(|p| p.val.as_str().to_string())
                            == Some(summary.clone())
                })
                .unwrap_or_else(|| panic!("{}: no event for {summary}", case.name));
            let due = d.deadline.unwrap().with_timezone(&chrono::Utc);
            assert_eq!(
                event.find_prop("DTEND").map(|p| p.val.to_string()),
                Some(due.format("%Y%m%dT%H%M%SZ").to_string())
            );
            assert!(event.components.iter().any(|c| c.name == "VALARM"));
        }
        assert!(ics.contains("BEGIN:VALARM"));
        // Stable: same input, same calendar.
        assert_eq!(ics, calendar_ics(&case.pack, &drafts, &practice, now()));
    }
}

#[test]
fn returning_interviewers_are_not_told_the_same_story_twice() {
    let case = &cases()[0];
    let memory = interviewer_memory(&case.pack);
    let imani = memory
        .iter()
        .find(|m| m.interviewer == "Imani Okafor")
        .expect("Imani");
    assert!(!imani.topics.is_empty());
    assert!(
        imani
            .stories
            .iter()
            .any(|(t, _)| t == "Bringing two bootcamp grads up to speed"),
        "{:?}",
        imani.stories
    );
    let plan = plan_stories(
        &memory,
        &["Imani Okafor", "Rafael Quintero"],
        &[
            "Bringing two bootcamp grads up to speed",
            "The Friday checkout outage",
        ],
    );
    assert_eq!(plan[0].story, "The Friday checkout outage");
    assert_eq!(plan[1].already_heard_by, vec!["Imani Okafor".to_string()]);
}

/// The page's text through the fonts' ToUnicode maps (lopdf's own
/// `extract_text` rejects the PostScript comments of a standard CMap).
fn extract_text(doc: &lopdf::Document) -> String {
    use std::collections::HashMap;
    let (_, page) = doc.get_pages().into_iter().next().expect("a page");
    let mut maps: HashMap<Vec<u8>, HashMap<u16, char>> = HashMap::new();
    for (name, font) in doc.get_page_fonts(page).expect("fonts") {
        let cmap_ref = font
            .get(b"ToUnicode")
            .and_then(|o| o.as_reference())
            .expect("ToUnicode");
        let stream = doc
            .get_object(cmap_ref)
            .and_then(|o| o.as_stream())
            .expect("cmap stream");
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let text = String::from_utf8_lossy(&data);
        let mut map = HashMap::new();
        for line in text.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let [a, b] = parts[..] {
                if a.starts_with('<') && b.starts_with('<') {
                    let cid = u16::from_str_radix(a.trim_matches(['<', '>']), 16);
                    let uni = u32::from_str_radix(b.trim_matches(['<', '>']), 16);
                    if let (Ok(cid), Ok(uni)) = (cid, uni) {
                        if let Some(c) = char::from_u32(uni) {
                            map.insert(cid, c);
                        }
                    }
                }
            }
        }
        maps.insert(name, map);
    }
    let content = doc.get_and_decode_page_content(page).expect("content");
    let mut out = String::new();
    let mut font: Vec<u8> = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "Tf" => {
                font = op.operands[0]
                    .as_name()
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default()
            }
            "Tj" => {
                let bytes = op.operands[0].as_str().unwrap_or_default();
                let map = &maps[&font];
                for pair in bytes.chunks(2) {
                    let cid = u16::from_be_bytes([pair[0], pair[1]]);
                    out.push(map.get(&cid).copied().unwrap_or('\u{fffd}'));
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}
