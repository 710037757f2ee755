//! What the candidate brings and sends: pitch, cheat sheet, checklist,
//! thank-you notes and calendar. Builds the documents' inputs from the store,
//! the ledger and the story ranking, then writes files at the edge.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, FixedOffset};
use clap::{Args as ClapArgs, ValueEnum};
use round2_core::{ChecklistItem, Profile, ThankYouNote};
use round2_documents::{
    build_cheat_sheet, day_of_checklist, draft_to_eml, pitch as make_pitch, validate_template,
    Draft,
};
use round2_method::Prepared;
use round2_store::{Record, Store};

use crate::edge::{now, pack_of, write_atomically};
use crate::input::read_text;
use crate::output;

/// Loads an opportunity and computes what its documents need.
pub fn prepared(s: &mut dyn Store, slug: &str, now: DateTime<FixedOffset>) -> Result<Prepared> {
    let pack = pack_of(s, slug)?;
    let profile = s.profile()?.unwrap_or_default();
    let vectors = crate::meaning::vectors(s, round2_method::texts_to_judge(&pack, &[]));
    let rank = crate::meaning::rank_vectors(s, round2_method::texts_to_rank(&pack, &[]));
    Ok(Prepared::with_vectors(pack, profile, now, vectors).ranked_with(rank))
}

pub fn pitch(
    s: &mut dyn Store,
    slug: &str,
    interviewer: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let p = prepared(s, slug, now())?;
    let input = p.input();
    let next = p.pack.next_round_number();
    let people: Vec<String> = match interviewer {
        Some(name) => {
            let known = p
                .pack
                .interviewers
                .iter()
                .find(|i| i.name.eq_ignore_ascii_case(name.trim()));
            vec![known
                .map(|i| i.name.clone())
                .ok_or_else(|| anyhow!("`{name}` is not an interviewer of `{slug}`"))?]
        }
        None => p
            .pack
            .round(next)
            .map(|r| r.interviewers.iter().map(|i| i.name.clone()).collect())
            .unwrap_or_default(),
    };
    if people.is_empty() {
        bail!("round {next} of `{slug}` has no interviewers yet; add them, or name one with --interviewer");
    }
    let pitches: Vec<_> = people.iter().map(|name| make_pitch(&input, name)).collect();
    if json {
        let md: Vec<_> = pitches.iter().map(|p| serde_json::json!({"interviewer": p.interviewer, "returning": p.returning, "markdown": p.to_markdown()})).collect();
        return output::json(out, &md);
    }
    for p in pitches {
        writeln!(out, "{}", p.to_markdown())?;
    }
    Ok(())
}

pub fn sheet(
    s: &mut dyn Store,
    slug: &str,
    format: SheetFormat,
    to: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    let p = prepared(s, slug, now())?;
    let sheet = build_cheat_sheet(&p.input());
    let (bytes, left_out) = match format {
        SheetFormat::Md => (sheet.to_markdown().into_bytes(), vec![]),
        SheetFormat::Html => (sheet.to_html().into_bytes(), vec![]),
        SheetFormat::Pdf => {
            let pdf = sheet.to_pdf()?;
            (pdf.bytes, pdf.left_out)
        }
    };
    match to {
        Some(path) => {
            write_atomically(path, &bytes)?;
            writeln!(out, "Wrote {}", path.display())?;
        }
        None if format == SheetFormat::Pdf => bail!("a PDF needs a file: add -o sheet.pdf"),
        None => out.write_all(&bytes)?,
    }
    if !left_out.is_empty() {
        writeln!(
            std::io::stderr(),
            "To fit one page, the PDF leaves out: {}",
            left_out.join("; ")
        )?;
    }
    Ok(())
}

/// Drafts for a round: saved notes (which may hold the user's edits) win
/// over fresh drafts unless `regenerate`; fresh ones are saved.
pub fn drafts(
    s: &mut dyn Store,
    p: &Prepared,
    round: u32,
    template: Option<&str>,
    regenerate: bool,
) -> Result<Vec<Draft>> {
    let (drafts, to_save) = p.thank_you_drafts(round, template, regenerate);
    for note in &to_save {
        s.save_thank_you(p.pack.opportunity.id, note)?;
    }
    Ok(drafts)
}

pub fn write_drafts(
    dir: &Path,
    drafts: &[Draft],
    profile: &Profile,
    now: DateTime<FixedOffset>,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    for d in drafts {
        let stem = dir.join(round2_method::person_key(&d.interviewer));
        let txt = stem.with_extension("txt");
        write_atomically(
            &txt,
            round2_documents::thank_you::draft_to_text(d).as_bytes(),
        )?;
        written.push(txt);
        if profile.email.is_some() {
            let eml = stem.with_extension("eml");
            write_atomically(&eml, draft_to_eml(d, profile, now)?.as_bytes())?;
            written.push(eml);
        }
    }
    Ok(written)
}

#[derive(serde::Serialize)]
struct ThanksRow<'a> {
    interviewer: &'a str,
    email: Option<&'a str>,
    subject: &'a str,
    body: &'a str,
    deadline: Option<DateTime<FixedOffset>>,
    sent_at: Option<DateTime<FixedOffset>>,
    sources: Vec<String>,
}

pub fn thanks(s: &mut dyn Store, a: ThanksArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let now = now();
    let p = prepared(s, &a.slug, now)?;
    let round = match a.round {
        Some(n) => {
            p.pack
                .round(n)
                .ok_or_else(|| anyhow!("`{}` has no round {n}", a.slug))?;
            n
        }
        None => round2_method::past_round(&p.pack, now).ok_or_else(|| {
            anyhow!(
                "no round of `{}` has taken place yet; name one with --round",
                a.slug
            )
        })?,
    };
    if let Some(name) = &a.sent {
        let r = p
            .pack
            .round(round)
            .ok_or_else(|| anyhow!("no round {round}"))?;
        let person = r
            .interviewers
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| anyhow!("`{name}` is not an interviewer of round {round}"))?;
        let existing = p
            .pack
            .thank_you
            .iter()
            .find(|t| t.round == round && t.interviewer == person.name);
        let body = match existing {
            Some(t) => t.body.clone(),
            None => drafts(s, &p, round, None, false)?
                .into_iter()
                .find(|d| d.interviewer == person.name)
                .map(|d| d.body)
                .unwrap_or_default(),
        };
        s.save_thank_you(
            p.pack.opportunity.id,
            &ThankYouNote {
                id: 0,
                round,
                interviewer: person.name.clone(),
                body,
                deadline: r.thank_you_deadline(),
                sent_at: Some(now),
            },
        )?;
        writeln!(
            out,
            "Recorded: thank-you note to {} (round {round}) sent {}.",
            person.name,
            now.format("%Y-%m-%d %H:%M")
        )?;
        return Ok(());
    }
    let template = a
        .template
        .as_deref()
        .map(|t| read_text(t, 64 * 1024, "template"))
        .transpose()?;
    if let Some(t) = &template {
        validate_template(t).with_context(|| {
            format!(
                "{}",
                a.template.as_deref().unwrap_or(Path::new("-")).display()
            )
        })?;
    }
    let list = drafts(s, &p, round, template.as_deref(), a.regenerate)?;
    if list.is_empty() {
        bail!("round {round} of `{}` has no interviewers to thank", a.slug);
    }
    let sent = |name: &str| {
        p.pack
            .thank_you
            .iter()
            .find(|t| t.round == round && t.interviewer == name)
            .and_then(|t| t.sent_at)
    };
    if let Some(dir) = &a.out {
        if p.profile.email.is_none() {
            writeln!(std::io::stderr(), "No email in your profile, so no .eml drafts: `round2 profile set --email you@example.com`.")?;
        }
        for f in write_drafts(dir, &list, &p.profile, now)? {
            writeln!(out, "Wrote {}", f.display())?;
        }
    }
    if json {
        let rows: Vec<_> = list
            .iter()
            .map(|d| ThanksRow {
                interviewer: &d.interviewer,
                email: d.email.as_deref(),
                subject: &d.subject,
                body: &d.body,
                deadline: d.deadline,
                sent_at: sent(&d.interviewer),
                sources: d.sources.iter().map(|s| s.to_string()).collect(),
            })
            .collect();
        return output::json(out, &rows);
    }
    if a.out.is_none() {
        for d in &list {
            let state = match (sent(&d.interviewer), d.deadline) {
                (Some(at), _) => format!("sent {}", at.format("%a %e %b %H:%M")),
                (None, Some(dl)) if dl < now => {
                    format!("OVERDUE since {}", dl.format("%a %e %b %H:%M"))
                }
                (None, Some(dl)) => format!("send by {}", dl.format("%a %e %b %H:%M")),
                (None, None) => "not sent".into(),
            };
            writeln!(
                out,
                "To {} ({state})\nSubject: {}\n\n{}\n",
                d.interviewer, d.subject, d.body
            )?;
            let sources: Vec<String> = d.sources.iter().map(|s| s.to_string()).collect();
            writeln!(out, "Sources: {}\n", sources.join("; "))?;
        }
        writeln!(out, "Edit one: `round2 thank-you edit {} --round {round} --interviewer NAME --body FILE`; write .eml drafts with --out DIR; after sending: --sent NAME.", a.slug)?;
    }
    Ok(())
}

pub fn calendar_file(s: &mut dyn Store, p: &Prepared) -> Result<String> {
    let cards = round2_method::practice::cards_of(&s.cards(p.pack.opportunity.id)?)?;
    Ok(p.calendar(&cards))
}

pub fn calendar(s: &mut dyn Store, slug: &str, to: &Path, out: &mut dyn Write) -> Result<()> {
    // The calendar judges nothing: no sentence vectors.
    let pack = pack_of(s, slug)?;
    let p = Prepared::new(pack, s.profile()?.unwrap_or_default(), now());
    let ics = calendar_file(s, &p)?;
    write_atomically(to, ics.as_bytes())?;
    writeln!(
        out,
        "Wrote {} (import it into your calendar app).",
        to.display()
    )?;
    Ok(())
}

/// An item id: a stored item's number, or `mN` for the method's Nth default.
enum ItemRef {
    Stored(i64),
    Default(usize),
}

fn item_ref(text: &str) -> Result<ItemRef> {
    let t = text.trim().trim_start_matches('#');
    if let Some(n) = t.strip_prefix('m').and_then(|n| n.parse::<usize>().ok()) {
        return Ok(ItemRef::Default(n));
    }
    t.parse().map(ItemRef::Stored).map_err(|_| {
        anyhow!("`{text}` is not a checklist id (a number, or m1, m2... for a default)")
    })
}

#[derive(serde::Serialize)]
struct ChecklistRow {
    id: String,
    text: String,
    done: bool,
    origin: &'static str,
}

pub fn checklist(
    s: &mut dyn Store,
    c: ChecklistArgs,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pack = pack_of(s, &c.slug)?;
    let opp = pack.opportunity.id;
    let defaults: Vec<String> = day_of_checklist(&pack)
        .into_iter()
        .filter(|e| !pack.checklist.iter().any(|i| i.text == e.text))
        .filter(|e| {
            matches!(
                e.origin,
                round2_documents::checklist::ChecklistOrigin::Method
            )
        })
        .map(|e| e.text)
        .collect();
    let set = |s: &mut dyn Store, r: &str, done: bool| -> Result<()> {
        match item_ref(r)? {
            ItemRef::Stored(id) => {
                let mut item = pack
                    .checklist
                    .iter()
                    .find(|i| i.id == id)
                    .cloned()
                    .ok_or_else(|| anyhow!("no checklist item #{id} in `{}`", c.slug))?;
                item.done = done;
                s.update_checklist_item(&item)?;
            }
            ItemRef::Default(n) => {
                let text = defaults
                    .get(n.wrapping_sub(1))
                    .ok_or_else(|| anyhow!("no default item m{n}"))?;
                s.add_checklist_item(
                    opp,
                    &ChecklistItem {
                        id: 0,
                        text: text.clone(),
                        done,
                    },
                )?;
            }
        }
        Ok(())
    };
    if let Some(text) = &c.add {
        s.add_checklist_item(
            opp,
            &ChecklistItem {
                id: 0,
                text: text.clone(),
                done: false,
            },
        )?;
    }
    if let Some(r) = &c.tick {
        set(s, r, true)?;
    }
    if let Some(r) = &c.untick {
        set(s, r, false)?;
    }
    if let Some(r) = &c.rm {
        match item_ref(r)? {
            ItemRef::Stored(id) => {
                pack.checklist
                    .iter()
                    .find(|i| i.id == id)
                    .ok_or_else(|| anyhow!("no checklist item #{id} in `{}`", c.slug))?;
                s.remove(Record::ChecklistItem, id)?;
            }
            ItemRef::Default(_) => {
                bail!("the method's defaults cannot be removed; tick them instead")
            }
        }
    }
    let pack = s.pack(opp)?;
    let mut rows: Vec<ChecklistRow> = pack
        .checklist
        .iter()
        .map(|i| ChecklistRow {
            id: i.id.to_string(),
            text: i.text.clone(),
            done: i.done,
            origin: "yours",
        })
        .collect();
    let remaining = day_of_checklist(&pack)
        .into_iter()
        .filter(|e| {
            matches!(
                e.origin,
                round2_documents::checklist::ChecklistOrigin::Method
            )
        })
        .filter(|e| !pack.checklist.iter().any(|i| i.text == e.text));
    rows.extend(remaining.enumerate().map(|(k, e)| ChecklistRow {
        id: format!("m{}", k + 1),
        text: e.text,
        done: false,
        origin: "method",
    }));
    if json {
        return output::json(out, &rows);
    }
    writeln!(out, "Day-of checklist for {}", pack.opportunity.slug)?;
    for r in rows {
        writeln!(
            out,
            "[{}] {:<4} {}",
            if r.done { "x" } else { " " },
            r.id,
            r.text
        )?;
    }
    Ok(())
}

// ---- arguments ------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    Md,
    Html,
    Pdf,
}

#[derive(Debug, ClapArgs)]
pub struct ThanksArgs {
    pub slug: String,
    /// The round [default: the latest round that has taken place].
    #[arg(long)]
    pub round: Option<u32>,
    /// Write each note as NAME.eml and NAME.txt into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Record that the note to this interviewer was sent.
    #[arg(long)]
    pub sent: Option<String>,
    /// Your own template (placeholders: {interviewer_first_name}, {topic}, {role}, {company}, {follow_up}, {my_name}).
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// Draft again even where a note is already saved (it may hold your edits).
    #[arg(long)]
    pub regenerate: bool,
}

#[derive(Debug, ClapArgs)]
pub struct ChecklistArgs {
    pub slug: String,
    /// Add an item.
    #[arg(long)]
    pub add: Option<String>,
    /// Tick the item with this id (a number, or m1, m2... for the method's defaults).
    #[arg(long)]
    pub tick: Option<String>,
    /// Untick the item with this id.
    #[arg(long)]
    pub untick: Option<String>,
    /// Remove the item with this id.
    #[arg(long)]
    pub rm: Option<String>,
}
