package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = mask ? a : b} element-wise (broadcasting all three), where the mask counts as true
 * where it is not 0. The mask is a constant and may be of any type (declared so by
 * {@link #indexOrMaskInput}); {@code a} and {@code b} share one type. {@code ∂/∂a = mask ? g : 0},
 * {@code ∂/∂b = mask ? 0 : g}, each summed back to its input's shape.
 */
public final class Where implements Primitive {
  @Override
  public String name() {
    return "where";
  }

  @Override
  public boolean indexOrMaskInput(int i) {
    return i == 0;
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    long[] shape = Shapes.broadcast(name(), Shapes.broadcast(name(), x[0].shape(), x[1].shape()), x[2].shape());
    INDArray z = ex.alloc(x[1].dataType(), shape);
    if (z.isEmpty()) {
      return z;
    }
    // ND4J's select takes operands of the output's shape and a BOOL condition: broadcast copies
    // and the condition are temporaries, freed below (left to the collector they grew the heap by
    // gigabytes over a few hundred steps).
    INDArray m = Raw.expand(ex, x[0], shape);
    INDArray cond = m;
    INDArray zero = null;
    if (m.dataType() != DataType.BOOL) {
      long[] ones = new long[shape.length];
      Arrays.fill(ones, 1);
      zero = ex.full(m.dataType(), ones, 0);
      cond = ex.alloc(DataType.BOOL, shape);
      ex.custom("not_equals", new INDArray[] {m, zero}, new INDArray[] {cond}, null, null, null);
    }
    INDArray a = Raw.expand(ex, x[1], shape);
    INDArray b = Raw.expand(ex, x[2], shape);
    ex.custom("select", new INDArray[] {cond, a, b}, new INDArray[] {z}, null, null, null);
    for (INDArray t : new INDArray[] {cond, zero, m, a, b}) {
      if (t != null && t != x[0] && t != x[1] && t != x[2]) {
        ex.free(t);
      }
    }
    return z;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    // where() again rather than g·mask: the mask may be of another type than g, and any non-zero
    // value selects, as in the forward pass.
    Tensor m = x[0].detach();
    Tensor zero = x[1].requiresGrad() || x[2].requiresGrad() ? Tensor.scalar(0, g.dtype()) : null;
    return new Tensor[] {null,
      x[1].requiresGrad() ? Broadcast.unbroadcast(Tensor.where(m, g, zero), x[1].shape()) : null,
      x[2].requiresGrad() ? Broadcast.unbroadcast(Tensor.where(m, zero, g), x[2].shape()) : null};
  }
}
