//! `skillspan`: train the mention tagger on SkillSpan and evaluate it.
//!
//! ```text
//! skillspan train --train PATH [--out crates/extract/model/tagger.bin] [--epochs N] [--seed S]
//! skillspan eval PATH [--model PATH] [--passes N] [--json]
//! ```
//!
//! `eval` rebuilds each posting's text (tokens joined by one space,
//! sentences by one newline), runs the extraction used by `analyze`, and
//! prints strict P/R/F1 per kind and micro, loose F1 and throughput.

use std::process::ExitCode;
use std::time::Instant;

use round2_extract::tagger::train::{parse_postings, rebuild, train, Scores, TrainOptions};
use round2_extract::tagger::Tagger;
use round2_extract::MentionKind;

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  skillspan train --train PATH [--out PATH] [--epochs N] [--seed S] [--layout split|joint] [--prune X]\n  skillspan eval PATH [--model PATH] [--passes N] [--json]"
    );
    ExitCode::from(2)
}

fn arg_value(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train") => cmd_train(&args[1..]),
        Some("eval") => cmd_eval(&args[1..]),
        _ => usage(),
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn cmd_train(args: &[String]) -> ExitCode {
    let Some(path) = arg_value(args, "--train") else {
        return usage();
    };
    let out = arg_value(args, "--out").unwrap_or_else(|| "crates/extract/model/tagger.bin".into());
    let mut opts = TrainOptions::default();
    if let Some(e) = arg_value(args, "--epochs").and_then(|v| v.parse().ok()) {
        opts.epochs = e;
    }
    if let Some(s) = arg_value(args, "--seed").and_then(|v| v.parse().ok()) {
        opts.seed = s;
    }
    if let Some(b) = arg_value(args, "--bags").and_then(|v| v.parse().ok()) {
        opts.bags = b;
    }
    if let Some(p) = arg_value(args, "--prune").and_then(|v| v.parse().ok()) {
        opts.prune = p;
    }
    let o_bias: Option<f32> = arg_value(args, "--o-bias").and_then(|v| v.parse().ok());
    if arg_value(args, "--layout").as_deref() == Some("joint") {
        opts.layout = vec![vec![MentionKind::Skill, MentionKind::Knowledge]];
    }
    let src = match read(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let postings = match parse_postings(&src) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let t0 = Instant::now();
    let mut tagger = train(&postings, &opts, |m, e| {
        eprintln!(
            "model {m} epoch {} done ({:.1}s)",
            e + 1,
            t0.elapsed().as_secs_f64()
        );
    });
    if let Some(b) = o_bias {
        tagger.set_o_bias(b);
    }
    let tagger = tagger;
    let bytes = tagger.to_bytes();
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("{out}: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {out}: {} bytes, {} feature rows",
        bytes.len(),
        tagger.num_features()
    );
    ExitCode::SUCCESS
}

/// CPU seconds used by this thread so far (Linux `/proc`), if available.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 here.
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn cmd_eval(args: &[String]) -> ExitCode {
    let Some(path) = args.iter().find(|a| !a.starts_with("--")).cloned() else {
        return usage();
    };
    let json = args.iter().any(|a| a == "--json");
    let passes: usize = arg_value(args, "--passes")
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let custom = match arg_value(args, "--model") {
        Some(m) => match std::fs::read(&m)
            .map_err(|e| e.to_string())
            .and_then(|b| Tagger::from_bytes(&b).map_err(|e| e.to_string()))
        {
            Ok(mut t) => {
                if let Some(b) = arg_value(args, "--o-bias").and_then(|v| v.parse().ok()) {
                    t.set_o_bias(b);
                }
                Some(t)
            }
            Err(e) => {
                eprintln!("{m}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let src = match read(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let postings = match parse_postings(&src) {
        Ok(p) => p.iter().map(rebuild).collect::<Vec<_>>(),
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let extract = |text: &str| match &custom {
        Some(t) => t.mentions(text),
        None => round2_extract::analyze(text).mentions,
    };
    if let Some(dump) = arg_value(args, "--dump") {
        let mut out = String::new();
        for p in &postings {
            let m = extract(&p.text);
            out.push_str(&serde_json::json!({"text": p.text, "mentions": m}).to_string());
            out.push('\n');
        }
        if let Err(e) = std::fs::write(&dump, out) {
            eprintln!("{dump}: {e}");
        }
    }
    // Warm up (loads the embedded model) and score.
    let scores: Scores = round2_extract::tagger::train::evaluate(&postings, extract);
    let mut times = Vec::new();
    let cpu0 = thread_cpu_seconds();
    for _ in 0..passes {
        let t = Instant::now();
        let mut n = 0usize;
        for p in &postings {
            n += extract(&p.text).len();
        }
        std::hint::black_box(n);
        times.push(t.elapsed().as_secs_f64());
    }
    let cpu = match (cpu0, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => Some((b - a) / passes as f64),
        _ => None,
    };
    let cpu_mbps = cpu.map(|c| scores.bytes as f64 / 1e6 / c);
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let mbps = scores.bytes as f64 / 1e6 / median;
    if json {
        let v = serde_json::json!({
            "file": path,
            "scores": scores,
            "throughput_mb_s": mbps,
            "median_seconds": median,
            "cpu_throughput_mb_s": cpu_mbps,
            "passes": passes,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        println!(
            "{path}: {} postings, {} bytes",
            scores.postings, scores.bytes
        );
        for (name, p) in [
            ("skill", &scores.skill),
            ("knowledge", &scores.knowledge),
            ("micro", &scores.micro),
        ] {
            println!(
                "strict {name:<9} P {:.3} R {:.3} F1 {:.3}  (tp {} pred {} gold {})",
                p.p, p.r, p.f1, p.tp, p.pred, p.gold
            );
        }
        println!(
            "loose  (any kind)  P {:.3} R {:.3} F1 {:.3}",
            scores.loose.p, scores.loose.r, scores.loose.f1
        );
        println!(
            "throughput {mbps:.2} MB/s (median of {passes} passes, {median:.3} s/pass, analyze())"
        );
        if let Some(c) = cpu_mbps {
            println!("cpu-time throughput {c:.2} MB/s (thread CPU time, mean over passes)");
        }
    }
    ExitCode::SUCCESS
}
