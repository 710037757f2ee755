//! The prep file: one opportunity with its rounds, interviewers, notes and
//! stories, as YAML or JSON. The open interchange format of round2; see
//! `docs/prep-file.md`. Parsing and validation are pure: callers read files.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::limits;

use crate::model::{NoteKind, PrepPack, ResearchSection, Stage};

/// The only version this build reads and writes.
pub const VERSION: u32 = 1;
/// Postings longer than this are refused: real ones are a few kilobytes, and
/// anything this large is a wrong file, not a job description.
pub const MAX_POSTING_BYTES: usize = 512 * 1024;

/// A posting read from a web page, within [`MAX_POSTING_BYTES`]: cut at the
/// last line break that fits (a page's main text can run past a posting).
pub fn clip_posting(mut text: String) -> String {
    if text.len() > MAX_POSTING_BYTES {
        let mut cut = MAX_POSTING_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = text[..cut].rfind('\n').unwrap_or(cut);
        text.truncate(cut);
    }
    text
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// By extension when it tells, else by the first non-blank character.
    pub fn detect(extension: Option<&str>, source: &str) -> Format {
        match extension.map(str::to_ascii_lowercase).as_deref() {
            Some("json") => Format::Json,
            Some("yaml" | "yml") => Format::Yaml,
            _ if source.trim_start().starts_with('{') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Why a prep file was refused. Messages name the place: a line, or a path
/// such as `rounds[1].notes[0].interviewer`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepError {
    #[error("{0}")]
    Syntax(String),
    #[error("{}`{path}`: {message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Invalid {
        path: String,
        line: Option<usize>,
        message: String,
    },
    /// The file could not be written out (a value the format cannot hold).
    #[error("could not write the prep file: {0}")]
    Write(String),
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_version() -> u32 {
    VERSION
}

fn default_round_kind() -> String {
    "interview".to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepFile {
    #[serde(default = "default_version")]
    pub version: u32,
    pub company: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub job_description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub research: Vec<PrepResearch>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<PrepRound>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stories: Vec<PrepStory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions_to_ask: Vec<PrepQuestionToAsk>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<PrepChecklistItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thank_you: Vec<PrepThankYou>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepResearch {
    pub section: ResearchSection,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepRound {
    pub number: u32,
    #[serde(default = "default_round_kind")]
    pub kind: String,
    #[serde(default, with = "rfc3339_opt", skip_serializing_if = "Option::is_none")]
    pub date: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default)]
    pub interviewers: Vec<PrepInterviewer>,
    #[serde(default)]
    pub notes: Vec<PrepNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepInterviewer {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepNote {
    pub kind: NoteKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The topic as the user names it in a thank-you note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepStory {
    pub title: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepQuestionToAsk {
    pub theme: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub asked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepChecklistItem {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepThankYou {
    pub round: u32,
    pub interviewer: String,
    pub body: String,
    #[serde(default, with = "rfc3339_opt", skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateTime<FixedOffset>>,
    #[serde(default, with = "rfc3339_opt", skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<FixedOffset>>,
}

/// Times are RFC 3339 with an explicit offset: the offset is the candidate's
/// wall clock for the interview and must survive a round trip.
pub mod rfc3339_opt {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        v: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&d.to_rfc3339()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        super::parse_time(&text)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

/// Refuses YAML whose anchors and aliases expand it past its own size plus
/// [`limits::MAX_ALIAS_EXPANSION`] (an "alias bomb"), before anything is
/// built from it: a first pass visits every scalar (aliases followed) and
/// only adds up their lengths, allocating nothing.
fn check_alias_expansion(source: &str) -> Result<(), PrepError> {
    use serde::de::{DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
    use std::cell::Cell;

    struct Expanded {
        limit: usize,
        total: Cell<usize>,
    }
    impl Expanded {
        fn add<E: Error>(&self, n: usize) -> Result<(), E> {
            self.total.set(self.total.get().saturating_add(n));
            if self.total.get() > self.limit {
                Err(E::custom(ALIAS_BOMB))
            } else {
                Ok(())
            }
        }
    }
    impl<'de> DeserializeSeed<'de> for &Expanded {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for &Expanded {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any YAML")
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<(), E> {
            self.add(v.len().max(1))
        }
        fn visit_bool<E: Error>(self, _: bool) -> Result<(), E> {
            self.add(1)
        }
        fn visit_i64<E: Error>(self, _: i64) -> Result<(), E> {
            self.add(1)
        }
        fn visit_u64<E: Error>(self, _: u64) -> Result<(), E> {
            self.add(1)
        }
        fn visit_f64<E: Error>(self, _: f64) -> Result<(), E> {
            self.add(1)
        }
        fn visit_unit<E: Error>(self) -> Result<(), E> {
            self.add(1)
        }
        fn visit_none<E: Error>(self) -> Result<(), E> {
            self.add(1)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            self.add(1)?;
            while seq.next_element_seed(self)?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            self.add(1)?;
            while map.next_key_seed(self)?.is_some() {
                map.next_value_seed(self)?;
            }
            Ok(())
        }
        fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
            use serde::de::VariantAccess;
            let ((), variant) = data.variant_seed(self)?;
            variant.newtype_variant_seed(self)
        }
    }

    const ALIAS_BOMB: &str = "round2: aliases expand the file";
    let seed = Expanded {
        limit: source.len().saturating_add(limits::MAX_ALIAS_EXPANSION),
        total: Cell::new(0),
    };
    match seed.deserialize(serde_yaml_ng::Deserializer::from_str(source)) {
        Err(e) if e.to_string().contains(ALIAS_BOMB) => Err(PrepError::Syntax(format!(
            "the file's YAML anchors and aliases (`&name` … `*name`) expand it far beyond its own size ({} KB); a prep file needs no aliases, write each value out",
            source.len() / 1024
        ))),
        // Any other error is reported by the real parse, with its line.
        _ => Ok(()),
    }
}

/// Parses an RFC 3339 time with its offset, with a message that says what is expected.
pub fn parse_time(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
        format!("`{text}` is not a date and time with an offset (expected e.g. 2026-11-20T15:00:00-05:00)")
    })
}

impl PrepFile {
    /// Parses and validates a prep file.
    pub fn parse(source: &str, format: Format) -> Result<PrepFile, PrepError> {
        if source.trim().is_empty() {
            return Err(PrepError::Syntax(
                "the file is empty (a prep file needs at least `company` and `role`)".into(),
            ));
        }
        if limits::nesting_depth(source) > limits::MAX_NESTING {
            return Err(PrepError::Syntax(format!(
                "the file nests `[` or `{{` more than {} levels deep; a prep file is at most four levels deep (is this the right file?)",
                limits::MAX_NESTING
            )));
        }
        if format == Format::Yaml && source.contains('*') {
            check_alias_expansion(source)?;
        }
        let file: PrepFile = match format {
            Format::Json => {
                serde_json::from_str(source).map_err(|e| PrepError::Syntax(e.to_string()))?
            }
            Format::Yaml => serde_yaml_ng::from_str(source)
                .map_err(|e| PrepError::Syntax(point_at_value(source, &e.to_string())))?,
        };
        file.validate(source)?;
        Ok(file)
    }

    /// Checks what the types cannot: references between records, duplicates,
    /// sizes. `source` is only used to point at a line.
    pub fn validate(&self, source: &str) -> Result<(), PrepError> {
        let invalid = |path: String, needle: &str, message: String| PrepError::Invalid {
            path,
            line: locate(source, needle),
            message,
        };
        if self.version != VERSION {
            return Err(invalid(
                "version".into(),
                "version",
                format!(
                    "version {} is not supported (this round2 reads version {VERSION})",
                    self.version
                ),
            ));
        }
        for (field, value) in [("company", &self.company), ("role", &self.role)] {
            if value.trim().is_empty() {
                return Err(invalid(field.into(), field, "must not be empty".into()));
            }
            limits::check_name(field, value, limits::MAX_TITLE_CHARS)
                .map_err(|m| invalid(field.into(), field, m))?;
        }
        if self.job_description.len() > MAX_POSTING_BYTES {
            return Err(invalid(
                "job_description".into(),
                "job_description",
                format!(
                    "the posting is {:.1} MB; round2 accepts postings up to {} KB (is this the right file?)",
                    self.job_description.len() as f64 / 1e6,
                    MAX_POSTING_BYTES / 1024
                ),
            ));
        }
        let mut titles = HashSet::new();
        for (i, s) in self.stories.iter().enumerate() {
            if s.title.trim().is_empty() {
                return Err(invalid(
                    format!("stories[{i}].title"),
                    "title",
                    "must not be empty".into(),
                ));
            }
            if !titles.insert(s.title.trim()) {
                return Err(invalid(
                    format!("stories[{i}].title"),
                    &s.title,
                    format!("the story `{}` appears twice", s.title),
                ));
            }
        }
        let mut numbers = HashSet::new();
        for (i, r) in self.rounds.iter().enumerate() {
            if r.number == 0 {
                return Err(invalid(
                    format!("rounds[{i}].number"),
                    "number: 0",
                    "rounds are numbered from 1".into(),
                ));
            }
            if !numbers.insert(r.number) {
                return Err(invalid(
                    format!("rounds[{i}].number"),
                    &format!("number: {}", r.number),
                    format!("round {} appears twice", r.number),
                ));
            }
            let mut names = HashSet::new();
            for (j, p) in r.interviewers.iter().enumerate() {
                if p.name.trim().is_empty() {
                    return Err(invalid(
                        format!("rounds[{i}].interviewers[{j}].name"),
                        "name",
                        "must not be empty".into(),
                    ));
                }
                limits::check_name("the name", &p.name, limits::MAX_NAME_CHARS).map_err(|m| {
                    invalid(format!("rounds[{i}].interviewers[{j}].name"), "name", m)
                })?;
                if let Some(e) = &p.email {
                    limits::check_email(e).map_err(|m| {
                        invalid(format!("rounds[{i}].interviewers[{j}].email"), e, m)
                    })?;
                }
                if !names.insert(p.name.trim()) {
                    return Err(invalid(
                        format!("rounds[{i}].interviewers[{j}].name"),
                        &p.name,
                        format!("`{}` is listed twice in round {}", p.name, r.number),
                    ));
                }
            }
            for (j, n) in r.notes.iter().enumerate() {
                if let Some(who) = &n.interviewer {
                    if !names.contains(who.trim()) {
                        return Err(invalid(
                            format!("rounds[{i}].notes[{j}].interviewer"),
                            who,
                            format!(
                                "`{who}` is not an interviewer of round {} (add them to `rounds[{i}].interviewers`)",
                                r.number
                            ),
                        ));
                    }
                }
                if n.kind == NoteKind::Story
                    && n.story.as_deref().is_none_or(|s| s.trim().is_empty())
                {
                    return Err(invalid(
                        format!("rounds[{i}].notes[{j}].story"),
                        "kind: story",
                        "a `story` note must name the story told (`story: TITLE`)".into(),
                    ));
                }
            }
        }
        for (i, t) in self.thank_you.iter().enumerate() {
            let Some(round) = self.rounds.iter().find(|r| r.number == t.round) else {
                return Err(invalid(
                    format!("thank_you[{i}].round"),
                    &format!("round: {}", t.round),
                    format!("there is no round {}", t.round),
                ));
            };
            if !round
                .interviewers
                .iter()
                .any(|p| p.name.trim() == t.interviewer.trim())
            {
                return Err(invalid(
                    format!("thank_you[{i}].interviewer"),
                    &t.interviewer,
                    format!(
                        "`{}` is not an interviewer of round {}",
                        t.interviewer, t.round
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Story titles that notes name but the file does not define: the store
    /// must find them in the story bank.
    pub fn referenced_stories(&self) -> Vec<&str> {
        let defined: HashSet<&str> = self.stories.iter().map(|s| s.title.trim()).collect();
        let mut out: Vec<&str> = self
            .rounds
            .iter()
            .flat_map(|r| &r.notes)
            .filter_map(|n| n.story.as_deref().map(str::trim))
            .filter(|t| !defined.contains(t))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn to_yaml(&self) -> Result<String, PrepError> {
        serde_yaml_ng::to_string(self).map_err(|e| PrepError::Write(e.to_string()))
    }

    pub fn to_json(&self) -> Result<String, PrepError> {
        serde_json::to_string_pretty(self).map_err(|e| PrepError::Write(e.to_string()))
    }

    /// The prep file for a stored opportunity: the inverse of import.
    pub fn from_pack(pack: &PrepPack) -> PrepFile {
        let opp = &pack.opportunity;
        let mut notes_by_round: BTreeMap<u32, Vec<PrepNote>> = BTreeMap::new();
        for n in &pack.notes {
            notes_by_round.entry(n.round).or_default().push(PrepNote {
                kind: n.kind,
                interviewer: n.interviewer.clone(),
                story: n.story.clone(),
                topic: n.topic.clone(),
                text: n.text.clone(),
            });
        }
        PrepFile {
            version: VERSION,
            company: opp.company.clone(),
            role: opp.role.clone(),
            url: opp.url.clone(),
            stage: Some(opp.stage),
            job_description: opp.job_description.clone(),
            research: pack
                .research
                .iter()
                .map(|r| PrepResearch {
                    section: r.section,
                    text: r.text.clone(),
                    source: r.source.clone(),
                })
                .collect(),
            rounds: pack
                .rounds
                .iter()
                .map(|r| PrepRound {
                    number: r.number,
                    kind: r.kind.clone(),
                    date: r.date,
                    duration_minutes: r.duration_minutes,
                    place: r.place.clone(),
                    interviewers: r
                        .interviewers
                        .iter()
                        .map(|p| PrepInterviewer {
                            name: p.name.clone(),
                            title: p.title.clone(),
                            email: p.email.clone(),
                        })
                        .collect(),
                    notes: notes_by_round.remove(&r.number).unwrap_or_default(),
                })
                .collect(),
            stories: pack
                .stories
                .iter()
                .map(|s| PrepStory {
                    title: s.title.clone(),
                    situation: s.situation.clone(),
                    task: s.task.clone(),
                    action: s.action.clone(),
                    result: s.result.clone(),
                    tags: s.tags.clone(),
                })
                .collect(),
            questions_to_ask: pack
                .questions_to_ask
                .iter()
                .map(|q| PrepQuestionToAsk {
                    theme: q.theme.clone(),
                    text: q.text.clone(),
                    asked: q.asked,
                })
                .collect(),
            checklist: pack
                .checklist
                .iter()
                .map(|c| PrepChecklistItem {
                    text: c.text.clone(),
                    done: c.done,
                })
                .collect(),
            thank_you: pack
                .thank_you
                .iter()
                .map(|t| PrepThankYou {
                    round: t.round,
                    interviewer: t.interviewer.clone(),
                    body: t.body.clone(),
                    deadline: t.deadline,
                    sent_at: t.sent_at,
                })
                .collect(),
        }
    }
}

/// A YAML error about a value inside a mapping is reported at the mapping's
/// start; when the message quotes the value, point at the value's own line.
fn point_at_value(source: &str, message: &str) -> String {
    let quoted = message.split('`').nth(1).filter(|q| q.len() > 3);
    let (Some(value), Some(at)) = (quoted, message.rfind(" at line ")) else {
        return message.to_string();
    };
    match locate(source, value) {
        Some(line) => format!("{} at line {line}", &message[..at]),
        None => message.to_string(),
    }
}

/// The 1-based line of the first occurrence of `needle`, to point a user at it.
fn locate(source: &str, needle: &str) -> Option<usize> {
    let needle = needle.trim();
    if needle.is_empty() {
        return None;
    }
    source
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests;
