/**
 * Layers as {@link dev.rewind.nn.Module}s: Linear, activations, Dropout, BatchNorm, LayerNorm,
 * WeightNorm and LocalResponseNorm.
 */
package dev.rewind.nn.layers;
