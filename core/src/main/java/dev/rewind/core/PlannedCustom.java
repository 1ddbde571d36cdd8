package dev.rewind.core;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;

/** A declarable op with its own context, arguments set once. */
final class PlannedCustom extends Plan.Entry {
  final String name;
  final long[] iArgs;
  final double[] tArgs;
  final boolean[] bArgs;
  final DataType[] inTypes;
  final long[][] inShapes;
  /** Output shapes when the caller passes outputs; null when this entry allocates them. */
  final long[][] outShapes;
  final DataType[] outTypes;
  /** The outputs this entry allocated from the op's shape function (empty otherwise). */
  final INDArray[] ownOutputs;
  final DynamicCustomOp op;
  final OpContext ctx;
  final long ctxKey;
  /** The shapes of {@link #ownOutputs}, to allocate one again after it escaped. */
  List<org.nd4j.linalg.api.shape.LongShapeDescriptor> ownShapes;
  INDArray[] lastIn;
  INDArray[] lastOut;

  PlannedCustom(String name, INDArray[] inputs, INDArray[] outputs, long[] iArgs, double[] tArgs,
      boolean[] bArgs, DynamicCustomOp op, OpContext ctx, long ctxKey, INDArray[] ownOutputs) {
    this.name = name;
    this.iArgs = iArgs == null ? null : iArgs.clone();
    this.tArgs = tArgs == null ? null : tArgs.clone();
    this.bArgs = bArgs == null ? null : bArgs.clone();
    this.inTypes = new DataType[inputs.length];
    this.inShapes = new long[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      inTypes[i] = inputs[i].dataType();
      inShapes[i] = inputs[i].shape().clone();
    }
    if (outputs != null) {
      outTypes = new DataType[outputs.length];
      outShapes = new long[outputs.length][];
      for (int i = 0; i < outputs.length; i++) {
        outTypes[i] = outputs[i].dataType();
        outShapes[i] = outputs[i].shape().clone();
      }
    } else {
      outTypes = null;
      outShapes = null;
    }
    this.op = op;
    this.ctx = ctx;
    this.ctxKey = ctxKey;
    this.ownOutputs = ownOutputs;
  }

  boolean matches(String n, INDArray[] inputs, INDArray[] outputs, long[] i, double[] t, boolean[] b) {
    if (!name.equals(n) || inputs.length != inShapes.length || (outputs == null) != (outShapes == null)
        || !sameArgs(iArgs, i) || !Arrays.equals(tArgs == null ? EMPTY_D : tArgs, t == null ? EMPTY_D : t)
        || !Arrays.equals(bArgs == null ? EMPTY_B : bArgs, b == null ? EMPTY_B : b)) {
      return false;
    }
    for (int k = 0; k < inputs.length; k++) {
      if (!Plan.sameSignature(inputs[k], inTypes[k], inShapes[k])) {
        return false;
      }
    }
    if (outputs != null) {
      if (outputs.length != outShapes.length) {
        return false;
      }
      for (int k = 0; k < outputs.length; k++) {
        if (!Plan.sameSignature(outputs[k], outTypes[k], outShapes[k])) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  INDArray[] owned() {
    return ownOutputs;
  }

  @Override
  void dispose(Plans plans) {
    super.dispose(plans);
    plans.recycle(ctxKey, ctx);
  }

  private static final double[] EMPTY_D = new double[0];
  private static final boolean[] EMPTY_B = new boolean[0];
  private static final long[] EMPTY_L = new long[0];

  private static boolean sameArgs(long[] a, long[] b) {
    return Arrays.equals(a == null ? EMPTY_L : a, b == null ? EMPTY_L : b);
  }
}
