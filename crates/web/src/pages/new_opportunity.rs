//! New opportunity: paste a posting with company and role, or upload a prep
//! file (YAML or JSON).

use maud::{html, Markup};
use round2_core::Stage;

use crate::layout::{self, csrf_field, Page, Section};

/// The page with both forms.
pub struct NewOpportunityPage {
    pub csrf: String,
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
        html! {
            h1 { "New opportunity" }
            div.two-columns {
                section aria-labelledby="paste-h" {
                    h2 #paste-h { "Paste a posting" }
                    form #new-opportunity method="post" action="/opportunities" {
                        (csrf_field(&self.csrf))
                        p.field {
                            label for="company" { "Company" }
                            input #company type="text" name="company" required autocomplete="organization";
                        }
                        p.field {
                            label for="role" { "Role" }
                            input #role type="text" name="role" required;
                        }
                        p.field {
                            label for="url" { "Posting URL " span.hint { "(optional)" } }
                            input #url type="url" name="url" inputmode="url";
                        }
                        p.field {
                            label for="stage" { "Stage" }
                            (layout::select("stage", "stage", stages, Some(Stage::Round2.as_str())))
                        }
                        p.field {
                            label for="job_description" { "Job posting" }
                            span.hint #jd-hint { "Paste the whole posting: round2 reads its requirements for role questions." }
                            textarea #job_description name="job_description" rows="14" aria-describedby="jd-hint" {}
                        }
                        button type="submit" { "Create opportunity" }
                    }
                }
                section aria-labelledby="upload-h" {
                    h2 #upload-h { "Or upload a prep file" }
                    p { "A prep file (YAML or JSON, " code { "version: 1" } ") holds an opportunity with its rounds, "
                        "interviewers, notes and stories; " code { "round2 export" } " writes one. "
                        "Importing an opportunity that already exists replaces its records with the file's." }
                    form #import method="post" action="/import" enctype="multipart/form-data" {
                        (csrf_field(&self.csrf))
                        p.field {
                            label for="prep_file" { "Prep file" }
                            input #prep_file type="file" name="prep_file" accept=".yaml,.yml,.json,application/json,text/yaml";
                        }
                        p.field {
                            label for="prep_text" { "…or paste its text" }
                            textarea #prep_text name="prep_text" rows="8" {}
                        }
                        button type="submit" { "Import" }
                    }
                }
            }
        }
    }
}
