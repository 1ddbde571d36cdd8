package dev.rewind.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A read-only view of one op recorded on a tape, for tools that inspect a graph (the tape audit):
 * the primitive, the input tensors it saw and where the user's code recorded it.
 */
public final class RecordedOp {
  private final Node node;

  private RecordedOp(Node node) {
    this.node = node;
  }

  /** The ops that produced {@code y}, in the order they ran (inputs before their consumers). */
  public static List<RecordedOp> history(Tensor y) {
    List<RecordedOp> out = new ArrayList<>();
    for (Node n : Backward.topologicalOrder(y)) {
      out.add(new RecordedOp(n));
    }
    return Collections.unmodifiableList(out);
  }

  /** The primitive. */
  public Primitive primitive() {
    return node.primitive;
  }

  /** The recorded inputs. */
  public List<Tensor> inputs() {
    return List.of(node.inputs);
  }

  /** The recorded output. */
  public Tensor output() {
    return node.output;
  }

  /**
   * The user's source line that recorded the op, when sites were captured; else null. Frames of
   * Rewind's core, nn and optim are skipped: for an op a layer recorded, the line that called
   * the layer ({@link #toString()} names the layer's line too).
   */
  public StackTraceElement site() {
    return node.site == null ? null : node.site.user;
  }

  /** {@code name([shape], [shape]) at Site.java:12}. */
  @Override
  public String toString() {
    return node.describe();
  }
}
