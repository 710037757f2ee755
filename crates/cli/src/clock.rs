//! The practice drill's live clock. On a terminal, a countdown ticks once a
//! second in the top-right corner while the answer is typed ("1:48 left",
//! then "0:12 over"), drawn with the cursor saved and restored so typing is
//! never disturbed, as the browser's timer does. Piped, there is no clock
//! (the drill reads line by line and reports the time taken at the end).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the clock says after `elapsed` seconds against `target`.
pub fn clock_text(elapsed: u32, target: u32) -> String {
    let mmss = |s: u32| format!("{}:{:02}", s / 60, s % 60);
    if elapsed <= target {
        format!(" {} left ", mmss(target - elapsed))
    } else {
        format!(" {} over ", mmss(elapsed - target))
    }
}

/// The escape sequence that draws `text` at the right end of the first row
/// of a terminal `cols` wide and puts the cursor back where it was.
pub fn overlay(cols: u16, text: &str) -> String {
    let width = text.chars().count() as u16;
    let col = cols.saturating_sub(width).max(1);
    format!("\x1b7\x1b[1;{col}H\x1b[7m{text}\x1b[0m\x1b8")
}

/// A ticking clock on stderr; stops (and wipes itself) when dropped.
pub struct Clock {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Clock {
    /// Starts ticking toward `target` seconds. Call only on a terminal.
    pub fn start(target: u32) -> Clock {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let started = Instant::now();
        let handle = std::thread::spawn(move || {
            let term = console::Term::stderr();
            let mut last_width = 0;
            while !flag.load(Ordering::SeqCst) {
                let cols = term.size().1;
                let text = clock_text(started.elapsed().as_secs() as u32, target);
                last_width = text.chars().count();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "{}", overlay(cols, &text));
                let _ = err.flush();
                drop(err);
                // Wake often so stopping is prompt; draw once a second.
                for _ in 0..10 {
                    if flag.load(Ordering::SeqCst) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
            let cols = term.size().1;
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{}", overlay(cols, &" ".repeat(last_width)));
            let _ = err.flush();
        });
        Clock {
            stop,
            handle: Some(handle),
        }
    }
}

impl Drop for Clock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_then_up() {
        assert_eq!(clock_text(0, 120), " 2:00 left ");
        assert_eq!(clock_text(75, 120), " 0:45 left ");
        assert_eq!(clock_text(120, 120), " 0:00 left ");
        assert_eq!(clock_text(133, 120), " 0:13 over ");
    }

    #[test]
    fn the_overlay_restores_the_cursor_and_sits_at_the_right() {
        let o = overlay(80, " 1:00 left ");
        assert!(o.starts_with("\x1b7") && o.ends_with("\x1b8"), "{o:?}");
        assert!(o.contains("\x1b[1;69H"), "{o:?}");
        // A terminal narrower than the text still gets a valid column.
        assert!(overlay(4, " 1:00 left ").contains("\x1b[1;1H"));
    }
}
