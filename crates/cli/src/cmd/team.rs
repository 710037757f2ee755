//! `round2 team ...`: the team server and the scripts a self-hoster runs
//! against its database (accounts, importing a candidate's prep file,
//! sharing). The rules live in `round2-store` (the team's tables) and
//! `round2-team` (passwords, the server); this reads arguments and prints.

use std::io::{BufRead as _, Write};
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context as _, Result};
use clap::Subcommand;
use round2_core::team::{NewUser, Role, User};
use round2_store::{TeamLocation, TeamStore};

use crate::edge::{db_spec_or, now};
use crate::output;

pub fn run(c: TeamCommand, db: Option<String>, json: bool, out: &mut dyn Write) -> Result<()> {
    if let TeamCommand::Serve {
        bind,
        secure_cookies,
        trust_proxy,
        config,
        print_config,
    } = c
    {
        let file = match &config {
            Some(path) => {
                let text = crate::input::read_text(path, 64 * 1024, "team configuration")?;
                round2_team::ConfigFile::parse(&text)
                    .map_err(|e| anyhow!("{}: {e}", path.display()))?
            }
            None => round2_team::ConfigFile::default(),
        };
        let settings = round2_team::Settings::resolve(
            round2_team::Layer {
                db,
                bind,
                secure_cookies,
                trust_proxy,
            },
            file,
            || db_spec_or(None, "team.db"),
        )?;
        if print_config {
            if json {
                return output::json(out, &settings.shown());
            }
            for (key, value, from) in settings.shown() {
                writeln!(out, "{key:<15} {value}  ({from})")?;
            }
            return Ok(());
        }
        return round2_team::serve_blocking(settings.config(), settings.bind.0);
    }
    let location = TeamLocation::parse(&db_spec_or(db, "team.db")?);
    let mut team = location
        .open_team()
        .with_context(|| format!("opening the team database {}", location.display()))?;
    let t = team.as_mut();
    match c {
        TeamCommand::Serve { .. } => Ok(()),
        TeamCommand::User(u) => user(t, u, json, out),
        TeamCommand::Import { file, owner } => {
            let owner = candidate(t, &owner)?;
            let mut store = location.open_candidate(owner.id)?;
            crate::cmd::prep_file::import(store.as_mut(), &file, json, out)
        }
        TeamCommand::Share { slug, owner, with } => {
            let owner = candidate(t, &owner)?;
            let coach = by_email(t, &with)?;
            let mut store = location.open_candidate(owner.id)?;
            let slug = store.opportunity(&slug)?.slug;
            let at = now().timestamp();
            t.share(owner.id, &slug, coach.id, at)?;
            t.audit(
                owner.id,
                owner.id,
                "share",
                &format!("{slug} with {}", coach.name),
                at,
            )?;
            if json {
                return output::json(
                    out,
                    &serde_json::json!({"slug": slug, "owner": owner.email, "with": coach.email, "shared": true}),
                );
            }
            writeln!(
                out,
                "Shared `{slug}` of {} with {}.",
                owner.name, coach.name
            )?;
            Ok(())
        }
        TeamCommand::Unshare { slug, owner, with } => {
            let owner = candidate(t, &owner)?;
            let coach = by_email(t, &with)?;
            if !t.unshare(owner.id, &slug, coach.id)? {
                bail!(
                    "`{slug}` of {} is not shared with {}",
                    owner.email,
                    coach.email
                );
            }
            t.audit(
                owner.id,
                owner.id,
                "unshare",
                &format!("{slug} from {}", coach.name),
                now().timestamp(),
            )?;
            if json {
                return output::json(
                    out,
                    &serde_json::json!({"slug": slug, "owner": owner.email, "with": coach.email, "shared": false}),
                );
            }
            writeln!(
                out,
                "`{slug}` of {} is no longer shared with {}.",
                owner.name, coach.name
            )?;
            Ok(())
        }
    }
}

fn by_email(t: &mut dyn TeamStore, email: &str) -> Result<User> {
    t.user_by_email(email)?.ok_or_else(|| {
        anyhow!(
            "no user has the email `{}` (see `round2 team user list`)",
            email.trim()
        )
    })
}

fn candidate(t: &mut dyn TeamStore, email: &str) -> Result<User> {
    let u = by_email(t, email)?;
    if u.role != Role::Candidate {
        bail!(
            "{} is a {}, not a candidate: only candidates have records",
            u.email,
            u.role
        );
    }
    Ok(u)
}

/// A new invitation for `u`: the link to send.
fn invitation(t: &mut dyn TeamStore, u: &User, url: &str) -> Result<String> {
    let token = round2_team::auth::new_token()?;
    let at = now().timestamp();
    t.create_invitation(
        u.id,
        &round2_team::auth::token_hash(&token),
        at,
        at + round2_team::auth::INVITATION_SECONDS,
    )?;
    Ok(format!("{}/invite/{token}", url.trim_end_matches('/')))
}

/// One line of standard input, without its line end.
fn password_from_stdin(flag: bool) -> Result<String> {
    if !flag {
        bail!("give the password on standard input with --password-stdin (never as an argument: it would be in the shell's history)");
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn user(t: &mut dyn TeamStore, c: TeamUserCommand, json: bool, out: &mut dyn Write) -> Result<()> {
    match c {
        TeamUserCommand::Add {
            email,
            name,
            role,
            password_stdin,
            invite,
            url,
        } => {
            let role = match role.trim().to_ascii_lowercase().as_str() {
                "recruiter" => Role::Coach,
                r => Role::parse(r).ok_or_else(|| {
                    anyhow!("--role `{role}`: give candidate, coach (or recruiter) or admin")
                })?,
            };
            let hash = if invite {
                None
            } else {
                Some(round2_team::auth::hash_password(&password_from_stdin(
                    password_stdin,
                )?)?)
            };
            let u = t.add_user(&NewUser { email, name, role }, now().timestamp())?;
            let link = match hash {
                Some(hash) => {
                    t.set_password_hash(u.id, &hash)?;
                    None
                }
                None => Some(invitation(t, &u, &url)?),
            };
            if json {
                return output::json(out, &serde_json::json!({"user": u, "invitation": link}));
            }
            writeln!(
                out,
                "Added {} <{}> as a {} (user {}).",
                u.name, u.email, u.role, u.id
            )?;
            if let Some(link) = link {
                writeln!(
                    out,
                    "Send them this link to choose a password (it works once, for 7 days):\n{link}"
                )?;
            }
        }
        TeamUserCommand::Invite { email, url } => {
            let u = by_email(t, &email)?;
            let link = invitation(t, &u, &url)?;
            if json {
                return output::json(out, &serde_json::json!({"user": u, "invitation": link}));
            }
            writeln!(
                out,
                "Send {} this link (it works once, for 7 days):\n{link}",
                u.email
            )?;
        }
        TeamUserCommand::Password {
            email,
            password_stdin,
        } => {
            let u = by_email(t, &email)?;
            let hash = round2_team::auth::hash_password(&password_from_stdin(password_stdin)?)?;
            t.set_password_hash(u.id, &hash)?;
            writeln!(
                out,
                "Set a new password for {}; their sessions ended.",
                u.email
            )?;
        }
        TeamUserCommand::List => {
            let users = t.users()?;
            if json {
                return output::json(out, &users);
            }
            if users.is_empty() {
                writeln!(out, "No users yet: add one with `round2 team user add EMAIL --name NAME --role admin --password-stdin`.")?;
            }
            for u in users {
                writeln!(
                    out,
                    "{:>4}  {:<9} {} <{}>{}",
                    u.id,
                    u.role.as_str(),
                    u.name,
                    u.email,
                    if u.disabled { "  (disabled)" } else { "" }
                )?;
            }
        }
        TeamUserCommand::Disable { email } => {
            let u = by_email(t, &email)?;
            t.set_disabled(u.id, true)?;
            writeln!(out, "Disabled {}; their sessions ended.", u.email)?;
        }
        TeamUserCommand::Enable { email } => {
            let u = by_email(t, &email)?;
            t.set_disabled(u.id, false)?;
            writeln!(out, "Enabled {}.", u.email)?;
        }
    }
    Ok(())
}

// ---- arguments ------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Start the team server (binds 127.0.0.1 unless --bind says otherwise).
    Serve {
        /// Address and port to listen on [default: 127.0.0.1:8420].
        #[arg(long, env = "ROUND2_TEAM_BIND")]
        bind: Option<std::net::SocketAddr>,
        /// Mark session cookies Secure: users reach the server over TLS (a
        /// reverse proxy in front of it).
        #[arg(long, env = "ROUND2_TEAM_SECURE_COOKIES", num_args = 0..=1, default_missing_value = "true")]
        secure_cookies: Option<bool>,
        /// Behind a reverse proxy: take the client's address from the last
        /// X-Forwarded-For entry (for the per-address login limit).
        #[arg(long, env = "ROUND2_TEAM_TRUST_PROXY", num_args = 0..=1, default_missing_value = "true")]
        trust_proxy: Option<bool>,
        /// A TOML file with `db`, `bind`, `secure_cookies` and `trust_proxy`; the
        /// environment and flags win over it.
        #[arg(long, env = "ROUND2_TEAM_CONFIG")]
        config: Option<PathBuf>,
        /// Print the configuration the server would run with (secrets
        /// hidden), and where each value came from, then stop.
        #[arg(long)]
        print_config: bool,
    },
    /// Team accounts.
    #[command(subcommand)]
    User(TeamUserCommand),
    /// Import a prep file into a candidate's records.
    Import {
        /// The prep file, or - for standard input.
        file: PathBuf,
        /// The candidate, by email.
        #[arg(long)]
        owner: String,
    },
    /// Share a candidate's opportunity with a coach.
    Share {
        slug: String,
        /// The candidate, by email.
        #[arg(long)]
        owner: String,
        /// The coach, by email.
        #[arg(long)]
        with: String,
    },
    /// Stop sharing it (at once).
    Unshare {
        slug: String,
        #[arg(long)]
        owner: String,
        #[arg(long)]
        with: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamUserCommand {
    /// Add a user, with a password from standard input or an invitation
    /// link for them to choose one.
    Add {
        email: String,
        #[arg(long)]
        name: String,
        /// candidate, coach (or recruiter) or admin.
        #[arg(long)]
        role: String,
        /// Read the password from standard input (one line).
        #[arg(long, conflicts_with = "invite")]
        password_stdin: bool,
        /// Print an invitation link instead (it works once, for 7 days).
        #[arg(long)]
        invite: bool,
        /// The server's address as users reach it, for the link.
        #[arg(long, env = "ROUND2_TEAM_URL", default_value = "http://127.0.0.1:8420")]
        url: String,
    },
    /// A new invitation link for a user (the old one stops working).
    Invite {
        email: String,
        #[arg(long, env = "ROUND2_TEAM_URL", default_value = "http://127.0.0.1:8420")]
        url: String,
    },
    /// Set a user's password (ends their sessions).
    Password {
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Every user.
    List,
    /// Disable a user: they can no longer log in, their sessions end.
    Disable { email: String },
    /// Enable a disabled user again.
    Enable { email: String },
}
