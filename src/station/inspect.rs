/*!
`bundle inspect`: one bundle opened with the station's keys and trust store, exactly as `process`
opens it (the size cap, the age identity, the orchestrator keys the ledger agrees on), and its
freshness at `now`, without judging or recording anything. The CLI prints what this returns.
*/
use std::path::Path;

use anyhow::anyhow;
use time::OffsetDateTime;

use crate::envelope::bundle::{self, Envelope, Opened, OpenedBundle, OpenedReport, Payload};
use crate::envelope::request::FreshnessError;
use crate::home::trust::Role;
use crate::home::{StationConfig, StationHome};
use crate::ledger::Ledger;
use crate::verdict::override_doc::{self, OverrideDocument, ParsedOverrideBundle};

/// What an opened bundle holds, with its freshness for this station at the time asked.
pub enum Inspected {
    Request {
        opened: Box<OpenedBundle>,
        freshness: Result<(), FreshnessError>,
    },
    /// A two-person override, not yet judged.
    Override(Box<InspectedOverride>),
    ExecutionReport {
        opened: Box<OpenedReport>,
        freshness: Result<(), FreshnessError>,
    },
}

/// An override bundle as `bundle inspect` shows it: what it overrules (`document`, which may not
/// parse) and the key ids of its signatures (`?` for one that cannot be read).
pub struct InspectedOverride {
    pub envelope: Envelope,
    pub bundle: ParsedOverrideBundle,
    pub document: Result<OverrideDocument, String>,
    pub signature_key_ids: Vec<String>,
    pub freshness: Result<(), FreshnessError>,
}

/// Opens the bundle at `path` for the station at `home` ([`StationHome::resolve_existing`]).
/// An error is one line naming the file and, for a refused bundle, its reason code in brackets.
pub fn inspect(home: Option<&Path>, path: &Path, now: OffsetDateTime) -> anyhow::Result<Inspected> {
    let home = StationHome::resolve_existing(home)?;
    let cfg = home.load_config()?;
    let keys = home.load_keys()?;
    let ledger = Ledger::open(&home.ledger())?;
    let trust = crate::home::trust_sync::load_consistent(&home, &ledger)?;
    let bytes =
        crate::fsx::read_capped(path, cfg.limits.max_bundle_bytes).map_err(|e| match e {
            crate::fsx::FsxError::TooLarge { cap, len, .. } => {
                anyhow!(bundle::BundleError::Oversized {
                    size: len.unwrap_or(cap + 1),
                    cap
                })
            }
            other => other.into(),
        })?;
    let refused = |e: bundle::BundleError| anyhow!("{}: {e} [{}]", path.display(), e.reason_code());
    let envelope = bundle::open_envelope(
        &bytes,
        &keys.age,
        &trust.keys(Role::Orchestrator),
        &cfg.limits,
    )
    .map_err(refused)?;
    if envelope.payload == Payload::Request && override_doc::is_override_bundle(&envelope.document)
    {
        return inspect_override(path, envelope, &cfg, now);
    }
    Ok(match envelope.into_opened().map_err(refused)? {
        Opened::Request(opened) => {
            let freshness = crate::envelope::request::check_freshness(
                &opened.request,
                &cfg.station_id,
                now,
                cfg.clock_skew_secs,
            );
            Inspected::Request { opened, freshness }
        }
        Opened::ExecutionReport(opened) => {
            let freshness = crate::envelope::execution_report::check_freshness(
                &opened.report,
                &cfg.station_id,
                now,
                cfg.clock_skew_secs,
            );
            Inspected::ExecutionReport { opened, freshness }
        }
    })
}

fn inspect_override(
    path: &Path,
    envelope: Envelope,
    cfg: &StationConfig,
    now: OffsetDateTime,
) -> anyhow::Result<Inspected> {
    let b = override_doc::parse_bundle(&envelope.document)
        .map_err(|e| anyhow!("{}: {e} [bad_override_bundle]", path.display()))?;
    let document =
        OverrideDocument::parse(b.doc.override_document.as_bytes()).map_err(|e| e.to_string());
    let signature_key_ids = b
        .doc
        .signatures
        .iter()
        .map(|s| crate::sig::signature_key_id(s.as_bytes()).unwrap_or_else(|_| "?".into()))
        .collect();
    let freshness = override_doc::check_freshness(&b, &cfg.station_id, now, cfg.clock_skew_secs);
    Ok(Inspected::Override(Box::new(InspectedOverride {
        envelope,
        bundle: b,
        document,
        signature_key_ids,
        freshness,
    })))
}
