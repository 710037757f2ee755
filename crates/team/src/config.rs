//! The team server's configuration: built-in defaults, then a TOML file,
//! then the environment, then flags, each winning over the one before. The
//! database URL may hold a password: it is shown and logged redacted.

use std::net::SocketAddr;

use round2_store::TeamLocation;
use serde::Deserialize;

use crate::{LoginLimits, TeamConfig};

/// The address served when nothing says otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:8420";

/// What a configuration file may say (the same keys as the flags).
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub db: Option<String>,
    pub bind: Option<SocketAddr>,
    pub secure_cookies: Option<bool>,
    pub trust_proxy: Option<bool>,
}

impl ConfigFile {
    /// Reads TOML; an unknown key or a wrong type is an error naming it
    /// and its line.
    pub fn parse(text: &str) -> Result<ConfigFile, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

/// The environment and the flags, as the command line parsed them (clap
/// already lets a flag win over its environment variable).
#[derive(Debug, Default)]
pub struct Layer {
    pub db: Option<String>,
    pub bind: Option<SocketAddr>,
    pub secure_cookies: Option<bool>,
    pub trust_proxy: Option<bool>,
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    /// The environment or a flag.
    CommandLine,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "configuration file",
            Source::CommandLine => "environment or flag",
        }
    }
}

/// The resolved settings, each with where it came from.
#[derive(Debug)]
pub struct Settings {
    pub location: (TeamLocation, Source),
    pub bind: (SocketAddr, Source),
    pub secure_cookies: (bool, Source),
    pub trust_proxy: (bool, Source),
}

fn pick<T>(line: Option<T>, file: Option<T>, default: impl FnOnce() -> T) -> (T, Source) {
    match (line, file) {
        (Some(v), _) => (v, Source::CommandLine),
        (None, Some(v)) => (v, Source::File),
        (None, None) => (default(), Source::Default),
    }
}

impl Settings {
    /// Defaults < file < environment < flags. `default_db` is asked only
    /// when neither names a database.
    pub fn resolve(
        line: Layer,
        file: ConfigFile,
        default_db: impl FnOnce() -> anyhow::Result<String>,
    ) -> anyhow::Result<Settings> {
        let (db, from) = match (line.db, file.db) {
            (Some(v), _) => (v, Source::CommandLine),
            (None, Some(v)) => (v, Source::File),
            (None, None) => (default_db()?, Source::Default),
        };
        if db.trim().is_empty() {
            anyhow::bail!("the team database is empty: give a SQLite file or a postgres:// URL");
        }
        Ok(Settings {
            location: (TeamLocation::parse(&db), from),
            bind: pick(line.bind, file.bind, || {
                DEFAULT_BIND.parse().expect("the default address parses")
            }),
            secure_cookies: pick(line.secure_cookies, file.secure_cookies, || false),
            trust_proxy: pick(line.trust_proxy, file.trust_proxy, || false),
        })
    }

    /// Each setting, its value (the database redacted), and its source.
    pub fn shown(&self) -> Vec<(&'static str, String, &'static str)> {
        vec![
            ("db", self.location.0.display(), self.location.1.as_str()),
            ("bind", self.bind.0.to_string(), self.bind.1.as_str()),
            (
                "secure_cookies",
                self.secure_cookies.0.to_string(),
                self.secure_cookies.1.as_str(),
            ),
            (
                "trust_proxy",
                self.trust_proxy.0.to_string(),
                self.trust_proxy.1.as_str(),
            ),
        ]
    }

    pub fn config(&self) -> TeamConfig {
        TeamConfig {
            location: self.location.0.clone(),
            secure_cookies: self.secure_cookies.0,
            trust_proxy: self.trust_proxy.0,
            limits: LoginLimits::DEFAULT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_file_which_beats_the_defaults() {
        let file = ConfigFile::parse(
            "db = \"postgres://u:secret@db/team\"\nbind = \"0.0.0.0:9000\"\nsecure_cookies = true\n",
        )
        .unwrap();
        let s = Settings::resolve(
            Layer {
                bind: Some("127.0.0.1:7000".parse().unwrap()),
                ..Layer::default()
            },
            file,
            || panic!("the file names the database"),
        )
        .unwrap();
        assert_eq!(
            s.bind,
            ("127.0.0.1:7000".parse().unwrap(), Source::CommandLine)
        );
        assert_eq!(s.secure_cookies, (true, Source::File));
        let shown = format!("{:?} {:?}", s.shown(), s);
        assert!(!shown.contains("secret"), "{shown}");
        let d = Settings::resolve(Layer::default(), ConfigFile::default(), || {
            Ok("team.db".into())
        })
        .unwrap();
        assert_eq!(
            (d.bind.1, d.secure_cookies),
            (Source::Default, (false, Source::Default))
        );
    }

    #[test]
    fn a_wrong_file_says_what_and_where() {
        let e = ConfigFile::parse("bind = \"127.0.0.1:8420\"\nport = 9\n").unwrap_err();
        assert!(e.contains("port") && e.contains("line 2"), "{e}");
        let e = ConfigFile::parse("secure_cookies = \"yes\"").unwrap_err();
        assert!(e.contains("secure_cookies"), "{e}");
    }
}
