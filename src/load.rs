//! Reads content/ from disk into raw documents: file texts with the paths a
//! contributor would recognise. It decides which files exist and whether
//! they are readable UTF-8 text of a sane size; it never interprets them
//! (that is validation's job) and never writes anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Content files are small; anything larger is a mistake (a PDF dropped in,
/// a generated file) and is refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One text file, BOM stripped, line endings as written (CRLF is fine; a
/// lone CR is read as a line feed).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown in diagnostics: relative to the site root, `/`-separated.
    pub file: String,
    pub text: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct RawStudy {
    /// The folder name, which is the study id (checked by validation).
    pub id: String,
    pub dir: PathBuf,
    /// The folder as shown in diagnostics.
    pub display: String,
    pub yaml: Option<SourceFile>,
    pub summary_en: Option<SourceFile>,
    pub summary_zh: Option<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct RawPage {
    pub name: String,
    pub en: Option<SourceFile>,
    pub zh: Option<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct RawContent {
    pub root: PathBuf,
    pub site: Option<SourceFile>,
    pub taxonomies: Option<SourceFile>,
    pub studies: Vec<RawStudy>,
    pub pages: Vec<RawPage>,
}

/// An error that stops loading altogether: the root is not a gapmap site.
#[derive(Debug)]
pub struct LoadError(pub String);

/// Reads every content file under `root/content`. Problems with single files
/// become diagnostics; only a missing or unreadable content folder is fatal.
pub fn load_content(root: &Path, diags: &mut Diagnostics) -> Result<RawContent, LoadError> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(LoadError(format!(
            "no content folder at {}: run gapmap from a site's root or pass --root DIR",
            content.display()
        )));
    }
    let content_real = fs::canonicalize(&content)
        .map_err(|e| LoadError(format!("cannot read {}: {e}", content.display())))?;
    let reader = Reader {
        root,
        content_real: &content_real,
    };

    let site = reader.required(&content.join("site.yaml"), diags);
    let taxonomies = reader.required(&content.join("taxonomies.yaml"), diags);
    let studies = reader.studies(&content.join("studies"), diags);
    let pages = reader.pages(&content.join("pages"), diags);
    Ok(RawContent {
        root: root.to_path_buf(),
        site,
        taxonomies,
        studies,
        pages,
    })
}

/// Reads one study folder again (`gapmap serve`, after a save in it). `None`
/// when it is no longer a folder; what is wrong with its files is in
/// `diags`, as in [`load_content`].
pub fn reload_study(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Option<RawStudy> {
    let content_real = fs::canonicalize(root.join("content")).ok()?;
    let reader = Reader {
        root,
        content_real: &content_real,
    };
    if !dir.is_dir() {
        return None;
    }
    reader.study_folder(dir, diags)
}

struct Reader<'a> {
    root: &'a Path,
    content_real: &'a Path,
}

impl Reader<'_> {
    fn display(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn required(&self, path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
        if !path.exists() {
            diags.push(
                Diagnostic::error(self.display(path), "required file is missing")
                    .with_help("see CONTRIBUTING.md for what it holds"),
            );
            return None;
        }
        self.read(path, diags)
    }

    /// Reads one file, checking that it stays inside content/, is not too
    /// large and is UTF-8.
    fn read(&self, path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
        let file = self.display(path);
        let real = match fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) => {
                diags.push(Diagnostic::error(&file, format!("cannot read file: {e}")));
                return None;
            }
        };
        if !real.starts_with(self.content_real) {
            diags.push(
                Diagnostic::error(
                    &file,
                    "symbolic link points outside content/; it is not followed",
                )
                .with_help("copy the file into content/ instead of linking to it"),
            );
            return None;
        }
        match fs::metadata(&real) {
            // A named pipe would block the read for ever, a device would
            // never end: only regular files are opened.
            Ok(meta) if !meta.is_file() => {
                diags.push(
                    Diagnostic::error(
                        &file,
                        format!("{} is not a regular file; it is not read", kind_of(&meta)),
                    )
                    .with_help("content/ holds text files only: remove it"),
                );
                return None;
            }
            Ok(meta) if meta.len() > MAX_FILE_BYTES => {
                diags.push(
                    Diagnostic::error(
                        &file,
                        format!(
                            "file is {} bytes; content files may be at most {} bytes (1 MiB)",
                            meta.len(),
                            MAX_FILE_BYTES
                        ),
                    )
                    .with_help("summaries are a few hundred words: shorten the file or remove what does not belong"),
                );
                return None;
            }
            Ok(_) => {}
            Err(e) => {
                diags.push(Diagnostic::error(&file, format!("cannot read file: {e}")));
                return None;
            }
        }
        let bytes = match fs::read(&real) {
            Ok(bytes) => bytes,
            Err(e) => {
                diags.push(Diagnostic::error(&file, format!("cannot read file: {e}")));
                return None;
            }
        };
        match decode(&file, bytes) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text);
                diags.add_source(&file, text.clone());
                Some(SourceFile { file, text })
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }

    /// Every study folder, read from both cores (a large map has tens of
    /// thousands of files); what each says is kept in folder order.
    fn studies(&self, dir: &Path, diags: &mut Diagnostics) -> Vec<RawStudy> {
        if dir.exists() && !self.inside(dir, "folder", diags) {
            return Vec::new();
        }
        let read: Vec<(Option<RawStudy>, Diagnostics)> = self
            .list(dir, diags)
            .into_par_iter()
            .map(|entry| {
                let mut said = Diagnostics::default();
                let study = self.study_folder(&entry.path(), &mut said);
                (study, said)
            })
            .collect();
        let mut studies = Vec::with_capacity(read.len());
        for (study, said) in read {
            diags.extend(said);
            studies.extend(study);
        }
        studies
    }

    fn study_folder(&self, path: &Path, diags: &mut Diagnostics) -> Option<RawStudy> {
        let path = path.to_path_buf();
        let display = self.display(&path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !path.is_dir() {
            if !name.starts_with('.') {
                diags.push(
                    Diagnostic::warning(&display, "not a study folder; ignored")
                        .with_help("each study is a folder content/studies/<id>/ holding study.yaml, summary.en.md and summary.zh.md"),
                );
            }
            return None;
        }
        if !self.inside(&path, "study folder", diags) {
            return None;
        }
        let mut study = RawStudy {
            id: name,
            dir: path.clone(),
            display,
            yaml: None,
            summary_en: None,
            summary_zh: None,
        };
        for file in self.list(&path, diags) {
            let file_path = file.path();
            let file_name = file.file_name().to_string_lossy().into_owned();
            let slot = match file_name.as_str() {
                "study.yaml" => &mut study.yaml,
                "summary.en.md" => &mut study.summary_en,
                "summary.zh.md" => &mut study.summary_zh,
                _ if file_name.starts_with('.') => continue,
                _ => {
                    let help = match file_name.as_str() {
                        "study.yml" => "rename it to study.yaml".to_string(),
                        n if n.ends_with(".md") => {
                            "summaries are named summary.en.md and summary.zh.md".to_string()
                        }
                        _ => "a study folder holds study.yaml, summary.en.md and summary.zh.md"
                            .to_string(),
                    };
                    diags.push(
                        Diagnostic::warning(
                            self.display(&file_path),
                            "unexpected file in a study folder; ignored",
                        )
                        .with_help(help),
                    );
                    continue;
                }
            };
            *slot = self.read(&file_path, diags);
        }
        Some(study)
    }

    fn pages(&self, dir: &Path, diags: &mut Diagnostics) -> Vec<RawPage> {
        let mut pages: BTreeMap<String, RawPage> = BTreeMap::new();
        if !dir.exists() || !self.inside(dir, "folder", diags) {
            return Vec::new();
        }
        // A page one of whose files was refused is left out: what is wrong
        // with it has been said, at the file.
        let mut refused = BTreeSet::new();
        for entry in self.list(dir, diags) {
            let path = entry.path();
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if file_name.starts_with('.') {
                continue;
            }
            let parsed = file_name
                .strip_suffix(".md")
                .and_then(|stem| stem.rsplit_once('.'))
                .filter(|(_, lang)| matches!(*lang, "en" | "zh"));
            let Some((name, lang)) = parsed else {
                diags.push(
                    Diagnostic::warning(self.display(&path), "not a page file; ignored")
                        .with_help("pages are named <name>.en.md and <name>.zh.md"),
                );
                continue;
            };
            let page = pages.entry(name.to_string()).or_insert_with(|| RawPage {
                name: name.to_string(),
                en: None,
                zh: None,
            });
            let source = self.read(&path, diags);
            if source.is_none() {
                refused.insert(name.to_string());
            }
            if lang == "en" {
                page.en = source;
            } else {
                page.zh = source;
            }
        }
        pages
            .into_values()
            .filter(|page| !refused.contains(&page.name))
            .collect()
    }

    /// Whether a folder is inside content/ once links are followed; if
    /// not, says so once, for the link, and nothing about what it holds.
    fn inside(&self, dir: &Path, what: &str, diags: &mut Diagnostics) -> bool {
        match fs::canonicalize(dir) {
            Ok(real) if real.starts_with(self.content_real) => true,
            Ok(_) => {
                diags.push(
                    Diagnostic::error(
                        self.display(dir),
                        format!(
                            "{what} is a symbolic link to outside content/; it is not followed"
                        ),
                    )
                    .with_help("copy the files into content/ instead of linking to them"),
                );
                false
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    self.display(dir),
                    format!("cannot read {what}: {e}"),
                ));
                false
            }
        }
    }

    /// A folder's entries, sorted by name so every run sees the same order.
    fn list(&self, dir: &Path, diags: &mut Diagnostics) -> Vec<fs::DirEntry> {
        let read = match fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    self.display(dir),
                    format!("cannot read folder: {e}"),
                ));
                return Vec::new();
            }
        };
        let mut entries: Vec<fs::DirEntry> = read.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        entries
    }
}

/// UTF-8 text with any byte-order mark removed; a precise error otherwise.
fn decode(file: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    lone_cr_to_lf(&mut bytes);
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let good = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (line, column) = crate::diagnostics::line_column(good, good.len());
            Err(Diagnostic::error(
                file,
                format!(
                    "file is not valid UTF-8 (byte 0x{:02x} cannot start a character)",
                    bytes[valid]
                ),
            )
            .at_line(line, column)
            .with_help(
                "save the file with UTF-8 encoding (most editors: Save with Encoding > UTF-8)",
            ))
        }
    }
}

/// A carriage return not followed by a line feed (old Mac line endings,
/// or one stray) ends a line as YAML and Markdown read it: it becomes a
/// line feed, so every later step (and every line number) sees the lines
/// the contributor's editor shows. One byte for one, so no offset moves;
/// `\r\n` stays as written.
fn lone_cr_to_lf(bytes: &mut [u8]) {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\r', &bytes[from..]).map(|i| from + i) {
        if bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
        from = i + 1;
    }
}

/// What a file that is not a regular file is, for its diagnostic.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() { "a folder" } else { "it" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_a_byte_order_mark() {
        let text = decode("f", b"\xef\xbb\xbftitle: x\r\n".to_vec()).unwrap();
        assert_eq!(text, "title: x\r\n");
    }

    #[test]
    fn decode_reads_a_lone_carriage_return_as_a_line_end() {
        let text = decode("f", b"a: 1\rb: 2\r\nc: 3\r".to_vec()).unwrap();
        assert_eq!(text, "a: 1\nb: 2\r\nc: 3\n");
    }

    #[test]
    fn decode_names_utf8_and_the_position() {
        let d = decode("f.md", b"ok\nab\xffc".to_vec()).unwrap_err();
        assert!(d.message.contains("UTF-8"));
        assert_eq!((d.line, d.column), (2, 3));
    }
}
