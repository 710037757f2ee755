//! A few database connections shared by every request. A request takes one
//! for its store work and gives it back when done, so a team of a thousand
//! candidates needs a handful of PostgreSQL connections, not a thousand.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use round2_store::backend::{Backend, Tx};
use round2_store::PgStore;

use crate::TeamError;

/// How long a request waits for a free connection before it gives up.
pub const WAIT: Duration = Duration::from_secs(10);

type Opener<T> = Box<dyn Fn() -> round2_store::Result<T> + Send + Sync>;

pub(crate) struct Pool<T> {
    state: Mutex<(Vec<T>, usize)>,
    freed: Condvar,
    open: Opener<T>,
    max: usize,
}

impl<T: Send + 'static> Pool<T> {
    pub fn new(max: usize, open: Opener<T>) -> Arc<Pool<T>> {
        Arc::new(Pool {
            state: Mutex::new((Vec::new(), 0)),
            freed: Condvar::new(),
            open,
            max: max.max(1),
        })
    }

    /// Adds a connection opened elsewhere.
    pub fn adopt(&self, item: T) {
        if let Ok(mut state) = self.state.lock() {
            state.0.push(item);
            state.1 += 1;
        }
    }

    /// A connection: an idle one, a new one while fewer than `max` are
    /// open, else the next one given back. Blocking.
    pub fn take(self: &Arc<Self>) -> Result<Lease<T>, TeamError> {
        let poisoned = || TeamError::internal("a connection pool's lock was poisoned");
        let mut state = self.state.lock().map_err(|_| poisoned())?;
        loop {
            if let Some(item) = state.0.pop() {
                return Ok(self.lease(item));
            }
            if state.1 < self.max {
                state.1 += 1;
                drop(state);
                return match (self.open)() {
                    Ok(item) => Ok(self.lease(item)),
                    Err(e) => {
                        self.state.lock().map_err(|_| poisoned())?.1 -= 1;
                        Err(e.into())
                    }
                };
            }
            let (next, timeout) = self
                .freed
                .wait_timeout(state, WAIT)
                .map_err(|_| poisoned())?;
            state = next;
            if timeout.timed_out() && state.0.is_empty() {
                return Err(TeamError::internal(format!(
                    "all {} database connections stayed busy for {} s",
                    self.max,
                    WAIT.as_secs()
                )));
            }
        }
    }

    fn lease(self: &Arc<Self>, item: T) -> Lease<T> {
        Lease {
            item: Some(item),
            pool: Arc::clone(self),
        }
    }

    fn give(&self, item: Option<T>) {
        if let Ok(mut state) = self.state.lock() {
            match item {
                Some(item) => state.0.push(item),
                None => state.1 -= 1,
            }
            self.freed.notify_one();
        }
    }
}

/// A connection taken from a [`Pool`], given back when dropped.
pub(crate) struct Lease<T: Send + 'static> {
    item: Option<T>,
    pool: Arc<Pool<T>>,
}

impl<T: Send + 'static> std::ops::Deref for Lease<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.item.as_ref().expect("leased until dropped")
    }
}

impl<T: Send + 'static> std::ops::DerefMut for Lease<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.item.as_mut().expect("leased until dropped")
    }
}

impl<T: Send + 'static> Drop for Lease<T> {
    fn drop(&mut self) {
        let item = self.item.take();
        self.pool.give(item);
    }
}

/// A pooled PostgreSQL connection moved to one candidate's schema: a
/// `Store` (every backend is) for the length of one request.
pub(crate) struct CandidateConnection(pub Lease<PgStore>);

impl Backend for CandidateConnection {
    fn transact<R>(
        &mut self,
        f: impl FnOnce(&mut dyn Tx) -> round2_store::Result<R>,
    ) -> round2_store::Result<R> {
        self.0.transact(f)
    }

    fn read<R>(
        &mut self,
        f: impl FnOnce(&mut dyn Tx) -> round2_store::Result<R>,
    ) -> round2_store::Result<R> {
        self.0.read(f)
    }

    fn change_marker(&mut self) -> round2_store::Result<u64> {
        self.0.change_marker()
    }
}

impl Drop for CandidateConnection {
    fn drop(&mut self) {
        if self.0.is_closed() {
            // Not given back (the lease then counts it closed): the next
            // request opens a new one.
            drop(self.0.item.take());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn connections_are_reused_bounded_and_handed_on() {
        static OPENED: AtomicUsize = AtomicUsize::new(0);
        let pool: Arc<Pool<usize>> =
            Pool::new(2, Box::new(|| Ok(OPENED.fetch_add(1, Ordering::SeqCst))));
        let a = pool.take().unwrap();
        let b = pool.take().unwrap();
        assert_eq!((*a, *b), (0, 1));
        // A third waits for one to come back, and gets it.
        let waiter = {
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || *pool.take().unwrap())
        };
        std::thread::sleep(Duration::from_millis(50));
        drop(a);
        assert_eq!(waiter.join().unwrap(), 0);
        drop(b);
        assert_eq!(*pool.take().unwrap(), 1, "reused, not reopened");
        assert_eq!(OPENED.load(Ordering::SeqCst), 2);
    }
}
