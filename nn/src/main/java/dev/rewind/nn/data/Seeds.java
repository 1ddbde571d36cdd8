package dev.rewind.nn.data;

/** Derives independent random streams from (seed, epoch, step), as DESIGN.md 3b requires. */
final class Seeds {
  private Seeds() {}

  /** SplitMix64 finalizer: a well-mixed 64-bit value, so nearby seeds give unrelated streams. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long derive(long seed, long... parts) {
    long h = mix(seed + 0x9e3779b97f4a7c15L);
    for (long p : parts) {
      h = mix(h ^ (p + 0x9e3779b97f4a7c15L));
    }
    return h;
  }

  /** A Fisher-Yates permutation of 0..n-1 from the given stream seed. */
  static int[] permutation(int n, long streamSeed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(streamSeed);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
