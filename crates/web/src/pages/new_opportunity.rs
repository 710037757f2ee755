//! New opportunity: paste a posting with company and role, or upload a prep
//! file (YAML or JSON).

use maud::{html, Markup};
use round2_core::Stage;

use crate::layout::{self, csrf_field, Page, Section};

/// What was typed into the posting form, shown again when it was refused.
#[derive(Debug, Clone, Default)]
pub struct PostingDraft {
    pub company: String,
    pub role: String,
    pub url: String,
    pub read_url: bool,
    pub stage: String,
    pub job_description: String,
}

/// The page with both forms. After a refused submission it comes back with
/// what was typed (`draft`, or `prep_text` for the import) and why
/// (`error`), so a pasted posting is never lost to a typo.
pub struct NewOpportunityPage {
    pub csrf: String,
    pub draft: PostingDraft,
    pub prep_text: String,
    /// The refusal, and which form it is about (`true`: the import).
    pub error: Option<(String, bool)>,
}

impl NewOpportunityPage {
    pub fn blank(csrf: String) -> Self {
        NewOpportunityPage {
            csrf,
            draft: PostingDraft::default(),
            prep_text: String::new(),
            error: None,
        }
    }

    fn error_for(&self, import: bool) -> Markup {
        html! {
            @if let Some((message, for_import)) = &self.error {
                @if *for_import == import {
                    p.form-error role="alert" id=(if import { "import-error" } else { "posting-error" }) {
                        strong { "Not saved: " } (message)
                    }
                }
            }
        }
    }
}

impl Page for NewOpportunityPage {
    fn title(&self) -> String {
        "New opportunity".into()
    }

    fn section(&self) -> Section {
        Section::New
    }

    fn content(&self) -> Markup {
        let stages = Stage::ALL.iter().map(|s| (s.as_str(), s.as_str()));
        let d = &self.draft;
        let stage = if d.stage.is_empty() {
            Stage::Round2.as_str()
        } else {
            d.stage.as_str()
        };
        html! {
            h1 { "New opportunity" }
            div.two-columns {
                section aria-labelledby="paste-h" {
                    h2 #paste-h { "Paste a posting" }
                    (self.error_for(false))
                    form #new-opportunity method="post" action="/opportunities" {
                        (csrf_field(&self.csrf))
                        p.field {
                            label for="company" { "Company" }
                            input #company type="text" name="company" required autocomplete="organization" value=(d.company);
                        }
                        p.field {
                            label for="role" { "Role" }
                            input #role type="text" name="role" required value=(d.role);
                        }
                        p.field {
                            label for="url" { "Posting URL " span.hint { "(optional)" } }
                            input #url type="url" name="url" inputmode="url" value=(d.url);
                        }
                        p.field.check {
                            input #read_url type="checkbox" name="read_url" value="on" checked[d.read_url];
                            " "
                            label for="read_url" { "Read the posting from this link (when the box below is empty)" }
                        }
                        p.field {
                            label for="stage" { "Stage" }
                            (layout::select("stage", "stage", stages, Some(stage)))
                        }
                        p.field {
                            label for="job_description" { "Job posting" }
                            span.hint #jd-hint { "Paste the whole posting: round2 reads its requirements for role questions." }
                            textarea #job_description name="job_description" rows="14" aria-describedby="jd-hint" { (d.job_description) }
                        }
                        button type="submit" { "Create opportunity" }
                    }
                    h2 #page-h { "Or upload a page saved from your browser" }
                    p.hint { "In the browser: File › Save page as… (HTML). round2 reads the page's main text; "
                        "the company and role default to what the page names." }
                    form #from-page method="post" action="/opportunities/page" enctype="multipart/form-data" {
                        (csrf_field(&self.csrf))
                        p.field {
                            label for="page-file" { "Saved page" }
                            input #page-file type="file" name="page" accept=".html,.htm,text/html" required;
                        }
                        p.field {
                            label for="page-company" { "Company " span.hint { "(optional)" } }
                            input #page-company type="text" name="company" autocomplete="organization";
                        }
                        p.field {
                            label for="page-role" { "Role " span.hint { "(optional)" } }
                            input #page-role type="text" name="role";
                        }
                        button type="submit" { "Create from the page" }
                    }
                }
                section aria-labelledby="upload-h" {
                    h2 #upload-h { "Or upload a prep file" }
                    p { "A prep file (YAML or JSON, " code { "version: 1" } ") holds an opportunity with its rounds, "
                        "interviewers, notes and stories; " code { "round2 export" } " writes one. "
                        "Importing an opportunity that already exists replaces its records with the file's." }
                    (self.error_for(true))
                    form #import method="post" action="/import" enctype="multipart/form-data" {
                        (csrf_field(&self.csrf))
                        p.field {
                            label for="prep_file" { "Prep file" }
                            input #prep_file type="file" name="prep_file" accept=".yaml,.yml,.json,application/json,text/yaml";
                        }
                        p.field {
                            label for="prep_text" { "…or paste its text" }
                            textarea #prep_text name="prep_text" rows="8" { (self.prep_text) }
                        }
                        button type="submit" { "Import" }
                    }
                }
            }
        }
    }
}
