/*!
airgap-audit: an independent, air-gapped auditor for AI-proposed Terraform plans.

Module map (one module per pipeline stage, DESIGN.md "Pipeline"):
- [`engine`]: plan normalization, policies, intent analysis, decision. No files, no keys.
- [`llm`]: the local GGUF model as an [`engine::advisor::IntentAdvisor`] (feature `llm`).
- [`cli`]: the thin command-line layer.
*/
pub mod cli;
pub mod engine;
pub mod ledger;
pub mod llm;
pub mod inbox;
pub mod outbox;
pub mod station;
pub mod canonical;
pub mod minisig;
pub mod approval;
pub mod verdict;
pub mod receipt;
pub mod scenario;
pub mod home;
pub mod keys;
pub mod trust;
pub mod request;
pub mod bundle;
