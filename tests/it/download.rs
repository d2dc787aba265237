//! The download path against a real HTTP server on loopback that the test runs: a cut
//! connection resumes, a wrong hash is rejected and the file removed, cancelling keeps a
//! resumable partial file.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use interview_coach::models::download::{
    DownloadError, DownloadOptions, download, partial_path, to_hex,
};
use sha2::{Digest, Sha256};

/// How the server misbehaves.
#[derive(Clone, Copy)]
enum Mode {
    /// Serve normally.
    Normal,
    /// Close the connection after this many body bytes, on the first request only.
    CutFirstAfter(usize),
    /// Send the body slowly (for cancelling part-way).
    Slow,
}

struct Server {
    url: String,
    /// The Range header of each request, or "" when there was none.
    ranges: Arc<Mutex<Vec<String>>>,
}

fn serve(body: Vec<u8>, mode: Mode) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/ggml-test.bin", listener.local_addr().unwrap());
    let ranges = Arc::new(Mutex::new(Vec::new()));
    let seen = ranges.clone();
    let requests = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        // Bounded: a test makes at most a handful of requests.
        for stream in listener.incoming().take(8) {
            let Ok(stream) = stream else { continue };
            let n = requests.fetch_add(1, Ordering::SeqCst);
            handle(stream, &body, mode, n, &seen);
        }
    });
    Server { url, ranges }
}

/// Answers one request. The Range header is recorded before the body is sent, so the test sees
/// it even if it checks the moment the client has read the last byte.
fn handle(mut stream: TcpStream, body: &[u8], mode: Mode, n: usize, seen: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut range = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("range: bytes=") {
            range = v.trim().to_string();
        }
    }
    let start: usize = range
        .strip_suffix('-')
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    seen.lock().unwrap().push(range.clone());
    let part = &body[start.min(body.len())..];
    let head = if range.is_empty() {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            part.len()
        )
    } else {
        format!(
            "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes {}-{}/{}\r\nConnection: close\r\n\r\n",
            part.len(),
            start,
            body.len() - 1,
            body.len()
        )
    };
    let _ = stream.write_all(head.as_bytes());
    match mode {
        Mode::CutFirstAfter(k) if n == 0 => {
            let _ = stream.write_all(&part[..k.min(part.len())]);
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        Mode::Slow => {
            for chunk in part.chunks(16 * 1024) {
                if stream.write_all(chunk).is_err() {
                    break;
                }
                thread::sleep(Duration::from_millis(5));
            }
        }
        _ => {
            let _ = stream.write_all(part);
        }
    }
}

fn payload(len: usize) -> (Vec<u8>, String) {
    let body: Vec<u8> = (0..len)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
        .collect();
    let hash = to_hex(&Sha256::digest(&body));
    (body, hash)
}

fn quick() -> DownloadOptions {
    DownloadOptions {
        retries: 3,
        connect_timeout: Duration::from_secs(5),
        read_timeout: Duration::from_secs(5),
    }
}

#[test]
fn a_cut_connection_resumes_where_it_stopped() {
    let (body, hash) = payload(3_000_000);
    let server = serve(body.clone(), Mode::CutFirstAfter(1_000_000));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.bin");
    let cancel = AtomicBool::new(false);
    download(&server.url, &dest, &hash, &quick(), &mut |_, _| {}, &cancel).unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), body);
    assert!(!partial_path(&dest).exists());
    let ranges = server.ranges.lock().unwrap().clone();
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    assert_eq!(ranges[0], "");
    // The second request asked only for the missing part.
    let resumed_from: usize = ranges[1].trim_end_matches('-').parse().unwrap();
    assert!((900_000..=1_000_000).contains(&resumed_from), "{ranges:?}");
}

#[test]
fn a_hash_mismatch_is_rejected_and_nothing_is_left() {
    let (body, _) = payload(200_000);
    let server = serve(body, Mode::Normal);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.bin");
    let wrong = "0".repeat(64);
    let err = download(
        &server.url,
        &dest,
        &wrong,
        &quick(),
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(matches!(err, DownloadError::HashMismatch { .. }), "{err}");
    assert!(err.to_string().contains("deleted"));
    assert!(!dest.exists() && !partial_path(&dest).exists());
}

#[test]
fn cancel_keeps_a_partial_file_that_the_next_run_resumes() {
    let (body, hash) = payload(4_000_000);
    let server = serve(body.clone(), Mode::Slow);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.bin");
    let cancel = AtomicBool::new(false);
    let err = download(
        &server.url,
        &dest,
        &hash,
        &quick(),
        &mut |done, _| {
            if done > 500_000 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(err, DownloadError::Cancelled { .. }), "{err}");
    assert!(
        !dest.exists(),
        "a cancelled download must not look like a model"
    );
    let kept = std::fs::metadata(partial_path(&dest)).unwrap().len();
    assert!(kept > 500_000 && kept < 4_000_000, "{kept}");
    assert_eq!(
        std::fs::read(partial_path(&dest)).unwrap(),
        body[..kept as usize]
    );

    download(
        &server.url,
        &dest,
        &hash,
        &quick(),
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), body);
    let ranges = server.ranges.lock().unwrap().clone();
    assert_eq!(ranges.last().unwrap(), &format!("{kept}-"));
}

#[test]
fn an_unreachable_host_is_a_network_error_that_keeps_nothing_broken() {
    // Bind then drop a listener: its port is closed, so connecting is refused at once.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.bin");
    let opts = DownloadOptions {
        retries: 1,
        ..quick()
    };
    let err = download(
        &format!("http://127.0.0.1:{port}/x.bin"),
        &dest,
        &"0".repeat(64),
        &opts,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(matches!(err, DownloadError::Network { .. }), "{err}");
    assert!(err.to_string().contains("run the same command again"));
    assert!(!dest.exists());
}
