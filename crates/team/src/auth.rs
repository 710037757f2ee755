//! Passwords, session tokens and the login rules.
//!
//! - Passwords are hashed with argon2id (the crate's defaults: 19 MiB, two
//!   passes, one lane) into a PHC string with its own salt.
//! - A session token is 32 random bytes; the browser keeps it in an
//!   `HttpOnly`, `SameSite=Lax` cookie (`Secure` behind TLS), the database
//!   keeps only its SHA-256, so a copy of the database opens no session.
//!   Each session has its own CSRF token. Logging in always makes a new
//!   session (the old cookie is worth nothing after it).
//! - Logins are limited per account and per address over a window
//!   ([`LoginLimits`]): past the limit every attempt is refused, right or
//!   wrong, until the window has passed. An unknown email is answered
//!   exactly like a wrong password, after the same hashing work.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest (hashing a megabyte is work an attacker would like us to do).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// How long a session lasts from login.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// How long an invitation link works.
pub const INVITATION_SECONDS: i64 = 7 * 24 * 3600;
/// The cookie that carries the session token.
pub const COOKIE: &str = "round2_team";

/// How many failed logins are allowed in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    pub window_seconds: i64,
    pub per_account: u32,
    pub per_address: u32,
}

impl LoginLimits {
    /// Five wrong passwords for one account, or twenty from one address,
    /// in fifteen minutes.
    pub const DEFAULT: LoginLimits = LoginLimits {
        window_seconds: 15 * 60,
        per_account: 5,
        per_address: 20,
    };

    /// Whether failures counted so far forbid another attempt.
    pub fn locked(&self, (account, address): (u32, u32)) -> bool {
        account >= self.per_account || address >= self.per_address
    }
}

/// Why a password cannot be set.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("the password is shorter than {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password is longer than {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("hashing the password failed: {0}")]
    Hash(String),
}

fn check(password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

/// The argon2id PHC string of `password`.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    check(password)?;
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| PasswordError::Hash(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches `hash`. With no hash (an unknown email, a
/// user without a password yet) the same work is done against a fixed
/// hash, and the answer is no.
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    let against = hash.unwrap_or(DUMMY_HASH);
    let ok = PasswordHash::new(against).is_ok_and(|parsed| {
        password.chars().count() <= MAX_PASSWORD_CHARS
            && Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
    });
    ok && hash.is_some()
}

/// An argon2id hash (default parameters) of a password no one has, for
/// [`verify_password`]'s equal work.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$cm91bmQydGVhbWR1bW15$0uV1b8Tq8n2m3d0nYb2kq7wW4z9cVv1eH9rj2mX6t0Q";

pub use round2_web::security::{new_token, same};

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` value that gives the browser a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECONDS}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends it in the browser.
pub fn cleared_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Whether `s` has the form of a token [`new_token`] makes.
pub fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The session token in a `Cookie` header, if any.
pub fn token_in(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.trim())
        .filter(|v| is_token(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("correct horse battery", Some(&h)));
        assert!(!verify_password("correct horse batterY", Some(&h)));
        assert!(!verify_password("correct horse battery", None));
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
        assert_eq!(hash_password("short"), Err(PasswordError::TooShort));
        assert_eq!(hash_password(&"x".repeat(300)), Err(PasswordError::TooLong));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok(), "the dummy parses");
    }

    #[test]
    fn tokens_are_random_and_kept_hashed() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        let cookie = session_cookie(&a, true);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        assert!(cookie.ends_with("; Secure"));
        assert!(!session_cookie(&a, false).contains("Secure"));
        assert_eq!(token_in(&format!("x=1; {COOKIE}={a}")), Some(a.as_str()));
        assert_eq!(token_in(&format!("{COOKIE}=../etc")), None);
    }

    #[test]
    fn limits_lock_per_account_or_address() {
        let l = LoginLimits::DEFAULT;
        assert!(!l.locked((4, 19)));
        assert!(l.locked((5, 0)));
        assert!(l.locked((0, 20)));
    }
}
