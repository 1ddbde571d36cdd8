package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NativeBuffers;
import dev.rewind.core.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;

/** Forward-pass patterns shared by the primitives. */
final class Raw {
  private Raw() {}

  /** An uninitialised output shaped and typed like {@code x}. */
  static INDArray like(Executor ex, INDArray x) {
    return ex.alloc(x.dataType(), x.shape());
  }

  /** Runs a legacy element-wise op built as {@code make(x, z)} into a fresh output. */
  static INDArray unary(Executor ex, INDArray x, java.util.function.BiFunction<INDArray, INDArray, Op> make) {
    return ex.unary(x, 0, make);
  }

  /**
   * Runs a legacy element-wise op with a numeric parameter {@code arg}, built as
   * {@code make(x, z, arg)}; {@code make} takes the parameter through {@code arg} and captures
   * nothing, so that a step replay reuses its op (see {@link Executor#unary(INDArray, double,
   * Executor.LegacyOp)}).
   */
  static INDArray unary(Executor ex, INDArray x, double arg, Executor.LegacyOp make) {
    return ex.unary(x, arg, make);
  }

  /**
   * An element-wise op with a constant operand: plain float32 and float64 arrays run the Java
   * loop {@code f} or {@code d}, which must be the one IEEE operation ND4J's scalar op performs in
   * that type (so the bits agree) without its native call and allocations; other arrays run the
   * legacy op built by {@code make(x, z, c)}, as {@link #unary(Executor, INDArray, double,
   * Executor.LegacyOp)}.
   */
  static INDArray scalar(Executor ex, INDArray x, double c, dev.rewind.core.JavaKernels.FloatUnary f,
      dev.rewind.core.JavaKernels.DoubleUnary d, Executor.LegacyOp make) {
    org.nd4j.linalg.api.buffer.DataType t = x.dataType();
    if (t == org.nd4j.linalg.api.buffer.DataType.FLOAT && dev.rewind.core.JavaKernels.applies(t, x)) {
      return dev.rewind.core.JavaKernels.map(x, like(ex, x), f);
    }
    if (t == org.nd4j.linalg.api.buffer.DataType.DOUBLE && dev.rewind.core.JavaKernels.applies(t, x)) {
      return dev.rewind.core.JavaKernels.map(x, like(ex, x), d);
    }
    return ex.unary(x, c, make);
  }

  /**
   * {@code f(x)} for float32, {@code d(x)} for float64, as Java loops ({@link
   * dev.rewind.core.JavaKernels}) into a new output, for a non-empty float32/float64 {@code x}. A
   * view is copied to a plain array first, and the copy freed at once rather than left to the
   * garbage collector.
   */
  static INDArray javaUnary(Executor ex, INDArray x, dev.rewind.core.JavaKernels.FloatUnary f,
      dev.rewind.core.JavaKernels.DoubleUnary d) {
    org.nd4j.linalg.api.buffer.DataType t = x.dataType();
    INDArray in = dev.rewind.core.JavaKernels.applies(t, x) ? x : ex.dup(x);
    INDArray z = like(ex, in);
    if (t == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
      dev.rewind.core.JavaKernels.map(in, z, f);
    } else {
      dev.rewind.core.JavaKernels.map(in, z, d);
    }
    if (in != x) {
      ex.free(in);
    }
    return z;
  }

  /**
   * {@code z = f(a, b)} for float32, {@code d(a, b)} for float64, over plain arrays {@code a} and
   * {@code b} of {@code z}'s shape; then frees {@code a} and {@code b} where they are copies made
   * for the loop (not the operands {@code origA} and {@code origB} themselves).
   */
  private static void javaBinary(Executor ex, INDArray a, INDArray origA, INDArray b, INDArray origB, INDArray z,
      dev.rewind.core.JavaKernels.FloatBinary f, dev.rewind.core.JavaKernels.DoubleBinary d) {
    if (z.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
      dev.rewind.core.JavaKernels.map(a, b, z, f);
    } else {
      dev.rewind.core.JavaKernels.map(a, b, z, d);
    }
    if (a != origA) {
      ex.free(a);
    }
    if (b != origB) {
      ex.free(b);
    }
  }

  /**
   * The forward pass of an activation's fused VJP {@code z = g·f'(y)} (g the cotangent, y the
   * activation's output, one shape and type): plain float32/float64 copies run the Java loops
   * {@code f}/{@code d}; other types run {@code fallback}.
   */
  static INDArray fusedGrad(Executor ex, dev.rewind.core.Primitive p, INDArray g, INDArray y,
      dev.rewind.core.JavaKernels.FloatBinary f, dev.rewind.core.JavaKernels.DoubleBinary d,
      java.util.function.BiFunction<INDArray, INDArray, INDArray> fallback) {
    requireFloat(p, g);
    if (g.dataType() != y.dataType() || !g.equalShapes(y)) {
      throw new IllegalArgumentException(p.name() + ": the cotangent g (" + g.dataType() + Shapes.str(g.shape())
          + ") and the activation's output y (" + y.dataType() + Shapes.str(y.shape())
          + ") must have one shape and one type; it combines them element by element");
    }
    org.nd4j.linalg.api.buffer.DataType t = g.dataType();
    if ((t == org.nd4j.linalg.api.buffer.DataType.FLOAT || t == org.nd4j.linalg.api.buffer.DataType.DOUBLE)
        && !g.isEmpty()) {
      INDArray a = dev.rewind.core.JavaKernels.applies(t, g) ? g : ex.dup(g);
      INDArray b = dev.rewind.core.JavaKernels.applies(t, y) ? y : ex.dup(y);
      INDArray z = like(ex, a);
      javaBinary(ex, a, g, b, y, z, f, d); // frees the plain copies of views
      return z;
    }
    return fallback.apply(g, y);
  }

  /**
   * A broadcasting element-wise op that propagates NaN from either operand ({@code maximum},
   * {@code minimum}): ND4J's kernels keep whichever operand their comparison picks, so the result
   * depended on the order ({@code max(NaN, 1)} gave NaN, {@code max(1, NaN)} gave 1). float32 and
   * float64 operands of one type run the Java loop {@code f} or {@code d} (over operands broadcast
   * to the output's shape first, where they differ); half-precision ones run {@code f} on float32
   * copies and round back (exact: a max or min is one of its operands); integer types, which have
   * no NaN, and mixed types run the ND4J op {@code nd4jName}.
   */
  static INDArray broadcastingNaN(Executor ex, String op, String nd4jName, INDArray a, INDArray b,
      dev.rewind.core.JavaKernels.FloatBinary f, dev.rewind.core.JavaKernels.DoubleBinary d) {
    org.nd4j.linalg.api.buffer.DataType t = a.dataType();
    if (t != b.dataType() || !t.isFPType()) {
      return broadcasting(ex, op, nd4jName, a, b);
    }
    long[] shape = Shapes.broadcast(op, a.shape(), b.shape());
    if (t != org.nd4j.linalg.api.buffer.DataType.FLOAT && t != org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
      INDArray wa = ex.cast(a, org.nd4j.linalg.api.buffer.DataType.FLOAT);
      INDArray wb = ex.cast(b, org.nd4j.linalg.api.buffer.DataType.FLOAT);
      INDArray wz = broadcastingNaN(ex, op, nd4jName, wa, wb, f, d);
      INDArray z = ex.cast(wz, t);
      for (INDArray tmp : new INDArray[] {wa, wb, wz}) {
        if (tmp != a && tmp != b && tmp != z) {
          ex.free(tmp);
        }
      }
      return z;
    }
    INDArray z = ex.alloc(t, shape);
    if (z.isEmpty()) {
      return z; // ND4J's broadcasting ops fail on empty operands; NumPy gives an empty result
    }
    javaBinary(ex, plainExpanded(ex, a, shape), a, plainExpanded(ex, b, shape), b, z, f, d); // frees the copies
    return z;
  }

  /** {@code a} broadcast to {@code shape} as a plain array: {@code a} itself when it already is one. */
  private static INDArray plainExpanded(Executor ex, INDArray a, long[] shape) {
    INDArray e = expand(ex, a, shape);
    if (dev.rewind.core.JavaKernels.applies(e.dataType(), e)) {
      return e;
    }
    INDArray copy = ex.dup(e);
    if (e != a) {
      ex.free(e);
    }
    return copy;
  }

  /** Runs the broadcasting declarable op {@code nd4jName} on {@code a, b}, checking the shapes first. */
  static INDArray broadcasting(Executor ex, String op, String nd4jName, INDArray a, INDArray b) {
    long[] shape = Shapes.broadcast(op, a.shape(), b.shape());
    INDArray z = ex.alloc(a.dataType(), shape);
    if (z.isEmpty()) {
      // ND4J's broadcasting ops fail on empty operands ([0, 3] + [1, 3]); NumPy gives [0, 3].
      return z;
    }
    if (java.util.Arrays.equals(a.shape(), b.shape())) {
      return ex.elementwise(nd4jName, a, b, z);
    }
    return ex.custom(nd4jName, new INDArray[] {withRank(ex, a, shape.length), withRank(ex, b, shape.length)},
        new INDArray[] {z}, null, null, null);
  }

  /**
   * {@code a} with leading size-1 axes up to {@code rank}. ND4J's broadcasting ops treat an
   * all-ones operand of another rank as a scalar ({@code [1,1] + [6]} gives {@code [6]}, not
   * NumPy's {@code [1,6]}), and {@code INDArray.broadcast} refuses rank changes, so operands are
   * brought to the output's rank first.
   *
   * <p>A view (a strided slice or column, an f-ordered array) is copied first, into an array
   * from {@link Executor#alloc}: a replayed step refills last step's copy, and so reuses its
   * reshaped view too. An {@code ex.dup} copy was new at every call and owned by nothing (the
   * reshaped view returned cannot free it), so each broadcast of a lower-rank view left its
   * copy and a view descriptor to the garbage collector at every step.
   */
  static INDArray withRank(Executor ex, INDArray a, int rank) {
    long[] s = a.shape();
    if (s.length >= rank) {
      return a;
    }
    long[] padded = new long[rank];
    java.util.Arrays.fill(padded, 1);
    System.arraycopy(s, 0, padded, rank - s.length, s.length);
    INDArray src = plain(a) ? a : copy(ex, a);
    return ex.reshape(src, padded);
  }

  /** A plain c-ordered copy of {@code a} in an array from {@link Executor#alloc} (so planned). */
  static INDArray copy(Executor ex, INDArray a) {
    INDArray c = ex.alloc(a.dataType(), a.shape());
    if (c.isEmpty()) {
      return c;
    }
    return ex.custom("assign", new INDArray[] {c, a}, new INDArray[] {c}, null, null, null);
  }

  /**
   * {@code a} broadcast (NumPy rules) to {@code shape} as a new array, or {@code a} itself when it
   * already has that shape. The caller frees a new array when done with it ({@code ex.free}).
   */
  static INDArray expand(Executor ex, INDArray a, long[] shape) {
    if (java.util.Arrays.equals(a.shape(), shape)) {
      return a;
    }
    INDArray z = ex.alloc(a.dataType(), shape);
    if (z.isEmpty()) {
      return z;
    }
    INDArray src = a;
    INDArray copy = null;
    if (a.rank() < shape.length && a.length() != 1) { // one element fills z as is: no reshaped view
      copy = plain(a) ? null : copy(ex, a); // planned: a replay reuses it and its reshaped view
      src = withRank(ex, copy != null ? copy : a, shape.length);
    }
    // The broadcastable "assign" writes src, broadcast, straight into z.
    ex.custom("assign", new INDArray[] {z, src}, new INDArray[] {z}, null, null, null);
    ex.free(copy);
    return z;
  }

  /**
   * The row-major coordinates in {@code shape} of the flat positions {@code flat}, as an int64
   * array of shape {@code lead ++ [rank]} ({@code lead} holds {@code flat.length} elements): the
   * indices of {@code gather_nd} and {@code scatter_nd_add}. Allocated through the executor (a
   * replayed step refills last step's array); the caller frees it.
   */
  static INDArray coordinates(Executor ex, long[] flat, long[] shape, long[] lead) {
    int r = shape.length;
    long[] c = new long[flat.length * r];
    for (int k = 0; k < flat.length; k++) {
      long f = flat[k];
      for (int d = r - 1; d >= 0; d--) {
        c[k * r + d] = f % shape[d];
        f /= shape[d];
      }
    }
    long[] cs = java.util.Arrays.copyOf(lead, lead.length + 1);
    cs[lead.length] = r;
    INDArray z = ex.alloc(org.nd4j.linalg.api.buffer.DataType.LONG, cs);
    z.data().setData(c);
    return z;
  }

  /** Whether {@code a} is a plain c-ordered array (not a view), as Java loops and flat views need. */
  static boolean plain(INDArray a) {
    return a.ordering() == 'c' && !a.isView();
  }

  static long[] toLongs(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** As {@link #requireFloat(String, INDArray)}, asking {@code p} for its name only to report an error. */
  static void requireFloat(dev.rewind.core.Primitive p, INDArray x) {
    if (!x.dataType().isFPType()) {
      requireFloat(p.name(), x);
    }
  }

  static void requireFloat(String op, INDArray x) {
    if (!x.dataType().isFPType()) {
      throw new IllegalArgumentException(op + ": needs a floating-point input, got " + x.dataType()
          + " of shape " + Shapes.str(x.shape()) + "; convert it with castTo()");
    }
  }

  /**
   * Refuses integer (and boolean) operands of an op that is only defined in floating point
   * ({@code div}, {@code pow}): ND4J's integer kernels truncate, and its integer divide by zero
   * kills the JVM with SIGFPE. The check runs before any native call.
   */
  static void requireFloatOperands(String op, INDArray a, INDArray b) {
    for (INDArray x : new INDArray[] {a, b}) {
      if (!x.dataType().isFPType()) {
        throw new IllegalArgumentException(op + ": needs floating-point operands, got " + a.dataType()
            + Shapes.str(a.shape()) + " and " + b.dataType() + Shapes.str(b.shape()) + "; " + op
            + " of integers is not supported (it would truncate, or crash on a zero divisor): castTo a floating"
            + " type (DataType.FLOAT or DOUBLE) first");
      }
    }
  }

  /** Runs the reduction {@code nd4jName} over {@code axes} (all when empty) with a preallocated output. */
  static INDArray reduce(Executor ex, String op, String nd4jName, INDArray x, boolean keepDims, int[] axes) {
    int[] ax = Shapes.axes(op, x.rank(), axes);
    long[] out = reducedShape(x.shape(), keepDims, ax);
    if (x.isEmpty() && !nd4jName.equals("reduce_sum")) {
      requireNonEmptyReducedAxes(op, x.shape(), ax);
    }
    if (ax.length == 0) {
      // ND4J drops keep-dims for "all axes" given as none on a vector ([7] -> [], not [1]): name them
      ax = new int[x.rank()];
      for (int i = 0; i < ax.length; i++) {
        ax[i] = i;
      }
    }
    INDArray z = ex.alloc(x.dataType(), out);
    if (x.isEmpty()) {
      // ND4J fails (or crashes) reducing an empty array. A sum of nothing is 0, as in NumPy; for
      // the other reductions no reduced axis is empty (checked above), so the output is empty too.
      return nd4jName.equals("reduce_sum") ? z.assign(0) : z;
    }
    if (nd4jName.equals("reduce_sum")) {
      return ex.sum(x, ax, keepDims, z);
    }
    return ex.custom(nd4jName, new INDArray[] {x}, new INDArray[] {z}, toLongs(ax), null,
        new boolean[] {keepDims});
  }

  /**
   * Refuses a reduction without an identity ({@code max}, {@code min}, {@code log_sum_exp}) over
   * an empty axis, as NumPy does; an empty input whose reduced axes are all non-empty is fine
   * (its result is empty too). {@code axes} are normalised; none means all.
   */
  static void requireNonEmptyReducedAxes(String op, long[] shape, int[] axes) {
    for (int i = 0; i < (axes.length == 0 ? shape.length : axes.length); i++) {
      int a = axes.length == 0 ? i : axes[i];
      if (shape[a] == 0) {
        throw new IllegalArgumentException(op + ": zero-size array to reduction operation " + op
            + " which has no identity: axis " + a + " of the input of shape " + Shapes.str(shape)
            + " is empty (reducing " + (axes.length == 0 ? "all axes" : "axes " + java.util.Arrays.toString(axes))
            + "); check the batch or the slice that produced it");
      }
    }
  }

  /**
   * Makes {@code z}, the {@code reduce_max} or {@code reduce_min} of {@code x} over {@code axes},
   * NaN wherever the reduced elements hold a NaN, as NumPy and PyTorch do: ND4J's kernels skip
   * NaN ({@code max(NaN, 1, 2)} gave 2). A sum over the same axes finds the candidates cheaply (it
   * is NaN wherever a NaN was summed); only then are the NaN elements counted exactly.
   */
  static void propagateNaN(Executor ex, String op, INDArray x, boolean keepDims, int[] axes, INDArray z) {
    if (!mayHoldNaN(ex, op, x, axes)) {
      return;
    }
    INDArray nan = Compare.compare(ex, op, Compare.Kind.NE, x, x); // 1 where x is NaN
    INDArray any = reduce(ex, op, "reduce_max", nan, keepDims, axes);
    double[] v = NativeBuffers.toDoubles(any);
    for (int i = 0; i < v.length; i++) {
      if (v[i] != 0) {
        z.putScalar(i, Double.NaN);
      }
    }
    ex.free(nan);
    ex.free(any);
  }

  /**
   * Whether some lane of {@code x} over {@code axes} may hold a NaN: the sum over those axes is NaN
   * wherever a NaN (or ∞ − ∞) was summed. A cheap test before locating NaNs exactly; false for an
   * integer or empty {@code x}.
   */
  static boolean mayHoldNaN(Executor ex, String op, INDArray x, int[] axes) {
    if (!x.dataType().isFPType() || x.isEmpty()) {
      return false;
    }
    INDArray s = reduce(ex, op, "reduce_sum", x, false, axes);
    boolean suspect = anyNaN(s);
    ex.free(s);
    return suspect;
  }

  /** Whether {@code a} holds a NaN. */
  static boolean anyNaN(INDArray a) {
    if (!a.dataType().isFPType()) {
      return false;
    }
    for (double d : NativeBuffers.toDoubles(a)) {
      if (Double.isNaN(d)) {
        return true;
      }
    }
    return false;
  }


  /** The shape left by reducing {@code axes} (all when empty). */
  static long[] reducedShape(long[] shape, boolean keepDims, int[] axes) {
    if (keepDims) {
      return Shapes.keepDims(shape, axes);
    }
    if (axes.length == 0) {
      return new long[0];
    }
    boolean[] drop = new boolean[shape.length];
    int n = shape.length;
    for (int a : axes) {
      if (!drop[a]) {
        drop[a] = true;
        n--;
      }
    }
    long[] out = new long[n];
    int k = 0;
    for (int i = 0; i < shape.length; i++) {
      if (!drop[i]) {
        out[k++] = shape[i];
      }
    }
    return out;
  }
}
