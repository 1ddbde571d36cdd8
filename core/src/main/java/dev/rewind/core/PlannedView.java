package dev.rewind.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A reshaped view of a c-ordered array: kept while the source array is the same object. */
final class PlannedView extends Plan.Entry {
  final DataType dtype;
  final long[] from;
  final long[] to;
  INDArray source;
  INDArray view;

  PlannedView(INDArray source, long[] to) {
    this.dtype = source.dataType();
    this.from = source.shape().clone();
    this.to = to.clone();
  }

  boolean matches(INDArray src, long[] shape) {
    return Arrays.equals(to, shape) && Plan.sameSignature(src, dtype, from);
  }

  @Override
  INDArray[] owned() {
    return NONE;
  }

  @Override
  void dispose(Plans plans) {
    source = null;
    view = null;
  }

  private static final INDArray[] NONE = new INDArray[0];
}
