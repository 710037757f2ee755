//! The team server under load, on PostgreSQL, loopback only.
//!
//! Seeds a team (by default 1,000 candidates with 5 opportunities each and
//! 100 coaches, every opportunity shared with one coach), starts two
//! instances of the server over the one database on 127.0.0.1, logs in
//! coaches and candidates, checks that a comment posted through one
//! instance is on the next read through the other, then sends an open-loop
//! load (requests leave on a fixed schedule whether or not earlier ones
//! were answered; a request's time is counted from when it was due):
//!
//! 1. the baseline: the stylesheet, a static file, from instance one;
//! 2. the mix on instance one: coaches reading shared prep packs,
//!    candidates reading their opportunity pages, coaches posting comments;
//! 3. the same mix spread over both instances.
//!
//! ```sh
//! scripts/team-load                  # starts a throwaway PostgreSQL, then this
//! cargo run --release -p round2-team --example load -- --db postgres://... --rate 1000 --seconds 60
//! ```

use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use round2_core::prep::{Format, PrepFile};
use round2_core::team::{NewUser, Role};
use round2_store::{PgStore, Store, TeamLocation};
use round2_team::{LoginLimits, TeamConfig, TeamState};

const PASSWORD: &str = "a long load-test password";

struct Options {
    url: String,
    rate: u32,
    seconds: u32,
    candidates: usize,
    opportunities: usize,
    coaches: usize,
}

fn options() -> Options {
    let mut o = Options {
        url: std::env::var("ROUND2_TEST_PG").unwrap_or_default(),
        rate: 1000,
        seconds: 60,
        candidates: 1000,
        opportunities: 5,
        coaches: 100,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        let number = || {
            value
                .parse::<usize>()
                .unwrap_or_else(|_| panic!("{}: a number", pair[0]))
        };
        match pair[0].as_str() {
            "--db" => o.url = value.clone(),
            "--rate" => o.rate = number() as u32,
            "--seconds" => o.seconds = number() as u32,
            "--candidates" => o.candidates = number(),
            "--opportunities" => o.opportunities = number(),
            "--coaches" => o.coaches = number(),
            other => panic!("unknown option {other}"),
        }
    }
    assert!(
        o.url.starts_with("postgres"),
        "give the PostgreSQL server with --db postgres://... (or ROUND2_TEST_PG); scripts/team-load starts one"
    );
    o
}

fn prep(company: &str) -> PrepFile {
    let text = include_str!("../tests/fixtures/ana.yaml").replace("Harbor Freight Lines", company);
    PrepFile::parse(&text, Format::Yaml).expect("the fixture parses")
}

fn slug(k: usize) -> String {
    format!("harbor-{k}-operations-analyst")
}

/// The team: ids of candidates and coaches, and each coach's shares.
struct Team {
    candidates: Vec<i64>,
    coaches: Vec<i64>,
    shares: Vec<Vec<(i64, String)>>,
}

fn seed(o: &Options, location: &TeamLocation) -> Team {
    let TeamLocation::Postgres { url, namespace } = location else {
        unreachable!("the load runs on PostgreSQL")
    };
    let started = Instant::now();
    let mut team = location.open_team().expect("open the team's tables");
    let hash = round2_team::auth::hash_password(PASSWORD).expect("hash");
    let mut add = |email: String, role| {
        let u = team
            .add_user(
                &NewUser {
                    email,
                    name: "Load Tester".into(),
                    role,
                },
                0,
            )
            .expect("add a user");
        team.set_password_hash(u.id, &hash).expect("set the hash");
        u.id
    };
    let candidates: Vec<i64> = (0..o.candidates)
        .map(|i| add(format!("cand{i}@load.example"), Role::Candidate))
        .collect();
    let coaches: Vec<i64> = (0..o.coaches)
        .map(|i| add(format!("coach{i}@load.example"), Role::Coach))
        .collect();
    let mut conn = PgStore::open_bare(url).expect("connect");
    let migrated = round2_store::MigratedSchemas::default();
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00-05:00").unwrap();
    let mut shares = vec![Vec::new(); o.coaches];
    for (i, id) in candidates.iter().enumerate() {
        conn.use_schema(&format!("{namespace}_candidate_{id}"), &migrated)
            .expect("schema");
        for k in 0..o.opportunities {
            conn.import(&prep(&format!("Harbor {k}")), now)
                .expect("import");
            let c = (i * o.opportunities + k) % o.coaches;
            team.share(*id, &slug(k), coaches[c], 1).expect("share");
            shares[c].push((*id, slug(k)));
        }
    }
    eprintln!(
        "seeded {} candidates x {} opportunities, {} coaches in {:.0} s",
        o.candidates,
        o.opportunities,
        o.coaches,
        started.elapsed().as_secs_f64()
    );
    Team {
        candidates,
        coaches,
        shares,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Logs in; the cookie and the session's CSRF token.
fn login(base: &str, email: &str) -> (String, String) {
    let a = agent();
    let res = a
        .post(&format!("{base}/login"))
        .send_form([("email", email), ("password", PASSWORD)])
        .expect("log in");
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("{email} could not log in"))
        .to_string();
    let page = a
        .get(&format!("{base}/team"))
        .header("cookie", &cookie)
        .call()
        .expect("the team page")
        .into_body()
        .read_to_string()
        .expect("its body");
    let at = page.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    (cookie, page[at..at + 64].to_string())
}

#[derive(Clone)]
enum Job {
    Get {
        url: String,
        cookie: Option<String>,
    },
    Comment {
        url: String,
        cookie: String,
        csrf: String,
    },
}

struct Sample {
    millis: f64,
    ok: bool,
}

/// Sends `jobs` open-loop at `rate` per second from a pool of workers.
fn run(jobs: Vec<Job>, rate: u32) -> (Vec<Sample>, f64) {
    let (tx, rx) = mpsc::channel::<(Instant, Job)>();
    let rx = Arc::new(Mutex::new(rx));
    let samples = Arc::new(Mutex::new(Vec::with_capacity(jobs.len())));
    let workers: Vec<_> = (0..256)
        .map(|_| {
            let (rx, samples) = (Arc::clone(&rx), Arc::clone(&samples));
            std::thread::spawn(move || {
                let a = agent();
                loop {
                    let next = rx.lock().expect("the queue").recv();
                    let Ok((due, job)) = next else { return };
                    let ok = match job {
                        Job::Get { url, cookie } => {
                            let mut r = a.get(&url);
                            if let Some(c) = &cookie {
                                r = r.header("cookie", c);
                            }
                            r.call().is_ok_and(|mut res| {
                                let fine = res.status().as_u16() == 200;
                                fine && res.body_mut().read_to_vec().is_ok()
                            })
                        }
                        Job::Comment { url, cookie, csrf } => a
                            .post(&url)
                            .header("cookie", &cookie)
                            .send_form([
                                ("csrf", csrf.as_str()),
                                ("target", "pack"),
                                ("body", "Load comment"),
                            ])
                            .is_ok_and(|res| res.status().as_u16() == 303),
                    };
                    let millis = due.elapsed().as_secs_f64() * 1000.0;
                    samples.lock().expect("samples").push(Sample { millis, ok });
                }
            })
        })
        .collect();
    let start = Instant::now() + Duration::from_millis(100);
    let every = Duration::from_secs_f64(1.0 / f64::from(rate));
    for (i, job) in jobs.into_iter().enumerate() {
        let due = start + every * i as u32;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        tx.send((due, job)).expect("a worker");
    }
    drop(tx);
    for w in workers {
        let _ = w.join();
    }
    let took = start.elapsed().as_secs_f64();
    let samples = Arc::try_unwrap(samples)
        .ok()
        .expect("workers done")
        .into_inner()
        .expect("samples");
    (samples, took)
}

fn report(name: &str, samples: &[Sample], took: f64) {
    let mut ms: Vec<f64> = samples.iter().map(|s| s.millis).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
    let errors = samples.iter().filter(|s| !s.ok).count();
    println!(
        "{name:<38} {:>7} requests {:>7.0}/s  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>8.2} ms  errors {errors}",
        samples.len(),
        samples.len() as f64 / took,
        at(0.50),
        at(0.99),
        ms.last().copied().unwrap_or_default(),
    );
}

fn main() {
    let o = options();
    let location = TeamLocation::Postgres {
        url: o.url.clone(),
        namespace: format!("load{}", std::process::id()),
    };
    let team = seed(&o, &location);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let config = TeamConfig {
        location: location.clone(),
        secure_cookies: false,
        trust_proxy: false,
        limits: LoginLimits {
            window_seconds: 60,
            per_account: 5,
            per_address: u32::MAX,
        },
    };
    let mut bases = Vec::new();
    for _ in 0..2 {
        let state = TeamState::open(&config).expect("a server");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port");
        bases.push(format!(
            "http://{}",
            listener.local_addr().expect("its address")
        ));
        runtime.spawn(async move {
            let app =
                round2_team::router(state).into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(listener, app).await;
        });
    }
    let coaches: Vec<(String, String)> = (0..team.coaches.len())
        .map(|i| login(&bases[0], &format!("coach{i}@load.example")))
        .collect();
    let readers = team.candidates.len().min(100);
    let candidates: Vec<(String, String)> = (0..readers)
        .map(|i| login(&bases[0], &format!("cand{i}@load.example")))
        .collect();

    // A comment posted through one instance is on the next read through
    // the other.
    let (cid, cslug) = team.shares[0][0].clone();
    let pack = format!("/team/c/{cid}/o/{cslug}");
    let posted = agent()
        .post(&format!("{}{pack}/comments", bases[0]))
        .header("cookie", &coaches[0].0)
        .send_form([
            ("csrf", coaches[0].1.as_str()),
            ("target", "pack"),
            ("body", "Seen across instances"),
        ])
        .expect("post");
    assert_eq!(posted.status().as_u16(), 303);
    let read = agent()
        .get(&format!("{}{pack}", bases[1]))
        .header("cookie", &coaches[0].0)
        .call()
        .expect("read")
        .into_body()
        .read_to_string()
        .expect("body");
    assert!(
        read.contains("Seen across instances"),
        "instance two shows instance one's comment"
    );
    println!("a comment posted through instance one is on the next read through instance two");

    let n = (o.rate * o.seconds) as usize;
    let mix = |spread: bool| -> Vec<Job> {
        (0..n)
            .map(|i| {
                let base = &bases[if spread { i % 2 } else { 0 }];
                let coach = (i * 7919) % coaches.len();
                let shares = &team.shares[coach];
                match i % 10 {
                    // One in ten: a coach posts a comment.
                    0 => {
                        let (c, s) = &shares[(i / 10) % shares.len()];
                        Job::Comment {
                            url: format!("{base}/team/c/{c}/o/{s}/comments"),
                            cookie: coaches[coach].0.clone(),
                            csrf: coaches[coach].1.clone(),
                        }
                    }
                    // Half of the rest: a coach reads a shared pack.
                    1..=5 => {
                        let (c, s) = &shares[i % shares.len()];
                        Job::Get {
                            url: format!("{base}/team/c/{c}/o/{s}"),
                            cookie: Some(coaches[coach].0.clone()),
                        }
                    }
                    // The others: a candidate reads an opportunity page.
                    _ => {
                        let who = (i * 104_729) % candidates.len();
                        Job::Get {
                            url: format!("{base}/o/{}", slug(i % o.opportunities)),
                            cookie: Some(candidates[who].0.clone()),
                        }
                    }
                }
            })
            .collect()
    };
    println!(
        "open loop at {} requests/s for {} s; {} candidates x {} opportunities, {} coaches; {} cores",
        o.rate,
        o.seconds,
        o.candidates,
        o.opportunities,
        o.coaches,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let baseline: Vec<Job> = (0..n)
        .map(|_| Job::Get {
            url: format!("{}/assets/style.css", bases[0]),
            cookie: None,
        })
        .collect();
    let (s, t) = run(baseline, o.rate);
    report("baseline: a static file", &s, t);
    let (s, t) = run(mix(false), o.rate);
    report("mix, one instance", &s, t);
    let (s, t) = run(mix(true), o.rate);
    report("mix, two instances on one database", &s, t);
}
