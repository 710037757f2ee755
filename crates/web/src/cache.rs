//! Derived values worth keeping between requests.
//!
//! - Readiness per opportunity: a ledger costs a posting analysis and a
//!   lexical match of every requirement against every note and story, so the
//!   home page (one readiness per opportunity) keeps each one keyed by a hash
//!   of exactly what the ledger reads (posting, notes, stories, the round
//!   being prepared). An edit anywhere, from this server or the CLI, changes
//!   the hash and the next home page recomputes that one opportunity only.
//! - The home page's rows (shared by its pages of 50): kept for at most
//!   [`HOME_TTL`] and dropped at once whenever the records change, through
//!   this server (any POST) or another process (the store's change marker,
//!   see `page_cache`).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use round2_core::{Id, PrepPack};

use crate::pages::HomeRow;

/// How long the home page's rows are reused without a POST.
pub const HOME_TTL: Duration = Duration::from_secs(1);

/// What the opportunity and ledger pages derive from a pack.
pub struct Derived {
    pub ledger: round2_coverage::Ledger,
    pub mentions: Vec<round2_extract::Mention>,
    /// Whether the ledger was judged by meaning (the sentence model).
    pub by_meaning: bool,
}

#[derive(Default)]
pub struct Cache {
    readiness: Mutex<HashMap<Id, (u64, f32)>>,
    derived: Mutex<HashMap<Id, (u64, Arc<Derived>)>>,
    home: Mutex<Option<(Instant, Arc<Vec<HomeRow>>)>>,
}

/// A hash of what the ledger of `pack` depends on.
pub fn ledger_key(pack: &PrepPack) -> u64 {
    let mut h = DefaultHasher::new();
    pack.opportunity.job_description.hash(&mut h);
    pack.next_round_number().hash(&mut h);
    for n in &pack.notes {
        (
            n.id,
            n.round,
            n.kind.as_str(),
            &n.interviewer,
            &n.story,
            &n.text,
        )
            .hash(&mut h);
    }
    for s in &pack.stories {
        (s.id, s.full_text(), &s.tags).hash(&mut h);
    }
    h.finish()
}

impl Cache {
    /// Readiness (0..=1) of `pack`'s ledger, computed once per content.
    /// Computing it keeps the whole ledger (see [`Cache::derived`]), so the
    /// opportunity page opened from the home page does not compute it again.
    pub fn readiness(
        &self,
        pack: &PrepPack,
        vectors: &dyn Fn(&[String]) -> Option<round2_coverage::Vectors>,
    ) -> f32 {
        let key = ledger_key(pack);
        let id = pack.opportunity.id;
        if let Ok(map) = self.readiness.lock() {
            if let Some((k, r)) = map.get(&id) {
                if *k == key {
                    return *r;
                }
            }
        }
        self.derived(pack, vectors).ledger.readiness()
    }

    /// The ledger and posting mentions of `pack`, computed once per content
    /// (the same key as readiness, plus nothing else they read).
    pub fn derived(
        &self,
        pack: &PrepPack,
        vectors: &dyn Fn(&[String]) -> Option<round2_coverage::Vectors>,
    ) -> Arc<Derived> {
        let key = ledger_key(pack);
        let id = pack.opportunity.id;
        if let Some((k, d)) = self.derived.lock().ok().and_then(|m| m.get(&id).cloned()) {
            if k == key {
                return d;
            }
        }
        let v = vectors(&round2_method::texts_to_judge(pack, &[]));
        let ledger = round2_method::ledger_for(pack, None, v.as_ref());
        if let Ok(mut map) = self.readiness.lock() {
            map.insert(id, (key, ledger.readiness()));
        }
        let d = Arc::new(Derived {
            ledger,
            by_meaning: v.is_some(),
            mentions: round2_extract::analyze(&pack.opportunity.job_description).mentions,
        });
        if let Ok(mut map) = self.derived.lock() {
            map.insert(id, (key, Arc::clone(&d)));
        }
        d
    }

    pub fn home_rows(&self) -> Option<Arc<Vec<HomeRow>>> {
        let guard = self.home.lock().ok()?;
        let (at, rows) = guard.as_ref()?;
        (at.elapsed() < HOME_TTL).then(|| Arc::clone(rows))
    }

    pub fn set_home_rows(&self, rows: Arc<Vec<HomeRow>>) {
        if let Ok(mut g) = self.home.lock() {
            *g = Some((Instant::now(), rows));
        }
    }

    /// Forgets the rows after a change made through this server.
    pub fn invalidate(&self) {
        if let Ok(mut g) = self.home.lock() {
            *g = None;
        }
    }
}
