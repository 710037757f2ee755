//! Open-loop load for `benches/load.sh`: latency at a fixed request rate.
//!
//! wrk keeps every connection busy, so its latency is mostly queueing at
//! whatever rate the machine saturates (Little's law: 200 connections at
//! 60,000 requests/s is 3.3 ms each on average, however fast a page is).
//! This tool instead offers a fixed rate over C keep-alive connections, each
//! sending on its own schedule, and measures every request from the moment
//! it was *scheduled*, so a slow answer also counts against the requests
//! queued behind it (no coordinated omission).
//!
//! `round2-web-rate HOST:PORT PATHS_FILE CONNECTIONS RATE SECONDS [gzip]`
//!
//! PATHS_FILE holds one path per line, taken in turn. Prints the rate
//! achieved, latency percentiles and the count of non-200 answers.

use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

struct Outcome {
    /// From when each request was due (includes waiting behind the one
    /// before on its connection, and this tool's timer lateness, under 1 ms).
    due: Vec<u64>,
    /// From when each request was written to its answer's last byte.
    sent: Vec<u64>,
    errors: u64,
}

/// Reads one HTTP/1.1 response with a `Content-Length` body; returns its
/// status. `buf` keeps bytes read past the response (none, with one request
/// in flight per connection).
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> anyhow::Result<u16> {
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("the server closed the connection");
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).context("response head")?;
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("status line")?;
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .context("a Content-Length header")?;
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("the server closed the connection mid-body");
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..head_end + length);
    Ok(status)
}

async fn connection(
    addr: String,
    paths: Vec<String>,
    first: usize,
    start: Instant,
    every: Duration,
    until: Instant,
    gzip: bool,
) -> anyhow::Result<Outcome> {
    let mut stream = TcpStream::connect(&addr).await?;
    stream.set_nodelay(true)?;
    let mut buf = Vec::new();
    let mut out = Outcome {
        due: Vec::new(),
        sent: Vec::new(),
        errors: 0,
    };
    let encoding = if gzip {
        "Accept-Encoding: gzip, deflate, br, zstd\r\n"
    } else {
        ""
    };
    for k in 0.. {
        let due = start + every * k;
        if due >= until {
            break;
        }
        tokio::time::sleep_until(due.into()).await;
        let path = &paths[(first + k as usize) % paths.len()];
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{encoding}\r\n");
        let sent = Instant::now();
        stream.write_all(request.as_bytes()).await?;
        let status = read_response(&mut stream, &mut buf).await?;
        out.due.push(due.elapsed().as_micros() as u64);
        out.sent.push(sent.elapsed().as_micros() as u64);
        if status != 200 {
            out.errors += 1;
        }
    }
    Ok(out)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (addr, paths_file, conns, rate, secs) = match args.as_slice() {
        [_, a, p, c, r, s] | [_, a, p, c, r, s, _] => (a, p, c, r, s),
        _ => bail!("usage: round2-web-rate HOST:PORT PATHS_FILE CONNECTIONS RATE SECONDS [gzip]"),
    };
    let gzip = args.get(6).is_some_and(|g| g == "gzip");
    let conns: u32 = conns.parse().context("CONNECTIONS")?;
    let rate: f64 = rate.parse().context("RATE")?;
    let secs: f64 = secs.parse().context("SECONDS")?;
    let paths: Vec<String> = std::fs::read_to_string(paths_file)
        .with_context(|| format!("reading {paths_file}"))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if paths.is_empty() || conns == 0 || rate <= 0.0 {
        bail!("need at least one path, one connection and a positive rate");
    }
    // Each connection sends every `every`; their schedules are staggered so
    // the requests arrive evenly.
    let every = Duration::from_secs_f64(f64::from(conns) / rate);
    let begin = Instant::now() + Duration::from_millis(200);
    let until = begin + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for i in 0..conns {
        let start = begin + every.mul_f64(f64::from(i) / f64::from(conns));
        tasks.push(tokio::spawn(connection(
            addr.clone(),
            paths.clone(),
            i as usize,
            start,
            every,
            until,
            gzip,
        )));
    }
    let (mut all, mut sent) = (Vec::new(), Vec::new());
    let mut errors = 0;
    for t in tasks {
        let out = t.await.context("a connection task")??;
        all.extend(out.due);
        sent.extend(out.sent);
        errors += out.errors;
    }
    let elapsed = begin.elapsed().as_secs_f64();
    all.sort_unstable();
    sent.sort_unstable();
    println!(
        "   offered {rate:.0}/s over {conns} connections: {} requests, {:.0}/s answered, \
         {errors} not 200",
        all.len(),
        all.len() as f64 / elapsed.max(secs)
    );
    for (label, v) in [("from when due", &all), ("from when sent", &sent)] {
        println!(
            "   latency {label}: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms",
            percentile(v, 0.50),
            percentile(v, 0.90),
            percentile(v, 0.99),
            percentile(v, 0.999),
            percentile(v, 1.0),
        );
    }
    Ok(())
}
