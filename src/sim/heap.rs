//! A min-heap of users keyed by the next instant each one has something
//! due, with one entry per user that can move in place. Its size is bounded
//! by the number of users, never by the number of events. Four children a
//! node: half the depth of a binary heap, and siblings share a cache line.

use super::event::UserId;
use super::time::Time;

const ABSENT: u32 = u32::MAX;
const ARITY: usize = 4;

#[derive(Debug, Default)]
pub struct UserHeap {
    heap: Vec<(Time, UserId)>,
    /// Position of each user in `heap`, or ABSENT.
    pos: Vec<u32>,
}

impl UserHeap {
    pub fn peek(&self) -> Option<(Time, UserId)> {
        self.heap.first().copied()
    }

    /// Schedule `user` at `at`, or take it off the heap with `None`.
    pub fn set(&mut self, user: UserId, at: Option<Time>) {
        let u = user as usize;
        if self.pos.len() <= u {
            self.pos.resize(u + 1, ABSENT);
        }
        let p = self.pos[u];
        match (p, at) {
            (ABSENT, None) => {}
            (ABSENT, Some(t)) => {
                self.heap.push((t, user));
                let i = self.heap.len() - 1;
                self.pos[u] = i as u32;
                self.up(i);
            }
            (p, None) => self.remove_at(p as usize),
            (p, Some(t)) => {
                let i = p as usize;
                let old = self.heap[i].0;
                self.heap[i].0 = t;
                if t < old {
                    self.up(i);
                } else {
                    self.down(i);
                }
            }
        }
    }

    pub fn pop(&mut self) -> Option<(Time, UserId)> {
        let top = self.peek()?;
        self.remove_at(0);
        Some(top)
    }

    fn remove_at(&mut self, i: usize) {
        let last = self.heap.len() - 1;
        self.swap(i, last);
        let (_, gone) = self.heap.pop().expect("non-empty");
        self.pos[gone as usize] = ABSENT;
        if i < self.heap.len() {
            self.down(i);
            self.up(i);
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.heap.swap(a, b);
        self.pos[self.heap[a].1 as usize] = a as u32;
        self.pos[self.heap[b].1 as usize] = b as u32;
    }

    fn up(&mut self, mut i: usize) {
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if self.heap[i] < self.heap[parent] {
                self.swap(i, parent);
                i = parent;
            } else {
                break;
            }
        }
    }

    fn down(&mut self, mut i: usize) {
        loop {
            let first = ARITY * i + 1;
            let last = (first + ARITY).min(self.heap.len());
            let mut m = i;
            for c in first..last {
                if self.heap[c] < self.heap[m] {
                    m = c;
                }
            }
            if m == i {
                break;
            }
            self.swap(i, m);
            i = m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the updates, popping yields each scheduled user once, in
        /// (time, user) order, at its last scheduled time.
        #[test]
        fn pops_in_order_of_the_latest_schedule(
            ops in proptest::collection::vec((0u32..20, proptest::option::of(0i64..50)), 0..200)
        ) {
            let mut h = UserHeap::default();
            let mut want = std::collections::BTreeMap::new();
            for (u, t) in ops {
                h.set(u, t);
                match t {
                    Some(t) => { want.insert(u, t); }
                    None => { want.remove(&u); }
                }
            }
            let mut expected: Vec<(i64, u32)> = want.into_iter().map(|(u, t)| (t, u)).collect();
            expected.sort();
            let mut got = Vec::new();
            while let Some(x) = h.pop() {
                got.push(x);
            }
            prop_assert_eq!(got, expected);
        }
    }
}
