/**
 * The primitive ops, one class each with its forward pass and its VJP side by side. The table of
 * all of them is {@link dev.rewind.core.ops.Primitives}.
 */
package dev.rewind.core.ops;
