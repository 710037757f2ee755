//! The record commands: opportunities, research, interviewers, rounds,
//! notes, stories, questions to ask, thank-you notes sent, the profile and
//! the status across opportunities. Each reads or writes the store and
//! prints.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, FixedOffset};
use clap::{Args as ClapArgs, Subcommand};
use round2_core::prep::parse_time;
use round2_core::*;
use round2_store::{Record, Store};

use crate::edge::{now, pack_of, write_atomically};
use crate::input::read_text;
use crate::output;

/// A company or role given, or named by the posting; else what to do.
fn named(value: Option<String>, flag: &str, what: &str, posting: &str) -> Result<String> {
    value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
        if posting.is_empty() {
            anyhow!("{flag} is needed (and must not be empty)")
        } else {
            anyhow!("{flag} is needed: the posting does not name the {what}")
        }
    })
}

fn stage(text: &str) -> Result<Stage> {
    text.parse::<Stage>().map_err(|e| anyhow!("--stage: {e}"))
}

pub fn opp(s: &mut dyn Store, c: OppCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    match c {
        OppCommand::Add {
            company,
            role,
            url,
            posting: file,
            posting_url,
            stage: st,
        } => {
            let (page, source) = match (&file, &posting_url) {
                (_, Some(link)) => (crate::input::posting_from_url(link)?, Some(link.clone())),
                (Some(path), None) => (crate::input::posting_file(path)?, None),
                (None, None) => (Default::default(), None),
            };
            let company = named(company.or(page.company), "--company", "company", &page.text)?;
            let role = named(role.or(page.title), "--role", "job", &page.text)?;
            let url = url.or(source);
            let job_description = page.text;
            let o = s.add_opportunity(&NewOpportunity {
                company,
                role,
                url,
                job_description,
                stage: stage(&st)?,
            })?;
            if json {
                return output::json(out, &o);
            }
            writeln!(out, "Added `{}`.", o.slug)?;
        }
        OppCommand::List => {
            let all = s.list_opportunities()?;
            if json {
                return output::json(out, &all);
            }
            if all.is_empty() {
                writeln!(
                    out,
                    "No opportunities yet. Add one with `round2 opp add` or `round2 import FILE`."
                )?;
            } else {
                let rows: Vec<_> = all.iter().map(output::opportunity_row).collect();
                output::table(out, &["SLUG", "COMPANY", "ROLE", "STAGE"], &rows)?;
            }
        }
        OppCommand::Show { slug } => {
            let o = s.opportunity(&slug)?;
            let pack = s.pack(o.id)?;
            if json {
                return output::json(out, &pack);
            }
            output::pack(out, &pack)?;
        }
        OppCommand::Edit {
            slug,
            company,
            role,
            url,
            posting: file,
            stage: st,
            new_slug,
        } => {
            let mut o = s.opportunity(&slug)?;
            if let Some(v) = company {
                o.company = v;
            }
            if let Some(v) = role {
                o.role = v;
            }
            if let Some(v) = url {
                o.url = Some(v).filter(|u| !u.is_empty());
            }
            if let Some(p) = file {
                o.job_description = crate::input::posting_file(&p)?.text;
            }
            if let Some(v) = st {
                o.stage = stage(&v)?;
            }
            if let Some(v) = new_slug {
                o.slug = v;
            }
            s.update_opportunity(&o)?;
            writeln!(out, "Updated `{}`.", o.slug)?;
        }
        OppCommand::Rm { slug } => {
            let o = s.opportunity(&slug)?;
            s.remove(Record::Opportunity, o.id)?;
            writeln!(
                out,
                "Removed `{}` and its rounds, notes and research.",
                o.slug
            )?;
        }
    }
    Ok(())
}

fn not_in(what: &str, id: i64, slug: &str) -> anyhow::Error {
    anyhow!("no {what} #{id} in `{slug}` (list them with `round2 {what} list {slug}`)")
}

pub fn research(
    s: &mut dyn Store,
    c: ResearchCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match c {
        ResearchCommand::Add {
            slug,
            section,
            source,
            from_url,
            text,
        } => {
            let o = s.opportunity(&slug)?;
            let section = section.parse().map_err(|e| anyhow!("--section: {e}"))?;
            let (text, source) = match (text, from_url) {
                (Some(text), url) => (text, source.or(url)),
                (None, Some(url)) => (crate::input::quote_from_url(&url)?, source.or(Some(url))),
                (None, None) => bail!("give what you found as TEXT, or --from-url to quote a page"),
            };
            if text.trim().is_empty() {
                bail!("the research text must not be empty");
            }
            let id = s.add_research(
                o.id,
                &Research {
                    id: 0,
                    section,
                    text,
                    source,
                },
            )?;
            writeln!(out, "Added research #{id}.")?;
        }
        ResearchCommand::List { slug } => {
            let p = pack_of(s, &slug)?;
            if json {
                return output::json(out, &p.research);
            }
            let rows: Vec<_> = p
                .research
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.section.to_string(),
                        r.text.clone(),
                        r.source.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            output::table(out, &["ID", "SECTION", "TEXT", "SOURCE"], &rows)?;
        }
        ResearchCommand::Edit {
            slug,
            id,
            section,
            source,
            text,
        } => {
            let p = pack_of(s, &slug)?;
            let mut r = p
                .research
                .into_iter()
                .find(|r| r.id == id)
                .ok_or_else(|| not_in("research", id, &slug))?;
            if let Some(v) = section {
                r.section = v.parse().map_err(|e| anyhow!("--section: {e}"))?;
            }
            if let Some(v) = source {
                r.source = Some(v).filter(|s| !s.is_empty());
            }
            if let Some(v) = text {
                r.text = v;
            }
            s.update_research(&r)?;
            writeln!(out, "Updated research #{id}.")?;
        }
        ResearchCommand::Rm { slug, id } => {
            let p = pack_of(s, &slug)?;
            p.research
                .iter()
                .find(|r| r.id == id)
                .ok_or_else(|| not_in("research", id, &slug))?;
            s.remove(Record::Research, id)?;
            writeln!(out, "Removed research #{id}.")?;
        }
    }
    Ok(())
}

pub fn interviewer(
    s: &mut dyn Store,
    c: InterviewerCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match c {
        InterviewerCommand::Add {
            slug,
            name,
            fields,
            rounds,
        } => {
            let p = pack_of(s, &slug)?;
            for n in &rounds {
                if p.round(*n).is_none() {
                    bail!("`{slug}` has no round {n}; add it first with `round2 round add`");
                }
            }
            let person = Interviewer {
                id: 0,
                name,
                title: fields.title,
                email: fields.email,
            };
            let id = s.add_interviewer(p.opportunity.id, &person)?;
            let person = Interviewer { id, ..person };
            for n in rounds {
                if let Some(r) = p.round(n) {
                    let mut r = r.clone();
                    r.interviewers.push(person.clone());
                    s.update_round(&r)?;
                }
            }
            writeln!(out, "Added interviewer #{id} {}.", person.name)?;
        }
        InterviewerCommand::List { slug } => {
            let p = pack_of(s, &slug)?;
            if json {
                return output::json(out, &p.interviewers);
            }
            let rows: Vec<_> = p
                .interviewers
                .iter()
                .map(|i| {
                    let rounds: Vec<String> = p
                        .rounds
                        .iter()
                        .filter(|r| r.interviewers.iter().any(|x| x.id == i.id))
                        .map(|r| r.number.to_string())
                        .collect();
                    vec![
                        i.id.to_string(),
                        i.name.clone(),
                        i.title.clone().unwrap_or_default(),
                        i.email.clone().unwrap_or_default(),
                        rounds.join(","),
                    ]
                })
                .collect();
            output::table(out, &["ID", "NAME", "TITLE", "EMAIL", "ROUNDS"], &rows)?;
        }
        InterviewerCommand::Edit {
            slug,
            id,
            name,
            fields,
        } => {
            let p = pack_of(s, &slug)?;
            let mut i = p
                .interviewers
                .into_iter()
                .find(|i| i.id == id)
                .ok_or_else(|| not_in("interviewer", id, &slug))?;
            if let Some(v) = name {
                i.name = v;
            }
            if let Some(v) = fields.title {
                i.title = Some(v).filter(|s| !s.is_empty());
            }
            if let Some(v) = fields.email {
                i.email = Some(v).filter(|s| !s.is_empty());
            }
            s.update_interviewer(&i)?;
            writeln!(out, "Updated interviewer #{id}.")?;
        }
        InterviewerCommand::Rm { slug, id } => {
            let p = pack_of(s, &slug)?;
            p.interviewers
                .iter()
                .find(|i| i.id == id)
                .ok_or_else(|| not_in("interviewer", id, &slug))?;
            s.remove(Record::Interviewer, id)?;
            writeln!(out, "Removed interviewer #{id}.")?;
        }
        InterviewerCommand::Export { slug, out: to } => {
            let p = pack_of(s, &slug)?;
            if p.interviewers.is_empty() {
                bail!("`{slug}` has no interviewers to export; add them with `round2 interviewer add`");
            }
            let vcf = round2_documents::interviewers_vcf(&p, now());
            write_atomically(&to, vcf.as_bytes())?;
            let n = p.interviewers.len();
            writeln!(
                out,
                "Wrote {} ({n} contact{}; open it with your address book).",
                to.display(),
                if n == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}

fn people(p: &PrepPack, names: &[String]) -> Result<Vec<Interviewer>> {
    names
        .iter()
        .map(|n| {
            p.interviewers
                .iter()
                .find(|i| i.name.eq_ignore_ascii_case(n.trim()))
                .cloned()
                .ok_or_else(|| anyhow!("`{n}` is not an interviewer of `{}`; add them with `round2 interviewer add`", p.opportunity.slug))
        })
        .collect()
}

fn date(text: Option<String>) -> Result<Option<DateTime<FixedOffset>>> {
    text.map(|t| parse_time(&t).map_err(|e| anyhow!("--date: {e}")))
        .transpose()
}

pub fn round(s: &mut dyn Store, c: RoundCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    match c {
        RoundCommand::Add {
            slug,
            number,
            kind,
            date: d,
            duration,
            place,
            interviewers,
        } => {
            let p = pack_of(s, &slug)?;
            if number == 0 {
                bail!("--number: rounds are numbered from 1");
            }
            let r = Round {
                id: 0,
                number,
                kind,
                date: date(d)?,
                duration_minutes: duration,
                place,
                interviewers: people(&p, &interviewers)?,
            };
            s.add_round(p.opportunity.id, &r)?;
            writeln!(out, "Added round {number}.")?;
        }
        RoundCommand::List { slug } => {
            let p = pack_of(s, &slug)?;
            if json {
                return output::json(out, &p.rounds);
            }
            for r in &p.rounds {
                writeln!(out, "{}", output::round_line(r))?;
            }
        }
        RoundCommand::Show { slug, number } => {
            let p = pack_of(s, &slug)?;
            let r = p
                .round(number)
                .ok_or_else(|| anyhow!("`{slug}` has no round {number}"))?;
            let notes: Vec<&Note> = p.notes_of_round(number).collect();
            if json {
                return output::json(out, &serde_json::json!({"round": r, "notes": notes}));
            }
            writeln!(out, "{}", output::round_line(r))?;
            for n in notes {
                writeln!(out, "  {}", output::note_line(n))?;
            }
        }
        RoundCommand::Edit {
            slug,
            number,
            kind,
            date: d,
            duration,
            place,
            interviewers,
        } => {
            let p = pack_of(s, &slug)?;
            let mut r = p
                .round(number)
                .cloned()
                .ok_or_else(|| anyhow!("`{slug}` has no round {number}"))?;
            if let Some(v) = kind {
                r.kind = v;
            }
            if d.is_some() {
                r.date = date(d)?;
            }
            if duration.is_some() {
                r.duration_minutes = duration;
            }
            if let Some(v) = place {
                r.place = Some(v).filter(|s| !s.is_empty());
            }
            if !interviewers.is_empty() {
                r.interviewers = people(&p, &interviewers)?;
            }
            s.update_round(&r)?;
            writeln!(out, "Updated round {number}.")?;
        }
        RoundCommand::Rm { slug, number } => {
            let p = pack_of(s, &slug)?;
            let r = p
                .round(number)
                .ok_or_else(|| anyhow!("`{slug}` has no round {number}"))?;
            s.remove(Record::Round, r.id)?;
            writeln!(out, "Removed round {number} and its notes.")?;
        }
        RoundCommand::ImportTranscript {
            slug,
            round,
            file,
            speakers,
            me,
            accept_all,
        } => crate::cmd::transcript::import(
            s,
            &crate::cmd::transcript::Request {
                slug: &slug,
                round,
                file: &file,
                speakers: &speakers,
                me: me.as_deref(),
                accept_all,
            },
            json,
            out,
        )?,
    }
    Ok(())
}

fn note_kind(text: &str) -> Result<NoteKind> {
    text.parse().map_err(|e| anyhow!("--kind: {e}"))
}

pub fn note(s: &mut dyn Store, c: NoteCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    match c {
        NoteCommand::Add {
            slug,
            round,
            kind,
            interviewer,
            story,
            topic,
            text,
        } => {
            let o = s.opportunity(&slug)?;
            let n = Note {
                id: 0,
                round,
                kind: note_kind(&kind)?,
                interviewer,
                story,
                topic,
                text,
            };
            let id = s.add_note(o.id, &n)?;
            writeln!(out, "Added note #{id} to round {round}.")?;
        }
        NoteCommand::List { slug, round } => {
            let p = pack_of(s, &slug)?;
            let notes: Vec<&Note> = p
                .notes
                .iter()
                .filter(|n| round.is_none_or(|r| n.round == r))
                .collect();
            if json {
                return output::json(out, &notes);
            }
            for n in notes {
                writeln!(out, "round {} {}", n.round, output::note_line(n))?;
            }
        }
        NoteCommand::Edit {
            slug,
            id,
            kind,
            interviewer,
            story,
            topic,
            text,
        } => {
            let p = pack_of(s, &slug)?;
            let mut n = p
                .notes
                .into_iter()
                .find(|n| n.id == id)
                .ok_or_else(|| not_in("note", id, &slug))?;
            if let Some(v) = kind {
                n.kind = note_kind(&v)?;
            }
            if let Some(v) = interviewer {
                n.interviewer = Some(v).filter(|s| !s.is_empty());
            }
            if let Some(v) = story {
                n.story = Some(v).filter(|s| !s.is_empty());
            }
            if let Some(v) = topic {
                n.topic = Some(v).filter(|s| !s.trim().is_empty());
            }
            if let Some(v) = text {
                n.text = v;
            }
            s.update_note(p.opportunity.id, &n)?;
            writeln!(out, "Updated note #{id}.")?;
        }
        NoteCommand::Rm { slug, id } => {
            let p = pack_of(s, &slug)?;
            p.notes
                .iter()
                .find(|n| n.id == id)
                .ok_or_else(|| not_in("note", id, &slug))?;
            s.remove(Record::Note, id)?;
            writeln!(out, "Removed note #{id}.")?;
        }
    }
    Ok(())
}

fn apply_story_fields(st: &mut Story, f: StoryFields) {
    for (slot, v) in [
        (&mut st.situation, f.situation),
        (&mut st.task, f.task),
        (&mut st.action, f.action),
        (&mut st.result, f.result),
    ] {
        if let Some(v) = v {
            *slot = v;
        }
    }
    if !f.tags.is_empty() {
        st.tags = f
            .tags
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
    }
}

pub fn story(s: &mut dyn Store, c: StoryCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    match c {
        StoryCommand::Add { title, fields, opp } => {
            let opp = opp.map(|o| s.opportunity(&o)).transpose()?;
            let mut st = Story {
                id: 0,
                title,
                situation: String::new(),
                task: String::new(),
                action: String::new(),
                result: String::new(),
                tags: vec![],
            };
            apply_story_fields(&mut st, fields);
            let id = s.add_story(&st)?;
            if let Some(o) = opp {
                s.link_story(o.id, id)?;
            }
            writeln!(out, "Added story #{id} {}.", st.title)?;
        }
        StoryCommand::List => {
            let all = s.stories()?;
            if json {
                return output::json(out, &all);
            }
            let rows: Vec<_> = all
                .iter()
                .map(|st| vec![st.id.to_string(), st.title.clone(), st.tags.join(", ")])
                .collect();
            output::table(out, &["ID", "TITLE", "TAGS"], &rows)?;
        }
        StoryCommand::Show { story } => {
            let st = s.story(&story)?;
            if json {
                return output::json(out, &st);
            }
            output::story_block(out, &st)?;
        }
        StoryCommand::Edit {
            story,
            title,
            fields,
        } => {
            let mut st = s.story(&story)?;
            if let Some(t) = title {
                st.title = t;
            }
            apply_story_fields(&mut st, fields);
            s.update_story(&st)?;
            writeln!(out, "Updated story #{}.", st.id)?;
        }
        StoryCommand::Match { question, opp, top } => {
            crate::analysis::story_match(s, &question, opp.as_deref(), top, json, out)?
        }
        StoryCommand::Gaps { slug } => crate::analysis::story_gaps(s, slug.as_deref(), json, out)?,
        StoryCommand::Rm { story } => {
            let st = s.story(&story)?;
            s.remove(Record::Story, st.id)?;
            writeln!(out, "Removed story #{} {}.", st.id, st.title)?;
        }
    }
    Ok(())
}

pub fn to_ask(s: &mut dyn Store, c: ToAskCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    match c {
        ToAskCommand::Add { slug, theme, text } => {
            let o = s.opportunity(&slug)?;
            let id = s.add_question_to_ask(
                o.id,
                &QuestionToAsk {
                    id: 0,
                    theme,
                    text,
                    asked: false,
                },
            )?;
            writeln!(out, "Added question to ask #{id}.")?;
        }
        ToAskCommand::List { slug } => {
            let p = pack_of(s, &slug)?;
            if json {
                return output::json(out, &p.questions_to_ask);
            }
            let rows: Vec<_> = p
                .questions_to_ask
                .iter()
                .map(|q| {
                    vec![
                        q.id.to_string(),
                        q.theme.clone(),
                        if q.asked { "yes" } else { "" }.into(),
                        q.text.clone(),
                    ]
                })
                .collect();
            output::table(out, &["ID", "THEME", "ASKED", "QUESTION"], &rows)?;
        }
        ToAskCommand::Edit {
            slug,
            id,
            theme,
            text,
            asked,
        } => {
            let p = pack_of(s, &slug)?;
            let mut q = p
                .questions_to_ask
                .into_iter()
                .find(|q| q.id == id)
                .ok_or_else(|| not_in("to-ask", id, &slug))?;
            if let Some(v) = theme {
                q.theme = v;
            }
            if let Some(v) = text {
                q.text = v;
            }
            if let Some(v) = asked {
                q.asked = v;
            }
            s.update_question_to_ask(&q)?;
            writeln!(out, "Updated question to ask #{id}.")?;
        }
        ToAskCommand::Rm { slug, id } => {
            let p = pack_of(s, &slug)?;
            p.questions_to_ask
                .iter()
                .find(|q| q.id == id)
                .ok_or_else(|| not_in("to-ask", id, &slug))?;
            s.remove(Record::QuestionToAsk, id)?;
            writeln!(out, "Removed question to ask #{id}.")?;
        }
    }
    Ok(())
}

pub fn thank_you(
    s: &mut dyn Store,
    c: ThankYouCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match c {
        ThankYouCommand::List { slug } => {
            let p = pack_of(s, &slug)?;
            if json {
                return output::json(out, &p.thank_you);
            }
            for t in &p.thank_you {
                let state = match t.sent_at {
                    Some(at) => format!("sent {}", at.format("%Y-%m-%d %H:%M")),
                    None => t
                        .deadline
                        .map(|d| format!("due by {}", d.format("%Y-%m-%d %H:%M")))
                        .unwrap_or_else(|| "not sent".into()),
                };
                writeln!(
                    out,
                    "#{} round {} to {} ({state})\n{}\n",
                    t.id, t.round, t.interviewer, t.body
                )?;
            }
        }
        ThankYouCommand::Edit {
            slug,
            round,
            interviewer,
            body,
        } => {
            let p = pack_of(s, &slug)?;
            let body = read_text(&body, 64 * 1024, "note body")?;
            let r = p
                .round(round)
                .ok_or_else(|| anyhow!("`{slug}` has no round {round}"))?;
            let deadline = r.thank_you_deadline();
            let existing = p
                .thank_you
                .iter()
                .find(|t| t.round == round && t.interviewer.eq_ignore_ascii_case(&interviewer));
            let note = ThankYouNote {
                id: 0,
                round,
                interviewer,
                body,
                deadline,
                sent_at: existing.and_then(|t| t.sent_at),
            };
            let id = s.save_thank_you(p.opportunity.id, &note)?;
            writeln!(out, "Saved thank-you note #{id}.")?;
        }
        ThankYouCommand::Rm { slug, id } => {
            let p = pack_of(s, &slug)?;
            p.thank_you
                .iter()
                .find(|t| t.id == id)
                .ok_or_else(|| not_in("thank-you", id, &slug))?;
            s.remove(Record::ThankYouNote, id)?;
            writeln!(out, "Removed thank-you note #{id}.")?;
        }
    }
    Ok(())
}

pub fn profile(
    s: &mut dyn Store,
    c: ProfileCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match c {
        ProfileCommand::Show => {
            let p = s.profile()?;
            if json {
                return output::json(out, &p);
            }
            match p {
                None => writeln!(out, "No profile yet: `round2 profile set --name \"Your Name\" --email you@example.com`.")?,
                Some(p) => {
                    writeln!(out, "{}", p.name)?;
                    for v in [&p.email, &p.phone, &p.headline].into_iter().flatten() {
                        writeln!(out, "{v}")?;
                    }
                    if !p.priorities.is_empty() {
                        writeln!(out, "What matters most: {}", p.priorities.join(", "))?;
                    }
                }
            }
        }
        ProfileCommand::Set {
            name,
            email,
            phone,
            headline,
            priorities,
        } => {
            let mut p = s.profile()?.unwrap_or_default();
            if let Some(v) = name {
                p.name = v;
            }
            if p.name.trim().is_empty() {
                bail!("--name is needed the first time");
            }
            for (slot, v) in [
                (&mut p.email, email),
                (&mut p.phone, phone),
                (&mut p.headline, headline),
            ] {
                if let Some(v) = v {
                    *slot = Some(v).filter(|s| !s.is_empty());
                }
            }
            if !priorities.is_empty() {
                p.priorities = priorities
                    .into_iter()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
            }
            s.set_profile(&p)?;
            writeln!(out, "Profile saved.")?;
        }
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct StatusRow {
    slug: String,
    company: String,
    role: String,
    stage: Stage,
    next_round: Option<u32>,
    next_round_date: Option<DateTime<FixedOffset>>,
    overdue_thank_you: Vec<String>,
}

pub fn status(s: &mut dyn Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let now = now();
    let mut rows = Vec::new();
    for o in s.list_opportunities()? {
        let p = s.pack(o.id)?;
        let next = p.next_scheduled_round(now);
        rows.push(StatusRow {
            overdue_thank_you: p
                .overdue_thank_you(now)
                .into_iter()
                .map(|o| format!("{} (round {})", o.interviewer, o.round))
                .collect(),
            next_round: next.map(|r| r.number),
            next_round_date: next.and_then(|r| r.date),
            slug: o.slug,
            company: o.company,
            role: o.role,
            stage: o.stage,
        });
    }
    if json {
        return output::json(out, &rows);
    }
    if rows.is_empty() {
        writeln!(
            out,
            "No opportunities yet. Try `round2 demo`, or `round2 import FILE`."
        )?;
    }
    for r in rows {
        let next = match (r.next_round, r.next_round_date) {
            (Some(n), Some(d)) => format!("round {n} on {}", d.format("%a %e %b %H:%M")),
            _ => "no round scheduled".into(),
        };
        writeln!(
            out,
            "{}  {} — {}  [{}]  {next}",
            r.slug, r.company, r.role, r.stage
        )?;
        if !r.overdue_thank_you.is_empty() {
            writeln!(
                out,
                "  overdue thank-you notes: {}",
                r.overdue_thank_you.join(", ")
            )?;
        }
    }
    Ok(())
}

// ---- arguments ------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum OppCommand {
    /// Add an opportunity.
    Add {
        /// [default: the company a posting page names]
        #[arg(long)]
        company: Option<String>,
        /// [default: the job title a posting page names]
        #[arg(long)]
        role: Option<String>,
        /// The posting's address [default: the --posting-url].
        #[arg(long)]
        url: Option<String>,
        /// The job posting: a text file, a web page saved from the browser
        /// (.html), or - for standard input.
        #[arg(long, conflicts_with = "posting_url")]
        posting: Option<PathBuf>,
        /// Read the posting from this web page (http or https; the only time
        /// `opp add` uses the network).
        #[arg(long)]
        posting_url: Option<String>,
        /// applied, round-1, round-2, offer or closed.
        #[arg(long, default_value = "applied")]
        stage: String,
    },
    /// List opportunities.
    List,
    /// Show one opportunity with its records.
    Show { slug: String },
    /// Change an opportunity.
    Edit {
        slug: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        posting: Option<PathBuf>,
        #[arg(long)]
        stage: Option<String>,
        /// A new short name.
        #[arg(long)]
        new_slug: Option<String>,
    },
    /// Remove an opportunity and everything that belongs to it.
    Rm { slug: String },
}

#[derive(Debug, Subcommand)]
pub enum ResearchCommand {
    /// Add a finding about the company to one section, with where it came from.
    Add {
        slug: String,
        /// mission, products, news, culture, people, competitors or other.
        #[arg(long)]
        section: String,
        /// Where it came from [default: the --from-url].
        #[arg(long)]
        source: Option<String>,
        /// Quote this page: its title and first sentences, unless TEXT is given.
        #[arg(long)]
        from_url: Option<String>,
        /// What you found [required without --from-url].
        text: Option<String>,
    },
    /// The findings of an opportunity, by section, with their ids.
    List { slug: String },
    /// Change a finding's section, source or text.
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        section: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    /// Remove a finding.
    Rm { slug: String, id: i64 },
}

#[derive(Debug, ClapArgs)]
pub struct PersonFields {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum InterviewerCommand {
    /// Add an interviewer, optionally to rounds.
    Add {
        slug: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: PersonFields,
        /// Round numbers this person takes part in.
        #[arg(long = "round")]
        rounds: Vec<u32>,
    },
    List {
        slug: String,
    },
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: PersonFields,
    },
    Rm {
        slug: String,
        id: i64,
    },
    /// Write the interviewers as vCard 4.0 contacts for your address book.
    Export {
        slug: String,
        /// The .vcf file to write.
        #[arg(short, long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    Add {
        slug: String,
        #[arg(long)]
        number: u32,
        #[arg(long, default_value = "interview")]
        kind: String,
        /// Start time with offset, e.g. 2026-11-20T15:00:00-05:00.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        duration: Option<u32>,
        /// Address or meeting link.
        #[arg(long)]
        place: Option<String>,
        /// Interviewer names (they must exist: `round2 interviewer add`).
        #[arg(long = "interviewer")]
        interviewers: Vec<String>,
    },
    List {
        slug: String,
    },
    Show {
        slug: String,
        number: u32,
    },
    Edit {
        slug: String,
        number: u32,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        duration: Option<u32>,
        #[arg(long)]
        place: Option<String>,
        /// Replace the interviewers with these names.
        #[arg(long = "interviewer")]
        interviewers: Vec<String>,
    },
    Rm {
        slug: String,
        number: u32,
    },
    /// Propose notes for a round from a meeting transcript (.vtt, .srt, or
    /// text with `Name:` labels); you keep, edit or drop each before anything
    /// is saved. The transcript itself is not stored.
    #[command(name = "import-transcript")]
    ImportTranscript {
        slug: String,
        /// The round the transcript is of.
        #[arg(long)]
        round: u32,
        /// The transcript file, or - for standard input.
        file: PathBuf,
        /// Who a speaker label is: LABEL=INTERVIEWER, LABEL=me or LABEL=ignore (repeatable).
        #[arg(long = "speaker")]
        speakers: Vec<String>,
        /// Your speaker label [default: your profile's name].
        #[arg(long)]
        me: Option<String>,
        /// Save every proposal without asking (for scripts).
        #[arg(long)]
        accept_all: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    Add {
        slug: String,
        #[arg(long)]
        round: u32,
        /// topic, question, answer, asked, forgot, follow-up, rapport or story.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        interviewer: Option<String>,
        /// For a story note: the title of the story told.
        #[arg(long)]
        story: Option<String>,
        /// The topic as a thank-you note should name it ("our conversation
        /// about ___"); wins over what round2 reads from the text.
        #[arg(long)]
        topic: Option<String>,
        text: String,
    },
    List {
        slug: String,
        #[arg(long)]
        round: Option<u32>,
    },
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        interviewer: Option<String>,
        #[arg(long)]
        story: Option<String>,
        /// The thank-you topic; an empty value removes it.
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    Rm {
        slug: String,
        id: i64,
    },
}

#[derive(Debug, ClapArgs)]
pub struct StoryFields {
    #[arg(long)]
    pub situation: Option<String>,
    #[arg(long)]
    pub task: Option<String>,
    #[arg(long)]
    pub action: Option<String>,
    #[arg(long)]
    pub result: Option<String>,
    /// Tags (repeat, or separate with commas).
    #[arg(long = "tag", value_delimiter = ',')]
    pub tags: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    Add {
        #[arg(long)]
        title: String,
        #[command(flatten)]
        fields: StoryFields,
        /// Link the story to this opportunity.
        #[arg(long)]
        opp: Option<String>,
    },
    /// Rank the story bank for a question, with the reason.
    Match {
        question: String,
        /// Only the stories linked to this opportunity.
        #[arg(long)]
        opp: Option<String>,
        #[arg(long, default_value_t = 3)]
        top: usize,
    },
    /// Competencies with no story yet, and likely questions with only a weak match.
    Gaps {
        slug: Option<String>,
    },
    List,
    Show {
        story: String,
    },
    Edit {
        story: String,
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: StoryFields,
    },
    Rm {
        story: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ToAskCommand {
    /// Save a question you will ask.
    Add {
        slug: String,
        /// culture, management style, team, growth, success in the role, strategy, next steps...
        #[arg(long, default_value = "general")]
        theme: String,
        text: String,
    },
    /// Your saved questions, with their ids and whether you asked them.
    List { slug: String },
    /// Change a saved question, or mark it asked.
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        theme: Option<String>,
        #[arg(long)]
        text: Option<String>,
        /// Mark as asked (or --asked=false).
        #[arg(long)]
        asked: Option<bool>,
    },
    /// Remove a saved question.
    Rm { slug: String, id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ThankYouCommand {
    /// The kept notes, with their ids, deadlines and when they were sent.
    List { slug: String },
    /// Write or replace the note for one interviewer of one round.
    Edit {
        slug: String,
        #[arg(long)]
        round: u32,
        #[arg(long)]
        interviewer: String,
        /// The body as a text file, or - for standard input.
        #[arg(long)]
        body: PathBuf,
    },
    /// Remove a kept note.
    Rm { slug: String, id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    Show,
    Set {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        headline: Option<String>,
        /// What matters most to you (repeat, or separate with commas).
        #[arg(long = "priority", value_delimiter = ',')]
        priorities: Vec<String>,
    },
}
