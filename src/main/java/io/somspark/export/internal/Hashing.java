package io.somspark.export.internal;

import java.nio.charset.StandardCharsets;

/**
 * Stable 64-bit hashing for choices that must not depend on partitioning, record order, the
 * JDK or {@link String#hashCode()}: FNV-1a over the UTF-8 bytes, then SplitMix64's finaliser
 * to spread FNV's weak low bits.
 */
public final class Hashing {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** SplitMix64's increment; {@code mix64(s + GOLDEN_GAMMA)} is its first output for seed s. */
  public static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private Hashing() {}

  public static long fnv1a64(byte[] bytes) {
    long h = FNV_OFFSET;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  public static long fnv1a64(String text) {
    return fnv1a64(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SplitMix64's output function (Stafford variant 13); a bijection on 64-bit values. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A well-mixed hash of (seed, text). */
  public static long keyed(long seed, String text) {
    return mix64(fnv1a64(text) ^ mix64(seed + GOLDEN_GAMMA));
  }
}
