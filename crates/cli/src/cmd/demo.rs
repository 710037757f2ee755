//! `round2 demo`: the main job on the embedded example. It writes the example
//! into a fresh SQLite database in a folder, produces the whole prep pack
//! there (ledger, cheat sheet in three formats, pitch, checklist, thank-you
//! notes as `.eml`, calendar, a practice transcript) and shows it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone};
use round2_core::prep::{Format, PrepFile};
use round2_core::Profile;
use round2_documents::build_cheat_sheet;
use round2_store::{SqliteStore, Store};

use crate::cmd::documents::{drafts, prepared, write_drafts};
use crate::cmd::documents::{ChecklistArgs, SheetFormat};
use crate::edge::{now, write_atomically};
use round2_method::Prepared;

/// The example prep file, written by us, shipped in the binary.
pub const EXAMPLE: &str = include_str!("demo.yaml");

/// A practice answer for the transcript, written by us for the example.
const SAMPLE_ANSWER: &str = "So, um, at Parcelly our head of product wanted daily active users as the north-star metric, \
but people only booked twice a month. I thought it would reward the wrong thing, like, push notifications. \
I pulled six months of data and showed that DAU moved with notifications rather than bookings, and I proposed \
completed bookings per active month, with a two-week side-by-side. We adopted it, and notification complaints fell 40%.";

pub fn example() -> Result<PrepFile> {
    PrepFile::parse(EXAMPLE, Format::Yaml).context("the built-in example is invalid")
}

/// Moves the example's rounds around today, so the demo always shows a
/// candidate between round one (eight days ago) and round two (in six days).
fn around(file: &mut PrepFile, now: DateTime<FixedOffset>) {
    for (round, days) in file.rounds.iter_mut().zip([-8i64, 6]) {
        if let Some(d) = round.date {
            let day = (now + Duration::days(days)).date_naive();
            let time = NaiveTime::from_hms_opt(0, 0, 0)
                .map(|_| d.time())
                .unwrap_or_default();
            round.date = d
                .offset()
                .from_local_datetime(&day.and_time(time))
                .single()
                .or(Some(d));
        }
    }
}

fn demo_profile() -> Profile {
    Profile {
        name: "Jordan Ellis".into(),
        email: Some("jordan.ellis@example.com".into()),
        phone: None,
        headline: Some("Product analyst who turns messy data into decisions".into()),
        priorities: vec!["growth".into(), "mentorship".into()],
    }
}

/// Runs one command function into a buffer, for a file and for the screen.
fn capture(f: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<String> {
    let mut buf = Vec::new();
    f(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

pub fn run(dir: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for suffix in ["", "-wal", "-shm"] {
        let f = dir.join(format!("round2.db{suffix}"));
        if f.exists() {
            std::fs::remove_file(&f)
                .with_context(|| format!("removing the old {}", f.display()))?;
        }
    }
    let db = dir.join("round2.db");
    let mut store = SqliteStore::open(&db)?;
    let now = now();
    let mut file = example()?;
    around(&mut file, now);
    let report = store.import(&file, now)?;
    store.set_profile(&demo_profile())?;
    let s: &mut dyn Store = &mut store;
    let slug = report.opportunity.slug.clone();
    let put = |name: &str, bytes: &[u8]| write_atomically(&dir.join(name), bytes);
    put("example.yaml", file.to_yaml()?.as_bytes())?;

    let ledger = capture(|o| crate::analysis::gaps(s, &slug, None, None, false, o))?;
    put("ledger.txt", ledger.as_bytes())?;
    put(
        "ledger.json",
        capture(|o| crate::analysis::gaps(s, &slug, None, None, true, o))?.as_bytes(),
    )?;
    let pitch = capture(|o| crate::documents::pitch(s, &slug, None, false, o))?;
    put("pitch.md", pitch.as_bytes())?;
    let checklist = capture(|o| {
        crate::documents::checklist(
            s,
            ChecklistArgs {
                slug: slug.clone(),
                add: None,
                tick: None,
                untick: None,
                rm: None,
            },
            false,
            o,
        )
    })?;
    put("checklist.txt", checklist.as_bytes())?;
    let prepared = prepared(s, &slug, now)?;
    let sheet = build_cheat_sheet(&prepared.input());
    put("cheat-sheet.md", sheet.to_markdown().as_bytes())?;
    put("cheat-sheet.html", sheet.to_html().as_bytes())?;
    let pdf = sheet.to_pdf()?;
    put("cheat-sheet.pdf", &pdf.bytes)?;
    let thanks = drafts(s, &prepared, 1, None, false)?;
    let thank_files = write_drafts(&dir.join("thank-you"), &thanks, &prepared.profile, now)?;
    put(
        "calendar.ics",
        crate::documents::calendar_file(s, &prepared)?.as_bytes(),
    )?;
    let ask = capture(|o| crate::practice::ask(s, &slug, 6, false, o))?;
    let picks = capture(|o| {
        crate::analysis::story_match(
            s,
            "Tell me about a time you disagreed with a senior colleague.",
            Some(&slug),
            2,
            false,
            o,
        )
    })?;
    let transcript = practice_transcript(s, &prepared)?;
    put("practice.txt", transcript.as_bytes())?;
    let _ = SheetFormat::Md;

    if json {
        let pack = store.pack(report.opportunity.id)?;
        return crate::output::json(out, &serde_json::json!({"pack": pack, "dir": dir}));
    }
    writeln!(
        out,
        "round2 demo: Jordan Ellis, between round one and round two at Brightwater Transit\n"
    )?;
    writeln!(
        out,
        "== What did I forget? The coverage ledger ==\n{ledger}"
    )?;
    writeln!(
        out,
        "== Which story for \"a time you disagreed with a senior colleague\"? ==\n{picks}"
    )?;
    writeln!(out, "== What to ask in round two ==\n{ask}")?;
    writeln!(out, "== A practice answer with feedback ==\n{transcript}")?;
    writeln!(out, "== Thank-you note drafts for round one ==")?;
    for d in &thanks {
        writeln!(
            out,
            "\nTo {} <{}>\nSubject: {}\n\n{}",
            d.interviewer,
            d.email.as_deref().unwrap_or("?"),
            d.subject,
            d.body
        )?;
    }
    writeln!(out, "\n== The prep pack, written to {} ==", dir.display())?;
    for f in [
        "cheat-sheet.pdf",
        "cheat-sheet.html",
        "cheat-sheet.md",
        "pitch.md",
        "ledger.txt",
        "ledger.json",
        "checklist.txt",
        "practice.txt",
        "calendar.ics",
        "example.yaml",
        "round2.db",
    ] {
        writeln!(out, "  {}", dir.join(f).display())?;
    }
    for f in thank_files {
        writeln!(out, "  {}", f.display())?;
    }
    if !pdf.left_out.is_empty() {
        writeln!(
            out,
            "\nThe one-page PDF left out, to fit: {}",
            pdf.left_out.join("; ")
        )?;
    }
    writeln!(
        out,
        "\nExplore it: round2 --db {} opp show {slug}",
        db.display()
    )?;
    Ok(())
}

fn practice_transcript(s: &mut dyn Store, p: &Prepared) -> Result<String> {
    let bank = round2_practice::QuestionBank::builtin();
    let question = bank
        .questions()
        .iter()
        .find(|q| {
            q.competencies.iter().any(|c| c == "conflict")
                && q.text.to_lowercase().contains("disagree")
        })
        .or_else(|| bank.questions().first())
        .cloned()
        .context("the question bank is empty")?;
    let terms = round2_method::posting_terms(&p.pack);
    let fb = crate::practice::judged_feedback(s, &question, SAMPLE_ANSWER, &terms, None);
    let mut out = format!(
        "Question: {}\n(really asking: {})\n\nAnswer (typed in 1:40):\n{SAMPLE_ANSWER}\n\n",
        question.text, question.really_asking
    );
    out.push_str(&capture(|o| crate::practice::print_feedback(o, &fb))?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

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

    #[test]
    fn the_demo_always_sits_between_the_rounds() {
        let now = DateTime::parse_from_rfc3339("2031-03-15T09:00:00+01:00").unwrap();
        let mut f = super::example().unwrap();
        super::around(&mut f, now);
        let (r1, r2) = (f.rounds[0].date.unwrap(), f.rounds[1].date.unwrap());
        assert!(r1 < now && now < r2, "{r1} {now} {r2}");
        assert_eq!(r2.offset().local_minus_utc(), -8 * 3600);
    }
}
