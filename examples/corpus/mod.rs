//! A synthetic evidence map in the real content format, for benchmarks and
//! large-site checks: N studies from a fixed seed, so every run writes the
//! same bytes. Shared by examples/gen_corpus.rs, benches/build.rs and the
//! tests (`#[path]`), never shipped in the library.
//!
//! Shape (issue 7): about 300 English words and 500 Chinese characters per
//! summary with headings, a list, a table, emphasis and a link; 40 themes,
//! 4 populations, 30 regions with parents, 8 designs, 12 settings; 2 to 6
//! themes per study; authors shared between studies. With `hugo`, the same
//! studies are also written as a minimal Hugo site for the side-by-side
//! comparison.
//!
//! `write_corpus_with(.., Framework::Interventions)` writes another
//! framework instead (issue 18), shaped like examples/intervention-map: 16
//! interventions on three levels, 10 outcomes on two, 8 study designs (one
//! a study, the first map's segment), 6 world regions of 4 countries and
//! "not stated", 4 groups and "not stated", 3 confidence levels (optional,
//! the second map's segment); studies coded at every level of the
//! hierarchies, with designed gaps. No Hugo site for it. Neither
//! framework's vocabularies grow with N; only the pool of authors does.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

pub const THEMES: usize = 40;
pub const POPULATIONS: usize = 4;
/// Six countries with four sub-regions each.
pub const REGIONS: usize = 30;
pub const DESIGNS: usize = 8;
pub const SETTINGS: usize = 12;

/// Which framework the corpus declares: the default content's (themes by
/// populations, regions and designs) or an interventions-by-outcomes map
/// shaped like examples/intervention-map (nested interventions and
/// outcomes, countries under world regions, study designs and confidence
/// as segments).
#[allow(dead_code)] // each user of this module (tests, bench, example) needs part of it
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Framework {
    #[default]
    Default,
    Interventions,
}

#[allow(dead_code)]
impl Framework {
    /// The names `--framework` takes.
    pub const NAMES: &str = "default|interventions";

    pub fn parse(name: &str) -> Option<Framework> {
        match name {
            "default" => Some(Framework::Default),
            "interventions" => Some(Framework::Interventions),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Framework::Default => "default",
            Framework::Interventions => "interventions",
        }
    }
}

/// splitmix64: tiny, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// `count` distinct indices below `n`, sorted.
    fn distinct(&mut self, count: usize, n: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(count);
        while out.len() < count.min(n) {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out.sort_unstable();
        out
    }
}

const WORDS: &[&str] = &[
    "peer",
    "support",
    "workers",
    "recovery",
    "services",
    "training",
    "supervision",
    "burnout",
    "boundaries",
    "stigma",
    "organizations",
    "clients",
    "programs",
    "community",
    "policy",
    "funding",
    "experience",
    "roles",
    "wellbeing",
    "colleagues",
    "outcomes",
    "engagement",
    "treatment",
    "harm",
    "reduction",
    "youth",
    "adults",
    "families",
    "housing",
    "employment",
    "credentials",
    "mentorship",
    "practice",
    "evidence",
    "interviews",
    "surveys",
    "settings",
    "clinics",
    "hospitals",
    "shelters",
    "outreach",
    "retention",
    "caseloads",
    "wages",
    "integration",
    "teams",
    "trust",
    "relationships",
    "self-care",
    "resilience",
];
const HAN: &str = "同伴支持工作者康复服务培训督导倦怠界限污名组织社区政策资金经验角色福祉同事结果参与治疗减害青少年成年人家庭住房就业资格导师实践证据访谈调查场所诊所医院外展留任工作量工资整合团队信任关系自我照护韧性研究发现表明需要提供帮助更多时间机构人员持续";
const FAMILY: &[&str] = &[
    "Chen", "Garcia", "Smith", "Nguyen", "Okafor", "Kowalski", "Haddad", "Silva", "Tanaka",
    "Johnson", "Li", "Wang", "Brown", "Martin", "Singh", "Kim", "Murphy", "Rossi", "Novak",
    "Ahmed",
];
const GIVEN: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hao", "Ines", "Jon", "Kai", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq",
];
const DESIGN_SLUGS: [&str; DESIGNS] = [
    "qualitative",
    "mixed-methods",
    "cross-sectional-survey",
    "quasi-experimental",
    "randomized-controlled-trial",
    "systematic-review",
    "cohort",
    "case-study",
];

fn words(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    out
}

fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = words(rng, n);
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s.push('.');
    s
}

fn han(rng: &mut Rng, n: usize) -> String {
    let chars: Vec<char> = HAN.chars().collect();
    (0..n).map(|_| chars[rng.below(chars.len())]).collect()
}

fn han_sentence(rng: &mut Rng, n: usize) -> String {
    format!("{}。", han(rng, n))
}

/// About 300 words: four sections, a list, a table, emphasis and a link.
fn summary_en(rng: &mut Rng, id: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Background\n");
    let _ = writeln!(
        s,
        "{} {} *{}* {}\n",
        sentence(rng, 18),
        sentence(rng, 16),
        words(rng, 3),
        sentence(rng, 14)
    );
    let _ = writeln!(s, "## Methods\n");
    let _ = writeln!(
        s,
        "{} {} See the [protocol](https://example.org/protocols/{id}).\n",
        sentence(rng, 20),
        sentence(rng, 18)
    );
    let _ = writeln!(s, "| Group | Participants | Share |\n|---|---|---|");
    for _ in 0..3 {
        let _ = writeln!(
            s,
            "| {} | {} | {}% |",
            words(rng, 2),
            10 + rng.below(90),
            rng.below(100)
        );
    }
    let _ = writeln!(s, "\n## Findings\n");
    for _ in 0..4 {
        let _ = writeln!(s, "- {}", sentence(rng, 12));
    }
    let _ = writeln!(
        s,
        "\n{} **{}** {}\n",
        sentence(rng, 20),
        words(rng, 2),
        sentence(rng, 16)
    );
    let _ = writeln!(s, "## Implications\n");
    let _ = writeln!(
        s,
        "{} {} {}",
        sentence(rng, 22),
        sentence(rng, 18),
        sentence(rng, 16)
    );
    s
}

/// About 500 Han characters in the same structure.
fn summary_zh(rng: &mut Rng) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## 背景\n\n{}{}*{}*{}\n",
        han_sentence(rng, 40),
        han_sentence(rng, 36),
        han(rng, 4),
        han_sentence(rng, 30)
    );
    let _ = writeln!(
        s,
        "## 方法\n\n{}{}\n",
        han_sentence(rng, 40),
        han_sentence(rng, 36)
    );
    let _ = writeln!(s, "| 组别 | 人数 | 比例 |\n|---|---|---|");
    for _ in 0..3 {
        let _ = writeln!(
            s,
            "| {} | {} | {}% |",
            han(rng, 4),
            10 + rng.below(90),
            rng.below(100)
        );
    }
    let _ = writeln!(s, "\n## 结果\n");
    for _ in 0..4 {
        let _ = writeln!(s, "- {}", han_sentence(rng, 24));
    }
    let _ = writeln!(
        s,
        "\n{}**{}**{}\n",
        han_sentence(rng, 40),
        han(rng, 4),
        han_sentence(rng, 30)
    );
    let _ = writeln!(
        s,
        "## 启示\n\n{}{}{}",
        han_sentence(rng, 40),
        han_sentence(rng, 36),
        han_sentence(rng, 30)
    );
    s
}

struct Term {
    slug: String,
    en: String,
    zh: String,
    parent: Option<String>,
}

fn terms(prefix: &str, zh_prefix: &str, n: usize) -> Vec<Term> {
    (0..n)
        .map(|i| Term {
            slug: format!("{prefix}-{}", i + 1),
            en: format!("{} {}", capitalise(prefix), i + 1),
            zh: format!("{zh_prefix}{}", i + 1),
            parent: None,
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn regions() -> Vec<Term> {
    let mut out = Vec::new();
    for country in 1..=6 {
        let slug = format!("country-{country}");
        out.push(Term {
            slug: slug.clone(),
            en: format!("Country {country}"),
            zh: format!("国家{country}"),
            parent: None,
        });
        for state in 1..=4 {
            out.push(Term {
                slug: format!("region-{country}-{state}"),
                en: format!("Region {country}.{state}"),
                zh: format!("地区{country}.{state}"),
                parent: Some(slug.clone()),
            });
        }
    }
    debug_assert_eq!(out.len(), REGIONS);
    out
}

/// One vocabulary's declaration: `head` holds its lines before `terms:`
/// (key, names, flags), each indented as an item of `vocabularies:`.
fn vocabulary_yaml(out: &mut String, head: &str, terms: &[Term]) {
    out.push_str(head);
    if terms.is_empty() {
        let _ = writeln!(out, "    terms: []");
        return;
    }
    let _ = writeln!(out, "    terms:");
    for t in terms {
        let _ = writeln!(out, "      - slug: {}", t.slug);
        let _ = writeln!(out, "        label: {{en: \"{}\", zh: \"{}\"}}", t.en, t.zh);
        let _ = writeln!(
            out,
            "        description: {{en: \"Studies about {}.\", zh: \"关于{}的研究。\"}}",
            t.en.to_lowercase(),
            t.zh
        );
        if let Some(parent) = &t.parent {
            let _ = writeln!(out, "        parent: {parent}");
        }
    }
}

/// The default content's framework: its five vocabularies' declarations
/// (before their terms) and its map.
const THEMES_HEAD: &str = "  - key: themes\n    name: {en: \"Themes\", zh: \"主题\"}\n    singular: {en: \"theme\", zh: \"主题\"}\n    required: true\n    nav: true\n    list: tags\n";
const POPULATIONS_HEAD: &str = "  - key: populations\n    name: {en: \"Populations\", zh: \"人群\"}\n    singular: {en: \"population\", zh: \"人群\"}\n    required: true\n    list: after-size\n";
const REGIONS_HEAD: &str = "  - key: regions\n    name: {en: \"Regions\", zh: \"地区\"}\n    singular: {en: \"region\", zh: \"地区\"}\n    required: true\n    nav: true\n    count: {en: \"countries\", zh: \"个国家\"}\n";
const DESIGNS_HEAD: &str = "  - key: designs\n    field: design\n    name: {en: \"Study designs\", zh: \"研究设计\"}\n    singular: {en: \"design\", zh: \"研究设计\"}\n    multiple: false\n    required: true\n    list: after-year\n";
const SETTINGS_HEAD: &str = "  - key: settings\n    name: {en: \"Settings\", zh: \"服务场所\"}\n    singular: {en: \"setting\", zh: \"服务场所\"}\n";
const MAPS: &str = "maps:\n  - key: evidence\n    rows: themes\n    columns: [populations, regions, designs]\n    brief: [populations, designs]\n    title: {en: \"Themes by population, region and design\", zh: \"按人群、地区和研究设计划分的主题\"}\n    intro:\n      en: \"Rows are themes; columns are the people, places or study designs the studies concern.\"\n      zh: \"每一行是一个主题；每一列是研究涉及的人群、地区或研究设计。\"\nrelated: [themes, populations, regions]\n";

/// One generated study, as both generators need it.
struct Study {
    id: String,
    title_en: String,
    title_zh: String,
    authors: Vec<(String, String)>,
    year: u32,
    design: &'static str,
    populations: Vec<String>,
    regions: Vec<String>,
    settings: Vec<String>,
    themes: Vec<String>,
    summary_en: String,
    summary_zh: String,
    date_added: String,
}

fn study(rng: &mut Rng, i: usize, authors: &[(String, String)], all_regions: &[Term]) -> Study {
    let id = format!("study-{:05}", i + 1);
    let pick = |rng: &mut Rng, prefix: &str, count: usize, n: usize| -> Vec<String> {
        rng.distinct(count, n)
            .into_iter()
            .map(|k| format!("{prefix}-{}", k + 1))
            .collect()
    };
    let theme_count = 2 + rng.below(5);
    let population_count = 1 + rng.below(2);
    let settings_count = rng.below(3);
    let region = &all_regions[rng.below(all_regions.len())];
    let author_count = 1 + rng.below(4);
    let study_authors = rng
        .distinct(author_count, authors.len())
        .into_iter()
        .map(|a| authors[a].clone())
        .collect();
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let summary_en = summary_en(rng, &id);
    let summary_zh = summary_zh(rng);
    Study {
        title_en: capitalise(&format!("{} among {}", words(rng, 5), words(rng, 3))),
        title_zh: han(rng, 18),
        authors: study_authors,
        year: 2000 + rng.below(26) as u32,
        design: DESIGN_SLUGS[rng.below(DESIGNS)],
        populations: pick(rng, "population", population_count, POPULATIONS),
        regions: vec![region.slug.clone()],
        settings: pick(rng, "setting", settings_count, SETTINGS),
        themes: pick(rng, "theme", theme_count, THEMES),
        summary_en,
        summary_zh,
        date_added: format!("2025-{month:02}-{day:02}"),
        id,
    }
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

/// Writes `dir/content/` (and `dir/themes/default`, copied from this
/// repository) with `n` studies of the default framework; with `hugo`,
/// also `dir/hugo/`.
#[allow(dead_code)] // the tests call it; the example and bench call write_corpus_with
pub fn write_corpus(n: usize, dir: &Path, hugo: bool) -> io::Result<()> {
    write_corpus_with(n, dir, hugo, Framework::Default)
}

/// The same for either framework. The Hugo site is written for the default
/// framework only: with `hugo` and another framework, nothing is written
/// and the error (`InvalidInput`) says so.
pub fn write_corpus_with(n: usize, dir: &Path, hugo: bool, framework: Framework) -> io::Result<()> {
    match framework {
        Framework::Default => write_default(n, dir, hugo),
        Framework::Interventions if hugo => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the Hugo comparison site is written for the default framework only; \
             leave out --hugo with --framework interventions",
        )),
        Framework::Interventions => write_interventions(n, dir),
    }
}

/// The pool of authors for `n` studies: a third the size of the corpus, so
/// most authors have several studies.
fn author_pool(n: usize) -> Vec<(String, String)> {
    (0..(n / 3).max(4))
        .map(|i| {
            (
                format!("{}{}", FAMILY[i % FAMILY.len()], i / FAMILY.len()),
                GIVEN[(i * 7) % GIVEN.len()].to_string(),
            )
        })
        .collect()
}

fn write_default(n: usize, dir: &Path, hugo: bool) -> io::Result<()> {
    let mut rng = Rng(0x6761_706D_6170);
    let content = dir.join("content");
    write(
        &content.join("site.yaml"),
        ("title: {en: \"Synthetic Evidence Map\", zh: \"合成证据地图\"}\n\
         tagline: {en: \"A generated map for benchmarks.\", zh: \"用于基准测试的生成地图。\"}\n\
         base_url: \"https://example.org/\"\ndefault_language: en\nlanguages: [en, zh]\ntheme: default\n"
            .to_string()
            + MAPS)
            .as_str(),
    )?;
    let themes = terms("theme", "主题", THEMES);
    let populations = terms("population", "人群", POPULATIONS);
    let regions = regions();
    let settings = terms("setting", "场所", SETTINGS);
    let designs: Vec<Term> = DESIGN_SLUGS
        .iter()
        .enumerate()
        .map(|(i, slug)| Term {
            slug: slug.to_string(),
            en: capitalise(&slug.replace('-', " ")),
            zh: format!("设计{}", i + 1),
            parent: None,
        })
        .collect();
    let mut taxonomies = String::from("vocabularies:\n");
    vocabulary_yaml(&mut taxonomies, THEMES_HEAD, &themes);
    vocabulary_yaml(&mut taxonomies, POPULATIONS_HEAD, &populations);
    vocabulary_yaml(&mut taxonomies, REGIONS_HEAD, &regions);
    vocabulary_yaml(&mut taxonomies, DESIGNS_HEAD, &designs);
    vocabulary_yaml(&mut taxonomies, SETTINGS_HEAD, &settings);
    write(&content.join("taxonomies.yaml"), &taxonomies)?;
    write(
        &content.join("pages/about.en.md"),
        "# About\n\nA synthetic map for benchmarks.\n",
    )?;
    write(
        &content.join("pages/about.zh.md"),
        "# 关于\n\n用于基准测试的合成地图。\n",
    )?;

    let authors = author_pool(n);
    let studies: Vec<Study> = (0..n)
        .map(|i| study(&mut rng, i, &authors, &regions))
        .collect();
    for s in &studies {
        let folder = content.join("studies").join(&s.id);
        let mut yaml = String::new();
        let _ = writeln!(
            yaml,
            "title: {{en: \"{}\", zh: \"{}\"}}",
            s.title_en, s.title_zh
        );
        let _ = writeln!(yaml, "authors:");
        for (family, given) in &s.authors {
            let _ = writeln!(yaml, "  - {{family: {family}, given: {given}}}");
        }
        let _ = writeln!(yaml, "year: {}", s.year);
        let _ = writeln!(yaml, "journal: \"Journal of Synthetic Studies\"");
        let _ = writeln!(yaml, "doi: \"10.5555/synth.{}\"", s.id);
        let _ = writeln!(yaml, "design: {}", s.design);
        let _ = writeln!(
            yaml,
            "methods: {{en: \"Interviews and surveys with peer workers.\", zh: \"对同伴工作者的访谈和调查。\"}}"
        );
        let _ = writeln!(yaml, "sample_size: {}", 10 + s.year % 200);
        let _ = writeln!(yaml, "populations: {}", list(&s.populations));
        let _ = writeln!(yaml, "regions: {}", list(&s.regions));
        let _ = writeln!(yaml, "settings: {}", list(&s.settings));
        let _ = writeln!(yaml, "themes: {}", list(&s.themes));
        let _ = writeln!(yaml, "status: completed");
        let _ = writeln!(yaml, "date_added: \"{}\"", s.date_added);
        let _ = writeln!(yaml, "date_updated: \"{}\"", s.date_added);
        write(&folder.join("study.yaml"), &yaml)?;
        write(&folder.join("summary.en.md"), &s.summary_en)?;
        write(&folder.join("summary.zh.md"), &s.summary_zh)?;
    }
    copy_theme(dir)?;
    if hugo {
        write_hugo(&dir.join("hugo"), &studies)?;
    }
    Ok(())
}

// The interventions framework. Its interventions and outcomes have the
// example map's shape (16 interventions on three levels: 3 areas, 7
// sub-categories, 6 specific interventions; 10 outcomes on two: 4 domains,
// 6 outcomes); countries, groups and designs the default corpus's sizes
// (6 world regions of 4 countries each, 4 groups, 8 designs), each with
// its not-stated term where the example has one. Like the default
// framework's, the vocabularies do not grow with N.

/// Sub-categories of each intervention area, and the specific
/// interventions under each sub-category (as in the example map).
const INTERVENTION_TREE: &[&[usize]] = &[&[2, 2, 0], &[2, 0], &[0, 0]];
/// Outcomes under each outcome domain (as in the example map).
const OUTCOME_TREE: &[usize] = &[2, 0, 2, 2];
pub const WORLD_REGIONS: usize = 6;
pub const COUNTRIES_PER_REGION: usize = 4;
pub const GROUPS: usize = 4;
const CONFIDENCE: [(&str, &str, &str); 3] = [
    ("high", "High confidence", "高可信度"),
    ("moderate", "Moderate confidence", "中等可信度"),
    ("low", "Low confidence", "低可信度"),
];
/// How often each design is drawn, in DESIGN_SLUGS's order: surveys and
/// qualitative studies common, trials and reviews fewer.
const DESIGN_WEIGHTS: [usize; DESIGNS] = [4, 2, 4, 2, 2, 1, 2, 1];
/// How often each intervention area is drawn: the first is studied most.
const AREA_WEIGHTS: [usize; 3] = [5, 3, 2];
const NOT_STATED: &str = "not-stated";

const INTERVENTIONS_HEAD: &str = "  - key: interventions\n    name: {en: \"Interventions\", zh: \"干预措施\"}\n    singular: {en: \"intervention\", zh: \"干预措施\"}\n    description: {en: \"What was done, by area, sub-category and specific intervention.\", zh: \"所采取的措施，按领域、子类和具体干预措施划分。\"}\n    required: true\n    nav: true\n    list: tags\n";
const OUTCOMES_HEAD: &str = "  - key: outcomes\n    name: {en: \"Outcomes\", zh: \"结果领域\"}\n    singular: {en: \"outcome\", zh: \"结果领域\"}\n    required: true\n    list: tags\n";
const STUDY_DESIGNS_HEAD: &str = "  - key: study-designs\n    field: design\n    name: {en: \"Study designs\", zh: \"研究设计\"}\n    singular: {en: \"study design\", zh: \"研究设计\"}\n    multiple: false\n    required: true\n    list: after-year\n";
const COUNTRIES_HEAD: &str = "  - key: countries\n    name: {en: \"Countries\", zh: \"国家和地区\"}\n    singular: {en: \"country\", zh: \"国家或地区\"}\n    required: true\n    nav: true\n    count: {en: \"countries\", zh: \"个国家和地区\"}\n";
const GROUPS_HEAD: &str = "  - key: groups\n    name: {en: \"Groups\", zh: \"人群\"}\n    singular: {en: \"group\", zh: \"人群\"}\n    required: true\n    list: after-size\n";
const CONFIDENCE_HEAD: &str = "  - key: confidence\n    name: {en: \"Confidence in findings\", zh: \"结论可信度\"}\n    singular: {en: \"level of confidence\", zh: \"可信度\"}\n    multiple: false\n    required: false\n";
const INTERVENTION_MAPS: &str = "maps:\n  - key: interventions-by-outcomes\n    rows: interventions\n    columns: [outcomes, countries]\n    segment: study-designs\n    title: {en: \"Interventions by outcome and country\", zh: \"按结果领域和国家划分的干预措施\"}\n    intro:\n      en: \"Rows are interventions; columns are outcomes or countries; each cell is split by study design.\"\n      zh: \"每一行是一项干预措施；每一列是一个结果领域或国家；每个单元格按研究设计细分。\"\n  - key: outcomes-by-groups\n    rows: outcomes\n    columns: [groups]\n    segment: confidence\n    title: {en: \"Outcomes by group served\", zh: \"按服务人群划分的结果领域\"}\n    intro:\n      en: \"Rows are outcomes; columns are the groups served; each cell is split by confidence in the findings.\"\n      zh: \"每一行是一个结果领域；每一列是服务人群；每个单元格按结论可信度细分。\"\nrelated: [interventions, outcomes]\n";

fn term(slug: String, en: String, zh: String, parent: Option<&str>) -> Term {
    Term {
        slug,
        en,
        zh,
        parent: parent.map(str::to_string),
    }
}

/// A parent term's index, with its children's indices.
type Branch = (usize, Vec<usize>);

/// The interventions, parents before their children; with each area, the
/// indices of its sub-categories, and with each of those the indices of
/// its specific interventions.
fn interventions() -> (Vec<Term>, Vec<Vec<Branch>>) {
    let mut out = Vec::new();
    let mut tree = Vec::new();
    for (a, subs) in INTERVENTION_TREE.iter().enumerate() {
        let area = format!("intervention-area-{}", a + 1);
        out.push(term(
            area.clone(),
            format!("Intervention area {}", a + 1),
            format!("干预领域{}", a + 1),
            None,
        ));
        let mut area_subs = Vec::new();
        for (s, &leaves) in subs.iter().enumerate() {
            let sub = format!("intervention-{}-{}", a + 1, s + 1);
            let sub_index = out.len();
            out.push(term(
                sub.clone(),
                format!("Intervention {}.{}", a + 1, s + 1),
                format!("干预措施{}.{}", a + 1, s + 1),
                Some(&area),
            ));
            let mut leaf_indices = Vec::new();
            for l in 0..leaves {
                leaf_indices.push(out.len());
                out.push(term(
                    format!("intervention-{}-{}-{}", a + 1, s + 1, l + 1),
                    format!("Intervention {}.{}.{}", a + 1, s + 1, l + 1),
                    format!("干预措施{}.{}.{}", a + 1, s + 1, l + 1),
                    Some(&sub),
                ));
            }
            area_subs.push((sub_index, leaf_indices));
        }
        tree.push(area_subs);
    }
    (out, tree)
}

/// The outcomes, each domain before its outcomes; with each domain, its
/// own index and its outcomes' indices.
fn outcomes() -> (Vec<Term>, Vec<Branch>) {
    let mut out = Vec::new();
    let mut tree = Vec::new();
    for (d, &children) in OUTCOME_TREE.iter().enumerate() {
        let domain = format!("outcome-domain-{}", d + 1);
        let domain_index = out.len();
        out.push(term(
            domain.clone(),
            format!("Outcome domain {}", d + 1),
            format!("结果领域{}", d + 1),
            None,
        ));
        let mut child_indices = Vec::new();
        for o in 0..children {
            child_indices.push(out.len());
            out.push(term(
                format!("outcome-{}-{}", d + 1, o + 1),
                format!("Outcome {}.{}", d + 1, o + 1),
                format!("结果{}.{}", d + 1, o + 1),
                Some(&domain),
            ));
        }
        tree.push((domain_index, child_indices));
    }
    (out, tree)
}

/// World regions with their countries, then "not stated" (last).
fn countries() -> Vec<Term> {
    let mut out = Vec::new();
    for r in 1..=WORLD_REGIONS {
        let region = format!("world-region-{r}");
        out.push(term(
            region.clone(),
            format!("World region {r}"),
            format!("世界区域{r}"),
            None,
        ));
        for c in 1..=COUNTRIES_PER_REGION {
            out.push(term(
                format!("country-{r}-{c}"),
                format!("Country {r}.{c}"),
                format!("国家{r}.{c}"),
                Some(&region),
            ));
        }
    }
    out.push(term(
        NOT_STATED.into(),
        "Country not stated".into(),
        "国家未说明".into(),
        None,
    ));
    out
}

/// Groups, then "not stated" (last).
fn groups() -> Vec<Term> {
    let mut out = terms("group", "人群", GROUPS);
    out.push(term(
        NOT_STATED.into(),
        "Group not stated".into(),
        "人群未说明".into(),
        None,
    ));
    out
}

impl Rng {
    /// An index drawn with these weights.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut at = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if at < w {
                return i;
            }
            at -= w;
        }
        weights.len() - 1
    }
}

/// The outcome domain that studies of this intervention area never
/// measure: the map's designed gaps (whole blocks of empty cells, at any N).
fn unmeasured_domain(area: usize) -> usize {
    (area + 1) % OUTCOME_TREE.len()
}

/// Indices into `terms` as a study lists them: in declared order, without
/// repeats, and without a term whose child or grandchild is also chosen
/// (a study is coded at the most specific level it reports).
fn slugs(terms: &[Term], mut indices: Vec<usize>) -> Vec<String> {
    indices.sort_unstable();
    indices.dedup();
    let ancestors = |i: usize| {
        std::iter::successors(terms[i].parent.as_deref(), |p| {
            terms.iter().find(|t| t.slug == *p)?.parent.as_deref()
        })
    };
    let covered: Vec<&str> = indices.iter().flat_map(|&i| ancestors(i)).collect();
    indices
        .into_iter()
        .map(|i| terms[i].slug.clone())
        .filter(|slug| !covered.contains(&slug.as_str()))
        .collect()
}

fn write_interventions(n: usize, dir: &Path) -> io::Result<()> {
    let mut rng = Rng(0x696E_7465_7276);
    let content = dir.join("content");
    write(
        &content.join("site.yaml"),
        ("title: {en: \"Synthetic Interventions Map\", zh: \"合成干预措施地图\"}\n\
         tagline: {en: \"A generated interventions-by-outcomes map for benchmarks.\", zh: \"用于基准测试的生成干预措施与结果地图。\"}\n\
         base_url: \"https://example.org/\"\ndefault_language: en\nlanguages: [en, zh]\ntheme: default\n"
            .to_string()
            + INTERVENTION_MAPS)
            .as_str(),
    )?;
    let (interventions, intervention_tree) = interventions();
    let (outcomes, outcome_tree) = outcomes();
    let countries = countries();
    let groups = groups();
    let designs: Vec<Term> = DESIGN_SLUGS
        .iter()
        .enumerate()
        .map(|(i, slug)| {
            term(
                slug.to_string(),
                capitalise(&slug.replace('-', " ")),
                format!("设计{}", i + 1),
                None,
            )
        })
        .collect();
    let confidence: Vec<Term> = CONFIDENCE
        .iter()
        .map(|(slug, en, zh)| term(slug.to_string(), en.to_string(), zh.to_string(), None))
        .collect();
    let mut taxonomies = String::from("vocabularies:\n");
    vocabulary_yaml(&mut taxonomies, INTERVENTIONS_HEAD, &interventions);
    vocabulary_yaml(&mut taxonomies, OUTCOMES_HEAD, &outcomes);
    vocabulary_yaml(&mut taxonomies, STUDY_DESIGNS_HEAD, &designs);
    vocabulary_yaml(&mut taxonomies, COUNTRIES_HEAD, &countries);
    vocabulary_yaml(&mut taxonomies, GROUPS_HEAD, &groups);
    vocabulary_yaml(&mut taxonomies, CONFIDENCE_HEAD, &confidence);
    write(&content.join("taxonomies.yaml"), &taxonomies)?;
    write(
        &content.join("pages/about.en.md"),
        "# About\n\nA synthetic interventions map for benchmarks.\n",
    )?;
    write(
        &content.join("pages/about.zh.md"),
        "# 关于\n\n用于基准测试的合成干预措施地图。\n",
    )?;

    let authors = author_pool(n);
    let review = DESIGN_SLUGS
        .iter()
        .position(|d| *d == "systematic-review")
        .unwrap_or(0);
    let not_stated_country = countries.len() - 1;
    let not_stated_group = groups.len() - 1;
    for i in 0..n {
        let id = format!("study-{:05}", i + 1);
        let author_count = 1 + rng.below(4);
        let study_authors: Vec<&(String, String)> = rng
            .distinct(author_count, authors.len())
            .into_iter()
            .map(|a| &authors[a])
            .collect();
        let month = 1 + rng.below(12);
        let day = 1 + rng.below(28);
        let design = rng.weighted(&DESIGN_WEIGHTS);

        // One to three interventions of one area: mostly specific ones,
        // some sub-categories, a few whole areas (a study coded at the
        // level its report describes). The second area's second specific
        // intervention is rare: nine draws in ten fall back to its first.
        let area = rng.weighted(&AREA_WEIGHTS);
        let area_index = interventions
            .iter()
            .position(|t| t.slug == format!("intervention-area-{}", area + 1))
            .unwrap_or(0);
        let mut chosen = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let (sub, leaves) = &intervention_tree[area][rng.below(intervention_tree[area].len())];
            let level = rng.below(20);
            chosen.push(if level == 0 {
                area_index
            } else if level < 4 || leaves.is_empty() {
                *sub
            } else {
                let leaf = rng.below(leaves.len());
                if area == 1 && leaf == 1 && rng.below(10) != 0 {
                    leaves[0]
                } else {
                    leaves[leaf]
                }
            });
        }
        let study_interventions = slugs(&interventions, chosen);

        // One to three outcomes from the domains this area's studies
        // measure: mostly specific outcomes, some whole domains.
        let mut chosen = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let mut domain = rng.below(outcome_tree.len());
            if domain == unmeasured_domain(area) {
                domain = (domain + 1) % outcome_tree.len();
            }
            let (own, children) = &outcome_tree[domain];
            chosen.push(if children.is_empty() || rng.below(5) == 0 {
                *own
            } else {
                children[rng.below(children.len())]
            });
        }
        let study_outcomes = slugs(&outcomes, chosen);

        // Reviews are coded by world region; other studies by country, a
        // few in two countries, some without saying where.
        let region_of = |r: usize| r * (COUNTRIES_PER_REGION + 1);
        let region_weights = [3, 3, 2, 2, 1, 1];
        let place = rng.below(100);
        let chosen = if design == review {
            let mut regions = vec![region_of(rng.weighted(&region_weights))];
            if rng.below(2) == 0 {
                regions.push(region_of(rng.weighted(&region_weights)));
            }
            regions
        } else if place < 6 {
            vec![not_stated_country]
        } else {
            let count = if place < 14 { 2 } else { 1 };
            (0..count)
                .map(|_| {
                    region_of(rng.weighted(&region_weights)) + 1 + rng.below(COUNTRIES_PER_REGION)
                })
                .collect()
        };
        let study_countries = slugs(&countries, chosen);

        // Groups: one or two, adults most often; one study in ten does not
        // say whom the services are for.
        let chosen = if rng.below(10) == 0 {
            vec![not_stated_group]
        } else {
            (0..1 + rng.below(2))
                .map(|_| rng.weighted(&[2, 4, 1, 2]))
                .collect()
        };
        let study_groups = slugs(&groups, chosen);

        // A third have no confidence rating; trials and reviews rate
        // higher, qualitative and case studies lower.
        let rated = rng.below(3) != 0;
        let level = match DESIGN_SLUGS[design] {
            "randomized-controlled-trial" | "systematic-review" => rng.weighted(&[3, 2, 1]),
            "qualitative" | "case-study" => rng.weighted(&[1, 2, 3]),
            _ => rng.below(3),
        };

        let summary_en = summary_en(&mut rng, &id);
        let summary_zh = summary_zh(&mut rng);
        let title_en = capitalise(&format!(
            "{} among {}",
            words(&mut rng, 5),
            words(&mut rng, 3)
        ));
        let title_zh = han(&mut rng, 18);
        let year = 2000 + rng.below(26);

        let mut yaml = String::new();
        let _ = writeln!(yaml, "title: {{en: \"{title_en}\", zh: \"{title_zh}\"}}");
        let _ = writeln!(yaml, "authors:");
        for (family, given) in study_authors {
            let _ = writeln!(yaml, "  - {{family: {family}, given: {given}}}");
        }
        let _ = writeln!(yaml, "year: {year}");
        let _ = writeln!(yaml, "journal: \"Journal of Synthetic Studies\"");
        let _ = writeln!(yaml, "doi: \"10.5555/synth.{id}\"");
        let _ = writeln!(yaml, "design: {}", DESIGN_SLUGS[design]);
        let _ = writeln!(
            yaml,
            "methods: {{en: \"Trials, surveys and interviews with frontline workers.\", zh: \"对一线工作者的试验、调查和访谈。\"}}"
        );
        let _ = writeln!(yaml, "sample_size: {}", 10 + year % 200);
        let _ = writeln!(yaml, "interventions: {}", list(&study_interventions));
        let _ = writeln!(yaml, "outcomes: {}", list(&study_outcomes));
        let _ = writeln!(yaml, "countries: {}", list(&study_countries));
        let _ = writeln!(yaml, "groups: {}", list(&study_groups));
        if rated {
            let _ = writeln!(yaml, "confidence: {}", CONFIDENCE[level].0);
        }
        let _ = writeln!(yaml, "status: completed");
        let _ = writeln!(yaml, "date_added: \"2025-{month:02}-{day:02}\"");
        let _ = writeln!(yaml, "date_updated: \"2025-{month:02}-{day:02}\"");
        let folder = content.join("studies").join(&id);
        write(&folder.join("study.yaml"), &yaml)?;
        write(&folder.join("summary.en.md"), &summary_en)?;
        write(&folder.join("summary.zh.md"), &summary_zh)?;
    }
    copy_theme(dir)
}

fn copy_theme(dir: &Path) -> io::Result<()> {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let to = dir.join("themes/default");
    let mut stack = vec![from.clone()];
    while let Some(folder) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&folder)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(&from) {
                let target = to.join(rel);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::copy(&path, target)?;
            }
        }
    }
    Ok(())
}

/// The same studies as a minimal Hugo site: one page per study per
/// language, taxonomy lists and term pages, a home list.
fn write_hugo(dir: &Path, studies: &[Study]) -> io::Result<()> {
    write(
        &dir.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"Synthetic Evidence Map\"\n\
         defaultContentLanguage = \"en\"\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\
         [taxonomies]\n  theme = \"themes\"\n  population = \"populations\"\n  region = \"regions\"\n  design = \"designs\"\n  setting = \"settings\"\n\
         [languages]\n  [languages.en]\n    weight = 1\n    languageName = \"English\"\n  [languages.zh]\n    weight = 2\n    languageName = \"中文\"\n    contentDir = \"content.zh\"\n\
         [languages.en.params]\n  [markup.goldmark.renderer]\n    unsafe = false\n",
    )?;
    // Hugo reads the English pages from content/ and the Chinese from content.zh/.
    for (lang, folder) in [("en", "content"), ("zh", "content.zh")] {
        for s in studies {
            let mut page = String::from("---\n");
            let title = if lang == "en" {
                &s.title_en
            } else {
                &s.title_zh
            };
            let _ = writeln!(page, "title: \"{title}\"");
            let _ = writeln!(page, "date: {}", s.date_added);
            let _ = writeln!(page, "themes: {}", list(&s.themes));
            let _ = writeln!(page, "populations: {}", list(&s.populations));
            let _ = writeln!(page, "regions: {}", list(&s.regions));
            let _ = writeln!(page, "designs: [{}]", s.design);
            let _ = writeln!(page, "settings: {}", list(&s.settings));
            let authors: Vec<String> = s
                .authors
                .iter()
                .map(|(f, g)| format!("\"{g} {f}\""))
                .collect();
            let _ = writeln!(page, "authors: [{}]", authors.join(", "));
            let _ = writeln!(page, "year: {}", s.year);
            page.push_str("---\n");
            page.push_str(if lang == "en" {
                &s.summary_en
            } else {
                &s.summary_zh
            });
            write(
                &dir.join(folder)
                    .join("studies")
                    .join(format!("{}.md", s.id)),
                &page,
            )?;
        }
    }
    let layouts = dir.join("layouts/_default");
    write(
        &layouts.join("baseof.html"),
        "<!DOCTYPE html>\n<html lang=\"{{ .Site.Language.Lang }}\"><head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ .Site.Title }}</title>\
         <link rel=\"stylesheet\" href=\"{{ \"site.css\" | relURL }}\"></head>\n<body><header><a href=\"{{ \"\" | relLangURL }}\">{{ .Site.Title }}</a></header>\n\
         <main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )?;
    write(
        &layouts.join("single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>\
         <p>{{ range .Params.authors }}{{ . }}, {{ end }}{{ .Params.year }}</p>\
         <ul>{{ range .GetTerms \"themes\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}\
         {{ range .GetTerms \"populations\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}\
         {{ range .GetTerms \"regions\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>\
         {{ .Content }}{{ range .Translations }}<a href=\"{{ .RelPermalink }}\">{{ .Language.LanguageName }}</a>{{ end }}</article>{{ end }}\n",
    )?;
    write(
        &layouts.join("list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.year }}</li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(
        &layouts.join("terms.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(
        &dir.join("layouts/index.html"),
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 50 (where .Site.RegularPages \"Section\" \"studies\") }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(
        &dir.join("static/site.css"),
        "body { font-family: system-ui, sans-serif; }\n",
    )?;
    Ok(())
}
