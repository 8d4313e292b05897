//! Raw TCP helpers for tests that need a server the `Server` type cannot
//! play: a proxy, a redirect to another port, a half-written answer.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Serves every connection with `f`, each on its own thread.
pub fn raw_server(f: impl Fn(TcpStream) + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let f = Arc::new(f);
    thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(stream) = conn else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
            let f = f.clone();
            thread::spawn(move || f(stream));
        }
    });
    port
}

/// Reads a request head (up to the blank line).
pub fn read_head(s: &mut impl Read) -> String {
    let mut buf = Vec::new();
    let mut b = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match s.read(&mut b) {
            Ok(1) => buf.push(b[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Writes a whole HTTP/1.1 answer and closes the exchange.
pub fn respond(s: &mut impl Write, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
    let _ = s.flush();
}

/// Copies bytes both ways between two sockets until both sides close.
pub fn relay(a: TcpStream, b: TcpStream) {
    let (mut a2, mut b2) = (a.try_clone().unwrap(), b.try_clone().unwrap());
    let (mut a, mut b) = (a, b);
    thread::spawn(move || {
        let _ = std::io::copy(&mut b2, &mut a2);
        let _ = a2.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut a, &mut b);
    let _ = b.shutdown(std::net::Shutdown::Write);
}

/// What [`connect_proxy`] does with each `CONNECT`.
#[derive(Clone, Copy)]
pub enum ProxyMode {
    Tunnel,
    Status(u16),
    Hang,
}

/// An HTTP CONNECT proxy that records `CONNECT` targets and the
/// Proxy-Authorization header it was given.
pub fn connect_proxy(mode: ProxyMode) -> (u16, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    let port = raw_server(move |mut c| {
        let head = read_head(&mut c);
        let target = head
            .lines()
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .unwrap_or("")
            .to_string();
        seen2.lock().unwrap().push(target.clone());
        match mode {
            ProxyMode::Hang => thread::sleep(Duration::from_secs(15)),
            ProxyMode::Status(s) => {
                let extra: &[(&str, &str)] = if s == 407 {
                    &[("Proxy-Authenticate", "Basic realm=\"corp\"")]
                } else {
                    &[]
                };
                respond(&mut c, s, extra, b"denied");
            }
            ProxyMode::Tunnel => {
                let Ok(up) = TcpStream::connect(&target) else {
                    respond(&mut c, 502, &[], b"");
                    return;
                };
                c.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .unwrap();
                relay(c, up);
            }
        }
    });
    (port, seen)
}
