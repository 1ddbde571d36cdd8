package dev.rewind.core;

/**
 * A primitive with no VJP on purpose (comparisons, argmax, one-hot, random masks). Its output is
 * a constant: asking for a gradient through it fails with a message naming the op.
 */
public interface NonDifferentiable extends Primitive {
  @Override
  default boolean differentiable() {
    return false;
  }

  @Override
  default Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    throw new UnsupportedOperationException(name() + " is not differentiable: its output is a constant");
  }
}
