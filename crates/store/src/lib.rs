//! round2's storage: one [`Store`] trait over the concepts of `round2-core`,
//! with an embedded SQLite backend (the default) and a PostgreSQL backend for
//! the team server. The SQL is written once in [`ops`] against the small
//! [`backend::Tx`] seam; each backend supplies connections, transactions and
//! its own migrations.

pub mod backend;
mod error;
mod ops;
pub mod postgres;
pub mod sqlite;
pub mod team;

use chrono::{DateTime, FixedOffset};
use round2_core::prep::PrepFile;
use round2_core::{
    Attempt, ChecklistItem, Id, Interviewer, NewOpportunity, Note, Opportunity, PrepPack, Profile,
    QuestionToAsk, Research, ReviewCard, Round, Story, ThankYouNote, UserQuestion,
};

pub use error::StoreError;
pub use postgres::{MigratedSchemas, PgStore};
pub use sqlite::SqliteStore;
pub use team::{TeamLocation, TeamStore};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A kind of record that can be removed by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Opportunity,
    Research,
    Interviewer,
    Round,
    Note,
    Story,
    QuestionToAsk,
    ChecklistItem,
    ThankYouNote,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub opportunity: Opportunity,
    /// False when the file updated an opportunity already stored.
    pub created: bool,
    pub rounds: usize,
    pub notes: usize,
    pub stories_added: usize,
    pub stories_updated: usize,
}

/// Everything round2 keeps. Every method that changes more than one row does
/// so in one transaction: it happens whole or not at all.
pub trait Store: Send {
    fn profile(&mut self) -> Result<Option<Profile>>;
    fn set_profile(&mut self, profile: &Profile) -> Result<()>;

    fn list_opportunities(&mut self) -> Result<Vec<Opportunity>>;
    /// By slug or numeric id.
    fn opportunity(&mut self, key: &str) -> Result<Opportunity>;
    /// Creates it with a slug made from company and role, unique in the store.
    fn add_opportunity(&mut self, new: &NewOpportunity) -> Result<Opportunity>;
    fn update_opportunity(&mut self, opp: &Opportunity) -> Result<()>;
    /// The opportunity with every record that belongs to it.
    fn pack(&mut self, opp: Id) -> Result<PrepPack>;

    fn add_research(&mut self, opp: Id, research: &Research) -> Result<Id>;
    fn update_research(&mut self, research: &Research) -> Result<()>;

    fn add_interviewer(&mut self, opp: Id, interviewer: &Interviewer) -> Result<Id>;
    fn update_interviewer(&mut self, interviewer: &Interviewer) -> Result<()>;

    /// Adds a round; `round.interviewers` are linked by id.
    fn add_round(&mut self, opp: Id, round: &Round) -> Result<Id>;
    /// Updates a round's fields and its interviewers (by id).
    fn update_round(&mut self, round: &Round) -> Result<()>;

    /// Adds a note; its round, interviewer and story are resolved by number,
    /// name and title within the opportunity.
    fn add_note(&mut self, opp: Id, note: &Note) -> Result<Id>;
    /// Adds several notes in one transaction: all are stored or none.
    fn add_notes(&mut self, opp: Id, notes: &[Note]) -> Result<Vec<Id>>;
    fn update_note(&mut self, opp: Id, note: &Note) -> Result<()>;

    /// The whole story bank, shared by all opportunities.
    fn stories(&mut self) -> Result<Vec<Story>>;
    /// By title or numeric id.
    fn story(&mut self, key: &str) -> Result<Story>;
    fn add_story(&mut self, story: &Story) -> Result<Id>;
    fn update_story(&mut self, story: &Story) -> Result<()>;
    fn link_story(&mut self, opp: Id, story: Id) -> Result<()>;

    fn add_question_to_ask(&mut self, opp: Id, question: &QuestionToAsk) -> Result<Id>;
    fn update_question_to_ask(&mut self, question: &QuestionToAsk) -> Result<()>;

    fn add_checklist_item(&mut self, opp: Id, item: &ChecklistItem) -> Result<Id>;
    fn update_checklist_item(&mut self, item: &ChecklistItem) -> Result<()>;

    /// Creates or replaces the note for (round, interviewer).
    fn save_thank_you(&mut self, opp: Id, note: &ThankYouNote) -> Result<Id>;

    fn remove(&mut self, record: Record, id: Id) -> Result<()>;

    /// Saves a practice attempt.
    fn add_attempt(&mut self, attempt: &Attempt) -> Result<Id>;
    /// Attempts for one opportunity, or all of them, oldest first.
    fn attempts(&mut self, opp: Option<Id>) -> Result<Vec<Attempt>>;
    /// Saves a spoken attempt with its recording (a WAV), in one
    /// transaction: both are stored or neither is. The recording goes when
    /// the attempt does.
    fn add_attempt_with_recording(&mut self, attempt: &Attempt, wav: &[u8]) -> Result<Id>;
    /// The recording kept for an attempt, if any.
    fn recording(&mut self, attempt: Id) -> Result<Option<Vec<u8>>>;
    /// The attempts with a recording kept, with its size in bytes, oldest
    /// first.
    fn recordings(&mut self) -> Result<Vec<(Id, u64)>>;
    /// Deletes an attempt's recording; false when none was kept.
    fn delete_recording(&mut self, attempt: Id) -> Result<bool>;
    /// Creates or replaces the review card of (opportunity, question).
    fn save_card(&mut self, card: &ReviewCard) -> Result<()>;
    fn cards(&mut self, opp: Id) -> Result<Vec<ReviewCard>>;
    /// Adds a question of the user's own to the practice bank.
    fn add_user_question(&mut self, question: &UserQuestion) -> Result<()>;
    fn user_questions(&mut self) -> Result<Vec<UserQuestion>>;

    /// Imports a prep file in one transaction. The opportunity is matched by
    /// the slug of its company and role: a new one is created, an existing one
    /// has its records replaced by the file's. Stories are matched by title
    /// across the bank: existing ones are updated, new ones added.
    fn import(&mut self, file: &PrepFile, now: DateTime<FixedOffset>) -> Result<ImportReport>;

    /// A number that moves whenever another connection (another process,
    /// another `Store`) commits a change: SQLite's `data_version`,
    /// PostgreSQL's WAL position. Only comparisons mean anything; the number
    /// may also move for changes that touch no record of round2's, and
    /// writes through this same store need not move it. Lets a long-running
    /// reader (the web UI) drop what it derived when the data changed under
    /// it.
    fn change_marker(&mut self) -> Result<u64>;

    /// Cached sentence vectors of `model`, by text hash, for those of
    /// `hashes` it has.
    fn embeddings(
        &mut self,
        model: &str,
        hashes: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<f32>>>;
    /// Caches sentence vectors of `model` by text hash; hashes already
    /// cached are left as they are.
    fn put_embeddings(&mut self, model: &str, vectors: &[(String, Vec<f32>)]) -> Result<()>;
}

/// Opens the store a `--db` value names: a `postgres://` (or `postgresql://`)
/// URL, else a SQLite file path.
pub fn open(spec: &str) -> Result<Box<dyn Store>> {
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        Ok(Box::new(PgStore::open(spec)?))
    } else {
        Ok(Box::new(SqliteStore::open(std::path::Path::new(spec))?))
    }
}

/// Every backend is a store: it supplies transactions, [`ops`] the SQL.
impl<B: backend::Backend> Store for B {
    fn profile(&mut self) -> Result<Option<Profile>> {
        self.read(ops::profile)
    }
    fn set_profile(&mut self, profile: &Profile) -> Result<()> {
        self.transact(|tx| ops::set_profile(tx, profile))
    }
    fn list_opportunities(&mut self) -> Result<Vec<Opportunity>> {
        self.read(ops::list_opportunities)
    }
    fn opportunity(&mut self, key: &str) -> Result<Opportunity> {
        self.read(|tx| ops::opportunity(tx, key))
    }
    fn add_opportunity(&mut self, new: &NewOpportunity) -> Result<Opportunity> {
        self.transact(|tx| ops::add_opportunity(tx, new))
    }
    fn update_opportunity(&mut self, opp: &Opportunity) -> Result<()> {
        self.transact(|tx| ops::update_opportunity(tx, opp))
    }
    fn pack(&mut self, opp: Id) -> Result<PrepPack> {
        self.read(|tx| ops::pack(tx, opp))
    }
    fn add_research(&mut self, opp: Id, research: &Research) -> Result<Id> {
        self.transact(|tx| ops::add_research(tx, opp, research))
    }
    fn update_research(&mut self, research: &Research) -> Result<()> {
        self.transact(|tx| ops::update_research(tx, research))
    }
    fn add_interviewer(&mut self, opp: Id, interviewer: &Interviewer) -> Result<Id> {
        self.transact(|tx| ops::add_interviewer(tx, opp, interviewer))
    }
    fn update_interviewer(&mut self, interviewer: &Interviewer) -> Result<()> {
        self.transact(|tx| ops::update_interviewer(tx, interviewer))
    }
    fn add_round(&mut self, opp: Id, round: &Round) -> Result<Id> {
        self.transact(|tx| ops::add_round(tx, opp, round))
    }
    fn update_round(&mut self, round: &Round) -> Result<()> {
        self.transact(|tx| ops::update_round(tx, round))
    }
    fn add_note(&mut self, opp: Id, note: &Note) -> Result<Id> {
        self.transact(|tx| ops::add_note(tx, opp, note))
    }
    fn add_notes(&mut self, opp: Id, notes: &[Note]) -> Result<Vec<Id>> {
        self.transact(|tx| notes.iter().map(|n| ops::add_note(tx, opp, n)).collect())
    }
    fn update_note(&mut self, opp: Id, note: &Note) -> Result<()> {
        self.transact(|tx| ops::update_note(tx, opp, note))
    }
    fn stories(&mut self) -> Result<Vec<Story>> {
        self.read(ops::stories)
    }
    fn story(&mut self, key: &str) -> Result<Story> {
        self.read(|tx| ops::story(tx, key))
    }
    fn add_story(&mut self, story: &Story) -> Result<Id> {
        self.transact(|tx| ops::add_story(tx, story))
    }
    fn update_story(&mut self, story: &Story) -> Result<()> {
        self.transact(|tx| ops::update_story(tx, story))
    }
    fn link_story(&mut self, opp: Id, story: Id) -> Result<()> {
        self.transact(|tx| ops::link_story(tx, opp, story))
    }
    fn add_question_to_ask(&mut self, opp: Id, question: &QuestionToAsk) -> Result<Id> {
        self.transact(|tx| ops::add_question_to_ask(tx, opp, question))
    }
    fn update_question_to_ask(&mut self, question: &QuestionToAsk) -> Result<()> {
        self.transact(|tx| ops::update_question_to_ask(tx, question))
    }
    fn add_checklist_item(&mut self, opp: Id, item: &ChecklistItem) -> Result<Id> {
        self.transact(|tx| ops::add_checklist_item(tx, opp, item))
    }
    fn update_checklist_item(&mut self, item: &ChecklistItem) -> Result<()> {
        self.transact(|tx| ops::update_checklist_item(tx, item))
    }
    fn save_thank_you(&mut self, opp: Id, note: &ThankYouNote) -> Result<Id> {
        self.transact(|tx| ops::save_thank_you(tx, opp, note))
    }
    fn remove(&mut self, record: Record, id: Id) -> Result<()> {
        self.transact(|tx| ops::remove(tx, record, id))
    }
    fn import(&mut self, file: &PrepFile, now: DateTime<FixedOffset>) -> Result<ImportReport> {
        self.transact(|tx| ops::import(tx, file, now))
    }
    fn add_attempt(&mut self, attempt: &Attempt) -> Result<Id> {
        self.transact(|tx| ops::add_attempt(tx, attempt))
    }
    fn attempts(&mut self, opp: Option<Id>) -> Result<Vec<Attempt>> {
        self.read(|tx| ops::attempts(tx, opp))
    }
    fn add_attempt_with_recording(&mut self, attempt: &Attempt, wav: &[u8]) -> Result<Id> {
        self.transact(|tx| {
            let id = ops::add_attempt(tx, attempt)?;
            ops::keep_recording(tx, id, wav)?;
            Ok(id)
        })
    }
    fn recording(&mut self, attempt: Id) -> Result<Option<Vec<u8>>> {
        self.read(|tx| ops::recording(tx, attempt))
    }
    fn recordings(&mut self) -> Result<Vec<(Id, u64)>> {
        self.read(ops::recordings)
    }
    fn delete_recording(&mut self, attempt: Id) -> Result<bool> {
        self.transact(|tx| ops::delete_recording(tx, attempt))
    }
    fn save_card(&mut self, card: &ReviewCard) -> Result<()> {
        self.transact(|tx| ops::save_card(tx, card))
    }
    fn cards(&mut self, opp: Id) -> Result<Vec<ReviewCard>> {
        self.read(|tx| ops::cards(tx, opp))
    }
    fn add_user_question(&mut self, question: &UserQuestion) -> Result<()> {
        self.transact(|tx| ops::add_user_question(tx, question))
    }
    fn user_questions(&mut self) -> Result<Vec<UserQuestion>> {
        self.read(ops::user_questions)
    }
    fn change_marker(&mut self) -> Result<u64> {
        backend::Backend::change_marker(self)
    }
    fn embeddings(
        &mut self,
        model: &str,
        hashes: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<f32>>> {
        self.read(|tx| ops::embeddings(tx, model, hashes))
    }
    fn put_embeddings(&mut self, model: &str, vectors: &[(String, Vec<f32>)]) -> Result<()> {
        self.transact(|tx| ops::put_embeddings(tx, model, vectors))
    }
}
