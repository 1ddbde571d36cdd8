package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code C = op(A)·op(B)} for matrices or batches of matrices (rank 3, same batch), where
 * {@code op} transposes the last two axes when its flag is set. The VJP uses GEMM transpose
 * flags instead of transposed copies: for {@code C = A·B}, {@code ∂A = G·Bᵀ} and
 * {@code ∂B = Aᵀ·G}; the other three cases follow by transposing.
 */
public final class MatMul implements Primitive {
  private final boolean ta;
  private final boolean tb;

  /** A product with optional transposes of either side. */
  public MatMul(boolean transposeA, boolean transposeB) {
    this.ta = transposeA;
    this.tb = transposeB;
  }

  @Override
  public String name() {
    return "matmul";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    INDArray a = x[0];
    INDArray b = x[1];
    Raw.requireFloat(this, a);
    int r = a.rank();
    if (r != b.rank() || (r != 2 && r != 3)) {
      throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape()) + " · " + Shapes.str(b.shape())
          + ": needs two matrices (rank 2) or two batches of matrices (rank 3)");
    }
    long[] as = a.shape();
    long[] bs = b.shape();
    if (r == 3 && as[0] != bs[0]) {
      throw new IllegalArgumentException("matmul: " + Shapes.str(as) + " · " + Shapes.str(bs)
          + ": batch sizes " + as[0] + " and " + bs[0] + " differ");
    }
    long ak = ta ? as[r - 2] : as[r - 1];
    long bk = tb ? bs[r - 1] : bs[r - 2];
    if (ak != bk) {
      throw new IllegalArgumentException("matmul: " + Shapes.str(as) + (ta ? "ᵀ" : "") + " · "
          + Shapes.str(bs) + (tb ? "ᵀ" : "") + ": inner dimensions " + ak + " and " + bk + " differ");
    }
    long m = ta ? as[r - 1] : as[r - 2];
    long n = tb ? bs[r - 2] : bs[r - 1];
    INDArray z = r == 2 ? ex.alloc(a.dataType(), m, n) : ex.alloc(a.dataType(), as[0], m, n);
    if (a.isEmpty() || b.isEmpty()) {
      return z.isEmpty() ? z : z.assign(0); // a product with an empty factor: an empty sum is 0
    }
    return ex.matmul(a, ta, b, tb, z);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor a = x[0];
    Tensor b = x[1];
    Tensor da = null;
    Tensor db = null;
    if (!ta && !tb) {
      da = a.requiresGrad() ? g.matmul(b, false, true) : null;
      db = b.requiresGrad() ? a.matmul(g, true, false) : null;
    } else if (ta && !tb) {
      da = a.requiresGrad() ? b.matmul(g, false, true) : null;
      db = b.requiresGrad() ? a.matmul(g, false, false) : null;
    } else if (!ta) {
      da = a.requiresGrad() ? g.matmul(b, false, false) : null;
      db = b.requiresGrad() ? g.matmul(a, true, false) : null;
    } else {
      da = a.requiresGrad() ? b.matmul(g, true, true) : null;
      db = b.requiresGrad() ? g.matmul(a, true, true) : null;
    }
    return new Tensor[] {da, db};
  }
}
