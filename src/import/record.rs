//! One record of a file being imported, in gapmap's terms, before it is a
//! study: what every reader (RIS, BibTeX, CSL-JSON, CSV, EPPI-Reviewer
//! JSON) produces, and where in its file it was, so that any problem with
//! it can be named.

use crate::content::AuthorName;

/// Where a record stands in its file: a line for the line-based formats
/// (RIS, BibTeX, CSV), an index (0-based) and the tool's own id for JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line of the record's first line (RIS, BibTeX, CSV).
    pub line: Option<usize>,
    /// 0-based index of the record in the file (JSON).
    pub index: Option<usize>,
    /// The exporting tool's id for the record (EPPI-Reviewer `ItemId`,
    /// CSL-JSON `id`, BibTeX key).
    pub source_id: Option<String>,
}

impl std::fmt::Display for Position {
    /// `refs.ris:120`, `export.json record 3 (ItemId 91234)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(index) = self.index {
            write!(f, " record {}", index + 1)?;
        }
        if let Some(id) = &self.source_id {
            write!(f, " ({id})")?;
        }
        Ok(())
    }
}

/// A bibliographic record with the codes its source gave it. Text is as the
/// file has it (trimmed); nothing here is trusted: it goes through the same
/// validation as a contributor's study.yaml once written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub title: Option<String>,
    pub authors: Vec<AuthorName>,
    pub year: Option<i32>,
    /// The journal (or book, or container) the record appeared in.
    pub journal: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    /// `start-end`, or one page.
    pub pages: Option<String>,
    /// A bare DOI (no https://doi.org/ prefix), as found.
    pub doi: Option<String>,
    pub url: Option<String>,
    /// The source's own abstract, kept for whoever writes the summary.
    pub abstract_text: Option<String>,
    pub keywords: Vec<String>,
    /// Codes the source applied, to be mapped to terms: EPPI-Reviewer
    /// attribute ids, or `column=value` pairs of a CSV's term columns.
    pub codes: Vec<String>,
    /// Reviewers' names and remarks (EPPI `CreatedBy`, `EditedBy`,
    /// `Comments`): never published; at most an internal note.
    pub internal: Vec<String>,
    /// The source's own kind of record (`JOUR`, `article`,
    /// `article-journal`, `Journal, Article`), for messages.
    pub kind: Option<String>,
}

/// A record that could not be read, and why, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub at: Position,
    pub reason: String,
}

/// What a reader made of one file: the records, each with its position, and
/// those it refused. A reader never stops at a bad record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    pub records: Vec<(Position, Record)>,
    pub refused: Vec<Refused>,
}
