package dev.rewind.core.ops;

import dev.rewind.core.Primitive;
import java.util.List;

/**
 * The table of every primitive Rewind ships: its name, its class, and whether it is
 * differentiable. Each differentiable entry has a VJP property test (a meta-test checks that);
 * non-differentiable entries produce constants on purpose.
 */
public final class Primitives {
  private Primitives() {}

  /** One row of the table. */
  public record Entry(String name, Class<? extends Primitive> type, boolean differentiable) {}

  private static Entry d(String name, Class<? extends Primitive> type) {
    return new Entry(name, type, true);
  }

  private static Entry n(String name, Class<? extends Primitive> type) {
    return new Entry(name, type, false);
  }

  /** Every primitive, differentiable first. */
  public static final List<Entry> ALL = List.of(
      d("add", Add.class), d("sub", Sub.class), d("mul", Mul.class), d("div", Div.class),
      d("neg", Neg.class), d("pow", Pow.class), d("pow_scalar", PowScalar.class),
      d("add_scalar", AddScalar.class), d("mul_scalar", MulScalar.class), d("div_scalar", DivScalar.class),
      d("rsub_scalar", RSubScalar.class),
      d("exp", Exp.class), d("log", Log.class), d("sqrt", Sqrt.class), d("abs", Abs.class),
      d("sin", Sin.class), d("cos", Cos.class), d("sigmoid", Sigmoid.class),
      d("sigmoid_grad", SigmoidGrad.class), d("tanh", Tanh.class), d("tanh_grad", TanhGrad.class),
      d("relu", Relu.class), d("leaky_relu", LeakyRelu.class), d("hardtanh", HardTanh.class),
      d("softsign", Softsign.class), d("softplus", Softplus.class), d("elu", Elu.class),
      d("maximum", Maximum.class), d("minimum", Minimum.class), d("clip", Clip.class),
      d("where", Where.class), d("matmul", MatMul.class), d("permute", Permute.class),
      d("reshape", Reshape.class), d("broadcast_to", BroadcastTo.class), d("sum", Sum.class),
      d("max", Max.class), d("min", Min.class), d("log_sum_exp", LogSumExp.class),
      d("softmax", Softmax.class), d("log_softmax", LogSoftmax.class), d("concat", Concat.class),
      d("slice", Slice.class), d("gather", Gather.class), d("scatter_add", ScatterAdd.class),
      d("variance", Variance.class), d("cast", Cast.class),
      n("compare", Compare.class), n("compare_scalar", CompareScalar.class), n("sign", Sign.class),
      n("argmax", ArgMax.class), n("one_hot", OneHot.class), n("bernoulli_mask", BernoulliMask.class));
}
