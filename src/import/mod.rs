//! `gapmap import`: studies moved in from the tools of the field
//! (EPPI-Reviewer JSON, RIS, BibTeX, CSL-JSON, CSV). Each reader turns a
//! file into [`record::Record`]s with their positions; the command maps
//! their codes to the site's terms and writes ordinary study folders.

pub mod bibtex;
pub mod csl_json;
pub mod csv;
pub mod detect;
pub mod ids;
pub mod record;
pub mod ris;
pub mod text;
pub mod write;
