//! One template struct per page. Each holds exactly what its page shows
//! (built by the handler from core, store and practice values) and renders
//! it with maud, which escapes every interpolated string.

mod ask;
mod error;
mod follow_up;
mod home;
mod ledger;
mod new_opportunity;
mod opportunity;
mod practice;
mod prepare;
mod profile;
mod stories;
mod transcript;

pub use ask::AskPage;
pub use error::ErrorPage;
pub use follow_up::{FollowUpPage, NoteRow, TopicChoice};
pub use home::{overdue_thank_you, HomePage, HomeRow, Overdue, PER_PAGE};
pub use ledger::LedgerPage;
pub use new_opportunity::{NewOpportunityPage, PostingDraft};
pub use opportunity::OpportunityPage;
pub use practice::{category_label, HearingPage, PracticePage};
pub use prepare::{CheckRow, PreparePage};
pub use profile::ProfilePage;
pub use stories::{StoriesPage, StoryFormPage};
pub use transcript::{transcript_form, TranscriptPage};
