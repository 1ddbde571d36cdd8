package dev.rewind.nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reader of numeric CSV files into a {@link Dataset}: every cell a finite number, an optional header
 * line, one column holding integer class labels (or real targets); the other columns are features.
 *
 * <pre>{@code
 * Dataset d = Csv.reader().header(true).labelColumn(-1).read(Path.of("iris.csv"));
 * }</pre>
 *
 * <p>A ragged row, a non-numeric or non-finite cell (or one beyond float32's range when reading
 * FLOAT), a non-integer or negative class label, or a
 * file without data rows fails with a {@link MalformedDataException} naming the file, the line
 * (1-based, counting the header) and the column (1-based). Blank lines before the first row and
 * after the last are skipped (a blank line between rows is an error), as is a UTF-8 byte-order
 * mark.
 */
public final class Csv {
  private final boolean header;
  private final int labelColumn;
  private final boolean classLabels;
  private final char delimiter;
  private final DataType dtype;

  private Csv(boolean header, int labelColumn, boolean classLabels, char delimiter, DataType dtype) {
    this.header = header;
    this.labelColumn = labelColumn;
    this.classLabels = classLabels;
    this.delimiter = delimiter;
    this.dtype = dtype;
  }

  /** No header, comma-separated, class labels in the last column, float32 features. */
  public static Csv reader() {
    return new Csv(false, -1, true, ',', DataType.FLOAT);
  }

  /** Whether the first line is a header (skipped; it fixes the expected number of columns). */
  public Csv header(boolean hasHeader) {
    return new Csv(hasHeader, labelColumn, classLabels, delimiter, dtype);
  }

  /** The 0-based column of integer class labels; negative counts from the end (-1 = last). */
  public Csv labelColumn(int column) {
    return new Csv(header, column, true, delimiter, dtype);
  }

  /** The 0-based column of real-valued regression targets; negative counts from the end. */
  public Csv targetColumn(int column) {
    return new Csv(header, column, false, delimiter, dtype);
  }

  public Csv delimiter(char c) {
    return new Csv(header, labelColumn, classLabels, c, dtype);
  }

  /** The floating type of features and targets: FLOAT (default) or DOUBLE. */
  public Csv dtype(DataType type) {
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      throw new IllegalArgumentException("Csv.dtype: FLOAT or DOUBLE, got " + type);
    }
    return new Csv(header, labelColumn, classLabels, delimiter, type);
  }

  /** Reads the whole file; nothing is returned unless every row is valid. */
  public Dataset read(Path file) throws IOException {
    String src = file.toString();
    List<double[]> rows = new ArrayList<>();
    int width = -1;
    int widthLine = 0;
    int lineNo = 0;
    int blankFrom = -1;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a UTF-8 byte-order mark (spreadsheet exports): read it as "non-numeric"
        }
        if (line.isBlank()) {
          if (blankFrom < 0 && width >= 0) { // blank lines before the first row are skipped
            blankFrom = lineNo;
          }
          continue;
        }
        if (blankFrom > 0) {
          throw new MalformedDataException(src, "line " + blankFrom + ": empty row inside the data");
        }
        String[] cells = split(line);
        if (width < 0) {
          width = cells.length;
          widthLine = lineNo;
        } else if (cells.length != width) {
          throw new MalformedDataException(src, "line " + lineNo + ": ragged row with " + cells.length
              + " columns, expected " + width + " (as on line " + widthLine + ")");
        }
        if (header && lineNo == widthLine) {
          continue; // the first non-blank line
        }
        double[] v = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
          v[c] = parse(cells[c], src, lineNo, c, dtype);
        }
        rows.add(v);
      }
    } catch (java.nio.charset.MalformedInputException e) {
      throw new MalformedDataException(src, "line " + (lineNo + 1) + ": not valid UTF-8 text", e);
    }
    if (rows.isEmpty()) {
      throw new MalformedDataException(src, "empty dataset: no data rows" + (header ? " after the header" : ""));
    }
    if (width < 2) {
      throw new MalformedDataException(src, "expected at least 2 columns (features and a label), found " + width);
    }
    int lc = labelColumn < 0 ? width + labelColumn : labelColumn;
    if (lc < 0 || lc >= width) {
      throw new MalformedDataException(src, "label column " + labelColumn + " is outside the " + width
          + " columns of the file");
    }
    int n = rows.size();
    int d = width - 1;
    double[] x = new double[n * d];
    double[] t = new double[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      double[] row = rows.get(i);
      for (int c = 0, k = 0; c < width; c++) {
        if (c == lc) {
          continue;
        }
        x[i * d + k++] = row[c];
      }
      double label = row[lc];
      if (classLabels) {
        if (label < 0 || label != Math.rint(label) || label > Integer.MAX_VALUE) {
          int line = widthLine + i + (header ? 1 : 0); // data rows follow the first row without gaps
          throw new MalformedDataException(src, "data row " + (i + 1) + " (line " + line + "), column " + (lc + 1)
              + ": class label " + label + " is not a non-negative integer; use targetColumn for real targets");
        }
        y[i] = (long) label;
      } else {
        t[i] = label;
      }
    }
    return Dataset.wrap(Nd4j.create(x, new long[] {n, d}, 'c').castTo(dtype),
        classLabels ? Nd4j.createFromArray(y) : Nd4j.createFromArray(t).castTo(dtype));
  }

  private String[] split(String line) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == delimiter) {
        out.add(line.substring(from, i));
        from = i + 1;
      }
    }
    return out.toArray(new String[0]);
  }

  private static double parse(String cell, String src, int line, int col, DataType dtype)
      throws MalformedDataException {
    String s = cell.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new MalformedDataException(src, "line " + line + ", column " + (col + 1) + ": non-numeric cell \""
          + cell + "\"" + (s.isEmpty() ? " (empty)" : ""));
    }
    if (!Double.isFinite(v)) {
      throw new MalformedDataException(src, "line " + line + ", column " + (col + 1) + ": non-finite value \""
          + cell + "\" (NaN and infinities are not accepted as data)");
    }
    // Finite as a double is not enough: the cast to float32 would turn it into an infinity silently.
    if (dtype == DataType.FLOAT && Math.abs(v) > Float.MAX_VALUE) {
      throw new MalformedDataException(src, "line " + line + ", column " + (col + 1) + ": value \"" + cell
          + "\" is beyond float32's range (±" + Float.MAX_VALUE + "); rescale the column or read it with dtype(DOUBLE)");
    }
    return v;
  }

  @Override
  public String toString() {
    return "Csv.reader().header(" + header + ")." + (classLabels ? "labelColumn(" : "targetColumn(") + labelColumn
        + ").delimiter('" + delimiter + "').dtype(" + dtype + ")";
  }
}
