package dev.rewind.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reverse-mode engine: walks the recorded graph from an output back to the requested inputs. */
final class Backward {
  private Backward() {}

  static Tensor[] run(Tensor y, Tensor seed, Tensor[] xs, boolean outermost) {
    if (y.constantFrom() != null) {
      throw new IllegalArgumentException("gradient: the output was produced by '" + y.constantFrom()
          + "', which is not differentiable (listed so in Primitives): its output is a constant");
    }
    Set<Tensor> targets = Collections.newSetFromMap(new IdentityHashMap<>());
    targets.addAll(Arrays.asList(xs));
    List<Node> order = topologicalOrder(y);
    Set<Node> relevant = relevantNodes(order, targets);

    Map<Tensor, Tensor> grads = new IdentityHashMap<>();
    grads.put(y, seed);
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
      Tensor[] gi;
      try {
        gi = node.primitive.vjp(g, node.output, node.inputs);
      } catch (RuntimeException e) {
        throw new IllegalStateException("backward of " + node.describe() + " failed: "
            + e.getMessage(), e);
      }
      if (gi == null || gi.length != node.inputs.length) {
        throw new IllegalStateException("vjp of '" + node.primitive.name() + "' returned "
            + (gi == null ? "null" : gi.length + " gradients") + " for " + node.inputs.length
            + " inputs; return one per input (null for an input needing none)");
      }
      Anomaly.checkBackward(node, gi);
      for (int i = 0; i < gi.length; i++) {
        Tensor in = node.inputs[i];
        if (gi[i] == null || !(targets.contains(in) || (in.node() != null && relevant.contains(in.node())))) {
          continue;
        }
        if (!Arrays.equals(gi[i].shape(), in.shape())) {
          throw new IllegalStateException("vjp of '" + node.primitive.name() + "' returned a gradient of shape "
              + Shapes.str(gi[i].shape()) + " for input " + i + " of shape " + Shapes.str(in.shape())
              + "; a VJP must return gradients shaped like its inputs (see Broadcast.unbroadcast)");
        }
        grads.merge(in, gi[i], Tensor::add);
      }
      if (outermost && !targets.contains(node.output)) {
        // Nothing downstream needs this cotangent again.
        grads.remove(node.output);
      }
    }
    Tensor[] out = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      Tensor g = grads.get(xs[i]);
      out[i] = g != null ? g : Tensor.zerosLike(xs[i]);
    }
    return out;
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
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {y.node(), 0});
    seen.add(y.node());
    while (!stack.isEmpty()) {
      Object[] top = stack.peek();
      Node n = (Node) top[0];
      int i = (Integer) top[1];
      if (i < n.inputs.length) {
        top[1] = i + 1;
        Node child = n.inputs[i].node();
        if (child != null && seen.add(child)) {
          stack.push(new Object[] {child, 0});
        }
      } else {
        stack.pop();
        order.add(n);
      }
    }
    return order;
  }

  /** Nodes whose output depends on one of the targets: only they need a VJP. */
  private static Set<Node> relevantNodes(List<Node> order, Set<Tensor> targets) {
    Set<Node> rel = Collections.newSetFromMap(new IdentityHashMap<>());
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
