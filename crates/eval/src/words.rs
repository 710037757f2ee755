//! `round2-eval words`: the words round2 writes for the candidate, on every
//! example case. Thank-you notes after round one (one per interviewer) and
//! the pitch lines said aloud in round two (the 30-second introduction or
//! the recap, and the closing) are split into sentences; a sentence is
//! clean when it has no splice scar ([`round2_documents::prose::scars`]) and
//! Debian's `link-parser` parses it without skipping two or more words. A
//! note or a set of lines is clean when all its sentences are. Invented
//! facts: numbers and mid-sentence capitalised words that are in no record.
//!
//! Nothing here is fitted, so there is nothing to leave out per case; the
//! report still splits the cases into the eight the wording rules were
//! written against (dev01–dev08) and the seven they were not (dev09–dev15).

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use chrono::DateTime;
use round2_core::{PrepPack, Profile};
use round2_documents::prose::{scars, sentences, Reader, Scar};
use round2_documents::{pitch, thank_you_notes};
use round2_method::Prepared;

use crate::Case;

/// The profile every case is written for.
pub fn profile() -> Profile {
    Profile {
        name: "Sam Rivière".into(),
        email: Some("sam.riviere@example.com".into()),
        phone: None,
        headline: Some("a candidate who keeps good notes".into()),
        priorities: vec!["remote".into(), "team".into()],
    }
}

/// One generated piece (a note, or a pitch's sayable lines) and its sentences.
#[derive(Debug, Clone)]
pub struct Piece {
    pub case: String,
    pub kind: &'static str,
    pub who: String,
    pub text: String,
    pub sentences: Vec<Checked>,
    pub invented: Vec<String>,
}

/// A sentence with what the checks found.
#[derive(Debug, Clone)]
pub struct Checked {
    pub text: String,
    pub scars: Vec<Scar>,
    /// Words link-parser had to skip (None: not parsed, too short).
    pub skipped: Option<u32>,
}

impl Checked {
    pub fn clean(&self) -> bool {
        self.scars.is_empty() && self.skipped.is_none_or(|n| n < 2)
    }
}

impl Piece {
    pub fn clean(&self) -> bool {
        self.invented.is_empty() && self.sentences.iter().all(Checked::clean)
    }
}

/// The source of the documents crate: its string literals are the fixed
/// words a document may add to the user's records.
const TEMPLATE_SOURCES: &[&str] = &[
    include_str!("../../documents/src/thank_you.rs"),
    include_str!("../../documents/src/pitch.rs"),
    include_str!("../../documents/src/phrase.rs"),
    include_str!("../../documents/src/talking_points.rs"),
    include_str!("../../documents/src/sheet.rs"),
    include_str!("../../documents/src/checklist.rs"),
    include_str!("../../method/src/lib.rs"),
    include_str!("../../practice/src/ask.rs"),
    include_str!("../../practice/data/questions_to_ask.yaml"),
];

/// Words the records capitalise mid-sentence, and every word they hold.
fn record_words(pack: &PrepPack, profile: &Profile) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut texts: Vec<&str> = vec![
        &pack.opportunity.company,
        &pack.opportunity.role,
        &pack.opportunity.job_description,
        &profile.name,
    ];
    if let Some(h) = &profile.headline {
        texts.push(h);
    }
    texts.extend(pack.notes.iter().map(|n| n.text.as_str()));
    let mut owned: Vec<String> = Vec::new();
    for r in &pack.rounds {
        owned.push(format!("{} {}", r.number, r.kind));
        owned.extend(r.place.clone());
        if let Some(d) = r.date {
            owned.push(d.format("%A %e %B %Y %H:%M UTC%:z").to_string());
        }
        if let Some(m) = r.duration_minutes {
            owned.push(m.to_string());
        }
    }
    owned.extend(pack.interviewers.iter().filter_map(|p| p.title.clone()));
    owned.extend(pack.questions_to_ask.iter().map(|q| q.text.clone()));
    owned.extend(pack.checklist.iter().map(|c| c.text.clone()));
    // The documents' own fixed words: every literal their code can write.
    owned.push(TEMPLATE_SOURCES.join(" "));
    texts.extend(owned.iter().map(String::as_str));
    texts.extend(pack.interviewers.iter().map(|p| p.name.as_str()));
    texts.extend(pack.research.iter().map(|r| r.text.as_str()));
    for s in &pack.stories {
        texts.extend([
            s.title.as_str(),
            &s.situation,
            &s.task,
            &s.action,
            &s.result,
        ]);
    }
    let mut proper = BTreeSet::new();
    let mut all = BTreeSet::new();
    // The role and the company are names, capitalised wherever they stand.
    for name in [&pack.opportunity.role, &pack.opportunity.company] {
        for w in name.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.chars().next().is_some_and(char::is_uppercase) {
                proper.insert(w.to_string());
            }
        }
    }
    for t in texts {
        for s in sentences(t) {
            let toks: Vec<&str> = s.split_whitespace().collect();
            for (i, tok) in toks.iter().enumerate() {
                let w = tok.trim_matches(|c: char| !c.is_alphanumeric());
                if w.is_empty() {
                    continue;
                }
                all.insert(w.to_lowercase());
                let prev_ends = i == 0 || toks[i - 1].ends_with([':', '.', '!', '?']);
                if !prev_ends && w.chars().next().is_some_and(char::is_uppercase) {
                    proper.insert(w.to_string());
                }
            }
        }
    }
    (proper, all)
}

/// Numbers and mid-sentence capitalised words of `text` found in no record.
fn invented(text: &str, all: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    // A citation's record number ("note #8") is a reference, not a claim.
    let text: String = text
        .split(' ')
        .filter(|w| !w.starts_with('#') || !w[1..].starts_with(|c: char| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ");
    for s in sentences(&text) {
        let toks: Vec<&str> = s.split_whitespace().collect();
        for (i, tok) in toks.iter().enumerate() {
            let w = tok.trim_matches(|c: char| !c.is_alphanumeric());
            if w.is_empty() || w == "I" || w.starts_with("I'") {
                continue;
            }
            let mid = i > 0
                && !toks[i - 1].ends_with([':', '.', '!', '?', '|', '-', '#', '*', '('])
                && !tok.starts_with(['(', '"', '\'', '*', '_']);
            let capital = mid && w.chars().next().is_some_and(char::is_uppercase);
            let number = w.chars().any(|c| c.is_ascii_digit());
            if (capital || number) && !all.contains(&w.to_lowercase()) {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// The sentences worth a parse: full sentences of four words or more.
fn parseable(s: &str) -> bool {
    s.split_whitespace().count() >= 4 && s.ends_with(['.', '!', '?'])
}

/// Every generated piece of every case, checked by the scar rules.
pub fn generate(cases: &[Case]) -> Vec<Piece> {
    let profile = profile();
    let now = DateTime::parse_from_rfc3339("2026-11-06T09:30:00-05:00").expect("fixed time");
    let mut out = Vec::new();
    for case in cases {
        let pack = &case.pack;
        let (proper, all) = record_words(pack, &profile);
        let people: Vec<&str> = pack.interviewers.iter().map(|p| p.name.as_str()).collect();
        let check = |text: &str, who: &str, kind: &'static str| {
            let reader = Reader {
                addressee: Some(who).filter(|w| !w.is_empty()),
                people: &people,
                proper: Some(&proper),
            };
            Piece {
                case: case.name.clone(),
                kind,
                who: who.to_string(),
                text: text.to_string(),
                sentences: sentences(text)
                    .into_iter()
                    .map(|s| Checked {
                        scars: scars(&s, &reader),
                        skipped: None,
                        text: s,
                    })
                    .collect(),
                invented: invented(text, &all),
            }
        };
        for d in thank_you_notes(pack, &profile, 1, None) {
            // The sign-off line (the candidate's name) is not a sentence.
            let body = d.body.rsplit_once("\n\n").map_or(d.body.as_str(), |x| x.0);
            let mut piece = check(body, &d.interviewer, "note");
            let subject = check(&d.subject, &d.interviewer, "note");
            piece.sentences.extend(subject.sentences);
            out.push(piece);
        }
        let prepared = Prepared::new(pack.clone(), profile.clone(), now);
        let input = prepared.input();
        // Talking points and the cheat sheet: for the candidate's eyes, checked
        // for invented facts and scars but not part of the figures above.
        let points: Vec<String> = round2_documents::talking_points(&input)
            .into_iter()
            .map(|p| p.line.text)
            .collect();
        out.push(check(&points.join("\n"), "", "points"));
        let sheet = round2_documents::build_cheat_sheet(&input).to_markdown();
        let mut sheet_piece = check(&sheet, "", "sheet");
        sheet_piece.sentences.clear();
        out.push(sheet_piece);
        if let Some(round) = input.next_round() {
            for p in &round.interviewers {
                let pitch = pitch(&input, &p.name);
                for l in pitch.opening.iter().chain(std::iter::once(&pitch.closing)) {
                    out.push(check(&l.text, &p.name, "pitch"));
                }
                let why: Vec<String> = pitch
                    .why_company
                    .iter()
                    .chain(&pitch.why_me)
                    .map(|l| l.text.clone())
                    .collect();
                out.push(check(&why.join("\n"), &p.name, "why"));
            }
        }
    }
    out
}

/// Runs Debian's `link-parser` over every full sentence and records how
/// many words it had to skip.
pub fn parse_all(pieces: &mut [Piece]) -> Result<()> {
    let mut batch: Vec<String> = Vec::new();
    // Talking points are notes to self, not prose: not parsed (and slow to parse).
    let parsed = |p: &Piece| matches!(p.kind, "note" | "pitch" | "why");
    for p in pieces.iter().filter(|p| parsed(p)) {
        for s in &p.sentences {
            if parseable(&s.text) {
                batch.push(s.text.replace('\n', " "));
            }
        }
    }
    let mut child = Command::new("link-parser")
        .args([
            "en",
            "-graphics=0",
            "-verbosity=1",
            "-echo=1",
            "-timeout=10",
        ])
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("running link-parser (Debian's package link-grammar)")?;
    {
        let mut stdin = child.stdin.take().context("link-parser stdin")?;
        let input = batch.join("\n") + "\n";
        std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    }
    let output = child.wait_with_output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut unused: Vec<u32> = Vec::new();
    let mut pending = false;
    for line in text.lines() {
        if batch
            .get(unused.len())
            .is_some_and(|b| line.trim() == b.trim())
            && !pending
        {
            pending = true;
            continue;
        }
        if pending {
            if let Some(i) = line.find("UNUSED=") {
                let n: String = line[i + 7..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                unused.push(n.parse().unwrap_or(99));
                pending = false;
            }
        }
    }
    if unused.len() != batch.len() {
        bail!(
            "link-parser answered {} of {} sentences",
            unused.len(),
            batch.len()
        );
    }
    let mut it = unused.into_iter();
    for p in pieces.iter_mut().filter(|p| parsed(p)) {
        for s in p.sentences.iter_mut() {
            if parseable(&s.text) {
                s.skipped = it.next();
            }
        }
    }
    Ok(())
}

/// Clean pieces of a kind, over the cases `which` picks.
pub fn tally(pieces: &[Piece], kind: &str, which: impl Fn(&str) -> bool) -> (usize, usize) {
    let of: Vec<&Piece> = pieces
        .iter()
        .filter(|p| p.kind == kind && which(&p.case))
        .collect();
    (of.iter().filter(|p| p.clean()).count(), of.len())
}
