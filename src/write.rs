//! The only step that touches the output folder. A build writes into a
//! staging folder beside the output and swaps it into place only when every
//! file is written, so a failed or killed build leaves the previous site
//! exactly as it was.
//!
//! A file whose bytes are the same as in the previous output is not written
//! again: the staging folder gets a hard link to the old file. Unchanged
//! files keep their modification time (what a deploy or a browser cache
//! compares), and no inode is freed and allocated again, which is what file
//! creation costs most on these machines after a large delete
//! (docs/performance.md).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a build's files go: the staging folder of a site, or a bundle
/// being collected for a zip. Called from several threads at once.
pub trait Sink: Sync {
    /// Stores one file; `rel` is `/`-separated, relative to the site root.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write(rel, bytes)
    }
}

/// An output folder changed where it stands (`gapmap serve`, after a save):
/// only files whose bytes differ are written, each to a temporary name
/// beside it and then renamed into place, so a reader never sees half of
/// a file (`gapmap serve` retries a request that falls in the moment
/// between the old file's removal and the new one's rename), and unchanged
/// files keep their modification time.
pub struct InPlace {
    dir: PathBuf,
    /// Makes each temporary name unique across threads.
    next: AtomicUsize,
    /// Every path put, changed or not.
    written: Mutex<HashSet<String>>,
}

impl InPlace {
    pub fn new(dir: &Path) -> InPlace {
        InPlace {
            dir: dir.to_path_buf(),
            next: AtomicUsize::new(0),
            written: Mutex::new(HashSet::new()),
        }
    }

    /// The paths put so far, whether their bytes changed or not.
    pub fn written(&self) -> HashSet<String> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// Removes a file the site no longer has, and the folders it leaves
    /// empty.
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.dir.join(rel);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut parent = path.parent();
        while let Some(dir) = parent {
            if dir == self.dir || fs::remove_dir(dir).is_err() {
                break;
            }
            parent = dir.parent();
        }
        Ok(())
    }
}

impl Sink for InPlace {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_string());
        }
        let path = self.dir.join(rel);
        if same_bytes(&path, bytes) {
            return Ok(());
        }
        let parent = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(parent)?;
        let temp = parent.join(format!(
            ".gapmap-new-{}-{}",
            std::process::id(),
            self.next.fetch_add(1, Ordering::Relaxed)
        ));
        // The old file goes just before the new one takes its name: renaming
        // over an existing file makes ext4 write the new file's data out at
        // once (its auto_da_alloc safeguard), which cost a third of a
        // rebuild's time in `gapmap serve` (docs/performance.md). A reader
        // that has the old file open still reads all of it; a request in
        // the microseconds between the two steps finds no file.
        let written = fs::write(&temp, bytes).and_then(|()| {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            fs::rename(&temp, &path)
        });
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }
}

pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// The output being replaced, when there is one.
    previous: Option<PathBuf>,
}

const STAGING_MARK: &str = ".gapmap-staging-";

impl Staging {
    /// Creates an empty staging folder next to `output`, removing any left
    /// by an earlier build that was killed.
    pub fn begin(output: &Path) -> io::Result<Staging> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let prefix = format!(".{name}{STAGING_MARK}");
        for entry in fs::read_dir(&parent)?.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            committed: false,
            previous: output.is_dir().then(|| output.to_path_buf()),
        })
    }

    /// Writes one file under the staging folder. `rel` is `/`-separated and
    /// comes from the site model, never from user input unchecked.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if same_bytes(&old, bytes) && fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        // A new file, never an existing one: writing through a name that is
        // a hard link would change the previous site too, and two outputs
        // claiming one path is a bug to report, not to overwrite.
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        io::Write::write_all(&mut file, bytes)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staging folder into place of the output.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = fs::rename(&old, &self.output);
            }
            return Err(e);
        }
        self.committed = true;
        if had_output {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

/// Whether `path` is a plain file holding exactly `bytes` (read only when
/// the sizes agree).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abandoned_staging_leaves_output_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        {
            let staging = Staging::begin(&out).unwrap();
            staging.write("index.html", b"new").unwrap();
            // dropped without commit
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn unchanged_files_are_kept_and_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = Staging::begin(&out).unwrap();
        first.write("same.html", b"same").unwrap();
        first.write("changed.html", b"old").unwrap();
        first.commit().unwrap();
        let inode = |name: &str| fs::metadata(out.join(name)).unwrap().ino();
        let (same, changed) = (inode("same.html"), inode("changed.html"));
        let second = Staging::begin(&out).unwrap();
        second.write("same.html", b"same").unwrap();
        second.write("changed.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(
            inode("same.html"),
            same,
            "an unchanged file is the same file"
        );
        assert_ne!(inode("changed.html"), changed);
        assert_eq!(fs::read(out.join("changed.html")).unwrap(), b"new");
        assert_eq!(fs::read(out.join("same.html")).unwrap(), b"same");
    }

    #[test]
    fn in_place_writes_only_changed_files_and_removes_empty_folders() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = Staging::begin(&out).unwrap();
        first.write("same.html", b"same").unwrap();
        first.write("changed.html", b"old").unwrap();
        first.write("gone/deep/index.html", b"gone").unwrap();
        first.commit().unwrap();
        let inode = |name: &str| fs::metadata(out.join(name)).unwrap().ino();
        let (same, changed) = (inode("same.html"), inode("changed.html"));
        let site = InPlace::new(&out);
        site.put("same.html", b"same").unwrap();
        site.put("changed.html", b"new").unwrap();
        site.put("new/index.html", b"new").unwrap();
        site.remove("gone/deep/index.html").unwrap();
        assert_eq!(inode("same.html"), same);
        assert_ne!(inode("changed.html"), changed);
        assert_eq!(fs::read(out.join("changed.html")).unwrap(), b"new");
        assert_eq!(fs::read(out.join("new/index.html")).unwrap(), b"new");
        assert!(!out.join("gone").exists(), "emptied folders are removed");
        let names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 3, "no temporary file is left: {names:?}");
    }

    #[test]
    fn commit_replaces_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
