//! Running the real binary against a database in a temp dir.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub struct Env {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("round2.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_round2"));
        c.args(args)
            .env("ROUND2_DB", self.db())
            .env_remove("XDG_DATA_HOME")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_command(self.command(args), args)
    }

    /// Runs under an address-space limit (`ulimit -v`, in KiB), so input
    /// that would blow up memory fails the test instead of the machine.
    pub fn run_limited(&self, args: &[&str], kib: u64) -> Run {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_round2"))
            .args(args)
            .env("ROUND2_DB", self.db())
            .env_remove("XDG_DATA_HOME")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        self.run_command(c, args)
    }

    /// Runs a command made with [`Env::command`] and changed by the caller.
    pub fn run_with(&self, c: Command) -> Run {
        self.run_command(c, &["(a changed command)"])
    }

    fn run_command(&self, mut c: Command, args: &[&str]) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = c.output().unwrap();
        let run = Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "round2 {args:?} panicked:\n{}",
            run.stderr
        );
        run
    }

    /// Runs and expects success.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "round2 {args:?} failed:\n{}", r.stderr);
        r.stdout
    }

    /// Runs with `input` on standard input and expects success.
    pub fn ok_with_stdin(&self, args: &[&str], input: &[u8]) -> String {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "round2 {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Imports the example case dev01 (from the shared data) as seed data.
    pub fn seed(&self) -> String {
        let case = round2_testdata::require(round2_testdata::cases_dir().join("dev01.yaml"));
        let p = self.write("seed.yaml", round2_testdata::read_case(&case).prep_yaml);
        self.ok(&["import", p.to_str().unwrap()]);
        "larkspur-ledger-backend-software-engineer".to_string()
    }

    /// Everything stored, as text: to check that a failed command changed nothing.
    pub fn snapshot(&self) -> String {
        let list = self.ok(&["opp", "list", "--json"]);
        let mut all = list.clone();
        let slugs: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
        for o in slugs {
            all += &self.ok(&["opp", "show", o["slug"].as_str().unwrap(), "--json"]);
        }
        all + &self.ok(&["story", "list", "--json"])
    }
}

/// The demo's prep file, which the project owns: a whole opportunity (a
/// posting, research, two rounds with notes, stories, questions to ask).
pub const DEMO_PREP: &str = include_str!("../../src/cmd/demo.yaml");
