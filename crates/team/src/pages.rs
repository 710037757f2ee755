//! The team's own pages (login, homes, the shared prep pack, the audit
//! log), in the local UI's stylesheet. maud escapes every interpolated
//! string, so what a candidate or coach wrote is inert here.

use maud::{html, Markup, DOCTYPE};
use round2_core::team::{Assignment, AuditEntry, Comment, Role, Share, Target, User};
use round2_core::LedgerStatus;
use round2_core::{Attempt, Opportunity, PrepPack};
use round2_coverage::Ledger;
use round2_web::layout::csrf_field;

use crate::handlers::{Member, SharedRow};

/// The footer's words on the team server's pages.
pub const FOOTER_WORDS: &str = "Your records are kept on this team server; a coach reads an \
opportunity only after you share it, and every read is in your audit log. ";

/// A team time (Unix seconds, UTC) as the local UI writes times.
fn when(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| round2_web::layout::when(&d.fixed_offset()))
        .unwrap_or_default()
}

fn frame(title: &str, m: Option<&Member>, content: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · round2 team" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href=(if m.is_some() { "/team" } else { "/login" }) { "round2 team" }
                    @if let Some(m) = m {
                        nav aria-label="Main" {
                            ul {
                                @if m.user.role == Role::Candidate {
                                    li { a href="/" { "My opportunities" } }
                                }
                                (maud::PreEscaped(team_nav(m)))
                            }
                        }
                    }
                }
                main #main tabindex="-1" { (content) }
                footer.site { p { (FOOTER_WORDS) } }
            }
        }
    }
    .into_string()
}

/// The team's links in a page's navigation: its home, the audit log (a
/// candidate's), who is logged in, log out.
pub fn team_nav(m: &Member) -> String {
    html! {
        li { a href="/team" { "Team" } }
        @if m.user.role == Role::Candidate {
            li { a href="/team/audit" { "Who read my prep" } }
        }
        li {
            form.inline method="post" action="/logout" {
                (csrf_field(&m.csrf))
                button.secondary type="submit" { "Log out " (m.user.name) }
            }
        }
    }
    .into_string()
}

/// At the top of a candidate's opportunity page: what their coaches left
/// on it, with a link to read and reply. Empty when nothing.
pub fn coach_notice(candidate: i64, comments: &[Comment], assignments: &[Assignment]) -> String {
    let Some(slug) = comments
        .first()
        .map(|c| c.slug.as_str())
        .or_else(|| assignments.first().map(|a| a.slug.as_str()))
    else {
        return String::new();
    };
    let from_coaches = comments.iter().filter(|c| c.author != candidate).count();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    html! {
        p.notice role="status" {
            "Your coaches left " (plural(from_coaches, "comment", "comments"))
            " and assigned " (plural(assignments.len(), "practice question", "practice questions"))
            " on this opportunity. "
            a href=(format!("/team/c/{candidate}/o/{slug}")) { "Read and reply" }
        }
    }
    .into_string()
}

/// A page that only says something (errors).
pub fn message(title: &str, text: &str, m: Option<&Member>) -> String {
    frame(
        title,
        m,
        html! {
            section.error {
                h1 { (title) }
                p.message { (text) }
                p { a href="/team" { "Back to the team page" } }
            }
        },
    )
}

pub fn login(error: Option<&str>) -> String {
    frame(
        "Log in",
        None,
        html! {
            h1 { "Log in" }
            @if let Some(e) = error {
                p.alert role="alert" { (e) }
            }
            form method="post" action="/login" {
                div.field {
                    label for="email" { "Email" }
                    input #email type="email" name="email" autocomplete="username" required;
                }
                div.field {
                    label for="password" { "Password" }
                    input #password type="password" name="password" autocomplete="current-password" required;
                }
                button type="submit" { "Log in" }
            }
        },
    )
}

/// The page an invitation link opens: choose a password.
pub fn invitation(user: &User, token: &str, error: Option<&str>) -> String {
    frame(
        "Choose a password",
        None,
        html! {
            h1 { "Welcome, " (user.name) }
            p { "You were invited to this round2 team as a " (user.role) " (" (user.email) "). Choose a password to log in; this link then stops working." }
            @if let Some(e) = error {
                p.alert role="alert" { (e) }
            }
            form method="post" action=(format!("/invite/{token}")) {
                div.field {
                    label for="password" { "Password " span.hint { "(at least " (crate::auth::MIN_PASSWORD_CHARS) " characters)" } }
                    input #password type="password" name="password" autocomplete="new-password" required minlength=(crate::auth::MIN_PASSWORD_CHARS);
                }
                div.field {
                    label for="again" { "The same password again" }
                    input #again type="password" name="again" autocomplete="new-password" required;
                }
                button type="submit" { "Set password and log in" }
            }
        },
    )
}

/// What an admin sees after inviting someone: the link to send.
pub fn invited(m: &Member, user: &User, link: &str) -> String {
    frame(
        "Invited",
        Some(m),
        html! {
            h1 { "Invited " (user.name) }
            p { "Send " (user.email) " this link (it works once, for seven days; the path is on this server's address):" }
            p { code { (link) } }
            p { a href="/team" { "Back to the team page" } }
        },
    )
}

pub fn candidate_home(
    m: &Member,
    opps: &[Opportunity],
    shares: &[Share],
    assignments: &[Assignment],
    coaches: &[User],
) -> String {
    let coach_name = |id| {
        coaches
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| format!("user {id}"), |c| c.name.clone())
    };
    frame(
        "Team",
        Some(m),
        html! {
            h1 { "Sharing and coaching" }
            p { "Your opportunities are private until you share one with a coach. Unsharing takes effect at once." }
            @if opps.is_empty() {
                p.empty { "No opportunities yet. " a href="/opportunities/new" { "Add one" } "." }
            }
            @for o in opps {
                section.round {
                    h2 { (o.company) " — " (o.role) }
                    p {
                        a href=(format!("/o/{}", o.slug)) { "Open" }
                        " · "
                        a href=(format!("/team/c/{}/o/{}", m.user.id, o.slug)) { "Comments and assignments" }
                    }
                    @let mine: Vec<&Share> = shares.iter().filter(|s| s.slug == o.slug).collect();
                    @if mine.is_empty() {
                        p.meta { "Shared with no one." }
                    } @else {
                        ul {
                            @for s in mine {
                                li {
                                    "Shared with " (coach_name(s.coach)) " since " (when(s.shared_at))
                                    @if let Some(r) = s.reviewed_at { " · reviewed " (when(r)) }
                                    " "
                                    form.inline method="post" action="/team/unshare" {
                                        (csrf_field(&m.csrf))
                                        input type="hidden" name="slug" value=(o.slug);
                                        input type="hidden" name="coach" value=(s.coach);
                                        button.secondary type="submit" { "Unshare" }
                                    }
                                }
                            }
                        }
                    }
                    form.inline method="post" action="/team/share" {
                        (csrf_field(&m.csrf))
                        input type="hidden" name="slug" value=(o.slug);
                        label for=(format!("coach-{}", o.slug)) { "Share with (coach's email)" }
                        input id=(format!("coach-{}", o.slug)) type="email" name="coach" required list="coaches";
                        button type="submit" { "Share" }
                    }
                }
            }
            datalist #coaches {
                @for c in coaches { option value=(c.email) { (c.name) } }
            }
            h2 #assignments { "Practice your coaches assigned" }
            @if assignments.is_empty() {
                p.meta { "None yet." }
            } @else {
                p { "These are in your " a href="/practice" { "practice queue" } "." }
                table {
                    thead { tr { th { "Due" } th { "Question" } th { "Opportunity" } th { "From" } } }
                    tbody {
                        @for a in assignments {
                            tr { td { (a.due) } td { (a.question) } td { (a.slug) } td { (a.coach_name) } }
                        }
                    }
                }
            }
        },
    )
}

pub fn reviewer_home(m: &Member, rows: &[SharedRow], users: Option<&[User]>) -> String {
    frame(
        "Team",
        Some(m),
        html! {
            h1 { "Shared with you" }
            @if rows.is_empty() {
                p.empty { "No candidate has shared an opportunity with you yet." }
            } @else {
                table {
                    thead { tr { th { "Candidate" } th { "Opportunity" } th { "Readiness" } th { "Next round" } th { "Reviewed" } } }
                    tbody {
                        @for r in rows {
                            tr {
                                td { (r.candidate.name) }
                                td {
                                    @if let Some(label) = &r.label {
                                        a href=(format!("/team/c/{}/o/{}", r.share.candidate, r.share.slug)) { (label) }
                                    } @else {
                                        (r.share.slug) " (no longer in their records)"
                                    }
                                }
                                td { @if let Some(x) = r.readiness { (format!("{:.0}%", x * 100.0)) } }
                                td { (r.next_round.as_deref().unwrap_or("none planned")) }
                                td { @if let Some(at) = r.share.reviewed_at { (when(at)) } @else { "not yet" } }
                            }
                        }
                    }
                }
            }
            @if let Some(users) = users {
                h2 { "Accounts" }
                form method="post" action="/team/users" {
                    (csrf_field(&m.csrf))
                    fieldset {
                        legend { "Invite someone" }
                        div.row {
                            div.field { label for="new-email" { "Email" } input #new-email type="email" name="email" required; }
                            div.field { label for="new-name" { "Name" } input #new-name type="text" name="name" required; }
                            div.field {
                                label for="new-role" { "Role" }
                                select #new-role name="role" {
                                    option value="candidate" { "candidate" }
                                    option value="coach" { "coach or recruiter" }
                                    option value="admin" { "admin" }
                                }
                            }
                        }
                        button type="submit" { "Invite" }
                    }
                }
                table {
                    thead { tr { th { "Name" } th { "Email" } th { "Role" } th { "State" } th {} } }
                    tbody {
                        @for u in users {
                            tr {
                                td { (u.name) } td { (u.email) } td { (u.role) }
                                td { (if u.disabled { "disabled" } else { "active" }) }
                                td {
                                    @if u.id != m.user.id {
                                        form.inline method="post" action=(format!("/team/users/{}/{}", u.id, if u.disabled { "enable" } else { "disable" })) {
                                            (csrf_field(&m.csrf))
                                            button.secondary type="submit" { (if u.disabled { "Enable" } else { "Disable" }) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn audit(m: &Member, log: &[AuditEntry]) -> String {
    frame(
        "Who read my prep",
        Some(m),
        html! {
            h1 { "Who read my prep" }
            p { "Every time a coach opened one of your shared opportunities, commented, assigned practice or marked it reviewed; and every share and unshare." }
            @if log.is_empty() {
                p.empty { "Nothing yet." }
            } @else {
                table {
                    thead { tr { th { "When" } th { "Who" } th { "What" } th { "On" } } }
                    tbody {
                        @for e in log {
                            tr { td { (when(e.at)) } td { (e.actor_name) } td { (e.action) } td { (e.subject) } }
                        }
                    }
                }
            }
        },
    )
}

/// What the shared prep pack page shows.
pub struct PackView<'a> {
    pub member: &'a Member,
    pub owner: &'a User,
    /// The asker is a reviewer (else the candidate themself).
    pub reviewer: bool,
    pub pack: &'a PrepPack,
    pub ledger: &'a Ledger,
    pub attempts: &'a [Attempt],
    pub comments: &'a [Comment],
    pub assignments: &'a [Assignment],
    pub share: Option<&'a Share>,
    pub judged_by_meaning: bool,
}

impl PackView<'_> {
    fn base(&self) -> String {
        format!("/team/c/{}/o/{}", self.owner.id, self.pack.opportunity.slug)
    }

    /// The comments on `target`, each with its replies, and a form: a new
    /// comment for the reviewer, replies for the candidate.
    fn thread(&self, target: &Target) -> Markup {
        let top: Vec<&Comment> = self
            .comments
            .iter()
            .filter(|c| &c.target == target && c.reply_to.is_none())
            .collect();
        let m = self.member;
        let action = format!("{}/comments", self.base());
        html! {
            @if !top.is_empty() {
                ul.notes.comments {
                    @for c in &top {
                        li.note {
                            p.who { (c.author_name) ", " (when(c.at)) }
                            p.note-text { (c.body) }
                            @for r in self.comments.iter().filter(|r| r.reply_to == Some(c.id)) {
                                blockquote {
                                    p.who { (r.author_name) " replied, " (when(r.at)) }
                                    p.note-text { (r.body) }
                                }
                            }
                            @if !self.reviewer {
                                details.add {
                                    summary { "Reply" }
                                    form method="post" action=(action) {
                                        (csrf_field(&m.csrf))
                                        input type="hidden" name="target" value=(target.encode());
                                        input type="hidden" name="reply_to" value=(c.id);
                                        label for=(format!("reply-{}", c.id)) { "Your reply" }
                                        textarea id=(format!("reply-{}", c.id)) name="body" rows="2" required {}
                                        button type="submit" { "Reply" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if self.reviewer {
                details.add {
                    summary { "Comment" }
                    form method="post" action=(action) {
                        (csrf_field(&m.csrf))
                        input type="hidden" name="target" value=(target.encode());
                        label { "Comment on " (target.label())
                            textarea name="body" rows="2" required {} }
                        button type="submit" { "Post comment" }
                    }
                }
            }
        }
    }
}

/// The suggestions stored with a practice attempt's feedback: what to do,
/// and the measurement behind it.
fn suggestions(feedback: &serde_json::Value) -> Vec<(String, String)> {
    let text = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_string()
    };
    feedback
        .get("suggestions")
        .and_then(|s| s.as_array())
        .map(|all| {
            all.iter()
                .map(|s| (text(s, "text"), text(s, "why")))
                .filter(|(t, _)| !t.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn status_label(s: LedgerStatus) -> &'static str {
    match s {
        LedgerStatus::Addressed => "addressed",
        LedgerStatus::Story => "needs a story",
        LedgerStatus::Gap => "gap",
    }
}

pub fn pack(v: &PackView<'_>) -> String {
    let o = &v.pack.opportunity;
    let m = v.member;
    let base = v.base();
    let title = format!("{} — {}", o.company, o.role);
    frame(
        &title,
        Some(m),
        html! {
            h1 { (title) }
            p.meta {
                (v.owner.name) "'s prep pack · stage " (o.stage.as_str())
                " · readiness " (format!("{:.0}%", v.ledger.readiness() * 100.0))
                " (round " (v.ledger.round) ", judged by "
                (if v.judged_by_meaning { "meaning and words" } else { "words alone: no sentence model is installed on this server" }) ")"
            }
            @if v.reviewer {
                p.notice { "You are reading " (v.owner.name) "'s records. You can comment and assign practice; you cannot change their records. This visit is in their audit log." }
                div.toolbar {
                    form.inline method="post" action=(format!("{base}/reviewed")) {
                        (csrf_field(&m.csrf))
                        button type="submit" { "Mark this pack reviewed" }
                    }
                    @if let Some(at) = v.share.and_then(|s| s.reviewed_at) {
                        span.meta { "You marked it reviewed " (when(at)) "." }
                    }
                }
            } @else {
                p { a href=(format!("/o/{}", o.slug)) { "Open it in your records" } }
            }

            section #comments {
                h2 { "On the whole pack" }
                (v.thread(&Target::Pack))
            }

            section {
                h2 { "Coverage ledger" }
                @if v.ledger.requirements.is_empty() {
                    p.empty { "The posting has no requirements round2 could read." }
                }
                @for r in &v.ledger.requirements {
                    div.round {
                        h3 { (r.text) }
                        p.meta { span.stage { (status_label(r.status)) } " " (r.why) }
                        @if !r.evidence.is_empty() {
                            ul {
                                @for e in &r.evidence {
                                    li {
                                        (e.excerpt)
                                        span.hint { " — " (e.why) @if !e.counted { " (not counted)" } }
                                    }
                                }
                            }
                        }
                        (v.thread(&Target::Requirement(r.text.clone())))
                    }
                }
            }

            section {
                h2 { "Notes from the rounds" }
                @if v.pack.notes.is_empty() { p.empty { "No notes yet." } }
                @for round in &v.pack.rounds {
                    @let notes: Vec<_> = v.pack.notes.iter().filter(|n| n.round == round.number).collect();
                    @if !notes.is_empty() {
                        h3 { "Round " (round.number) " (" (round.kind) ")" }
                        ul.notes {
                            @for n in notes {
                                li.note {
                                    span.kind { (n.kind.label()) }
                                    @if let Some(who) = &n.interviewer { span.who { " " (who) } }
                                    p.note-text { (n.text) }
                                    (v.thread(&Target::Note(n.id)))
                                }
                            }
                        }
                    }
                }
            }

            section {
                h2 { "Stories" }
                @if v.pack.stories.is_empty() { p.empty { "No stories linked to this opportunity." } }
                @for s in &v.pack.stories {
                    div.round {
                        h3 { (s.title) }
                        dl {
                            dt { "Situation" } dd { (s.situation) }
                            dt { "Task" } dd { (s.task) }
                            dt { "Action" } dd { (s.action) }
                            dt { "Result" } dd { (s.result) }
                        }
                        (v.thread(&Target::Story(s.id)))
                    }
                }
            }

            section {
                h2 { "Practice" }
                @if v.attempts.is_empty() { p.empty { "No practice answers for this opportunity yet." } }
                @for a in v.attempts {
                    div.round {
                        h3 { (a.question) }
                        p.meta { (round2_web::layout::when(&a.at)) ", " (a.seconds) " s"
                            @if let Some(r) = &a.rating { ", rated " (r) } }
                        p.note-text { (a.answer) }
                        @let tips = suggestions(&a.feedback);
                        @if !tips.is_empty() {
                            p.meta { "round2's feedback:" }
                            ul {
                                @for (text, why) in &tips {
                                    li { (text) @if !why.is_empty() { span.hint { " (" (why) ")" } } }
                                }
                            }
                        }
                        (v.thread(&Target::Attempt(a.id)))
                    }
                }
            }

            section {
                h2 { "Thank-you drafts" }
                @if v.pack.thank_you.is_empty() { p.empty { "No drafts saved yet." } }
                @for t in &v.pack.thank_you {
                    div.round {
                        h3 { "Round " (t.round) ", to " (t.interviewer) }
                        @if t.sent_at.is_some() { p.meta { "Sent." } }
                        p.note-text { (t.body) }
                        (v.thread(&Target::Draft(format!("{}/{}", t.round, t.interviewer))))
                    }
                }
            }

            section #assignments {
                h2 { "Assigned practice" }
                @if v.assignments.is_empty() { p.meta { "None yet." } }
                ul {
                    @for a in v.assignments {
                        li { (a.question) " — due " (a.due) ", from " (a.coach_name) }
                    }
                }
                @if v.reviewer {
                    form method="post" action=(format!("{base}/assignments")) {
                        (csrf_field(&m.csrf))
                        div.row {
                            div.field {
                                label for="question" { "Question to practise" }
                                input #question type="text" name="question" required;
                            }
                            div.field {
                                label for="due" { "Due" }
                                input #due type="date" name="due" required;
                            }
                        }
                        button type="submit" { "Assign" }
                    }
                }
            }
        },
    )
}
