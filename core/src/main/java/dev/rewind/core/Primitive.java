package dev.rewind.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable operation: its forward computation on raw arrays and its vector-Jacobian
 * product written with {@link Tensor} ops, side by side.
 *
 * <p>For an op {@code y = f(x_1, ..., x_n)} and a cotangent {@code g} shaped like {@code y}, the
 * VJP returns {@code g·∂y/∂x_i} for each input, shaped like {@code x_i}. Because the VJP is written
 * with Tensor ops on the <em>recorded</em> input and output tensors (never raw arrays kept on the
 * side), an outer tape records the backward pass and higher derivatives come for free.
 *
 * <p>Parameters of an op (an axis, a slope) are fields of the primitive instance; everything the
 * VJP needs beyond them is recomputed from {@code x} and {@code y}.
 *
 * <pre>{@code
 * final class Swish implements Primitive {                 // y = x·σ(x)
 *   public String name() { return "swish"; }
 *   public INDArray forward(Executor ex, INDArray... x) {  // ND4J calls through ex
 *     INDArray s = ex.unary(x[0], 0, (a, z, c) -> new Sigmoid(a, z));
 *     return ex.elementwise("multiply", x[0], s, s);      // s ← x·s in place
 *   }
 *   public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
 *     Tensor s = x[0].sigmoid();                           // y' = σ + y(1 − σ)
 *     return new Tensor[] {g.mul(s.add(y.mul(s.neg().add(1))))};
 *   }
 * }
 * Tensor y = x.apply(new Swish());
 * }</pre>
 */
public interface Primitive {

  /** The op's name as it appears in error messages, the primitive table and audits. */
  String name();

  /**
   * Computes the output from raw input values. Runs its ND4J calls through {@code ex}: step replay
   * then reuses their arrays and op contexts, and nothing is left to the garbage collector (a
   * direct {@code INDArray} call is correct but allocates every step). Must not modify its inputs. Throws {@link IllegalArgumentException} naming the op and the shapes when
   * the inputs do not fit.
   */
  INDArray forward(Executor ex, INDArray... inputs);

  /**
   * The vector-Jacobian product: one gradient per input, of that input's shape and type, computed
   * with Tensor ops from {@code g}, {@code y} and {@code x} (never from a tensor of an earlier
   * step or tape).
   *
   * <p>{@code null} means "no gradient needed", not "zero": it is allowed only for an input that
   * does not {@link Tensor#requiresGrad() require a gradient}, for an input declared by
   * {@link #indexOrMaskInput}, and for an integer input. Where the gradient of an input that
   * requires one is zero, return zeros ({@code Tensor.zerosLike(x[i])}). The engine checks the
   * count, shapes and types of what is returned, and refuses a {@code null} for an input that
   * needs a gradient, naming the op: never a silently zero or silently cast gradient.
   *
   * @param g the cotangent of the output, shaped like {@code y}
   * @param y the recorded output
   * @param x the recorded inputs
   */
  Tensor[] vjp(Tensor g, Tensor y, Tensor... x);

  /**
   * Whether input {@code i} is an index or mask input, whose element type may differ from the
   * others' (the 0/1 mask of {@code where}, any type). Every other input must have one and the
   * same type: {@link Tensor#call} refuses a mix, naming the op and both types, because ND4J
   * would cast silently (an INT result for {@code int + float}) or fail natively.
   */
  default boolean indexOrMaskInput(int i) {
    return false;
  }

  /** Whether {@link #vjp} exists; non-differentiable ops produce constants. */
  default boolean differentiable() {
    return true;
  }

  /** A primitive from two lambdas, for quick custom ops. */
  static Primitive of(String name, Forward forward, Vjp vjp) {
    return new LambdaPrimitive(name, forward, vjp);
  }

  /** The forward half of a lambda primitive. */
  @FunctionalInterface
  interface Forward {
    INDArray apply(Executor ex, INDArray... x);
  }

  /** The VJP half of a lambda primitive. */
  @FunctionalInterface
  interface Vjp {
    Tensor[] apply(Tensor g, Tensor y, Tensor... x);
  }
}
