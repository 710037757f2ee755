//! The `round2` command: parses arguments, opens the store, calls the core
//! and prints. Everything the user can do from a terminal starts here.

mod cli;
mod clock;
mod cmd;
mod edge;
mod input;
mod meaning;
mod output;
mod speech;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser};

use crate::cli::{Args, Command, ModelCommand};
use crate::cmd::practice::ReviewCommand;
use crate::cmd::{analysis, demo, documents, practice, prep_file, records, team};
use crate::edge::{db_spec, open};

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed pipe (`round2 opp list | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one parsed command line: the commands that need no store first,
/// then the store named by `--db` opened once for the rest.
fn run(args: Args) -> Result<()> {
    let stdout = std::io::stdout();
    let mut lock = output::Sanitize::new(stdout.lock());
    let out: &mut dyn Write = &mut lock;
    let json = args.json;
    match args.command {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Args::command(), "round2", out);
            return Ok(());
        }
        Command::Demo { dir, offline } => {
            if !offline {
                crate::meaning::ensure_for_demo();
            }
            return demo::run(&dir, json, out);
        }
        Command::Backup { file } => return prep_file::backup(&db_spec(args.db)?, &file, out),
        Command::Model(c) => {
            return match c {
                ModelCommand::Fetch { name, from } => match name.as_deref() {
                    Some(n) if n.to_ascii_lowercase().starts_with("whisper") => {
                        crate::speech::fetch(n, from.as_deref(), json, out)
                    }
                    _ => crate::meaning::fetch(name.as_deref(), from.as_deref(), json, out),
                },
                ModelCommand::List => {
                    crate::meaning::list(json, out)?;
                    if !json {
                        crate::speech::list(out)?;
                    }
                    Ok(())
                }
            }
        }
        Command::Team(c) => return team::run(c, args.db, json, out),
        Command::Serve {
            port,
            open: browser,
        } => {
            let store = open(&db_spec(args.db)?)?;
            return round2_web::serve_blocking(
                store,
                std::net::SocketAddr::from(([127, 0, 0, 1], port)),
                browser,
            );
        }
        _ => {}
    }
    let spec = db_spec(args.db)?;
    let mut store = open(&spec)?;
    let s = store.as_mut();
    match args.command {
        Command::Import { file } => prep_file::import(s, &file, json, out),
        Command::Export {
            slug,
            format,
            out: to,
        } => prep_file::export(s, &slug, format, to.as_deref(), out),
        Command::Opp(c) => records::opp(s, c, json, out),
        Command::Research(c) => records::research(s, c, json, out),
        Command::Interviewer(c) => records::interviewer(s, c, json, out),
        Command::Round(c) => records::round(s, c, json, out),
        Command::Note(c) => records::note(s, c, json, out),
        Command::Story(c) => records::story(s, c, json, out),
        Command::ToAsk(c) => records::to_ask(s, c, json, out),
        Command::Checklist(c) => documents::checklist(s, c, json, out),
        Command::ThankYou(c) => records::thank_you(s, c, json, out),
        Command::Profile(c) => records::profile(s, c, json, out),
        Command::Status => records::status(s, json, out),
        Command::Analyze { input } => analysis::analyze(s, &input, json, out),
        Command::Gaps {
            slug,
            round,
            status,
        } => analysis::gaps(s, &slug, round, status.as_deref(), json, out),
        Command::Pitch { slug, interviewer } => {
            documents::pitch(s, &slug, interviewer.as_deref(), json, out)
        }
        Command::Sheet {
            slug,
            format,
            out: to,
        } => documents::sheet(s, &slug, format, to.as_deref(), out),
        Command::Thanks(a) => documents::thanks(s, a, json, out),
        Command::Calendar { slug, out: to } => documents::calendar(s, &slug, &to, out),
        Command::Questions(a) => practice::questions(s, a, json, out),
        Command::Practice(a) => practice::drill(s, a, json, out),
        Command::Feedback {
            question,
            opp,
            audio,
        } => practice::feedback(s, &question, opp.as_deref(), audio.as_deref(), json, out),
        Command::Review(ReviewCommand::Plan { slug }) => practice::review_plan(s, &slug, json, out),
        Command::Review(ReviewCommand::History { slug }) => {
            practice::review_history(s, slug.as_deref(), json, out)
        }
        Command::Review(ReviewCommand::Recording(cmd)) => {
            practice::review_recording(s, cmd, json, out)
        }
        Command::Review(ReviewCommand::Export {
            slug,
            out: to,
            format,
        }) => practice::review_export(s, slug.as_deref(), &to, format, out),
        Command::Ask { slug, count } => practice::ask(s, &slug, count, json, out),
        Command::Completions { .. }
        | Command::Demo { .. }
        | Command::Backup { .. }
        | Command::Model(_)
        | Command::Serve { .. }
        | Command::Team(_) => Ok(()),
    }
}
