package dev.rewind.examples.fashion;

import dev.rewind.nn.data.Dataset;
import dev.rewind.nn.data.FashionMnist;
import dev.rewind.nn.data.Standardizer;
import dev.rewind.nn.data.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three splits the job uses, standardized with statistics fitted on the training split only
 * (constant border pixels stay finite: they are centred and divided by √ε).
 */
/** The splits of a run; {@code validation} is null when none is held out ({@code --validation 0}). */
record FashionData(Dataset train, Dataset validation, Dataset test, String source) {
  static final String EMBEDDED = "/fashion-mnist-subset";

  /**
   * {@code "embedded"} (the subset shipped in the jar), {@code "full"} (Debian's
   * dataset-fashion-mnist package) or a folder holding the four IDX files.
   */
  static FashionData load(String data, double validationFraction, long seed) throws IOException {
    Dataset train;
    Dataset test;
    String source;
    if (data.equals("embedded")) {
      train = FashionMnist.loadResource(EMBEDDED, "train");
      test = FashionMnist.loadResource(EMBEDDED, "t10k");
      source = "embedded subset (" + EMBEDDED + ")";
    } else {
      Path dir = data.equals("full") ? FashionMnist.DEBIAN_DIR : Path.of(data);
      if (!Files.isDirectory(dir)) {
        throw new IOException("--data " + data + ": " + dir + " is not a folder"
            + (data.equals("full") ? " (install it with: apt-get install dataset-fashion-mnist)" : ""));
      }
      train = FashionMnist.load(dir, "train");
      test = FashionMnist.load(dir, "t10k");
      source = dir.toString();
    }
    if (validationFraction == 0) { // train on the whole training split (section 7's W4)
      Transform std = Standardizer.create().fit(train.features());
      return new FashionData(standardize(train, std), null, standardize(test, std), source);
    }
    Dataset.Split split = train.split(validationFraction, seed);
    Transform std = Standardizer.create().fit(split.train().features());
    return new FashionData(standardize(split.train(), std), standardize(split.validation(), std),
        standardize(test, std), source);
  }

  private static Dataset standardize(Dataset d, Transform t) {
    return Dataset.of(t.apply(d.features()), d.labels());
  }
}
