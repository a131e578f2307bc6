//! Writes a synthetic evidence map for benchmarks and large-site checks:
//!
//!     cargo run --release --example gen_corpus -- N DIR [--hugo] [--framework default|interventions]
//!
//! DIR/content/ holds N studies in the real content format (the same bytes
//! on every run), DIR/themes/default a copy of this repository's theme, and
//! with --hugo DIR/hugo/ the same studies as a minimal Hugo site.
//! `--framework interventions` declares an interventions-by-outcomes map
//! (examples/corpus/mod.rs) instead of the default content's framework; the
//! Hugo site is written for the default framework only.

#[path = "corpus/mod.rs"]
mod corpus;

use corpus::Framework;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus N DIR [--hugo] [--framework default|interventions]";

fn main() -> ExitCode {
    let mut hugo = false;
    let mut framework = Framework::Default;
    let mut rest = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--hugo" => hugo = true,
            "--framework" => {
                let name = args.next().unwrap_or_default();
                let Some(f) = Framework::parse(&name) else {
                    eprintln!(
                        "unknown framework `{name}`: --framework takes {}\n{USAGE}",
                        Framework::NAMES
                    );
                    return ExitCode::from(2);
                };
                framework = f;
            }
            _ => rest.push(arg),
        }
    }
    let (Some(n), Some(dir)) = (rest.first().and_then(|n| n.parse().ok()), rest.get(1)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if hugo && framework != Framework::Default {
        eprintln!(
            "--hugo writes the Hugo comparison site for the default framework only; \
             leave it out with --framework {}",
            framework.name()
        );
        return ExitCode::from(2);
    }
    let dir = PathBuf::from(dir);
    match corpus::write_corpus_with(n, &dir, hugo, framework) {
        Ok(()) => {
            eprintln!(
                "wrote {n} studies ({} framework) to {}",
                framework.name(),
                dir.join("content").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the corpus into {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
