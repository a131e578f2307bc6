//! `gapmap import`: studies moved in from the tools of the field
//! (EPPI-Reviewer JSON, RIS, BibTeX, CSL-JSON, CSV). Each reader turns a
//! file into [`record::Record`]s with their positions; the command maps
//! their codes to the site's terms and writes ordinary study folders.
//! `eppi` reads EPPI-Reviewer's JSON export, `mapping` the file that says
//! which codes and keywords become which terms, and `propose` drafts a
//! framework and a mapping from an export's code sets.

pub mod bibtex;
pub mod command;
pub mod csl_json;
pub mod csv;
pub mod detect;
pub mod eppi;
mod existing;
pub mod ids;
pub mod mapping;
pub mod propose;
pub mod record;
pub mod ris;
pub mod text;
pub mod update;
pub mod write;
