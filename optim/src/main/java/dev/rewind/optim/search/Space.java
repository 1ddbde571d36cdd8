package dev.rewind.optim.search;

import java.util.List;
import java.util.Random;

/** The values one hyperparameter may take; built by {@link Spaces}. */
public interface Space {

  /** A value drawn from this space. */
  Object sample(Random random);

  /**
   * The values a grid search tries: every value of a finite space, or {@code points} evenly
   * spaced values (on a log scale for a log-uniform space, ends included).
   */
  List<Object> grid(int points);

  /** Whether {@code value} belongs to this space. */
  boolean contains(Object value);
}
