//! One module per command group, each reading its arguments (declared in
//! `cli.rs`), calling the store and the method, and printing. They share the
//! edge helpers of `edge.rs` and the printing of `output.rs`; none imports
//! another's internals except `demo`, which writes the documents the
//! `documents` group writes.

pub mod analysis;
pub mod demo;
pub mod documents;
pub mod practice;
pub mod prep_file;
pub mod records;
pub mod team;
pub mod transcript;
