package dev.rewind.optim.search;

import java.util.function.Consumer;

/** A hyperparameter search strategy; built by {@link Searches}. */
public interface Search {

  /**
   * Runs the search, calling {@code listener} with each trial as soon as it finishes.
   *
   * @param goal whether higher or lower scores are better
   */
  SearchResult run(Objective objective, Goal goal, Consumer<Trial> listener);

  /** Runs the search maximizing the score, without a listener. */
  default SearchResult run(Objective objective) {
    return run(objective, Goal.MAXIMIZE, t -> {});
  }
}
