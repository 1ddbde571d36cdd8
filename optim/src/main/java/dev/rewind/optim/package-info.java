/**
 * Optimizers as chains of small update transforms with explicit per-parameter state
 * ({@link dev.rewind.optim.Optimizers}, {@link dev.rewind.optim.Transforms}) and gradient clipping.
 */
package dev.rewind.optim;
