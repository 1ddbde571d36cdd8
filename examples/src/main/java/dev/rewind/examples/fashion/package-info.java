/**
 * The main training job: an MLP on Fashion-MNIST with a progress bar, curves, checkpoints each
 * epoch and exact resumption.
 */
package dev.rewind.examples.fashion;
