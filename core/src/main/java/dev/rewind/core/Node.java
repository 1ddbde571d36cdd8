package dev.rewind.core;

/**
 * One recorded op: the primitive, its input tensors, and the versions of the input and output
 * arrays at record time (to catch in-place modification before the backward pass).
 */
final class Node {
  final Primitive primitive;
  final Tensor[] inputs;
  final long[] inputVersions;
  long outputVersion;
  /** Where the user's code recorded this op; captured only in anomaly mode or a tape audit. */
  final Anomaly.Site site;
  /** The recorded output; set right after the forward pass. */
  Tensor output;

  Node(Primitive primitive, Tensor[] inputs, Anomaly.Site site) {
    this.primitive = primitive;
    this.inputs = inputs;
    this.site = site;
    this.inputVersions = new long[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      inputVersions[i] = Versions.of(inputs[i].rawValue());
    }
  }

  /** A short description: op name, input shapes, and the creation site when known. */
  String describe() {
    StringBuilder sb = new StringBuilder(primitive.name()).append('(');
    for (int i = 0; i < inputs.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(Shapes.str(inputs[i].rawValue().shape()));
    }
    sb.append(')');
    if (site != null) {
      sb.append(" at ").append(site);
    }
    return sb.toString();
  }
}
