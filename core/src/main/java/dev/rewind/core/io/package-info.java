/**
 * Saving and loading arrays in NumPy's formats ({@code .npy}, {@code .npz}) with atomic writes,
 * so that checkpoints can be read from Python and a crash never leaves a half-written file.
 */
package dev.rewind.core.io;
