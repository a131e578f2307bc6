//! gapmap: load, validate, model, render and write a bilingual evidence map.
//!
//! Data flows one way: [`load`] reads content/, [`validate`] turns it into
//! typed [`content`], [`model`] builds the one [`model::Site`] every output
//! reads, [`render`] turns it into pages, and [`write`] is the only step that
//! touches the output folder. [`build`] runs the steps in order.
pub mod build;
pub mod bundle;
pub mod citation;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod export;
pub mod highlight;
pub mod import;
pub mod incremental;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod write;
pub mod yaml;
