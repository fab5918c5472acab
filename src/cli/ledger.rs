/*!
`airgap-audit ledger`: verify, list, show, export and prove entries of the station's ledger.

Thin layer over [`crate::ledger`]: resolves the station home, opens the ledger (which recomputes
the tree on open), prints. Exit codes: 0 success; 1 the ledger, snapshot or proof does not verify
(one line says which entry and what to do); 2 any other error (bad arguments, missing files).
*/
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::home::StationHome;
use crate::ledger::{
    checkpoint, EntryKind, Filter, Ledger, LedgerError, LedgerKeys, ProofFile, ProofFileError,
};

/// Inspect, verify, export and prove the tamper-evident ledger.
#[derive(Debug, clap::Args)]
pub struct LedgerArgs {
    /// Station home (default: $AIRGAP_AUDIT_HOME).
    #[arg(long, global = true, value_name = "DIR")]
    pub home: Option<PathBuf>,
    #[command(subcommand)]
    pub command: LedgerCommand,
}

pub use super::TextOrJson as OutputFormat;

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Recompute every leaf hash, the Merkle root and every checkpoint (and its signature).
    ///
    /// Exit 0 if the ledger is intact; exit 1 naming the first bad entry otherwise.
    #[command(after_help = "Example:\n  airgap-audit ledger --home /srv/station verify")]
    Verify {
        /// Check checkpoint signatures with this verifier key file instead of the station's.
        #[arg(long, value_name = "PUB")]
        key: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// List entries, oldest first, filtered by request id, decision, kind and time.
    #[command(
        after_help = "Example:\n  airgap-audit ledger list --decision veto --since 2026-11-01"
    )]
    List {
        /// Only entries about this request id (the entry subject).
        #[arg(long, value_name = "ID")]
        request_id: Option<String>,
        /// Only entries with this decision.
        #[arg(long, value_name = "D", value_parser = ["approve", "escalate", "veto"])]
        decision: Option<String>,
        /// Only entries of this kind (e.g. verdict, override, trust_change; a wrong one is
        /// refused with the list of kinds).
        #[arg(long, value_name = "K")]
        kind: Option<EntryKind>,
        /// Only entries created at or after T (RFC 3339, or YYYY-MM-DD for midnight UTC).
        #[arg(long, value_name = "T", value_parser = parse_time_arg)]
        since: Option<OffsetDateTime>,
        /// Only entries created before T (RFC 3339, or YYYY-MM-DD for midnight UTC).
        #[arg(long, value_name = "T", value_parser = parse_time_arg)]
        until: Option<OffsetDateTime>,
        /// At most N entries.
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        /// Output format: one line per entry, or a JSON document
        /// (docs/schemas/ledger-list.schema.json).
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// List the tree sizes that have a signed checkpoint (the sizes proofs can be checked at).
    #[command(after_help = "Example:\n  airgap-audit ledger checkpoints --format json")]
    Checkpoints {
        /// Output format: one line per checkpoint, or a JSON document
        /// (docs/schemas/ledger-checkpoints.schema.json).
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Show one entry in full (JSON), checked against its leaf hash.
    #[command(after_help = "Example:\n  airgap-audit ledger show 17")]
    Show {
        /// Entry index (0-based).
        index: u64,
        /// Print the exact leaf data bytes that the leaf hash covers instead.
        #[arg(long)]
        leaf_data: bool,
    },
    /// Export a snapshot: a verified, zstd-compressed copy with its signed checkpoint beside it.
    ///
    /// Writes FILE and FILE.checkpoint, and records the export as a ledger entry.
    #[command(
        after_help = "Example:\n  airgap-audit ledger export --out /media/backup/ledger-2026-11-26.sqlite.zst"
    )]
    Export {
        /// Snapshot file to create (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Print an inclusion proof (with --index) or a consistency proof (with --old-size) as JSON.
    ///
    /// Proofs are made at sizes with a signed checkpoint (see 'ledger checkpoints'), so that
    /// 'ledger verify-proof' can check them: --old-size moves down to the nearest signed size,
    /// and the tree size defaults to the latest signed size (a note on stderr says so).
    #[command(after_help = "Example:\n  airgap-audit ledger prove --index 17 > proof.json")]
    Prove {
        /// Prove that entry N is in the tree.
        #[arg(
            long,
            value_name = "N",
            conflicts_with = "old_size",
            required_unless_present = "old_size"
        )]
        index: Option<u64>,
        /// Prove that the tree of this size is a prefix of the current (or --size) tree.
        #[arg(long, value_name = "SIZE")]
        old_size: Option<u64>,
        /// Tree size to prove against (default: the latest signed checkpoint's size).
        #[arg(long, value_name = "SIZE")]
        size: Option<u64>,
    },
    /// Check a proof file from 'ledger prove' offline, including its signed checkpoint.
    #[command(
        after_help = "Example:\n  airgap-audit ledger verify-proof proof.json --key checkpoint.pub"
    )]
    VerifyProof {
        /// Proof JSON file.
        proof: PathBuf,
        /// Checkpoint verifier key file (default: the station's keys/checkpoint.pub).
        #[arg(long, value_name = "PUB")]
        key: Option<PathBuf>,
    },
    /// Verify a snapshot offline against its signed checkpoint (and, with a station, check that
    /// the station's ledger still extends it).
    #[command(
        after_help = "Example:\n  airgap-audit ledger verify-snapshot ledger.sqlite.zst --key checkpoint.pub"
    )]
    VerifySnapshot {
        /// Snapshot file written by 'ledger export'.
        snapshot: PathBuf,
        /// Signed checkpoint (default: SNAPSHOT.checkpoint).
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        /// Checkpoint verifier key file (default: the station's keys/checkpoint.pub).
        #[arg(long, value_name = "PUB")]
        key: Option<PathBuf>,
        /// Also check that the station's current ledger is consistent with the snapshot.
        #[arg(long)]
        against_station: bool,
    },
    /// Check that the station's ledger extends a saved checkpoint note, exactly as it was saved
    /// (the output of 'ledger checkpoint', or SNAPSHOT.checkpoint beside an export).
    ///
    /// Exit 0 when the note is signed by the station's checkpoint key (or --key) and the ledger's
    /// first SIZE entries give its root; 1 when the note is not validly signed or the ledger is
    /// shorter (wiped, truncated, rolled back) or differs; 2 for usage and IO errors.
    #[command(
        after_help = "Example:\n  airgap-audit ledger check-against /media/backup/checkpoint-2026-11-26.txt"
    )]
    CheckAgainst {
        /// A signed checkpoint note (C2SP signed note) saved earlier.
        checkpoint: PathBuf,
        /// Checkpoint verifier key file (default: the station's keys/checkpoint.pub).
        #[arg(long, value_name = "PUB")]
        key: Option<PathBuf>,
    },
    /// Accept, deliberately, a ledger that no longer extends the station's high-water mark (it
    /// was restored from a backup): records a `recovery` entry with the reason and the mark given
    /// up, then moves the mark. Only after the investigation of OPERATIONS.md section 6.
    #[command(
        after_help = "Example:\n  airgap-audit ledger accept-rollback --reason \"restored from 2026-11-20 backup after disk failure, ticket INC-42\""
    )]
    AcceptRollback {
        /// Why, who decided, and the incident ticket: recorded in the ledger entry.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// The stick whose `outbox/station-checkpoint.txt` made `process` refuse: its checkpoint
        /// is recorded as given up too, so that stick is processed again.
        #[arg(long, value_name = "MOUNT")]
        stick: Option<PathBuf>,
    },
    /// Print the latest signed checkpoint (C2SP signed note).
    #[command(
        after_help = "Example:\n  airgap-audit ledger checkpoint > /media/backup/checkpoint-2026-11-26.txt"
    )]
    Checkpoint,
}

/// The largest signed size that is at most `size` (`signed` ascending).
fn nearest_signed_at_or_below(signed: &[u64], size: u64) -> Option<u64> {
    signed.iter().copied().filter(|s| *s <= size).max()
}

fn parse_time_arg(s: &str) -> Result<OffsetDateTime, String> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &fmt)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| format!("{s:?} is not an RFC 3339 time or a YYYY-MM-DD date"))
}

pub fn run(args: LedgerArgs) -> anyhow::Result<ExitCode> {
    match run_inner(args) {
        Ok(code) => Ok(code),
        Err(e) => match e.downcast_ref::<LedgerError>() {
            Some(
                LedgerError::Tampered { .. }
                | LedgerError::TriggerMissing { .. }
                | LedgerError::SnapshotMismatch { .. }
                | LedgerError::RolledBack { .. }
                | LedgerError::HighWater { .. },
            ) => {
                eprintln!(
                    "airgap-audit: {}",
                    crate::display::sanitize(&format!("{e:#}"))
                );
                Ok(ExitCode::from(1))
            }
            _ => Err(e),
        },
    }
}

fn home(args_home: Option<&Path>) -> anyhow::Result<StationHome> {
    Ok(StationHome::resolve(args_home)?)
}

fn verifier_from(path: &Path) -> anyhow::Result<checkpoint::CheckpointVerifier> {
    Ok(checkpoint::load_verifier(path)?)
}

fn run_inner(args: LedgerArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.command {
        LedgerCommand::Verify { key, format } => {
            let h = home(args.home.as_deref())?;
            let mut ledger = match &key {
                Some(k) => {
                    Ledger::open_read_only(&h.ledger(), LedgerKeys::Verify(verifier_from(k)?))?
                }
                None => Ledger::open_read_only(&h.ledger(), LedgerKeys::Station)?,
            };
            let report = ledger.verify()?;
            // The approved plans the ledger's verdicts name must be kept, intact (plan store).
            let plans = crate::home::plan_store::approved_plans(&h, &ledger)?;
            if let Some((index, request_id, e)) = plans.first_bad {
                eprintln!(
                    "airgap-audit: ledger entry {index} (approve verdict for {}): {e}",
                    crate::display::sanitize(&request_id)
                );
                return Ok(ExitCode::from(1));
            }
            match format {
                OutputFormat::Json => {
                    let doc = crate::ledger::VerifyDocument::new(&report);
                    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?
                }
                OutputFormat::Text => {
                    let sig = match &report.key {
                        Some(k) => format!(
                            "{} checkpoint signatures valid (key {k})",
                            report.signatures_verified
                        ),
                        None => "checkpoint signatures NOT checked: no checkpoint key found".into(),
                    };
                    let stored = if plans.store_present {
                        format!("{} approved plans stored intact", plans.intact)
                    } else {
                        "approved plans NOT checked: no plan store (HOME/plans) in this home".into()
                    };
                    writeln!(
                        out,
                        "ledger OK: {} entries, root {}, {} checkpoints, {sig}; {stored}",
                        report.size,
                        hex::encode(report.root),
                        report.checkpoints,
                    )?;
                }
            }
        }
        LedgerCommand::List {
            request_id,
            decision,
            kind,
            since,
            until,
            limit,
            format,
        } => {
            let h = home(args.home.as_deref())?;
            let ledger = Ledger::open_read_only(&h.ledger(), LedgerKeys::Station)?;
            let entries = ledger.list(&Filter {
                kind,
                subject: request_id,
                decision,
                since,
                until,
                limit,
            })?;
            match format {
                OutputFormat::Json => {
                    let doc = crate::ledger::ListDocument::new(&entries);
                    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?
                }
                OutputFormat::Text => {
                    for e in &entries {
                        writeln!(
                            out,
                            "{:>6}  {}  {:<15}  {:<8}  {}",
                            e.index,
                            e.recorded.created_at,
                            e.recorded.kind.as_str(),
                            e.recorded.decision.as_deref().unwrap_or("-"),
                            crate::display::sanitize(&e.recorded.subject)
                        )?;
                    }
                    if entries.is_empty() {
                        eprintln!("no ledger entries match");
                    }
                }
            }
        }
        LedgerCommand::Show { index, leaf_data } => {
            let h = home(args.home.as_deref())?;
            let ledger = Ledger::open_read_only(&h.ledger(), LedgerKeys::Station)?;
            let size = ledger.size();
            let entry = ledger
                .entry(index)?
                .ok_or(LedgerError::NoSuchEntry { index, size })?;
            if leaf_data {
                out.write_all(&ledger.leaf_data(entry.index)?)?;
                writeln!(out)?;
            } else {
                // Per line: the pretty JSON's own newlines stay, what entries hold is sanitised.
                for line in serde_json::to_string_pretty(&entry)?.lines() {
                    writeln!(out, "{}", crate::display::sanitize(line))?;
                }
            }
        }
        LedgerCommand::Export { out: file } => {
            let h = home(args.home.as_deref())?;
            let mut ledger = Ledger::open(&h.ledger())?;
            let info = ledger.export_snapshot(&file)?;
            writeln!(
                out,
                "snapshot of {} entries (root {}) written to {}\nsigned checkpoint written to {}\nsnapshot sha256 {}; recorded as ledger entry {}",
                info.tree_size,
                hex::encode(info.root),
                info.file.display(),
                info.checkpoint_file.display(),
                hex::encode(info.sha256),
                info.ledger_index
            )?;
        }
        LedgerCommand::Checkpoints { format } => {
            let h = home(args.home.as_deref())?;
            let ledger = Ledger::open_read_only(&h.ledger(), LedgerKeys::Station)?;
            let sizes = ledger.signed_sizes()?;
            match format {
                OutputFormat::Json => {
                    let doc = crate::ledger::CheckpointsDocument::new(ledger.size(), &sizes);
                    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
                }
                OutputFormat::Text => {
                    for (size, root) in &sizes {
                        writeln!(out, "{size:>8}  {}", hex::encode(root))?;
                    }
                    if sizes.is_empty() {
                        eprintln!("no signed checkpoint yet; one is signed after every batch 'process' appends");
                    }
                }
            }
        }
        LedgerCommand::Prove {
            index,
            old_size,
            size,
        } => {
            let h = home(args.home.as_deref())?;
            let ledger = Ledger::open_read_only(&h.ledger(), LedgerKeys::Station)?;
            let signed: Vec<u64> = ledger.signed_sizes()?.into_iter().map(|(s, _)| s).collect();
            let size = match size {
                Some(s) => s,
                None => *signed.last().ok_or_else(|| {
                    anyhow::anyhow!("the ledger has no signed checkpoint yet; run 'airgap-audit process' first, or pass --size")
                })?,
            };
            let json = match (index, old_size) {
                (Some(i), _) => {
                    serde_json::to_string_pretty(&ledger.prove_inclusion(i, Some(size))?)?
                }
                (None, Some(old)) => {
                    let nearest = nearest_signed_at_or_below(&signed, old).ok_or_else(|| {
                        anyhow::anyhow!(
                            "no signed checkpoint at or below size {old}; 'airgap-audit ledger checkpoints' lists the signed sizes"
                        )
                    })?;
                    if nearest != old {
                        eprintln!(
                            "note: size {old} has no signed checkpoint; proving from the nearest signed size {nearest}"
                        );
                    }
                    serde_json::to_string_pretty(&ledger.prove_consistency(nearest, Some(size))?)?
                }
                (None, None) => anyhow::bail!("pass --index N or --old-size SIZE"),
            };
            writeln!(out, "{json}")?;
        }
        LedgerCommand::VerifyProof { proof, key } => {
            let verifier = match key {
                Some(k) => verifier_from(&k)?,
                None => verifier_from(&home(args.home.as_deref())?.checkpoint_pub())?,
            };
            return verify_proof_file(&proof, &verifier, &mut out);
        }
        LedgerCommand::VerifySnapshot {
            snapshot,
            checkpoint: cp,
            key,
            against_station,
        } => {
            let cp = cp.unwrap_or_else(|| crate::ledger::checkpoint_path_for(&snapshot));
            let h = home(args.home.as_deref());
            let verifier = match (&key, &h) {
                (Some(k), _) => verifier_from(k)?,
                (None, Ok(h)) => verifier_from(&h.checkpoint_pub())?,
                (None, Err(_)) => anyhow::bail!(
                    "no checkpoint key: pass --key checkpoint.pub (the station's public checkpoint key)"
                ),
            };
            let report = crate::ledger::verify_snapshot(&snapshot, &cp, verifier)?;
            writeln!(
                out,
                "snapshot OK: {} entries, root {}, {} checkpoint signatures valid",
                report.size,
                hex::encode(report.root),
                report.signatures_verified
            )?;
            if against_station {
                let h = h?;
                // Wiped, truncated, rolled back or rewritten: all "does not extend", exit 1.
                let ledger = match station_ledger_for_check(&h)? {
                    Ok(l) => l,
                    Err(msg) => return does_not_extend(&msg),
                };
                if let Err(msg) = ledger.check_extends(report.size, &report.root) {
                    return does_not_extend(&msg);
                }
                writeln!(
                    out,
                    "station ledger ({} entries) is consistent with the snapshot",
                    ledger.size()
                )?;
            }
        }
        LedgerCommand::CheckAgainst { checkpoint, key } => {
            let h = home(args.home.as_deref())?;
            let verifier = verifier_from(&key.unwrap_or_else(|| h.checkpoint_pub()))?;
            let note = read_small(&checkpoint)?;
            let cp = match verifier.verify(&note) {
                Ok(cp) => cp,
                Err(e) => {
                    eprintln!(
                        "airgap-audit: {}: {}",
                        crate::display::path(&checkpoint),
                        crate::display::sanitize(&format!("{e}; this note is not a checkpoint signed by the station's checkpoint key"))
                    );
                    return Ok(ExitCode::from(1));
                }
            };
            let ledger = match station_ledger_for_check(&h)? {
                Ok(l) => l,
                Err(msg) => return does_not_extend(&msg),
            };
            if let Err(msg) = ledger.check_extends(cp.size, &cp.root) {
                return does_not_extend(&msg);
            }
            writeln!(
                out,
                "station ledger ({} entries, root {}) extends the checkpoint of {} entries (root {})",
                ledger.size(),
                crate::ledger::b64(&ledger.root()),
                cp.size,
                crate::ledger::b64(&cp.root)
            )?;
        }
        LedgerCommand::AcceptRollback { reason, stick } => {
            if reason.trim().len() < 10 || reason.chars().any(char::is_control) {
                anyhow::bail!(
                    "--reason: say why, who decided and the incident ticket in one line (at least 10 characters)"
                );
            }
            let h = home(args.home.as_deref())?;
            h.check_secret_modes()?;
            let _lock = crate::station::lock::acquire(h.root())?;
            let mut ledger = Ledger::open_for_recovery(&h.ledger())?;
            let before = ledger.size();
            let stick_note = match &stick {
                None => None,
                Some(mount) => Some(
                    crate::stick::outbox::Outbox::open(mount)?
                        .read_small(
                            crate::stick::outbox::STATION_CHECKPOINT,
                            crate::stick::outbox::MAX_CHECKPOINT_BYTES,
                        )?
                        .ok_or_else(|| {
                            anyhow::anyhow!(
                                "{}: the stick has no outbox/{}; run accept-rollback without --stick",
                                mount.display(),
                                crate::stick::outbox::STATION_CHECKPOINT
                            )
                        })?,
                ),
            };
            let app = ledger.accept_rollback(&reason, stick_note.as_deref())?;
            writeln!(
                out,
                "recorded the recovery as ledger entry {} (the ledger had {before} entries); the high-water mark now covers {} entries",
                app.index,
                ledger.size()
            )?;
        }
        LedgerCommand::Checkpoint => {
            let h = home(args.home.as_deref())?;
            let ledger = Ledger::open_read_only(&h.ledger(), LedgerKeys::Station)?;
            match ledger.stored_checkpoint(ledger.size())? {
                Some(note) => write!(out, "{note}")?,
                None => anyhow::bail!(
                    "the ledger has no signed checkpoint for its {} entries yet: append an entry with the station's key first",
                    ledger.size()
                ),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The station's ledger for a rollback check. `Ok(Err(msg))` when the ledger file is gone: to a
/// check against a saved checkpoint, a deleted ledger is a wiped one (exit 1), not an IO error.
fn station_ledger_for_check(h: &StationHome) -> anyhow::Result<Result<Ledger, String>> {
    match Ledger::open_read_only(&h.ledger(), LedgerKeys::Station) {
        Ok(l) => Ok(Ok(l)),
        Err(LedgerError::NotFound { path }) => Ok(Err(format!(
            "{}: the station's ledger is missing: it was wiped",
            crate::display::path(&path)
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Exit 1 with the one line of a ledger that does not extend what was saved.
fn does_not_extend(msg: &str) -> anyhow::Result<ExitCode> {
    eprintln!(
        "airgap-audit: {}; {}",
        crate::display::sanitize(msg),
        crate::ledger::RUNBOOK
    );
    Ok(ExitCode::from(1))
}

/// A proof file is either an inclusion or a consistency proof; check its arithmetic and that
/// the checkpoint(s) in it are signed by `verifier` for the same size and root.
fn verify_proof_file(
    path: &Path,
    verifier: &checkpoint::CheckpointVerifier,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let bytes = read_small(path)?;
    let proof = ProofFile::parse(&bytes).map_err(|e| match e {
        ProofFileError::NotJson(why) => anyhow::anyhow!(
            "{} is not JSON: pass a file written by 'ledger prove': {why}",
            path.display()
        ),
        other => anyhow::anyhow!("{} is {other}", path.display()),
    })?;
    if let Err(e) = proof.verify_signed(verifier) {
        eprintln!("airgap-audit: {}: {e}", path.display());
        return Ok(ExitCode::from(1));
    }
    match proof {
        ProofFile::Inclusion(p) => writeln!(
            out,
            "inclusion proof OK: entry {} (leaf {}) is in the signed tree of {} entries",
            p.index,
            hex::encode(p.leaf_hash),
            p.tree_size
        )?,
        ProofFile::Consistency(p) => writeln!(
            out,
            "consistency proof OK: the signed tree of {} entries extends the signed tree of {}",
            p.new_size, p.old_size
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn read_small(path: &Path) -> anyhow::Result<Vec<u8>> {
    use crate::fsx::FsxError;
    crate::fsx::read_capped(path, 1024 * 1024).map_err(|e| match e {
        FsxError::TooLarge { .. } => {
            anyhow::anyhow!("{} is larger than 1 MiB: not a proof file", path.display())
        }
        FsxError::Io { err, .. } => {
            anyhow::Error::new(err).context(format!("cannot open {}", path.display()))
        }
        other => other.into(),
    })
}
