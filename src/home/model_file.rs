/*!
The station's model as a file: a GGUF file copied into `HOME/models/` under a name that carries
its SHA-256, the `model_change` ledger entry that records that hash (the commit point), and
`station.toml` pointed at it afterwards. The caller holds the station lock.

Entry body (`kind = model_change`, `subject` = the model's SHA-256): `{"action": "install",
"model_sha256", "bytes", "path" (relative to the home), "source_file_name", "previous_path",
"previous_sha256" (null when none or unreadable), "prompt_version", "grammar_version",
"concern_threshold"}`.
*/
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};

use super::{StationConfig, StationHome};
use crate::ledger::{EntryKind, Filter, Ledger, LedgerError, NewEntry};
use crate::llm;

/// What an install did, for the operator's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Installed {
    /// Where the model now is, relative to the home (`models/<stem>-<sha256 prefix>.gguf`).
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: u64,
    pub prompt_version: String,
    pub grammar_version: String,
    /// The `model_change` entry's ledger index.
    pub ledger_index: u64,
}

/// Installs `file` as the station's model: copies it into `HOME/models/` (or finds the identical
/// copy already there), checks llama.cpp loads it and decodes the prompt prefix, appends the
/// `model_change` entry, then writes `station.toml` (into `config` too) to use it. The caller
/// holds the station lock and has checked that this build has the `llm` feature.
pub fn install(
    home: &StationHome,
    ledger: &mut Ledger,
    config: &mut StationConfig,
    file: &Path,
) -> anyhow::Result<Installed> {
    let sha256 = llm::hash_model_file(file)?;
    let size = fs::symlink_metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    let original = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model.gguf".to_string());
    let rel = installed_path(&original, &sha256);
    let models_dir = home.root().join("models");
    fs::create_dir_all(&models_dir)
        .with_context(|| format!("cannot create {}", models_dir.display()))?;
    let dest = home.root().join(&rel);

    let copied = if fs::symlink_metadata(&dest).is_ok() {
        let have = llm::hash_model_file(&dest)?;
        if have != sha256 {
            bail!(
                "{} exists with SHA-256 {have}, not {sha256}; move it away and install again",
                dest.display()
            );
        }
        false
    } else {
        copy_verified(file, &dest, &sha256)?;
        true
    };

    // Check it really loads and runs before the station depends on it.
    let advisor = llm::load_advisor(&dest)
        .map_err(|e| {
            if copied {
                let _ = fs::remove_file(&dest);
            }
            anyhow!("{e}")
        })?
        .ok_or_else(|| {
            anyhow!("this build has no `llm` feature; install with a default-features build")
        })?;
    let info = advisor.info();
    drop(advisor);

    let previous = config.model.path.clone();
    let previous_sha = previous
        .as_ref()
        .map(|p| home.root().join(p))
        .and_then(|p| llm::hash_model_file(&p).ok());
    let now = crate::canonical::format_utc(time::OffsetDateTime::now_utc());
    let body = serde_json::json!({
        "action": "install",
        "model_sha256": sha256,
        "bytes": size,
        "path": rel.display().to_string(),
        "source_file_name": original,
        "previous_path": previous.as_ref().map(|p| p.display().to_string()),
        "previous_sha256": previous_sha,
        "prompt_version": info.prompt_version,
        "grammar_version": info.grammar_version,
        "concern_threshold": info.concern_threshold,
    });
    let appended = ledger.append_batch(vec![NewEntry {
        kind: EntryKind::ModelChange,
        subject: sha256.clone(),
        bundle_sha256: None,
        orchestrator_key: None,
        sequence: None,
        decision: None,
        created_at: now,
        body,
    }])?;
    let index = appended.first().map(|a| a.index).unwrap_or_default();

    config.model.path = Some(rel.clone());
    crate::fsx::write_atomic(&home.station_toml(), config.to_toml().as_bytes(), 0o644)?;

    Ok(Installed {
        path: rel,
        sha256,
        bytes: size,
        prompt_version: info.prompt_version,
        grammar_version: info.grammar_version,
        ledger_index: index,
    })
}

/// Where a model file named `original` with this SHA-256 is kept, relative to the home: its name
/// made safe (ASCII letters, digits, `.`, `_`, `-`; at most 100 characters) without `.gguf`,
/// then the hash's first 12 digits.
fn installed_path(original: &str, sha256: &str) -> PathBuf {
    let safe: String = original
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let stem = safe.strip_suffix(".gguf").unwrap_or(&safe);
    let short = sha256.get(..12).unwrap_or(sha256);
    PathBuf::from("models").join(format!("{stem}-{short}.gguf"))
}

/// Copies `src` to `dest` through a temp file, hashing what was written; fsyncs and renames only
/// if the copy has the hash the source was checked for (the source could change meanwhile).
fn copy_verified(src: &Path, dest: &Path, sha256: &str) -> anyhow::Result<()> {
    use sha2::{Digest, Sha256};
    let dir = dest.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".model-install-{}.tmp", rand::random::<u64>()));
    let result = (|| -> anyhow::Result<()> {
        let mut input = crate::fsx::open_nofollow(src)
            .with_context(|| format!("cannot open {}", src.display()))?;
        let mut out = crate::fsx::create_new(&tmp, 0o644)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut total: u64 = 0;
        loop {
            let n = input.read(&mut buf)?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > llm::MAX_MODEL_BYTES {
                bail!(
                    "{} grew past the model size cap while copying",
                    src.display()
                );
            }
            let chunk = buf.get(..n).unwrap_or_default();
            hasher.update(chunk);
            out.write_all(chunk)?;
        }
        out.sync_all()?;
        let got = hex::encode(hasher.finalize());
        if got != sha256 {
            bail!(
                "{} changed while it was copied (sha256 {got}, expected {sha256}); copy it again",
                src.display()
            );
        }
        fs::rename(&tmp, dest)?;
        crate::fsx::fsync_dir(dir).map_err(|e| super::HomeError::io(dir, e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The model a command uses: `explicit` (`--model`), else the station's configured model (when
/// `home` names an existing station), else the default model in that home's `models/`, else the
/// default model under `models/` in the working directory, then in this build's source tree.
pub fn resolve(home: Option<&Path>, explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Ok(h) = StationHome::resolve_existing(home) {
        let cfg = h.load_config()?;
        if let Some(p) = cfg.model.path {
            return Ok(h.root().join(p));
        }
        if let Some(name) = Path::new(llm::DEFAULT_MODEL_RELATIVE_PATH).file_name() {
            let in_home = h.root().join("models").join(name);
            if in_home.is_file() {
                return Ok(in_home);
            }
        }
    }
    let candidates = [
        PathBuf::from(llm::DEFAULT_MODEL_RELATIVE_PATH),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(llm::DEFAULT_MODEL_RELATIVE_PATH),
    ];
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        anyhow!(
            "no model found at {}; run scripts/fetch-model.sh or pass --model PATH",
            llm::DEFAULT_MODEL_RELATIVE_PATH
        )
    })
}

/// The latest `model_change` entry that records `sha256`: its ledger index and time.
pub fn recorded_install(
    ledger: &Ledger,
    sha256: &str,
) -> Result<Option<(u64, String)>, LedgerError> {
    let entries = ledger.list(&Filter {
        kind: Some(EntryKind::ModelChange),
        ..Filter::default()
    })?;
    Ok(entries
        .iter()
        .rev()
        .find(|e| e.recorded.subject == sha256)
        .map(|e| (e.index, e.recorded.created_at.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_name_cannot_carry_a_path_or_odd_characters_and_names_the_hash() {
        let sha = "0123456789abcdef".repeat(4);
        assert_eq!(
            installed_path("gemma-3-270m-q4_k_m.gguf", &sha),
            PathBuf::from("models/gemma-3-270m-q4_k_m-0123456789ab.gguf")
        );
        assert_eq!(
            installed_path("../../etc/passwd x\u{202e}.gguf", &sha),
            PathBuf::from("models/.._.._etc_passwd_x_-0123456789ab.gguf")
        );
        let long = installed_path(&"a".repeat(300), &sha);
        assert_eq!(
            long.file_name().unwrap().len(),
            100 + "-0123456789ab.gguf".len()
        );
    }

    /// `--model` wins over everything; a station's configured model is resolved inside its home
    /// (never against the working directory).
    #[test]
    fn explicit_model_wins_and_a_configured_one_is_found_under_the_home() {
        let tmp = tempfile::tempdir().unwrap();
        let home = StationHome::at(&tmp.path().join("home"));
        crate::home::setup::create(&home, Some("st-model".to_string())).unwrap();
        let explicit = Path::new("/somewhere/else.gguf");
        assert_eq!(
            resolve(Some(home.root()), Some(explicit)).unwrap(),
            explicit
        );
        let mut config = home.load_config().unwrap();
        config.model.path = Some(PathBuf::from("models/judge.gguf"));
        fs::write(home.station_toml(), config.to_toml()).unwrap();
        assert_eq!(
            resolve(Some(home.root()), None).unwrap(),
            home.root().join("models/judge.gguf")
        );
    }
}
