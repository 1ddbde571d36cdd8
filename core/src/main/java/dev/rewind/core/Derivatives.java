package dev.rewind.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-derivative helpers built on reverse-mode VJPs, for small inputs (tests, analysis,
 * teaching): Jacobians, Hessians and Hessian-vector products.
 *
 * <p>Each helper evaluates {@code f} on a fresh variable holding a copy of {@code x}, so the
 * caller's tensor is neither marked nor modified. Results are constants that the caller owns
 * (they outlive every tape the helper opened).
 *
 * <pre>{@code
 * Tensor j = Derivatives.jacobian(x -> a.matmul(x), x);     // = a
 * Tensor h = Derivatives.hessian(x -> x.square().sum(), x);  // = 2·I
 * }</pre>
 */
public final class Derivatives {
  private Derivatives() {}

  /**
   * The Jacobian {@code J[i..., j...] = ∂f(x)[i...] / ∂x[j...]}, of shape
   * {@code f(x).shape ++ x.shape}. Row {@code i} (flattened) is the VJP {@code e_iᵀ·J} with the
   * unit cotangent {@code e_i}: one backward pass per output element, all on one persistent tape.
   */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
    Objects.requireNonNull(f, "f");
    INDArray x0 = floatCopy("jacobian", x);
    try (Tape tape = Tape.persistent()) {
      Tensor xv = Tensor.variable(x0);
      Tensor y = Objects.requireNonNull(f.apply(xv), "jacobian: f returned null");
      if (y.dtype() != x0.dataType()) {
        throw new IllegalArgumentException("jacobian: f maps " + x0.dataType() + " to " + y.dtype()
            + "; the Jacobian needs the output in the input's type");
      }
      long[] ys = y.shape();
      long m = y.length();
      long n = x0.length();
      // Raw arrays: not owned by the tape, so they survive its close.
      INDArray jac = Nd4j.zeros(x0.dataType(), m, n);
      // f ran on a variable under this tape: an output that requires no gradient does not depend
      // on x (the gradient of a linear function, for a Hessian), and its Jacobian is zero.
      for (long i = 0; i < m && y.requiresGrad(); i++) {
        INDArray e = Nd4j.zeros(y.dtype(), ys);
        e.putScalar(i, 1.0);
        Tensor row = tape.vjp(y, Tensor.of(e), xv)[0];
        // Not reshape('c', n): Java binds that to reshape(long...) with 'c' widened to 99.
        jac.getRow(i).assign(row.value().dup('c').reshape(new long[] {n}));
      }
      return Tensor.of(jac.reshape(concat(ys, x0.shape()))); // jac is c-ordered
    }
  }

  /**
   * The Hessian {@code H[i..., j...] = ∂²f / ∂x[i...] ∂x[j...]} of a scalar {@code f}, of shape
   * {@code x.shape ++ x.shape}: the Jacobian of the gradient, where an inner tape computes
   * {@code ∇f} while the Jacobian's tape records that backward pass.
   */
  public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
    Objects.requireNonNull(f, "f");
    return jacobian(z -> gradientOf("hessian", f, z), x);
  }

  /**
   * The Hessian-vector product {@code H·v = ∇ₓ⟨∇ₓf(x), v⟩} of a scalar {@code f}, shaped like
   * {@code x}, without forming {@code H}: an inner tape computes {@code ∇f}, an outer tape records
   * it and differentiates its inner product with the constant {@code v} (two backward passes).
   */
  public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    Objects.requireNonNull(f, "f");
    INDArray x0 = floatCopy("hvp", x);
    INDArray v0 = v.value();
    if (!Arrays.equals(v0.shape(), x0.shape()) || v0.dataType() != x0.dataType()) {
      throw new IllegalArgumentException("hvp: the vector is " + v0.dataType() + " " + Shapes.str(v0.shape())
          + " but x is " + x0.dataType() + " " + Shapes.str(x0.shape()) + "; they must match");
    }
    try (Tape outer = Tape.record()) {
      Tensor xv = Tensor.variable(x0);
      Tensor g = gradientOf("hvp", f, xv);
      Tensor s = g.mul(Tensor.of(v0)).sum();
      if (!s.requiresGrad()) {
        return Tensor.of(Nd4j.zeros(x0.dataType(), x0.shape())); // ∇f does not depend on x: H = 0
      }
      return Tensor.of(outer.gradient(s, xv)[0].value().dup('c'));
    }
  }

  /** {@code ∇f(z)} computed on an inner tape while any outer tape records the backward pass. */
  private static Tensor gradientOf(String what, Function<Tensor, Tensor> f, Tensor z) {
    try (Tape inner = Tape.record()) {
      Tensor y = Objects.requireNonNull(f.apply(z), () -> what + ": f returned null");
      if (y.length() != 1) {
        throw new IllegalArgumentException(what + ": f must return a scalar, got shape "
            + Shapes.str(y.shape()) + "; use jacobian() for vector-valued functions");
      }
      if (!y.requiresGrad()) {
        return Tensor.zerosLike(z); // f does not depend on z (a constant function): ∇f = 0
      }
      // Owned by the outermost tape (the caller's), so it outlives this inner one.
      return inner.gradient(y, z)[0];
    }
  }

  private static INDArray floatCopy(String what, Tensor x) {
    INDArray a = Objects.requireNonNull(x, "x").value();
    if (!a.dataType().isFPType()) {
      throw new IllegalArgumentException(what + ": x is " + a.dataType() + " of shape " + Shapes.str(a.shape())
          + "; derivatives need a floating-point input (convert it with castTo())");
    }
    return a.dup('c');
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
