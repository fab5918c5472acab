/*!
The stick before judging: which bundles the ledger does not hold yet (for `watch`), and the scan
pass that opens each bundle once to put them in judging order (by sequence number) and keeps
what it opened for the judge.
*/
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::{Station, StationError};
use crate::envelope::bundle;
use crate::stick::inbox::{self, Candidate};
use crate::verdict::override_doc::{self, ParsedOverrideBundle};

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

    /// The scan pass: read and open each bundle once, to order them by sequence number. What
    /// it opened is kept in the [`Scanned`] for the judge (see [`Opening`]), up to `budget`
    /// bytes in all ([`super::Options::kept_opened_bytes`]).
    pub(super) fn scan(&self, candidates: &[Candidate], budget: u64) -> Vec<Scanned> {
        let cap = self.s.config.limits.max_bundle_bytes;
        let mut budget = budget;
        let mut out: Vec<Scanned> = candidates
            .iter()
            .map(|c| {
                let mut s = Scanned {
                    candidate: c.clone(),
                    sha: None,
                    sequence: None,
                    request_of: None,
                    opening: None,
                };
                // Unreadable here: the judge reads it again and says why.
                let Ok(raw) = inbox::read_bundle(&c.path, cap) else {
                    return s;
                };
                let sha = raw.sha256_hex();
                s.sha = Some(sha.clone());
                // Already recorded (or the ledger unreadable now): the judge decides from the
                // digest, and opens it only if the ledger does not hold it after all.
                if !matches!(self.s.ledger.find_by_bundle(&sha), Ok(None)) {
                    return s;
                }
                let opening = self.open_bundle(c, &raw.bytes, sha);
                drop(raw);
                s.sequence = opening.sequence();
                s.request_of = opening.request_of();
                let held = opening.held_bytes();
                if held <= budget {
                    budget -= held;
                    s.opening = Some(opening);
                } else {
                    // Over the budget (many large bundles on one stick): this one keeps only its
                    // digest and order, and the judge opens it a second time; memory stays
                    // bounded at the cost of that one extra open.
                    tracing::debug!(
                        "bundle {}: {held} bytes opened, over what the scan keeps; it is opened again when judged",
                        c.name
                    );
                }
                s
            })
            .collect();
        // Unopenable and already-recorded bundles first (their order cannot matter), then the
        // rest by sequence; file name breaks ties, so the order is a function of the inbox alone.
        out.sort_by(|a, b| (a.sequence, &a.candidate.name).cmp(&(b.sequence, &b.candidate.name)));
        out
    }

    /// Opens one bundle read from the inbox (its hex SHA-256 `sha` computed as it was read):
    /// the envelope, then the document as what it says it is. The one place the station opens a
    /// bundle; each call logs one `opened bundle NAME` line at debug level (a test counts them).
    pub(super) fn open_bundle(&self, c: &Candidate, bytes: &[u8], sha: String) -> Opening {
        tracing::debug!("opened bundle {}", c.name);
        let env = match bundle::open_envelope_digested(
            bytes,
            sha,
            &self.s.keys.age,
            &self.s.orchestrators,
            &self.s.config.limits,
        ) {
            Ok(env) => env,
            Err(e) => return Opening::Refused(e),
        };
        // Same envelope, three documents: an override (told by its format), an execution
        // report (by its members) or a request.
        if env.payload == bundle::Payload::Request
            && crate::verdict::override_doc::is_override_bundle(&env.document)
        {
            let parsed = crate::verdict::override_doc::parse_bundle(&env.document);
            return Opening::Override(Box::new(env), parsed.map(Box::new));
        }
        match env.into_opened() {
            Ok(o) => Opening::Opened(o),
            Err(e) => Opening::Refused(e),
        }
    }
}

/// A bundle in judging order, with what the scan learnt of it.
pub(super) struct Scanned {
    pub(super) candidate: Candidate,
    /// The bundle's hex SHA-256, when the scan could read it.
    pub(super) sha: Option<String>,
    /// The request's sequence number when the bundle opened and is not yet recorded.
    pub(super) sequence: Option<u64>,
    /// (is an execution report, request id lower-cased) when the bundle opened.
    pub(super) request_of: Option<(bool, String)>,
    /// What the scan opened, for the judge to take (`None`: not opened, or over the scan's
    /// memory budget; the judge opens it then).
    pub(super) opening: Option<Opening>,
}

/// One bundle opened: what the scan learns its order from and the judge judges, so a bundle is
/// decrypted, verified and parsed once per run.
pub(super) enum Opening {
    /// A request or an execution report, parsed.
    Opened(bundle::Opened),
    /// An override bundle's envelope, and its document's strict parse (refused by the judge
    /// when it failed).
    Override(
        Box<bundle::Envelope>,
        Result<Box<ParsedOverrideBundle>, override_doc::FormatError>,
    ),
    /// The envelope or the document was refused: the bundle's rejection.
    Refused(bundle::BundleError),
}

impl Opening {
    /// The orchestrator sequence the document carries, when it parsed.
    fn sequence(&self) -> Option<u64> {
        match self {
            Opening::Opened(o) => Some(o.sequence()),
            Opening::Override(_, parsed) => parsed.as_ref().ok().map(|p| p.doc.sequence),
            Opening::Refused(_) => None,
        }
    }

    /// (is an execution report, request id lower-cased) of a request or an execution report.
    fn request_of(&self) -> Option<(bool, String)> {
        match self {
            Opening::Opened(bundle::Opened::Request(b)) => {
                Some((false, b.request.doc.request_id.to_ascii_lowercase()))
            }
            Opening::Opened(bundle::Opened::ExecutionReport(r)) => {
                Some((true, r.report.doc.request_id.to_ascii_lowercase()))
            }
            Opening::Override(..) | Opening::Refused(_) => None,
        }
    }

    /// About how many bytes it holds: the decompressed document, and the plan or state decoded
    /// from it (once as the base64 text of the parsed document, once as bytes).
    fn held_bytes(&self) -> u64 {
        let n = match self {
            Opening::Opened(bundle::Opened::Request(b)) => {
                b.request_bytes.len() + b.request.doc.plan_b64.len() + b.request.plan_bytes.len()
            }
            Opening::Opened(bundle::Opened::ExecutionReport(r)) => {
                // The report document itself is not kept, only its parse.
                r.report.doc.state_b64.len() + r.report.state_bytes.len()
            }
            Opening::Override(env, parsed) => {
                env.document.len()
                    + parsed.as_ref().map_or(0, |p| {
                        p.doc.original_request.len()
                            + p.doc.override_document.len()
                            + p.original_request.plan_bytes.len()
                            + p.original_request.doc.plan_b64.len()
                    })
            }
            Opening::Refused(_) => 0,
        };
        n as u64
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
