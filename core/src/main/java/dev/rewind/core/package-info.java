/**
 * Tensors, the dynamic tape and the reverse-mode engine: {@link dev.rewind.core.Tensor} values,
 * {@link dev.rewind.core.Tape} recording, {@link dev.rewind.core.Primitive} ops and their VJPs.
 */
package dev.rewind.core;
