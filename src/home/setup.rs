/*!
Creating a station (`airgap-audit init`): the age identity, the minisign verdict key and the
checkpoint key (secret files 0600), a random station id, `station.toml` with every default spelled
out, `policy.toml` (the engine's default policy), an empty `policy.d/`, an empty trust store and
an empty ledger.

Crash safety: everything is built in a temporary sibling directory and renamed into place at
the end (an existing empty DIR is replaced by the rename), so an interrupted `init` never leaves
a half-made station that a re-run would refuse to overwrite. An existing station is never
touched.
*/
use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use anyhow::{bail, Context};

use super::keys;
use super::trust::TrustStore;
use super::{HomeError, StationConfig, StationHome};
use crate::ledger::{CheckpointSigner, Ledger};
use crate::sig::SigningKey;

/// What `init` made, for printing and for tests.
#[derive(Debug, Clone)]
pub struct Created {
    pub station_id: String,
    pub age_recipient: String,
    pub verdict_pub: String,
    pub verdict_key_id: String,
    pub checkpoint_verifier: String,
}

/// Creates the station at `home` (see the module doc).
pub fn create(home: &StationHome, station_id: Option<String>) -> anyhow::Result<Created> {
    let root = home.root();
    match fs::symlink_metadata(root) {
        Ok(m) if !m.file_type().is_dir() => {
            bail!(
                "{}: exists and is not a directory; choose another --home",
                root.display()
            )
        }
        Ok(_) => {
            if home.has_station_files() {
                return Err(HomeError::AlreadyExists(root.display().to_string()).into());
            }
            let non_empty = fs::read_dir(root)
                .with_context(|| format!("{}: cannot read the directory", root.display()))?
                .next()
                .is_some();
            if non_empty {
                bail!(
                    "{}: directory is not empty; init needs a new or empty directory (choose another --home)",
                    root.display()
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(HomeError::io(root, e).into()),
    }
    let station_id = match station_id {
        Some(id) if crate::envelope::request::is_valid_id(&id) => id,
        Some(id) => bail!(
            "--station-id {id:?}: use 1-128 characters of A-Z a-z 0-9 . _ - (not starting with '.')"
        ),
        None => format!("st-{}", hex::encode(rand::random::<[u8; 8]>())),
    };
    let parent = crate::fsx::parent_dir(root).to_path_buf();
    if !parent.is_dir() {
        fs::create_dir_all(&parent).map_err(|e| HomeError::io(&parent, e))?;
    }
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "station".into());
    let tmp = parent.join(format!(
        ".{name}.init-{}",
        hex::encode(rand::random::<[u8; 6]>())
    ));
    let result = build(&StationHome::at(&tmp), &station_id).and_then(|c| {
        fs::rename(&tmp, root).map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot move the new station into place: {e}; make sure DIR is new or empty",
                root.display()
            )
        })?;
        crate::fsx::fsync_dir(&parent).map_err(|e| HomeError::io(&parent, e))?;
        Ok(c)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn mkdir(path: &Path, mode: u32) -> anyhow::Result<()> {
    fs::DirBuilder::new()
        .mode(mode)
        .create(path)
        .map_err(|e| HomeError::io(path, e))?;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| HomeError::io(path, e))?;
    Ok(())
}

fn build(home: &StationHome, station_id: &str) -> anyhow::Result<Created> {
    let now = crate::canonical::format_utc(time::OffsetDateTime::now_utc());
    mkdir(home.root(), 0o700)?;
    mkdir(&home.keys_dir(), 0o700)?;
    mkdir(&home.policy_dir(), 0o755)?;

    let age_id = age::x25519::Identity::generate();
    keys::write_age_identity(&age_id, &now, &home.age_key())?;
    let recipient = age_id.to_public().to_string();
    // Not a secret; saves operators from re-deriving it ('bundle seal --station-recipient-file').
    let age_pub = home.keys_dir().join("age.pub");
    crate::fsx::write_new_synced(&age_pub, format!("{recipient}\n").as_bytes(), 0o644)
        .map_err(|e| HomeError::io(&age_pub, e))?;

    let verdict = SigningKey::generate()?;
    keys::write_signing_key(&verdict, &home.verdict_key(), &home.verdict_pub())?;

    let checkpoint = CheckpointSigner::generate(&format!("airgap-audit/{station_id}"))?;
    checkpoint.write_files(&home.checkpoint_key(), &home.checkpoint_pub())?;

    let cfg = StationConfig::new(station_id.to_string());
    crate::fsx::write_new_synced(&home.station_toml(), cfg.to_toml().as_bytes(), 0o644)
        .map_err(|e| HomeError::io(&home.station_toml(), e))?;
    crate::fsx::write_new_synced(
        &home.policy_toml(),
        crate::engine::policy::DEFAULT_POLICY_TOML.as_bytes(),
        0o644,
    )
    .map_err(|e| HomeError::io(&home.policy_toml(), e))?;
    crate::fsx::write_new_synced(&home.trust_json(), &TrustStore::empty().to_bytes(), 0o644)
        .map_err(|e| HomeError::io(&home.trust_json(), e))?;
    // The ledger finds keys/checkpoint.key beside it and signs its checkpoints with it.
    drop(Ledger::create(&home.ledger())?);
    crate::fsx::fsync_dir(&home.keys_dir()).map_err(|e| HomeError::io(&home.keys_dir(), e))?;
    crate::fsx::fsync_dir(&home.policy_dir()).map_err(|e| HomeError::io(&home.policy_dir(), e))?;
    crate::fsx::fsync_dir(home.root()).map_err(|e| HomeError::io(home.root(), e))?;
    Ok(Created {
        station_id: station_id.to_string(),
        age_recipient: recipient,
        verdict_pub: verdict.public().to_pub_file(),
        verdict_key_id: verdict.key_id().to_string(),
        checkpoint_verifier: checkpoint.verifier().to_string(),
    })
}
