package dev.rewind.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named arrays in NumPy's {@code .npz} format (a zip of {@code .npy} files), readable with
 * {@code numpy.load(path)}. Writes are atomic: the archive goes to a temporary file in the same
 * folder, is flushed to disk, and is then renamed over the target, so a crash or a full disk
 * leaves the previous file intact.
 */
public final class Npz {
  private Npz() {}

  /**
   * Writes {@code arrays} (keys become entry names) atomically to {@code file}.
   *
   * @throws IllegalArgumentException naming the file and the entry if an array cannot be stored
   *     (its type, an empty rank-0 array, a closed or null array); the previous file is kept
   */
  public static void save(Path file, Map<String, INDArray> arrays) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFile.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        try {
          Npy.write(e.getValue(), zip);
        } catch (RuntimeException failure) { // "cannot store HALF" alone did not say which entry
          throw new IllegalArgumentException(file + ": cannot save entry '" + e.getKey() + "': "
              + failure.getMessage(), failure);
        }
        zip.closeEntry();
      }
      zip.close(); // writes the central directory; closing the file stream twice is harmless
    });
  }

  /**
   * Whether the file is a zip archive with no entries (what {@link #save} writes for an empty
   * map: the 22-byte end-of-central-directory record alone).
   */
  private static boolean isEmptyZip(Path file) throws IOException {
    if (Files.size(file) != 22) {
      return false;
    }
    byte[] b = Files.readAllBytes(file);
    return b[0] == 'P' && b[1] == 'K' && b[2] == 5 && b[3] == 6;
  }

  /**
   * Reads every array of an {@code .npz} file, in archive order.
   *
   * @throws IOException naming the file (and entry) if it is missing, truncated or corrupt
   */
  public static Map<String, INDArray> load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such checkpoint file");
    }
    Map<String, INDArray> out = new LinkedHashMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String name = e.getName();
        if (!name.endsWith(".npy")) {
          throw new IOException(file + ": unexpected entry '" + name + "' (an .npz holds only .npy entries)");
        }
        out.put(name.substring(0, name.length() - 4), Npy.read(zip, file + " entry '" + name + "'"));
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException(file + ": corrupt or truncated archive (" + e.getMessage() + ")", e);
    }
    if (out.isEmpty() && !isEmptyZip(file)) {
      // ZipInputStream finds no entries in a file that is no zip at all: say so
      throw new IOException(file + ": not an .npz archive, or it holds no arrays (truncated or corrupt?)");
    }
    return Collections.unmodifiableMap(out);
  }
}
