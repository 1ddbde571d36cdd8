package dev.rewind.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one-pass rules run by {@code JavaKernels.update}: Adam's is the course's formula element by
 * element across chunk boundaries in float32 and float64, every rule agrees with its composed ND4J
 * form, and layouts the pass does not take are left to the composed form.
 */
class MomentRulesTest {
  private static void check(DataType dt, int n, double eps, double tol) {
    Nd4j.getRandom().setSeed(n);
    INDArray m = Nd4j.rand(DataType.DOUBLE, n).subi(0.5).castTo(dt);
    INDArray v = Nd4j.rand(DataType.DOUBLE, n).muli(0.01).castTo(dt);
    INDArray u = Nd4j.rand(DataType.DOUBLE, n).subi(0.5).muli(3).castTo(dt);
    double[] g0 = u.toDoubleVector();
    double[] m0 = m.toDoubleVector();
    double[] v0 = v.toDoubleVector();
    assertTrue(MomentRules.applies(u, m, v));
    int k = 7;
    MomentRules.Rule adam = MomentRules.adam(0.9, 0.999, eps, k);
    dev.rewind.core.JavaKernels.update(u, m, v, adam.f(), adam.d());
    for (int i = 0; i < n; i++) {
      if (dt == DataType.FLOAT) {
        // float32: the formula in float arithmetic, in the kernel's order (what is checked here
        // is the chunked copying; the formula itself is checked in float64 below)
        float c1 = (float) (1 / (1 - Math.pow(0.9, k)));
        float c2 = (float) (1 / (1 - Math.pow(0.999, k)));
        float g = (float) g0[i];
        float mi = 0.9f * (float) m0[i] + (1 - 0.9f) * g;
        float vi = 0.999f * (float) v0[i] + (1 - 0.999f) * g * g;
        float want = (mi * c1) / ((float) Math.sqrt(vi * c2) + (float) eps);
        assertEquals(want, u.getFloat(i), 0f, "u at " + i + " (float32, n = " + n + ")");
        assertEquals(mi, m.getFloat(i), 0f);
        assertEquals(vi, v.getFloat(i), 0f);
        continue;
      }
      double mi = 0.9 * m0[i] + 0.1 * g0[i];
      double vi = 0.999 * v0[i] + 0.001 * g0[i] * g0[i];
      double want = (mi / (1 - Math.pow(0.9, k))) / (Math.sqrt(vi / (1 - Math.pow(0.999, k))) + eps);
      assertEquals(mi, m.getDouble(i), tol * (1 + Math.abs(mi)), "M at " + i);
      assertEquals(vi, v.getDouble(i), tol * (1 + Math.abs(vi)), "G at " + i);
      assertEquals(want, u.getDouble(i), tol * (1 + Math.abs(want)), "u at " + i + " (" + dt + ", n = " + n + ")");
    }
  }

  @Test
  void matchesTheFormulaAcrossChunks() {
    for (int n : new int[] {1, 5, (1 << 12) - 1, (1 << 12) + 3, (1 << 14) + 3, 40_000}) {
      check(DataType.DOUBLE, n, 1e-8, 1e-14);
      check(DataType.FLOAT, n, 1e-8, 0);
    }
    check(DataType.DOUBLE, 100, 0.5, 1e-14);
  }

  @Test
  void viewsAndOtherOrdersAreLeftToTheComposedForm() {
    INDArray base = Nd4j.rand(DataType.FLOAT, 6, 4);
    INDArray z = Nd4j.zeros(DataType.FLOAT, 3, 4);
    INDArray view = base.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5), org.nd4j.linalg.indexing.NDArrayIndex.all());
    assertFalse(MomentRules.applies(view, z, z.dup()));
    assertFalse(MomentRules.applies(z.dup('f'), z, z.dup()));
    assertFalse(MomentRules.applies(z, z.castTo(DataType.DOUBLE), z.dup()));
    assertFalse(MomentRules.applies(Nd4j.zeros(DataType.INT, 3, 4), Nd4j.zeros(DataType.INT, 3, 4), Nd4j.zeros(DataType.INT, 3, 4)));
  }

  /**
   * Each adaptive transform's one-pass kernel (c-ordered arrays) agrees with its composed ND4J
   * form (the same values in f order, which the kernel does not take) over three steps.
   */
  @Test
  void everyKernelAgreesWithItsComposedForm() {
    Transform[] ts = {Transforms.scaleByAdagrad(1e-10), Transforms.scaleByRms(0.9, 1e-8),
      Transforms.scaleByAdadelta(0.9, 1e-6), Transforms.scaleByAdam(0.9, 0.999, 1e-8),
      Transforms.scaleByNadam(0.9, 0.999, 1e-8)};
    for (Transform tr : ts) {
      for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
        int rows = 130;
        int cols = 131; // 17030 values: a chunk and a bit
        Nd4j.getRandom().setSeed(3);
        INDArray p = Nd4j.rand(dt, rows, cols);
        INDArray[] sc = new INDArray[tr.slots().size()];
        INDArray[] sf = new INDArray[sc.length];
        for (int i = 0; i < sc.length; i++) {
          sc[i] = Nd4j.zeros(dt, rows, cols);
          sf[i] = Nd4j.zeros(dt, rows, cols).dup('f'); // not zeros(dt, 'f', ...): the char widens to a size
        }
        for (int t = 0; t < 3; t++) {
          INDArray g = Nd4j.rand(dt, rows, cols).subi(0.5).muli(t + 1);
          INDArray uc = g.dup('c');
          INDArray uf = g.dup('f');
          assertTrue(MomentRules.applies(uc, sc[0], sc.length > 1 ? sc[1] : null));
          assertFalse(MomentRules.applies(uf, sf[0], sf.length > 1 ? sf[1] : null));
          tr.apply(uc, p, sc, t);
          tr.apply(uf, p, sf, t);
          double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
          assertTrue(uc.equalsWithEps(uf.dup('c'), tol * Math.max(1, uc.amaxNumber().doubleValue())),
              tr + " " + dt + " step " + t + ": the kernel's direction differs from the composed form's");
          for (int i = 0; i < sc.length; i++) {
            assertTrue(sc[i].equalsWithEps(sf[i].dup('c'), tol * Math.max(1, sc[i].amaxNumber().doubleValue())),
                tr + " " + dt + " step " + t + ": state " + tr.slots().get(i));
          }
        }
      }
    }
  }
}
