//! CSV with a header row, as spreadsheets (Excel's "CSV UTF-8", with its
//! semicolons where the decimal mark is a comma) and gapmap's own
//! data/studies.csv save it. Columns are matched by name.

use super::record::{Position, Read, Record, Refused};
use super::text::{bare_doi, either_order, non_empty, split_list, year_of};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Title,
    Authors,
    Year,
    Journal,
    Volume,
    Issue,
    Pages,
    Doi,
    Url,
    Abstract,
    Keywords,
    Kind,
    /// Known, and not the record's: gapmap's own labels and study fields.
    Skip,
    /// Anything else: its values are codes `column=value`.
    Codes,
}

/// A column's meaning from its header (case-insensitive).
fn column(header: &str) -> Column {
    let h = header.trim().to_lowercase();
    match h.as_str() {
        "id" | "record id" | "item id" => Column::Id,
        "title" | "title_en" | "article title" | "document title" | "primary title" => {
            Column::Title
        }
        "authors" | "author" | "author full names" => Column::Authors,
        "year" | "publication year" | "publication_year" | "py" => Column::Year,
        "journal" | "source title" | "container" | "container-title" | "journal title"
        | "publication title" => Column::Journal,
        "volume" => Column::Volume,
        "issue" | "number" => Column::Issue,
        "pages" | "page" => Column::Pages,
        "doi" => Column::Doi,
        "url" | "link" => Column::Url,
        "abstract" => Column::Abstract,
        "keywords" | "keywords_en" | "author keywords" => Column::Keywords,
        "type" | "item type" | "publication type" | "document type" => Column::Kind,
        // gapmap's data/studies.csv: study fields that are not terms.
        "sample_size" | "publication_date" | "status" | "open_access" | "quality_tool"
        | "date_added" | "date_updated" | "citation_apa" => Column::Skip,
        _ if h.is_empty() || h.ends_with("_en") || h.ends_with("_zh") => Column::Skip,
        _ => Column::Codes,
    }
}

/// The separator of a header line: whichever of comma, semicolon and tab
/// it has most of outside quotes (a comma when it has none).
fn separator(header: &str) -> u8 {
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A cell as written before gapmap's export put a `'` before it to keep a
/// spreadsheet from reading it as a formula.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches(' ')
                .starts_with(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠']) =>
        {
            rest
        }
        _ => cell,
    }
}

/// Every row of a CSV file. A row with more or fewer fields than the header,
/// or without a title, is refused by its line, and the rest read.
pub fn read(file: &str, text: &str) -> Read {
    let mut read = Read::default();
    let text = text.trim_start_matches('\u{feff}');
    // Excel's `sep=;` first line names the separator.
    let (text, skipped, sep) = match text.split_once('\n') {
        Some((first, rest))
            if matches!(
                first.strip_suffix('\r').unwrap_or(first).as_bytes(),
                [b's', b'e', b'p', b'=', b',' | b';' | b'\t' | b'|']
            ) =>
        {
            (rest, 1, first.as_bytes()[4])
        }
        _ => (text, 0, separator(text.lines().next().unwrap_or(""))),
    };
    // The csv crate's line count leaves out blank lines, and a record's
    // offset is where the blank lines before it start.
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while bytes.get(end) == Some(&b'\n') {
            end += 1;
        }
        bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
    };
    let at = |line: Option<usize>| Position {
        file: file.to_string(),
        line: line.map(|l| l + skipped),
        index: None,
        source_id: None,
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            read.refused.push(Refused {
                at: at(Some(1)),
                reason: format!("the header row cannot be read: {e}"),
            });
            return read;
        }
    };
    let columns: Vec<Column> = headers.iter().map(|h| column(h)).collect();
    if !columns.contains(&Column::Title) && !headers.iter().all(String::is_empty) {
        read.refused.push(Refused {
            at: at(Some(1)),
            reason: "no title column (title, title_en or article title) in the header row"
                .to_string(),
        });
        return read;
    }
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte()));
                read.refused.push(Refused {
                    at: at(line),
                    reason: format!("the row cannot be read: {e}"),
                });
                continue;
            }
        };
        let line = row.position().map(|p| line_at(p.byte()));
        if row.len() != headers.len() {
            read.refused.push(Refused {
                at: at(line),
                reason: format!(
                    "the row has {} fields where the header has {}",
                    row.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let mut position = at(line);
        let mut record = Record::default();
        for ((cell, header), &column) in row.iter().zip(&headers).zip(&columns) {
            let cell = unneutralise(cell.trim()).trim();
            if cell.is_empty() {
                continue;
            }
            fill(&mut record, &mut position, column, header, cell);
        }
        if record.title.is_none() {
            read.refused.push(Refused {
                at: position,
                reason: "the row has no title".to_string(),
            });
        } else {
            read.records.push((position, record));
        }
    }
    read
}

fn fill(record: &mut Record, at: &mut Position, column: Column, header: &str, cell: &str) {
    let text = || non_empty(cell);
    match column {
        Column::Id => at.source_id = text(),
        Column::Title => record.title = record.title.take().or_else(text),
        Column::Authors => {
            record.authors = cell.split(';').filter_map(either_order).collect();
        }
        Column::Year => record.year = year_of(cell),
        Column::Journal => record.journal = record.journal.take().or_else(text),
        Column::Volume => record.volume = text(),
        Column::Issue => record.issue = text(),
        Column::Pages => record.pages = text(),
        Column::Doi => record.doi = bare_doi(cell),
        Column::Url => record.url = text(),
        Column::Abstract => record.abstract_text = text(),
        Column::Keywords => record.keywords.extend(split_list(cell, &[';'])),
        Column::Kind => record.kind = text(),
        Column::Skip => {}
        Column::Codes => record.codes.extend(
            split_list(cell, &[';'])
                .into_iter()
                .map(|value| format!("{header}={value}")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_counted_outside_quotes() {
        assert_eq!(separator("title;year;\"a,b,c\""), b';');
        assert_eq!(separator("title\tyear"), b'\t');
        assert_eq!(separator("title,year"), b',');
        assert_eq!(separator("title"), b',');
    }

    #[test]
    fn columns_by_name_and_the_rest_as_codes() {
        let text = "Title;Authors;Year;Journal;Pages;DOI;design;design_en;notes_zh;Keywords\n\
                    Peer support;\"Chu, Wendy; Sarah J Miller\";2021;J;'-1;doi:10.1/x;\"rct; cohort\";RCT;x;\"a; b\"\n";
        let read = read("s.csv", text);
        assert!(read.refused.is_empty(), "{:?}", read.refused);
        let (at, r) = &read.records[0];
        assert_eq!(at.to_string(), "s.csv:2");
        assert_eq!(r.title.as_deref(), Some("Peer support"));
        let names: Vec<_> = r
            .authors
            .iter()
            .map(|a| (&a.family[..], a.given.as_deref()))
            .collect();
        assert_eq!(names, [("Chu", Some("Wendy")), ("Miller", Some("Sarah J"))]);
        assert_eq!(r.year, Some(2021));
        assert_eq!(
            r.pages.as_deref(),
            Some("-1"),
            "the export's quote is taken off"
        );
        assert_eq!(r.doi.as_deref(), Some("10.1/x"));
        assert_eq!(r.codes, ["design=rct", "design=cohort"]);
        assert_eq!(r.keywords, ["a", "b"]);
    }

    #[test]
    fn bad_rows_are_refused_by_line_and_the_rest_read() {
        let text = "sep=\t\ntitle\tyear\n\"A\nsecond line\"\t2020\nB\n\t2019\n\nC\t2018\n";
        let read = read("s.csv", text);
        let lines: Vec<_> = read.records.iter().map(|(at, _)| at.line).collect();
        assert_eq!(lines, [Some(3), Some(8)]);
        assert_eq!(read.records[0].1.title.as_deref(), Some("A\nsecond line"));
        let refused: Vec<_> = read.refused.iter().map(|r| r.at.line).collect();
        assert_eq!(refused, [Some(5), Some(6)]);
        assert!(
            read.refused[0]
                .reason
                .contains("1 fields where the header has 2")
        );
    }

    #[test]
    fn a_file_without_a_title_column_is_refused_once() {
        let read = read("s.csv", "name,year\nx,1\n");
        assert_eq!(read.refused.len(), 1);
        assert!(super::read("s.csv", "").refused.is_empty());
    }
}
