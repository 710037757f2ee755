//! Integration tests over the dev cases in ../shared/data/cases (read by path).

mod documents;
mod exports;
mod fixtures;
