//! The one interface every output besides the pages has: it reads the model
//! alone and hands each file it makes to `put` as soon as it is made, so no
//! more than one of its files is held at a time. The data files, the web
//! files (feeds, sitemap, robots.txt) and each language's search index are
//! outputs; `build` decides which a site has and writes them side by side
//! with the pages. A new output is one more implementation, not a branch
//! in the build.

use std::io;

use crate::model::Site;

/// Where an output's files go: a path under the output folder, and bytes.
pub type Put<'a> = dyn FnMut(String, Vec<u8>) -> io::Result<()> + 'a;

pub trait FileOutput: Sync {
    /// What the output is called in messages ("the search index").
    fn name(&self) -> String;
    /// Makes every file of the output from `site`, each handed to `put`.
    fn write(&self, site: &Site, put: &mut Put) -> io::Result<()>;
}
