package dev.rewind.core.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy's {@code .npy} format (version 1.0): a magic string, a Python-dict header giving the
 * little-endian dtype ({@code <f4}, {@code <f8}, {@code <i4}, {@code <i8}), the order and the
 * shape, then the elements in C order. Readable by {@code numpy.load}.
 */
public final class Npy {
  /** Longer headers are corrupt: NumPy's are a few hundred bytes. */
  private static final int MAX_HEADER = 1 << 20;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?[a-z]\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Writes {@code a} as one {@code .npy} stream. */
  public static void write(INDArray a, OutputStream out) throws IOException {
    String descr = switch (a.dataType()) {
      case FLOAT -> "<f4";
      case DOUBLE -> "<f8";
      case INT -> "<i4";
      case LONG -> "<i8";
      default -> throw new IllegalArgumentException("npy: cannot store arrays of type " + a.dataType()
          + " (supported: FLOAT, DOUBLE, INT, LONG)");
    };
    if (a.isEmpty() && a.rank() == 0) {
      // .npy's shape () is one element: the file would be read back as "truncated"
      throw new IllegalArgumentException("npy: cannot store an empty array of rank 0 (shape () in .npy means one"
          + " element); give it a zero-length dimension, e.g. Nd4j.create(" + a.dataType() + ", 0)");
    }
    long[] shape = a.shape();
    StringBuilder sh = new StringBuilder();
    for (long d : shape) {
      sh.append(d).append(", ");
    }
    if (shape.length > 1) {
      sh.setLength(sh.length() - 2);
    } else if (shape.length == 1) {
      sh.setLength(sh.length() - 1);
    }
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + sh + "), }";
    int total = MAGIC.length + 2 + 2 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    out.write(MAGIC);
    out.write(1);
    out.write(0);
    int hl = header.length();
    out.write(hl & 0xff);
    out.write((hl >> 8) & 0xff);
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    INDArray c = a.dup('c');
    int width = c.dataType().width();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(width, c.length() * width)))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < c.length(); i++) {
      if (buf.remaining() < width) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      switch (c.dataType()) {
        case FLOAT -> buf.putFloat(c.data().getFloat(i));
        case DOUBLE -> buf.putDouble(c.data().getDouble(i));
        case INT -> buf.putInt(c.data().getInt(i));
        default -> buf.putLong(c.data().getLong(i));
      }
    }
    out.write(buf.array(), 0, buf.position());
  }

  /** The bytes of {@code a} as a {@code .npy} file. */
  public static byte[] toBytes(INDArray a) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try {
      write(a, bos);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bos.toByteArray();
  }

  /**
   * Reads one {@code .npy} stream. {@code source} names the file (and entry) in error messages.
   *
   * @throws IOException naming {@code source} when the magic, header or length is wrong
   */
  public static INDArray read(InputStream in, String source) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] magic = new byte[6];
    readFully(d, magic, source, "magic string");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException(source + ": not a .npy array (magic " + Arrays.toString(magic) + ")");
    }
    int major = d.readUnsignedByte();
    d.readUnsignedByte();
    int hl;
    if (major == 1) {
      hl = d.readUnsignedByte() | (d.readUnsignedByte() << 8);
    } else if (major == 2 || major == 3) {
      hl = d.readUnsignedByte() | (d.readUnsignedByte() << 8) | (d.readUnsignedByte() << 16) | (d.readUnsignedByte() << 24);
    } else {
      throw new IOException(source + ": unsupported .npy version " + major);
    }
    if (hl < 0 || hl > MAX_HEADER) {
      throw new IOException(source + ": .npy header length " + Integer.toUnsignedString(hl)
          + " is out of range (corrupt file?)");
    }
    byte[] hb = new byte[hl];
    readFully(d, hb, source, "header");
    String header = new String(hb, StandardCharsets.ISO_8859_1);
    Matcher m = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!m.find() || !f.find() || !s.find()) {
      throw new IOException(source + ": malformed .npy header: " + header.trim());
    }
    String descr = m.group(1);
    boolean fortran = f.group(1).equals("True");
    long[] shape = parseShape(s.group(1), source);
    DataType dt;
    int width;
    switch (descr.replace("<", "").replace("=", "").replace("|", "")) {
      case "f4" -> { dt = DataType.FLOAT; width = 4; }
      case "f8" -> { dt = DataType.DOUBLE; width = 8; }
      case "i4" -> { dt = DataType.INT; width = 4; }
      case "i8" -> { dt = DataType.LONG; width = 8; }
      default -> throw new IOException(source + ": unsupported dtype '" + descr + "' (supported <f4, <f8, <i4, <i8)");
    }
    if (descr.startsWith(">")) {
      throw new IOException(source + ": big-endian arrays are not supported ('" + descr + "')");
    }
    long n = 1;
    try {
      for (long dim : shape) {
        n = Math.multiplyExact(n, dim);
      }
      Math.toIntExact(Math.multiplyExact(n, (long) width));
    } catch (ArithmeticException e) {
      throw new IOException(source + ": shape " + Arrays.toString(shape) + " of " + descr
          + " holds more than 2 GiB (corrupt header?)");
    }
    INDArray out = Nd4j.create(dt, shape, fortran ? 'f' : 'c');
    // Read in blocks: a corrupt header that claims a huge shape fails at the end of the file, not
    // by allocating the claimed size first.
    byte[] block = new byte[(int) Math.min(n * width, 1 << 20)];
    ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    long perBlock = block.length / width;
    for (long i = 0; i < n; i += perBlock) {
      int count = (int) Math.min(perBlock, n - i);
      try {
        d.readFully(block, 0, count * width);
      } catch (java.io.EOFException e) {
        throw new IOException(source + ": truncated: the header promises " + n + " elements of " + descr
            + " but the data ends before element " + (i + count), e);
      }
      bb.clear();
      for (int k = 0; k < count; k++) {
        switch (dt) {
          case FLOAT -> out.data().put(i + k, bb.getFloat());
          case DOUBLE -> out.data().put(i + k, bb.getDouble());
          case INT -> out.data().put(i + k, bb.getInt());
          default -> out.data().put(i + k, bb.getLong());
        }
      }
    }
    if (!fortran) {
      return out;
    }
    INDArray c = out.dup('c');
    out.close();
    return c;
  }

  /** A header's shape tuple, "(2, 3)" or "(4,)" or "()", each size a number ≥ 0. */
  private static long[] parseShape(String tuple, String source) throws IOException {
    String[] parts = tuple.split(",");
    long[] shape = new long[parts.length];
    int k = 0;
    for (String p : parts) {
      String t = p.trim();
      if (t.isEmpty()) {
        continue;
      }
      long dim;
      try {
        dim = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
      } catch (NumberFormatException e) {
        throw new IOException(source + ": malformed shape (" + tuple + ") in the .npy header");
      }
      if (dim < 0) {
        throw new IOException(source + ": negative size " + dim + " in shape (" + tuple + ") of the .npy header");
      }
      shape[k++] = dim;
    }
    return Arrays.copyOf(shape, k);
  }

  private static void readFully(DataInputStream d, byte[] b, String source, String what) throws IOException {
    try {
      d.readFully(b);
    } catch (EOFException e) {
      throw new IOException(source + ": truncated: the file ends inside the " + what
          + " (" + b.length + " bytes expected)", e);
    }
  }
}
