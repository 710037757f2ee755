//! End-to-end tests of the `round2` binary: commands, bad input, crashes.

mod bad_input;
mod commands;
mod crash;
mod exports;
mod method;
mod spoken;
mod support;
mod team;
