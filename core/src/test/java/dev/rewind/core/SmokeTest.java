package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.check.GradCheck;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SmokeTest {
  static INDArray r(long... s) {
    Nd4j.getRandom().setSeed(1);
    return Nd4j.rand(DataType.DOUBLE, s).muli(2).subi(1);
  }

  static void ok(String n, Function<Tensor, Tensor> f, INDArray x) {
    try {
      GradCheck.of(n, f).at(x).check();
      System.out.println("PASS " + n);
    } catch (Throwable e) {
      System.out.println("FAIL " + n + ": " + e.getMessage().split("\n")[0]);
    }
  }

  @Test
  void everything() {
    INDArray x = r(3, 4);
    INDArray pos = r(3, 4).addi(2);
    INDArray b = r(1, 4);
    ok("add", t -> t.add(Tensor.of(b)), x);
    ok("add-bcast-grad", t -> Tensor.of(x).add(t), b);
    ok("sub", t -> t.sub(Tensor.of(b)), x);
    ok("mul", t -> t.mul(Tensor.of(x)), b);
    ok("div", t -> Tensor.of(x).div(t), pos.getRow(0).reshape(1, 4).dup());
    ok("neg", Tensor::neg, x);
    ok("pow", t -> t.pow(Tensor.of(b)), pos);
    ok("powexp", t -> Tensor.of(pos).pow(t), b);
    ok("pow_scalar", t -> t.pow(3), x);
    ok("exp", Tensor::exp, x);
    ok("log", Tensor::log, pos);
    ok("sqrt", Tensor::sqrt, pos);
    ok("abs", Tensor::abs, x);
    ok("sin", Tensor::sin, x);
    ok("cos", Tensor::cos, x);
    ok("sigmoid", Tensor::sigmoid, x);
    ok("tanh", Tensor::tanh, x);
    ok("relu", Tensor::relu, x);
    ok("lrelu", t -> t.leakyRelu(0.1), x);
    ok("hardtanh", t -> t.mul(2).hardTanh(), x);
    ok("softsign", Tensor::softsign, x);
    ok("softplus", Tensor::softplus, x);
    ok("elu", t -> t.elu(0.7), x);
    ok("maximum", t -> t.maximum(Tensor.of(b)), x);
    ok("minimum", t -> t.minimum(Tensor.of(b)), x);
    ok("clip", t -> t.clip(-0.5, 0.5), x);
    ok("where", t -> Tensor.where(Tensor.of(x).gt(0.0), t, t.mul(3)), x);
    ok("matmul", t -> t.matmul(Tensor.of(r(4, 2))), x);
    ok("matmulT", t -> t.matmul(Tensor.of(r(2, 4)), false, true), x);
    ok("matmulTA", t -> t.matmul(Tensor.of(r(3, 2)), true, false), x);
    ok("bmm", t -> t.reshape(1, 3, 4).matmul(Tensor.of(r(1, 4, 2))), x);
    ok("permute", t -> t.transpose().mul(Tensor.of(r(4, 3))), x);
    ok("reshape", t -> t.reshape(2, 6).mul(Tensor.of(r(2, 6))), x);
    ok("broadcast_to", t -> t.broadcastTo(3, 4).mul(Tensor.of(x)), b);
    ok("sum", t -> t.sum(0), x);
    ok("sumk", t -> t.sum(true, 1), x);
    ok("sumall", Tensor::sum, x);
    ok("mean", t -> t.mean(1), x);
    ok("max", t -> t.max(false, 1), x);
    ok("min", t -> t.min(true, 0), x);
    ok("lse", t -> t.logSumExp(false, 1), x);
    ok("softmax", t -> t.softmax(1).mul(Tensor.of(x)), x);
    ok("logsoftmax", t -> t.logSoftmax(-1).mul(Tensor.of(x)), x);
    ok("concat", t -> Tensor.concat(0, t, t.mul(2)), x);
    ok("slice", t -> t.slice(1, 1, 3), x);
    ok("gather", t -> t.gather(1, Tensor.of(Nd4j.createFromArray(new long[][] {{1}, {3}, {1}}))), x);
    ok("variance", t -> t.variance(false, 0), x);
    GradCheck.of("cast", t -> t.castTo(DataType.FLOAT).castTo(DataType.DOUBLE)).at(x).eps(1e-2).tolerances(1e-3, 1e-2).check();
    GradCheck.of("tanh2", Tensor::tanh).at(x).secondOrder().check();
    GradCheck.of("mlp2", t -> t.matmul(Tensor.of(r(4, 5))).tanh().matmul(Tensor.of(r(5, 2))).softmax(1).sum()).at(x).secondOrder().check();
  }
}
