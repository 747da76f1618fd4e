//! The bounded store of rendered responses: at most a byte budget, least recently used out
//! first. An entry keeps the body as rendered and, made lazily on first demand, its gzip and
//! brotli forms, so a page is compressed once per coding, not once per request. A miss is
//! rendered once however many requests ask for the same key at the same moment (the others
//! wait for it, then read the store).
//!
//! An answer is stored on its address's second miss within the store's reach, not its first
//! ([`ResponseCache::admit`]; the address is the key without its version, so a page already
//! asked for is stored again at once when a write changes it): a crawler or a cold walk over more distinct pages than the
//! store holds would otherwise push out everything, each page stored only to be evicted
//! unread, the churn costing more than the renders. A page the crowd asks for is asked again
//! at once, so a spike pays one extra render.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::http::HeaderValue;

use super::encoding::Coding;

/// One rendered answer (always a 200).
#[derive(Debug)]
pub struct Entry {
    /// Its `Content-Type`.
    pub content_type: Option<HeaderValue>,
    /// The body as rendered.
    pub body: Bytes,
    /// Its `ETag` (the key's, kept so a hit does not hash the key again).
    pub etag: HeaderValue,
    gzip: OnceLock<Option<Bytes>>,
    brotli: OnceLock<Option<Bytes>>,
}

impl Entry {
    /// An entry of `body`.
    pub fn new(content_type: Option<HeaderValue>, etag: HeaderValue, body: Bytes) -> Self {
        Self {
            content_type,
            body,
            etag,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The body in `coding`, compressed now if it is the first ask; the bool says whether it
    /// was made now (so the store can count its bytes). `None`: send the identity body.
    pub fn variant(&self, coding: Coding) -> (Option<Bytes>, bool) {
        let cell = match coding {
            Coding::Identity => return (None, false),
            Coding::Gzip => &self.gzip,
            Coding::Brotli => &self.brotli,
        };
        let mut made = false;
        let v = cell.get_or_init(|| {
            made = true;
            coding.encode(&self.body)
        });
        (v.clone(), made)
    }
}

#[derive(Debug, Default)]
struct Inner {
    /// Key -> (entry, last use, bytes counted).
    map: HashMap<Arc<str>, (Arc<Entry>, u64, usize)>,
    /// Last use -> key: the eviction order (sharing the map's key: a hit allocates nothing).
    order: BTreeMap<u64, Arc<str>>,
    bytes: usize,
    clock: u64,
}

/// Keys that missed lately, in two generations: a key is remembered for at least as many
/// misses of other keys as the store holds entries (and at least [`DOORKEEPER_MIN`]).
#[derive(Debug, Default)]
struct Doorkeeper {
    now: HashSet<u64>,
    before: HashSet<u64>,
}

/// The doorkeeper's generation size while the store holds fewer entries.
const DOORKEEPER_MIN: usize = 256;

/// The store; shared by every cached route of a server.
#[derive(Debug)]
pub struct ResponseCache {
    budget: usize,
    inner: Mutex<Inner>,
    seen: Mutex<Doorkeeper>,
    hasher: std::hash::RandomState,
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Bytes an entry is charged beyond its bodies (key, maps, headers).
const OVERHEAD: usize = 256;

impl ResponseCache {
    /// A store of at most `budget` bytes; 0 stores nothing (the cache is off).
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            inner: Mutex::new(Inner::default()),
            seen: Mutex::new(Doorkeeper::default()),
            hasher: std::hash::RandomState::new(),
            flights: Mutex::new(HashMap::new()),
        }
    }

    /// Whether anything is stored at all.
    pub fn enabled(&self) -> bool {
        self.budget > 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves counts, never broken memory: go on.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The entry under `key`, now the most recently used.
    pub fn get(&self, key: &str) -> Option<Arc<Entry>> {
        let mut g = self.lock();
        g.clock += 1;
        let now = g.clock;
        let (shared, entry, used) = match g.map.get_key_value(key) {
            Some((k, (e, used, _))) => (k.clone(), e.clone(), *used),
            None => return None,
        };
        if let Some(slot) = g.map.get_mut(key) {
            slot.1 = now;
        }
        g.order.remove(&used);
        g.order.insert(now, shared);
        Some(entry)
    }

    /// Whether a missed answer at `address` ([`super::key::Key::address`]: the key without
    /// its version) should be stored: that address missed once already, lately enough that
    /// the store would still hold it, at this version or an earlier one. The first miss is
    /// only remembered.
    pub fn admit(&self, address: &str) -> bool {
        if !self.enabled() {
            return false;
        }
        let entries = self.lock().map.len();
        let hash = {
            use std::hash::{BuildHasher, Hasher};
            let mut h = self.hasher.build_hasher();
            h.write(address.as_bytes());
            h.finish()
        };
        let mut d = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if d.now.contains(&hash) || d.before.contains(&hash) {
            return true;
        }
        if d.now.len() >= entries.max(DOORKEEPER_MIN) {
            d.before = std::mem::take(&mut d.now);
        }
        d.now.insert(hash);
        false
    }

    /// Stores `entry` under `key` (replacing any), then evicts down to the budget.
    pub fn insert(&self, key: String, entry: Arc<Entry>) {
        let size = entry.body.len() + key.len() + OVERHEAD;
        if !self.enabled() || size > self.budget {
            return;
        }
        let mut g = self.lock();
        g.clock += 1;
        let now = g.clock;
        let key: Arc<str> = key.into();
        if let Some((_, used, old)) = g.map.remove(&key) {
            g.order.remove(&used);
            g.bytes -= old;
        }
        g.order.insert(now, key.clone());
        g.map.insert(key, (entry, now, size));
        g.bytes += size;
        Self::evict(&mut g, self.budget);
    }

    /// Counts `extra` bytes (a compressed form made later) against `key`'s entry, if it is
    /// still this one.
    pub fn charge(&self, key: &str, entry: &Arc<Entry>, extra: usize) {
        let mut g = self.lock();
        let Some((e, _, size)) = g.map.get_mut(key) else {
            return;
        };
        if !Arc::ptr_eq(e, entry) {
            return;
        }
        *size += extra;
        g.bytes += extra;
        Self::evict(&mut g, self.budget);
    }

    fn evict(g: &mut Inner, budget: usize) {
        while g.bytes > budget {
            let Some((_, key)) = g.order.pop_first() else {
                break;
            };
            if let Some((_, _, size)) = g.map.remove(&key) {
                g.bytes -= size;
            }
        }
    }

    /// Bytes stored and entries, for metrics and tests.
    pub fn usage(&self) -> (usize, usize) {
        let g = self.lock();
        (g.bytes, g.map.len())
    }

    /// Waits for any render of `key` in flight, and holds `key` until the guard is dropped:
    /// the first of concurrent misses renders, the others find its entry.
    pub async fn flight(&self, key: &str) -> Flight<'_> {
        let gate = {
            let mut f = self.flights.lock().unwrap_or_else(|p| p.into_inner());
            f.entry(key.to_owned()).or_default().clone()
        };
        let guard = gate.clone().lock_owned().await;
        Flight {
            cache: self,
            key: key.to_owned(),
            gate,
            _guard: guard,
        }
    }
}

/// A render in flight; dropping it lets the next waiter in.
#[derive(Debug)]
pub struct Flight<'a> {
    cache: &'a ResponseCache,
    key: String,
    gate: Arc<tokio::sync::Mutex<()>>,
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        let mut f = self.cache.flights.lock().unwrap_or_else(|p| p.into_inner());
        // Forget the gate once no one else holds it (this guard's and the map's copies).
        if f.get(&self.key).is_some_and(|g| Arc::ptr_eq(g, &self.gate))
            && Arc::strong_count(&self.gate) <= 3
        {
            f.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Arc<Entry> {
        Arc::new(Entry::new(
            None,
            HeaderValue::from_static("W/\"0\""),
            Bytes::from(vec![b'a'; n]),
        ))
    }

    #[test]
    fn the_budget_holds_and_the_least_recently_used_goes_first() {
        let c = ResponseCache::new(3 * (1000 + OVERHEAD + 1));
        for k in ["a", "b", "c"] {
            c.insert(k.into(), entry(1000));
        }
        assert!(c.get("a").is_some()); // a is now the most recent
        c.insert("d".into(), entry(1000));
        assert!(c.get("b").is_none(), "b was the least recently used");
        assert!(c.get("a").is_some() && c.get("c").is_some() && c.get("d").is_some());
        let (bytes, n) = c.usage();
        assert!(bytes <= 3 * (1000 + OVERHEAD + 1) && n == 3);
    }

    #[test]
    fn a_key_is_admitted_on_its_second_miss_while_remembered() {
        let c = ResponseCache::new(1 << 20);
        assert!(!c.admit("a"), "a first miss is only remembered");
        assert!(c.admit("a"), "a second one is stored");
        // A walk over more distinct keys than the doorkeeper's two generations forgets "b".
        assert!(!c.admit("b"));
        for i in 0..2 * DOORKEEPER_MIN + 1 {
            assert!(!c.admit(&format!("walk-{i}")));
        }
        assert!(!c.admit("b"), "forgotten: a cold walk stores nothing");
        assert!(!ResponseCache::new(0).admit("a") && !ResponseCache::new(0).admit("a"));
    }

    #[test]
    fn compressed_forms_count_against_the_budget() {
        let c = ResponseCache::new(2 * (1000 + OVERHEAD + 1) + 10);
        let a = entry(1000);
        c.insert("a".into(), a.clone());
        c.insert("b".into(), entry(1000));
        c.charge("a", &a, 500);
        assert!(
            c.get("a").is_none(),
            "a was oldest and the charge went over"
        );
        assert!(c.get("b").is_some());
    }

    #[test]
    fn a_zero_budget_stores_nothing_and_a_variant_is_made_once() {
        let c = ResponseCache::new(0);
        c.insert("a".into(), entry(10));
        assert_eq!(c.usage(), (0, 0));
        let e = entry(5000);
        let (first, made) = e.variant(Coding::Gzip);
        let (again, made_again) = e.variant(Coding::Gzip);
        assert!(made && !made_again);
        assert_eq!(first, again);
        assert!(first.is_some_and(|b| b.len() < 200));
    }
}
