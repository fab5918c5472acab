/*!
The USB stick the operator carries: its folder opened once, so a swapped stick gets nothing
([`mount`]); the bundles listed and read from `MOUNT/inbox` with size caps and no symlinks
([`inbox`]); and crash-safe, synced writes back to `MOUNT/outbox` ([`outbox`]).
*/
pub mod inbox;
pub mod mount;
pub mod outbox;
