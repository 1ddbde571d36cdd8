package dev.rewind.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A plan entry for {@code Executor.alloc(dtype, shape)}: the array it handed out last step. */
final class PlannedAlloc extends Plan.Entry {
  final DataType dtype;
  final long[] shape;
  final INDArray[] array = new INDArray[1];

  PlannedAlloc(DataType dtype, long[] shape) {
    this.dtype = dtype;
    this.shape = shape;
  }

  boolean matches(DataType d, long[] s) {
    return dtype == d && Arrays.equals(shape, s);
  }

  @Override
  INDArray[] owned() {
    return array;
  }
}
