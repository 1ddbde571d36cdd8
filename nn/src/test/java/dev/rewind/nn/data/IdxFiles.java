package dev.rewind.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small synthetic IDX files for tests. */
final class IdxFiles {
  private IdxFiles() {}

  static byte[] imagesBytes(int n, int rows, int cols) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    out.writeInt(Idx.IMAGES_MAGIC);
    out.writeInt(n);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < n * rows * cols; i++) {
      out.writeByte((i * 7) & 0xff);
    }
    return bos.toByteArray();
  }

  static byte[] labelsBytes(int n, int classes) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    out.writeInt(Idx.LABELS_MAGIC);
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeByte(i % classes);
    }
    return bos.toByteArray();
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(b);
    }
    return bos.toByteArray();
  }

  static Path write(Path dir, String name, byte[] b) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, b);
    return p;
  }
}
