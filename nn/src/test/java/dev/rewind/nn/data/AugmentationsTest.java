package dev.rewind.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AugmentationsTest {
  static INDArray images(int b, DataType t) {
    return Nd4j.rand(DataType.DOUBLE, b, 784).castTo(t);
  }

  @Test
  void flipTwiceIsIdentityAndMovesPixelsAcross() {
    INDArray x = images(4, DataType.FLOAT);
    INDArray f = Augmentations.flipHorizontal(x);
    assertEquals(x, Augmentations.flipHorizontal(f));
    assertEquals(x.getDouble(2, 3 * 28 + 5), f.getDouble(2, 3 * 28 + 22), 0);
    assertEquals(DataType.FLOAT, f.dataType());
  }

  @Test
  void shiftMovesAKnownPixelAndFillsWithZero() {
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 784);
    x.putScalar(0, 10 * 28 + 10, 1.0); // (r 10, c 10)
    INDArray s = Augmentations.shift(x, 2, -3); // right 2, up 3
    assertEquals(1.0, s.getDouble(0, 7 * 28 + 12), 0);
    assertEquals(1.0, s.sumNumber().doubleValue(), 0);
    INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, 784);
    INDArray shifted = Augmentations.shift(ones, 1, 0);
    assertEquals(0.0, shifted.getDouble(0, 5 * 28), 0, "uncovered left column is zero");
    assertEquals(784 - 28, shifted.sumNumber().doubleValue(), 0);
  }

  @Test
  void gaussianNoiseHasTheRequestedStandardDeviation() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 64, 784);
    INDArray n = Augmentations.gaussianNoise(0.2).apply(x, 5, 1, 2);
    assertEquals(0.0, n.meanNumber().doubleValue(), 0.005);
    assertEquals(0.2, n.castTo(DataType.DOUBLE).stdNumber().doubleValue(), 0.005);
    assertEquals(0, x.sumNumber().doubleValue(), 0, "input untouched");
  }

  @Test
  void randomAugmentationsAreReproducibleFromSeedEpochAndStep() {
    INDArray x = images(16, DataType.FLOAT);
    Augmentation aug = Augmentations.compose(Augmentations.horizontalFlip(0.5), Augmentations.shift(2),
        Augmentations.gaussianNoise(0.1));
    INDArray a = aug.apply(x, 42, 3, 7);
    assertEquals(a, aug.apply(x, 42, 3, 7));
    assertNotEquals(a, aug.apply(x, 42, 3, 8));
    assertNotEquals(a, aug.apply(x, 42, 4, 7));
    assertNotEquals(a, aug.apply(x, 43, 3, 7));
    assertTrue(aug.toString().startsWith("Augmentations.compose(Augmentations.horizontalFlip(0.5)"), aug.toString());
  }

  @Test
  void flipProbabilityOneFlipsEveryImageAndZeroNone() {
    INDArray x = images(8, DataType.DOUBLE);
    assertEquals(Augmentations.flipHorizontal(x), Augmentations.horizontalFlip(1).apply(x, 1, 0, 0));
    assertEquals(x, Augmentations.horizontalFlip(0).apply(x, 1, 0, 0));
    assertEquals(x, Augmentations.shift(0).apply(x, 1, 0, 0));
  }

  @Test
  void nonSquareRowsAndBadParametersFailClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Augmentations.flipHorizontal(Nd4j.zeros(DataType.FLOAT, 2, 780)));
    assertTrue(e.getMessage().contains("780"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Augmentations.horizontalFlip(1.5));
    assertThrows(IllegalArgumentException.class, () -> Augmentations.shift(-1));
    assertThrows(IllegalArgumentException.class, () -> Augmentations.gaussianNoise(Double.NaN));
  }

  @Test
  void twoAugmentationsOfOneKindInACompositionDrawIndependently() {
    // each kind salts its stream the same way: given the same seed two noises added up to one
    // of twice the size (std 0.2, not √2·0.1)
    INDArray x = Nd4j.zeros(DataType.FLOAT, 2000, 784);
    INDArray n = Augmentations.compose(Augmentations.gaussianNoise(0.1), Augmentations.gaussianNoise(0.1))
        .apply(x, 42, 0, 0);
    assertEquals(Math.sqrt(2) * 0.1, n.castTo(DataType.DOUBLE).stdNumber().doubleValue(), 0.001);
  }

  @Test
  void aShiftWhoseBoundWouldOverflowIsRefusedWhenBuilt() {
    // it used to fail only when applied, with SplittableRandom's "bound must be greater than origin"
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Augmentations.shift(Integer.MAX_VALUE));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Augmentations.shift")
        && e.getMessage().contains("2147483647"), e.getMessage());
  }
}
