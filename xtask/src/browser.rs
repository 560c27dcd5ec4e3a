//! The page's end-to-end tests: builds the playground, serves it on a free localhost port and
//! runs `www/tests/*.test.mjs` (node's test runner driving Debian's Chromium through
//! playwright-core; no browser is ever downloaded). Installs `chromium` with apt when missing.

use std::path::Path;
use std::process::Command;

use crate::{serve, setup, web};

const CHROMIUM: &str = "/usr/bin/chromium";

fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    setup::run("apt-get", &["update", "-qq"])?;
    setup::run("apt-get", &["install", "-y", "-qq", "chromium"])
}

pub fn test() -> Result<(), String> {
    ensure_chromium()?;
    let dist = web::build()?;
    let addr = serve::spawn(dist)?;
    let root = setup::workspace_root();
    let screenshots = root.join("target").join("screenshots");
    std::fs::create_dir_all(&screenshots).map_err(|e| e.to_string())?;
    eprintln!("$ node --test www/tests/ (page at http://{addr}/)");
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/"])
        .current_dir(root.join("www"))
        .env("ESPRIT_URL", format!("http://{addr}/"))
        .env("ESPRIT_CHROMIUM", CHROMIUM)
        .env("ESPRIT_SCREENSHOTS", &screenshots)
        .status()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if status.success() {
        eprintln!("browser screenshots: {}", screenshots.display());
        Ok(())
    } else {
        Err(format!("the browser tests failed ({status})"))
    }
}
