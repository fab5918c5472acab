//! TODO: owned by a helper; see src/engine/mod.rs for the stage order.
