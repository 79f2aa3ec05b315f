//! When each user next has something due: a timer wheel of one-second slots
//! over the next 68 minutes, backed by a heap for anything later.
//!
//! Inactivity deadlines and warnings, the most frequently moved timers, lie
//! within the hour, where setting, moving and taking a timer is O(1): a slot
//! holds a linked list of users through per-user links, and a bitmap finds
//! the next full slot. Later timers (session ends, token lifetimes) wait in
//! the heap. One entry per user, so memory is bounded by users.

use super::event::UserId;
use super::heap::UserHeap;
use super::time::Time;

const SLOTS: usize = 4096;
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Nowhere,
    Wheel,
    Heap,
}

#[derive(Debug)]
pub struct Timers {
    /// No timer is earlier than this (the last time taken).
    base: Time,
    /// First user of each slot.
    heads: Vec<u32>,
    /// One bit per slot: it holds a user.
    full: [u64; SLOTS / 64],
    next: Vec<u32>,
    prev: Vec<u32>,
    key: Vec<Time>,
    place: Vec<Place>,
    later: UserHeap,
}

impl Default for Timers {
    fn default() -> Self {
        Timers {
            base: Time::MIN,
            heads: vec![NONE; SLOTS],
            full: [0; SLOTS / 64],
            next: Vec::new(),
            prev: Vec::new(),
            key: Vec::new(),
            place: Vec::new(),
            later: UserHeap::default(),
        }
    }
}

fn slot(t: Time) -> usize {
    t.rem_euclid(SLOTS as i64) as usize
}

impl Timers {
    fn grow(&mut self, u: usize) {
        if self.key.len() <= u {
            self.next.resize(u + 1, NONE);
            self.prev.resize(u + 1, NONE);
            self.key.resize(u + 1, 0);
            self.place.resize(u + 1, Place::Nowhere);
        }
    }

    /// The time `user` is due at, if it has a timer.
    pub fn key(&self, user: UserId) -> Option<Time> {
        let u = user as usize;
        match self.place.get(u) {
            Some(Place::Wheel | Place::Heap) => Some(self.key[u]),
            _ => None,
        }
    }

    fn unlink(&mut self, u: usize) {
        match self.place[u] {
            Place::Wheel => {
                let (p, n) = (self.prev[u], self.next[u]);
                if p == NONE {
                    let s = slot(self.key[u]);
                    self.heads[s] = n;
                    if n == NONE {
                        self.full[s / 64] &= !(1 << (s % 64));
                    }
                } else {
                    self.next[p as usize] = n;
                }
                if n != NONE {
                    self.prev[n as usize] = p;
                }
            }
            Place::Heap => self.later.set(u as UserId, None),
            Place::Nowhere => {}
        }
        self.place[u] = Place::Nowhere;
    }

    /// Set `user`'s timer to `at` (never before the last time taken), or
    /// clear it with `None`.
    pub fn set(&mut self, user: UserId, at: Option<Time>) {
        let u = user as usize;
        self.grow(u);
        self.unlink(u);
        let Some(t) = at else { return };
        self.key[u] = t;
        if self.base != Time::MIN && t >= self.base && t - self.base < SLOTS as i64 {
            let s = slot(t);
            let head = self.heads[s];
            self.next[u] = head;
            self.prev[u] = NONE;
            if head != NONE {
                self.prev[head as usize] = user;
            }
            self.heads[s] = user;
            self.full[s / 64] |= 1 << (s % 64);
            self.place[u] = Place::Wheel;
        } else {
            self.later.set(user, Some(t));
            self.place[u] = Place::Heap;
        }
    }

    /// The earliest timer in the wheel: (time, slot).
    fn wheel_min(&self) -> Option<(Time, usize)> {
        if self.base == Time::MIN {
            return None;
        }
        let start = slot(self.base);
        let (w0, b0) = (start / 64, start % 64);
        let words = SLOTS / 64;
        for i in 0..=words {
            let w = (w0 + i) % words;
            let mut bits = self.full[w];
            if i == 0 {
                bits &= !0u64 << b0;
            } else if i == words {
                bits &= (1u64 << b0).wrapping_sub(1);
            }
            if bits != 0 {
                let s = w * 64 + bits.trailing_zeros() as usize;
                let ahead = (s + SLOTS - start) % SLOTS;
                return Some((self.base + ahead as i64, s));
            }
        }
        None
    }

    /// The earliest timer: (time, user).
    pub fn peek(&self) -> Option<(Time, UserId)> {
        let wheel = self.wheel_min().map(|(t, s)| (t, self.heads[s]));
        match (wheel, self.later.peek()) {
            (Some(w), Some(h)) => Some(if h.0 < w.0 { h } else { w }),
            (w, h) => w.or(h),
        }
    }

    /// Take the earliest timer if it is due at `t`: one look for the
    /// earliest, where a peek and then a pop would take two.
    pub fn pop_if_at(&mut self, t: Time) -> Option<UserId> {
        let (due, u) = self.peek()?;
        if due != t {
            return None;
        }
        self.unlink(u as usize);
        self.base = t;
        Some(u)
    }

    /// Forget every timer, keeping the memory for the next run.
    pub fn clear(&mut self) {
        for u in 0..self.place.len() {
            self.unlink(u);
        }
        self.base = Time::MIN;
    }

    /// Let the wheel start at `now`: nothing will be set before it.
    pub fn advance_to(&mut self, now: Time) {
        if self.base == Time::MIN || now > self.base {
            // Timers in the wheel are all at or after the old base, and
            // before it + SLOTS; moving the base never orphans one as long
            // as no timer is earlier than `now`.
            if self.wheel_min().is_none_or(|(t, _)| t >= now) {
                self.base = now;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The timers behave as a priority queue of (time, user), one entry
        /// a user, whatever mix of near and far times and moves.
        #[test]
        fn pops_in_time_order(
            ops in proptest::collection::vec(
                (0u32..30, proptest::option::of(0i64..20_000), any::<bool>()), 0..300)
        ) {
            let mut t = Timers::default();
            let mut want = std::collections::BTreeMap::new();
            let mut now = 0i64;
            t.advance_to(now);
            for (u, at, pop) in ops {
                if pop {
                    let got = t.peek();
                    let expect = want.iter().map(|(u, k)| (*k, *u)).min();
                    prop_assert_eq!(got.map(|g| g.0), expect.map(|e| e.0));
                    if let Some((k, u)) = got {
                        // Nothing is taken at another time than the earliest.
                        prop_assert_eq!(t.pop_if_at(k + 1), None);
                        prop_assert_eq!(t.pop_if_at(k), Some(u));
                        prop_assert_eq!(want.remove(&u), Some(k));
                        now = k;
                    }
                } else {
                    let at = at.map(|a| a + now);
                    t.set(u, at);
                    match at {
                        Some(k) => { want.insert(u, k); }
                        None => { want.remove(&u); }
                    }
                }
                for (u, k) in &want {
                    prop_assert_eq!(t.key(*u), Some(*k));
                }
            }
        }
    }
}
