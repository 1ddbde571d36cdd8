package dev.rewind.optim.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One hyperparameter configuration: names to values, in the search space's order. */
public final class Config {
  private final Map<String, Object> values;

  public Config(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of {@code name}; throws naming the known names when absent. */
  public Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("Config: no hyperparameter '" + name + "' (have "
          + values.keySet() + ")");
    }
    return v;
  }

  /** A numeric value as a double. */
  public double getDouble(String name) {
    return number(name).doubleValue();
  }

  /**
   * A numeric value as an int; throws, naming the key and value, when it is not a whole number in
   * the int range (63.9 is not truncated to 63).
   */
  public int getInt(String name) {
    Number n = number(name);
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.intValue();
    }
    double d = n.doubleValue();
    boolean whole = n instanceof Long l ? l.longValue() == l.intValue()
        : d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
    if (!whole) {
      throw new IllegalArgumentException("Config: '" + name + "' is " + n + ", not an int;"
          + " give a whole number in the int range, or read it with getDouble");
    }
    return n instanceof Long ? n.intValue() : (int) d;
  }

  private Number number(String name) {
    Object v = get(name);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("Config: '" + name + "' is " + v + ", not a number");
    }
    return n;
  }

  /** The values, in order (unmodifiable). */
  public Map<String, Object> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Config c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
