//! round2's core: the concepts of the method as types, the prep file, and pure
//! logic over them. Nothing here touches the file system, the network, the
//! database or the clock; callers pass those in.

pub mod limits;
pub mod model;
pub mod prep;
pub mod slug;
pub mod team;

pub use model::*;
