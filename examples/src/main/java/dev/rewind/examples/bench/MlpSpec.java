package dev.rewind.examples.bench;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A multilayer perceptron training step as the benchmark defines it: layer widths, hidden
 * activation (ReLU or tanh), loss (softmax cross-entropy averaged over the batch, or squared
 * error averaged over all elements), batch size and SGD learning rate, plus the fixed data and
 * initial weights that every implementation starts from.
 */
record MlpSpec(String id, int[] widths, boolean relu, boolean crossEntropy, int batch, double lr) {

  /** W1: 784-512-512-10, ReLU, softmax cross-entropy, batch 128. */
  static MlpSpec w1() {
    return new MlpSpec("W1", new int[] {784, 512, 512, 10}, true, true, 128, 0.01);
  }

  /** W3: 20 layers of 64, tanh, MSE, batch 32. */
  static MlpSpec w3() {
    int[] w = new int[21];
    java.util.Arrays.fill(w, 64);
    return new MlpSpec("W3", w, false, false, 32, 0.01);
  }

  int layers() {
    return widths.length - 1;
  }

  /** Weights {@code [in, out]} (scaled uniform, fan-in) and zero-mean small biases {@code [out]}, float32. */
  INDArray[] initialParams(long seed) {
    Random r = new Random(seed);
    INDArray[] p = new INDArray[2 * layers()];
    for (int l = 0; l < layers(); l++) {
      int in = widths[l];
      int out = widths[l + 1];
      double scale = Math.sqrt((relu ? 6.0 : 3.0) / in);
      p[2 * l] = uniform(r, scale, in, out);
      p[2 * l + 1] = uniform(r, 0.1, out);
    }
    return p;
  }

  /** The input batch {@code [batch, widths[0]]}. */
  INDArray input(long seed) {
    return uniform(new Random(seed ^ 0x5DEECE66DL), 1.0, batch, widths[0]);
  }

  /** One-hot labels (cross-entropy) or regression targets in [-0.8, 0.8] (MSE), {@code [batch, out]}. */
  INDArray target(long seed) {
    Random r = new Random(seed ^ 0xBEEFL);
    int out = widths[widths.length - 1];
    if (!crossEntropy) {
      return uniform(r, 0.8, batch, out);
    }
    float[] oneHot = new float[batch * out];
    for (int i = 0; i < batch; i++) {
      oneHot[i * out + r.nextInt(out)] = 1f;
    }
    return Nd4j.create(oneHot, new long[] {batch, out}, DataType.FLOAT);
  }

  private static INDArray uniform(Random r, double scale, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * r.nextDouble() - 1) * scale);
    }
    return Nd4j.create(v, shape, DataType.FLOAT);
  }

  static INDArray[] dup(INDArray[] a) {
    INDArray[] out = new INDArray[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].dup();
    }
    return out;
  }
}
