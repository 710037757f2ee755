//! Errors of the practice crate.
//!
//! Every fallible public function returns [`PracticeError`]; nothing in this
//! crate panics on user input.

use thiserror::Error;

/// What can go wrong when loading or extending practice data.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PracticeError {
    /// A question (or question to ask) data file could not be parsed.
    #[error("could not read the {what} data: {message}")]
    Data {
        /// Which data set failed ("question bank", "questions to ask").
        what: &'static str,
        /// The parser's message.
        message: String,
    },
    /// A question with this id is already in the bank.
    #[error("a question with id `{0}` is already in the bank")]
    DuplicateId(String),
    /// A question was given without an id or without text.
    #[error("question is missing its {0}")]
    MissingField(&'static str),
    /// A category, kind, rating, theme, priority or audience name was not recognised.
    #[error("unknown {what} `{value}` (expected one of: {expected})")]
    Unknown {
        /// What kind of name it was meant to be.
        what: &'static str,
        /// The value given.
        value: String,
        /// The accepted values, comma separated.
        expected: String,
    },
}
