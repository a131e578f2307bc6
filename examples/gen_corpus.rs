//! Writes a synthetic evidence map for benchmarks and large-site checks:
//!
//!     cargo run --release --example gen_corpus -- N DIR [--hugo]
//!
//! DIR/content/ holds N studies in the real content format (the same bytes
//! on every run), DIR/themes/default a copy of this repository's theme, and
//! with --hugo DIR/hugo/ the same studies as a minimal Hugo site.

#[path = "corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let hugo = args.iter().any(|a| a == "--hugo");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--hugo").collect();
    let (Some(n), Some(dir)) = (rest.first().and_then(|n| n.parse().ok()), rest.get(1)) else {
        eprintln!("usage: gen_corpus N DIR [--hugo]");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    match corpus::write_corpus(n, &dir, hugo) {
        Ok(()) => {
            eprintln!("wrote {n} studies to {}", dir.join("content").display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the corpus into {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
