/**
 * Losses ({@link dev.rewind.nn.losses.Loss}, made by {@link dev.rewind.nn.losses.Losses}) with
 * mean, sum or no reduction, computed stably from logits.
 */
package dev.rewind.nn.losses;
