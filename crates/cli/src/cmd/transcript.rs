//! `round2 round import-transcript`: notes for a round proposed from a
//! meeting transcript, kept, edited or dropped one by one, then saved in one
//! transaction. The reading and proposing is `round2_method::transcript`.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use round2_core::Note;
use round2_method::transcript::{
    match_speakers, parse, propose, speakers, turns, Proposal, Speaker, MAX_TRANSCRIPT_BYTES,
};
use round2_store::Store;

use crate::edge::pack_of;
use crate::input::read_text;
use crate::output;

pub struct Request<'a> {
    pub slug: &'a str,
    pub round: u32,
    pub file: &'a Path,
    pub speakers: &'a [String],
    pub me: Option<&'a str>,
    pub accept_all: bool,
}

#[derive(serde::Serialize)]
struct SpeakerRow<'a> {
    label: &'a str,
    is: &'static str,
    interviewer: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct Proposals<'a> {
    round: u32,
    speakers: Vec<SpeakerRow<'a>>,
    proposals: &'a [Proposal],
}

pub fn import(s: &mut dyn Store, r: &Request<'_>, json: bool, out: &mut dyn Write) -> Result<()> {
    let pack = pack_of(s, r.slug)?;
    let round = pack.round(r.round).ok_or_else(|| {
        anyhow!(
            "`{}` has no round {}; add it with `round2 round add`",
            r.slug,
            r.round
        )
    })?;
    let interviewers: Vec<String> = round.interviewers.iter().map(|i| i.name.clone()).collect();
    let text = read_text(r.file, MAX_TRANSCRIPT_BYTES, "transcript")?;
    let shown = r.file.display();
    let ext = r.file.extension().and_then(|e| e.to_str());
    let cues = parse(&text, ext).with_context(|| format!("{shown}"))?;
    let turns = turns(&cues);
    let profile_name = s
        .profile()?
        .map(|p| p.name)
        .filter(|n| !n.trim().is_empty());
    let me = r.me.map(str::to_owned).or(profile_name);
    let who = match_speakers(&speakers(&turns), &interviewers, me.as_deref(), r.speakers)
        .with_context(|| format!("{shown}"))?;
    let proposals = propose(&turns, &who);
    if json {
        let speakers = who
            .iter()
            .map(|(label, s)| SpeakerRow {
                label,
                is: match s {
                    Speaker::Me => "me",
                    Speaker::Interviewer(_) => "interviewer",
                    Speaker::Ignored => "ignored",
                },
                interviewer: match s {
                    Speaker::Interviewer(n) => Some(n),
                    _ => None,
                },
            })
            .collect();
        return output::json(
            out,
            &Proposals {
                round: r.round,
                speakers,
                proposals: &proposals,
            },
        );
    }
    for (label, s) in &who {
        let is = match s {
            Speaker::Me => "you".to_owned(),
            Speaker::Interviewer(n) => n.clone(),
            Speaker::Ignored => "ignored".to_owned(),
        };
        writeln!(out, "Speaker `{label}`: {is}")?;
    }
    if proposals.is_empty() {
        writeln!(out, "No notes to propose: the transcript holds no question with an answer, and no remark long enough to note.")?;
        return Ok(());
    }
    let kept = if r.accept_all {
        proposals.clone()
    } else {
        review(&proposals, &mut std::io::stdin().lock(), out)?
    };
    let notes: Vec<Note> = kept
        .iter()
        .map(|p| Note {
            id: 0,
            round: r.round,
            kind: p.kind,
            interviewer: p.interviewer.clone(),
            story: None,
            topic: None,
            text: p.text.clone(),
        })
        .collect();
    s.add_notes(pack.opportunity.id, &notes)?;
    let dropped = proposals.len() - kept.len();
    writeln!(
        out,
        "Saved {} note{} to round {}{}.",
        notes.len(),
        if notes.len() == 1 { "" } else { "s" },
        r.round,
        if dropped > 0 {
            format!(" ({dropped} dropped)")
        } else {
            String::new()
        }
    )?;
    Ok(())
}

/// Asks about each proposal: keep, edit, drop, keep all the rest, or quit
/// (nothing saved). Input that ends early drops what was not yet decided.
fn review(
    proposals: &[Proposal],
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Vec<Proposal>> {
    let mut kept = Vec::new();
    let total = proposals.len();
    let mut line = String::new();
    let mut read = |out: &mut dyn Write, prompt: &str| -> Result<Option<String>> {
        write!(out, "{prompt}")?;
        out.flush()?;
        line.clear();
        if input.read_line(&mut line).context("reading your choice")? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim().to_owned()))
    };
    let mut i = 0;
    while i < total {
        let p = &proposals[i];
        let mut head = format!("[{}/{total}] {}", i + 1, p.kind.as_str());
        if let Some(n) = &p.interviewer {
            head += &format!(" · {n}");
        }
        if let Some(at) = &p.at {
            head += &format!(" · {at}");
        }
        writeln!(out, "\n{head}\n  {}", p.text)?;
        let Some(choice) = read(
            out,
            "Keep it? [y]es, [e]dit, [n]o, [a]ll the rest, [q]uit without saving: ",
        )?
        else {
            writeln!(
                out,
                "\nInput ended: {} proposal{} left undecided, not saved.",
                total - i,
                if total - i == 1 { "" } else { "s" }
            )?;
            break;
        };
        match choice.to_lowercase().as_str() {
            "y" | "yes" | "" => kept.push(p.clone()),
            "n" | "no" => {}
            "a" | "all" => {
                kept.extend(proposals[i..].iter().cloned());
                break;
            }
            "q" | "quit" => return Err(anyhow!("stopped: nothing was saved")),
            "e" | "edit" => match read(out, "New text (one line): ")? {
                Some(text) if !text.is_empty() => kept.push(Proposal { text, ..p.clone() }),
                Some(_) => {
                    writeln!(out, "An empty text: asking again.")?;
                    continue;
                }
                None => break,
            },
            other => {
                writeln!(out, "`{other}` is not a choice: y, e, n, a or q.")?;
                continue;
            }
        }
        i += 1;
    }
    Ok(kept)
}
