//! round2-coverage: the coverage ledger and story ranking.
//!
//! - [`Scorer`] scores how well a text (a note, a story) shows a query (a
//!   requirement, a question); [`LexicalScorer`] is the default, with no
//!   model: stems, the lexicon's synonyms and a table of related terms,
//!   weighted by IDF over the texts compared.
//! - [`ledger`] gives each requirement of a posting a status, addressed,
//!   story or gap, with its evidence; [`Ledger`] serializes to
//!   `{"round": 2, "requirements": [{"text", "importance", "status",
//!   "evidence": [{"kind", "id", "excerpt", "score", "why"}]}]}`.
//! - [`rank_stories`] ranks STAR stories against a question, with the reason.

mod ledger;
mod rank;
mod related;
mod scorer;
mod semantic;
mod text;

pub use ledger::{
    ledger, signals, Decision, Evidence, EvidenceKind, Ledger, Rule, Signals, Verdict,
    NOTE_THRESHOLD, STORY_THRESHOLD,
};
pub use rank::{fused_order, rank_signals, rank_stories, RankSignals, RankedStory};
pub use scorer::{FittedLexical, LexicalScorer, Match, MatchedTerm, Relation, Scorer};
pub use semantic::{
    cosine, texts_to_embed, Blend, RankVectors, SemanticScorer, Vectors, LARGE_RANKING_MODEL,
};
