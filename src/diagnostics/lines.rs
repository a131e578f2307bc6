//! Lines and columns of byte offsets: once per look-up for a single
//! diagnostic, or from line starts found once per file when there are many.

use std::cell::Cell;

pub(super) fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// 1-based line and character column of a byte offset. Scans the text up
/// to `offset`; see [`LineIndex`] for many look-ups in one text.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and character column.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(line - 2)
            .map_or(text.len(), |i| i + 1)
    };
    column_offset(text, line_start, column)
}

fn column_offset(text: &str, line_start: usize, column: usize) -> usize {
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// Where each line of one text starts, found once: locating a diagnostic
/// is then a binary search, and counting its column characters reads only
/// its own line (from the previous look-up on that line when diagnostics
/// come in order, so even one long line is read once).
#[derive(Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line; `starts[0] == 0`.
    pub(super) starts: Vec<usize>,
    ascii: bool,
    /// The last look-up: (offset, its line's start, its column).
    cursor: Cell<(usize, usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            ascii: text.is_ascii(),
            cursor: Cell::new((0, 0, 1)),
        }
    }

    /// 0-based index of the line holding byte `offset`.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where a line ends, before its `\n` (or `\r\n`).
    pub(super) fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        if end > self.starts[line] && text.as_bytes()[end - 1] == b'\r' && end < text.len() {
            end - 1
        } else {
            end
        }
    }

    /// As [`line_column`], for the text this index was made from; `offset`
    /// is on a character boundary.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.starts[line];
        if self.ascii {
            return (line + 1, offset - start + 1);
        }
        let (at, at_start, at_column) = self.cursor.get();
        let column = if at_start == start && at <= offset && at >= start {
            at_column + text[at..offset].chars().count()
        } else {
            text[start..offset].chars().count() + 1
        };
        self.cursor.set((offset, start, column));
        (line + 1, column)
    }

    /// As [`offset_of`], for the text this index was made from.
    pub fn offset_of(&self, text: &str, line: usize, column: usize) -> usize {
        let line_start = match line {
            0 | 1 => 0,
            n => self.starts.get(n - 1).copied().unwrap_or(text.len()),
        };
        column_offset(text, line_start, column)
    }
}
