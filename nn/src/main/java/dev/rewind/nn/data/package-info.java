/**
 * Data preparation: {@link dev.rewind.nn.data.Dataset}s, seeded mini-{@link dev.rewind.nn.data.Batches},
 * IDX/CSV readers, preprocessing fitted on training data only, and seeded 28×28 augmentation.
 */
package dev.rewind.nn.data;
