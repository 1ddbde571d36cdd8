package dev.rewind.core.ops;

import dev.rewind.core.Primitive;

/**
 * A primitive whose name shows its parameters ({@code "mul_scalar(0.5)"}), formatted on first
 * use. These primitives are built for every op call (each {@code x.mul(c)} makes one), and
 * formatting the number there showed in W2's profile, while the name is only read to report.
 */
abstract class Parameterised implements Primitive {
  private String name;

  /** The name with its parameters, for example {@code "clip(0.0, 1.0)"}; called at most once. */
  protected abstract String formatName();

  @Override
  public final String name() {
    String n = name;
    if (n == null) {
      name = n = formatName();
    }
    return n;
  }
}
