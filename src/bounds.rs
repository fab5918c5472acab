/*!
The documented bounds of every numeric setting in `station.toml` and the policy file: the one table
OPERATIONS.md ("Settings and their bounds") and the comments `init` writes are taken from.

A value outside its bounds is refused when the file is loaded, with one line naming the key, the
value and the range, so a typo or a hand edit cannot quietly make every verdict expire at birth
(`verdict_ttl_secs = 0`), valid for centuries, accept requests dated months ahead, or take
finance out of the loop with a huge cost threshold.

Owns only the numbers and the check. Pure: values in, an error phrase out; the loaders
([`crate::home::StationConfig::parse`], `policy_file::load`) add the file name. It imports
nothing that reads files or settings (`home` checks its own settings against these bounds), so
any module may use it.
*/

/// The inclusive range of one numeric setting, with what it means (shown in the error).
#[derive(Debug, Clone, Copy)]
pub struct Bound<T> {
    /// The key as written in the file, with its table (`limits.max_bundle_bytes`).
    pub key: &'static str,
    pub min: T,
    pub max: T,
    /// What the value means, with its unit.
    pub meaning: &'static str,
}

impl<T: PartialOrd + Copy + std::fmt::Display> Bound<T> {
    /// `Ok` inside `min..=max`, else one phrase naming key, value and range.
    pub fn check(&self, value: T) -> Result<(), String> {
        // `!(a <= b)` rather than `a > b`: a NaN is outside every range.
        #[allow(clippy::neg_cmp_op_on_partial_ord)]
        if !(self.min <= value && value <= self.max) {
            return Err(format!(
                "{} = {value} is out of range {}..={} ({})",
                self.key, self.min, self.max, self.meaning
            ));
        }
        Ok(())
    }
}

const MIB: u64 = 1024 * 1024;
const DAY: u64 = 86_400;

/// `station.toml` `clock_skew_secs` (default 300).
pub const CLOCK_SKEW_SECS: Bound<u64> = Bound {
    key: "clock_skew_secs",
    min: 0,
    max: 3_600,
    meaning: "seconds a request or approval may be dated ahead of the station clock",
};
/// `station.toml` `verdict_ttl_secs` (default 86400).
pub const VERDICT_TTL_SECS: Bound<u64> = Bound {
    key: "verdict_ttl_secs",
    min: 60,
    max: 30 * DAY,
    meaning: "seconds an issued verdict stays valid",
};
/// `station.toml` `[limits] max_bundle_bytes` (default 32 MiB).
pub const MAX_BUNDLE_BYTES: Bound<u64> = Bound {
    key: "limits.max_bundle_bytes",
    min: 1024,
    max: 1024 * MIB,
    meaning: "largest .aab file read from the inbox, in bytes",
};
/// `station.toml` `[limits] max_compressed_bytes` (default 32 MiB).
pub const MAX_COMPRESSED_BYTES: Bound<u64> = Bound {
    key: "limits.max_compressed_bytes",
    min: 1024,
    max: 1024 * MIB,
    meaning: "largest request.json.zst member, in bytes",
};
/// `station.toml` `[limits] max_request_bytes` (default 64 MiB).
pub const MAX_REQUEST_BYTES: Bound<u64> = Bound {
    key: "limits.max_request_bytes",
    min: 1024,
    max: 1024 * MIB,
    meaning: "largest decompressed request document, in bytes",
};
/// `station.toml` `[limits] max_signature_bytes` (default 4096).
pub const MAX_SIGNATURE_BYTES: Bound<u64> = Bound {
    key: "limits.max_signature_bytes",
    min: 512,
    max: crate::sig::MAX_SIGNATURE_BYTES as u64,
    meaning: "largest request.json.zst.minisig member, in bytes",
};

/// Most approvals one request may carry: a request with more is refused when parsed
/// (`approvals` field), and [`crate::envelope::approval::check_all`] ignores any beyond it as `too_many`.
/// Not a setting: each approval costs a signature check, and a change needs a handful.
pub const MAX_APPROVALS: usize = 32;

/// Most bytes of opened bundles (decompressed documents and the plans or states decoded from
/// them) the station's scan pass keeps for judging, so each bundle is opened once. Beyond it a
/// bundle keeps only its digest and order, and is opened again when judged. Not a setting: it
/// bounds memory, and a stick of ordinary plans stays far below it.
pub const MAX_KEPT_OPENED_BYTES: u64 = 256 * 1024 * 1024;

/// `station.toml` `[override] required_roles`: how many signers an override needs at least
/// (default 2: a manager and a security officer). One signer would not be two people.
pub const OVERRIDE_REQUIRED_ROLES: Bound<u64> = Bound {
    key: "override.required_roles",
    min: 2,
    max: 6,
    meaning: "number of roles, each filled by a different person, an override needs",
};
/// `station.toml` `[override] cost_roles` (default 1: finance).
pub const OVERRIDE_COST_ROLES: Bound<u64> = Bound {
    key: "override.cost_roles",
    min: 0,
    max: 3,
    meaning: "number of roles added when an override overrules a cost finding",
};
/// `station.toml` `[override] not_overridable` (default: none beyond the built-in ones).
pub const OVERRIDE_NOT_OVERRIDABLE: Bound<u64> = Bound {
    key: "override.not_overridable",
    min: 0,
    max: 64,
    meaning: "number of finding ids added to those no override can overrule",
};

/// Policy file `[cost] threshold` (its default is in `policy/default.toml`).
pub const COST_THRESHOLD: Bound<f64> = Bound {
    key: "cost.threshold",
    min: 0.0,
    max: 1_000_000.0,
    meaning: "monthly cost increase above which finance must approve, in the estimate's currency",
};
/// Policy file `[plan] max_bytes` (its default is in `policy/default.toml`).
pub const PLAN_MAX_BYTES: Bound<u64> = Bound {
    key: "plan.max_bytes",
    min: 1024,
    max: 1024 * MIB,
    meaning: "largest plan accepted, in bytes",
};
/// Policy file `[plan] max_depth` (its default is in `policy/default.toml`).
pub const PLAN_MAX_DEPTH: Bound<u64> = Bound {
    key: "plan.max_depth",
    min: 8,
    max: 1024,
    meaning: "deepest JSON nesting accepted in a plan",
};

/// Checks every numeric setting of a parsed policy file.
pub fn check_policy(p: &crate::engine::policy::PolicyConfig) -> Result<(), String> {
    COST_THRESHOLD.check(p.cost.threshold)?;
    PLAN_MAX_BYTES.check(p.plan.max_bytes)?;
    PLAN_MAX_DEPTH.check(p.plan.max_depth as u64)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_inside_their_bounds_and_the_ends_are_inclusive() {
        check_policy(&crate::engine::policy::PolicyConfig::default()).unwrap();
        assert!(VERDICT_TTL_SECS.check(60).is_ok());
        assert!(VERDICT_TTL_SECS.check(30 * DAY).is_ok());
        assert_eq!(
            VERDICT_TTL_SECS.check(0).unwrap_err(),
            "verdict_ttl_secs = 0 is out of range 60..=2592000 (seconds an issued verdict stays valid)"
        );
        assert!(COST_THRESHOLD.check(f64::NAN).is_err());
    }
}
