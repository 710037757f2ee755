//! Print the analysis of a posting read from stdin as JSON.

use std::io::Read;

fn main() {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        eprintln!("stdin is not UTF-8");
        std::process::exit(1);
    }
    let a = round2_extract::analyze(&text);
    println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
}
