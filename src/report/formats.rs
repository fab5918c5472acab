//! The `format` field of each JSON document a command prints for programs, one constant per
//! document. A document's schema is `docs/schemas/<name>.schema.json`, where `<name>` is the
//! middle part of the tag (`airgap-audit/<name>/v1`); a change that breaks readers gets a new
//! version. (`status` keeps its own tag beside its writer, [`crate::health::STATUS_FORMAT`], and
//! its schema in `outbox-spec/schemas`.)

/// `check --format json`.
pub const CHECK: &str = "airgap-audit/check/v1";
/// `eval --format json`.
pub const EVAL: &str = "airgap-audit/eval/v1";
/// `verify-verdict --format json`.
pub const VERIFY_VERDICT: &str = "airgap-audit/verify-verdict/v1";
/// `process --format json`.
pub const PROCESS: &str = "airgap-audit/process/v1";
/// `trust list --format json`.
pub const TRUST_LIST: &str = "airgap-audit/trust-list/v1";
/// `ledger list --format json`.
pub const LEDGER_LIST: &str = "airgap-audit/ledger-list/v1";
/// `ledger verify --format json`.
pub const LEDGER_VERIFY: &str = "airgap-audit/ledger-verify/v1";
/// `ledger checkpoints --format json`.
pub const LEDGER_CHECKPOINTS: &str = "airgap-audit/ledger-checkpoints/v1";

/// Every tag above, for the test that finds a schema for each.
pub const ALL: &[&str] = &[
    CHECK,
    EVAL,
    VERIFY_VERDICT,
    PROCESS,
    TRUST_LIST,
    LEDGER_LIST,
    LEDGER_VERIFY,
    LEDGER_CHECKPOINTS,
];
