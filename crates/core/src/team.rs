//! The team server's concepts: the people of a team (candidates, coaches,
//! admins), what a candidate shares with a coach, and what a coach leaves on
//! a shared opportunity (comments, assigned practice, a review mark). Each
//! read a coach makes of a candidate's records is an [`AuditEntry`] the
//! candidate can see.
//!
//! Times here are Unix seconds (UTC): they are compared (expiry, windows of
//! login attempts), never shown in the candidate's own time zone.

use serde::{Deserialize, Serialize};

use crate::Id;

/// What a team member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Keeps their own records and decides who sees them.
    Candidate,
    /// A career coach or recruiter: reads what is shared with them,
    /// comments, assigns practice; never changes a candidate's records.
    Coach,
    /// Manages the accounts; reads no candidate's records unless shared.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Candidate, Role::Coach, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Coach => "coach",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether records of other people can be shared with this role.
    pub fn reviews(self) -> bool {
        matches!(self, Role::Coach | Role::Admin)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A team member. The password hash is kept apart (never in this type, so
/// never in a log or a `Debug` print).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Id,
    /// Lowercased; unique in the team.
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: i64,
}

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// One opportunity of a candidate shared with a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    pub candidate: Id,
    pub slug: String,
    pub coach: Id,
    pub shared_at: i64,
    /// When the coach last marked the pack reviewed.
    pub reviewed_at: Option<i64>,
}

/// What a comment is about, within one shared opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "lowercase")]
pub enum Target {
    /// The whole prep pack.
    Pack,
    /// A requirement of the posting, by its text (stable while the posting is).
    Requirement(String),
    /// A note, by id.
    Note(Id),
    /// A story, by id.
    Story(Id),
    /// A practice attempt, by id.
    Attempt(Id),
    /// A thank-you draft, by "round/interviewer".
    Draft(String),
}

impl Target {
    /// The stored form, `kind:key`.
    pub fn encode(&self) -> String {
        match self {
            Target::Pack => "pack".to_string(),
            Target::Requirement(t) => format!("requirement:{t}"),
            Target::Note(id) => format!("note:{id}"),
            Target::Story(id) => format!("story:{id}"),
            Target::Attempt(id) => format!("attempt:{id}"),
            Target::Draft(k) => format!("draft:{k}"),
        }
    }

    /// Reads [`Target::encode`]'s form; `None` for anything else.
    pub fn decode(s: &str) -> Option<Target> {
        if s == "pack" {
            return Some(Target::Pack);
        }
        let (kind, key) = s.split_once(':')?;
        let id = || key.parse::<Id>().ok();
        match kind {
            "requirement" if !key.trim().is_empty() => Some(Target::Requirement(key.to_string())),
            "note" => id().map(Target::Note),
            "story" => id().map(Target::Story),
            "attempt" => id().map(Target::Attempt),
            "draft" if !key.trim().is_empty() => Some(Target::Draft(key.to_string())),
            _ => None,
        }
    }

    /// How the target is named to a reader.
    pub fn label(&self) -> String {
        match self {
            Target::Pack => "the prep pack".to_string(),
            Target::Requirement(t) => format!("requirement \u{201c}{t}\u{201d}"),
            Target::Note(id) => format!("note {id}"),
            Target::Story(id) => format!("story {id}"),
            Target::Attempt(id) => format!("practice attempt {id}"),
            Target::Draft(k) => format!("thank-you draft {k}"),
        }
    }
}

/// A comment on a shared opportunity, by its coach or (a reply) by the
/// candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: Id,
    pub candidate: Id,
    pub slug: String,
    pub target: Target,
    pub author: Id,
    pub author_name: String,
    pub body: String,
    /// The comment this one answers.
    pub reply_to: Option<Id>,
    pub at: i64,
}

/// A comment to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub candidate: Id,
    pub slug: String,
    pub target: Target,
    pub author: Id,
    pub body: String,
    pub reply_to: Option<Id>,
}

/// A practice question a coach assigns, with the day it is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub id: Id,
    pub candidate: Id,
    pub slug: String,
    pub coach: Id,
    pub coach_name: String,
    pub question: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub at: i64,
}

/// An assignment to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssignment {
    pub candidate: Id,
    pub slug: String,
    pub coach: Id,
    pub question: String,
    pub due: String,
}

/// One read (or action) of a reviewer on a candidate's records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub candidate: Id,
    pub actor: Id,
    pub actor_name: String,
    /// "read", "comment", "assign", "review", "share", "unshare".
    pub action: String,
    /// What was read: the opportunity's slug and the page.
    pub subject: String,
    pub at: i64,
}

/// A login session: the browser holds the token, the store its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub user: Id,
    /// The CSRF token of this session's forms.
    pub csrf: String,
    pub created_at: i64,
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_and_refuse_junk() {
        for t in [
            Target::Pack,
            Target::Requirement("SQL: joins".into()),
            Target::Note(7),
            Target::Story(2),
            Target::Attempt(30),
            Target::Draft("2/Dana Reyes".into()),
        ] {
            assert_eq!(Target::decode(&t.encode()), Some(t));
        }
        for junk in ["", "note:x", "story:", "requirement: ", "what:1", "pack:1"] {
            assert_eq!(Target::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn roles_parse_by_name() {
        assert_eq!(Role::parse(" Coach "), Some(Role::Coach));
        assert_eq!(Role::parse("recruiter"), None);
        assert!(Role::Coach.reviews() && !Role::Candidate.reviews());
    }
}
