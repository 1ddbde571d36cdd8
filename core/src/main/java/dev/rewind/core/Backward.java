package dev.rewind.core;

import dev.rewind.core.ops.MatMul;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The reverse-mode engine: walks the recorded graph from an output back to the requested inputs. */
final class Backward {
  private Backward() {}

  /** The backward pass; {@link Tape#vjp} has checked {@code y}, the seed and the targets. */
  static Tensor[] run(Tensor y, Tensor seed, Tensor[] xs, boolean outermost) {
    Set<Tensor> targets = Collections.newSetFromMap(new IdentityHashMap<>());
    targets.addAll(Arrays.asList(xs));
    List<Node> order = topologicalOrder(y);
    Set<Node> relevant = relevantNodes(order, targets);

    // Sized for the graph: growing identity maps one resize at a time showed in W2's profile.
    Map<Tensor, Tensor> grads = new IdentityHashMap<>(order.size() + xs.length);
    grads.put(y, seed);
    FastPath fast = outermost ? FastPath.open(seed, order.size()) : null;
    Executor ex = Executor.current();
    if (RewindRuntime.asyncGemm() && !Anomaly.detecting() && hasGemmPair(order)) {
      AsyncGemm.prepare();
    }
    for (int k = order.size() - 1; k >= 0; k--) {
      Node node = order.get(k);
      if (!relevant.contains(node)) {
        continue;
      }
      Tensor g = grads.get(node.output);
      if (g == null) {
        continue;
      }
      checkVersions(node);
      if (fast != null) {
        fast.handOut(g);
      }
      Tensor[] gi;
      // A product's two GEMMs are independent: the first may run on the helper thread while this
      // one runs the second (AsyncGemm). Only when there are two (a lone GEMM handed over would
      // just wait, on a core whose caches lack its operands), and not under anomaly mode, which
      // reads every op's output.
      boolean window = isGemmPair(node) && !Anomaly.detecting();
      if (window) {
        ex.openGemmWindow();
      }
      try {
        gi = node.primitive.vjp(g, node.output, node.inputs);
        if (window) {
          ex.closeGemmWindow(); // waits for the helper's GEMM; rethrows its failure, named below
        }
      } catch (ArithmeticException e) {
        closeAfterFailure(ex, window, e);
        // Anomaly mode caught a NaN/inf inside this VJP's own ops: report it as this node's
        // backward pass, with the user's line that recorded the node, not as a VJP failure.
        ArithmeticException a = new ArithmeticException(node.primitive.name()
            + " produced NaN or infinity in the backward pass; node " + node.describe()
            + " (inside its VJP: " + e.getMessage() + ")");
        a.initCause(e);
        throw a;
      } catch (RuntimeException e) {
        closeAfterFailure(ex, window, e);
        throw new IllegalStateException("backward of " + node.describe() + " failed: "
            + e.getMessage(), e);
      } catch (Error e) {
        closeAfterFailure(ex, window, e);
        throw e;
      }
      if (gi == null || gi.length != node.inputs.length) {
        throw new IllegalStateException("vjp of " + node.describe() + " returned "
            + (gi == null ? "null" : gi.length + " gradients") + " for " + node.inputs.length
            + " inputs; return one per input (null for an input needing none)");
      }
      Anomaly.checkBackward(node, gi);
      for (int i = 0; i < gi.length; i++) {
        Tensor in = node.inputs[i];
        if (!(targets.contains(in) || (in.node() != null && relevant.contains(in.node())))) {
          continue;
        }
        if (gi[i] == null) {
          if (node.primitive.indexOrMaskInput(i) || !in.rawValue().dataType().isFPType()) {
            continue; // a mask, an index or an integer input: no gradient, by declaration
          }
          throw nullGradient(node, i);
        }
        checkGradient(node, i, gi[i], in);
        if (fast == null) {
          grads.merge(in, gi[i], Tensor::add);
        } else {
          fast.accumulate(grads, in, gi[i]);
        }
      }
      if (fast != null) {
        fast.afterNode(gi);
      }
      if (fast != null && !targets.contains(node.output)) {
        // Nothing downstream needs this cotangent again.
        fast.drop(grads.remove(node.output));
      }
    }
    Tensor[] out = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      Tensor g = grads.get(xs[i]);
      out[i] = g != null ? g : Tensor.zerosLike(xs[i]);
    }
    return out;
  }

  /**
   * After a VJP failed inside an open GEMM window: waits for the helper's GEMM all the same (its
   * output must not be freed while it writes), keeping the VJP's failure as the one reported.
   */
  private static void closeAfterFailure(Executor ex, boolean window, Throwable failure) {
    if (!window) {
      return;
    }
    try {
      ex.abandonGemmWindow();
    } catch (RuntimeException | Error second) {
      failure.addSuppressed(second);
    }
  }

  /**
   * Refuses a target that requires no gradient. The tape records only ops with an input that
   * requires one, so for a constant ({@code Tensor.of}, {@code detach()}, a non-differentiable
   * op's output, or a value computed without a tape) the ops that use it may be missing: any
   * answer, zero included, could be silently wrong ({@code gradient(w.mul(c).sum(), w, c)} gave 0
   * for {@code c}, not {@code w}). A variable the output does not depend on still gets zeros.
   */
  static void requireDifferentiable(Tensor[] xs) {
    for (int i = 0; i < xs.length; i++) {
      requireDifferentiable(xs[i], i);
    }
  }

  private static void requireDifferentiable(Tensor x, int i) {
    if (x == null) {
      throw new NullPointerException("gradient: target " + i + " is null");
    }
    if (x.requiresGrad()) {
      if (!x.rawValue().dataType().isFPType()) {
        // VJPs give integer inputs no gradient (null, by declaration), so the answer depended on
        // the path: x.castTo(DOUBLE).square() gave zeros, x.mul(x) an integer 2x. As PyTorch,
        // only floating-point tensors have gradients.
        throw new IllegalArgumentException("gradient: target " + i + " (" + x.rawValue().dataType() + " "
            + Shapes.str(x.rawValue().shape()) + ") is not floating-point; only float tensors have gradients"
            + " (integer values have no derivative, and the gradient would be silently zero or truncated):"
            + " make the variable from a floating array, e.g. Tensor.variable(array.castTo(DataType.DOUBLE))");
      }
      return;
    }
    if (x.graphEnded()) {
      throw Tape.keptFromClosedTape("target " + i, x);
    }
    String what = x.constantFrom() != null
        ? "the output of '" + x.constantFrom() + "', which is not differentiable (a constant)"
        : "a constant (made by Tensor.of, detach(), or computed from constants or outside a tape)";
    throw new IllegalArgumentException("gradient: target " + i + " (" + x.dtype() + " " + Shapes.str(x.shape())
        + ") is " + what + ", so the tape did not record the ops that use it and cannot give its gradient;"
        + " to differentiate with respect to it, make it with Tensor.variable(...) before using it");
  }

  /**
   * The fast path of a backward pass that no outer tape records (design notes, section 3b):
   * gradients are accumulated in place into sums this pass created, and cotangents are released
   * as soon as no gradient still refers to their memory.
   *
   * <p>Aliasing is the hazard: a VJP may return its incoming cotangent unchanged for several
   * inputs (add), or a view of it (reshape). So references are counted per root buffer over the
   * gradients held in the map; an array is mutated only if this pass created it as a sum, which
   * no VJP has seen yet ({@link #handOut}), and released only if this pass created it and no held
   * gradient shares its buffer. The seed and tensors from the forward pass are never touched.
   */
  private static final class FastPath {
    private final Arena arena;
    /** Ids of fast-path passes; a tensor's {@code createdInPass} holds the one that made it. */
    private static final java.util.concurrent.atomic.AtomicInteger PASSES = new java.util.concurrent.atomic.AtomicInteger();
    private final int pass = nextPass();
    private int scanned;
    private final Set<Tensor> sums = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Object, int[]> refs;

    /** A new pass id, never 0 (the mark of tensors no pass has scanned), even after wrapping. */
    private static int nextPass() {
      int p = PASSES.incrementAndGet();
      return p != 0 ? p : PASSES.incrementAndGet();
    }

    private FastPath(Arena arena, Tensor seed, int nodes) {
      this.arena = arena;
      this.scanned = arena.ownedCount();
      // Each cotangent is retained once.
      this.refs = new IdentityHashMap<>(nodes);
      retain(seed);
    }

    static FastPath open(Tensor seed, int nodes) {
      Arena a = Arena.owner();
      return a == null ? null : new FastPath(a, seed, nodes);
    }

    void accumulate(Map<Tensor, Tensor> grads, Tensor in, Tensor g) {
      Tensor old = grads.get(in);
      if (old == null) {
        grads.put(in, g);
        retain(g);
      } else if (sums.contains(old)) {
        INDArray sum = old.value();
        Executor.current().elementwise("add", sum, g.value(), sum);
      } else {
        Tensor sum = old.add(g);
        sums.add(sum);
        grads.put(in, sum);
        retain(sum);
        drop(old);
      }
    }

    /** {@code g} goes to a VJP, which may return it for several inputs: never mutate it again. */
    void handOut(Tensor g) {
      sums.remove(g);
    }

    /** After a node's gradients were all accumulated: release those no gradient refers to. */
    void afterNode(Tensor[] gi) {
      for (Tensor g : gi) {
        if (g != null) {
          releaseIfDead(g);
        }
      }
    }

    /** A gradient left the map: release it if this pass made it and nothing shares its memory. */
    void drop(Tensor g) {
      if (g == null) {
        return;
      }
      int[] c = refs.get(Versions.root(g.rawValue()));
      if (c != null && --c[0] == 0) {
        refs.remove(Versions.root(g.rawValue()));
      }
      releaseIfDead(g);
    }

    private void retain(Tensor g) {
      refs.computeIfAbsent(Versions.root(g.rawValue()), k -> new int[1])[0]++;
    }

    private void releaseIfDead(Tensor g) {
      if (g.isReleased() || refs.containsKey(Versions.root(g.rawValue()))) {
        return;
      }
      for (int n = arena.ownedCount(); scanned < n; scanned++) {
        arena.ownedAt(scanned).createdInPass = pass;
      }
      // A nested pass (a VJP that runs a backward pass of its own) may have re-marked tensors
      // this pass made: they are then only released when the tape closes, never too early.
      if (g.createdInPass == pass) {
        sums.remove(g);
        g.release();
      }
    }
  }

  /**
   * A VJP's gradient {@code g} for input {@code i} must be live and have the input's shape and
   * type: otherwise a later op would fail and blame itself, or ND4J would cast or broadcast
   * silently. No copies and no strings unless it throws (this runs once per input of every node).
   */
  private static void checkGradient(Node node, int i, Tensor g, Tensor in) {
    if (g.isReleased()) {
      throw new IllegalStateException("vjp of " + node.describe() + " returned for input " + i
          + " a tensor that was released when its tape or scope closed (a tensor from an earlier step,"
          + " kept in a field or a lambda?); a VJP must compute its gradients from g, y and x");
    }
    INDArray gv = g.rawValue();
    INDArray iv = in.rawValue();
    if (!Arrays.equals(gv.shape(), iv.shape())) {
      throw new IllegalStateException("vjp of " + node.describe() + " returned a gradient of shape "
          + Shapes.str(gv.shape()) + " for input " + i + " of shape " + Shapes.str(iv.shape())
          + "; a VJP must return gradients shaped like its inputs (see Broadcast.unbroadcast)");
    }
    if (gv.dataType() != iv.dataType()) {
      throw new IllegalStateException("vjp of " + node.describe() + " returned a " + gv.dataType()
          + " gradient for input " + i + ", which is " + iv.dataType() + " " + Shapes.str(iv.shape())
          + "; a VJP must return gradients of its inputs' types (Rewind never casts silently:"
          + " compute in the input's type, or castTo(DataType." + iv.dataType() + ") explicitly)");
    }
  }

  private static IllegalStateException nullGradient(Node node, int i) {
    Tensor in = node.inputs[i];
    return new IllegalStateException("vjp of " + node.describe() + " returned null for input " + i + " ("
        + in.rawValue().dataType() + " " + Shapes.str(in.rawValue().shape()) + "), which needs a gradient:"
        + " it requires one and the output depends on it. Return its gradient (Tensor.zerosLike(x[" + i
        + "]) where it is zero); null is only for an input that requires no gradient"
        + " (!x[" + i + "].requiresGrad()) or one declared by Primitive.indexOrMaskInput");
  }

  private static void checkVersions(Node node) {
    for (int i = 0; i < node.inputs.length; i++) {
      long now = Versions.of(node.inputs[i].rawValue());
      if (now != node.inputVersions[i]) {
        throw new IllegalStateException(node.primitive.name() + ": input " + i + " of shape "
            + Shapes.str(node.inputs[i].shape()) + ", saved for the backward pass, was modified in place"
            + " after the forward pass (version " + node.inputVersions[i] + " -> " + now + "); "
            + "update parameters only after computing gradients, or record the forward pass again");
      }
    }
    long now = Versions.of(node.output.rawValue());
    if (now != node.outputVersion) {
      throw new IllegalStateException(node.primitive.name() + ": its output of shape "
          + Shapes.str(node.output.shape()) + ", saved for the backward pass, was modified in place"
          + " (version " + node.outputVersion + " -> " + now + ")");
    }
  }

  /** Nodes reachable from y, each after all nodes it consumes (iterative post-order DFS). */
  static List<Node> topologicalOrder(Tensor y) {
    List<Node> order = new ArrayList<>();
    if (y.node() == null) {
      return order;
    }
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>(256));
    // The DFS stack as two growing arrays (node, next input to visit): no boxed frames.
    Node[] nodes = new Node[64];
    int[] next = new int[64];
    int top = 0;
    nodes[0] = y.node();
    seen.add(y.node());
    while (top >= 0) {
      Node n = nodes[top];
      int i = next[top];
      if (i < n.inputs.length) {
        next[top] = i + 1;
        Node child = n.inputs[i].node();
        if (child != null && seen.add(child)) {
          if (++top == nodes.length) {
            nodes = Arrays.copyOf(nodes, 2 * top);
            next = Arrays.copyOf(next, 2 * top);
          }
          nodes[top] = child;
          next[top] = 0;
        }
      } else {
        top--;
        order.add(n);
      }
    }
    return order;
  }

  /**
   * Whether a product in the graph has two gradient GEMMs large enough for the helper thread:
   * both factors require a gradient and it costs {@link Executor#ASYNC_MIN_MACS} multiply-adds
   * or more ({@code m·n·k = √(|A|·|B|·|C|)}, any transposes).
   */
  private static boolean hasGemmPair(List<Node> order) {
    for (Node n : order) {
      if (isGemmPair(n)) {
        double macs = Math.sqrt((double) n.inputs[0].rawValue().length() * n.inputs[1].rawValue().length()
            * n.output.rawValue().length());
        if (macs >= Executor.ASYNC_MIN_MACS) {
          return true;
        }
      }
    }
    return false;
  }

  /** A matrix product whose two factors both need a gradient: its VJP runs two independent GEMMs. */
  private static boolean isGemmPair(Node n) {
    return n.primitive instanceof MatMul && n.inputs[0].requiresGrad() && n.inputs[1].requiresGrad();
  }

  /** Nodes whose output depends on one of the targets: only they need a VJP. */
  private static Set<Node> relevantNodes(List<Node> order, Set<Tensor> targets) {
    Set<Node> rel = Collections.newSetFromMap(new IdentityHashMap<>(order.size()));
    for (Node n : order) {
      for (Tensor in : n.inputs) {
        if (targets.contains(in) || (in.node() != null && rel.contains(in.node()))) {
          rel.add(n);
          break;
        }
      }
    }
    return rel;
  }
}
