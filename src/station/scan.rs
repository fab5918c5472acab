/*!
The stick before judging: which bundles the ledger does not hold yet (for `watch`), and the scan
pass that opens each bundle once to put them in judging order (by sequence number).
*/
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::batch::Scanned;
use super::{overrides, Station, StationError};
use crate::envelope::bundle;
use crate::stick::inbox::{self, Candidate};

impl Station {
    /// The SHA-256 (hex) of every bundle in `MOUNT/inbox` that the ledger does not hold yet:
    /// what `watch` decides a stick needs from. Digests and the ledger, never timestamps: a
    /// bundle written in the same second as `DONE.txt`, or with an old mtime, is still new.
    /// `cache` spares re-reading files whose identity and change time are unchanged (a rewrite
    /// always moves the kernel-set change time).
    pub fn unrecorded(
        &self,
        mount: &Path,
        cache: &mut DigestCache,
    ) -> Result<BTreeSet<String>, StationError> {
        let listing = inbox::list(mount)?;
        let mut out = BTreeSet::new();
        for c in &listing.bundles {
            let Some(sha) = cache.digest(&c.path) else {
                // Unreadable now: the run itself reports it as skipped.
                continue;
            };
            if self.s.ledger.find_by_bundle(&sha)?.is_none() {
                out.insert(sha);
            }
        }
        Ok(out)
    }

    /// The scan pass: read and open each bundle once, to order them by sequence number.
    pub(super) fn scan(&self, candidates: &[Candidate]) -> Vec<Scanned> {
        let cap = self.s.config.limits.max_bundle_bytes;
        let mut out: Vec<Scanned> = candidates
            .iter()
            .map(|c| {
                let opened = match inbox::read_bundle(&c.path, cap) {
                    Ok(raw) => match self.s.ledger.find_by_bundle(&raw.sha256_hex()) {
                        Ok(Some(_)) => None,
                        _ => bundle::open_envelope(
                            &raw.bytes,
                            &self.s.keys.age,
                            &self.s.orchestrators,
                            &self.s.config.limits,
                        )
                        .ok()
                        .and_then(|env| {
                            // Same envelope, three documents: an override (told by its format),
                            // an execution report (by its members) or a request.
                            if env.payload == bundle::Payload::Request
                                && crate::verdict::override_doc::is_override_bundle(&env.document)
                            {
                                return overrides::sequence_of(&env).map(|seq| (seq, None));
                            }
                            env.into_opened().ok().map(|o| {
                                let seq = o.sequence();
                                let request_of = match o {
                                    bundle::Opened::Request(b) => {
                                        (false, b.request.doc.request_id.to_ascii_lowercase())
                                    }
                                    bundle::Opened::ExecutionReport(r) => {
                                        (true, r.report.doc.request_id.to_ascii_lowercase())
                                    }
                                };
                                (seq, Some(request_of))
                            })
                        }),
                    },
                    Err(_) => None,
                };
                Scanned {
                    candidate: c.clone(),
                    sequence: opened.as_ref().map(|(seq, _)| *seq),
                    request_of: opened.and_then(|(_, request_of)| request_of),
                }
            })
            .collect();
        // Unopenable and already-recorded bundles first (their order cannot matter), then the
        // rest by sequence; file name breaks ties, so the order is a function of the inbox alone.
        out.sort_by(|a, b| (a.sequence, &a.candidate.name).cmp(&(b.sequence, &b.candidate.name)));
        out
    }
}

/// Bundle digests by file identity, for [`Station::unrecorded`]: a digest is reused only while
/// device, inode, size, mtime and ctime are all unchanged (ctime is set by the kernel on every
/// write or metadata change, and cannot be set back by `touch`).
#[derive(Default)]
pub struct DigestCache {
    known: HashMap<(u64, u64), ([i64; 5], String)>,
}

impl DigestCache {
    fn digest(&mut self, path: &Path) -> Option<String> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(path).ok()?;
        let key = (m.dev(), m.ino());
        let stamp = [
            i64::try_from(m.size()).unwrap_or(i64::MAX),
            m.mtime(),
            m.mtime_nsec(),
            m.ctime(),
            m.ctime_nsec(),
        ];
        if let Some((s, sha)) = self.known.get(&key) {
            if *s == stamp {
                return Some(sha.clone());
            }
        }
        let sha = hex::encode(inbox::stream_sha256(path).ok()?);
        self.known.insert(key, (stamp, sha.clone()));
        Some(sha)
    }
}
