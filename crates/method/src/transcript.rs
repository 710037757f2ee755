//! Round one from a meeting transcript: WebVTT (Zoom, Teams, Meet), SubRip,
//! or plain text with `Name:` speaker labels, read into speaker turns; the
//! speakers matched to the round's interviewers and to the candidate; and
//! notes proposed from the turns (a question asked with the candidate's
//! answer, a question the candidate asked with the reply, what an
//! interviewer said at length). Nothing is saved here: the caller shows the
//! proposals and stores the ones the user keeps.
//!
//! Every proposed note is made of the transcript's own words (fillers such
//! as "um" dropped) with connecting words only ("Priya asked:").

use round2_core::NoteKind;
use round2_documents::prose::sentences;
use round2_documents::text::word_count;

/// The largest transcript read (about 10 hours of speech as text).
pub const MAX_TRANSCRIPT_BYTES: u64 = 4 * 1024 * 1024;

/// Why a transcript could not be read or matched. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranscriptError {
    #[error("the transcript holds no speech")]
    Empty,
    #[error("line {line}: {message}")]
    Format { line: usize, message: String },
    #[error("the transcript has no speaker labels (like `Priya Natarajan: ...` or `<v Priya Natarajan>`), so round2 cannot tell who said what")]
    NoSpeakers,
    #[error("no speaker in the transcript is an interviewer of this round (speakers: {speakers}; interviewers: {interviewers}); map them with --speaker \"LABEL=INTERVIEWER\"")]
    NoInterviewer {
        speakers: String,
        interviewers: String,
    },
    #[error("round2 cannot tell which speaker you are (speakers: {0}); say --me LABEL, or set your name with `round2 profile set --name`")]
    NoCandidate(String),
    #[error("speakers {0} are neither you nor an interviewer of this round; map each with --speaker \"LABEL=INTERVIEWER\", or --speaker \"LABEL=ignore\"")]
    Unknown(String),
    #[error("--speaker `{0}`: {1}")]
    BadMapping(String, String),
}

/// One stretch of speech as the file has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Milliseconds from the start, when the format says.
    pub start_ms: Option<u64>,
    pub speaker: Option<String>,
    pub text: String,
}

/// What one speaker said before the next took over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub speaker: String,
    pub start_ms: Option<u64>,
    pub text: String,
}

/// Who each transcript label is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    Me,
    Interviewer(String),
    Ignored,
}

/// A note round2 proposes; the user accepts, edits or drops it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Proposal {
    pub kind: NoteKind,
    pub interviewer: Option<String>,
    pub text: String,
    /// Where in the recording, as `m:ss`, when the file has times.
    pub at: Option<String>,
}

/// Reads a transcript; `extension` (`vtt`, `srt`, `txt`) picks the format,
/// else the text does (a `WEBVTT` header, an SRT timing line).
pub fn parse(text: &str, extension: Option<&str>) -> Result<Vec<Cue>, TranscriptError> {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let ext = extension.map(str::to_ascii_lowercase);
    let cues = if ext.as_deref() == Some("vtt") || text.trim_start().starts_with("WEBVTT") {
        parse_vtt(&text)?
    } else if ext.as_deref() == Some("srt") || looks_like_srt(&text) {
        parse_srt(&text)?
    } else {
        parse_labelled(&text)
    };
    if cues.iter().all(|c| c.text.trim().is_empty()) {
        return Err(TranscriptError::Empty);
    }
    if cues.iter().all(|c| c.speaker.is_none()) {
        return Err(TranscriptError::NoSpeakers);
    }
    Ok(cues)
}

fn looks_like_srt(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default().trim();
    let second = lines.next().unwrap_or_default();
    first.chars().all(|c| c.is_ascii_digit()) && !first.is_empty() && second.contains("-->")
}

/// `hh:mm:ss.mmm`, `mm:ss.mmm` (VTT) or `hh:mm:ss,mmm` (SRT) as milliseconds.
fn timestamp(text: &str) -> Option<u64> {
    let text = text.trim();
    let (clock, frac) = text.split_once(['.', ',']).unwrap_or((text, "0"));
    let parts: Vec<u64> = clock
        .split(':')
        .map(|p| p.parse::<u64>().ok())
        .collect::<Option<_>>()?;
    let secs = match parts.as_slice() {
        [h, m, s] => h * 3600 + m * 60 + s,
        [m, s] => m * 60 + s,
        _ => return None,
    };
    let frac: String = frac.chars().take(3).collect();
    let ms = format!("{frac:0<3}").parse::<u64>().ok()?;
    Some(secs * 1000 + ms)
}

fn timing(line: &str, number: usize) -> Result<Option<u64>, TranscriptError> {
    let (start, _) = line.split_once("-->").expect("a timing line");
    timestamp(start)
        .map(Some)
        .ok_or_else(|| TranscriptError::Format {
            line: number,
            message: format!("`{}` is not a cue time (like 00:01:02.500)", start.trim()),
        })
}

fn parse_vtt(text: &str) -> Result<Vec<Cue>, TranscriptError> {
    let mut cues = Vec::new();
    let mut number = 0;
    let mut block: Vec<(usize, &str)> = Vec::new();
    let mut blocks = Vec::new();
    for line in text.split('\n') {
        number += 1;
        if line.trim().is_empty() {
            if !block.is_empty() {
                blocks.push(std::mem::take(&mut block));
            }
        } else {
            block.push((number, line));
        }
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    for block in blocks {
        let (first_line, first) = block[0];
        if first.starts_with("WEBVTT")
            || first.starts_with("NOTE")
            || first.starts_with("STYLE")
            || first.starts_with("REGION")
        {
            continue;
        }
        let Some(at) = block.iter().position(|(_, l)| l.contains("-->")) else {
            return Err(TranscriptError::Format {
                line: first_line,
                message: "a cue without a time line (`00:00:01.000 --> 00:00:04.000`)".into(),
            });
        };
        let start = timing(block[at].1, block[at].0)?;
        let body: Vec<&str> = block[at + 1..].iter().map(|(_, l)| *l).collect();
        for (speaker, said) in voices(&body.join("\n")) {
            cues.push(cue(start, speaker, said));
        }
    }
    // Overlapping cues (two people at once) are read in order of start.
    cues.sort_by_key(|c| c.start_ms);
    Ok(cues)
}

/// A cue; without a speaker from the markup, a `Name:` label gives one.
fn cue(start_ms: Option<u64>, speaker: Option<String>, said: String) -> Cue {
    let (speaker, text) = match speaker {
        Some(s) => (Some(s), said),
        None => match label(&said) {
            Some((s, rest)) => (Some(s), rest),
            None => (None, said),
        },
    };
    Cue {
        start_ms,
        speaker,
        text,
    }
}

/// A VTT cue's text split by `<v Speaker>` spans; other tags dropped.
fn voices(body: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut speaker: Option<String> = None;
    let mut said = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        said.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            said.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if let Some(v) = tag.strip_prefix('v').filter(|t| t.starts_with([' ', '.'])) {
            if !said.trim().is_empty() {
                out.push((speaker.take(), clean(&said)));
            }
            said.clear();
            // `<v.loud Priya Natarajan>`: classes after dots, then the name.
            let name = v.split_once(' ').map(|(_, n)| n).unwrap_or_default();
            speaker = Some(name.trim().to_owned()).filter(|n| !n.is_empty());
        } else if tag == "/v" {
            if !said.trim().is_empty() {
                out.push((speaker.take(), clean(&said)));
            }
            said.clear();
            speaker = None;
        }
    }
    said.push_str(rest);
    if !said.trim().is_empty() {
        out.push((speaker, clean(&said)));
    }
    out
}

/// Entities undone, line breaks and runs of spaces made one space.
fn clean(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_srt(text: &str) -> Result<Vec<Cue>, TranscriptError> {
    let mut cues = Vec::new();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let mut at = i;
        if !lines[at].contains("-->") {
            at += 1;
        }
        if at >= lines.len() || !lines[at].contains("-->") {
            return Err(TranscriptError::Format {
                line: i + 1,
                message: "a subtitle without a time line (`00:00:01,000 --> 00:00:04,000`)".into(),
            });
        }
        let start = timing(lines[at], at + 1)?;
        let mut end = at + 1;
        while end < lines.len() && !lines[end].trim().is_empty() {
            end += 1;
        }
        let said = clean(&strip_tags(&lines[at + 1..end].join(" ")));
        let said = said.strip_prefix("- ").unwrap_or(&said).to_owned();
        cues.push(cue(start, None, said));
        i = end;
    }
    cues.sort_by_key(|c| c.start_ms);
    Ok(cues)
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = false;
    for c in text.chars() {
        match c {
            '<' => depth = true,
            '>' if depth => depth = false,
            c if !depth => out.push(c),
            _ => {}
        }
    }
    out
}

/// Plain text: `Name: words` lines (with an optional `[00:01:02]` or
/// `00:01:02` before, or `(00:01:02)` after the name), or a line holding
/// only a name and a time (`Priya Natarajan  0:03`, as Teams and Otter
/// export) followed by what was said. Unlabelled lines continue the turn.
fn parse_labelled(text: &str) -> Vec<Cue> {
    let mut cues: Vec<Cue> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (start, rest) = leading_time(line);
        if let Some((speaker, said)) = label(rest) {
            cues.push(Cue {
                start_ms: start,
                speaker: Some(speaker),
                text: said,
            });
        } else if let Some((speaker, at)) = name_and_time(rest) {
            cues.push(Cue {
                start_ms: start.or(Some(at)),
                speaker: Some(speaker),
                text: String::new(),
            });
        } else if let Some(last) = cues.last_mut() {
            if !last.text.is_empty() {
                last.text.push(' ');
            }
            last.text.push_str(&clean(rest));
        } else {
            cues.push(Cue {
                start_ms: start,
                speaker: None,
                text: clean(rest),
            });
        }
    }
    cues.retain(|c| !c.text.is_empty());
    cues
}

fn leading_time(line: &str) -> (Option<u64>, &str) {
    let inner = line.strip_prefix('[').and_then(|l| l.split_once(']'));
    if let Some((t, rest)) = inner {
        if let Some(ms) = timestamp(t) {
            return (Some(ms), rest.trim_start());
        }
    }
    if let Some((t, rest)) = line.split_once(' ') {
        if t.contains(':')
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        {
            if let Some(ms) = timestamp(t) {
                return (Some(ms), rest.trim_start());
            }
        }
    }
    (None, line)
}

/// `Priya Natarajan  0:03` (a name, then only a time).
fn name_and_time(line: &str) -> Option<(String, u64)> {
    let (name, time) = line.rsplit_once(char::is_whitespace)?;
    let at = timestamp(time)?;
    let name = name.trim();
    is_name(name).then(|| (name.to_owned(), at))
}

/// `Name: words` or `Name (00:01:02): words` or `[Name] words`.
fn label(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('[') {
        let (name, said) = rest.split_once(']')?;
        return is_name(name.trim()).then(|| (name.trim().to_owned(), clean(said)));
    }
    // `Priya (00:01:02): Hi`: the time in brackets holds colons of its own.
    if let Some((head, said)) = text.split_once("):") {
        if let Some((name, time)) = head.split_once(" (") {
            if timestamp(time).is_some() && is_name(name.trim()) {
                return Some((name.trim().to_owned(), clean(said)));
            }
        }
    }
    let (name, said) = text.split_once(':')?;
    // `10:30` or `https://` are not labels.
    if said.starts_with("//") || said.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let name = name.trim();
    is_name(name).then(|| (name.to_owned(), clean(said)))
}

/// A speaker label: one to four words, each capitalised (or a particle such
/// as "de" or "van"), or a generic label like `Speaker 1`; no sentence
/// punctuation.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || text.len() > 48 {
        return false;
    }
    // "Dr. Ana Ruiz" and "J. Park" are names; a full stop inside a word is not.
    if text.contains(['?', '!', ';', '"'])
        || words.iter().any(|w| w.trim_end_matches('.').contains('.'))
    {
        return false;
    }
    // A line can open with a word and a colon that is speech, not a name:
    // "Result: we shipped on time."
    if let [one] = words.as_slice() {
        if NOT_NAMES.contains(&one.to_lowercase().as_str()) {
            return false;
        }
    }
    let generic = matches!(words.as_slice(), [w, n] if (w.eq_ignore_ascii_case("speaker") || w.eq_ignore_ascii_case("participant")) && n.chars().all(|c| c.is_ascii_alphanumeric()));
    generic
        || words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.' | ','))
                || matches!(
                    *w,
                    "de" | "da" | "van" | "von" | "der" | "del" | "la" | "le" | "bin" | "al"
                )
        })
}

/// Words that open a spoken line with a colon and are not speakers.
const NOT_NAMES: &[&str] = &[
    "action",
    "agenda",
    "answer",
    "background",
    "context",
    "example",
    "goal",
    "note",
    "outcome",
    "problem",
    "question",
    "result",
    "results",
    "situation",
    "summary",
    "task",
    "update",
    "so",
    "well",
    "okay",
    "ok",
    "yes",
    "no",
    "anyway",
    "basically",
    "honestly",
    "first",
    "second",
    "third",
    "finally",
    "also",
    "plus",
    "but",
    "and",
    "then",
    "now",
    "today",
];

/// Cues as turns: consecutive cues of one speaker joined; unlabelled cues
/// continue the turn before them.
pub fn turns(cues: &[Cue]) -> Vec<Turn> {
    let mut out: Vec<Turn> = Vec::new();
    for (i, c) in cues.iter().enumerate() {
        // "Mm-hm" from a listener while the speaker goes on is not a turn.
        let between = |i: usize| {
            let before = cues[..i].iter().rev().find(|c| c.speaker.is_some());
            let after = cues[i + 1..].iter().find(|c| c.speaker.is_some());
            matches!((before, after), (Some(b), Some(a)) if b.speaker == a.speaker && b.speaker != c.speaker)
        };
        if is_backchannel(&c.text) && between(i) {
            continue;
        }
        let text = c.text.trim();
        if text.is_empty() {
            continue;
        }
        match (&c.speaker, out.last_mut()) {
            (Some(s), Some(last)) if last.speaker == *s => {
                last.text.push(' ');
                last.text.push_str(text);
            }
            (None, Some(last)) => {
                last.text.push(' ');
                last.text.push_str(text);
            }
            (Some(s), _) => out.push(Turn {
                speaker: s.clone(),
                start_ms: c.start_ms,
                text: text.to_owned(),
            }),
            (None, None) => {}
        }
    }
    out
}

/// A listener's sound of assent: "Mm-hm", "Right.", "Okay".
fn is_backchannel(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    !words.is_empty()
        && words.len() <= 2
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "mm-hm"
                    | "mm-hmm"
                    | "mhm"
                    | "uh-huh"
                    | "mm"
                    | "hmm"
                    | "yeah"
                    | "yes"
                    | "right"
                    | "okay"
                    | "ok"
                    | "sure"
                    | "got"
                    | "it"
                    | "i"
                    | "see"
            )
        })
}

/// The distinct speaker labels, in order of first appearance.
pub fn speakers(turns: &[Turn]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in turns {
        if !out.contains(&t.speaker) {
            out.push(t.speaker.clone());
        }
    }
    out
}

fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a label names this person: the same words, or all the label's
/// words among the name's (`Priya` for Priya Natarajan, `Natarajan, Priya`).
fn names(label: &str, person: &str) -> bool {
    let l = name_words(label);
    let p = name_words(person);
    !l.is_empty()
        && !p.is_empty()
        && (l.iter().all(|w| p.contains(w)) || p.iter().all(|w| l.contains(w)))
}

/// Who each label is: `overrides` (`LABEL=NAME`, with `me` and `ignore`)
/// first, then names matched to the round's interviewers and to `me` (the
/// `--me` label or the profile's name); one label left over is the
/// candidate when nobody else is.
pub fn match_speakers(
    labels: &[String],
    interviewers: &[String],
    me: Option<&str>,
    overrides: &[String],
) -> Result<Vec<(String, Speaker)>, TranscriptError> {
    let mut map: Vec<(String, Option<Speaker>)> =
        labels.iter().map(|l| (l.clone(), None)).collect();
    for o in overrides {
        let Some((label, who)) = o.split_once('=') else {
            return Err(TranscriptError::BadMapping(
                o.clone(),
                "write it as LABEL=INTERVIEWER (or LABEL=me, LABEL=ignore)".into(),
            ));
        };
        let (label, who) = (label.trim(), who.trim());
        let Some(slot) = map.iter_mut().find(|(l, _)| l.eq_ignore_ascii_case(label)) else {
            return Err(TranscriptError::BadMapping(
                o.clone(),
                format!(
                    "no speaker `{label}` in the transcript (speakers: {})",
                    labels.join(", ")
                ),
            ));
        };
        let speaker = if who.eq_ignore_ascii_case("me") {
            Speaker::Me
        } else if who.eq_ignore_ascii_case("ignore") {
            Speaker::Ignored
        } else {
            match interviewers.iter().find(|i| i.eq_ignore_ascii_case(who)) {
                Some(i) => Speaker::Interviewer(i.clone()),
                None => {
                    return Err(TranscriptError::BadMapping(
                        o.clone(),
                        format!(
                            "`{who}` is not an interviewer of this round (interviewers: {})",
                            interviewers.join(", ")
                        ),
                    ))
                }
            }
        };
        slot.1 = Some(speaker);
    }
    for (label, who) in map.iter_mut().filter(|(_, w)| w.is_none()) {
        if me.is_some_and(|m| names(label, m)) {
            *who = Some(Speaker::Me);
            continue;
        }
        let matches: Vec<&String> = interviewers.iter().filter(|i| names(label, i)).collect();
        if let [one] = matches.as_slice() {
            *who = Some(Speaker::Interviewer((*one).clone()));
        }
    }
    let has_me = map.iter().any(|(_, w)| *w == Some(Speaker::Me));
    let left: Vec<usize> = (0..map.len()).filter(|&i| map[i].1.is_none()).collect();
    if !has_me {
        match left.as_slice() {
            [one] => map[*one].1 = Some(Speaker::Me),
            _ => return Err(TranscriptError::NoCandidate(labels.join(", "))),
        }
    }
    if !map
        .iter()
        .any(|(_, w)| matches!(w, Some(Speaker::Interviewer(_))))
    {
        return Err(TranscriptError::NoInterviewer {
            speakers: labels.join(", "),
            interviewers: if interviewers.is_empty() {
                "none yet".into()
            } else {
                interviewers.join(", ")
            },
        });
    }
    let unknown: Vec<String> = map
        .iter()
        .filter(|(_, w)| w.is_none())
        .map(|(l, _)| format!("`{l}`"))
        .collect();
    if !unknown.is_empty() {
        return Err(TranscriptError::Unknown(unknown.join(", ")));
    }
    Ok(map
        .into_iter()
        .map(|(l, w)| (l, w.expect("every label decided")))
        .collect())
}

/// Filler words dropped from what is quoted.
const FILLERS: &[&str] = &["um", "umm", "uh", "uhh", "erm", "er", "hmm", "mm", "ah"];

/// A turn's words without fillers; "you know" and "I mean" stay (they can
/// carry meaning). Sentence punctuation a filler carried moves to the word
/// before it.
fn without_fillers(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !FILLERS.contains(&bare.as_str()) {
            out.push(w.to_owned());
            continue;
        }
        if let (Some(end), Some(last)) = (
            w.chars().last().filter(|c| matches!(c, '.' | '?' | '!')),
            out.last_mut(),
        ) {
            let bare_last = last.trim_end_matches([',', ';']).len();
            if !last.ends_with(['.', '?', '!']) {
                last.truncate(bare_last);
                last.push(end);
            }
        }
    }
    let text = out.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

/// Whole sentences from the start, up to about `words` words (always one).
fn excerpt(text: &str, words: usize) -> String {
    let mut out = Vec::new();
    let mut used = 0;
    for s in sentences(text) {
        let n = word_count(&s);
        if !out.is_empty() && used + n > words {
            break;
        }
        used += n;
        out.push(s);
    }
    out.join(" ")
}

/// Prompts that ask without a question mark.
const PROMPTS: &[&str] = &[
    "tell me about",
    "walk me through",
    "talk me through",
    "describe",
    "give me an example",
    "share an example",
    "take me through",
];

/// The question a turn ends on: its last sentence that asks.
fn question_in(text: &str) -> Option<String> {
    sentences(text).into_iter().rev().find(|s| {
        let lower = s.to_lowercase();
        s.ends_with('?') || PROMPTS.iter().any(|p| lower.starts_with(p))
    })
}

fn first_name(name: &str) -> String {
    round2_core::PersonName::parse(name).greeting()
}

fn clock(ms: Option<u64>) -> Option<String> {
    ms.map(|ms| {
        let s = ms / 1000;
        if s >= 3600 {
            format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        } else {
            format!("{}:{:02}", s / 60, s % 60)
        }
    })
}

/// An interviewer's remark long enough to be a topic of its own.
const TOPIC_WORDS: usize = 25;
/// An answer shorter than this is small talk, not worth a note.
const ANSWER_WORDS: usize = 6;
/// How much of an answer or remark a note quotes.
const QUOTE_WORDS: usize = 60;

/// The notes a transcript suggests, in the order they were said.
pub fn propose(turns: &[Turn], who: &[(String, Speaker)]) -> Vec<Proposal> {
    let speaker = |label: &str| {
        who.iter()
            .find(|(l, _)| l == label)
            .map(|(_, s)| s.clone())
            .unwrap_or(Speaker::Ignored)
    };
    // An answer that ends on the candidate's own question is two turns:
    // the answer, then the question (paired with the reply after it).
    let mut split: Vec<(Speaker, Turn)> = Vec::new();
    for t in turns {
        let s = speaker(&t.speaker);
        if s == Speaker::Ignored {
            continue;
        }
        let text = t.text.trim();
        if s == Speaker::Me && text.ends_with('?') {
            if let Some(q) = question_in(text) {
                let answer = text.trim_end_matches(q.as_str()).trim();
                if word_count(answer) >= ANSWER_WORDS {
                    split.push((
                        s.clone(),
                        Turn {
                            text: answer.to_owned(),
                            ..t.clone()
                        },
                    ));
                    split.push((
                        s,
                        Turn {
                            text: q,
                            ..t.clone()
                        },
                    ));
                    continue;
                }
            }
        }
        split.push((s, t.clone()));
    }
    let turns: Vec<(Speaker, &Turn)> = split.iter().map(|(s, t)| (s.clone(), t)).collect();
    let mut out = Vec::new();
    // A reply already quoted in an `asked` note is read again only for a
    // question it ends on.
    let mut quoted: Option<usize> = None;
    let mut i = 0;
    while i < turns.len() {
        let (s, t) = &turns[i];
        let fresh = quoted != Some(i);
        let text = without_fillers(&t.text);
        let next = turns.get(i + 1);
        match s {
            Speaker::Interviewer(name) => {
                let reply = next
                    .filter(|(s, _)| *s == Speaker::Me)
                    .map(|(_, t)| without_fillers(&t.text));
                let question = question_in(&text);
                // What they said around the question can be a topic of its own.
                let remark = match &question {
                    Some(q) => text.trim_end_matches(q.as_str()).trim().to_owned(),
                    None => text.clone(),
                };
                if fresh && word_count(&remark) >= TOPIC_WORDS {
                    out.push(Proposal {
                        kind: NoteKind::Topic,
                        interviewer: Some(name.clone()),
                        text: format!(
                            "{} said: {}",
                            first_name(name),
                            excerpt(&remark, QUOTE_WORDS)
                        ),
                        at: clock(t.start_ms),
                    });
                }
                if let (Some(q), Some(answer)) = (question, reply) {
                    if word_count(&answer) >= ANSWER_WORDS {
                        out.push(Proposal {
                            kind: NoteKind::Question,
                            interviewer: Some(name.clone()),
                            text: format!(
                                "{} asked: \"{q}\" I answered: {}",
                                first_name(name),
                                excerpt(&answer, QUOTE_WORDS)
                            ),
                            at: clock(t.start_ms),
                        });
                        i += 2;
                        continue;
                    }
                }
            }
            Speaker::Me => {
                let reply = next.and_then(|(s, t)| match s {
                    Speaker::Interviewer(n) => Some((n.clone(), without_fillers(&t.text))),
                    _ => None,
                });
                if let (Some(q), Some((name, answer))) = (
                    question_in(&text).filter(|_| text.trim_end().ends_with('?')),
                    reply,
                ) {
                    // Their reply may end on a question of their own: it is
                    // read again as the next turn.
                    let said = match question_in(&answer) {
                        Some(their_q) => {
                            answer.trim_end_matches(their_q.as_str()).trim().to_owned()
                        }
                        None => answer.clone(),
                    };
                    if word_count(&said) >= ANSWER_WORDS {
                        out.push(Proposal {
                            kind: NoteKind::Asked,
                            interviewer: Some(name.clone()),
                            text: format!(
                                "I asked: \"{q}\" {} said: {}",
                                first_name(&name),
                                excerpt(&said, QUOTE_WORDS)
                            ),
                            at: clock(t.start_ms),
                        });
                        quoted = Some(i + 1);
                    }
                } else if word_count(&text) >= TOPIC_WORDS {
                    let name = turns[..i].iter().rev().find_map(|(s, _)| match s {
                        Speaker::Interviewer(n) => Some(n.clone()),
                        _ => None,
                    });
                    out.push(Proposal {
                        kind: NoteKind::Topic,
                        interviewer: name,
                        text: format!("I said: {}", excerpt(&text, QUOTE_WORDS)),
                        at: clock(t.start_ms),
                    });
                }
            }
            Speaker::Ignored => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_both_notations() {
        assert_eq!(timestamp("00:01:02.500"), Some(62_500));
        assert_eq!(timestamp("01:02,5"), Some(62_500));
        assert_eq!(timestamp("1:00:00.000"), Some(3_600_000));
        assert_eq!(timestamp("soon"), None);
    }

    #[test]
    fn labels_are_names_not_sentences() {
        assert_eq!(
            label("Priya Natarajan: Hello there."),
            Some(("Priya Natarajan".into(), "Hello there.".into()))
        );
        assert_eq!(
            label("Speaker 2: ok"),
            Some(("Speaker 2".into(), "ok".into()))
        );
        assert_eq!(label("So the answer: yes"), None);
        assert_eq!(label("Result: we shipped on time."), None);
        assert_eq!(
            label("Dr. Ana Ruiz: Welcome."),
            Some(("Dr. Ana Ruiz".into(), "Welcome.".into()))
        );
        assert_eq!(label("We met at 10:30 on Monday"), None);
        assert_eq!(label("See https://example.com"), None);
        assert_eq!(
            label("Priya (00:01:02): Hi"),
            Some(("Priya".into(), "Hi".into()))
        );
    }

    #[test]
    fn fillers_go_and_sentences_stay_whole() {
        assert_eq!(
            without_fillers("um, so I, uh, fixed it um."),
            "So I, fixed it."
        );
        assert_eq!(excerpt("One two. Three four five. Six.", 4), "One two.");
        assert_eq!(
            excerpt("A very long first sentence here.", 2),
            "A very long first sentence here."
        );
    }

    #[test]
    fn names_match_by_their_words() {
        assert!(names("Priya", "Priya Natarajan"));
        assert!(names("Natarajan, Priya", "Priya Natarajan"));
        assert!(!names("Priyanka", "Priya Natarajan"));
    }
}
