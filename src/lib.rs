/*!
airgap-audit: an independent, air-gapped auditor for AI-proposed Terraform plans.

Module map, in pipeline order (`docs/ARCHITECTURE.md` "Module map"; one module per stage):
- [`mount`]: the stick's folder, opened once; the inbox and outbox work through that handle.
- [`inbox`]: list and read `MOUNT/inbox` bundles (size caps, no symlinks).
- [`bundle`]: age decrypt, exact tar members, minisign verify, capped zstd → a request document.
- [`request`], [`approval`]: the signed documents inside a bundle, parsed strictly.
- [`override_doc`]: the two-person override document and bundle, and whether an override holds.
- [`execution_report`]: the post-apply state the orchestrator sends in a bundle, parsed strictly.
- [`engine`]: plan normalization, policies, Rego, intent, injection, decision. No files, no keys.
- [`llm`]: the local GGUF model as an advisory [`engine::advisor::IntentAdvisor`] (feature `llm`).
- [`verdict`], [`receipt`]: what the station signs ([`canonical`] JSON, signed with [`sig`]).
- [`sig`]: the one minisign stack: signing, verifying, key files, key ids, the size limit.
- [`execution_check`]: the signed MATCH/DEVIATION answer to an execution report.
- [`plan_store`]: the plans the station judged, content-addressed and compressed in its home.
- [`ledger`]: the append-only SQLite ledger, RFC 9162 Merkle tree, C2SP checkpoints.
- [`outbox`]: crash-safe writes back to the stick.
- [`station`]: the `process` pipeline tying the stages together.
- [`fault`]: test-only crash points (`AIRGAP_AUDIT_FAULT`) the station and the outbox stop at.
- [`home`], [`keys`], [`trust`]: the station's directory, age keys and key file writers, trust store.
- [`policy_file`]: the policy set as files and the `policy_change` ledger entry holding its text.
- [`countersign`]: settings weaker than the defaults need a manager's and a security signature.
- [`report`]: the verdict as people read it (`report::text`, one wording for `check` and
  `.verdict.txt`), and SARIF, JUnit and the versioned JSON documents commands print for programs.
- [`health`]: `status` and the Prometheus metrics written after each run.
- [`bounds`]: the documented range of every numeric setting of `station.toml` and the policy.
- [`scenario`]: the labelled-case format `eval` reads.
- [`display`]: the one sanitiser for outside text shown to a person.
- [`fsx`]: capped no-follow reads, atomic writes, folder fsync, file SHA-256: the one copy.
- [`cli`]: the thin command-line layer.
*/
pub mod approval;
pub mod bounds;
pub mod bundle;
pub mod canonical;
pub mod cli;
pub mod countersign;
pub mod display;
pub mod engine;
pub mod execution_check;
pub mod execution_report;
pub mod fault;
pub mod fsx;
pub mod health;
pub mod home;
pub mod inbox;
pub mod keys;
pub mod ledger;
pub mod llm;
pub mod mount;
pub mod outbox;
pub mod override_doc;
pub mod plan_store;
pub mod policy_file;
pub mod receipt;
pub mod report;
pub mod request;
pub mod scenario;
pub mod sig;
pub mod station;
pub mod trust;
pub mod trust_sync;
pub mod verdict;
