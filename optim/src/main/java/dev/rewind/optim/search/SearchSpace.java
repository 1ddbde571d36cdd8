package dev.rewind.optim.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Named hyperparameters and their spaces, in insertion order (immutable):
 * {@code SearchSpace.of("lr", Spaces.logUniform(1e-4, 1e-1)).and("hidden", Spaces.choice(32, 64))}.
 */
public final class SearchSpace {
  private final Map<String, Space> spaces;

  private SearchSpace(Map<String, Space> spaces) {
    this.spaces = Collections.unmodifiableMap(spaces);
  }

  /** A search space with one hyperparameter. */
  public static SearchSpace of(String name, Space space) {
    return new SearchSpace(new LinkedHashMap<>()).and(name, space);
  }

  /** This space with one more hyperparameter. */
  public SearchSpace and(String name, Space space) {
    java.util.Objects.requireNonNull(name, "SearchSpace.and: name is null");
    java.util.Objects.requireNonNull(space, () -> "SearchSpace.and: the space of '" + name + "' is null");
    if (spaces.containsKey(name)) {
      throw new IllegalArgumentException("SearchSpace.and: '" + name + "' is already defined as "
          + spaces.get(name));
    }
    Map<String, Space> m = new LinkedHashMap<>(spaces);
    m.put(name, space);
    return new SearchSpace(m);
  }

  /** The hyperparameters and their spaces, in order. */
  public Map<String, Space> spaces() {
    return spaces;
  }

  /** A configuration drawn from every space in order. */
  public Config sample(Random random) {
    Map<String, Object> c = new LinkedHashMap<>();
    spaces.forEach((k, s) -> c.put(k, s.sample(random)));
    return new Config(c);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SearchSpace");
    String sep = ".of(";
    for (Map.Entry<String, Space> e : spaces.entrySet()) {
      sb.append(sep).append('"').append(e.getKey()).append("\", ").append(e.getValue()).append(')');
      sep = ".and(";
    }
    return sb.toString();
  }
}
