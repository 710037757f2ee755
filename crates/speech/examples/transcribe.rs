//! `cargo run --release -p round2-speech --example transcribe -- MODELS_DIR FROM WAV`:
//! installs the faster-whisper model at FROM (if not yet) and transcribes WAV.
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (models, from, wav) = (
        Path::new(&args[1]),
        Path::new(&args[2]),
        Path::new(&args[3]),
    );
    let t0 = std::time::Instant::now();
    let (dir, info) = round2_speech::install::install_from(from, models)?;
    eprintln!("installed {} in {:?}", info.name, t0.elapsed());
    let audio = round2_speech::audio::read(wav)?;
    let t0 = std::time::Instant::now();
    let mut t = round2_speech::whisper::Transcriber::load(&dir)?;
    let out = t.transcribe(&audio)?;
    let d = round2_speech::delivery::measure(&audio, out.text.split_whitespace().count());
    eprintln!("{:.1} s of audio in {:?}", audio.seconds(), t0.elapsed());
    println!("{}\n{d:?}", out.text);
    Ok(())
}
