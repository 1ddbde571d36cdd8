package dev.rewind.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where primitives call ND4J. Every primitive's forward pass runs its ops through
 * the executor of the current thread, so that allocation policy, op-context reuse and step replay
 * live here and no primitive has to change when they do.
 *
 * <p>Two kinds of ND4J op exist: "legacy" ops ({@link Op}: transforms, pairwise, scalar and
 * reduction ops such as {@code Exp} or {@code ScalarAdd}), and declarable "custom" ops
 * ({@link CustomOp}, named like {@code matmul} or {@code softmax}). Both run here.
 */
public final class Executor {
  private static final ThreadLocal<Executor> CURRENT = ThreadLocal.withInitial(Executor::new);

  static {
    RewindRuntime.configure();
  }

  /**
   * Native op contexts of this thread, reused for every declarable op, one per shape of argument
   * lists. ND4J's {@code exec(CustomOp)} builds a fresh context per call and its {@code close()}
   * does nothing on CPU, so each call left a native graph context that only the garbage
   * collector's deallocator thread freed. A context is keyed by the number of integer, floating,
   * boolean and dtype arguments because ND4J skips setting an empty list (and {@code purge()}
   * clears only the arrays): with equal counts every argument is overwritten, and a count of zero
   * was never set on that context.
   */
  private final Map<Long, OpContext> contexts = new HashMap<>();

  private Executor() {}

  /** The executor of the calling thread. */
  public static Executor current() {
    return CURRENT.get();
  }

  /** An uninitialised array of the given type and shape, for an op's output. */
  public INDArray alloc(DataType dtype, long... shape) {
    return Nd4j.createUninitialized(dtype, shape);
  }

  /** Runs a legacy op whose output ({@code z}) is already set, and returns that output. */
  public INDArray run(Op op) {
    Nd4j.getExecutioner().exec(op);
    // A scalar op built from a number (ScalarAdd(x, null, z, 2.0)) made itself a one-element
    // array that only the garbage collector would free: free it now.
    if (op instanceof ScalarOp s && op.y() == null) {
      INDArray c = s.scalar();
      if (c != null && c != op.x() && c != op.z()) {
        free(c);
      }
    }
    return op.z();
  }

  /**
   * Frees a temporary array a primitive made and no longer needs, at once instead of at the next
   * garbage collection (a view, or an array already freed, is left alone).
   */
  public void free(INDArray a) {
    if (a != null) {
      NativeMemory.release(a);
    }
  }

  /**
   * Runs a declarable op; if it has no output arrays, allocates them from the op's own shape
   * function. Returns the first output.
   */
  public INDArray run(CustomOp op) {
    if (op.outputArguments().isEmpty()) {
      List<LongShapeDescriptor> shapes = Nd4j.getExecutioner().calculateOutputShape(op);
      for (LongShapeDescriptor d : shapes) {
        op.addOutputArgument(Nd4j.createUninitialized(d.dataType(), d.getShape()));
      }
    }
    exec(op);
    return op.outputArguments().get(0);
  }

  /** Runs {@code op} (outputs set) through this thread's reused context. */
  private void exec(CustomOp op) {
    long[] i = op.iArgs();
    double[] t = op.tArgs();
    boolean[] b = op.bArgs();
    DataType[] d = op.dArgs();
    long key = ((long) len(i) << 48) | ((long) len(t) << 32) | ((long) len(b) << 16) | len(d);
    OpContext ctx = contexts.computeIfAbsent(key, k -> Nd4j.getExecutioner().buildContext());
    ctx.purge();
    ctx.setInputArrays(op.inputArguments());
    ctx.setOutputArrays(op.outputArguments());
    if (len(i) > 0) {
      ctx.setIArguments(i);
    }
    if (len(t) > 0) {
      ctx.setTArguments(t);
    }
    if (len(b) > 0) {
      ctx.setBArguments(b);
    }
    if (len(d) > 0) {
      ctx.setDArguments(d);
    }
    ctx.markInplace(op.isInplaceCall());
    Nd4j.getExecutioner().exec(op, ctx);
  }

  /** Runs the declarable op {@code name} on {@code inputs} with integer and floating arguments. */
  public INDArray custom(String name, INDArray[] inputs, long[] iArgs, double[] tArgs) {
    return custom(name, inputs, null, iArgs, tArgs, null);
  }

  /**
   * Runs the declarable op {@code name}: {@code outputs} may be null (allocated from the op's
   * shape function); any argument array may be null.
   */
  public INDArray custom(String name, INDArray[] inputs, INDArray[] outputs, long[] iArgs,
      double[] tArgs, boolean[] bArgs) {
    DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs);
    if (outputs != null) {
      b.addOutputs(outputs);
    }
    if (iArgs != null && iArgs.length > 0) {
      int[] ints = new int[iArgs.length];
      for (int i = 0; i < iArgs.length; i++) {
        ints[i] = Math.toIntExact(iArgs[i]);
      }
      b.addIntegerArguments(ints);
    }
    if (tArgs != null && tArgs.length > 0) {
      b.addFloatingPointArguments(toBoxed(tArgs));
    }
    if (bArgs != null && bArgs.length > 0) {
      b.addBooleanArguments(bArgs);
    }
    return run(b.build());
  }

  /** Joins arrays along an axis into a new array. */
  public INDArray concat(int axis, INDArray... parts) {
    return Nd4j.concat(axis, parts);
  }

  /** A copy of {@code a} converted to {@code dtype}. */
  public INDArray cast(INDArray a, DataType dtype) {
    return a.castTo(dtype);
  }

  /** A c-ordered copy of {@code a}. */
  public INDArray dup(INDArray a) {
    return a.dup('c');
  }

  /** Runs the declarable op {@code name} on {@code inputs} with no arguments. */
  public INDArray custom(String name, INDArray... inputs) {
    return custom(name, inputs, null, null);
  }

  private static int len(Object array) {
    if (array == null) {
      return 0;
    }
    int n = java.lang.reflect.Array.getLength(array);
    if (n >= 1 << 15) {
      throw new IllegalArgumentException("Executor: an op with " + n
          + " arguments of one kind; at most 32767 are supported");
    }
    return n;
  }

  private static Double[] toBoxed(double[] d) {
    Double[] out = new Double[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = d[i];
    }
    return out;
  }
}
