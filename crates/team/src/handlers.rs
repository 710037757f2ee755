//! The team server's handlers: thin, like the local UI's. Each checks who
//! asks (the session the guard found), decides access in [`access`], calls
//! the team store or the candidate's store, and answers one page.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use round2_core::team::{NewAssignment, NewComment, Role, Session, Share, Target, User};
use round2_core::{Id, PrepPack};
use round2_store::{StoreError, TeamStore};
use round2_web::security::HasCsrf;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tower::ServiceExt as _;

use crate::auth;
use crate::pages;
use crate::{on_store, TeamState};

/// Why a team request failed; each is a status and a page saying what to do.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// Nothing there, or nothing this user may see (answered the same).
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadInput(String),
    /// Not logged in.
    #[error("log in first")]
    LoggedOut,
    /// Logged in, but this is not for your role.
    #[error("{0}")]
    Forbidden(String),
    #[error("this form is from another session or another site; reload the page and submit again")]
    Csrf,
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl TeamError {
    pub(crate) fn internal(message: impl Into<String>) -> TeamError {
        TeamError::Internal(anyhow::anyhow!(message.into()))
    }

    fn status(&self) -> StatusCode {
        match self {
            TeamError::NotFound(_) => StatusCode::NOT_FOUND,
            TeamError::BadInput(_) => StatusCode::BAD_REQUEST,
            TeamError::LoggedOut => StatusCode::UNAUTHORIZED,
            TeamError::Forbidden(_) | TeamError::Csrf => StatusCode::FORBIDDEN,
            TeamError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for TeamError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => TeamError::NotFound(e.to_string()),
            StoreError::Conflict(m) | StoreError::Invalid(m) => TeamError::BadInput(m),
            other => TeamError::Internal(other.into()),
        }
    }
}

impl IntoResponse for TeamError {
    fn into_response(self) -> Response {
        if let TeamError::Internal(e) = &self {
            eprintln!("round2 team: internal error: {e:#}");
        }
        let status = self.status();
        let page = pages::message("Something is wrong", &self.to_string(), None);
        (status, Html(page)).into_response()
    }
}

type Page = Result<Response, TeamError>;

/// The logged-in user of a request, found by [`guard`].
#[derive(Debug, Clone)]
pub struct Member {
    pub user: User,
    pub csrf: String,
    pub token_hash: String,
}

/// Where a request came from, for the per-address login limit.
#[derive(Debug, Clone)]
pub struct Address(String);

/// On every request: the session from the cookie, the origin checks of a
/// change, and the security headers on the answer.
pub(crate) async fn guard(State(ts): State<TeamState>, mut req: Request, next: Next) -> Response {
    let changes = req.method() != Method::GET && req.method() != Method::HEAD;
    if changes
        && (!round2_web::security::same_origin(&req) || round2_web::security::cross_site(&req))
    {
        return round2_web::security::with_headers(TeamError::Csrf.into_response());
    }
    let forwarded = ts
        .trust_proxy()
        .then(|| {
            req.headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        })
        .flatten();
    let address = forwarded.unwrap_or_else(|| {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
    });
    req.extensions_mut().insert(Address(address));
    let token = req
        .headers()
        .get(header::COOKIE)
        .and_then(|c| c.to_str().ok())
        .and_then(auth::token_in)
        .map(auth::token_hash);
    if let Some(hash) = token {
        let now = ts.now_secs();
        let found = ts
            .team(move |t| Ok(t.session(&hash, now)?))
            .await
            .unwrap_or_else(|e| {
                eprintln!("round2 team: reading a session: {e:#}");
                None
            });
        if let Some((session, user)) = found {
            req.extensions_mut().insert(Member {
                user,
                csrf: session.csrf,
                token_hash: session.token_hash,
            });
        }
    }
    round2_web::security::with_headers(next.run(req).await)
}

fn member(m: Option<Extension<Member>>) -> Result<Member, TeamError> {
    m.map(|Extension(m)| m).ok_or(TeamError::LoggedOut)
}

/// A form posted by a logged-in member, its CSRF token checked against
/// their session's: every state-changing team form but login and
/// invitations (which have no session yet).
pub struct MemberForm<T>(pub Member, pub T);

impl<T> FromRequest<TeamState> for MemberForm<T>
where
    T: DeserializeOwned + HasCsrf + Send,
{
    type Rejection = TeamError;

    async fn from_request(req: Request, state: &TeamState) -> Result<Self, TeamError> {
        let m = req
            .extensions()
            .get::<Member>()
            .cloned()
            .ok_or(TeamError::LoggedOut)?;
        let Form(f) = Form::<T>::from_request(req, state)
            .await
            .map_err(|e| TeamError::BadInput(e.body_text()))?;
        if !auth::same(f.csrf(), &m.csrf) {
            return Err(TeamError::Csrf);
        }
        Ok(MemberForm(m, f))
    }
}

/// Implements [`HasCsrf`] for forms with a `csrf` field.
macro_rules! has_csrf {
    ($($form:ty),+) => {
        $(impl HasCsrf for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })+
    };
}
has_csrf!(CsrfForm, ShareForm, CommentForm, AssignForm, NewUserForm);

fn html(body: String) -> Page {
    Ok(Html(body).into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn login_form(m: Option<Extension<Member>>) -> Page {
    if m.is_some() {
        return Ok(Redirect::to("/team").into_response());
    }
    html(pages::login(None))
}

/// The one answer to a failed login, whatever failed.
const WRONG: &str = "That email and password do not match an active account.";

pub async fn login(
    State(ts): State<TeamState>,
    Extension(Address(address)): Extension<Address>,
    Form(f): Form<LoginForm>,
) -> Page {
    let now = ts.now_secs();
    let limits = ts.limits();
    let email = f.email.trim().to_lowercase();
    let outcome = ts
        .team(move |t| {
            let since = now - limits.window_seconds;
            if limits.locked(t.login_failures(&email, &address, since)?) {
                // Counted too, so hammering a locked account keeps it locked.
                t.record_login_failure(&email, &address, now)?;
                return Ok(Err(format!(
                    "Too many failed logins for this account or from this address. Wait {} minutes and try again.",
                    limits.window_seconds / 60
                )));
            }
            let user = t.user_by_email(&email)?;
            let hash = match &user {
                Some(u) => t.password_hash(u.id)?,
                None => None,
            };
            let ok = auth::verify_password(&f.password, hash.as_deref());
            match user.filter(|u| ok && !u.disabled) {
                None => {
                    t.record_login_failure(&email, &address, now)?;
                    Ok(Err(WRONG.to_string()))
                }
                Some(u) => {
                    t.clear_login_failures(&email)?;
                    Ok(Ok(start_session(t, u.id, now)?))
                }
            }
        })
        .await?;
    match outcome {
        Ok(token) => logged_in(&ts, &token),
        Err(message) => {
            Ok((StatusCode::UNAUTHORIZED, Html(pages::login(Some(&message)))).into_response())
        }
    }
}

/// A new session for `user`: its token, for the cookie.
fn start_session(t: &mut dyn TeamStore, user: Id, now: i64) -> Result<String, TeamError> {
    let token = auth::new_token().map_err(TeamError::Internal)?;
    t.create_session(&Session {
        token_hash: auth::token_hash(&token),
        user,
        csrf: auth::new_token().map_err(TeamError::Internal)?,
        created_at: now,
        expires_at: now + auth::SESSION_SECONDS,
    })?;
    Ok(token)
}

/// To the team page, with the new session's cookie.
fn logged_in(ts: &TeamState, token: &str) -> Page {
    let mut r = Redirect::to("/team").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&auth::session_cookie(token, ts.secure()))
            .map_err(|e| TeamError::internal(e.to_string()))?,
    );
    Ok(r)
}

const SPENT: &str =
    "This invitation has expired or was already used; ask your team's admin for a new one.";

fn invitation_hash(token: &str) -> Result<String, TeamError> {
    if auth::is_token(token) {
        Ok(auth::token_hash(token))
    } else {
        Err(TeamError::NotFound(SPENT.into()))
    }
}

pub async fn invitation(State(ts): State<TeamState>, Path(token): Path<String>) -> Page {
    let (hash, now) = (invitation_hash(&token)?, ts.now_secs());
    match ts.team(move |t| Ok(t.invitation(&hash, now)?)).await? {
        Some(u) => html(pages::invitation(&u, &token, None)),
        None => Err(TeamError::NotFound(SPENT.into())),
    }
}

#[derive(Deserialize)]
pub struct InvitationForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
}

/// Sets the invited user's password and logs them in.
pub async fn accept_invitation(
    State(ts): State<TeamState>,
    Path(token): Path<String>,
    Form(f): Form<InvitationForm>,
) -> Page {
    let (hash, now) = (invitation_hash(&token)?, ts.now_secs());
    let refused = |ts: &TeamState, message: String| {
        let (hash, token) = (hash.clone(), token.clone());
        let ts = ts.clone();
        async move {
            match ts.team(move |t| Ok(t.invitation(&hash, now)?)).await? {
                Some(u) => Ok((
                    StatusCode::BAD_REQUEST,
                    Html(pages::invitation(&u, &token, Some(&message))),
                )
                    .into_response()),
                None => Err(TeamError::NotFound(SPENT.into())),
            }
        }
    };
    if f.password != f.again {
        return refused(&ts, "The two passwords differ.".into()).await;
    }
    let password_hash = match auth::hash_password(&f.password) {
        Ok(h) => h,
        Err(e) => return refused(&ts, format!("{}.", upper_first(&e.to_string()))).await,
    };
    let key = hash.clone();
    let token = ts
        .team(
            move |t| match t.accept_invitation(&key, &password_hash, now)? {
                Some(u) => Ok(Some(start_session(t, u.id, now)?)),
                None => Ok(None),
            },
        )
        .await?
        .ok_or_else(|| TeamError::NotFound(SPENT.into()))?;
    logged_in(&ts, &token)
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

/// An admin adds a user and gets the invitation link to send them.
pub async fn invite_user(
    State(ts): State<TeamState>,
    MemberForm(m, f): MemberForm<NewUserForm>,
) -> Page {
    if m.user.role != Role::Admin {
        return Err(TeamError::Forbidden("only an admin invites people".into()));
    }
    let role = Role::parse(&f.role)
        .ok_or_else(|| TeamError::BadInput(format!("`{}` is not a role", f.role)))?;
    let now = ts.now_secs();
    let token = auth::new_token().map_err(TeamError::Internal)?;
    let hash = auth::token_hash(&token);
    let user = ts
        .team(move |t| {
            let u = t.add_user(
                &round2_core::team::NewUser {
                    email: f.email,
                    name: f.name,
                    role,
                },
                now,
            )?;
            t.create_invitation(u.id, &hash, now, now + auth::INVITATION_SECONDS)?;
            Ok(u)
        })
        .await?;
    html(pages::invited(&m, &user, &format!("/invite/{token}")))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(State(ts): State<TeamState>, MemberForm(m, _): MemberForm<CsrfForm>) -> Page {
    let hash = m.token_hash.clone();
    ts.team(move |t| Ok(t.end_session(&hash)?)).await?;
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&auth::cleared_cookie(ts.secure()))
            .map_err(|e| TeamError::internal(e.to_string()))?,
    );
    Ok(r)
}

/// One line of a reviewer's home: a shared opportunity and where it stands.
pub(crate) struct SharedRow {
    pub share: Share,
    pub candidate: User,
    pub label: Option<String>,
    pub readiness: Option<f32>,
    pub next_round: Option<String>,
}

pub async fn team_home(State(ts): State<TeamState>, m: Option<Extension<Member>>) -> Page {
    let Some(Extension(m)) = m else {
        return Ok(Redirect::to("/login").into_response());
    };
    match m.user.role {
        Role::Candidate => {
            let id = m.user.id;
            let (shares, assignments, users) = ts
                .team(move |t| Ok((t.shares_of(id)?, t.assignments(id, None)?, t.users()?)))
                .await?;
            let store = ts.candidate(id).await?;
            let opps = on_store(store, |s| Ok(s.list_opportunities()?)).await?;
            let coaches: Vec<User> = users
                .into_iter()
                .filter(|u| u.role.reviews() && !u.disabled)
                .collect();
            html(pages::candidate_home(
                &m,
                &opps,
                &shares,
                &assignments,
                &coaches,
            ))
        }
        Role::Coach | Role::Admin => {
            let id = m.user.id;
            let (shares, users) = ts
                .team(move |t| Ok((t.shares_with(id)?, t.users()?)))
                .await?;
            let mut rows = Vec::new();
            for share in shares {
                let Some(candidate) = users.iter().find(|u| u.id == share.candidate).cloned()
                else {
                    continue;
                };
                let store = ts.candidate(share.candidate).await?;
                let slug = share.slug.clone();
                let now = ts.now();
                let pack = on_store(store, move |s| match s.opportunity(&slug) {
                    Ok(o) => Ok(Some(s.pack(o.id)?)),
                    Err(StoreError::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e.into()),
                })
                .await?;
                let (label, readiness, next_round) = match &pack {
                    Some(p) => (
                        Some(format!(
                            "{} — {}",
                            p.opportunity.company, p.opportunity.role
                        )),
                        Some(round2_method::ledger_for(p, None, None).readiness()),
                        next_round(p, now),
                    ),
                    None => (None, None, None),
                };
                rows.push(SharedRow {
                    share,
                    candidate,
                    label,
                    readiness,
                    next_round,
                });
            }
            // The home shows what it read of each shared opportunity (its
            // label, readiness, next round): in each candidate's log too.
            let (who, now) = (m.user.id, ts.now_secs());
            let read: Vec<(Id, String)> = rows
                .iter()
                .filter(|r| r.label.is_some())
                .map(|r| (r.share.candidate, r.share.slug.clone()))
                .collect();
            if !read.is_empty() {
                ts.team(move |t| {
                    for (candidate, slug) in &read {
                        t.audit(
                            *candidate,
                            who,
                            "read",
                            &format!("{slug}: readiness and next round, on the coach's home"),
                            now,
                        )?;
                    }
                    Ok(())
                })
                .await?;
            }
            let admin_users = (m.user.role == Role::Admin).then_some(users);
            html(pages::reviewer_home(&m, &rows, admin_users.as_deref()))
        }
    }
}

fn next_round(p: &PrepPack, now: chrono::DateTime<chrono::FixedOffset>) -> Option<String> {
    p.next_scheduled_round(now).map(|r| {
        format!(
            "round {} ({}) on {}",
            r.number,
            r.kind,
            r.date
                .map(|d| round2_web::layout::when(&d))
                .unwrap_or_default()
        )
    })
}

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    slug: String,
    /// The reviewer, by email (sharing) or id (unsharing).
    #[serde(default)]
    coach: String,
}

pub async fn share(State(ts): State<TeamState>, MemberForm(m, f): MemberForm<ShareForm>) -> Page {
    if m.user.role != Role::Candidate {
        return Err(TeamError::Forbidden(
            "only a candidate shares their opportunities".into(),
        ));
    }
    let store = ts.candidate(m.user.id).await?;
    let slug = f.slug.clone();
    let slug = on_store(store, move |s| Ok(s.opportunity(&slug)?.slug)).await?;
    let (id, now) = (m.user.id, ts.now_secs());
    ts.team(move |t| {
        let coach = t
            .user_by_email(&f.coach)?
            .filter(|u| u.role.reviews() && !u.disabled)
            .ok_or_else(|| {
                TeamError::BadInput(format!(
                    "no active coach has the email `{}`",
                    f.coach.trim()
                ))
            })?;
        t.share(id, &slug, coach.id, now)?;
        t.audit(id, id, "share", &format!("{slug} with {}", coach.name), now)?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to("/team").into_response())
}

pub async fn unshare(State(ts): State<TeamState>, MemberForm(m, f): MemberForm<ShareForm>) -> Page {
    let coach: Id = f
        .coach
        .trim()
        .parse()
        .map_err(|_| TeamError::BadInput("which coach? (a user id)".into()))?;
    let (id, now) = (m.user.id, ts.now_secs());
    ts.team(move |t| {
        if !t.unshare(id, &f.slug, coach)? {
            return Err(TeamError::NotFound(format!(
                "`{}` is not shared with that coach",
                f.slug
            )));
        }
        let name = t.user(coach)?.name;
        t.audit(id, id, "unshare", &format!("{} from {name}", f.slug), now)?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to("/team").into_response())
}

pub async fn audit_log(State(ts): State<TeamState>, m: Option<Extension<Member>>) -> Page {
    let m = member(m)?;
    if m.user.role != Role::Candidate {
        return Err(TeamError::Forbidden(
            "the audit log is the candidate's own page".into(),
        ));
    }
    let id = m.user.id;
    let log = ts.team(move |t| Ok(t.audit_log(id)?)).await?;
    html(pages::audit(&m, &log))
}

/// Who the asker is to an opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Owner,
    Reviewer,
}

/// The one access rule: a candidate's own opportunity, or one shared with
/// this reviewer. Anything else is "not found", so nothing tells a stranger
/// that it exists.
pub(crate) fn access(
    t: &mut dyn TeamStore,
    who: &User,
    candidate: Id,
    slug: &str,
) -> Result<Access, TeamError> {
    if who.role == Role::Candidate && who.id == candidate {
        return Ok(Access::Owner);
    }
    if who.role.reviews() && t.share_of(candidate, slug, who.id)?.is_some() {
        return Ok(Access::Reviewer);
    }
    Err(TeamError::NotFound(format!(
        "no shared opportunity `{slug}`"
    )))
}

async fn access_of(
    ts: &TeamState,
    m: &Member,
    candidate: Id,
    slug: &str,
) -> Result<Access, TeamError> {
    let (who, slug) = (m.user.clone(), slug.to_string());
    ts.team(move |t| access(t, &who, candidate, &slug)).await
}

pub async fn pack(
    State(ts): State<TeamState>,
    m: Option<Extension<Member>>,
    Path((candidate, slug)): Path<(Id, String)>,
) -> Page {
    let Some(Extension(m)) = m else {
        return Ok(Redirect::to("/login").into_response());
    };
    let how = access_of(&ts, &m, candidate, &slug).await?;
    let store = ts.candidate(candidate).await?;
    let key = slug.clone();
    let (pack, attempts) = on_store(store.clone(), move |s| {
        let o = s.opportunity(&key)?;
        Ok((s.pack(o.id)?, s.attempts(Some(o.id))?))
    })
    .await?;
    let ledger = ts.ledger(candidate, store, pack.clone()).await?;
    let (who, now, key) = (m.user.id, ts.now_secs(), slug.clone());
    let (owner, comments, assignments, share) = ts
        .team(move |t| {
            if how == Access::Reviewer {
                t.audit(candidate, who, "read", &format!("{key}: prep pack"), now)?;
            }
            let share = match how {
                Access::Reviewer => t.share_of(candidate, &key, who)?,
                Access::Owner => None,
            };
            Ok((
                t.user(candidate)?,
                t.comments(candidate, &key)?,
                t.assignments(candidate, Some(&key))?,
                share,
            ))
        })
        .await?;
    html(pages::pack(&pages::PackView {
        member: &m,
        owner: &owner,
        reviewer: how == Access::Reviewer,
        pack: &pack,
        ledger: &ledger,
        attempts: &attempts,
        comments: &comments,
        assignments: &assignments,
        share: share.as_ref(),
        judged_by_meaning: ts.models().meaning().is_some(),
    }))
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    reply_to: Option<String>,
}

pub async fn comment(
    State(ts): State<TeamState>,
    Path((candidate, slug)): Path<(Id, String)>,
    MemberForm(m, f): MemberForm<CommentForm>,
) -> Page {
    let how = access_of(&ts, &m, candidate, &slug).await?;
    let target = Target::decode(f.target.trim()).ok_or_else(|| {
        TeamError::BadInput(format!("`{}` is not something to comment on", f.target))
    })?;
    let reply_to = match f
        .reply_to
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(r) => Some(
            r.parse::<Id>()
                .map_err(|_| TeamError::BadInput("reply_to is not a comment id".into()))?,
        ),
        None => None,
    };
    if how == Access::Owner && reply_to.is_none() {
        return Err(TeamError::BadInput(
            "reply to one of your coach's comments (your own notes belong in your records)".into(),
        ));
    }
    let (who, now, key) = (m.user.id, ts.now_secs(), slug.clone());
    ts.team(move |t| {
        t.add_comment(
            &NewComment {
                candidate,
                slug: key.clone(),
                target: target.clone(),
                author: who,
                body: f.body,
                reply_to,
            },
            now,
        )?;
        if how == Access::Reviewer {
            t.audit(
                candidate,
                who,
                "comment",
                &format!("{key}: {}", target.label()),
                now,
            )?;
        }
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&format!("/team/c/{candidate}/o/{slug}#comments")).into_response())
}

/// The asker of a coach's action (assigning, marking reviewed), who must
/// be a reviewer of this opportunity.
async fn reviewer(
    ts: &TeamState,
    m: Member,
    candidate: Id,
    slug: &str,
) -> Result<Member, TeamError> {
    if access_of(ts, &m, candidate, slug).await? != Access::Reviewer {
        return Err(TeamError::Forbidden(
            "only a coach the opportunity is shared with does this".into(),
        ));
    }
    Ok(m)
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    due: String,
}

pub async fn assign(
    State(ts): State<TeamState>,
    Path((candidate, slug)): Path<(Id, String)>,
    MemberForm(m, f): MemberForm<AssignForm>,
) -> Page {
    let m = reviewer(&ts, m, candidate, &slug).await?;
    let (who, now, key) = (m.user.id, ts.now_secs(), slug.clone());
    let question = f.question.trim().to_string();
    let id = ts
        .team(move |t| {
            let id = t.add_assignment(
                &NewAssignment {
                    candidate,
                    slug: key.clone(),
                    coach: who,
                    question: f.question,
                    due: f.due,
                },
                now,
            )?;
            t.audit(
                candidate,
                who,
                "assign",
                &format!("{key}: a practice question"),
                now,
            )?;
            Ok(id)
        })
        .await?;
    // Into the candidate's own practice queue, as a question of theirs.
    let store = ts.candidate(candidate).await?;
    on_store(store, move |s| {
        Ok(s.add_user_question(&round2_core::UserQuestion {
            id: format!("coach-{id}"),
            category: "second_round".into(),
            kind: "behavioural".into(),
            competencies: Vec::new(),
            text: question,
            really_asking: "Assigned by your coach on the team server.".into(),
        })?)
    })
    .await?;
    Ok(Redirect::to(&format!("/team/c/{candidate}/o/{slug}#assignments")).into_response())
}

pub async fn mark_reviewed(
    State(ts): State<TeamState>,
    Path((candidate, slug)): Path<(Id, String)>,
    MemberForm(m, _): MemberForm<CsrfForm>,
) -> Page {
    let m = reviewer(&ts, m, candidate, &slug).await?;
    let (who, now, key) = (m.user.id, ts.now_secs(), slug.clone());
    ts.team(move |t| {
        t.mark_reviewed(candidate, &key, who, now)?;
        t.audit(
            candidate,
            who,
            "review",
            &format!("{key}: marked reviewed"),
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&format!("/team/c/{candidate}/o/{slug}")).into_response())
}

async fn set_disabled(ts: TeamState, m: Member, id: Id, disabled: bool) -> Page {
    if m.user.role != Role::Admin {
        return Err(TeamError::Forbidden(
            "only an admin manages accounts".into(),
        ));
    }
    if m.user.id == id {
        return Err(TeamError::BadInput(
            "an admin does not disable their own account".into(),
        ));
    }
    ts.team(move |t| Ok(t.set_disabled(id, disabled)?)).await?;
    Ok(Redirect::to("/team").into_response())
}

pub async fn disable_user(
    State(ts): State<TeamState>,
    Path(id): Path<Id>,
    MemberForm(m, _): MemberForm<CsrfForm>,
) -> Page {
    set_disabled(ts, m, id, true).await
}

pub async fn enable_user(
    State(ts): State<TeamState>,
    Path(id): Path<Id>,
    MemberForm(m, _): MemberForm<CsrfForm>,
) -> Page {
    set_disabled(ts, m, id, false).await
}

/// Everything else: the local UI's pages over the logged-in candidate's own
/// store, with the team's links in their navigation. A reviewer or admin
/// has no such pages (they never change a candidate's records).
pub async fn candidate_pages(
    State(ts): State<TeamState>,
    m: Option<Extension<Member>>,
    req: Request,
) -> Page {
    let is_asset = req.uri().path().starts_with("/assets/");
    let Some(Extension(m)) = m else {
        if is_asset {
            return Ok(assets(req).await);
        }
        if req.method() == Method::GET {
            return Ok(Redirect::to("/login").into_response());
        }
        return Err(TeamError::LoggedOut);
    };
    if m.user.role != Role::Candidate {
        if is_asset {
            return Ok(assets(req).await);
        }
        if req.uri().path() == "/" {
            return Ok(Redirect::to("/team").into_response());
        }
        return Err(TeamError::NotFound(format!(
            "no page {} for a {}",
            req.uri().path(),
            m.user.role
        )));
    }
    let slug = req
        .uri()
        .path()
        .strip_prefix("/o/")
        .and_then(|rest| rest.split('/').next())
        .filter(|s| !s.is_empty())
        .map(String::from);
    let store = ts.candidate(m.user.id).await?;
    let state = round2_web::AppState::for_team_member(
        store,
        &m.csrf,
        ts.models(),
        ts.clock(),
        &ts.derivations(m.user.id),
    );
    let response = round2_web::router(state)
        .oneshot(req)
        .await
        .map_err(|e| TeamError::internal(format!("a candidate page: {e}")))?;
    let notice = match slug {
        Some(slug) if req_is_page(&response) => {
            let id = m.user.id;
            let (comments, assignments) = ts
                .team(move |t| Ok((t.comments(id, &slug)?, t.assignments(id, Some(&slug))?)))
                .await?;
            pages::coach_notice(id, &comments, &assignments)
        }
        _ => String::new(),
    };
    with_team_links(response, &m, &notice).await
}

fn req_is_page(response: &Response) -> bool {
    response.status() == StatusCode::OK
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
}

/// The local UI's asset files, for pages before login too.
async fn assets(req: Request) -> Response {
    let name = req.uri().path().trim_start_matches("/assets/").to_string();
    match round2_web::assets::asset(Path(name)).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// Puts the team's links and words into a local page's slots.
async fn with_team_links(response: Response, m: &Member, notice: &str) -> Page {
    let html_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html_page || response.headers().contains_key(header::CONTENT_ENCODING) {
        return Ok(response);
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024 * 1024)
        .await
        .map_err(|e| TeamError::internal(format!("reading a page: {e}")))?;
    let text = String::from_utf8_lossy(&bytes)
        .replacen(round2_web::layout::TEAM_NAV_SLOT, &pages::team_nav(m), 1)
        .replacen(round2_web::layout::TEAM_NOTICE_SLOT, notice, 1);
    let text = match (
        text.find(round2_web::layout::FOOTER_SLOT_START),
        text.find(round2_web::layout::FOOTER_SLOT_END),
    ) {
        (Some(a), Some(b)) if a < b => format!(
            "{}{}{}",
            &text[..a],
            pages::FOOTER_WORDS,
            &text[b + round2_web::layout::FOOTER_SLOT_END.len()..]
        ),
        _ => text,
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Ok(Response::from_parts(parts, Body::from(text)))
}
