//! What publishing relies on outside the binary: Netlify's build settings
//! and headers, the pull-request workflow and its template.

mod common;

use std::fs;

use common::repo;

fn netlify() -> toml::Table {
    fs::read_to_string(repo().join("netlify.toml"))
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn netlify_builds_with_gapmap_and_previews_use_their_own_address() {
    let config = netlify();
    let build = config["build"].as_table().unwrap();
    assert_eq!(build["publish"].as_str(), Some("public"));
    let command = build["command"].as_str().unwrap();
    assert!(command.contains("cargo run --release --locked -- build --output public"));
    for context in ["deploy-preview", "branch-deploy"] {
        let command = config["context"][context]["command"].as_str().unwrap();
        assert!(
            command.ends_with("build --output public --base-url $DEPLOY_PRIME_URL"),
            "{context}: {command}"
        );
    }
}

#[test]
fn netlify_sends_a_strict_content_security_policy_and_the_other_headers() {
    let config = netlify();
    let headers = config["headers"].as_array().unwrap();
    let all = headers
        .iter()
        .find(|h| h["for"].as_str() == Some("/*"))
        .unwrap();
    let values = all["values"].as_table().unwrap();
    let csp = values["Content-Security-Policy"].as_str().unwrap();
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for wanted in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(directives.contains(&wanted), "CSP lacks {wanted}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(values["X-Content-Type-Options"].as_str(), Some("nosniff"));
    assert!(values["Referrer-Policy"].as_str().is_some());
    let permissions = values["Permissions-Policy"].as_str().unwrap();
    for feature in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(permissions.contains(feature), "{permissions}");
    }
}

#[test]
fn pull_requests_run_the_content_check_and_the_tests() {
    let path = repo().join(".github/workflows/ci.yml");
    let text = fs::read_to_string(&path).unwrap();
    let workflow = gapmap::yaml::parse(".github/workflows/ci.yml", &text)
        .unwrap()
        .to_json();
    // A YAML 1.1 reader takes the key `on` for the boolean true.
    let triggers = workflow.get("on").or(workflow.get("true")).unwrap();
    assert!(triggers.get("pull_request").is_some(), "{triggers}");
    let runs: Vec<String> = workflow["jobs"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_array().unwrap().iter())
        .filter_map(|step| step["run"].as_str().map(String::from))
        .collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("-- check --message-format github")),
        "{runs:?}"
    );
    assert!(runs.iter().any(|r| r == "bash .ci/run"), "{runs:?}");
    let ci = fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo test"));

    let template = fs::read_to_string(repo().join(".github/pull_request_template.md")).unwrap();
    let boxes = template.matches("- [ ]").count();
    assert!(boxes >= 5, "the checklist has {boxes} items");
    assert!(template.contains("check") && template.contains("检查清单"));
}
