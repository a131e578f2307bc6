//! JSON Schema for the three files contributors write (study.yaml,
//! taxonomies.yaml, site.yaml), generated from the Rust types below with
//! schemars; study.yaml's gets a field per vocabulary the site declares,
//! offering that vocabulary's terms. These types describe the files' shape only; validation
//! (src/validate) reads the same fields and adds what a schema cannot say
//! (known slugs, dates that exist, duplicate DOIs). A test keeps the field
//! lists of both in step, and another keeps the committed schema/ folder
//! in step with these types.
//!
//! Editors with a YAML language server read the `# yaml-language-server:
//! $schema=` line at the top of each file and then complete and check
//! fields as the contributor types.

use schemars::{JsonSchema, Schema, schema_for};

use crate::content::{Taxonomies, VocabularyDef};

/// Where the schemas are published in the site and committed in the repository.
pub const DIR: &str = "schema";

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// Text in English and Chinese. English is required; without Chinese the
/// Chinese site shows the English, marked as not yet translated.
struct Text {
    #[schemars(length(min = 1))]
    en: String,
    #[schemars(length(min = 1))]
    zh: Option<String>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// A list of words in English and Chinese.
struct TextList {
    en: Vec<String>,
    zh: Option<Vec<String>>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// One author as the source names them.
struct Author {
    /// Family name, e.g. Chu.
    #[schemars(length(min = 1))]
    family: String,
    /// Given names or initials, e.g. Wendy.
    given: Option<String>,
    /// A stable id (lowercase letters, digits, hyphens) that joins one
    /// researcher's studies when their name is spelled differently.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    id: Option<String>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
/// Whether the study has finished.
enum Status {
    Completed,
    Ongoing,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
/// A criterion's rating: "yes", "no" or "cant-tell" (true and false are read as yes and no).
enum Answer {
    Word(AnswerWord),
    Flag(bool),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
enum AnswerWord {
    #[serde(rename = "yes")]
    Yes,
    #[serde(rename = "no")]
    No,
    #[serde(rename = "cant-tell")]
    CantTell,
    #[serde(rename = "can't tell")]
    CantTellSpaced,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// One criterion of the appraisal tool.
struct Criterion {
    /// The criterion's number in the tool, e.g. "1.1".
    id: String,
    answer: Answer,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// A quality appraisal of the single study, e.g. with MMAT 2018.
struct Quality {
    /// The appraisal tool, e.g. "MMAT 2018".
    tool: String,
    criteria: Vec<Criterion>,
    note: Option<Text>,
}

const SLUG: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";
const DATE: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "gapmap study.yaml")]
/// One study of the evidence map: content/studies/<id>/study.yaml. The
/// folder name is the study's id. See CONTRIBUTING.md.
struct StudyFile {
    /// The article's title, with its Chinese translation.
    title: Text,
    /// The authors in the source's order; [] when the source names none.
    authors: Vec<Author>,
    #[schemars(range(min = 1900, max = 2100))]
    year: Option<i32>,
    journal: Option<String>,
    volume: Option<String>,
    issue: Option<String>,
    pages: Option<String>,
    /// The bare DOI, without https://doi.org/, e.g. 10.1037/ort0000867.
    #[schemars(pattern(r"^10\.[0-9.]+/\S+$"))]
    doi: Option<String>,
    /// A link to the article when it has no DOI (https://...).
    #[schemars(pattern(r"^https?://"))]
    url: Option<String>,
    /// How data were collected and analysed, in a sentence or two.
    methods: Text,
    /// Number of participants.
    #[schemars(range(min = 0))]
    sample_size: Option<u64>,
    /// Who took part.
    sample: Option<Text>,
    /// YYYY-MM-DD or YYYY-MM.
    #[schemars(pattern(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"))]
    publication_date: Option<String>,
    /// completed (the default) or ongoing.
    status: Option<Status>,
    open_access: Option<bool>,
    keywords: Option<TextList>,
    funding: Option<Text>,
    quality: Option<Quality>,
    /// When the study entered the map, YYYY-MM-DD.
    #[schemars(pattern(DATE))]
    date_added: String,
    /// When its entry last changed, YYYY-MM-DD.
    #[schemars(pattern(DATE))]
    date_updated: Option<String>,
    /// For reviewers only: never published anywhere.
    internal_notes: Option<String>,
    /// The source's own abstract, kept by `gapmap import` for whoever
    /// writes the summary; not published.
    source_abstract: Option<String>,
    /// The file `gapmap import` read the study from: until it has a summary
    /// in each language and a term of each required vocabulary, the study
    /// is a draft, left out of the site.
    imported_from: Option<String>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// One term of a vocabulary.
struct Term {
    /// Lowercase letters, digits and hyphens; used in URLs and in study.yaml.
    #[schemars(pattern(SLUG))]
    slug: String,
    label: Text,
    description: Option<Text>,
    /// The slug of the enclosing term of the same vocabulary: a study with
    /// this term counts for its parent too.
    #[schemars(pattern(SLUG))]
    parent: Option<String>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
/// Where a study's line in lists shows the vocabulary's terms.
enum ListPlace {
    AfterYear,
    AfterSize,
    Tags,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// One vocabulary (docs/framework.md).
struct Vocabulary {
    /// The URL folder, and the study.yaml field unless `field` says otherwise.
    #[schemars(pattern(SLUG))]
    key: String,
    /// The study.yaml field, when it differs from the key.
    #[schemars(pattern(r"^[a-z][a-z0-9_-]*$"))]
    field: Option<String>,
    /// The vocabulary's name: headings, filters, navigation.
    name: Text,
    /// One of its terms, in messages and sentences.
    singular: Text,
    description: Option<Text>,
    /// Whether a study lists several terms (the default) or names one.
    multiple: Option<bool>,
    /// Whether a study must give at least one term (default false).
    required: Option<bool>,
    /// Whether it is offered as a filter (default true).
    filter: Option<bool>,
    /// Whether the site's navigation links it (default false).
    nav: Option<bool>,
    list: Option<ListPlace>,
    /// The words after the home page's count of its top-level terms in use.
    count: Option<Text>,
    terms: Vec<Term>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "gapmap taxonomies.yaml")]
/// The map's vocabularies: content/taxonomies.yaml.
struct TaxonomiesFile {
    vocabularies: Vec<Vocabulary>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
/// One vocabulary's key, or a list of them.
enum Keys {
    One(String),
    Several(Vec<String>),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// One map: a vocabulary's terms as rows against one or more
/// vocabularies' as columns.
struct Map {
    /// The map's page (maps/<key>/) when it is not the first.
    #[schemars(pattern(SLUG))]
    key: String,
    rows: String,
    columns: Keys,
    /// A vocabulary whose terms split each cell.
    segment: Option<String>,
    /// The column vocabularies the printed brief shows.
    brief: Option<Keys>,
    title: Text,
    intro: Option<Text>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Language {
    En,
    Zh,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "gapmap site.yaml")]
/// The site's settings: content/site.yaml.
struct SiteFile {
    title: Text,
    tagline: Text,
    /// Where the site is published, e.g. https://example.org/evidence-map/.
    #[schemars(pattern(r"^https?://"))]
    base_url: String,
    default_language: Option<Language>,
    languages: Option<Vec<Language>>,
    /// A folder under themes/; default when absent.
    #[schemars(pattern(SLUG))]
    theme: Option<String>,
    /// Where the map's studies come from; a collection when absent.
    evidence: Option<Evidence>,
    /// Whether study pages show the source's abstract (study.yaml's
    /// `source_abstract`), quoted and labelled as the source's own words;
    /// false when absent.
    publish_abstracts: Option<bool>,
    /// The maps; the first is the home page's.
    maps: Vec<Map>,
    /// The vocabularies related studies share terms of, most weighty first.
    related: Option<Keys>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
/// `collection`: studies gathered or supplied some other way, so an empty
/// cell only means that the collection holds no study there.
/// `systematic-search`: studies found by a systematic search (give
/// `searched`).
enum EvidenceKind {
    Collection,
    SystematicSearch,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// The dates a systematic search ran, first to last.
struct Searched {
    #[schemars(pattern(r"^\d{4}-\d{2}-\d{2}$"))]
    from: String,
    #[schemars(pattern(r"^\d{4}-\d{2}-\d{2}$"))]
    to: String,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
/// Where the map's studies come from, which decides how the site words an
/// empty cell.
struct Evidence {
    kind: EvidenceKind,
    /// What the studies cover, shown with the map's legend.
    scope: Option<Text>,
    /// Only for `kind: systematic-search`.
    searched: Option<Searched>,
}

/// The schemas as `(file name, pretty JSON)`, in a fixed order.
/// The three schemas, the study's made for the site's own vocabularies:
/// each declared vocabulary is a field, offering its terms.
pub fn files(vocabularies: &[(&VocabularyDef, Vec<&str>)]) -> Vec<(&'static str, String)> {
    [
        ("study.schema.json", study_schema(vocabularies)),
        ("taxonomies.schema.json", schema_for!(TaxonomiesFile)),
        ("site.schema.json", schema_for!(SiteFile)),
    ]
    .into_iter()
    .map(|(name, schema)| (name, to_json(schema)))
    .collect()
}

/// Each vocabulary of `taxonomies` with its slugs, as [`files`] takes them.
pub fn declared(taxonomies: &Taxonomies) -> Vec<(&VocabularyDef, Vec<&str>)> {
    taxonomies
        .vocabularies
        .iter()
        .map(|v| (v, v.terms.iter().map(|t| t.slug.as_str()).collect()))
        .collect()
}

/// study.yaml's schema: its own fields, and one per declared vocabulary
/// whose values are the vocabulary's slugs.
fn study_schema(vocabularies: &[(&VocabularyDef, Vec<&str>)]) -> Schema {
    use serde_json::{Value, json};
    let mut schema = schema_for!(StudyFile);
    let object = schema.as_object_mut();
    let mut vocabulary_fields = serde_json::Map::new();
    let mut required = Vec::new();
    for (v, slugs) in vocabularies {
        let description = match &v.description {
            Some(d) => format!("{} ({}: content/taxonomies.yaml)", d.en, v.name.en),
            None => format!("{} from content/taxonomies.yaml", v.name.en),
        };
        let term = json!({"type": "string", "enum": slugs});
        let field = if v.multiple {
            let mut list = json!({"type": "array", "items": term, "description": description});
            if v.required {
                list["minItems"] = json!(1);
            }
            list
        } else {
            let mut one = term;
            one["description"] = Value::String(description);
            one
        };
        vocabulary_fields.insert(v.field.clone(), field);
        if v.required {
            required.push(Value::String(v.field.clone()));
        }
    }
    if let Some(object) = object {
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            properties.extend(vocabulary_fields);
        }
        if let Some(Value::Array(list)) = object.get_mut("required") {
            list.extend(required);
        }
    }
    schema
}

fn to_json(schema: Schema) -> String {
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    json
}

/// The top-level field names a schema declares (study.yaml's own, without
/// the vocabularies'), for the test that keeps validation and schema in
/// step.
pub fn properties(file: &str) -> Vec<String> {
    let schema = match file {
        "study" => schema_for!(StudyFile),
        "taxonomies" => schema_for!(TaxonomiesFile),
        "site" => schema_for!(SiteFile),
        _ => return Vec::new(),
    };
    schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}
