//! The built site on the web, as Netlify serves it: each file at its path
//! (a folder's index.html at the folder), status 404 with zh/404.html under
//! /zh/ and 404.html elsewhere, and every answer with the headers
//! netlify.toml publishes, its Content-Security-Policy reporting each
//! violation back to this server, which keeps the reports.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::repo;

/// The policy Netlify sends, from netlify.toml.
pub fn published_policy() -> String {
    let config: toml::Table = fs::read_to_string(repo().join("netlify.toml"))
        .unwrap()
        .parse()
        .unwrap();
    config["headers"].as_array().unwrap()[0]["values"]["Content-Security-Policy"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A site being served; it is served until the test ends.
pub struct Host {
    /// `http://127.0.0.1:<port>/`
    pub base: String,
    reports: Arc<Mutex<Vec<String>>>,
}

impl Host {
    /// The policy violations the browser has reported so far.
    pub fn reports(&self) -> Vec<String> {
        self.reports.lock().unwrap().clone()
    }

    pub fn clear_reports(&self) {
        self.reports.lock().unwrap().clear();
    }

    /// Fails if the browser reported a policy violation. The browser sends
    /// a report soon after the violation, not at once: call this while it
    /// is still open, after the pages it checks.
    pub async fn assert_no_violations(&self) {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let reports = self.reports();
        assert!(
            reports.is_empty(),
            "policy violations:\n{}",
            reports.join("\n")
        );
    }
}

/// Serves `dir` on a free port of 127.0.0.1.
pub fn serve(dir: PathBuf) -> Host {
    serve_on(TcpListener::bind("127.0.0.1:0").unwrap(), dir)
}

/// Serves `dir` on `listener` (for a site built for its address).
pub fn serve_on(listener: TcpListener, dir: PathBuf) -> Host {
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let reports = Arc::new(Mutex::new(Vec::new()));
    let collected = Arc::clone(&reports);
    let policy = format!("{}; report-uri /csp-report", published_policy());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dir, policy, collected) = (dir.clone(), policy.clone(), Arc::clone(&collected));
            std::thread::spawn(move || answer(stream, &dir, &policy, &collected));
        }
    });
    Host { base, reports }
}

fn answer(mut stream: TcpStream, dir: &Path, policy: &str, reports: &Mutex<Vec<String>>) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut request = String::new();
    let _ = reader.read_line(&mut request);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    if request.starts_with("POST") {
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        reports
            .lock()
            .unwrap()
            .push(String::from_utf8_lossy(&body).into_owned());
        let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        return;
    }
    let path = request.split(' ').nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() && !path.contains("..") {
        ("200 OK", file)
    } else if path.starts_with("/zh/") {
        ("404 Not Found", dir.join("zh/404.html"))
    } else {
        ("404 Not Found", dir.join("404.html"))
    };
    let body = fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {policy}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
