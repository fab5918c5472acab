//! The local model stage. OWNER: llm helper.
