//! Practice 2 of the method from the terminal: the question bank, the timed
//! drill, answer feedback, the review plan and questions to ask.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, FixedOffset, Utc};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use round2_core::{PrepPack, UserQuestion};
use round2_documents::{anki_text, apkg, review_decks, Practised};
use round2_method::practice::{
    attempt, cards_of, due_cards, practice_bank, review, user_question, Answered,
};
use round2_method::{interview_date, posting_terms};
use round2_practice::spoken::Spoken;
use round2_practice::{
    competencies_without_story, plan_in, Category, Feedback, Kind, Question, QuestionBank, Rating,
};
use round2_store::Store;

use crate::edge::{now, pack_of};
use crate::output;

/// The built-in bank, the user's own questions and, for an opportunity,
/// its posting's role questions.
fn bank(s: &mut dyn Store, pack: Option<&PrepPack>) -> Result<QuestionBank> {
    Ok(practice_bank(&s.user_questions()?, pack)?)
}

fn category(text: &str) -> Result<Category> {
    text.parse().map_err(|e| anyhow!("--category: {e}"))
}

pub fn questions(
    s: &mut dyn Store,
    a: QuestionsArgs,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(QuestionsCommand::Add {
        category: c,
        kind,
        really_asking,
        competencies,
        text,
    }) = a.add
    {
        let q = UserQuestion {
            id: format!("user-{}", round2_core::slug::slugify(&text, "")),
            category: category(&c)?.as_str().to_string(),
            kind: kind
                .parse::<Kind>()
                .map_err(|e| anyhow!("--kind: {e}"))?
                .as_str()
                .to_string(),
            competencies,
            text,
            really_asking,
        };
        user_question(&q)?;
        s.add_user_question(&q)?;
        writeln!(out, "Added question `{}`.", q.id)?;
        return Ok(());
    }
    let pack = a.opp.as_deref().map(|slug| pack_of(s, slug)).transpose()?;
    let bank = bank(s, pack.as_ref())?;
    let list: Vec<Question> = match &a.category {
        Some(c) => bank
            .by_category(category(c)?)
            .into_iter()
            .cloned()
            .collect(),
        None => bank.questions().to_vec(),
    };
    if json {
        return output::json(out, &list);
    }
    let mut last = None;
    for q in &list {
        if last != Some(q.category) {
            writeln!(out, "\n{}", q.category)?;
            last = Some(q.category);
        }
        writeln!(
            out,
            "  {}\n      really asking: {}",
            q.text, q.really_asking
        )?;
    }
    writeln!(out, "\n{} questions.", list.len())?;
    Ok(())
}

pub fn feedback(
    s: &mut dyn Store,
    question: &str,
    opp: Option<&str>,
    audio: Option<&std::path::Path>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let terms = match opp {
        Some(slug) => posting_terms(&pack_of(s, slug)?),
        None => vec![],
    };
    let mut answer = String::new();
    let mut spoken = None;
    match audio {
        Some(path) => {
            let (text, heard, _) = crate::speech::transcribe(path)?;
            answer = text;
            spoken = Some(heard);
        }
        None => {
            std::io::stdin().lock().read_line_all(&mut answer)?;
        }
    }
    if answer.trim().is_empty() {
        bail!("standard input: no answer given (pipe or type your answer, then Ctrl-D)");
    }
    let q = match bank(s, None)?
        .questions()
        .iter()
        .find(|q| q.text.eq_ignore_ascii_case(question.trim()))
    {
        Some(q) => q.clone(),
        None => Question {
            id: "adhoc".into(),
            category: Category::Behavioural,
            competencies: vec![],
            kind: guess_kind(question),
            text: question.to_string(),
            really_asking: String::new(),
            requirement: None,
        },
    };
    let fb = judged_feedback(s, &q, &answer, &terms, spoken);
    if let Some(heard) = &fb.spoken {
        if json {
            return output::json(
                out,
                &serde_json::json!({
                    "transcript": answer.trim(),
                    "speech_model": heard.model,
                    "delivery": heard.delivery,
                    "feedback": fb,
                }),
            );
        }
        crate::speech::print_spoken(out, answer.trim(), heard)?;
    } else if json {
        return output::json(out, &fb);
    }
    print_feedback(out, &fb)
}

/// Feedback with the sentence model's vectors of the answer's sentences
/// when it is installed (STAR by meaning), else by words (said on stderr);
/// for an answer given aloud, with how it was said.
pub fn judged_feedback(
    s: &mut dyn Store,
    q: &Question,
    answer: &str,
    terms: &[String],
    spoken: Option<Spoken>,
) -> Feedback {
    let vectors = crate::meaning::vectors(s, round2_practice::feedback::texts_to_embed(answer));
    let judge = round2_practice::Judge::shipped(vectors.as_ref());
    match spoken {
        Some(heard) => round2_practice::feedback_spoken(q, answer, terms, judge, heard),
        None => round2_practice::feedback_judged(q, answer, terms, judge),
    }
}

/// A question not in the bank: "tell me about a time", "give an example",
/// "how did you handle…" are behavioural, "what would you do" situational,
/// anything else an opinion.
fn guess_kind(question: &str) -> Kind {
    let q = question.to_lowercase();
    if [
        "tell me about a time",
        "tell me about a ",
        "describe a time",
        "describe a situation",
        "give me an example",
        "give an example",
        "walk me through a time",
        "talk me through a time",
        "have you ever",
        "how did you handle",
        "how did you deal",
        "when did you",
    ]
    .iter()
    .any(|p| q.contains(p))
    {
        Kind::Behavioural
    } else if q.contains("what would you do") || q.contains("how would you") {
        Kind::Situational
    } else {
        Kind::Opinion
    }
}

trait ReadAll {
    fn read_line_all(&mut self, buf: &mut String) -> Result<()>;
}

impl<R: BufRead> ReadAll for R {
    fn read_line_all(&mut self, buf: &mut String) -> Result<()> {
        self.read_to_string(buf)
            .context("reading the answer from standard input (is it UTF-8 text?)")?;
        Ok(())
    }
}

fn mmss(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

pub fn print_feedback(out: &mut dyn Write, fb: &Feedback) -> Result<()> {
    writeln!(out, "Feedback")?;
    let spoken = fb
        .spoken
        .as_ref()
        .map(|s| s.delivery.speaking_seconds.round() as u32);
    let secs = spoken.unwrap_or(fb.seconds_estimate);
    let pace = if secs > fb.target_seconds + 30 {
        "longer than"
    } else if secs + 45 < fb.target_seconds {
        "shorter than"
    } else {
        "about"
    };
    match spoken {
        Some(secs) => writeln!(
            out,
            "  Length     {} words in {} spoken ({pace} the {} target for a {} question)",
            fb.words,
            mmss(secs),
            mmss(fb.target_seconds),
            fb.kind
        )?,
        None => writeln!(
            out,
            "  Length     {} words, about {} spoken at 150 words a minute ({pace} the {} target for a {} question)",
            fb.words,
            mmss(fb.seconds_estimate),
            mmss(fb.target_seconds),
            fb.kind
        )?,
    }
    if fb.fillers.is_empty() {
        writeln!(out, "  Fillers    none")?;
    } else {
        let list: Vec<String> = fb
            .fillers
            .iter()
            .map(|f| format!("\"{}\" ×{}", f.text, f.count))
            .collect();
        writeln!(out, "  Fillers    {}", list.join(", "))?;
    }
    if let Some(r) = &fb.relevance {
        let verdict = if r.addresses {
            "answers it"
        } else {
            "answers a different question"
        };
        writeln!(out, "  Question   {verdict}: {}", r.reason)?;
    }
    for (name, part) in [
        ("situation", &fb.star.situation),
        ("task", &fb.star.task),
        ("action", &fb.star.action),
        ("result", &fb.star.result),
    ] {
        match (&part.present, &part.phrase) {
            (true, Some(p)) => writeln!(out, "  STAR       {name}: yes, \"{p}\"")?,
            (true, None) => writeln!(out, "  STAR       {name}: yes")?,
            (false, _) => writeln!(out, "  STAR       {name}: missing")?,
        }
    }
    if fb.star.plan.present && !fb.star.action.present {
        if let Some(p) = &fb.star.plan.phrase {
            writeln!(out, "  STAR       plan: \"{p}\"")?;
        }
    }
    let basis = match fb.star_basis {
        round2_practice::StarBasis::Meaning => "sentence by sentence, by meaning and words",
        round2_practice::StarBasis::Words => "sentence by sentence, by words",
        round2_practice::StarBasis::Rules => "by cue phrases",
    };
    writeln!(out, "             (STAR judged {basis})")?;
    writeln!(
        out,
        "  Ownership  \"I\" ×{}, \"we\" ×{}",
        fb.ownership.i, fb.ownership.we
    )?;
    let numbers: Vec<&str> = fb.numbers.iter().map(|n| n.text.as_str()).collect();
    writeln!(
        out,
        "  Results    {}",
        if numbers.is_empty() {
            "no numbers or concrete outcomes".to_string()
        } else {
            numbers.join(", ")
        }
    )?;
    if !fb.posting_terms.is_empty() {
        writeln!(out, "  Posting    used: {}", fb.posting_terms.join(", "))?;
    }
    if !fb.missing_terms.is_empty() {
        writeln!(
            out,
            "  Posting    not used: {}",
            fb.missing_terms.join(", ")
        )?;
    }
    for (i, sug) in fb.suggestions.iter().enumerate() {
        writeln!(out, "  {}. {}\n     why: {}", i + 1, sug.text, sug.why)?;
    }
    Ok(())
}

/// A small deterministic shuffle seeded from the clock (xorshift), so drills
/// vary from day to day without a random-number dependency.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut x = seed | 1;
    for i in (1..items.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        items.swap(i, (x % (i as u64 + 1)) as usize);
    }
}

/// Picks the drill's questions: due cards, or a category, or a mix for the
/// opportunity (role questions first); unseen before seen. Curveball mode
/// swaps some for unseen curveballs.
fn pick(
    s: &mut dyn Store,
    a: &PracticeArgs,
    pack: Option<&PrepPack>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Question>> {
    let bank = bank(s, pack)?;
    let seen: Vec<String> = s
        .attempts(None)?
        .into_iter()
        .map(|a| a.question_id)
        .collect();
    let roles = bank.by_category(Category::RoleSpecific).len();
    let mut pool: Vec<Question> = if a.due {
        let pack = pack
            .ok_or_else(|| anyhow!("--due needs an opportunity: `round2 practice SLUG --due`"))?;
        let stored = s.cards(pack.opportunity.id)?;
        let cards = cards_of(&stored)?;
        due_cards(&cards, now.to_utc())
            .into_iter()
            .map(|c| {
                // A card whose question left the bank (a posting edited
                // since) is still reviewed, from the text it was saved with.
                bank.get(&c.question_id).cloned().unwrap_or_else(|| {
                    let text = stored
                        .iter()
                        .find(|s| s.question_id == c.question_id)
                        .map_or("", |s| s.question.as_str());
                    Question {
                        id: c.question_id.clone(),
                        category: Category::Behavioural,
                        competencies: vec![],
                        kind: guess_kind(text),
                        text: text.to_string(),
                        really_asking: String::new(),
                        requirement: None,
                    }
                })
            })
            .collect()
    } else {
        let mut pool: Vec<Question> = match &a.category {
            Some(c) => bank
                .by_category(category(c)?)
                .into_iter()
                .cloned()
                .collect(),
            None => {
                let mut mix = Vec::new();
                for c in [
                    Category::RoleSpecific,
                    Category::Behavioural,
                    Category::SecondRound,
                    Category::Management,
                    Category::CultureFit,
                    Category::Motivation,
                    Category::Teamwork,
                ] {
                    mix.extend(bank.by_category(c).into_iter().cloned());
                }
                mix
            }
        };
        // Role questions stay first (when in the pool); the rest are shuffled.
        let split = if pool
            .first()
            .is_some_and(|q| q.category == Category::RoleSpecific)
        {
            roles.min(pool.len())
        } else {
            0
        };
        shuffle(
            &mut pool[split..],
            now.timestamp_nanos_opt().unwrap_or_default() as u64,
        );
        pool.sort_by_key(|q| seen.contains(&q.id));
        pool
    };
    pool.truncate(a.count.max(1));
    if a.curveball {
        let mut curve: Vec<Question> = bank
            .by_category(Category::Curveball)
            .into_iter()
            .filter(|q| !seen.contains(&q.id))
            .cloned()
            .collect();
        shuffle(&mut curve, now.timestamp() as u64);
        // One in three, at least one, at positions the user cannot predict.
        let n = (pool.len().div_ceil(3)).max(1).min(curve.len());
        for (k, q) in curve.into_iter().take(n).enumerate() {
            let at = ((now.timestamp() as usize).wrapping_add(k * 7)) % (pool.len() + 1);
            pool.insert(at.min(pool.len()), q);
        }
        pool.truncate(a.count.max(1));
    }
    if pool.is_empty() {
        bail!(if a.due {
            "nothing is due today; practise new questions with `round2 practice SLUG`"
        } else {
            "no questions match"
        });
    }
    Ok(pool)
}

#[derive(serde::Serialize)]
struct DrillResult {
    question: String,
    seconds: u32,
    rating: Option<String>,
    next_due: Option<DateTime<Utc>>,
    feedback: Feedback,
}

/// The drill. Answers end with a line holding only `.` or with end of input;
/// then a rating. On a terminal, each answer line is prompted with the time
/// elapsed against the soft limit.
pub fn drill(s: &mut dyn Store, a: PracticeArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let now = now();
    let pack = a.slug.as_deref().map(|slug| pack_of(s, slug)).transpose()?;
    let interview = pack.as_ref().and_then(|p| interview_date(p, now));
    let terms = pack.as_ref().map(posting_terms).unwrap_or_default();
    let questions = pick(s, &a, pack.as_ref(), now)?;
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    let mut input = stdin.lock();
    let mut results = Vec::new();
    let total = questions.len();
    for (i, q) in questions.iter().enumerate() {
        let target = q.kind.target_seconds();
        if !json {
            let label = if a.curveball {
                String::new()
            } else {
                format!(" [{}]", q.category)
            };
            writeln!(
                out,
                "\nQuestion {}/{total}{label} (aim for about {})\n  {}",
                i + 1,
                mmss(target),
                q.text
            )?;
            if a.audio.get(i).is_none() {
                writeln!(
                    out,
                    "Type your answer; end it with a line holding only \".\" (or Ctrl-D).\n\
                     Or answer aloud: record it, then give the file as a line \"@answer.wav\"."
                )?;
            }
            out.flush()?;
        }
        let Given {
            answer,
            seconds,
            spoken,
            recording,
        } = match a.audio.get(i) {
            Some(path) => {
                if !json {
                    writeln!(out, "Your answer: the recording {}.", path.display())?;
                }
                spoken_answer(path, a.keep_audio)?
            }
            None => {
                let start = Instant::now();
                let clock = (tty && !json).then(|| crate::clock::Clock::start(target));
                let mut answer = String::new();
                loop {
                    if tty {
                        let el = start.elapsed().as_secs() as u32;
                        let over = if el > target { " over time" } else { "" };
                        eprint!("[{} / {}{over}] ", mmss(el), mmss(target));
                    }
                    let mut line = String::new();
                    if input.read_line(&mut line).context("reading your answer")? == 0
                        || line.trim() == "."
                    {
                        break;
                    }
                    answer.push_str(&line);
                }
                drop(clock);
                // "@answer.wav" alone names a recording; any other answer
                // that happens to start with "@" is typed text.
                match answer.trim().strip_prefix('@').map(str::trim) {
                    Some(file)
                        if !file.contains('\n')
                            && (round2_speech::audio::has_audio_extension(file)
                                || Path::new(file).is_file()) =>
                    {
                        spoken_answer(Path::new(file), a.keep_audio)?
                    }
                    _ => Given {
                        answer,
                        seconds: start.elapsed().as_secs() as u32,
                        spoken: None,
                        recording: None,
                    },
                }
            }
        };
        if answer.trim().is_empty() {
            if !json {
                writeln!(out, "No answer given; skipping.")?;
            }
            continue;
        }
        let fb = judged_feedback(s, q, &answer, &terms, spoken);
        if !json {
            match &fb.spoken {
                Some(heard) => crate::speech::print_spoken(out, answer.trim(), heard)?,
                None => writeln!(out, "Answered in {}.", mmss(seconds))?,
            }
            print_feedback(out, &fb)?;
            writeln!(out, "How did it go? again / hard / good / easy [good]:")?;
            out.flush()?;
        }
        let rating = read_rating(&mut input, out, json)?;
        let mut next_due = None;
        if let (Some(p), Some(r)) = (&pack, rating) {
            let (record, card) = review(&s.cards(p.opportunity.id)?, p, q, r, now)?;
            next_due = Some(card.due);
            s.save_card(&record)?;
            if !json {
                writeln!(
                    out,
                    "Next review: {}.",
                    card.due
                        .with_timezone(now.offset())
                        .format("%a %e %b %H:%M")
                )?;
            }
        }
        let saved = attempt(
            pack.as_ref(),
            Answered {
                question: q,
                answer: &answer,
                seconds,
                feedback: &fb,
                rating,
            },
            now,
        )?;
        match recording {
            Some(wav) => {
                let id = s.add_attempt_with_recording(&saved, &wav)?;
                if !json {
                    writeln!(
                        out,
                        "Kept the recording with this answer (attempt {id}); \
                         delete it with `round2 review recording delete {id}`."
                    )?;
                }
            }
            None => {
                s.add_attempt(&saved)?;
            }
        }
        results.push(DrillResult {
            question: q.text.clone(),
            seconds,
            rating: rating.map(|r| r.as_str().to_string()),
            next_due,
            feedback: fb,
        });
    }
    if json {
        return output::json(out, &results);
    }
    writeln!(out, "\nDone: {} answered and saved.", results.len())?;
    if let Some(i) = interview {
        writeln!(
            out,
            "Your interview is {}; see the plan with `round2 review plan {}`.",
            i.format("%a %e %b %H:%M"),
            a.slug.unwrap_or_default()
        )?;
    }
    Ok(())
}

/// One answer in the drill: its text, the seconds it took, and for one
/// given aloud, how it was said and the recording (a WAV) when it is to be
/// kept.
struct Given {
    answer: String,
    seconds: u32,
    spoken: Option<Spoken>,
    recording: Option<Vec<u8>>,
}

/// An answer given aloud in the drill.
fn spoken_answer(path: &Path, keep: bool) -> Result<Given> {
    let (answer, heard, audio) = crate::speech::transcribe(path)?;
    Ok(Given {
        answer,
        seconds: heard.delivery.speaking_seconds.round() as u32,
        spoken: Some(heard),
        recording: keep.then(|| round2_speech::wav::encode(&audio)),
    })
}

fn read_rating(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    quiet: bool,
) -> Result<Option<Rating>> {
    for _ in 0..3 {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let t = line.trim();
        if t.is_empty() {
            return Ok(Some(Rating::Good));
        }
        match t.parse::<Rating>() {
            Ok(r) => return Ok(Some(r)),
            Err(_) if !quiet => writeln!(out, "Please answer again, hard, good or easy:")?,
            Err(_) => {}
        }
    }
    Ok(None)
}

pub fn review_history(
    s: &mut dyn Store,
    slug: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let opp = slug.map(|slug| pack_of(s, slug)).transpose()?;
    let attempts = s.attempts(opp.as_ref().map(|p| p.opportunity.id))?;
    let history = round2_method::practice::history(&attempts)?;
    if json {
        return output::json(out, &history);
    }
    let kept: std::collections::HashSet<i64> =
        s.recordings()?.into_iter().map(|(a, _)| a).collect();
    if history.is_empty() {
        writeln!(
            out,
            "No saved answers yet: practise with `round2 practice{}`.",
            slug.map(|s| format!(" {s}")).unwrap_or_default()
        )?;
        return Ok(());
    }
    for h in &history {
        let how = match &h.spoken {
            Some(sp) => {
                let d = &sp.delivery;
                let long = d.long_pauses().count();
                format!(
                    "spoken, {} at {:.0} words a minute, {} pause{} of {:.0} s or more",
                    round2_practice::spoken::clock(d.speaking_seconds),
                    d.words_per_minute,
                    long,
                    if long == 1 { "" } else { "s" },
                    round2_practice::spoken::LONG_PAUSE_SECONDS
                )
            }
            None => format!("typed, {} words, {}", h.words, mmss(h.seconds)),
        };
        writeln!(
            out,
            "{}  {}\n    {how}; {:.1} fillers per 100 words{}{}",
            h.at.format("%a %e %b %H:%M"),
            h.question,
            h.fillers_per_100,
            h.rating
                .as_deref()
                .map(|r| format!("; rated {r}"))
                .unwrap_or_default(),
            if kept.contains(&h.attempt) {
                format!(
                    "; recording kept (round2 review recording save {} -o FILE)",
                    h.attempt
                )
            } else {
                String::new()
            }
        )?;
    }
    let spoken: Vec<f32> = history
        .iter()
        .filter_map(|h| h.spoken.as_ref().map(|s| s.delivery.words_per_minute))
        .collect();
    if let (Some(first), Some(last)) = (spoken.first(), spoken.last()) {
        if spoken.len() > 1 {
            writeln!(
                out,
                "\nPace of your {} spoken answers: {first:.0} words a minute at first, {last:.0} in the latest.",
                spoken.len()
            )?;
        }
    }
    Ok(())
}

/// Lists, saves or deletes the recordings kept with spoken answers.
pub fn review_recording(
    s: &mut dyn Store,
    cmd: RecordingCommand,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let none = |id: i64| {
        anyhow!(
            "no recording kept for attempt {id}; `round2 review recording list` shows those kept"
        )
    };
    match cmd {
        RecordingCommand::List => {
            let kept = s.recordings()?;
            let attempts = s.attempts(None)?;
            let rows: Vec<_> = kept
                .iter()
                .filter_map(|(id, bytes)| {
                    let a = attempts.iter().find(|a| a.id == *id)?;
                    Some((a, *bytes, round2_speech::wav::encoded_seconds(*bytes)))
                })
                .collect();
            if json {
                let list: Vec<_> = rows
                    .iter()
                    .map(|(a, bytes, seconds)| {
                        serde_json::json!({
                            "attempt": a.id, "at": a.at, "question": a.question,
                            "bytes": bytes, "seconds": seconds,
                        })
                    })
                    .collect();
                return output::json(out, &list);
            }
            if rows.is_empty() {
                writeln!(
                    out,
                    "No recordings kept: only transcripts are, unless you practise with --keep-audio."
                )?;
            }
            for (a, bytes, seconds) in &rows {
                writeln!(
                    out,
                    "{:>5}  {}  {}  {} ({:.1} MB)",
                    a.id,
                    a.at.format("%a %e %b %H:%M"),
                    a.question,
                    round2_practice::spoken::clock(*seconds),
                    *bytes as f64 / 1e6
                )?;
            }
            Ok(())
        }
        RecordingCommand::Save { attempt, out: to } => {
            let wav = s.recording(attempt)?.ok_or_else(|| none(attempt))?;
            crate::edge::write_atomically(&to, &wav)?;
            writeln!(
                out,
                "Wrote {} ({:.1} MB).",
                to.display(),
                wav.len() as f64 / 1e6
            )?;
            Ok(())
        }
        RecordingCommand::Delete { attempt, all } => {
            let ids: Vec<i64> = if all {
                s.recordings()?.into_iter().map(|(a, _)| a).collect()
            } else {
                let Some(id) = attempt else {
                    bail!("give the attempt whose recording to delete, or --all");
                };
                vec![id]
            };
            for &id in &ids {
                if !s.delete_recording(id)? {
                    return Err(none(id));
                }
            }
            writeln!(
                out,
                "Deleted {} recording{}; the transcripts and feedback stay.",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" }
            )?;
            Ok(())
        }
    }
}

pub fn review_plan(s: &mut dyn Store, slug: &str, json: bool, out: &mut dyn Write) -> Result<()> {
    let now = now();
    let pack = pack_of(s, slug)?;
    let interview = interview_date(&pack, now)
        .ok_or_else(|| anyhow!("`{slug}` has no upcoming round with a date; set one with `round2 round edit {slug} N --date ...`"))?;
    let stored = s.cards(pack.opportunity.id)?;
    let cards = cards_of(&stored)?;
    let days = plan_in(
        &cards,
        now.with_timezone(&Utc),
        interview.with_timezone(&Utc),
        *now.offset(),
    );
    if json {
        return output::json(
            out,
            &serde_json::json!({"interview": interview, "days": days}),
        );
    }
    writeln!(
        out,
        "Review plan for {} — interview {}",
        pack.opportunity.slug,
        interview.format("%a %e %b %H:%M")
    )?;
    if days.is_empty() {
        writeln!(
            out,
            "Nothing scheduled yet: practise with `round2 practice {slug}`."
        )?;
    }
    for d in days {
        writeln!(
            out,
            "{}  {} question(s)",
            d.date.format("%a %e %b"),
            d.question_ids.len()
        )?;
        for id in d.question_ids {
            let text = stored
                .iter()
                .find(|c| c.question_id == id)
                .map_or(id.as_str(), |c| c.question.as_str());
            writeln!(out, "    {text}")?;
        }
    }
    Ok(())
}

pub fn ask(
    s: &mut dyn Store,
    slug: &str,
    count: usize,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pack = pack_of(s, slug)?;
    let profile = s.profile()?.unwrap_or_default();
    let priorities = profile.priorities.clone();
    let plan = round2_method::ask_plan(&pack, &profile, count);
    let (next, picks) = (plan.round, plan.suggestions);
    if json {
        return output::json(out, &picks);
    }
    writeln!(out, "Questions to ask in round {next}")?;
    let mut theme = None;
    for q in &picks {
        if theme != Some(q.theme) {
            writeln!(out, "\n{}", q.theme)?;
            theme = Some(q.theme);
        }
        writeln!(out, "  {}\n      why: {}", q.text, q.why)?;
    }
    if priorities.is_empty() {
        writeln!(out, "\nTip: tell round2 what matters most to you: `round2 profile set --priority growth,remote work`.")?;
    }
    Ok(())
}

/// Competencies of the bank with no story, from the whole story bank.
pub fn competencies_without_stories(s: &mut dyn Store) -> Result<Vec<String>> {
    let tags: Vec<Vec<String>> = s.stories()?.into_iter().map(|st| st.tags).collect();
    Ok(competencies_without_story(&tags))
}

/// `round2 review export`: practice questions and stories as an Anki deck.
pub fn review_export(
    s: &mut dyn Store,
    slug: Option<&str>,
    to: &Path,
    format: Option<DeckFormat>,
    out: &mut dyn Write,
) -> Result<()> {
    let format = match format {
        Some(f) => f,
        None => match to
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("apkg") => DeckFormat::Apkg,
            Some("txt" | "tsv") => DeckFormat::Text,
            _ => bail!(
                "{}: name an .apkg or .txt file, or say --format apkg|text",
                to.display()
            ),
        },
    };
    let packs: Vec<PrepPack> = match slug {
        Some(slug) => vec![pack_of(s, slug)?],
        None => {
            let mut packs = Vec::new();
            for o in s.list_opportunities()? {
                packs.push(s.pack(o.id)?);
            }
            packs
        }
    };
    let mut practice = Vec::new();
    for p in &packs {
        practice.push((
            s.cards(p.opportunity.id)?,
            s.attempts(Some(p.opportunity.id))?,
        ));
    }
    let stories = match slug {
        Some(_) => packs[0].stories.clone(),
        None => s.stories()?,
    };
    let practised: Vec<Practised<'_>> = packs
        .iter()
        .zip(&practice)
        .map(|(pack, (cards, attempts))| Practised {
            pack,
            cards,
            attempts,
        })
        .collect();
    let decks = review_decks(&practised, &stories);
    let bytes = match format {
        DeckFormat::Apkg => apkg(&decks, now())?,
        DeckFormat::Text => anki_text(&decks)?.into_bytes(),
    };
    crate::edge::write_atomically(to, &bytes)?;
    let notes: usize = decks.iter().map(|d| d.notes.len()).sum();
    writeln!(
        out,
        "Wrote {} ({notes} note{} in {} deck{}; in Anki: File > Import).",
        to.display(),
        if notes == 1 { "" } else { "s" },
        decks.len(),
        if decks.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

// ---- arguments ------------------------------------------------------------

#[derive(Debug, ClapArgs)]
#[command(args_conflicts_with_subcommands = true)]
pub struct QuestionsArgs {
    /// culture_fit, teamwork, management, motivation, behavioural, second_round, curveball, role_specific
    #[arg(long)]
    pub category: Option<String>,
    /// Add role-specific questions from this opportunity's posting.
    #[arg(long)]
    pub opp: Option<String>,
    #[command(subcommand)]
    pub add: Option<QuestionsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum QuestionsCommand {
    /// Add a question of your own to the bank.
    Add {
        #[arg(long)]
        category: String,
        /// behavioural, situational, opinion or curveball.
        #[arg(long, default_value = "behavioural")]
        kind: String,
        /// What the interviewer is really asking.
        #[arg(long, default_value = "")]
        really_asking: String,
        #[arg(long = "competency", value_delimiter = ',')]
        competencies: Vec<String>,
        text: String,
    },
}

#[derive(Debug, ClapArgs)]
pub struct PracticeArgs {
    /// The opportunity to practise for (its posting, schedule and interview date).
    pub slug: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    /// Mix in questions you have not seen, without warning.
    #[arg(long)]
    pub curveball: bool,
    /// Only the questions due today.
    #[arg(long)]
    pub due: bool,
    #[arg(long, default_value_t = 3)]
    pub count: usize,
    /// Answer aloud: a recording (WAV, FLAC, MP3, Ogg or M4A) for each
    /// question in turn, transcribed on this machine; give it once per
    /// question. Without it, a typed answer line "@FILE.wav" (or .flac,
    /// .mp3, .ogg, .m4a) is a recording too.
    #[arg(long, value_name = "FILE")]
    pub audio: Vec<PathBuf>,
    /// Keep each recording with its saved answer (as a 16 kHz WAV, in the
    /// database), to listen to later; without it only the transcript is
    /// kept. See `round2 review recording`.
    #[arg(long)]
    pub keep_audio: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// The review plan, day by day, up to the interview.
    Plan { slug: String },
    /// Your saved answers, oldest first: length, fillers and, for answers
    /// given aloud, pace and pauses, so progress shows.
    History {
        /// One opportunity [default: every saved answer].
        slug: Option<String>,
    },
    /// Recordings kept with spoken answers (`practice --keep-audio`, or
    /// "Keep the recording" in the web UI): list, save as WAV, delete.
    #[command(subcommand)]
    Recording(RecordingCommand),
    /// Write practice questions (with your best answers) and stories as an
    /// Anki deck: an .apkg package, or Anki's text import format (.txt).
    Export {
        /// One opportunity [default: all of them, and the whole story bank].
        slug: Option<String>,
        /// The file to write: .apkg, or .txt/.tsv for the text format.
        #[arg(short, long)]
        out: PathBuf,
        /// The format, when the file's extension does not say.
        #[arg(long, value_enum)]
        format: Option<DeckFormat>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordingCommand {
    /// The kept recordings: attempt, when, question, length.
    List,
    /// Write one attempt's recording to a WAV file.
    Save {
        attempt: i64,
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Delete one attempt's recording (its transcript and feedback stay),
    /// or all of them.
    Delete {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        attempt: Option<i64>,
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeckFormat {
    /// An Anki package (File > Import in Anki).
    Apkg,
    /// Tab-separated text with Anki's file headers.
    Text,
}
