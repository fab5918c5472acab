/*!
The envelope: what arrives on the stick, opened and checked before anything is judged. The
bundle itself ([`bundle`]: age decrypt, exact tar members, the orchestrator's signature, capped
zstd; `seal` for the cloud side) and the signed documents it carries, each parsed strictly: the
request ([`request`]), the approvals ([`approval`]) and the post-apply execution report
([`execution_report`]). Pure: bytes, keys and times in; the stick's inbox reads the files.
*/
pub mod approval;
pub mod bundle;
pub mod execution_report;
pub mod request;
