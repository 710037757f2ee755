//! Spoken answers being transcribed. A recording is heard on a blocking
//! thread while the browser shows how far it got (a two-minute answer takes
//! about a minute on one core); what was heard waits here, with the audio
//! when the user asked to keep it, until the answer is saved or an hour
//! has passed. Bounded: [`RUNNING_AT_ONCE`] transcriptions run at a time
//! and [`KEPT`] results wait, the oldest finished one giving way first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use round2_speech::audio::Audio;

use crate::speech::Heard;
use crate::WebError;

/// Transcriptions running at once: one per core of a small laptop.
pub const RUNNING_AT_ONCE: usize = 2;
/// Results (and recordings to keep) waiting for their answer to be saved.
pub const KEPT: usize = 16;
/// How long a result waits.
pub const KEPT_FOR: Duration = Duration::from_secs(3600);

/// What a transcription is doing.
#[derive(Debug, Clone)]
pub enum Hearing {
    /// Seconds of audio heard so far, of all of them.
    Running {
        done: f32,
        total: f32,
    },
    Heard(Heard),
    /// Why it failed, as the user should read it; `bad` when the recording
    /// was at fault (400), else round2 was (500).
    Failed {
        message: String,
        bad: bool,
    },
}

/// What the form said with a recording.
#[derive(Debug, Clone)]
pub struct Job {
    pub opp: String,
    pub q: String,
    /// Whether the recording is to be kept with the answer.
    pub keep: bool,
}

struct Entry {
    job: Job,
    hearing: Hearing,
    started: Instant,
    /// The recording as heard (a WAV), when it is to be kept.
    wav: Option<Vec<u8>>,
}

/// The transcriptions of one server (or one candidate's pages on the team
/// server), by a random id.
#[derive(Default)]
pub struct Hearings {
    jobs: Mutex<HashMap<String, Entry>>,
}

impl Hearings {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, Entry>>, WebError> {
        self.jobs.lock().map_err(|_| {
            WebError::internal("the transcriptions' lock was poisoned by an earlier panic")
        })
    }

    /// Starts hearing `audio` with `hear` on a blocking thread; the id to
    /// follow it by. Refused while [`RUNNING_AT_ONCE`] others run.
    pub fn start(
        self: &Arc<Self>,
        audio: Audio,
        job: Job,
        hear: impl FnOnce(&Audio, &mut dyn FnMut(f32, f32)) -> Result<Heard, WebError> + Send + 'static,
    ) -> Result<String, WebError> {
        let id = crate::security::new_token().map_err(|e| WebError::internal(e.to_string()))?;
        let wav = job.keep.then(|| round2_speech::wav::encode(&audio));
        let running = |e: &Entry| matches!(e.hearing, Hearing::Running { .. });
        {
            let mut jobs = self.lock()?;
            jobs.retain(|_, e| e.started.elapsed() < KEPT_FOR);
            let busy = jobs.values().filter(|e| running(e)).count();
            if busy >= RUNNING_AT_ONCE {
                return Err(WebError::Busy(format!(
                    "{busy} recordings are being transcribed already; wait for them, then send this one again"
                )));
            }
            while jobs.len() >= KEPT {
                let oldest = jobs
                    .iter()
                    .filter(|(_, e)| !running(e))
                    .min_by_key(|(_, e)| e.started)
                    .map(|(k, _)| k.clone());
                match oldest {
                    Some(k) => jobs.remove(&k),
                    None => break,
                };
            }
            let hearing = Hearing::Running {
                done: 0.0,
                total: audio.seconds(),
            };
            jobs.insert(
                id.clone(),
                Entry {
                    job,
                    hearing,
                    started: Instant::now(),
                    wav,
                },
            );
        }
        let me = Arc::clone(self);
        let key = id.clone();
        tokio::task::spawn_blocking(move || {
            let mut progress =
                |done: f32, total: f32| me.set(&key, Hearing::Running { done, total });
            let hearing = match hear(&audio, &mut progress) {
                Ok(heard) => Hearing::Heard(heard),
                Err(e) => Hearing::Failed {
                    bad: e.status() == axum::http::StatusCode::BAD_REQUEST,
                    message: match e {
                        WebError::Internal(source) => {
                            eprintln!("round2 serve: transcribing: {source:#}");
                            "the transcription failed on round2's side; the details are in the \
                             terminal running `round2 serve`"
                                .to_string()
                        }
                        other => other.to_string(),
                    },
                },
            };
            me.set(&key, hearing);
        });
        Ok(id)
    }

    fn set(&self, id: &str, hearing: Hearing) {
        if let Ok(mut jobs) = self.jobs.lock() {
            if let Some(e) = jobs.get_mut(id) {
                e.hearing = hearing;
            }
        }
    }

    /// The transcription `id` as it stands, with what its form said, if it
    /// is still known.
    pub fn get(&self, id: &str) -> Result<Option<(Job, Hearing)>, WebError> {
        Ok(self
            .lock()?
            .get(id)
            .filter(|e| e.started.elapsed() < KEPT_FOR)
            .map(|e| (e.job.clone(), e.hearing.clone())))
    }

    /// The recording to keep with the answer heard as `id`, while it
    /// waits; [`Self::forget_recording`] once it is stored.
    pub fn recording(&self, id: &str) -> Result<Option<Vec<u8>>, WebError> {
        Ok(self.lock()?.get(id).and_then(|e| e.wav.clone()))
    }

    /// Drops the recording of `id`: it is stored, so it is kept once.
    pub fn forget_recording(&self, id: &str) -> Result<(), WebError> {
        if let Some(e) = self.lock()?.get_mut(id) {
            e.wav = None;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use round2_practice::spoken::{Delivery, Spoken};

    fn heard(text: &str) -> Heard {
        Heard {
            text: text.into(),
            spoken: Spoken {
                model: "test".into(),
                delivery: Delivery {
                    speaking_seconds: 1.0,
                    words: 1,
                    words_per_minute: 60.0,
                    pauses: 0,
                    longest_pause_seconds: 0.0,
                    pause_list: vec![],
                },
            },
        }
    }

    fn job(keep: bool) -> Job {
        Job {
            opp: String::new(),
            q: "q1".into(),
            keep,
        }
    }

    async fn settled(h: &Hearings, id: &str) -> Hearing {
        for _ in 0..500 {
            let (_, hearing) = h.get(id).unwrap().unwrap();
            if !matches!(hearing, Hearing::Running { .. }) {
                return hearing;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the transcription {id} never finished");
    }

    #[tokio::test]
    async fn progress_then_the_result_and_the_recording_once() {
        let h = Arc::new(Hearings::default());
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let audio = Audio {
            samples: vec![0.1; 32_000],
        };
        let id = h
            .start(audio, job(true), move |a, progress| {
                progress(1.0, a.seconds());
                rx.recv().ok();
                Ok(heard("I led the migration."))
            })
            .unwrap();
        // Running: its progress shows.
        let mut seen = None;
        for _ in 0..500 {
            if let Some((_, Hearing::Running { done, total })) = h.get(&id).unwrap() {
                if done > 0.0 {
                    seen = Some((done, total));
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(seen, Some((1.0, 2.0)));
        tx.send(()).unwrap();
        match settled(&h, &id).await {
            Hearing::Heard(x) => assert_eq!(x.text, "I led the migration."),
            other => panic!("{other:?}"),
        }
        let wav = h.recording(&id).unwrap().expect("kept");
        assert_eq!(wav.len(), 44 + 64_000);
        // It waits until it is stored (a failed save can be tried again),
        // then it is kept once.
        assert_eq!(h.recording(&id).unwrap(), Some(wav));
        h.forget_recording(&id).unwrap();
        assert_eq!(h.recording(&id).unwrap(), None, "stored once");
        assert!(h.get("no-such-id").unwrap().is_none());
    }

    #[tokio::test]
    async fn a_failure_is_kept_as_the_user_reads_it_and_no_recording_unless_asked() {
        let h = Arc::new(Hearings::default());
        let audio = Audio {
            samples: vec![0.0; 1600],
        };
        let id = h
            .start(audio, job(false), |_, _| {
                Err(WebError::bad("no speech heard"))
            })
            .unwrap();
        match settled(&h, &id).await {
            Hearing::Failed { message, bad } => {
                assert!(bad);
                assert_eq!(message, "no speech heard");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(h.recording(&id).unwrap(), None);
    }

    #[tokio::test]
    async fn at_most_two_run_at_once_and_finished_ones_give_way() {
        let h = Arc::new(Hearings::default());
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let rx = Arc::new(Mutex::new(rx));
        let mut ids = vec![];
        for _ in 0..RUNNING_AT_ONCE {
            let rx = Arc::clone(&rx);
            ids.push(
                h.start(Audio { samples: vec![] }, job(false), move |_, _| {
                    rx.lock().unwrap().recv().ok();
                    Ok(heard("done"))
                })
                .unwrap(),
            );
        }
        let e = h
            .start(Audio { samples: vec![] }, job(false), |_, _| Ok(heard("x")))
            .unwrap_err();
        assert!(matches!(e, WebError::Busy(_)), "{e}");
        for _ in 0..RUNNING_AT_ONCE {
            tx.send(()).unwrap();
        }
        for id in &ids {
            settled(&h, id).await;
        }
        // Past KEPT results, the oldest finished ones are dropped.
        for _ in 0..KEPT {
            let id = h
                .start(Audio { samples: vec![] }, job(false), |_, _| Ok(heard("x")))
                .unwrap();
            settled(&h, &id).await;
        }
        assert!(h.get(&ids[0]).unwrap().is_none());
        assert!(h.lock().unwrap().len() <= KEPT);
    }
}
