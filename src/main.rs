//! The `airgap-audit` binary: everything lives in the library; this only runs it.
fn main() -> std::process::ExitCode {
    airgap_audit::cli::run()
}
