package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random programs — chains and small DAGs of 3 to 8 random primitives on random small shapes —
 * gradient-checked end to end in float64.
 *
 * <p>The program is built at its check point: every step is chosen knowing the concrete value
 * of the nodes it reads, so it can keep clear of non-differentiable points deterministically
 * (never flaky): kinked ops (relu, abs, leaky relu, hard tanh, clip, maximum, minimum) are
 * applied to {@code h − c} with a constant shift {@code c} that keeps every element at least
 * {@value #MARGIN} from the kinks; max/min reductions with a near tie are replaced by
 * log-sum-exp; log, sqrt, fractional powers and divisors read {@code softplus(h) + 0.1}; large
 * values are squashed by a tanh before they can overflow exp. The shifts and masks are constants
 * of the program, and a 1e-6 central-difference step moves no element across a margin.
 */
class RandomProgramProperties {
  static final double MARGIN = 0.01;
  static final int MAX_LENGTH = 64;

  @Property(tries = 40)
  void randomDagsMatchCentralDifferences(@ForAll long seed, @ForAll @IntRange(min = 3, max = 8) int steps) {
    Program.build(seed, steps, true).check();
  }

  @Property(tries = 20)
  void randomChainsMatchCentralDifferences(@ForAll long seed, @ForAll @IntRange(min = 3, max = 8) int steps) {
    Program.build(seed, steps, false).check();
  }

  @Example
  void fixedSeedsMatchCentralDifferences() {
    for (long seed = 1; seed <= 12; seed++) {
      Program.build(seed, 3 + (int) (seed % 6), seed % 3 != 0).check();
    }
  }

  /** One step: reads earlier nodes, makes a new one. */
  record Step(String description, Function<List<Tensor>, Tensor> fn) {}

  /** Inputs, the steps, and a description for reports. */
  static final class Program {
    private final INDArray[] inputs;
    private final List<Step> steps = new ArrayList<>();
    private final List<Tensor> vals = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();
    private final Random rnd;
    private final boolean dag;

    private Program(Random rnd, boolean dag, INDArray... inputs) {
      this.rnd = rnd;
      this.dag = dag;
      this.inputs = inputs;
      for (INDArray x : inputs) {
        vals.add(Tensor.of(x));
        consumed.add(false);
      }
    }

    static Program build(long seed, int n, boolean dag) {
      Random rnd = new Random(seed);
      long[] xs = shape(rnd);
      Program p;
      if (rnd.nextBoolean()) {
        long[] ys = xs.clone();
        for (int i = 0; i < ys.length; i++) {
          ys[i] = rnd.nextInt(3) == 0 ? 1 : ys[i];
        }
        if (rnd.nextBoolean()) { // drop leading axes: [m] with [n, m]
          ys = Arrays.copyOfRange(ys, rnd.nextInt(ys.length), ys.length);
        }
        p = new Program(rnd, dag, values(rnd, xs), values(rnd, ys));
        boolean mul = rnd.nextBoolean();
        p.add("x0 " + (mul ? "*" : "+") + " x1", 0, 1, mul ? l -> l.get(0).mul(l.get(1)) : l -> l.get(0).add(l.get(1)));
      } else {
        p = new Program(rnd, dag, values(rnd, xs));
      }
      for (int i = 0; i < n; i++) {
        p.randomStep();
      }
      return p;
    }

    private static long[] shape(Random rnd) {
      int rank = 1 + rnd.nextInt(3);
      long[] s = new long[rank];
      do {
        for (int i = 0; i < rank; i++) {
          s[i] = 1 + rnd.nextInt(rank == 1 ? 6 : 4);
        }
      } while (length(s) > 24);
      return s;
    }

    private static INDArray values(Random rnd, long[] shape) {
      double[] v = new double[(int) length(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = -1.5 + 3 * rnd.nextDouble();
      }
      return Nd4j.createFromArray(v).reshape('c', shape);
    }

    private static long length(long[] s) {
      long n = 1;
      for (long d : s) {
        n *= d;
      }
      return n;
    }

    /** Appends a step reading nodes {@code a} and {@code b} and computes its value at the check point. */
    private void add(String desc, int a, int b, Function<List<Tensor>, Tensor> fn) {
      String d = "n" + vals.size() + " = " + desc.replace("x0", "n" + a).replace("x1", "n" + b);
      Function<List<Tensor>, Tensor> f = l -> fn.apply(List.of(l.get(a), l.get(b)));
      steps.add(new Step(d, f));
      vals.add(f.apply(vals));
      consumed.set(a, true);
      consumed.set(b, true);
      consumed.add(false);
      if (vals.get(vals.size() - 1).rank() == 0) { // a full reduction: give axis-taking steps an axis again
        int last = vals.size() - 1;
        add("broadcastTo(x0, [2])", last, last, l -> l.get(0).broadcastTo(2));
        return;
      }
      double big = maxAbs(vals.size() - 1);
      if (big > 4) { // keep values small so that exp cannot overflow and differences stay accurate
        int last = vals.size() - 1;
        double s = 2 / big;
        add("tanh(x0 * " + s + ") * 3", last, last, l -> l.get(0).mul(s).tanh().mul(3));
      }
    }

    private void add(String desc, int a, Function<Tensor, Tensor> fn) {
      add(desc, a, a, l -> fn.apply(l.get(0)));
    }

    private double maxAbs(int node) {
      double m = 0;
      for (double v : vals.get(node).toDoubleArray()) {
        m = Math.max(m, Math.abs(v));
      }
      return m;
    }

    private int pick() {
      int last = vals.size() - 1;
      return !dag || rnd.nextInt(5) < 3 ? last : rnd.nextInt(vals.size());
    }

    private long[] shapeOf(int node) {
      return vals.get(node).shape();
    }

    /** Another node whose shape broadcasts with {@code a}'s to at most 64 elements (a itself if none). */
    private int partner(int a) {
      List<Integer> ok = new ArrayList<>();
      for (int i = 0; i < vals.size(); i++) {
        long[] s = broadcast(shapeOf(a), shapeOf(i));
        if (s != null && length(s) <= MAX_LENGTH && (dag || i == a || i == vals.size() - 1)) {
          ok.add(i);
        }
      }
      return ok.isEmpty() ? a : ok.get(rnd.nextInt(ok.size()));
    }

    static long[] broadcast(long[] a, long[] b) {
      int r = Math.max(a.length, b.length);
      long[] s = new long[r];
      for (int i = 0; i < r; i++) {
        long x = i < r - a.length ? 1 : a[i - (r - a.length)];
        long y = i < r - b.length ? 1 : b[i - (r - b.length)];
        if (x != y && x != 1 && y != 1) {
          return null;
        }
        s[i] = Math.max(x, y);
      }
      return s;
    }

    /** A shift c so that every element of {@code v} − c is at least MARGIN away from every kink. */
    private static double shift(double[] v, double... kinks) {
      for (int j = 0; j < 2000; j++) {
        double c = (j % 2 == 0 ? 1 : -1) * (j / 2) * 0.004;
        boolean ok = true;
        for (double x : v) {
          for (double k : kinks) {
            ok &= Math.abs(x - c - k) >= MARGIN;
          }
        }
        if (ok) {
          return c;
        }
      }
      throw new IllegalStateException("no shift clears the kinks " + Arrays.toString(kinks));
    }

    private double shiftOf(int node, double... kinks) {
      return shift(vals.get(node).toDoubleArray(), kinks);
    }

    private void randomStep() {
      int a = pick();
      if (shapeOf(a).length == 0) {
        // A DAG may pick an earlier full reduction (rank 0); most steps need an axis. The newest
        // node never has rank 0 (a reduction is followed by a broadcast).
        a = vals.size() - 1;
      }
      long[] s = shapeOf(a);
      int r = s.length;
      switch (rnd.nextInt(30)) {
        case 0 -> add("-x0", a, Tensor::neg);
        case 1 -> {
          double c = rnd.nextDouble() - 0.5;
          add("x0 + " + c, a, h -> h.add(c));
        }
        case 2 -> {
          double c = rnd.nextDouble() * 2 - 1;
          add("x0 * " + c, a, h -> h.mul(c));
        }
        case 3 -> add("exp(x0)", a, Tensor::exp);
        case 4 -> {
          boolean sin = rnd.nextBoolean();
          add(sin ? "sin(x0)" : "cos(x0)", a, sin ? Tensor::sin : Tensor::cos);
        }
        case 5 -> add("sigmoid(x0)", a, Tensor::sigmoid);
        case 6 -> add("tanh(x0)", a, Tensor::tanh);
        case 7 -> {
          boolean softsign = rnd.nextBoolean();
          add(softsign ? "softsign(x0)" : "softplus(x0)", a, softsign ? Tensor::softsign : Tensor::softplus);
        }
        case 8 -> {
          double c = shiftOf(a, 0);
          add("elu(x0 - " + c + ", 0.5)", a, h -> h.sub(c).elu(0.5));
        }
        case 9 -> {
          double c = shiftOf(a, 0);
          int which = rnd.nextInt(3);
          String[] names = {"relu", "abs", "leakyRelu"};
          add(names[which] + "(x0 - " + c + ")", a, h -> {
            Tensor d = h.sub(c);
            return which == 0 ? d.relu() : which == 1 ? d.abs() : d.leakyRelu(0.2);
          });
        }
        case 10 -> {
          double c = shiftOf(a, -1, 1);
          add("hardTanh(x0 - " + c + ")", a, h -> h.sub(c).hardTanh());
        }
        case 11 -> {
          double c = shiftOf(a, -0.5, 0.5);
          add("clip(x0 - " + c + ", -0.5, 0.5)", a, h -> h.sub(c).clip(-0.5, 0.5));
        }
        case 12 -> {
          int which = rnd.nextInt(3);
          String[] names = {"log", "sqrt", "pow1.5"};
          add(names[which] + "(softplus(x0) + 0.1)", a, h -> {
            Tensor pos = h.softplus().add(0.1);
            return which == 0 ? pos.log() : which == 1 ? pos.sqrt() : pos.pow(1.5);
          });
        }
        case 13 -> add("square(x0)", a, Tensor::square);
        case 14, 15 -> {
          int b = partner(a);
          int op = rnd.nextInt(5);
          String[] names = {"+", "-", "*", "/ (softplus(x1) + 0.5)", "^ x1 on softplus(x0) + 0.2"};
          add("x0 " + names[op] + (op < 3 ? " x1" : ""), a, b, l -> switch (op) {
            case 0 -> l.get(0).add(l.get(1));
            case 1 -> l.get(0).sub(l.get(1));
            case 2 -> l.get(0).mul(l.get(1));
            case 3 -> l.get(0).div(l.get(1).softplus().add(0.5));
            default -> l.get(0).softplus().add(0.2).pow(l.get(1).tanh());
          });
        }
        case 16 -> {
          int b = partner(a);
          double[] diff = vals.get(a).sub(vals.get(b)).toDoubleArray();
          double c = shift(diff, 0);
          boolean max = rnd.nextBoolean();
          add((max ? "maximum" : "minimum") + "(x0, x1 + " + c + ")", a, b, l -> max
              ? l.get(0).maximum(l.get(1).add(c)) : l.get(0).minimum(l.get(1).add(c)));
        }
        case 17 -> {
          int b = partner(a);
          long[] out = broadcast(s, shapeOf(b));
          double[] m = new double[(int) length(out)];
          for (int i = 0; i < m.length; i++) {
            m[i] = rnd.nextBoolean() ? 1 : 0;
          }
          INDArray mask = Nd4j.createFromArray(m).reshape('c', out);
          add("where(" + Arrays.toString(m) + ", x0, x1)", a, b, l -> Tensor.where(Tensor.of(mask), l.get(0), l.get(1)));
        }
        case 18 -> {
          boolean keep = rnd.nextBoolean();
          int[] axes = randomAxes(r);
          int kind = rnd.nextInt(4);
          String[] names = {"sum", "logSumExp", "variance", "mean"};
          add(names[kind] + "(x0, keep=" + keep + ", axes=" + Arrays.toString(axes) + ")", a, h -> switch (kind) {
            case 0 -> h.sum(keep, axes);
            case 1 -> h.logSumExp(keep, axes);
            case 2 -> h.variance(keep, axes);
            default -> h.mean(keep, axes);
          });
        }
        case 19 -> {
          boolean keep = rnd.nextBoolean();
          int[] axes = randomAxes(r);
          boolean max = rnd.nextBoolean();
          Tensor h = vals.get(a);
          Tensor y = max ? h.max(true, axes) : h.min(true, axes);
          boolean clear = h.sub(y).abs().lt(MARGIN).sum().item() == y.length(); // the extreme is unique in each group
          add((clear ? (max ? "max" : "min") : "logSumExp (near tie)") + "(x0, keep=" + keep + ", axes="
              + Arrays.toString(axes) + ")", a, t -> clear ? (max ? t.max(keep, axes) : t.min(keep, axes))
              : t.logSumExp(keep, axes));
        }
        case 20 -> {
          int axis = rnd.nextInt(2 * r) - r;
          boolean log = rnd.nextBoolean();
          add((log ? "logSoftmax" : "softmax") + "(x0, " + axis + ")", a, h -> log ? h.logSoftmax(axis) : h.softmax(axis));
        }
        case 21 -> {
          List<Integer> perm = new ArrayList<>();
          for (int i = 0; i < r; i++) {
            perm.add(i);
          }
          java.util.Collections.shuffle(perm, rnd);
          int[] p = perm.stream().mapToInt(Integer::intValue).toArray();
          add("permute(x0, " + Arrays.toString(p) + ")", a, h -> h.permute(p));
        }
        case 22 -> {
          long n = length(s);
          long d = 1 + rnd.nextInt((int) n);
          while (n % d != 0) {
            d--;
          }
          long[] target = rnd.nextBoolean() ? new long[] {n} : new long[] {d, -1};
          add("reshape(x0, " + Arrays.toString(target) + ")", a, h -> h.reshape(target));
        }
        case 23 -> {
          int axis = rnd.nextInt(r);
          long from = rnd.nextInt((int) s[axis]);
          long to = from + 1 + rnd.nextInt((int) (s[axis] - from));
          add("slice(x0, " + axis + ", " + from + ", " + to + ")", a, h -> h.slice(axis, from, to));
        }
        case 24 -> {
          int b = rnd.nextInt(vals.size());
          int axis = rnd.nextInt(r);
          long[] sb = shapeOf(b);
          boolean fits = sb.length == r && length(s) + length(sb) <= MAX_LENGTH;
          for (int i = 0; fits && i < r; i++) {
            fits = i == axis || sb[i] == s[i];
          }
          if (fits) {
            add("concat(" + axis + ", x0, x1)", a, b, l -> Tensor.concat(axis, l.get(0), l.get(1)));
          } else if (2 * length(s) <= MAX_LENGTH) {
            add("concat(" + axis + ", x0, tanh(x0))", a, h -> Tensor.concat(axis, h, h.tanh()));
          } else {
            add("tanh(x0)", a, Tensor::tanh);
          }
        }
        case 25 -> {
          int axis = rnd.nextInt(r);
          long[] is = s.clone();
          is[axis] = 1 + rnd.nextInt(3);
          double[] idx = new double[(int) length(is)];
          for (int i = 0; i < idx.length; i++) {
            idx[i] = rnd.nextInt((int) s[axis]);
          }
          INDArray indices = Nd4j.createFromArray(idx).reshape('c', is).castTo(DataType.INT64);
          add("gather(x0, " + axis + ", " + Arrays.toString(idx) + ")", a, h -> h.gather(axis, Tensor.of(indices)));
        }
        case 26 -> {
          if (2 * length(s) <= MAX_LENGTH) {
            long[] target = new long[r + 1];
            target[0] = 2;
            System.arraycopy(s, 0, target, 1, r);
            add("broadcastTo(x0, " + Arrays.toString(target) + ")", a, h -> h.broadcastTo(target));
          } else {
            add("sigmoid(x0)", a, Tensor::sigmoid);
          }
        }
        case 27, 28 -> matmulStep(a, s);
        default -> {
          if (r == 2 && s[0] * s[0] <= MAX_LENGTH) { // a·aᵀ: both operands variable
            add("matmul(x0, x0ᵀ)", a, h -> h.matmul(h, false, true));
          } else {
            matmulStep(a, s);
          }
        }
      }
    }

    private void matmulStep(int a, long[] s) {
      int r = s.length;
      long n = 1 + rnd.nextInt(3);
      if (r == 3) {
        INDArray w = values(rnd, new long[] {s[0], s[2], n});
        add("matmul(x0, W" + Arrays.toString(w.shape()) + ")", a, h -> h.matmul(Tensor.of(w)));
      } else {
        long[] m2 = r == 2 ? s : r == 1 ? new long[] {1, s[0]} : r == 0 ? new long[] {1, 1}
            : new long[] {length(s) / s[r - 1], s[r - 1]};
        boolean tb = rnd.nextBoolean();
        INDArray w = values(rnd, tb ? new long[] {n, m2[1]} : new long[] {m2[1], n});
        add("matmul(x0 as " + Arrays.toString(m2) + ", W" + Arrays.toString(w.shape()) + (tb ? "ᵀ" : "") + ")", a,
            h -> h.reshape(m2).matmul(Tensor.of(w), false, tb));
      }
    }

    private int[] randomAxes(int r) {
      List<Integer> axes = new ArrayList<>();
      for (int i = 0; i < r; i++) {
        if (rnd.nextBoolean()) {
          axes.add(rnd.nextBoolean() ? i : i - r);
        }
      }
      return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The program's output: its last node, plus the sums of nodes nothing read (so every node counts). */
    Tensor run(Tensor[] xs) {
      List<Tensor> nodes = new ArrayList<>(Arrays.asList(xs));
      for (Step st : steps) {
        nodes.add(st.fn().apply(nodes));
      }
      Tensor out = nodes.get(nodes.size() - 1);
      for (int i = inputs.length; i < nodes.size() - 1; i++) {
        if (!consumed.get(i)) {
          out = out.add(nodes.get(i).sum());
        }
      }
      return out;
    }

    void check() {
      GradCheck.ofMany(toString(), this::run).at(inputs).check();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("program(");
      for (int i = 0; i < inputs.length; i++) {
        sb.append(i == 0 ? "" : ", ").append('n').append(i).append(Arrays.toString(inputs[i].shape()));
      }
      sb.append(dag ? ") dag:" : ") chain:");
      for (Step st : steps) {
        sb.append("\n  ").append(st.description());
      }
      return sb.toString();
    }
  }
}
