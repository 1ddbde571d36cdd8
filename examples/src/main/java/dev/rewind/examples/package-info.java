/**
 * Runnable programs: the Fashion-MNIST training job, the course's studies and the benchmark, as
 * subcommands of one jar ({@link dev.rewind.examples.Main}).
 */
package dev.rewind.examples;
