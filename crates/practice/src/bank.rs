//! The question bank: curated practice questions by category, user
//! questions, role-specific questions generated from a posting's
//! requirements, and the story coverage helper.
//!
//! The curated bank ships inside the crate (`data/questions.yaml`, embedded
//! with `include_str!` and parsed once). Every question carries what the
//! interviewer is really asking and a [`Kind`] that sets the target speaking
//! time used by [`crate::feedback`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use round2_core::Importance;
use serde::{Deserialize, Serialize};

use crate::error::PracticeError;
use crate::text::{normalise_tag, slug, words};

const BANK_YAML: &str = include_str!("../data/questions.yaml");

/// The competencies the bank is written against, in display order. The first
/// nine are the behavioural competencies every bank must cover.
pub const COMPETENCIES: &[&str] = &[
    "leadership",
    "conflict",
    "failure",
    "ambiguity",
    "pressure",
    "initiative",
    "customer_focus",
    "learning",
    "influence",
    "teamwork",
    "communication",
    "adaptability",
    "self_awareness",
    "planning",
];

/// The competencies that the `behavioural` category must cover, one or more
/// questions each.
pub const BEHAVIOURAL_COMPETENCIES: &[&str] = &[
    "leadership",
    "conflict",
    "failure",
    "ambiguity",
    "pressure",
    "initiative",
    "customer_focus",
    "learning",
    "influence",
];

/// A question category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Values, ways of working, the environment the candidate does best in.
    CultureFit,
    /// Compatibility with the team and teamwork.
    Teamwork,
    /// Working with a manager; management style given and wanted.
    Management,
    /// Why us, why this role, why now.
    Motivation,
    /// "Tell me about a time": by competency.
    Behavioural,
    /// Questions typical of a second round: first 90 days, reservations, fit.
    SecondRound,
    /// Unexpected, hypothetical, "what would you do if".
    Curveball,
    /// Generated from the posting's requirements (never in the curated bank).
    RoleSpecific,
}

impl Category {
    /// The categories of the curated bank (all but [`Category::RoleSpecific`]).
    pub const BUILTIN: [Category; 7] = [
        Category::CultureFit,
        Category::Teamwork,
        Category::Management,
        Category::Motivation,
        Category::Behavioural,
        Category::SecondRound,
        Category::Curveball,
    ];

    /// The snake_case name used in data files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::CultureFit => "culture_fit",
            Category::Teamwork => "teamwork",
            Category::Management => "management",
            Category::Motivation => "motivation",
            Category::Behavioural => "behavioural",
            Category::SecondRound => "second_round",
            Category::Curveball => "curveball",
            Category::RoleSpecific => "role_specific",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = PracticeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = normalise_tag(s);
        let found = Category::BUILTIN
            .iter()
            .chain(std::iter::once(&Category::RoleSpecific))
            .find(|c| c.as_str() == n || (n == "behavioral" && **c == Category::Behavioural));
        found.copied().ok_or_else(|| PracticeError::Unknown {
            what: "category",
            value: s.to_string(),
            expected: "culture_fit, teamwork, management, motivation, behavioural, second_round, curveball, role_specific".into(),
        })
    }
}

/// What kind of answer a question calls for; drives the target speaking time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// "Tell me about a time…": a STAR story, about two minutes.
    Behavioural,
    /// "What would you do if…": a plan of action, about ninety seconds.
    Situational,
    /// "What do you think about…": a view with a reason, about a minute.
    Opinion,
    /// Unexpected or playful: a composed, short answer, about a minute.
    Curveball,
}

impl Kind {
    /// Target speaking time in seconds.
    pub fn target_seconds(self) -> u32 {
        match self {
            Kind::Behavioural => 120,
            Kind::Situational => 90,
            Kind::Opinion => 60,
            Kind::Curveball => 60,
        }
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Behavioural => "behavioural",
            Kind::Situational => "situational",
            Kind::Opinion => "opinion",
            Kind::Curveball => "curveball",
        }
    }
}

impl FromStr for Kind {
    type Err = PracticeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match normalise_tag(s).as_str() {
            "behavioural" | "behavioral" => Ok(Kind::Behavioural),
            "situational" => Ok(Kind::Situational),
            "opinion" => Ok(Kind::Opinion),
            "curveball" => Ok(Kind::Curveball),
            _ => Err(PracticeError::Unknown {
                what: "question kind",
                value: s.to_string(),
                expected: "behavioural, situational, opinion, curveball".into(),
            }),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One practice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable slug, unique in a bank.
    pub id: String,
    /// Its category.
    pub category: Category,
    /// Competencies it probes (normalised tags such as `customer_focus`).
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Behavioural, situational, opinion or curveball.
    pub kind: Kind,
    /// The question as the interviewer would ask it.
    pub text: String,
    /// One line on what the interviewer is really asking.
    pub really_asking: String,
    /// For role-specific questions: the posting requirement it was built from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    kind: Kind,
    #[serde(default)]
    competencies: Vec<String>,
    text: String,
    really_asking: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    category: Category,
    questions: Vec<RawQuestion>,
}

/// A set of questions with unique ids, in insertion order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QuestionBank {
    questions: Vec<Question>,
    #[serde(skip)]
    index: BTreeMap<String, usize>,
}

impl QuestionBank {
    /// An empty bank.
    pub fn new() -> Self {
        Self::default()
    }

    /// The curated bank shipped with round2 (parsed once, then cloned).
    pub fn builtin() -> Self {
        static BUILTIN: OnceLock<QuestionBank> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The embedded file is checked by the test suite; should it
                // ever fail to parse, an empty bank is better than a crash.
                Self::from_yaml(BANK_YAML).unwrap_or_default()
            })
            .clone()
    }

    /// Parse a bank from the YAML layout of `data/questions.yaml`: a list of
    /// `{category, questions: [{id, kind, competencies, text, really_asking}]}`.
    pub fn from_yaml(yaml: &str) -> Result<Self, PracticeError> {
        let sections: Vec<RawSection> =
            serde_yaml_ng::from_str(yaml).map_err(|e| PracticeError::Data {
                what: "question bank",
                message: e.to_string(),
            })?;
        let mut bank = QuestionBank::new();
        for section in sections {
            for raw in section.questions {
                bank.add(Question {
                    id: raw.id,
                    category: section.category,
                    competencies: raw.competencies,
                    kind: raw.kind,
                    text: raw.text,
                    really_asking: raw.really_asking,
                    requirement: None,
                })?;
            }
        }
        Ok(bank)
    }

    /// Add a question (for example one the user wrote). Competency tags are
    /// normalised; the id must be new and the id and text non-empty.
    pub fn add(&mut self, mut question: Question) -> Result<(), PracticeError> {
        question.id = question.id.trim().to_string();
        question.text = question.text.trim().to_string();
        if question.id.is_empty() {
            return Err(PracticeError::MissingField("id"));
        }
        if question.text.is_empty() {
            return Err(PracticeError::MissingField("text"));
        }
        if self.index.contains_key(&question.id) {
            return Err(PracticeError::DuplicateId(question.id));
        }
        let mut seen = BTreeSet::new();
        question.competencies = question
            .competencies
            .iter()
            .map(|c| normalise_tag(c))
            .filter(|c| !c.is_empty() && seen.insert(c.clone()))
            .collect();
        self.index.insert(question.id.clone(), self.questions.len());
        self.questions.push(question);
        Ok(())
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.index.get(id).and_then(|&i| self.questions.get(i))
    }

    /// The questions of one category, in bank order.
    pub fn by_category(&self, category: Category) -> Vec<&Question> {
        self.questions
            .iter()
            .filter(|q| q.category == category)
            .collect()
    }

    /// The questions that probe a competency (tag normalised first).
    pub fn by_competency(&self, competency: &str) -> Vec<&Question> {
        let c = normalise_tag(competency);
        self.questions
            .iter()
            .filter(|q| q.competencies.contains(&c))
            .collect()
    }

    /// The questions of one kind (for a curveball drill: `Kind::Curveball`).
    pub fn by_kind(&self, kind: Kind) -> Vec<&Question> {
        self.questions.iter().filter(|q| q.kind == kind).collect()
    }

    /// Every question, in bank order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// How many questions the bank holds.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// Whether the bank is empty.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// Number of questions per category (categories with none are omitted).
    pub fn counts(&self) -> BTreeMap<Category, usize> {
        let mut out = BTreeMap::new();
        for q in &self.questions {
            *out.entry(q.category).or_insert(0) += 1;
        }
        out
    }

    /// Every competency some question in the bank probes, sorted.
    pub fn competencies(&self) -> BTreeSet<String> {
        self.questions
            .iter()
            .flat_map(|q| q.competencies.iter().cloned())
            .collect()
    }
}

// ---------------------------------------------------------------------------
// Role-specific questions
// ---------------------------------------------------------------------------

/// Leading boilerplate stripped from a requirement to get its subject, tried
/// repeatedly (lowercase comparison).
const LEAD_PHRASES: &[&str] = &[
    "must have",
    "must be",
    "you have",
    "you are",
    "you bring",
    "we expect",
    "we'd love",
    "we would love",
    "ideally",
    "bonus",
    "plus",
    "nice to have",
    "required",
    "preferred",
    "a",
    "an",
    "the",
    "strong",
    "solid",
    "excellent",
    "exceptional",
    "outstanding",
    "good",
    "great",
    "deep",
    "proven",
    "demonstrated",
    "demonstrable",
    "extensive",
    "significant",
    "hands on",
    "hands-on",
    "professional",
    "practical",
    "working",
    "track record of",
    "track record in",
    "record of",
    "background in",
    "experience with",
    "experience in",
    "experience of",
    "experience",
    "expertise in",
    "expertise with",
    "familiarity with",
    "familiar with",
    "knowledge of",
    "understanding of",
    "proficiency in",
    "proficiency with",
    "proficient in",
    "proficient with",
    "comfortable with",
    "comfort with",
    "skilled in",
    "skills in",
    "exposure to",
    "fluency in",
    "fluent in",
    "with",
    "in",
    "of",
    "and",
];

/// Trailing boilerplate stripped from a requirement.
const TAIL_PHRASES: &[&str] = &[
    "is a plus",
    "a plus",
    "is a bonus",
    "a bonus",
    "is nice to have",
    "nice to have",
    "is preferred",
    "preferred",
    "is required",
    "required",
    "is essential",
    "essential",
    "is desirable",
    "desirable",
    "would be great",
    "highly desirable",
    "or equivalent",
    "or similar",
    "etc",
];

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = &text[prefix.len()..];
    // whole word only
    if rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()) {
        Some(rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == ','))
    } else {
        None
    }
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    if text.len() < suffix.len() || !text.is_char_boundary(text.len() - suffix.len()) {
        return None;
    }
    let cut = text.len() - suffix.len();
    if !text[cut..].eq_ignore_ascii_case(suffix) {
        return None;
    }
    let rest = &text[..cut];
    if rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()) {
        Some(rest.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '-'))
    } else {
        None
    }
}

/// What a requirement asks for, in its own words, with boilerplate removed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Subject {
    /// "ability to X" / "able to X": a verb phrase.
    Ability(String),
    /// Anything else: a noun phrase.
    Thing(String),
}

fn requirement_subject(requirement: &str) -> Option<Subject> {
    // First clause only (up to ; or . or a line break), no bullets.
    let first = requirement
        .split(['\n', ';'])
        .map(str::trim)
        .find(|s| !s.is_empty())?;
    let first = match first.find(". ") {
        Some(i) => &first[..i],
        None => first,
    };
    let mut s = first
        .trim_start_matches(|c: char| {
            c == '-' || c == '*' || c == '•' || c.is_whitespace() || c == '·'
        })
        .trim_end_matches(|c: char| c == '.' || c == '!' || c.is_whitespace())
        .to_string();
    // "3+ years of", "5 years'", "two years"
    let re_years = regex_years();
    if let Some(m) = re_years.find(&s) {
        if m.start() == 0 {
            s = s[m.end()..].trim_start().to_string();
        }
    }
    let mut ability = false;
    loop {
        let before = s.clone();
        for p in ABILITY_PHRASES {
            if let Some(rest) = strip_prefix_ci(&s, p) {
                if !words(rest).is_empty() {
                    s = rest.to_string();
                    ability = true;
                }
            }
        }
        for p in LEAD_PHRASES {
            if let Some(rest) = strip_prefix_ci(&s, p) {
                s = rest.to_string();
            }
        }
        if let Some(m) = re_years.find(&s) {
            if m.start() == 0 {
                s = s[m.end()..].trim_start().to_string();
            }
        }
        for p in TAIL_PHRASES {
            if let Some(rest) = strip_suffix_ci(&s, p) {
                s = rest.to_string();
            }
        }
        s = trim_unbalanced(&s);
        if s == before {
            break;
        }
    }
    if words(&s).is_empty() {
        return None;
    }
    if ability {
        return Some(Subject::Ability(s));
    }
    Some(Subject::Thing(s))
}

/// Trim spaces, commas and any parenthesis left without its partner.
fn trim_unbalanced(text: &str) -> String {
    let mut s = text
        .trim_matches(|c: char| c.is_whitespace() || c == ',')
        .to_string();
    loop {
        let open = s.matches('(').count();
        let close = s.matches(')').count();
        if s.starts_with('(') && open > close {
            s.remove(0);
        } else if s.ends_with(')') && close > open {
            s.pop();
        } else if s.starts_with('(') && s.ends_with(')') && open == 1 && close == 1 {
            s = s[1..s.len() - 1].to_string();
        } else {
            break;
        }
        s = s
            .trim_matches(|c: char| c.is_whitespace() || c == ',')
            .to_string();
    }
    s
}

/// Phrases after which a requirement names an activity ("ability to X").
const ABILITY_PHRASES: &[&str] = &[
    "the ability to",
    "an ability to",
    "ability to",
    "able to",
    "capacity to",
    "you will",
    "you'll",
    "will",
];

/// Nouns ending in "-ing" that do not start an activity ("marketing analytics").
const ING_NOUNS: &[&str] = &[
    "engineering",
    "marketing",
    "accounting",
    "computing",
    "networking",
    "pricing",
    "banking",
    "consulting",
    "manufacturing",
    "programming",
    "clustering",
    "caching",
    "logging",
    "monitoring",
    "messaging",
    "streaming",
    "scheduling",
    "rendering",
    "routing",
    "hosting",
    "tooling",
    "billing",
    "recruiting",
    "budgeting",
    "forecasting",
    "testing",
    "training",
    "learning",
    "modeling",
    "modelling",
    "processing",
    "reporting",
    "planning",
    "housing",
    "lending",
    "publishing",
    "retailing",
    "shipping",
    "sourcing",
    "staffing",
    "trading",
    "underwriting",
    "string",
];

/// Whether a noun phrase starts with an activity ("leading teams").
fn starts_with_activity(phrase: &str) -> bool {
    let w = words(phrase);
    match w.first() {
        Some(first) => {
            w.len() >= 2
                && first.len() > 4
                && first.ends_with("ing")
                && !ING_NOUNS.contains(&first.as_str())
        }
        None => false,
    }
}

fn regex_years() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::text::regex(
            r"(?i)^(at least |minimum of |min\.? )?(\d+|one|two|three|four|five|six|seven|eight|ten)\s*\+?\s*(-\s*\d+\s*)?(\+\s*)?(years?|yrs?)('s?|’s?)?(\s+of)?",
        )
    })
}

/// Guess the competencies a requirement is about from its words.
fn requirement_competencies(text: &str) -> Vec<String> {
    const MAP: &[(&str, &str)] = &[
        ("lead", "leadership"),
        ("led", "leadership"),
        ("mentor", "leadership"),
        ("coach", "leadership"),
        ("manage", "leadership"),
        ("managing", "leadership"),
        ("own", "initiative"),
        ("ownership", "initiative"),
        ("self", "initiative"),
        ("proactive", "initiative"),
        ("autonom", "initiative"),
        ("customer", "customer_focus"),
        ("client", "customer_focus"),
        ("user", "customer_focus"),
        ("stakeholder", "influence"),
        ("influenc", "influence"),
        ("persua", "influence"),
        ("negotiat", "influence"),
        ("communicat", "communication"),
        ("present", "communication"),
        ("writ", "communication"),
        ("collaborat", "teamwork"),
        ("team", "teamwork"),
        ("cross", "teamwork"),
        ("learn", "learning"),
        ("curio", "learning"),
        ("ambigu", "ambiguity"),
        ("fast", "pressure"),
        ("deadline", "pressure"),
        ("pressure", "pressure"),
        ("prioriti", "planning"),
        ("plan", "planning"),
        ("roadmap", "planning"),
        ("conflict", "conflict"),
        ("adapt", "adaptability"),
        ("change", "adaptability"),
    ];
    let mut out: Vec<String> = Vec::new();
    for w in words(text) {
        for (prefix, comp) in MAP {
            if w.starts_with(prefix) && !out.iter().any(|c| c == comp) {
                out.push((*comp).to_string());
            }
        }
    }
    out
}

/// Generate role-specific practice questions from a posting's requirements,
/// each `(requirement text, importance)`.
///
/// The questions reuse the requirement's own words (boilerplate such as
/// "3+ years of experience with" or "is a plus" removed):
/// - must-have: a behavioural "walk me through a time you used X…" and a
///   situational "how would you approach X in your first months here?";
/// - unspecified: the behavioural one;
/// - nice-to-have: one situational question about getting up to speed on X.
///
/// Ids are stable (`role-<slug>-<n>`) for the same requirement text. Empty or
/// boilerplate-only requirements are skipped.
pub fn role_questions<S: AsRef<str>>(requirements: &[(S, Importance)]) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    let mut ids = BTreeSet::new();
    for (req, importance) in requirements {
        let req = req.as_ref().trim();
        let Some(subject) = requirement_subject(req) else {
            continue;
        };
        let w = *importance;
        let competencies = requirement_competencies(req);
        let key = match &subject {
            Subject::Ability(v) | Subject::Thing(v) => slug(v, 40),
        };
        let key = if key.is_empty() {
            "requirement".to_string()
        } else {
            key
        };
        let mut push = |suffix: &str, kind: Kind, text: String, really: String| {
            let mut id = format!("role-{key}-{suffix}");
            let mut n = 2;
            while ids.contains(&id) {
                id = format!("role-{key}-{suffix}-{n}");
                n += 1;
            }
            ids.insert(id.clone());
            out.push(Question {
                id,
                category: Category::RoleSpecific,
                competencies: competencies.clone(),
                kind,
                text,
                really_asking: really,
                requirement: Some(req.to_string()),
            });
        };
        let must = w == Importance::Must;
        let level = if must {
            "a must-have"
        } else {
            "something the role needs"
        };
        match (&subject, w) {
            (Subject::Ability(v), Importance::Nice) => push(
                "approach",
                Kind::Situational,
                format!("The posting mentions being able to {v}. If that came up in your first months here, how would you go about it?"),
                format!("Whether you can {v} well enough to grow into it, and how you learn what you don't know yet."),
            ),
            (Subject::Thing(x), Importance::Nice) => push(
                "approach",
                Kind::Situational,
                format!("This role would bring you close to {x}. How would you get up to speed on it, and what do you already bring?"),
                format!("Whether {x} would be a quick win or a long ramp-up for you, and how honestly you size it."),
            ),
            (Subject::Ability(v), _) => {
                push(
                    "time",
                    Kind::Behavioural,
                    format!("Tell me about a time you had to {v}. What was the situation, what did you do, and how did it turn out?"),
                    format!("Evidence that you can already {v}: {level}, so they want a real example with a result."),
                );
                if must {
                    push(
                        "approach",
                        Kind::Situational,
                        format!("Here you would need to {v} from early on. How would you approach that in your first months?"),
                        "Whether you can turn past experience into a plan that fits their context, not a generic one.".to_string(),
                    );
                }
            }
            (Subject::Thing(x), _) => {
                let opener = if starts_with_activity(x) {
                    format!("Walk me through a time your work involved {x}.")
                } else {
                    format!("Walk me through a time you used {x} to solve a real problem.")
                };
                push(
                    "time",
                    Kind::Behavioural,
                    format!("{opener} What was at stake, what did you do, and what changed because of it?"),
                    format!("Whether your experience with {x} is hands-on and recent: {level}, so they want depth and a result."),
                );
                if must {
                    push(
                        "approach",
                        Kind::Situational,
                        format!("How would you approach {x} in your first months here?"),
                        format!("Whether you would apply {x} with judgement in their setting: listening first, then a concrete plan."),
                    );
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Story coverage
// ---------------------------------------------------------------------------

/// Normalise a competency tag: lowercase, spaces or hyphens to underscores,
/// and a few common synonyms ("customer service" → `customer_focus`).
pub fn normalise_competency(tag: &str) -> String {
    let t = normalise_tag(tag);
    let mapped = match t.as_str() {
        "customer" | "customer_service" | "customer_obsession" | "client_focus" | "customers" => {
            "customer_focus"
        }
        "lead" | "leading" | "leader" | "leadership_skills" => "leadership",
        "conflicts" | "conflict_resolution" | "disagreement" => "conflict",
        "mistake" | "mistakes" | "failures" | "setback" => "failure",
        "uncertainty" | "ambiguous" => "ambiguity",
        "stress" | "deadline" | "deadlines" | "under_pressure" => "pressure",
        "ownership" | "proactive" | "proactivity" => "initiative",
        "growth_mindset" | "learning_agility" | "curiosity" => "learning",
        "persuasion" | "influencing" | "stakeholder_management" | "stakeholders" => "influence",
        "collaboration" | "team_work" | "team" => "teamwork",
        "adaptation" | "change" | "flexibility" => "adaptability",
        "self_awareness_" | "selfawareness" | "self_reflection" => "self_awareness",
        "prioritisation" | "prioritization" | "organisation" | "organization" => "planning",
        other => return other.to_string(),
    };
    mapped.to_string()
}

/// Which of the bank's competencies ([`COMPETENCIES`]) no story is tagged
/// with, in display order. Tags are normalised first, so `"Customer Focus"`,
/// `"customer-focus"` and `"customer_focus"` are the same.
pub fn competencies_without_story(story_tags: &[Vec<String>]) -> Vec<String> {
    let covered: BTreeSet<String> = story_tags
        .iter()
        .flatten()
        .map(|t| normalise_competency(t))
        .collect();
    COMPETENCIES
        .iter()
        .filter(|c| !covered.contains(**c))
        .map(|c| (*c).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_bank_parses() {
        let bank = QuestionBank::from_yaml(BANK_YAML);
        assert!(bank.is_ok(), "{:?}", bank.err());
    }

    #[test]
    fn subject_strips_boilerplate() {
        assert_eq!(
            requirement_subject("5+ years of experience with Rust and distributed systems."),
            Some(Subject::Thing("Rust and distributed systems".into()))
        );
        assert_eq!(
            requirement_subject("Familiarity with Kubernetes is a plus"),
            Some(Subject::Thing("Kubernetes".into()))
        );
        assert_eq!(
            requirement_subject("Strong ability to explain technical trade-offs to non-engineers"),
            Some(Subject::Ability(
                "explain technical trade-offs to non-engineers".into()
            ))
        );
        assert_eq!(
            requirement_subject("You'll own our billing pipeline"),
            Some(Subject::Ability("own our billing pipeline".into()))
        );
        assert!(starts_with_activity("leading cross-functional teams"));
        assert!(!starts_with_activity("marketing analytics"));
        assert!(!starts_with_activity("Rust"));
        assert!(starts_with_activity("building data pipelines in Python"));
        assert_eq!(
            requirement_subject("Experience with AWS (EC2, S3, Lambda)"),
            Some(Subject::Thing("AWS (EC2, S3, Lambda)".into()))
        );
        assert_eq!(
            requirement_subject("(Kubernetes)"),
            Some(Subject::Thing("Kubernetes".into()))
        );
        assert_eq!(requirement_subject("  "), None);
        assert_eq!(requirement_subject("Required."), None);
    }
}
