package dev.rewind.core;

/**
 * Releases the temporaries of code that runs without a tape (evaluation loops, preprocessing):
 * every tensor created while the scope is open, and not kept with {@link Tensor#keep()}, is
 * released when it closes.
 *
 * <pre>{@code
 * try (Scope s = Scope.open()) {
 *   double acc = accuracy(model.apply(x), labels);
 * }
 * }</pre>
 */
public final class Scope extends Arena {
  private Scope() {}

  /** Opens a scope on the calling thread. */
  public static Scope open() {
    return new Scope();
  }

  @Override
  String kind() {
    return "scope";
  }
}
