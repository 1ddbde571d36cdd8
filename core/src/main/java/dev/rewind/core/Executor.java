package dev.rewind.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The one place where primitives call ND4J. Every primitive's forward pass runs its ops through
 * the executor of the current thread, so that allocation policy, op-context reuse and step replay
 * live here and no primitive has to change when they do.
 *
 * <p>Two kinds of ND4J op exist: "legacy" ops ({@link Op}: transforms, pairwise, scalar and
 * reduction ops such as {@code Exp} or {@code ScalarAdd}), and declarable "custom" ops
 * ({@link CustomOp}, named like {@code matmul} or {@code softmax}). Both run here.
 *
 * <p>Step replay ({@link Replay}) lives here too: while a step's outermost tape is open, every
 * allocation, declarable op and legacy op is matched against the {@link Plan} of the previous
 * step opened at the same place, and a matching call reuses that step's output arrays, op
 * objects and op contexts instead of building and allocating them again.
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

  private static final NativeOps NATIVE = NativeOpsHolder.getInstance().getDeviceNativeOps();
  /** This thread's replay plans. */
  private final Plans plans = new Plans();

  /**
   * GEMMs of at least this many multiply-adds (16.8M, about 0.3 ms on one core here) may run on
   * the helper thread. Waking it took 130–340 µs on this 2-core KVM guest, and its operands must
   * cross to the other core's caches; W4's 4.2M pair (784-256-128-10) gained nothing measurable
   * and its epochs got no faster, while W1's 33.5M pair gains (see {@link AsyncGemm}).
   */
  static final long ASYNC_MIN_MACS = 1L << 24;
  /** The GEMM the helper thread runs for this thread, or null ({@link AsyncGemm}). */
  private AsyncGemm.Job pending;
  /** Whether a GEMM may go to the helper thread now: only inside a product's VJP. */
  private boolean gemmWindow;

  private Executor() {}

  // ---------------------------------------------------------------- steps and plans

  /** An outermost tape opened: replay the plan of the place that opened it, or record one. */
  void beginStep() {
    plans.begin();
  }

  /** The step's tape closed (its tensors were released first). */
  void endStep() {
    sync();
    plans.end();
  }

  /** Frees every plan of this thread. */
  void clearPlans() {
    sync();
    plans.clear();
  }

  Replay.Stats stats() {
    return plans.stats();
  }

  /** A tensor whose value is {@code a} was kept: its array leaves the plan for good. */
  void escape(INDArray a) {
    plans.escape(a);
  }

  private static boolean anyEmpty(INDArray[] arrays) {
    if (arrays != null) {
      for (INDArray a : arrays) {
        if (a.isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Opens the window in which {@link #matmul} may hand one GEMM to the helper thread
   * ({@link AsyncGemm}); {@link Backward} opens it around a matrix product's VJP only, whose two
   * GEMMs are independent and whose outputs nothing reads before the window closes.
   */
  void openGemmWindow() {
    gemmWindow = RewindRuntime.asyncGemm();
  }

  /** Closes the window, waiting for the helper's GEMM: its output is complete from here on. */
  void closeGemmWindow() {
    gemmWindow = false;
    sync();
  }

  /**
   * Closes the window after the VJP inside it failed: a GEMM the helper has not started is
   * dropped (nothing will read it), one it is running is waited for.
   */
  void abandonGemmWindow() {
    gemmWindow = false;
    AsyncGemm.Job j = pending;
    if (j != null) {
      pending = null;
      j.abandon();
    }
  }

  /**
   * Waits for this thread's GEMM on the helper thread, if any. Every call that reads, writes or
   * frees arrays starts here, so none can touch an output still being written (the window
   * lets only {@link #matmul} and {@link #alloc} through without it).
   */
  private void sync() {
    AsyncGemm.Job j = pending;
    if (j != null) {
      pending = null;
      j.await();
    }
  }

  /** Whether a product reading a and b into z conflicts with the helper's job. */
  private static boolean conflicts(AsyncGemm.Job j, INDArray a, INDArray b, INDArray z) {
    Object pz = Versions.root(j.z);
    Object w = Versions.root(z);
    return w == pz || w == Versions.root(j.a) || w == Versions.root(j.b)
        || Versions.root(a) == pz || Versions.root(b) == pz;
  }

  /** The executor of the calling thread. */
  public static Executor current() {
    return CURRENT.get();
  }

  /**
   * An uninitialised array of the given type and shape, for an op's output. Inside a replayed
   * step, the array the same call got in the previous step.
   */
  public INDArray alloc(DataType dtype, long... shape) {
    Plan p = plans.step();
    if (p == null || Shapes.length(shape) == 0) {
      return Nd4j.createUninitialized(dtype, shape);
    }
    if (plans.match(e -> e instanceof PlannedAlloc a && a.matches(dtype, shape)) instanceof PlannedAlloc a) {
      if (a.array[0] == null) {
        a.array[0] = plans.allocate(a, dtype, shape);
      }
      return a.array[0];
    }
    p = plans.recording();
    if (p == null) {
      return Nd4j.createUninitialized(dtype, shape);
    }
    PlannedAlloc a = new PlannedAlloc(dtype, shape.clone());
    a.array[0] = plans.allocate(a, dtype, shape);
    p.append(a);
    return a.array[0];
  }

  /**
   * A new array of {@code shape} filled with {@code v} (inside a replayed step, last step's array,
   * filled again: a gradient's seed of ones, zeros for an unused input).
   */
  public INDArray full(DataType dtype, long[] shape, double v) {
    sync();
    INDArray z = alloc(dtype, shape);
    if (z.isEmpty()) {
      return z;
    }
    Plan p = plans.step();
    if (p != null) {
      if (plans.match(e -> e instanceof PlannedLegacy l && l.matchesFill(dtype, shape, v)) instanceof PlannedLegacy l) {
        l.replay(z, z, NATIVE);
        return z;
      }
      p = plans.recording();
      if (p != null) {
        PlannedLegacy l = PlannedLegacy.fill(z, v);
        p.append(l);
        l.first();
        return z;
      }
    }
    // Not assign(v): that leaves its one-element operand to the garbage collector; run() frees it.
    return run(new org.nd4j.linalg.api.ops.impl.scalar.ScalarSet(z, null, z, v));
  }

  /**
   * Builds a legacy op on input {@code x} into output {@code z} from its numeric parameter
   * {@code arg} (a scalar operand, a slope): {@code (x, z, c) -> new ScalarAdd(x, null, z, c)}.
   */
  @FunctionalInterface
  public interface LegacyOp {
    Op make(INDArray x, INDArray z, double arg);
  }

  /**
   * Runs the legacy element-wise op {@code make(x, z, arg)} into a new output {@code z} shaped
   * like {@code x}; {@code arg} is the op's numeric parameter (0 if none). The preferred form:
   * a step replay reuses the op object built the first time when {@code arg} is the same, and
   * a lambda that takes every parameter through {@code arg} (capturing nothing) is always
   * replayed. A lambda that captures values is handled as in
   * {@link #unary(INDArray, double, BiFunction)}.
   */
  public INDArray unary(INDArray x, double arg, LegacyOp make) {
    return unary(x, arg, make, null);
  }

  /**
   * Runs the legacy element-wise op {@code make(x, z)} into a new output {@code z} shaped like
   * {@code x}. {@code arg} is the op's numeric parameter (a scalar operand, a slope; 0 if none).
   *
   * <p>A step replay reuses the op object built the first time, so it must be the op that
   * {@code make} would build now. It is when {@code make} captures nothing but {@code arg}'s
   * value, or only numbers, strings and enums equal to last step's (those are compared); a
   * {@code make} that captures an object ({@code this}, say, for a field of the primitive) or
   * values that cannot be read is run without replay, every time: correct, but slower. Prefer
   * {@link #unary(INDArray, double, LegacyOp)}, which passes the parameter as {@code arg}.
   */
  public INDArray unary(INDArray x, double arg, BiFunction<INDArray, INDArray, Op> make) {
    return unary(x, arg, null, make);
  }

  private INDArray unary(INDArray x, double arg, LegacyOp make3, BiFunction<INDArray, INDArray, Op> make2) {
    sync();
    Object make = make3 != null ? make3 : make2;
    Plan p = plans.step();
    if (p != null && !x.isEmpty()) {
      Captures cap = Captures.of(make.getClass());
      if (cap != null) {
        if (plans.match(e -> e instanceof PlannedLegacy l && l.matches(make, cap, arg, x)) instanceof PlannedLegacy l) {
          if (l.z[0] == null) {
            l.z[0] = plans.allocate(l, x.dataType(), x.shape());
          }
          l.replay(x, l.z[0], NATIVE);
          return l.z[0];
        }
        p = plans.recording();
        if (p != null) {
          PlannedLegacy l = new PlannedLegacy(make, cap, arg, x);
          l.z[0] = plans.allocate(l, x.dataType(), x.shape());
          l.op = make3 != null ? make3.make(x, l.z[0], arg) : make2.apply(x, l.z[0]);
          p.append(l);
          l.first();
          return l.z[0];
        }
      }
      // A factory whose captured state cannot be compared: not planned, and the plan's cursor
      // stays where it is, so the calls after this one still replay.
      if (cap == null) {
        plans.unplannedCalls++;
      }
    }
    INDArray z = Nd4j.createUninitialized(x.dataType(), x.shape());
    return run(make3 != null ? make3.make(x, z, arg) : make2.apply(x, z));
  }

  /** Runs a legacy op whose output ({@code z}) is already set, and returns that output. */
  public INDArray run(Op op) {
    sync();
    Nd4j.getExecutioner().exec(op);
    NativeMemory.releaseScalarOperand(op);
    return op.z();
  }

  /**
   * Frees a temporary array a primitive made and no longer needs, at once instead of at the next
   * garbage collection (a view, or an array already freed, is left alone).
   */
  public void free(INDArray a) {
    sync();
    if (a != null && !plans.owns(a)) {
      NativeMemory.release(a);
    }
  }

  /**
   * Runs a declarable op; if it has no output arrays, allocates them from the op's own shape
   * function. Returns the first output.
   */
  public INDArray run(CustomOp op) {
    sync();
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
    OpContext ctx = contexts.computeIfAbsent(argKey(op), k -> Nd4j.getExecutioner().buildContext());
    ctx.purge();
    ctx.setInputArrays(op.inputArguments());
    ctx.setOutputArrays(op.outputArguments());
    setArgs(ctx, op);
    Nd4j.getExecutioner().exec(op, ctx);
  }

  /** A context's key: its argument counts of each kind (see {@link #contexts}). */
  private static long argKey(CustomOp op) {
    return ((long) len(op.iArgs()) << 48) | ((long) len(op.tArgs()) << 32)
        | ((long) len(op.bArgs()) << 16) | len(op.dArgs());
  }

  private static void setArgs(OpContext ctx, CustomOp op) {
    long[] i = op.iArgs();
    double[] t = op.tArgs();
    boolean[] b = op.bArgs();
    DataType[] d = op.dArgs();
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
  }

  /**
   * {@code z = a ∘ b} for the declarable element-wise op {@code nd4jName} ({@code add},
   * {@code subtract}, {@code multiply}, {@code divide}, ...) with the output already allocated.
   * Operands of equal shape and type run on libnd4j's pairwise kernel directly
   * ({@link PairwiseKernels}: a quarter of the declarable op's cost on small arrays, same bits);
   * anything else (broadcasting, other ops) runs the declarable op. {@code z} may be {@code a}.
   */
  public INDArray elementwise(String nd4jName, INDArray a, INDArray b, INDArray z) {
    sync();
    int kernel = PairwiseKernels.number(nd4jName);
    if (kernel >= 0 && PairwiseKernels.applies(a, b, z)) {
      return PairwiseKernels.run(NATIVE, kernel, nd4jName, a, b, z);
    }
    return custom(nd4jName, new INDArray[] {a, b}, new INDArray[] {z}, null, null, null);
  }

  /**
   * {@code z} = the sum of {@code x} over {@code axes} (in range; {@code z} preallocated with the
   * reduced shape, axes kept or not). A block of leading or trailing axes of a plain c-ordered
   * float or double array is one BLAS matrix-vector product with ones ({@link BlasSums}: 2.4 µs
   * against 150 µs for {@code reduce_sum} over the batch axis of 128×512); other sums run
   * {@code reduce_sum}.
   */
  public INDArray sum(INDArray x, int[] axes, boolean keepDims, INDArray z) {
    sync();
    int[] sorted = axes.clone();
    java.util.Arrays.sort(sorted);
    boolean distinct = true;
    for (int i = 1; i < sorted.length; i++) {
      distinct &= sorted[i] != sorted[i - 1];
    }
    if (distinct && BlasSums.applies(x, sorted, z)) {
      return BlasSums.run(x, sorted, z);
    }
    long[] ax = new long[axes.length];
    for (int i = 0; i < ax.length; i++) {
      ax[i] = axes[i];
    }
    return custom("reduce_sum", new INDArray[] {x}, new INDArray[] {z}, ax, null, new boolean[] {keepDims});
  }

  /**
   * {@code z = op(a)·op(b)} into the preallocated {@code z}, {@code op} transposing when its flag
   * is set. Plain c-ordered float or double matrices go straight to BLAS
   * {@code gemm} ({@link BlasGemm}); batches, views and other orders run the declarable
   * {@code matmul}.
   */
  public INDArray matmul(INDArray a, boolean ta, INDArray b, boolean tb, INDArray z) {
    if (BlasGemm.applies(a, ta, b, tb, z)) {
      if (pending != null && conflicts(pending, a, b, z)) {
        sync();
      }
      if (gemmWindow && pending == null && z.length() * (ta ? a.size(0) : a.size(1)) >= ASYNC_MIN_MACS) {
        AsyncGemm.Job j = AsyncGemm.tryStart(a, ta, b, tb, z);
        if (j != null) {
          pending = j;
          return z; // complete once the window closes (or the next call that touches arrays)
        }
      }
      return BlasGemm.run(a, ta, b, tb, z);
    }
    sync();
    return custom("matmul", new INDArray[] {a, b}, new INDArray[] {z},
        new long[] {ta ? 1 : 0, tb ? 1 : 0}, null, null);
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
    sync();
    Plan p = plans.step();
    if (p != null && !anyEmpty(inputs) && !anyEmpty(outputs)) {
      if (plans.match(e -> e instanceof PlannedCustom c && c.matches(name, inputs, outputs, iArgs, tArgs, bArgs))
          instanceof PlannedCustom c) {
        return replay(c, inputs, outputs);
      }
      p = plans.recording();
      if (p != null) {
        PlannedCustom c = plan(build(name, inputs, outputs, iArgs, tArgs, bArgs), name, inputs,
            outputs, iArgs, tArgs, bArgs);
        p.append(c);
        return replay(c, inputs, outputs);
      }
    }
    return run(build(name, inputs, outputs, iArgs, tArgs, bArgs));
  }

  private static DynamicCustomOp build(String name, INDArray[] inputs, INDArray[] outputs,
      long[] iArgs, double[] tArgs, boolean[] bArgs) {
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
    return b.build();
  }

  /** A plan entry for {@code op}: its own context with the arguments set once, outputs if needed. */
  private PlannedCustom plan(DynamicCustomOp op, String name, INDArray[] inputs, INDArray[] outputs,
      long[] iArgs, double[] tArgs, boolean[] bArgs) {
    List<LongShapeDescriptor> shapes = outputs == null ? Nd4j.getExecutioner().calculateOutputShape(op) : List.of();
    INDArray[] own = new INDArray[shapes.size()];
    long key = argKey(op);
    OpContext ctx = plans.context(key);
    setArgs(ctx, op);
    PlannedCustom c = new PlannedCustom(name, inputs, outputs, iArgs, tArgs, bArgs, op, ctx, key, own);
    if (outputs == null) {
      for (int i = 0; i < own.length; i++) {
        own[i] = plans.allocate(c, shapes.get(i).dataType(), shapes.get(i).getShape());
      }
      c.ownShapes = shapes;
    }
    return c;
  }

  /** Runs a planned declarable op straight through its context (about 1–2 µs on small arrays). */
  private INDArray replay(PlannedCustom c, INDArray[] inputs, INDArray[] outputs) {
    INDArray[] outs = outputs;
    if (outs == null) {
      outs = c.ownOutputs;
      for (int i = 0; i < outs.length; i++) {
        if (outs[i] == null) {
          LongShapeDescriptor d = c.ownShapes.get(i);
          outs[i] = plans.allocate(c, d.dataType(), d.getShape());
        }
      }
    }
    if (!sameRefs(c.lastIn, inputs)) {
      c.ctx.setInputArrays(inputs);
      c.lastIn = inputs.clone();
    }
    if (!sameRefs(c.lastOut, outs)) {
      c.ctx.setOutputArrays(outs);
      c.lastOut = outs.clone();
    }
    int status = NATIVE.execCustomOp2(null, c.op.opHash(), c.ctx.contextPointer());
    if (NATIVE.lastErrorCode() != 0) {
      throw new IllegalStateException("native op '" + c.name + "' failed: " + NATIVE.lastErrorMessage());
    }
    if (status != 0) {
      throw new IllegalStateException("native op '" + c.name + "' failed with status " + status);
    }
    return outs[0];
  }

  private static boolean sameRefs(INDArray[] a, INDArray[] b) {
    if (a == null || a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code a} (c-ordered, not a view) reshaped to {@code shape}, as a view sharing its buffer.
   * Inside a replayed step, the view made the step before when {@code a} is the same array (a
   * parameter, or an array of the plan): building a view costs a native shape descriptor.
   */
  public INDArray reshape(INDArray a, long[] shape) {
    sync();
    if (Arrays.equals(a.shape(), shape)) {
      // ND4J's reshape of a rank-0 array to rank 0 returns a second array over the same buffer
      // that says it is no view and may be closed: releasing it with the tape freed the source (a
      // parameter). The same shape needs no new array; the caller sees its input come back.
      return a;
    }
    Plan p = plans.step();
    if (p == null || a.isEmpty()) {
      return aliasChecked(a, a.reshape('c', shape), shape);
    }
    if (plans.match(e -> e instanceof PlannedView v && v.matches(a, shape)) instanceof PlannedView v) {
      if (v.source != a) {
        v.source = a;
        v.view = a.reshape('c', shape);
      }
      return v.view;
    }
    INDArray view = a.reshape('c', shape);
    if (view != a && !view.isView() && view.data() == a.data()) {
      return aliasChecked(a, view, shape); // a copy each call: a planned entry would go stale
    }
    p = plans.recording();
    if (p != null) {
      PlannedView v = new PlannedView(a, shape);
      v.source = a;
      v.view = view;
      p.append(v);
    }
    return view;
  }

  /**
   * {@code view}, unless it shares {@code a}'s buffer while claiming to own it (not a view,
   * closeable), in which case a copy: releasing such an alias would free {@code a}.
   */
  private static INDArray aliasChecked(INDArray a, INDArray view, long[] shape) {
    if (view == a || view.isView() || view.data() != a.data()) {
      return view;
    }
    INDArray copy = Nd4j.createUninitialized(a.dataType(), shape, 'c');
    copy.assign(view);
    return copy;
  }

  /**
   * Joins arrays (one type, sizes equal except along {@code axis}, checked by the caller) along
   * an axis into a new array, through the declarable {@code concat} with this thread's reused
   * context and an output from {@link #alloc}: {@code Nd4j.concat} built a native context per
   * call that only the garbage collector freed, and its output could not be replayed.
   */
  public INDArray concat(int axis, INDArray... parts) {
    sync();
    long[] shape = parts[0].shape().clone();
    shape[axis] = 0;
    int nonEmpty = 0;
    for (INDArray p : parts) {
      shape[axis] += p.size(axis);
      nonEmpty += p.isEmpty() ? 0 : 1;
    }
    INDArray z = alloc(parts[0].dataType(), shape);
    if (z.isEmpty()) {
      return z;
    }
    INDArray[] in = parts;
    if (nonEmpty < parts.length) {
      // an empty part adds nothing, and the native op would refuse it
      in = new INDArray[nonEmpty];
      int k = 0;
      for (INDArray p : parts) {
        if (!p.isEmpty()) {
          in[k++] = p;
        }
      }
    }
    return custom("concat", in, new INDArray[] {z}, new long[] {axis}, null, null);
  }

  /** A copy of {@code a} converted to {@code dtype}. */
  public INDArray cast(INDArray a, DataType dtype) {
    sync();
    return a.castTo(dtype);
  }

  /** A c-ordered copy of {@code a}. */
  public INDArray dup(INDArray a) {
    sync();
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
