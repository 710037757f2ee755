//! round2-web's integration tests, one binary: the router in-process
//! (`pages`, `security`, `xss`) and real headless Chromium (`e2e`).

mod cache;
mod common;
mod e2e;
mod editing;
mod features;
mod pages;
mod security;
mod xss;
