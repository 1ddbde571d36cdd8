/**
 * Hyperparameter search over {@code score = f(config, budget)}: spaces ({@link dev.rewind.optim.search.Spaces}),
 * grid and random search and successive halving / Hyperband ({@link dev.rewind.optim.search.Searches}).
 */
package dev.rewind.optim.search;
