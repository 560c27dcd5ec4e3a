//! `cargo xtask serve [--port N]`: builds the playground and serves `target/www` on
//! localhost. A small static server: GET and HEAD only, files under the root only, and the
//! page's Content-Security-Policy (`www/csp.txt`) on every response, since the worker takes
//! its policy from its own response headers, not from the page's `<meta>`.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::{firmware, setup, web};

pub fn run(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8000,
        [flag, port] if flag == "--port" => port
            .parse()
            .map_err(|_| format!("--port takes a number, not `{port}`"))?,
        _ => return Err("usage: cargo xtask serve [--port N]".to_string()),
    };
    let root = web::build()?;
    // The Flash panel offers the firmware image from beside the page; the page works without.
    if let Err(e) = firmware::publish(&root) {
        eprintln!("xtask: no firmware image for the Flash panel: {e}");
    }
    let listener = bind(port)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("esprit playground: http://{addr}/  (Ctrl-C to stop)");
    serve_forever(listener, root)
}

/// Binds the server on 127.0.0.1 (`port` 0 picks a free one).
pub fn bind(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on port {port}: {e}"))
}

/// Serves `root` in a background thread; returns its address.
pub fn spawn(root: PathBuf) -> Result<SocketAddr, String> {
    let listener = bind(0)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || serve_forever(listener, root));
    Ok(addr)
}

fn serve_forever(listener: TcpListener, root: PathBuf) -> Result<(), String> {
    let csp = std::fs::read_to_string(setup::workspace_root().join("www").join("csp.txt"))
        .map_err(|e| format!("cannot read www/csp.txt: {e}"))?
        .trim()
        .to_string();
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        let csp = csp.clone();
        std::thread::spawn(move || {
            // A client that goes away mid-request is its own problem, not the server's.
            let _ = handle(stream, &root, &csp);
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream, root: &Path, csp: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers are read and ignored: nothing here depends on them.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            csp,
        );
    }
    let Some(path) = resolve(root, target) else {
        return respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            csp,
        );
    };
    match std::fs::read(&path) {
        Ok(body) => {
            let body = if method == "HEAD" { Vec::new() } else { body };
            respond(&mut stream, "200 OK", content_type(&path), &body, csp)
        }
        Err(_) => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            csp,
        ),
    }
}

/// The file a request path names under `root`, or `None` for anything that would leave it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut full = root.join(relative);
    if decoded.ends_with('/') || full.is_dir() {
        full = full.join("index.html");
    }
    full.is_file().then_some(full)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    csp: &str,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {csp}\r\nX-Content-Type-Options: nosniff\r\n\
         Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_under_the_root() {
        let root = std::env::temp_dir().join(format!("esprit-serve-{}", std::process::id()));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        std::fs::write(root.join("sub").join("a b.js"), "x").unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(&root, "/?x=1#y"), Some(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/sub/a%20b.js"),
            Some(root.join("sub").join("a b.js"))
        );
        assert_eq!(resolve(&root, "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/sub/%2e%2e/%2e%2e/x"), None);
        assert_eq!(resolve(&root, "/%zz"), None);
        assert_eq!(resolve(&root, "/missing.js"), None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
