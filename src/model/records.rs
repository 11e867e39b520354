//! A list of activity records shared between copies of a project.
//!
//! A background job (compute, save, export) holds the open project while the
//! auditor goes on editing; the edit then needs a project of its own. With a
//! million records, copying them took most of a second on the UI thread. No
//! edit changes an existing record (imports append, undo truncates), so a copy
//! of the project shares the list; cutting the shared list short (undoing an
//! import while a job reads the project) only shortens this copy's view, and
//! only growing or changing it copies the records — an import, which runs on
//! a thread for a large project.

use super::activity::ActivityRecord;
use serde::{Deserialize, Serialize};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// Activity records behind a reference count: cloning is a pointer copy;
/// reading is a slice; changing copies the list only when another clone
/// shares it. The first `len` records of `all` are this list's.
#[derive(Clone, Default)]
pub struct Records {
    all: Arc<Vec<ActivityRecord>>,
    len: usize,
}

impl Records {
    /// The list to change, this copy's own: shared or longer than this
    /// view, it is copied (up to `len`) or cut to the view first.
    fn vec_mut(&mut self) -> &mut Vec<ActivityRecord> {
        if let Some(v) = Arc::get_mut(&mut self.all) {
            v.truncate(self.len);
        } else {
            self.all = Arc::new(self.all[..self.len].to_vec());
        }
        // Unique now: `make_mut` does not copy. Every caller sets `len`
        // from the vector afterwards.
        Arc::make_mut(&mut self.all)
    }

    /// Runs `f` on the list as a vector of this copy's own.
    fn change<R>(&mut self, f: impl FnOnce(&mut Vec<ActivityRecord>) -> R) -> R {
        let v = self.vec_mut();
        let out = f(v);
        self.len = v.len();
        out
    }

    /// No records (also what `skip_serializing_if` names).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends a record (an import's path; copies a shared list first).
    pub fn push(&mut self, r: ActivityRecord) {
        self.change(|v| v.push(r));
    }

    /// Appends records, as [`Records::push`] does.
    pub fn extend(&mut self, records: impl IntoIterator<Item = ActivityRecord>) {
        self.change(|v| v.extend(records));
    }

    /// Keeps the records `keep` accepts (copies a shared list first).
    pub fn retain(&mut self, keep: impl FnMut(&ActivityRecord) -> bool) {
        self.change(|v| v.retain(keep));
    }

    /// No records left: a view of none, as [`Records::truncate`] makes.
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Shortens the list to `n` records without copying the rest, shared or
    /// not (a view: the records after `n` stay where they are until this
    /// list changes).
    pub fn truncate(&mut self, n: usize) {
        self.len = self.len.min(n);
    }

    /// The records kept in memory for this list: its own and, after a
    /// [`Records::truncate`], the ones past its end still stored (freed at
    /// its next change).
    pub fn held(&self) -> usize {
        self.all.len()
    }

    /// Whether `self` and `other` read the same stored records (not merely
    /// equal ones).
    pub fn shares_with(&self, other: &Records) -> bool {
        Arc::ptr_eq(&self.all, &other.all)
    }
}

impl Deref for Records {
    type Target = [ActivityRecord];
    fn deref(&self) -> &[ActivityRecord] {
        &self.all[..self.len]
    }
}

impl DerefMut for Records {
    fn deref_mut(&mut self) -> &mut [ActivityRecord] {
        self.vec_mut()
    }
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Records {
    fn eq(&self, other: &Records) -> bool {
        **self == **other
    }
}

impl PartialEq<Vec<ActivityRecord>> for Records {
    fn eq(&self, other: &Vec<ActivityRecord>) -> bool {
        **self == other[..]
    }
}

/// Written and read as the plain list, exactly as the `Vec` it replaced.
impl Serialize for Records {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Records {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Records, D::Error> {
        Vec::deserialize(d).map(Records::from)
    }
}

impl From<Vec<ActivityRecord>> for Records {
    fn from(v: Vec<ActivityRecord>) -> Records {
        Records {
            len: v.len(),
            all: Arc::new(v),
        }
    }
}

impl FromIterator<ActivityRecord> for Records {
    fn from_iter<I: IntoIterator<Item = ActivityRecord>>(iter: I) -> Records {
        Records::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Records {
    type Item = &'a ActivityRecord;
    type IntoIter = std::slice::Iter<'a, ActivityRecord>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Records {
    type Item = &'a mut ActivityRecord;
    type IntoIter = std::slice::IterMut<'a, ActivityRecord>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn record(id: &str) -> ActivityRecord {
        crate::model::activity::test_record(id)
    }

    fn ids(r: &Records) -> Vec<&str> {
        r.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn a_clone_shares_until_one_side_grows_or_changes() {
        let a: Records = vec![record("A1"), record("A2")].into();
        let mut b = a.clone();
        assert!(b.shares_with(&a), "a clone is a pointer copy");
        assert_eq!(b.len(), 2);
        b.truncate(1);
        assert!(b.shares_with(&a), "cutting short shares still");
        assert_eq!((ids(&a), ids(&b)), (vec!["A1", "A2"], vec!["A1"]));
        b.push(record("A3"));
        assert!(!b.shares_with(&a), "growing copied the list");
        assert_eq!((ids(&a), ids(&b)), (vec!["A1", "A2"], vec!["A1", "A3"]));
        let mut c = a.clone();
        c[0].quantity = 9.0;
        assert_eq!(
            (a[0].quantity, c[0].quantity),
            (2.0, 9.0),
            "a change copies"
        );
    }

    #[test]
    fn it_is_written_and_read_as_the_plain_list() {
        let v = vec![record("A1"), record("A2")];
        let mut r: Records = v.clone().into();
        assert_eq!(
            serde_json::to_string(&r).expect("writes"),
            serde_json::to_string(&v).expect("writes")
        );
        let back: Records =
            serde_json::from_str(&serde_json::to_string(&v).expect("writes")).expect("reads");
        assert_eq!(back, v);
        r.truncate(1);
        assert_eq!(
            serde_json::to_string(&r).expect("writes"),
            serde_json::to_string(&v[..1]).expect("writes"),
            "the hidden tail is not written"
        );
        assert_eq!(r.held(), 2, "it is still stored");
        r.push(record("A3"));
        assert_eq!((r.len(), r.held()), (2, 2), "a change drops it");
    }

    #[derive(Debug, Clone)]
    enum Op {
        Push,
        Truncate(usize),
        Retain(usize),
        Share,
        Unshare,
        Change(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            Just(Op::Push),
            (0..12usize).prop_map(Op::Truncate),
            (1..4usize).prop_map(Op::Retain),
            Just(Op::Share),
            Just(Op::Unshare),
            (0..12usize).prop_map(Op::Change),
        ]
    }

    proptest! {
        /// Any sequence of changes, with clones taken and dropped in
        /// between, leaves the list as a plain `Vec` would be, and never
        /// changes a clone taken earlier.
        #[test]
        fn behaves_as_a_vec_and_clones_never_change(ops in proptest::collection::vec(op(), 0..40)) {
            let mut r: Records = (0..5).map(|i| record(&format!("R{i}"))).collect();
            let mut v: Vec<ActivityRecord> = r.to_vec();
            let mut held: Vec<(Records, Vec<ActivityRecord>)> = Vec::new();
            for (n, o) in ops.into_iter().enumerate() {
                match o {
                    Op::Push => {
                        r.push(record(&format!("P{n}")));
                        v.push(record(&format!("P{n}")));
                    }
                    Op::Truncate(k) => {
                        r.truncate(k);
                        v.truncate(k);
                    }
                    Op::Retain(m) => {
                        r.retain(|x| x.id.len() % m == 0);
                        v.retain(|x| x.id.len() % m == 0);
                    }
                    Op::Share => held.push((r.clone(), v.clone())),
                    Op::Unshare => drop(held.pop()),
                    Op::Change(k) => {
                        if let (Some(a), Some(b)) = (r.get_mut(k), v.get_mut(k)) {
                            a.quantity += 1.0;
                            b.quantity += 1.0;
                        }
                    }
                }
                prop_assert_eq!(&r, &v);
                for (h, hv) in &held {
                    prop_assert_eq!(h, hv);
                }
            }
        }
    }
}
