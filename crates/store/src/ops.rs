//! round2's SQL, written once for both backends against [`Tx`]. Every
//! function runs inside the caller's transaction.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use round2_core::limits;
use round2_core::prep::{parse_time, PrepFile};
use round2_core::slug::slugify;
use round2_core::{
    Attempt, ChecklistItem, Id, Interviewer, NewOpportunity, Note, NoteKind, Opportunity, PrepPack,
    Profile, QuestionToAsk, Research, ReviewCard, Round, Stage, Story, ThankYouNote, UserQuestion,
};

use crate::backend::{Row, Tx, Val};
use crate::{ImportReport, Record, Result, StoreError};

fn parse<T: std::str::FromStr>(text: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e: T::Err| StoreError::Corrupt(e.to_string()))
}

fn time(v: Option<String>) -> Result<Option<DateTime<FixedOffset>>> {
    v.map(|t| parse_time(&t).map_err(StoreError::Corrupt))
        .transpose()
}

fn time_val(t: Option<DateTime<FixedOffset>>) -> Val {
    t.map(|t| t.to_rfc3339()).into()
}

fn list_val(items: &[String]) -> Val {
    Val::Text(serde_json::to_string(items).unwrap_or_else(|_| "[]".into()))
}

fn list(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("list `{text}`: {e}")))
}

fn number(n: i64) -> Result<u32> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("round number {n}")))
}

fn expect_changed(changed: u64, what: &'static str, id: Id) -> Result<()> {
    if changed == 0 {
        Err(StoreError::not_found(what, id.to_string()))
    } else {
        Ok(())
    }
}

pub(crate) fn inserted_id(rows: Option<Row>) -> Result<Id> {
    rows.ok_or_else(|| StoreError::Corrupt("insert returned no id".into()))?
        .int(0)
}

// ---- profile -------------------------------------------------------------

pub fn profile(tx: &mut dyn Tx) -> Result<Option<Profile>> {
    tx.query_one(
        "SELECT name, email, phone, headline, priorities FROM profile WHERE id = 1",
        &[],
    )?
    .map(|r| {
        Ok(Profile {
            name: r.text(0)?,
            email: r.opt_text(1)?,
            phone: r.opt_text(2)?,
            headline: r.opt_text(3)?,
            priorities: list(&r.text(4)?)?,
        })
    })
    .transpose()
}

/// Names and addresses are checked where every shell's writes meet, so a
/// stored value can never add a mail header or a terminal escape.
fn check_name(what: &str, value: &str, max: usize) -> Result<()> {
    limits::check_name(what, value, max).map_err(StoreError::Invalid)
}

fn check_email(value: Option<&String>) -> Result<()> {
    match value {
        Some(e) if !e.trim().is_empty() => limits::check_email(e).map_err(StoreError::Invalid),
        _ => Ok(()),
    }
}

fn check_opportunity(company: &str, role: &str) -> Result<()> {
    check_name("the company", company, limits::MAX_TITLE_CHARS)?;
    check_name("the role", role, limits::MAX_TITLE_CHARS)
}

fn check_interviewer(i: &Interviewer) -> Result<()> {
    check_name("the interviewer's name", &i.name, limits::MAX_NAME_CHARS)?;
    if let Some(t) = &i.title {
        check_name("the interviewer's title", t, limits::MAX_TITLE_CHARS)?;
    }
    check_email(i.email.as_ref())
}

fn check_note(n: &Note) -> Result<()> {
    if n.text.trim().is_empty() {
        return Err(StoreError::Invalid(
            "the note is empty: say what was discussed".into(),
        ));
    }
    if let Some(t) = &n.topic {
        check_name("the note's topic", t, limits::MAX_NAME_CHARS)?;
    }
    Ok(())
}

pub fn set_profile(tx: &mut dyn Tx, p: &Profile) -> Result<()> {
    check_name("your name", &p.name, limits::MAX_NAME_CHARS)?;
    check_email(p.email.as_ref())?;
    tx.exec("DELETE FROM profile", &[])?;
    tx.exec(
        "INSERT INTO profile (id, name, email, phone, headline, priorities) VALUES (1, $1, $2, $3, $4, $5)",
        &[(&p.name).into(), p.email.as_ref().into(), p.phone.as_ref().into(), p.headline.as_ref().into(), list_val(&p.priorities)],
    )?;
    Ok(())
}

// ---- opportunities -------------------------------------------------------

const OPP_COLUMNS: &str = "id, slug, company, role, url, job_description, stage";

fn opportunity_row(r: &Row) -> Result<Opportunity> {
    Ok(Opportunity {
        id: r.int(0)?,
        slug: r.text(1)?,
        company: r.text(2)?,
        role: r.text(3)?,
        url: r.opt_text(4)?,
        job_description: r.text(5)?,
        stage: parse::<Stage>(&r.text(6)?)?,
    })
}

pub fn list_opportunities(tx: &mut dyn Tx) -> Result<Vec<Opportunity>> {
    tx.query(
        &format!("SELECT {OPP_COLUMNS} FROM opportunities ORDER BY id"),
        &[],
    )?
    .iter()
    .map(opportunity_row)
    .collect()
}

pub fn opportunity(tx: &mut dyn Tx, key: &str) -> Result<Opportunity> {
    let key = key.trim();
    let by_slug = tx.query_one(
        &format!("SELECT {OPP_COLUMNS} FROM opportunities WHERE slug = $1"),
        &[key.into()],
    )?;
    let row = match (by_slug, key.parse::<i64>()) {
        (Some(r), _) => Some(r),
        (None, Ok(id)) => tx.query_one(
            &format!("SELECT {OPP_COLUMNS} FROM opportunities WHERE id = $1"),
            &[id.into()],
        )?,
        (None, Err(_)) => None,
    };
    row.as_ref()
        .map(opportunity_row)
        .transpose()?
        .ok_or_else(|| StoreError::not_found("opportunity", key))
}

fn unique_slug(tx: &mut dyn Tx, base: &str) -> Result<String> {
    let mut slug = base.to_string();
    let mut n = 2;
    while tx
        .query_one(
            "SELECT 1 FROM opportunities WHERE slug = $1",
            &[(&slug).into()],
        )?
        .is_some()
    {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

pub fn add_opportunity(tx: &mut dyn Tx, new: &NewOpportunity) -> Result<Opportunity> {
    check_opportunity(&new.company, &new.role)?;
    let slug = unique_slug(tx, &slugify(&new.company, &new.role))?;
    let id = inserted_id(tx.query_one(
        "INSERT INTO opportunities (slug, company, role, url, job_description, stage) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[(&slug).into(), (&new.company).into(), (&new.role).into(), new.url.as_ref().into(), (&new.job_description).into(), new.stage.as_str().into()],
    )?)?;
    opportunity(tx, &id.to_string())
}

pub fn update_opportunity(tx: &mut dyn Tx, o: &Opportunity) -> Result<()> {
    check_opportunity(&o.company, &o.role)?;
    if tx
        .query_one(
            "SELECT 1 FROM opportunities WHERE slug = $1 AND id <> $2",
            &[(&o.slug).into(), o.id.into()],
        )?
        .is_some()
    {
        return Err(StoreError::Conflict(format!(
            "another opportunity already has the slug `{}`",
            o.slug
        )));
    }
    let changed = tx.exec(
        "UPDATE opportunities SET slug = $1, company = $2, role = $3, url = $4, job_description = $5, stage = $6 WHERE id = $7",
        &[(&o.slug).into(), (&o.company).into(), (&o.role).into(), o.url.as_ref().into(), (&o.job_description).into(), o.stage.as_str().into(), o.id.into()],
    )?;
    expect_changed(changed, "opportunity", o.id)
}

// ---- the pack ------------------------------------------------------------

pub fn pack(tx: &mut dyn Tx, opp: Id) -> Result<PrepPack> {
    let opportunity = opportunity(tx, &opp.to_string())?;
    let p = [Val::Int(opp)];
    let research = tx
        .query(
            "SELECT id, section, text, source FROM research WHERE opportunity_id = $1 ORDER BY id",
            &p,
        )?
        .iter()
        .map(|r| {
            Ok(Research {
                id: r.int(0)?,
                section: parse(&r.text(1)?)?,
                text: r.text(2)?,
                source: r.opt_text(3)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let interviewers = tx
        .query(
            "SELECT id, name, title, email FROM interviewers WHERE opportunity_id = $1 ORDER BY id",
            &p,
        )?
        .iter()
        .map(|r| {
            Ok(Interviewer {
                id: r.int(0)?,
                name: r.text(1)?,
                title: r.opt_text(2)?,
                email: r.opt_text(3)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let by_id: HashMap<Id, &Interviewer> = interviewers.iter().map(|i| (i.id, i)).collect();
    let mut links: HashMap<Id, Vec<Interviewer>> = HashMap::new();
    for r in tx.query(
        "SELECT ri.round_id, ri.interviewer_id FROM round_interviewers ri JOIN rounds r ON r.id = ri.round_id WHERE r.opportunity_id = $1 ORDER BY ri.position, ri.interviewer_id",
        &p,
    )? {
        if let Some(i) = by_id.get(&r.int(1)?) {
            links.entry(r.int(0)?).or_default().push((*i).clone());
        }
    }
    let rounds = tx
        .query(
            "SELECT id, number, kind, date, duration_minutes, place FROM rounds WHERE opportunity_id = $1 ORDER BY number",
            &p,
        )?
        .iter()
        .map(|r| {
            let id = r.int(0)?;
            Ok(Round {
                id,
                number: number(r.int(1)?)?,
                kind: r.text(2)?,
                date: time(r.opt_text(3)?)?,
                duration_minutes: r.opt_int(4)?.map(number).transpose()?,
                place: r.opt_text(5)?,
                interviewers: links.remove(&id).unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let notes = tx
        .query(
            "SELECT n.id, r.number, n.kind, i.name, s.title, n.text, n.topic FROM notes n JOIN rounds r ON r.id = n.round_id \
             LEFT JOIN interviewers i ON i.id = n.interviewer_id LEFT JOIN stories s ON s.id = n.story_id \
             WHERE r.opportunity_id = $1 ORDER BY r.number, n.id",
            &p,
        )?
        .iter()
        .map(|r| {
            Ok(Note {
                id: r.int(0)?,
                round: number(r.int(1)?)?,
                kind: parse::<NoteKind>(&r.text(2)?)?,
                interviewer: r.opt_text(3)?,
                story: r.opt_text(4)?,
                topic: r.opt_text(6)?,
                text: r.text(5)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let stories = query_stories(
        tx,
        "WHERE id IN (SELECT story_id FROM opportunity_stories WHERE opportunity_id = $1) \
         OR id IN (SELECT n.story_id FROM notes n JOIN rounds r ON r.id = n.round_id WHERE r.opportunity_id = $1)",
        &p,
    )?;
    let questions_to_ask = tx
        .query("SELECT id, theme, text, asked FROM questions_to_ask WHERE opportunity_id = $1 ORDER BY id", &p)?
        .iter()
        .map(|r| {
            Ok(QuestionToAsk {
                id: r.int(0)?,
                theme: r.text(1)?,
                text: r.text(2)?,
                asked: r.bool(3)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let checklist = tx
        .query(
            "SELECT id, text, done FROM checklist_items WHERE opportunity_id = $1 ORDER BY id",
            &p,
        )?
        .iter()
        .map(|r| {
            Ok(ChecklistItem {
                id: r.int(0)?,
                text: r.text(1)?,
                done: r.bool(2)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let thank_you = tx
        .query(
            "SELECT t.id, t.round_number, i.name, t.body, t.deadline, t.sent_at FROM thank_you_notes t \
             JOIN interviewers i ON i.id = t.interviewer_id WHERE t.opportunity_id = $1 ORDER BY t.round_number, t.id",
            &p,
        )?
        .iter()
        .map(|r| {
            Ok(ThankYouNote {
                id: r.int(0)?,
                round: number(r.int(1)?)?,
                interviewer: r.text(2)?,
                body: r.text(3)?,
                deadline: time(r.opt_text(4)?)?,
                sent_at: time(r.opt_text(5)?)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PrepPack {
        opportunity,
        research,
        interviewers,
        rounds,
        notes,
        stories,
        questions_to_ask,
        checklist,
        thank_you,
    })
}

// ---- research, interviewers, rounds, notes -------------------------------

pub fn add_research(tx: &mut dyn Tx, opp: Id, r: &Research) -> Result<Id> {
    inserted_id(tx.query_one(
        "INSERT INTO research (opportunity_id, section, text, source) VALUES ($1, $2, $3, $4) RETURNING id",
        &[opp.into(), r.section.as_str().into(), (&r.text).into(), r.source.as_ref().into()],
    )?)
}

pub fn update_research(tx: &mut dyn Tx, r: &Research) -> Result<()> {
    let changed = tx.exec(
        "UPDATE research SET section = $1, text = $2, source = $3 WHERE id = $4",
        &[
            r.section.as_str().into(),
            (&r.text).into(),
            r.source.as_ref().into(),
            r.id.into(),
        ],
    )?;
    expect_changed(changed, "research", r.id)
}

pub fn add_interviewer(tx: &mut dyn Tx, opp: Id, i: &Interviewer) -> Result<Id> {
    check_interviewer(i)?;
    if interviewer_id(tx, opp, &i.name)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "`{}` is already an interviewer of this opportunity",
            i.name
        )));
    }
    inserted_id(tx.query_one(
        "INSERT INTO interviewers (opportunity_id, name, title, email) VALUES ($1, $2, $3, $4) RETURNING id",
        &[opp.into(), i.name.trim().into(), i.title.as_ref().into(), i.email.as_ref().into()],
    )?)
}

pub fn update_interviewer(tx: &mut dyn Tx, i: &Interviewer) -> Result<()> {
    check_interviewer(i)?;
    // A rename onto another interviewer of the same opportunity is refused
    // here, by name, before the UNIQUE constraint would refuse it raw.
    let opp = tx
        .query_one(
            "SELECT opportunity_id FROM interviewers WHERE id = $1",
            &[i.id.into()],
        )?
        .map(|r| r.int(0))
        .transpose()?;
    if let Some(opp) = opp {
        if interviewer_id(tx, opp, &i.name)?.is_some_and(|other| other != i.id) {
            return Err(StoreError::Conflict(format!(
                "`{}` is already an interviewer of this opportunity",
                i.name.trim()
            )));
        }
    }
    let changed = tx.exec(
        "UPDATE interviewers SET name = $1, title = $2, email = $3 WHERE id = $4",
        &[
            i.name.trim().into(),
            i.title.as_ref().into(),
            i.email.as_ref().into(),
            i.id.into(),
        ],
    )?;
    expect_changed(changed, "interviewer", i.id)
}

fn interviewer_id(tx: &mut dyn Tx, opp: Id, name: &str) -> Result<Option<Id>> {
    tx.query_one(
        "SELECT id FROM interviewers WHERE opportunity_id = $1 AND lower(name) = lower($2)",
        &[opp.into(), name.trim().into()],
    )?
    .map(|r| r.int(0))
    .transpose()
}

fn round_id(tx: &mut dyn Tx, opp: Id, number: u32) -> Result<Id> {
    tx.query_one(
        "SELECT id FROM rounds WHERE opportunity_id = $1 AND number = $2",
        &[opp.into(), number.into()],
    )?
    .ok_or_else(|| StoreError::not_found("round", number.to_string()))?
    .int(0)
}

fn link_interviewers(tx: &mut dyn Tx, round: Id, people: &[Interviewer]) -> Result<()> {
    tx.exec(
        "DELETE FROM round_interviewers WHERE round_id = $1",
        &[round.into()],
    )?;
    for (pos, p) in people.iter().enumerate() {
        tx.exec(
            "INSERT INTO round_interviewers (round_id, interviewer_id, position) VALUES ($1, $2, $3)",
            &[round.into(), p.id.into(), (pos as i64).into()],
        )?;
    }
    Ok(())
}

pub fn add_round(tx: &mut dyn Tx, opp: Id, r: &Round) -> Result<Id> {
    if round_id(tx, opp, r.number).is_ok() {
        return Err(StoreError::Conflict(format!(
            "round {} already exists",
            r.number
        )));
    }
    let id = inserted_id(tx.query_one(
        "INSERT INTO rounds (opportunity_id, number, kind, date, duration_minutes, place) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[opp.into(), r.number.into(), (&r.kind).into(), time_val(r.date), r.duration_minutes.into(), r.place.as_ref().into()],
    )?)?;
    link_interviewers(tx, id, &r.interviewers)?;
    Ok(id)
}

/// The opportunity and number of a stored round.
fn round_place(tx: &mut dyn Tx, id: Id) -> Result<Option<(Id, i64)>> {
    tx.query_one(
        "SELECT opportunity_id, number FROM rounds WHERE id = $1",
        &[id.into()],
    )?
    .map(|row| Ok((row.int(0)?, row.int(1)?)))
    .transpose()
}

pub fn update_round(tx: &mut dyn Tx, r: &Round) -> Result<()> {
    // Thank-you notes name their round by number: a renumbered round takes
    // its notes along.
    if let Some((opp, old)) = round_place(tx, r.id)? {
        if old != i64::from(r.number) {
            // Renumbered onto a round that exists: refused by number, before
            // the UNIQUE constraint would refuse it raw.
            if round_id(tx, opp, r.number).is_ok() {
                return Err(StoreError::Conflict(format!(
                    "there is already a round {}; pick another number",
                    r.number
                )));
            }
            tx.exec(
                "UPDATE thank_you_notes SET round_number = $1 WHERE opportunity_id = $2 AND round_number = $3",
                &[r.number.into(), opp.into(), old.into()],
            )?;
        }
    }
    let changed = tx.exec(
        "UPDATE rounds SET number = $1, kind = $2, date = $3, duration_minutes = $4, place = $5 WHERE id = $6",
        &[r.number.into(), (&r.kind).into(), time_val(r.date), r.duration_minutes.into(), r.place.as_ref().into(), r.id.into()],
    )?;
    expect_changed(changed, "round", r.id)?;
    link_interviewers(tx, r.id, &r.interviewers)
}

/// Resolves a note's round, interviewer and story names to ids.
fn note_refs(tx: &mut dyn Tx, opp: Id, n: &Note) -> Result<(Id, Option<Id>, Option<Id>)> {
    let round = round_id(tx, opp, n.round)?;
    let interviewer = match &n.interviewer {
        Some(name) => {
            let id = tx
                .query_one(
                    "SELECT ri.interviewer_id FROM round_interviewers ri JOIN interviewers i ON i.id = ri.interviewer_id \
                     WHERE ri.round_id = $1 AND lower(i.name) = lower($2)",
                    &[round.into(), name.trim().into()],
                )?
                .ok_or_else(|| {
                    StoreError::Conflict(format!("`{name}` is not an interviewer of round {}", n.round))
                })?
                .int(0)?;
            Some(id)
        }
        None => None,
    };
    let story = match &n.story {
        Some(title) => Some(
            story_by_title(tx, title)?
                .ok_or_else(|| StoreError::not_found("story", title.as_str()))?,
        ),
        None if n.kind == NoteKind::Story => {
            return Err(StoreError::Conflict(
                "a `story` note must name the story told".into(),
            ))
        }
        None => None,
    };
    Ok((round, interviewer, story))
}

/// A note's own topic, trimmed; an empty one is none.
fn topic(n: &Note) -> Option<String> {
    n.topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

pub fn add_note(tx: &mut dyn Tx, opp: Id, n: &Note) -> Result<Id> {
    check_note(n)?;
    let (round, interviewer, story) = note_refs(tx, opp, n)?;
    inserted_id(tx.query_one(
        "INSERT INTO notes (round_id, kind, interviewer_id, story_id, text, topic) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[round.into(), n.kind.as_str().into(), interviewer.into(), story.into(), (&n.text).into(), topic(n).into()],
    )?)
}

pub fn update_note(tx: &mut dyn Tx, opp: Id, n: &Note) -> Result<()> {
    check_note(n)?;
    let (round, interviewer, story) = note_refs(tx, opp, n)?;
    let changed = tx.exec(
        "UPDATE notes SET round_id = $1, kind = $2, interviewer_id = $3, story_id = $4, text = $5, topic = $6 WHERE id = $7",
        &[round.into(), n.kind.as_str().into(), interviewer.into(), story.into(), (&n.text).into(), topic(n).into(), n.id.into()],
    )?;
    expect_changed(changed, "note", n.id)
}

// ---- stories -------------------------------------------------------------

fn query_stories(tx: &mut dyn Tx, filter: &str, params: &[Val]) -> Result<Vec<Story>> {
    tx.query(
        &format!("SELECT id, title, situation, task, action, result, tags FROM stories {filter} ORDER BY id"),
        params,
    )?
    .iter()
    .map(|r| {
        Ok(Story {
            id: r.int(0)?,
            title: r.text(1)?,
            situation: r.text(2)?,
            task: r.text(3)?,
            action: r.text(4)?,
            result: r.text(5)?,
            tags: list(&r.text(6)?)?,
        })
    })
    .collect()
}

pub fn stories(tx: &mut dyn Tx) -> Result<Vec<Story>> {
    query_stories(tx, "", &[])
}

fn story_by_title(tx: &mut dyn Tx, title: &str) -> Result<Option<Id>> {
    tx.query_one(
        "SELECT id FROM stories WHERE lower(title) = lower($1)",
        &[title.trim().into()],
    )?
    .map(|r| r.int(0))
    .transpose()
}

pub fn story(tx: &mut dyn Tx, key: &str) -> Result<Story> {
    let id = match story_by_title(tx, key)? {
        Some(id) => Some(id),
        None => key.trim().parse::<i64>().ok(),
    };
    let found = match id {
        Some(id) => query_stories(tx, "WHERE id = $1", &[id.into()])?.pop(),
        None => None,
    };
    found.ok_or_else(|| StoreError::not_found("story", key))
}

pub fn add_story(tx: &mut dyn Tx, s: &Story) -> Result<Id> {
    if s.title.trim().is_empty() {
        return Err(StoreError::Conflict("a story needs a title".into()));
    }
    if story_by_title(tx, &s.title)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "a story titled `{}` already exists",
            s.title.trim()
        )));
    }
    inserted_id(tx.query_one(
        "INSERT INTO stories (title, situation, task, action, result, tags) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[s.title.trim().into(), (&s.situation).into(), (&s.task).into(), (&s.action).into(), (&s.result).into(), list_val(&s.tags)],
    )?)
}

pub fn update_story(tx: &mut dyn Tx, s: &Story) -> Result<()> {
    if let Some(other) = story_by_title(tx, &s.title)? {
        if other != s.id {
            return Err(StoreError::Conflict(format!(
                "a story titled `{}` already exists",
                s.title.trim()
            )));
        }
    }
    let changed = tx.exec(
        "UPDATE stories SET title = $1, situation = $2, task = $3, action = $4, result = $5, tags = $6 WHERE id = $7",
        &[s.title.trim().into(), (&s.situation).into(), (&s.task).into(), (&s.action).into(), (&s.result).into(), list_val(&s.tags), s.id.into()],
    )?;
    expect_changed(changed, "story", s.id)
}

pub fn link_story(tx: &mut dyn Tx, opp: Id, story: Id) -> Result<()> {
    if tx
        .query_one(
            "SELECT 1 FROM opportunity_stories WHERE opportunity_id = $1 AND story_id = $2",
            &[opp.into(), story.into()],
        )?
        .is_none()
    {
        tx.exec(
            "INSERT INTO opportunity_stories (opportunity_id, story_id) VALUES ($1, $2)",
            &[opp.into(), story.into()],
        )?;
    }
    Ok(())
}

// ---- questions to ask, checklist, thank-you notes ------------------------

pub fn add_question_to_ask(tx: &mut dyn Tx, opp: Id, q: &QuestionToAsk) -> Result<Id> {
    inserted_id(tx.query_one(
        "INSERT INTO questions_to_ask (opportunity_id, theme, text, asked) VALUES ($1, $2, $3, $4) RETURNING id",
        &[opp.into(), (&q.theme).into(), (&q.text).into(), q.asked.into()],
    )?)
}

pub fn update_question_to_ask(tx: &mut dyn Tx, q: &QuestionToAsk) -> Result<()> {
    let changed = tx.exec(
        "UPDATE questions_to_ask SET theme = $1, text = $2, asked = $3 WHERE id = $4",
        &[
            (&q.theme).into(),
            (&q.text).into(),
            q.asked.into(),
            q.id.into(),
        ],
    )?;
    expect_changed(changed, "question to ask", q.id)
}

pub fn add_checklist_item(tx: &mut dyn Tx, opp: Id, c: &ChecklistItem) -> Result<Id> {
    inserted_id(tx.query_one(
        "INSERT INTO checklist_items (opportunity_id, text, done) VALUES ($1, $2, $3) RETURNING id",
        &[opp.into(), (&c.text).into(), c.done.into()],
    )?)
}

pub fn update_checklist_item(tx: &mut dyn Tx, c: &ChecklistItem) -> Result<()> {
    let changed = tx.exec(
        "UPDATE checklist_items SET text = $1, done = $2 WHERE id = $3",
        &[(&c.text).into(), c.done.into(), c.id.into()],
    )?;
    expect_changed(changed, "checklist item", c.id)
}

pub fn save_thank_you(tx: &mut dyn Tx, opp: Id, t: &ThankYouNote) -> Result<Id> {
    round_id(tx, opp, t.round)?;
    let person = interviewer_id(tx, opp, &t.interviewer)?
        .ok_or_else(|| StoreError::not_found("interviewer", t.interviewer.as_str()))?;
    tx.exec(
        "DELETE FROM thank_you_notes WHERE opportunity_id = $1 AND round_number = $2 AND interviewer_id = $3",
        &[opp.into(), t.round.into(), person.into()],
    )?;
    inserted_id(tx.query_one(
        "INSERT INTO thank_you_notes (opportunity_id, round_number, interviewer_id, body, deadline, sent_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[opp.into(), t.round.into(), person.into(), (&t.body).into(), time_val(t.deadline), time_val(t.sent_at)],
    )?)
}

pub fn remove(tx: &mut dyn Tx, record: Record, id: Id) -> Result<()> {
    let (table, what) = match record {
        Record::Opportunity => ("opportunities", "opportunity"),
        Record::Research => ("research", "research"),
        Record::Interviewer => ("interviewers", "interviewer"),
        Record::Round => ("rounds", "round"),
        Record::Note => ("notes", "note"),
        Record::Story => ("stories", "story"),
        Record::QuestionToAsk => ("questions_to_ask", "question to ask"),
        Record::ChecklistItem => ("checklist_items", "checklist item"),
        Record::ThankYouNote => ("thank_you_notes", "thank-you note"),
    };
    if record == Record::Round {
        // Its thank-you notes go with it (they name the round by number).
        if let Some((opp, number)) = round_place(tx, id)? {
            tx.exec(
                "DELETE FROM thank_you_notes WHERE opportunity_id = $1 AND round_number = $2",
                &[opp.into(), number.into()],
            )?;
        }
    }
    let changed = tx.exec(&format!("DELETE FROM {table} WHERE id = $1"), &[id.into()])?;
    expect_changed(changed, what, id)
}

// ---- import --------------------------------------------------------------

pub fn import(
    tx: &mut dyn Tx,
    file: &PrepFile,
    _now: DateTime<FixedOffset>,
) -> Result<ImportReport> {
    let slug = slugify(&file.company, &file.role);
    let existing = tx
        .query_one(
            &format!("SELECT {OPP_COLUMNS} FROM opportunities WHERE slug = $1"),
            &[(&slug).into()],
        )?
        .as_ref()
        .map(opportunity_row)
        .transpose()?;
    let created = existing.is_none();
    let stage = file.stage.unwrap_or(if file.rounds.is_empty() {
        Stage::Applied
    } else {
        Stage::Round1
    });
    let opp = match existing {
        Some(mut o) => {
            o.company = file.company.trim().to_string();
            o.role = file.role.trim().to_string();
            o.url = file.url.clone();
            o.job_description = file.job_description.clone();
            o.stage = stage;
            update_opportunity(tx, &o)?;
            // The file is the truth for this opportunity: replace its records.
            for table in [
                "research",
                "rounds",
                "interviewers",
                "questions_to_ask",
                "checklist_items",
                "thank_you_notes",
                "opportunity_stories",
            ] {
                tx.exec(
                    &format!("DELETE FROM {table} WHERE opportunity_id = $1"),
                    &[o.id.into()],
                )?;
            }
            o
        }
        None => add_opportunity(
            tx,
            &NewOpportunity {
                company: file.company.trim().to_string(),
                role: file.role.trim().to_string(),
                url: file.url.clone(),
                job_description: file.job_description.clone(),
                stage,
            },
        )?,
    };
    let (mut stories_added, mut stories_updated) = (0, 0);
    for s in &file.stories {
        let mut story = Story {
            id: 0,
            title: s.title.trim().to_string(),
            situation: s.situation.clone(),
            task: s.task.clone(),
            action: s.action.clone(),
            result: s.result.clone(),
            tags: s.tags.clone(),
        };
        let id = match story_by_title(tx, &s.title)? {
            Some(id) => {
                story.id = id;
                update_story(tx, &story)?;
                stories_updated += 1;
                id
            }
            None => {
                stories_added += 1;
                add_story(tx, &story)?
            }
        };
        link_story(tx, opp.id, id)?;
    }
    for r in &file.research {
        let research = Research {
            id: 0,
            section: r.section,
            text: r.text.clone(),
            source: r.source.clone(),
        };
        add_research(tx, opp.id, &research)?;
    }
    let mut people: HashMap<String, Interviewer> = HashMap::new();
    let mut notes = 0;
    for r in &file.rounds {
        let mut attendees = Vec::new();
        for p in &r.interviewers {
            let key = p.name.trim().to_lowercase();
            let person = match people.get(&key) {
                Some(known) => known.clone(),
                None => {
                    let mut person = Interviewer {
                        id: 0,
                        name: p.name.trim().to_string(),
                        title: p.title.clone(),
                        email: p.email.clone(),
                    };
                    person.id = add_interviewer(tx, opp.id, &person)?;
                    people.insert(key, person.clone());
                    person
                }
            };
            attendees.push(person);
        }
        let round = Round {
            id: 0,
            number: r.number,
            kind: r.kind.clone(),
            date: r.date,
            duration_minutes: r.duration_minutes,
            place: r.place.clone(),
            interviewers: attendees,
        };
        add_round(tx, opp.id, &round)?;
        for n in &r.notes {
            let note = Note {
                id: 0,
                round: r.number,
                kind: n.kind,
                interviewer: n.interviewer.clone(),
                story: n.story.clone(),
                topic: n.topic.clone(),
                text: n.text.clone(),
            };
            add_note(tx, opp.id, &note)?;
            notes += 1;
        }
    }
    for q in &file.questions_to_ask {
        add_question_to_ask(
            tx,
            opp.id,
            &QuestionToAsk {
                id: 0,
                theme: q.theme.clone(),
                text: q.text.clone(),
                asked: q.asked,
            },
        )?;
    }
    for c in &file.checklist {
        add_checklist_item(
            tx,
            opp.id,
            &ChecklistItem {
                id: 0,
                text: c.text.clone(),
                done: c.done,
            },
        )?;
    }
    for t in &file.thank_you {
        let note = ThankYouNote {
            id: 0,
            round: t.round,
            interviewer: t.interviewer.clone(),
            body: t.body.clone(),
            deadline: t.deadline,
            sent_at: t.sent_at,
        };
        save_thank_you(tx, opp.id, &note)?;
    }
    let opportunity = opportunity(tx, &opp.id.to_string())?;
    Ok(ImportReport {
        opportunity,
        created,
        rounds: file.rounds.len(),
        notes,
        stories_added,
        stories_updated,
    })
}

// ---- practice ------------------------------------------------------------

fn json_val(v: &serde_json::Value) -> Val {
    Val::Text(v.to_string())
}

fn json(text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("JSON `{text}`: {e}")))
}

pub fn add_attempt(tx: &mut dyn Tx, a: &Attempt) -> Result<Id> {
    inserted_id(tx.query_one(
        "INSERT INTO practice_attempts (opportunity_id, question_id, question, answer, seconds, feedback, rating, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        &[a.opportunity.into(), (&a.question_id).into(), (&a.question).into(), (&a.answer).into(), a.seconds.into(), json_val(&a.feedback), a.rating.as_ref().into(), a.at.to_rfc3339().into()],
    )?)
}

pub fn attempts(tx: &mut dyn Tx, opp: Option<Id>) -> Result<Vec<Attempt>> {
    let (filter, params) = match opp {
        Some(id) => ("WHERE opportunity_id = $1", vec![Val::Int(id)]),
        None => ("", vec![]),
    };
    tx.query(
        &format!("SELECT id, opportunity_id, question_id, question, answer, seconds, feedback, rating, at FROM practice_attempts {filter} ORDER BY id"),
        &params,
    )?
    .iter()
    .map(|r| {
        Ok(Attempt {
            id: r.int(0)?,
            opportunity: r.opt_int(1)?,
            question_id: r.text(2)?,
            question: r.text(3)?,
            answer: r.text(4)?,
            seconds: number(r.int(5)?)?,
            feedback: json(&r.text(6)?)?,
            rating: r.opt_text(7)?,
            at: time(Some(r.text(8)?))?.ok_or_else(|| StoreError::Corrupt("attempt time".into()))?,
        })
    })
    .collect()
}

/// Stores the recording of the attempt `attempt` (just added, in the same
/// transaction).
pub fn keep_recording(tx: &mut dyn Tx, attempt: Id, wav: &[u8]) -> Result<()> {
    if wav.is_empty() {
        return Err(StoreError::Invalid("an empty recording is not kept".into()));
    }
    tx.exec(
        "INSERT INTO recordings (attempt_id, audio) VALUES ($1, $2)",
        &[attempt.into(), Val::Bytes(wav.to_vec())],
    )?;
    Ok(())
}

pub fn recording(tx: &mut dyn Tx, attempt: Id) -> Result<Option<Vec<u8>>> {
    tx.query_one(
        "SELECT audio FROM recordings WHERE attempt_id = $1",
        &[attempt.into()],
    )?
    .map(|r| r.bytes(0))
    .transpose()
}

pub fn recordings(tx: &mut dyn Tx) -> Result<Vec<(Id, u64)>> {
    tx.query(
        "SELECT attempt_id, length(audio) FROM recordings ORDER BY attempt_id",
        &[],
    )?
    .iter()
    .map(|r| Ok((r.int(0)?, r.int(1)?.max(0) as u64)))
    .collect()
}

pub fn delete_recording(tx: &mut dyn Tx, attempt: Id) -> Result<bool> {
    Ok(tx.exec(
        "DELETE FROM recordings WHERE attempt_id = $1",
        &[attempt.into()],
    )? > 0)
}

pub fn save_card(tx: &mut dyn Tx, c: &ReviewCard) -> Result<()> {
    tx.exec(
        "DELETE FROM review_cards WHERE opportunity_id = $1 AND question_id = $2",
        &[c.opportunity.into(), (&c.question_id).into()],
    )?;
    tx.exec(
        "INSERT INTO review_cards (opportunity_id, question_id, question, state) VALUES ($1, $2, $3, $4)",
        &[c.opportunity.into(), (&c.question_id).into(), (&c.question).into(), json_val(&c.state)],
    )?;
    Ok(())
}

pub fn cards(tx: &mut dyn Tx, opp: Id) -> Result<Vec<ReviewCard>> {
    tx.query(
        "SELECT opportunity_id, question_id, question, state FROM review_cards WHERE opportunity_id = $1 ORDER BY question_id",
        &[opp.into()],
    )?
    .iter()
    .map(|r| {
        Ok(ReviewCard {
            opportunity: r.int(0)?,
            question_id: r.text(1)?,
            question: r.text(2)?,
            state: json(&r.text(3)?)?,
        })
    })
    .collect()
}

pub fn add_user_question(tx: &mut dyn Tx, q: &UserQuestion) -> Result<()> {
    if tx
        .query_one(
            "SELECT 1 FROM user_questions WHERE id = $1",
            &[(&q.id).into()],
        )?
        .is_some()
    {
        return Err(StoreError::Conflict(format!(
            "a question with id `{}` already exists",
            q.id
        )));
    }
    tx.exec(
        "INSERT INTO user_questions (id, category, kind, competencies, text, really_asking) VALUES ($1, $2, $3, $4, $5, $6)",
        &[(&q.id).into(), (&q.category).into(), (&q.kind).into(), list_val(&q.competencies), (&q.text).into(), (&q.really_asking).into()],
    )?;
    Ok(())
}

pub fn user_questions(tx: &mut dyn Tx) -> Result<Vec<UserQuestion>> {
    tx.query("SELECT id, category, kind, competencies, text, really_asking FROM user_questions ORDER BY id", &[])?
        .iter()
        .map(|r| {
            Ok(UserQuestion {
                id: r.text(0)?,
                category: r.text(1)?,
                kind: r.text(2)?,
                competencies: list(&r.text(3)?)?,
                text: r.text(4)?,
                really_asking: r.text(5)?,
            })
        })
        .collect()
}

/// A vector as its column text: the hex of its little-endian f32s.
fn vector_text(v: &[f32]) -> String {
    let mut s = String::with_capacity(v.len() * 8);
    for x in v {
        for b in x.to_le_bytes() {
            s.push_str(&format!("{b:02x}"));
        }
    }
    s
}

fn vector_of(text: &str, dim: i64) -> Result<Vec<f32>> {
    let bytes = text.as_bytes();
    if dim < 0 || bytes.len() != dim as usize * 8 {
        return Err(StoreError::Corrupt(format!(
            "an embedding of {} hex digits, {dim} dimensions expected",
            bytes.len()
        )));
    }
    let hex = |c: u8| -> Result<u8> {
        (c as char)
            .to_digit(16)
            .map(|d| d as u8)
            .ok_or_else(|| StoreError::Corrupt("an embedding that is not hex".into()))
    };
    bytes
        .chunks(8)
        .map(|c| {
            let mut b = [0u8; 4];
            for (i, pair) in c.chunks(2).enumerate() {
                b[i] = hex(pair[0])? << 4 | hex(pair[1])?;
            }
            Ok(f32::from_le_bytes(b))
        })
        .collect()
}

/// The cached vectors of `model` for the text hashes given (those it has).
pub fn embeddings(
    tx: &mut dyn Tx,
    model: &str,
    hashes: &[String],
) -> Result<HashMap<String, Vec<f32>>> {
    let mut out = HashMap::new();
    // In slices, so no statement carries thousands of parameters.
    for chunk in hashes.chunks(200) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT text_hash, dim, vector FROM embeddings WHERE model = $1 AND text_hash IN ({})",
            marks.join(", ")
        );
        let mut params: Vec<Val> = vec![model.into()];
        params.extend(chunk.iter().map(Val::from));
        for r in tx.query(&sql, &params)? {
            out.insert(r.text(0)?, vector_of(&r.text(2)?, r.int(1)?)?);
        }
    }
    Ok(out)
}

/// Caches vectors of `model` by text hash (a hash already there is kept).
pub fn put_embeddings(tx: &mut dyn Tx, model: &str, vectors: &[(String, Vec<f32>)]) -> Result<()> {
    for (hash, v) in vectors {
        tx.exec(
            "INSERT INTO embeddings (model, text_hash, dim, vector) VALUES ($1, $2, $3, $4) ON CONFLICT (model, text_hash) DO NOTHING",
            &[
                model.into(),
                hash.into(),
                (v.len() as i64).into(),
                vector_text(v).into(),
            ],
        )?;
    }
    Ok(())
}
