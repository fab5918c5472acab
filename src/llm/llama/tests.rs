//! Tests of the runner's arithmetic that need no model: batch sizing and the softmax.

use super::{batch_tokens_for, softmax};

#[test]
fn the_batch_is_sized_from_the_model_so_a_step_takes_about_as_long_on_a_larger_one() {
    // The embedded default (about 270M parameters) keeps the full batch.
    assert_eq!(batch_tokens_for(268_000_000, 4096), 512);
    // An unknown size keeps it too.
    assert_eq!(batch_tokens_for(0, 4096), 512);
    // 3B and 8B models get fewer tokens per step, never below the floor.
    assert_eq!(batch_tokens_for(3_000_000_000, 8192), 128);
    assert_eq!(batch_tokens_for(8_000_000_000, 8192), 128);
    // In between, a multiple of 32.
    let mid = batch_tokens_for(600_000_000, 8192);
    assert!(mid < 512 && mid > 128 && mid % 32 == 0, "{mid}");
    // Never more than half the context.
    assert_eq!(batch_tokens_for(100_000_000, 512), 256);
}

#[test]
fn softmax_is_a_distribution() {
    let p = softmax(&[1.0, 2.0, 3.0, f64::NEG_INFINITY]);
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(p[2] > p[1] && p[1] > p[0] && p[3] == 0.0);
    assert_eq!(softmax(&[f64::NEG_INFINITY; 2]), vec![0.0, 0.0]);
    let big = softmax(&[1000.0, 0.0]);
    assert!(big[0] > 0.999 && big[0].is_finite());
}
