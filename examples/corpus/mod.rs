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
/// repository) with `n` studies; with `hugo`, also `dir/hugo/`.
pub fn write_corpus(n: usize, dir: &Path, hugo: bool) -> io::Result<()> {
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

    // A pool a third the size of the corpus, so most authors have several studies.
    let authors: Vec<(String, String)> = (0..(n / 3).max(4))
        .map(|i| {
            (
                format!("{}{}", FAMILY[i % FAMILY.len()], i / FAMILY.len()),
                GIVEN[(i * 7) % GIVEN.len()].to_string(),
            )
        })
        .collect();
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
