/*!
`airgap-audit trust add|remove|list|repair`: manage the station's trusted minisign keys.

Every add/remove is a `TrustChange` ledger entry, appended before `trust.json` is replaced
(see [`crate::home::trust`] for the crash rules). Changes take the station lock, so they never race a
running `process`/`watch`.
*/
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::home::trust::Role;
use crate::home::trust_sync::TrustAction;
use crate::home::StationHome;
use crate::ledger::Ledger;
use crate::sig::VerifyKey;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  airgap-audit trust add --role orchestrator orchestrator.pub\n  airgap-audit trust add --role finance --comment 'Finance: Dana' dana.pub\n  airgap-audit trust add --role manager --identity alice@example.com alice.pub\n  airgap-audit trust remove --role finance 280E55DF5F9258B6\n  airgap-audit trust list"
)]
pub struct TrustArgs {
    /// Station home (default: $AIRGAP_AUDIT_HOME).
    #[arg(long, value_name = "DIR", global = true)]
    pub home: Option<PathBuf>,
    #[command(subcommand)]
    pub command: TrustCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum TrustCommand {
    /// Trust a minisign public key (KEY.pub from 'minisign -G') for a role.
    #[command(
        after_help = "Examples:\n  airgap-audit trust add --role orchestrator orchestrator.pub\n  airgap-audit trust add --role finance --comment 'Finance: Dana' dana.pub"
    )]
    Add {
        /// The role: orchestrator, requester, finance, security, change_management or manager.
        #[arg(long, value_name = "ROLE")]
        role: Role,
        /// A note stored with the key (who holds it).
        #[arg(long, default_value = "")]
        comment: String,
        /// The person who holds the key (an e-mail address). Override signers are counted per
        /// identity: two keys of one identity are one person, and a key without one cannot sign
        /// an override.
        #[arg(long, value_name = "EMAIL")]
        identity: Option<String>,
        /// The minisign public key file.
        #[arg(value_name = "KEY.pub")]
        key: PathBuf,
    },
    /// Stop trusting a key for a role.
    #[command(
        after_help = "Example:\n  airgap-audit trust remove --role finance 280E55DF5F9258B6"
    )]
    Remove {
        /// The role to remove the key from.
        #[arg(long, value_name = "ROLE")]
        role: Role,
        /// The minisign public key file, or its 16-hex-digit key id.
        #[arg(value_name = "KEY.pub|KEY_ID")]
        key: String,
    },
    /// List trusted keys (all roles, or one).
    #[command(after_help = "Example:\n  airgap-audit trust list --role finance --format json")]
    List {
        /// Only this role.
        #[arg(long, value_name = "ROLE")]
        role: Option<Role>,
        /// Output format: one line per key, or a JSON document
        /// (docs/schemas/trust-list.schema.json).
        #[arg(long, value_enum, default_value = "text")]
        format: super::TextOrJson,
    },
    /// Rewrite trust.json from the ledger (after 'trust.json disagrees with the ledger').
    #[command(after_help = "Example:\n  airgap-audit trust repair --home /var/lib/airgap-audit")]
    Repair,
}

pub fn run(args: TrustArgs) -> anyhow::Result<ExitCode> {
    let home = StationHome::resolve_existing(args.home.as_deref())?;
    match args.command {
        TrustCommand::Add {
            role,
            comment,
            identity,
            key,
        } => {
            if comment.contains(['\n', '\r']) {
                anyhow::bail!("--comment must be one line");
            }
            let identity = identity
                .as_deref()
                .map(crate::home::trust::normalize_identity)
                .transpose()
                .context("--identity")?;
            let vk = crate::home::keys::load_verify_key(&key)?;
            change(
                &home,
                TrustAction::Add,
                role,
                &vk,
                &comment,
                identity.as_deref(),
            )
        }
        TrustCommand::Remove { role, key } => {
            let vk = resolve_key(&home, role, &key)?;
            change(&home, TrustAction::Remove, role, &vk, "", None)
        }
        TrustCommand::List { role, format } => list(&home, role, format),
        TrustCommand::Repair => {
            let _lock = crate::station::lock::acquire(home.root())?;
            let ledger = open_ledger(&home)?;
            let store = crate::home::trust_sync::repair(&home, &ledger)?;
            println!(
                "rewrote {} from the ledger ({} trusted key{})",
                home.trust_json().display(),
                store.entries().count(),
                if store.entries().count() == 1 {
                    ""
                } else {
                    "s"
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn open_ledger(home: &StationHome) -> anyhow::Result<Ledger> {
    home.check_secret_modes()?;
    Ok(Ledger::open(&home.ledger())?)
}

/// `KEY` of `trust remove`: a key id (16 hex digits) names a key the store trusts for the role;
/// anything else is a `.pub` file.
fn resolve_key(home: &StationHome, role: Role, key: &str) -> anyhow::Result<VerifyKey> {
    if key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
        let ledger = open_ledger(home)?;
        let store = crate::home::trust_sync::load_consistent(home, &ledger)?;
        return Ok(store.trusted_key(role, key)?);
    }
    Ok(crate::home::keys::load_verify_key(std::path::Path::new(
        key,
    ))?)
}

fn change(
    home: &StationHome,
    action: TrustAction,
    role: Role,
    key: &VerifyKey,
    comment: &str,
    identity: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let _lock = crate::station::lock::acquire(home.root())?;
    let mut ledger = open_ledger(home)?;
    let now = crate::canonical::format_utc(time::OffsetDateTime::now_utc());
    let (_, index) = crate::home::trust_sync::change(
        home,
        &mut ledger,
        action,
        role,
        key,
        comment,
        identity,
        &now,
    )
    .context("trust store not changed")?;
    let verb = match action {
        TrustAction::Add => "trusted",
        TrustAction::Remove => "no longer trusted",
    };
    println!(
        "key {} is {verb} as {role} (ledger entry {index})",
        key.key_id
    );
    Ok(ExitCode::SUCCESS)
}

fn list(
    home: &StationHome,
    role: Option<Role>,
    format: super::TextOrJson,
) -> anyhow::Result<ExitCode> {
    let ledger = open_ledger(home)?;
    let store = crate::home::trust_sync::load_consistent(home, &ledger)?;
    let entries: Vec<_> = store
        .entries()
        .filter(|(r, _)| !matches!(role, Some(want) if want != *r))
        .collect();
    if format == super::TextOrJson::Json {
        let doc = crate::home::trust::TrustListDocument::new(entries.iter().copied());
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut n = 0;
    for (r, k) in entries {
        n += 1;
        let comment = if k.comment.is_empty() {
            String::new()
        } else {
            format!("  {}", crate::display::sanitize(&k.comment))
        };
        let comment = match &k.identity {
            Some(id) => format!("  identity {id}{comment}"),
            None => comment,
        };
        println!(
            "{:<17} {}  {}  added {}{comment}",
            r.as_str(),
            k.key_id,
            k.public_key,
            k.added_at
        );
    }
    if n == 0 {
        eprintln!(
            "no trusted keys{}; add one with 'airgap-audit trust add --role ROLE KEY.pub'",
            role.map(|r| format!(" for role {r}")).unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}
