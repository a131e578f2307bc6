//! `gapmap serve` watches only what the build reads and never follows a
//! symbolic link (issue 21: a link to /usr added 16,949 watches, a link to
//! / made serve exit).
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::fixture_site;

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts serve on `root` and waits until it listens, which is after its
/// watches are set.
fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut said = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://") {
                let address = rest.split('/').next().unwrap_or("").to_string();
                let _ = tx.send(Ok(address));
            }
            said.push_str(&line);
            said.push('\n');
        }
        let _ = tx.send(Err(said));
    });
    let address = match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(Ok(address)) => address,
        Ok(Err(said)) => panic!("serve stopped before listening:\n{said}"),
        Err(_) => panic!("serve did not start listening"),
    };
    Server { child, address }
}

fn status(address: &str, path: &str) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// How many inotify watches the process holds, from /proc.
fn inotify_watches(pid: u32) -> usize {
    let mut watches = 0;
    for fd in std::fs::read_dir(format!("/proc/{pid}/fdinfo")).unwrap() {
        let info = std::fs::read_to_string(fd.unwrap().path()).unwrap_or_default();
        watches += info
            .lines()
            .filter(|l| l.starts_with("inotify wd:"))
            .count();
    }
    watches
}

/// The real folders under `dir`, links not followed.
fn folders(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .count()
}

#[test]
fn links_inside_the_watched_folders_are_not_followed() {
    let site = fixture_site(None);
    let root = site.path();
    let elsewhere = tempfile::tempdir().unwrap();
    for i in 0..300 {
        std::fs::create_dir_all(elsewhere.path().join(format!("d{i}/e"))).unwrap();
    }
    symlink(elsewhere.path(), root.join("content/many-folders")).unwrap();
    symlink("/", root.join("content/the-whole-disk")).unwrap();
    symlink("/usr", root.join("themes/default/usr")).unwrap();

    let server = start(root);
    let watched = folders(&root.join("content")) + folders(&root.join("themes"));
    let watches = inotify_watches(server.child.id());
    assert!(
        (1..=watched).contains(&watches),
        "{watches} watches for {watched} folders: links were followed"
    );
    assert_eq!(status(&server.address, "/"), 200, "serve still serves");
}

#[test]
fn a_watched_folder_that_is_itself_a_link_is_not_followed() {
    let site = fixture_site(None);
    let root = site.path();
    let themes = root.join("themes");
    let moved = root.join("themes-elsewhere");
    std::fs::rename(&themes, &moved).unwrap();
    symlink(&moved, &themes).unwrap();
    // The build reads the theme through the link; serve does not watch it.
    symlink("/usr", moved.join("default/usr")).unwrap();

    let server = start(root);
    let watches = inotify_watches(server.child.id());
    assert!(
        (1..=folders(&root.join("content"))).contains(&watches),
        "{watches} watches"
    );
    assert_eq!(status(&server.address, "/"), 200);
}
