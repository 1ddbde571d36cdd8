/**
 * The course's studies as subcommands: the hand-derived two-layer network, vanishing gradients,
 * optimizers, schedules, a custom op and hyperparameter search. Each prints a table and writes a PNG.
 */
package dev.rewind.examples.studies;
