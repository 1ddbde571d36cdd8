package dev.rewind.optim.search;

/**
 * What a search optimizes: train with {@code config} for {@code budget} units of resource
 * (epochs, steps, examples) and return a validation score.
 */
@FunctionalInterface
public interface Objective {
  double score(Config config, double budget);
}
