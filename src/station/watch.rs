/*!
`watch`: which of the sticks under a mount root to process, and when to try one again. Decided
from the ledger and each bundle's digest ([`super::Station::unrecorded`]), never from timestamps:
a stick is processed when its inbox holds a bundle the ledger does not (whenever it was written),
or when it is seen for the first time since it was plugged in and has no `DONE.txt` yet (so a
stick of stray files is still reported once). A stick whose run failed is tried again only when
its unrecorded bundles change (a new bundle), or after it is re-inserted. The CLI looks, runs and
prints.
*/
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What to do with a stick at one look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Every bundle in its inbox is in the ledger and it was reported before.
    NothingNew,
    /// Its last run failed and nothing changed since: wait for a new bundle or a re-insert.
    WaitForChange,
    Process,
}

/// The sticks `watch` has seen since they were plugged in, and those whose run failed with the
/// unrecorded digests at that time.
#[derive(Debug, Default)]
pub struct StickWatch {
    seen: HashSet<PathBuf>,
    failed: HashMap<PathBuf, BTreeSet<String>>,
}

impl StickWatch {
    /// Forgets every stick seen before that is not `present` now (unplugged), and returns them,
    /// sorted.
    pub fn removed(&mut self, present: &[PathBuf]) -> Vec<PathBuf> {
        let mut gone: Vec<PathBuf> = self
            .seen
            .iter()
            .filter(|p| !present.contains(*p))
            .cloned()
            .collect();
        gone.sort();
        for p in &gone {
            self.seen.remove(p);
            self.failed.remove(p);
        }
        gone
    }

    /// Records a look at `stick`: true when it is the first since the stick was plugged in.
    pub fn look(&mut self, stick: &Path) -> bool {
        self.seen.insert(stick.to_path_buf())
    }

    /// What to do with `stick`, given whether this is the first look ([`StickWatch::look`]),
    /// whether it has a `DONE.txt`, and the digests of its bundles the ledger does not hold.
    pub fn next(
        &self,
        stick: &Path,
        first_look: bool,
        has_done: bool,
        pending: &BTreeSet<String>,
    ) -> Next {
        let never_reported = first_look && !has_done;
        if pending.is_empty() && !never_reported {
            return Next::NothingNew;
        }
        if self.failed.get(stick) == Some(pending) {
            return Next::WaitForChange;
        }
        Next::Process
    }

    /// The run of `stick` failed with `pending` unrecorded.
    pub fn failed(&mut self, stick: &Path, pending: BTreeSet<String>) {
        self.failed.insert(stick.to_path_buf(), pending);
    }

    /// The run of `stick` went through.
    pub fn succeeded(&mut self, stick: &Path) {
        self.failed.remove(stick);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// A new stick is reported once even with nothing to judge; one already done is not run
    /// again until a bundle the ledger lacks appears on it.
    #[test]
    fn a_stick_runs_when_it_is_new_without_done_or_holds_an_unrecorded_bundle() {
        let mut w = StickWatch::default();
        let s = Path::new("/media/a");
        assert!(w.look(s));
        assert_eq!(w.next(s, true, false, &set(&[])), Next::Process);
        assert_eq!(w.next(s, true, true, &set(&[])), Next::NothingNew);
        assert!(!w.look(s));
        assert_eq!(w.next(s, false, false, &set(&[])), Next::NothingNew);
        assert_eq!(w.next(s, false, true, &set(&["d1"])), Next::Process);
    }

    /// A failed stick waits for a change: the same unrecorded bundles do not retry it, a new
    /// bundle or a re-insert (seen as removed, then a first look) does.
    #[test]
    fn a_failed_stick_is_retried_only_after_a_new_bundle_or_a_reinsert() {
        let mut w = StickWatch::default();
        let s = PathBuf::from("/media/a");
        w.look(&s);
        w.failed(&s, set(&["d1"]));
        assert_eq!(w.next(&s, false, false, &set(&["d1"])), Next::WaitForChange);
        assert_eq!(w.next(&s, false, false, &set(&["d1", "d2"])), Next::Process);
        assert_eq!(w.removed(&[PathBuf::from("/media/b")]), vec![s.clone()]);
        assert!(w.removed(&[]).is_empty(), "forgotten once");
        assert!(w.look(&s));
        assert_eq!(w.next(&s, true, true, &set(&["d1"])), Next::Process);
        w.failed(&s, set(&["d1"]));
        w.succeeded(&s);
        assert_eq!(w.next(&s, false, true, &set(&["d1"])), Next::Process);
    }
}
