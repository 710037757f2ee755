//! One template struct per page. Each holds exactly what its page shows
//! (built by the handler from core, store and practice values) and renders
//! it with maud, which escapes every interpolated string.

mod ask;
mod error;
mod home;
mod new_opportunity;
mod opportunity;
mod practice;
mod stories;

pub use ask::AskPage;
pub use error::ErrorPage;
pub use home::{overdue_thank_you, HomePage, HomeRow, Overdue};
pub use new_opportunity::NewOpportunityPage;
pub use opportunity::{note_kind_label, OpportunityPage};
pub use practice::{category_label, PracticePage};
pub use stories::{StoriesPage, StoryFormPage};
