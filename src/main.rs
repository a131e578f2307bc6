//! The `gapmap` command: parses arguments, runs the pipeline, prints the
//! diagnostics once and picks the exit code (0 clean, 1 content errors,
//! 2 usage or I/O errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gapmap::build::{self, BuildOptions, Failure};
use gapmap::diagnostics::Diagnostics;
use gapmap::scaffold;

/// Rendering a large site makes millions of short-lived strings from both
/// cores at once; mimalloc serves them with less contention and fewer fresh
/// pages than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gapmap",
    version,
    about = "Build a bilingual evidence-and-gap map from a folder of studies"
)]
struct Cli {
    /// How to print problems: `human` (rustc-like, with the offending line) or
    /// `github` (workflow commands that annotate a pull request).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human, global = true)]
    message_format: MessageFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum BundleLang {
    En,
    Zh,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Build the whole site. Nothing is written when the content has errors,
    /// and a previous output folder is replaced only when the build succeeds.
    Build {
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: public/ under the root].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The published address, for canonical and hreflang links only
        /// (every other link is relative) [default: base_url in site.yaml].
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Validate all content and templates without writing anything; with
    /// --output, check a built site instead: every internal link and #anchor
    /// resolves, every page has a lang, a title and one h1.
    Check {
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A built site to check (for example public/).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Create content/studies/<ID>/ with a commented study.yaml and both summaries.
    New {
        /// The study id: lowercase letters, digits and hyphens, e.g. smith-2024-peer-burnout.
        id: String,
        /// The site's root folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The article's DOI (e.g. 10.1037/ort0000867, or a doi.org link):
        /// checked for form and filled in. Nothing is looked up online.
        #[arg(long)]
        doi: Option<String>,
    },
    /// Build the site, serve it on 127.0.0.1 and rebuild it when a file in
    /// content/ or themes/ is saved; open pages reload by themselves. A
    /// change with errors is shown in the terminal and over the page, and
    /// the last good site goes on being served.
    Serve {
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: public/ under the root].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Write the whole map, or a part of it, as one zip for offline use: a
    /// trainer unzips it and opens START-HERE.html, no internet needed.
    /// Choose studies by any vocabulary's terms with `--only
    /// VOCABULARY=SLUG`, or with a flag named after the vocabulary (`--theme
    /// burnout`, `--region canada`). Several values of one vocabulary
    /// widen the choice, different vocabularies narrow it; a term includes
    /// the terms below it. The same content always gives the same bytes.
    Bundle {
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The zip to write [default: dist/<site>-offline-<date>.zip under
        /// the root; the date is SOURCE_DATE_EPOCH's or the content's
        /// latest update, never today's].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Which languages to include.
        #[arg(long, value_enum, default_value_t = BundleLang::All)]
        lang: BundleLang,
        /// Only studies with this term or one below it: the vocabulary's
        /// key or singular name, `=`, a term's slug (repeat for several).
        /// `--theme burnout` is short for `--only theme=burnout`.
        #[arg(long = "only", value_name = "VOCABULARY=SLUG")]
        only: Vec<String>,
    },
    /// Move studies in from EPPI-Reviewer JSON, RIS, BibTeX, CSL-JSON or CSV:
    /// one study folder per record under content/studies/, a draft (left
    /// out of the site) until it has its summaries and required terms. A
    /// study already in the map is never overwritten. Exits 1 when a record
    /// was refused (the others are imported).
    Import {
        /// The files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Their format: ris, bibtex, csl-json, csv or eppi-json
        /// [default: found from their content].
        #[arg(long, value_parser = import_format)]
        format: Option<gapmap::import::detect::Format>,
        /// How the files' codes and keywords become terms (see
        /// docs/import.md); without it, only a CSV column named as
        /// study.yaml names a vocabulary gives terms.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Say what would be written and every problem; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// For a record already in the map, refresh the citation fields it
        /// brings; its summaries, terms and dates are left alone.
        #[arg(long)]
        update: bool,
        /// From EPPI-Reviewer exports, write taxonomies.proposed.yaml and
        /// import-mapping.yaml into the root for the owner to edit.
        #[arg(long)]
        propose_mapping: bool,
        /// The site's root folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the JSON Schemas of study.yaml, taxonomies.yaml and site.yaml
    /// into DIR (the repository keeps them in schema/; the site publishes
    /// them under schema/).
    Schema {
        /// Where to write them.
        #[arg(default_value = "schema")]
        dir: PathBuf,
        /// The site's root folder: study.yaml's schema offers the terms of
        /// its content/taxonomies.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn check_output(dir: &std::path::Path, diags: &mut Diagnostics) -> Result<String, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Usage(format!("{} is not a folder", dir.display())));
    }
    let pages = gapmap::linkcheck::check_output(dir, diags);
    if diags.has_errors() {
        Err(Failure::Content)
    } else {
        Ok(format!("checked {pages} pages: every link resolves"))
    }
}

fn write_schemas(
    dir: &std::path::Path,
    root: &std::path::Path,
    diags: &mut Diagnostics,
) -> Result<String, Failure> {
    let content = build::content(root, diags)?;
    let files = gapmap::schema::files(&gapmap::schema::declared(&content.taxonomies));
    std::fs::create_dir_all(dir)
        .and_then(|()| {
            files
                .iter()
                .try_for_each(|(name, json)| std::fs::write(dir.join(name), json))
        })
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", dir.display())))?;
    Ok(format!(
        "wrote {} schemas to {}",
        files.len(),
        dir.display()
    ))
}

/// `--format`, read as the import module names its formats.
fn import_format(name: &str) -> Result<gapmap::import::detect::Format, String> {
    use gapmap::import::detect::Format;
    Format::parse(name).ok_or_else(|| format!("write one of: {}", Format::NAMES.join(", ")))
}

/// `gapmap import`: the summary line, and whether a record was refused.
fn run_import(
    options: &gapmap::import::command::ImportOptions,
    diags: &mut Diagnostics,
) -> (Result<String, Failure>, bool) {
    use gapmap::import::command;
    match command::import(options, diags) {
        Err(command::Refusal(message)) => (Err(Failure::Usage(message)), false),
        Ok(report) => (
            Ok(command::summary(&report, options.dry_run)),
            report.refused > 0,
        ),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(vocabulary_flags(std::env::args_os().collect()));
    let mut diags = Diagnostics::default();
    // An import that refused some records still imports the rest, and
    // exits 1.
    let mut refused = false;
    let outcome = match &cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => build::build(
            &BuildOptions {
                root: root.clone(),
                output: output.clone(),
                base_url: base_url.clone(),
            },
            &mut diags,
        )
        .map(|report| {
            let phases: Vec<String> = report
                .phases
                .iter()
                .map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1000.0))
                .collect();
            let search: Vec<String> = report
                .search_bytes
                .iter()
                .map(|(lang, bytes)| format!("{} {bytes} bytes", lang.code()))
                .collect();
            format!(
                "built {} pages ({} files, {} bytes) in {}\nsearch index: {}; script assets/gapmap.js {} bytes",
                report.pages,
                report.files,
                report.bytes,
                phases.join(", "),
                search.join(", "),
                report.script_bytes,
            )
        }),
        Command::Check { root, output: None } => build::check(root, &mut diags)
            .map(|pages| format!("checked: {pages} pages would be built")),
        Command::Check {
            output: Some(dir), ..
        } => check_output(dir, &mut diags),
        Command::New { id, root, doi } => scaffold::new_study(root, id, doi.as_deref())
            .map(|dir| {
                format!(
                    "created {}: fill in study.yaml and both summaries, then run `gapmap check`",
                    dir.display()
                )
            })
            .map_err(Failure::Usage),
        Command::Schema { dir, root } => write_schemas(dir, root, &mut diags),
        Command::Import {
            files,
            format,
            mapping,
            dry_run,
            update,
            propose_mapping,
            root,
        } => {
            let options = gapmap::import::command::ImportOptions {
                root: root.clone(),
                files: files.clone(),
                format: *format,
                mapping: mapping.clone(),
                dry_run: *dry_run,
                update: *update,
                propose_mapping: *propose_mapping,
                today: gapmap::dates::iso_date(gapmap::dates::now_epoch()),
            };
            let (outcome, some_refused) = run_import(&options, &mut diags);
            refused = some_refused;
            outcome
        }
        Command::Bundle {
            root,
            output,
            lang,
            only,
        } => gapmap::bundle::bundle(
            &gapmap::bundle::BundleOptions {
                root: root.clone(),
                output: output.clone(),
                languages: match lang {
                    BundleLang::En => gapmap::bundle::Languages::En,
                    BundleLang::Zh => gapmap::bundle::Languages::Zh,
                    BundleLang::All => gapmap::bundle::Languages::All,
                },
                terms: only
                    .iter()
                    .map(|o| match o.split_once('=') {
                        Some((v, slug)) => (v.to_string(), slug.to_string()),
                        None => (o.clone(), String::new()),
                    })
                    .collect(),
            },
            &mut diags,
        )
        .map(|report| {
            format!(
                "wrote {} ({} {}, {} files, {} bytes): unzip it and open START-HERE.html",
                report.path.display(),
                report.studies,
                if report.studies == 1 { "study" } else { "studies" },
                report.files,
                report.bytes
            )
        }),
        Command::Serve { root, output, port } => {
            if !root.join("content").is_dir() {
                Err(Failure::Usage(format!(
                    "no content/ folder in {}: pass the site's root with --root",
                    root.display()
                )))
            } else {
                gapmap::serve::serve(gapmap::serve::ServeOptions {
                    root: root.clone(),
                    output: output.clone(),
                    port: *port,
                })
                .map(|()| String::new())
            }
        }
    };
    if !diags.is_empty() {
        match cli.message_format {
            MessageFormat::Human => eprint!("{}", diags.render_human()),
            MessageFormat::Github => print!("{}", diags.render_github()),
        }
    }
    match outcome {
        Ok(message) => {
            if !diags.is_empty() {
                eprintln!("{}", diags.summary());
            }
            eprintln!("{message}");
            if refused {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(Failure::Content) => {
            eprintln!("{}; nothing was written", diags.summary());
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// `gapmap bundle --theme burnout` as `--only theme=burnout`: a bundle's
/// flags name the site's own vocabularies, which only its content knows,
/// so any flag `bundle` does not have is read as a vocabulary's.
fn vocabulary_flags(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const OWN: &[&str] = &["root", "output", "lang", "only", "help"];
    if args.get(1).and_then(|a| a.to_str()) != Some("bundle") {
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    let mut rest = args.into_iter();
    while let Some(arg) = rest.next() {
        let Some(flag) = arg.to_str().and_then(|a| a.strip_prefix("--")) else {
            out.push(arg);
            continue;
        };
        let (name, value) = match flag.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (flag.to_string(), None),
        };
        if name.is_empty() || OWN.contains(&name.as_str()) {
            out.push(arg);
            continue;
        }
        let value = match value {
            Some(v) => Some(v),
            None => rest.next().and_then(|v| v.into_string().ok()),
        };
        out.push("--only".into());
        out.push(format!("{name}={}", value.unwrap_or_default()).into());
    }
    out
}
