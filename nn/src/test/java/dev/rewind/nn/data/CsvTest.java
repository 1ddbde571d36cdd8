package dev.rewind.nn.data;

import static dev.rewind.nn.data.IdxTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CsvTest {
  @TempDir Path dir;

  private Path csv(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsHeaderFeaturesAndLabelColumn() throws IOException {
    Path p = csv("iris.csv", "a,label,b\n1.5,2,3\n-4, 0 ,\"5e-1\"\n\n");
    Dataset d = Csv.reader().header(true).labelColumn(1).dtype(DataType.DOUBLE).read(p);
    assertEquals(2, d.size());
    assertEquals(DataType.DOUBLE, d.features().dataType());
    assertArrayEquals(new double[] {1.5, 3, -4, 0.5}, d.features().dup().data().asDouble());
    assertArrayEquals(new long[] {2, 0}, d.labels().toLongVector());
  }

  @Test
  void lastColumnByDefaultAndRealTargets() throws IOException {
    Path p = csv("r.csv", "1;2;0.25\n3;4;-1.5\n");
    Dataset classes = Csv.reader().delimiter(';').read(csv("c.csv", "1;2;1\n3;4;0\n"));
    assertArrayEquals(new long[] {1, 0}, classes.labels().toLongVector());
    Dataset reg = Csv.reader().delimiter(';').targetColumn(-1).read(p);
    assertEquals(DataType.FLOAT, reg.labels().dataType());
    assertArrayEquals(new double[] {0.25, -1.5}, reg.labels().toDoubleVector(), 1e-7);
  }

  @Test
  void aByteOrderMarkAndBlankLinesBeforeTheFirstRowAreSkipped() throws IOException {
    Path bom = csv("bom.csv", "\uFEFF1,2,1\n3,4,0\n");
    assertArrayEquals(new long[] {1, 0}, Csv.reader().read(bom).labels().toLongVector());
    Path lead = csv("lead.csv", "\n\uFEFF1,2,0\n");
    Dataset d = Csv.reader().header(true).read(csv("lead-bom.csv", "\uFEFF\n\nx,y,label\n1,2,1\n3,4,0\n"));
    assertArrayEquals(new long[] {1, 0}, d.labels().toLongVector());
    // the header is the first non-blank line, and data rows keep their true line numbers
    Path badLabel = csv("late.csv", "\n\nx,y,label\n1,2,1\n3,4,0.5\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.reader().header(true).read(badLabel));
    assertMessage(e, badLabel, "data row 2 (line 5), column 3", "class label 0.5");
    // a BOM not at the very start of the file is data, not a mark
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().read(lead)), lead,
        "line 2, column 1", "non-numeric cell");
  }

  // ---- hostile inputs ----

  @Test
  void raggedRowNamesLineAndCounts() throws IOException {
    Path p = csv("ragged.csv", "x,y,label\n1,2,0\n3,1\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.reader().header(true).read(p));
    assertMessage(e, p, "line 3", "ragged row with 2 columns, expected 3");
  }

  @Test
  void nonNumericCellNamesLineAndColumn() throws IOException {
    Path p = csv("words.csv", "1,2,0\n3,abc,1\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.reader().read(p));
    assertMessage(e, p, "line 2, column 2", "non-numeric cell \"abc\"");
    Path q = csv("blank-cell.csv", "1,,0\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().read(q)), q,
        "line 1, column 2", "(empty)");
  }

  @Test
  void nonFiniteValuesAreRejected() throws IOException {
    Path p = csv("nan.csv", "1,2,0\n3,NaN,1\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.reader().read(p));
    assertMessage(e, p, "line 2, column 2", "non-finite");
    Path q = csv("inf.csv", "Infinity,2,0\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().read(q)), q, "line 1, column 1");
  }

  /** A value finite as a double but beyond float32 would become an infinity when read as FLOAT. */
  @Test
  void valueBeyondFloatRangeIsRejectedForFloatOnly() throws IOException {
    Path p = csv("big.csv", "1,2,0\n3,-1e39,1\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.reader().read(p));
    assertMessage(e, p, "line 2, column 2", "-1e39", "float32", "DOUBLE");
    Path q = csv("big-target.csv", "1,4e38\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().targetColumn(-1).read(q)), q,
        "line 1, column 2", "4e38");
    assertEquals(-1e39, Csv.reader().dtype(DataType.DOUBLE).read(p).features().getDouble(1, 1));
    assertEquals(Float.MAX_VALUE, Csv.reader().read(csv("max.csv", "3.4028234663852886E38,0\n")).features().getFloat(0));
  }

  @Test
  void nonIntegerClassLabelIsRejected() throws IOException {
    Path p = csv("frac.csv", "h1,h2\n1,0\n2,0.5\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.reader().header(true).read(p));
    assertMessage(e, p, "line 3", "column 2", "class label 0.5");
  }

  @Test
  void emptyFileAndHeaderOnlyAreEmptyDatasets() throws IOException {
    Path p = csv("empty.csv", "");
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().read(p)), p, "empty dataset");
    Path q = csv("header-only.csv", "a,b\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().header(true).read(q)), q,
        "no data rows after the header");
  }

  @Test
  void blankLineInsideDataAndBadLabelColumnAreReported() throws IOException {
    Path p = csv("gap.csv", "1,0\n\n2,1\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().read(p)), p,
        "line 2", "empty row");
    Path q = csv("ok.csv", "1,0\n");
    assertMessage(assertThrows(MalformedDataException.class, () -> Csv.reader().labelColumn(5).read(q)), q,
        "label column 5", "2 columns");
  }
}
