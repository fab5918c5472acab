/*!
airgap-audit: an independent, air-gapped auditor for AI-proposed Terraform plans.

Module map, in pipeline order (`docs/ARCHITECTURE.md` "Module map"; one module per stage, each
using only the stages before it and the shared leaves):
- [`stick`]: the USB stick: its folder opened once ([`stick::mount`]), the inbox listing and
  capped reads ([`stick::inbox`]), crash-safe writes to the outbox ([`stick::outbox`]).
- [`envelope`]: what arrives in a bundle: age decrypt, exact tar members, minisign verify, capped
  zstd ([`envelope::bundle`]), and the signed documents inside, parsed strictly: the request, the
  approvals, the execution report.
- [`engine`]: plan normalization, policies, Rego, intent, injection, decision. No files, no keys.
- [`llm`]: the local GGUF model as an advisory [`engine::advisor::IntentAdvisor`] (feature `llm`).
- [`verdict`]: what the station signs and the cloud checks: the verdict, the rejection receipt,
  the execution check, and the two-person override document with its judgement.
- [`report`]: the verdict as people read it (`report::text`, one wording for `check` and
  `.verdict.txt`), and SARIF, JUnit and the versioned JSON documents commands print for programs.
- [`ledger`]: the append-only SQLite ledger, RFC 9162 Merkle tree, C2SP checkpoints.
- [`home`]: the station's directory and `station.toml`, key files, the trust store (pure) and its
  sync with the ledger, the policy set as files, countersigned settings, the plan store.
- [`station`]: the `process` pipeline tying the stages together.
- [`health`]: `status` and the Prometheus metrics written after each run.
- [`eval`]: the labelled-case format `eval` reads.
- [`cli`]: the thin command-line layer.

Shared leaves: [`sig`] (the one minisign stack, key formats, the sign/verify step of signed
documents), [`canonical`] (canonical JSON, UTC times), [`fsx`] (capped no-follow reads, atomic
writes, folder fsync, file SHA-256), [`display`] (the one sanitiser for outside text shown to a
person), [`bounds`] (the documented range of every numeric setting), [`fault`] (test-only crash
points, `AIRGAP_AUDIT_FAULT`).
*/
pub mod bounds;
pub mod canonical;
pub mod cli;
pub mod display;
pub mod engine;
pub mod envelope;
pub mod eval;
pub mod fault;
pub mod fsx;
pub mod health;
pub mod home;
pub mod ledger;
pub mod llm;
pub mod report;
pub mod sig;
pub mod station;
pub mod stick;
pub mod verdict;
