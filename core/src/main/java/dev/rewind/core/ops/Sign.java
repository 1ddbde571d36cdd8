package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.JavaKernels;
import dev.rewind.core.NativeBuffers;
import dev.rewind.core.NonDifferentiable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * −1, 0 or 1 element-wise, and NaN for NaN (as NumPy and PyTorch). Not differentiable (its
 * derivative is 0 almost everywhere).
 */
public final class Sign implements NonDifferentiable {
  @Override
  public String name() {
    return "sign";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    INDArray in = x[0];
    DataType dt = in.dataType();
    if ((dt != DataType.FLOAT && dt != DataType.DOUBLE) || in.isEmpty()) {
      return Raw.unary(ex, in, (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.same.Sign(a, z));
    }
    // ND4J's sign gives 0 for NaN, which hid a NaN (an L1 penalty's gradient of a NaN weight
    // was 0); Math.signum keeps it.
    INDArray src = NativeBuffers.isPlain(in) ? in : ex.dup(in);
    INDArray z = ex.alloc(dt, in.shape());
    if (dt == DataType.FLOAT) {
      JavaKernels.map(src, z, (JavaKernels.FloatUnary) (a, o, n) -> {
        for (int i = 0; i < n; i++) {
          o[i] = Math.signum(a[i]);
        }
      });
    } else {
      JavaKernels.map(src, z, (JavaKernels.DoubleUnary) (a, o, n) -> {
        for (int i = 0; i < n; i++) {
          o[i] = Math.signum(a[i]);
        }
      });
    }
    if (src != in) {
      ex.free(src);
    }
    return z;
  }
}
