/**
 * Penalties on parameters ({@link dev.rewind.nn.regularizers.Regularizer}, made by
 * {@link dev.rewind.nn.regularizers.Regularizers}): L1 and L2 as differentiable terms to add to a loss.
 */
package dev.rewind.nn.regularizers;
